from __future__ import annotations

import pathlib
from typing import Any

import pytest
import yaml

from sealgate import registry
from sealgate.load import load
from sealgate.parsers import sam
from sealgate.scan import scan
from tests.conftest import FIXTURES
from tests.conftest import SHARED

EXPLICIT = FIXTURES / "cfn" / "sam" / "explicit-api.yaml"
CASE_024 = SHARED / "cases" / "024-apigw-sam-globals" / "template.yaml"
GLOBAL_SETTINGS = {
    "ResourcePath": "/*",
    "HttpMethod": "*",
    "CachingEnabled": True,
    "CacheDataEncrypted": True,
}


@pytest.mark.parametrize(
    ("stage_name", "expected"),
    [
        ("Prod", "ApiProdStage"),
        ("live", "ApiliveStage"),
        ("v1-beta", "ApiStage2817521297"),
        ({"Ref": "Stage"}, "ApiStage"),
    ],
)
def test_sam_stage_id(stage_name: Any, expected: str) -> None:
    assert sam.stage_id("Api", stage_name) == expected


def test_sam_explicit_api_becomes_rest_api_and_stage() -> None:
    document = load(str(EXPLICIT))
    assert document is not None
    by_id = {r.address: r for r in document.resources}

    stage = by_id["OrdersApiliveStage"]
    assert by_id["OrdersApi"].type == "AWS::ApiGateway::RestApi"
    assert stage.type == "AWS::ApiGateway::Stage"
    assert stage.origin.line == 14
    assert stage.properties["StageName"] == "live"
    assert stage.properties["CacheClusterEnabled"] is True
    # Globals lists come first, the API's own entries are added after them
    assert stage.properties["MethodSettings"] == [
        GLOBAL_SETTINGS,
        {"ResourcePath": "/~1orders", "HttpMethod": "GET", "CachingEnabled": True},
    ]


def test_sam_function_with_explicit_api_makes_no_implicit_api() -> None:
    document = load(str(EXPLICIT))
    assert document is not None
    addresses = {r.address for r in document.resources}
    assert "ServerlessRestApi" not in addresses
    assert "OrderFunction" in addresses


def test_sam_implicit_api_takes_globals_but_plain_stage_does_not(
    tmp_path: Any,
) -> None:
    template = {
        "Transform": ["AWS::Serverless-2016-10-31"],
        "Globals": {"Api": {"CacheClusterEnabled": True}},
        "Resources": {
            "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "Events": {"Get": {"Type": "Api", "Properties": {"Path": "/"}}}
                },
            },
            "Plain": {
                "Type": "AWS::ApiGateway::Stage",
                "Properties": {"RestApiId": "abc", "StageName": "plain"},
            },
        },
    }
    path = tmp_path / "template.yaml"
    path.write_text(yaml.safe_dump(template))
    document = load(str(path))
    assert document is not None
    by_id = {r.address: r for r in document.resources}

    assert by_id["ServerlessRestApiProdStage"].properties == {
        "RestApiId": by_id["ServerlessRestApiProdStage"].properties["RestApiId"],
        "StageName": "Prod",
        "CacheClusterEnabled": True,
    }
    assert by_id["ServerlessRestApiProdStage"].origin.line == 5
    assert by_id["Plain"].properties == {"RestApiId": "abc", "StageName": "plain"}


def test_sam_template_without_transform_is_left_alone(tmp_path: Any) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(
        "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n"
        "    Properties:\n      StageName: live\n"
    )
    document = load(str(path))
    assert document is not None
    assert [(r.address, r.type) for r in document.resources] == [
        ("Api", "AWS::Serverless::Api")
    ]


def test_sam_names_and_cache_match_aws_sam_translator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    transform = pytest.importorskip("samtranslator.translator.transform")
    if not CASE_024.is_file():
        pytest.skip("../shared/cases is not beside this clone (contributor checkout)")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")

    class NoPolicies:
        def load(self) -> dict[str, str]:
            return {}

    from sealgate.parsers import cfn_yaml

    raw, _ = cfn_yaml.load(CASE_024.read_text(), str(CASE_024))
    translated = transform.transform(raw, {}, NoPolicies())
    theirs = {
        name: r
        for name, r in translated["Resources"].items()
        if r["Type"] == "AWS::ApiGateway::Stage"
    }
    document = load(str(CASE_024))
    assert document is not None
    ours = {
        r.address: r for r in document.resources if r.type == "AWS::ApiGateway::Stage"
    }

    assert set(ours) == set(theirs)
    for name, resource in ours.items():
        properties = theirs[name]["Properties"]
        for key in ("CacheClusterEnabled", "CacheClusterSize", "MethodSettings"):
            assert resource.properties.get(key) == properties.get(key), (name, key)


def test_sam_fix_is_written_where_the_template_writes_the_setting() -> None:
    # found by trying it: the fix patched the generated stage, a resource the
    # template does not have; the API's own entry goes back to the API
    report = scan(
        [str(FIXTURES / "cfn" / "sam" / "explicit-api.yaml")], registry.load()
    )
    (verdict,) = [v for v in report.verdicts if v.rule.id == "APIGATEWAY001"]
    assert verdict.remedy is not None
    assert verdict.remedy.snippet == (
        "Resources:\n"
        "  OrdersApi:\n"
        "    Properties:\n"
        "      MethodSettings:\n"
        "      - ResourcePath: /~1orders\n"
        "        HttpMethod: GET\n"
        "        CachingEnabled: true\n"
        "        CacheDataEncrypted: true\n"
    )


def test_sam_fix_of_the_implicit_api_goes_to_globals(tmp_path: pathlib.Path) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(
        "Transform: AWS::Serverless-2016-10-31\n"
        "Globals:\n  Api:\n    CacheClusterEnabled: true\n    MethodSettings:\n"
        '      - {ResourcePath: "/*", HttpMethod: "*", CachingEnabled: true}\n'
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Runtime: python3.12\n      Handler: index.handler\n"
        "      InlineCode: x\n      Events:\n        Get:\n          Type: Api\n"
        "          Properties: {Path: /, Method: get}\n"
    )
    report = scan([str(template)], registry.load())
    (verdict,) = [v for v in report.verdicts if v.rule.id == "APIGATEWAY001"]
    assert verdict.remedy is not None
    assert verdict.remedy.snippet == (
        "Globals:\n"
        "  Api:\n"
        "    MethodSettings:\n"
        "    - ResourcePath: /*\n"
        "      HttpMethod: '*'\n"
        "      CachingEnabled: true\n"
        "      CacheDataEncrypted: true\n"
    )
