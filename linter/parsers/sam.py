"""The part of the SAM transform that encryption controls need: APIs and stages.

A template with ``Transform: AWS::Serverless-2016-10-31`` declares resources
that only exist after CloudFormation runs the transform. This module writes
out the API Gateway resources it would create, with the logical ids
aws-sam-translator gives them, so that checks judge the real stage:

- ``AWS::Serverless::Api`` ``X`` becomes ``AWS::ApiGateway::RestApi`` ``X``
  and ``AWS::ApiGateway::Stage`` ``X<StageName>Stage``;
- an ``AWS::Serverless::Function`` with an ``Api`` event and no ``RestApiId``
  makes the implicit ``ServerlessRestApi`` and ``ServerlessRestApiProdStage``;
- ``Globals.Api`` applies to both (maps merged, lists added, scalars
  overridden), never to plain ``AWS::ApiGateway`` resources.

Everything else the transform makes (functions' roles and permissions,
deployments with hashed ids, HTTP APIs, tables) is left out: no check needs it
yet, and the SAM resources themselves stay in the model under their own type.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from typing import Any

from sealgate.model import Path

TRANSFORM = "AWS::Serverless-2016-10-31"
IMPLICIT_API = "ServerlessRestApi"
IMPLICIT_STAGE_NAME = "Prod"

# properties of AWS::Serverless::Api that the stage it creates carries
_STAGE_PROPERTIES = (
    "StageName",
    "CacheClusterEnabled",
    "CacheClusterSize",
    "MethodSettings",
    "Variables",
    "AccessLogSetting",
    "CanarySetting",
    "TracingEnabled",
    "Tags",
)


def uses_transform(data: Mapping[str, Any]) -> bool:
    """Whether a template asks for the SAM transform."""
    transform = data.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    return TRANSFORM in names


Written = dict[str, dict[Path, Path]]
"""Per generated stage: its property paths to where the template writes them."""


def expand(
    body: Mapping[str, Any], globals_: Any, lines: Mapping[str, int]
) -> tuple[dict[str, Any], dict[str, int], Written]:
    """The resources after the transform (APIs and stages), with their lines.

    The third result says, for each generated stage, where in the template
    each of its properties is written (the SAM API or ``Globals.Api``), so a
    fix lands there and not on a resource the template does not have.
    """
    api_globals = globals_.get("Api") if isinstance(globals_, dict) else None
    api_globals = api_globals if isinstance(api_globals, dict) else {}
    out: dict[str, Any] = {}
    out_lines = dict(lines)
    written: Written = {}
    implicit_from: str | None = None
    for name, declaration in body.items():
        kind = declaration.get("Type") if isinstance(declaration, dict) else None
        if kind == "AWS::Serverless::Api":
            local = _properties(declaration)
            properties = _merged(api_globals, local)
            for new_name, resource in _api(name, properties):
                out[new_name] = resource
                out_lines[new_name] = lines.get(name, 0)
            stage = stage_id(name, properties.get("StageName"))
            written[stage] = _written(
                api_globals, local, ("Resources", name, "Properties")
            )
            continue
        out[name] = declaration
        if kind == "AWS::Serverless::Function" and implicit_from is None:
            if _has_implicit_api_event(_properties(declaration)):
                implicit_from = name
    if implicit_from is not None and IMPLICIT_API not in out:
        properties = _merged(api_globals, {"StageName": IMPLICIT_STAGE_NAME})
        for new_name, resource in _api(IMPLICIT_API, properties):
            out[new_name] = resource
            out_lines[new_name] = lines.get(implicit_from, 0)
        stage = stage_id(IMPLICIT_API, IMPLICIT_STAGE_NAME)
        written[stage] = _written(api_globals, {}, None)
    return out, out_lines, written


def _written(
    globals_: Mapping[str, Any], local: Mapping[str, Any], own: Path | None
) -> dict[Path, Path]:
    # where a stage property comes from: lists add up (the globals' first),
    # otherwise the API's own value wins over Globals.Api
    found: dict[Path, Path] = {}
    for key in _STAGE_PROPERTIES:
        shared, mine = globals_.get(key), local.get(key)
        if isinstance(shared, list) and isinstance(mine, list) and own is not None:
            for index in range(len(shared)):
                found[(key, index)] = ("Globals", "Api", key, index)
            for index in range(len(mine)):
                found[(key, len(shared) + index)] = (*own, key, index)
        elif key in local and own is not None:
            found[(key,)] = (*own, key)
        elif key in globals_:
            found[(key,)] = ("Globals", "Api", key)
    return found


def stage_id(api: str, stage_name: Any) -> str:
    """The stage's logical id, as aws-sam-translator names it."""
    prefix = stage_name if isinstance(stage_name, str) else ""
    if prefix.isalnum():
        return f"{api}{prefix}Stage"
    suffix = hashlib.sha1(prefix.encode()).hexdigest()[:10] if prefix else ""
    return f"{api}Stage{suffix}"


def _api(name: str, properties: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    rest_api = {"Type": "AWS::ApiGateway::RestApi", "Properties": {}}
    stage = {
        "Type": "AWS::ApiGateway::Stage",
        "Properties": {
            "RestApiId": {"Ref": name},
            **{k: properties[k] for k in _STAGE_PROPERTIES if k in properties},
        },
    }
    return [(name, rest_api), (stage_id(name, properties.get("StageName")), stage)]


def _properties(declaration: Mapping[str, Any]) -> dict[str, Any]:
    properties = declaration.get("Properties")
    return properties if isinstance(properties, dict) else {}


def _has_implicit_api_event(properties: Mapping[str, Any]) -> bool:
    events = properties.get("Events")
    if not isinstance(events, dict):
        return False
    for event in events.values():
        if not isinstance(event, dict) or event.get("Type") != "Api":
            continue
        event_properties = event.get("Properties")
        if (
            not isinstance(event_properties, dict)
            or "RestApiId" not in event_properties
        ):
            return True
    return False


def _merged(globals_: Any, local: Any) -> Any:
    """SAM's Globals rule: maps merge, lists add up, a local scalar wins."""
    if isinstance(globals_, dict) and isinstance(local, dict):
        if _is_intrinsic(globals_) or _is_intrinsic(local):
            return copy.deepcopy(local)
        merged = copy.deepcopy(globals_)
        for key, value in local.items():
            merged[key] = _merged(globals_[key], value) if key in globals_ else value
        return merged
    if isinstance(globals_, list) and isinstance(local, list):
        return copy.deepcopy(globals_) + copy.deepcopy(local)
    return copy.deepcopy(local)


def _is_intrinsic(node: Mapping[str, Any]) -> bool:
    return len(node) == 1 and next(iter(node)).startswith(("Fn::", "Ref"))
