"""Amazon API Gateway: REST API stage caches encrypted at rest (APIGateway.5).

A stage's cache is judged per method. CloudFormation keeps the settings on the
stage (``MethodSettings``) or on the deployment that creates it
(``StageDescription``); Terraform keeps them in separate
``aws_api_gateway_method_settings`` resources, joined to their stage here by
reference or by stage name. Only methods whose caching is enabled matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Source
from sealgate.fields import Spot
from sealgate.fields import View
from sealgate.model import ABSENT
from sealgate.model import Absent
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status

SETTINGS_TYPE = "aws_api_gateway_method_settings"

FIELDS = FieldTable(
    {
        "AWS::ApiGateway::Stage": {
            "cache_cluster": Spot(("CacheClusterEnabled",)),
            "method_settings": Spot(("MethodSettings",)),
        },
        "AWS::ApiGateway::Deployment": {
            "stage": Spot(("StageDescription",)),
            "cache_cluster": Spot(("StageDescription", "CacheClusterEnabled")),
            "caching": Spot(("StageDescription", "CachingEnabled")),
            "cache_data_encrypted": Spot(("StageDescription", "CacheDataEncrypted")),
            "method_settings": Spot(("StageDescription", "MethodSettings")),
        },
        "aws_api_gateway_stage": {
            "cache_cluster": Spot(("cache_cluster_enabled",)),
            "stage_name": Spot(("stage_name",)),
            "rest_api": Spot(("rest_api_id",)),
        },
        SETTINGS_TYPE: {
            "method_path": Spot(("method_path",)),
            "caching": Spot(("settings", 0, "caching_enabled")),
            "cache_data_encrypted": Spot(("settings", 0, "cache_data_encrypted")),
            "stage_name": Spot(("stage_name",)),
            "rest_api": Spot(("rest_api_id",)),
        },
    }
)

_NOTE = (
    "Method settings change in place, without interruption. Forward-only: "
    "responses cached before the change stay as they are until their TTL "
    "(at most 3600 seconds) ends; FlushStageCache clears them at once."
)
_ADD_SETTINGS_NOTE = (
    "Add an aws_api_gateway_method_settings resource for this stage with "
    'method_path "*/*" and settings { cache_data_encrypted = true }. ' + _NOTE
)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One method setting: which methods, and its caching switches."""

    where: str
    wildcard: bool
    caching: Value | Absent
    encrypted: Field
    index: int | None = None
    """Position in the judged resource's own list, when it is there."""
    owner: Resource | None = None
    """The method-settings resource holding it, when it is another resource."""


def check_cache_encrypted(view: View, ctx: Context) -> Iterator[Finding]:
    """APIGateway.5: every method that caches encrypts its cache."""
    if view.type == SETTINGS_TYPE:
        yield from _judge_settings(view)
        return
    if view.type == "AWS::ApiGateway::Deployment" and view["stage"].absent:
        return  # a deployment without StageDescription creates no stage
    cluster = view["cache_cluster"]
    entries = _entries(view, ctx)
    if isinstance(entries, Unknown):
        yield _unknown(view, view["method_settings"].label, entries)
        return
    yield _judge_stage(view, cluster, entries)


def _judge_stage(view: View, cluster: Field, entries: list[_Entry]) -> Finding:
    name = f"{view.type} {view.address!r}"
    failing = [
        e for e in entries if e.caching is True and e.encrypted.value is not True
    ]
    unknown = [
        e
        for e in entries
        if isinstance(e.caching, Unknown) or (e.caching is True and e.encrypted.unknown)
    ]
    if failing:
        said = "; ".join(_failing_phrase(e) for e in failing)
        return Finding(
            Status.FAIL,
            f"{name} caches responses unencrypted: {said}; set "
            f"{_short(failing[0].encrypted)!r} to true wherever caching is enabled.",
            tuple(e.encrypted for e in failing),
            _fix_entries(view, failing),
        )
    if unknown:
        return Finding(
            Status.UNKNOWN,
            f"{name} cannot be judged before deployment: whether "
            f"{unknown[0].where} caches, or encrypts its cache, is known only "
            "after apply.",
            tuple(e.encrypted for e in unknown),
        )
    if isinstance(cluster.value, Unknown):
        return _unknown(view, cluster.label, cluster.value)
    wildcard = next((e for e in entries if e.wildcard), None)
    covered = wildcard is not None and (
        wildcard.caching is False or wildcard.encrypted.value is True
    )
    if cluster.value is True and not covered:
        # "only GET methods have caching enabled by default" (API Gateway
        # caching guide); CacheDataEncrypted is off unless set (controls.md 2.6)
        return Finding(
            Status.FAIL,
            f"{name} has a cache cluster ({cluster.label!r} is true) and no "
            f"method setting for all methods that encrypts the cache, so API "
            "Gateway caches GET responses unencrypted by default; add a method "
            "setting for all methods with cache data encryption set to true.",
            (cluster,),
            _fix_default(view),
        )
    if any(e.caching is True for e in entries) or cluster.value is True:
        return Finding(
            Status.PASS,
            f"{name} encrypts its cache: every method setting that enables caching "
            "also enables cache data encryption.",
            tuple(e.encrypted for e in entries),
        )
    return Finding(
        Status.PASS,
        f"{name} caches nothing: {cluster.label!r} is not true and no method "
        "setting enables caching.",
        (cluster,),
    )


def _judge_settings(view: View) -> Iterator[Finding]:
    caching, encrypted = view["caching"], view["cache_data_encrypted"]
    path = view["method_path"].value
    name = f"{view.type} {view.address!r}"
    if isinstance(caching.value, Unknown):
        yield _unknown(view, caching.label, caching.value)
    elif caching.value is not True:
        yield Finding(
            Status.PASS,
            f"{name} does not enable caching for {path!r}, so there is no cache "
            "to encrypt.",
            (caching,),
        )
    elif encrypted.value is True:
        yield Finding(
            Status.PASS,
            f"{name} encrypts the cache of {path!r}: {encrypted.label!r} is true.",
            (caching, encrypted),
        )
    elif isinstance(encrypted.value, Unknown):
        yield _unknown(view, encrypted.label, encrypted.value)
    else:
        yield Finding(
            Status.FAIL,
            f"{name} caches {path!r} unencrypted: {caching.label!r} is true and "
            f"{encrypted.label!r} is {_state(encrypted)}; set "
            f"{encrypted.label!r} to true.",
            (caching, encrypted),
            Fix((("cache_data_encrypted", True),), _NOTE),
        )


# ---- gathering the method settings of a stage ----


def _entries(view: View, ctx: Context) -> list[_Entry] | Unknown:
    if view.type == "aws_api_gateway_stage":
        return [_settings_entry(r) for r in _settings_of(view, ctx)]
    entries: list[_Entry] = []
    if view.type == "AWS::ApiGateway::Deployment":
        caching, encrypted = view["caching"], view["cache_data_encrypted"]
        if not caching.absent or not encrypted.absent:
            entries.append(_Entry("StageDescription", True, caching.value, encrypted))
    settings = view["method_settings"]
    if isinstance(settings.value, Unknown):
        return settings.value
    items = settings.value if isinstance(settings.value, list) else []
    for index, item in enumerate(items):
        if isinstance(item, Unknown):
            return item
        if isinstance(item, dict):
            entries.append(_list_entry(settings, index, item))
    return entries


def _list_entry(settings: Field, index: int, item: dict[str, Value]) -> _Entry:
    path, method = item.get("ResourcePath", "/*"), item.get("HttpMethod", "*")
    encrypted_path = (*settings.path, index, "CacheDataEncrypted")
    encrypted = Field(
        "cache_data_encrypted",
        encrypted_path,
        item.get("CacheDataEncrypted", ABSENT),
        settings.source if "CacheDataEncrypted" in item else Source.DEFAULT,
    )
    return _Entry(
        f"{settings.label}[{index}] ({path} {method})",
        path == "/*" and method == "*",
        item.get("CachingEnabled", ABSENT),
        encrypted,
        index,
    )


def _settings_entry(resource: Resource) -> _Entry:
    view = View(resource, resource.properties, FIELDS)
    path = view["method_path"].value
    return _Entry(
        f"{resource.address} ({path})",
        path == "*/*",
        view["caching"].value,
        view["cache_data_encrypted"],
        owner=resource,
    )


def _settings_of(stage: View, ctx: Context) -> list[Resource]:
    """The method-settings resources that name this stage."""
    name, api = stage["stage_name"].value, stage["rest_api"].value
    return [
        resource
        for resource, stage_name, rest_api in ctx.derived("apigateway", _all_settings)
        if _same(stage_name, name, stage.address) and _same(rest_api, api, None)
    ]


def _all_settings(
    ctx: Context,
) -> list[tuple[Resource, Value | Absent, Value | Absent]]:
    # read once per document: a plan with hundreds of stages asks for each
    found = []
    for resource in ctx.document.resources:
        if resource.type == SETTINGS_TYPE:
            settings = View(resource, resource.properties, FIELDS)
            found.append(
                (resource, settings["stage_name"].value, settings["rest_api"].value)
            )
    return found


def _same(mine: Value | Absent, theirs: Value | Absent, address: str | None) -> bool:
    """Whether two references can name the same thing (unknowns by their refs)."""
    if isinstance(mine, Unknown) and address is not None and address in mine.refs:
        return True
    if isinstance(mine, Unknown) and isinstance(theirs, Unknown):
        return bool(set(mine.refs) & set(theirs.refs)) or not (
            mine.refs and theirs.refs
        )
    return mine == theirs


# ---- fixes and wording ----


def _fix_entries(view: View, failing: list[_Entry]) -> Fix:
    owner = failing[0].owner
    if owner is not None:
        return Fix((("cache_data_encrypted", True),), _NOTE, owner)
    settings = view["method_settings"].value
    patched = (
        [dict(item) if isinstance(item, dict) else item for item in settings]
        if isinstance(settings, list)
        else []
    )
    changes: list[tuple[str, Value]] = []
    for entry in failing:
        if entry.index is None:
            changes.append(("cache_data_encrypted", True))
        else:
            item = patched[entry.index]
            if isinstance(item, dict):
                item["CacheDataEncrypted"] = True
    if any(e.index is not None for e in failing):
        changes.append(("method_settings", patched))
    return Fix(tuple(changes), _NOTE)


def _fix_default(view: View) -> Fix:
    if "method_settings" not in FIELDS.names(view.type):
        return Fix((), _ADD_SETTINGS_NOTE)
    current = view["method_settings"].value
    settings: list[Value] = list(current) if isinstance(current, list) else []
    settings.append(
        {"ResourcePath": "/*", "HttpMethod": "*", "CacheDataEncrypted": True}
    )
    return Fix((("method_settings", settings),), _NOTE)


def _failing_phrase(entry: _Entry) -> str:
    state = _state(entry.encrypted)
    return f"{entry.where} enables caching while {_short(entry.encrypted)!r} is {state}"


def _short(field: Field) -> str:
    step = field.path[-1]
    return str(step)


def _state(field: Field) -> str:
    if field.absent:
        return "not set (off by default)"
    return (
        repr(field.value).lower()
        if isinstance(field.value, bool)
        else repr(field.value)
    )


def _unknown(view: View, label: str, value: Unknown) -> Finding:
    return Finding(
        Status.UNKNOWN,
        f"{view.type} {view.address!r} cannot be judged before deployment: "
        f"{label!r} is {value.reason}.",
    )


RULES = (
    Rule(
        id="APIGATEWAY001",
        control="APIGateway.5",
        title="Encrypt API Gateway REST API cache data at rest",
        description=(
            "Every method of a stage that caches responses must encrypt the cache. "
            "A stage with a cache cluster caches GET responses by default, and "
            "cache data encryption is off unless a method setting turns it on."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_cache_encrypted,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-5",
    ),
)
