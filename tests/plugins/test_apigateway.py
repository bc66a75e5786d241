from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import FIXTURES

CFN = str(FIXTURES / "cfn" / "apigateway" / "stages.yaml")
PLAN = str(FIXTURES / "tfplan" / "apigateway" / "stages" / "plan.json")

CFN_VERDICTS = [
    (
        "OverrideStage",
        "fail",
        (
            "AWS::ApiGateway::Stage 'OverrideStage' caches responses unencrypted: "
            "MethodSettings[1] (/~1orders GET) enables caching while "
            "'CacheDataEncrypted'"
            " is not set (off by default); set 'CacheDataEncrypted' to true wherever "
            "caching is enabled."
        ),
    ),
    (
        "DefaultStage",
        "fail",
        (
            "AWS::ApiGateway::Stage 'DefaultStage' has a cache cluster "
            "('CacheClusterEnabled' is true) and no method setting for all methods "
            "that "
            "encrypts the cache, so API Gateway caches GET responses unencrypted by "
            "default; add a method setting for all methods with cache data encryption "
            "set"
            " to true."
        ),
    ),
    (
        "SealedStage",
        "pass",
        (
            "AWS::ApiGateway::Stage 'SealedStage' encrypts its cache: every method "
            "setting that enables caching also enables cache data encryption."
        ),
    ),
    (
        "PlainStage",
        "pass",
        (
            "AWS::ApiGateway::Stage 'PlainStage' caches nothing: "
            "'CacheClusterEnabled' is"
            " not true and no method setting enables caching."
        ),
    ),
    (
        "DescribedDeployment",
        "fail",
        (
            "AWS::ApiGateway::Deployment 'DescribedDeployment' caches responses "
            "unencrypted: StageDescription enables caching while 'CacheDataEncrypted' "
            "is "
            "not set (off by default); set 'CacheDataEncrypted' to true wherever "
            "caching "
            "is enabled."
        ),
    ),
]

PLAN_VERDICTS = [
    (
        "aws_api_gateway_method_settings.sealed_all",
        "pass",
        (
            "aws_api_gateway_method_settings "
            "'aws_api_gateway_method_settings.sealed_all'"
            " encrypts the cache of '*/*': 'settings[0].cache_data_encrypted' is true."
        ),
    ),
    (
        "aws_api_gateway_stage.cached",
        "fail",
        (
            "aws_api_gateway_stage 'aws_api_gateway_stage.cached' has a cache cluster "
            "('cache_cluster_enabled' is true) and no method setting for all methods "
            "that"
            " encrypts the cache, so API Gateway caches GET responses unencrypted by "
            "default; add a method setting for all methods with cache data encryption "
            "set"
            " to true."
        ),
    ),
    (
        "aws_api_gateway_stage.sealed",
        "pass",
        (
            "aws_api_gateway_stage 'aws_api_gateway_stage.sealed' encrypts its cache: "
            "every method setting that enables caching also enables cache data "
            "encryption."
        ),
    ),
]

RunJson = Callable[..., tuple[int, dict[str, Any]]]


def _results(run_json: RunJson, path: str) -> dict[str, dict[str, Any]]:
    _, report = run_json(path)
    return {r["resource"]: r for r in report["results"]}


@pytest.mark.parametrize(("resource", "verdict", "message"), CFN_VERDICTS)
def test_apigateway_cfn_stage_verdict(
    run_json: RunJson, resource: str, verdict: str, message: str
) -> None:
    result = _results(run_json, CFN)[resource]
    assert (result["verdict"], result["message"]) == (verdict, message)


@pytest.mark.parametrize(("resource", "verdict", "message"), PLAN_VERDICTS)
def test_apigateway_plan_stage_verdict(
    run_json: RunJson, resource: str, verdict: str, message: str
) -> None:
    result = _results(run_json, PLAN)[resource]
    assert (result["verdict"], result["message"]) == (verdict, message)


def test_apigateway_deployment_without_stage_description_is_not_judged(
    run_json: RunJson,
) -> None:
    assert "Deployment" not in _results(run_json, CFN)


def test_apigateway_fix_names_the_failing_entry(run_json: RunJson) -> None:
    fix = _results(run_json, CFN)["OverrideStage"]["fix"]
    assert fix["kind"] == "in-place"
    assert fix["snippet"] == (
        "Resources:\n"
        "  OverrideStage:\n"
        "    Properties:\n"
        "      MethodSettings:\n"
        "      - ResourcePath: /*\n"
        "        HttpMethod: '*'\n"
        "        CachingEnabled: true\n"
        "        CacheDataEncrypted: true\n"
        "      - ResourcePath: /~1orders\n"
        "        HttpMethod: GET\n"
        "        CachingEnabled: true\n"
        "        CacheTtlInSeconds: 60\n"
        "        CacheDataEncrypted: true\n"
    )


def test_apigateway_plan_stage_without_settings_says_what_to_add(
    run_json: RunJson,
) -> None:
    fix = _results(run_json, PLAN)["aws_api_gateway_stage.cached"]["fix"]
    assert fix["snippet"] == ""
    assert fix["note"].startswith(
        "Add an aws_api_gateway_method_settings resource for this stage"
    )
