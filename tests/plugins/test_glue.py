"""Glue.3 on machine learning transforms (GLUE001)."""

from __future__ import annotations

import pytest

from sealgate.fields import Update
from sealgate.rules import Status
from tests.plugins import verdicts

YAML = "cfn/glue/transforms.yaml"
JSON = "cfn/glue/transforms.json"
PLAN = "tfplan/glue/transforms/plan.json"

VERDICTS = [
    pytest.param(
        YAML,
        "Encrypted",
        "GLUE001",
        Status.PASS,
        (
            "AWS::Glue::MLTransform 'Encrypted' encrypts its user data with KMS: "
            "'TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode' "
            "is SSE-KMS."
        ),
        id="yaml-Encrypted-GLUE001",
    ),
    pytest.param(
        YAML,
        "Disabled",
        "GLUE001",
        Status.FAIL,
        (
            "AWS::Glue::MLTransform 'Disabled' does not encrypt its user data: "
            "'TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode' "
            "is 'DISABLED'; set it to SSE-KMS."
        ),
        id="yaml-Disabled-GLUE001",
    ),
    pytest.param(
        YAML,
        "FromParameter",
        "GLUE001",
        Status.UNKNOWN,
        (
            "AWS::Glue::MLTransform 'FromParameter' cannot be judged before "
            "deployment: "
            "'TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode' "
            "is supplied at deployment (parameter 'EncryptionMode' has no "
            "default)."
        ),
        id="yaml-FromParameter-GLUE001",
    ),
    pytest.param(
        JSON,
        "Products",
        "GLUE001",
        Status.FAIL,
        (
            "AWS::Glue::MLTransform 'Products' leaves "
            "'TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode' "
            "unset and so relies on the default of no encryption (how Glue.3 "
            "scores a transform with no setting is unverified); set "
            "'TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode' "
            "to SSE-KMS."
        ),
        id="json-Products-GLUE001",
    ),
    pytest.param(
        PLAN,
        "aws_glue_ml_transform.dedup",
        "GLUE001",
        Status.FAIL,
        (
            "aws_glue_ml_transform 'aws_glue_ml_transform.dedup' cannot encrypt "
            "its user data, since this resource type has no argument for "
            "'TransformEncryption' and the transform relies on the default of no "
            "encryption (how Glue.3 scores a transform with no setting is "
            "unverified); create it with CloudFormation (an "
            "aws_cloudformation_stack wrapping AWS::Glue::MLTransform) or the "
            "SDK with 'MLUserDataEncryptionMode' SSE-KMS instead."
        ),
        id="plan-aws_glue_ml_transform.dedup-GLUE001",
    ),
]

FIXES = [
    pytest.param(
        YAML,
        "Disabled",
        "GLUE001",
        Update.REPLACEMENT,
        (
            "Resources:\n"
            "  Disabled:\n"
            "    Properties:\n"
            "      TransformEncryption:\n"
            "        MLUserDataEncryption:\n"
            "          MLUserDataEncryptionMode: SSE-KMS\n"
        ),
        id="yaml-Disabled-GLUE001",
    ),
    pytest.param(
        JSON,
        "Products",
        "GLUE001",
        Update.REPLACEMENT,
        (
            "{\n"
            '  "Resources": {\n'
            '    "Products": {\n'
            '      "Properties": {\n'
            '        "TransformEncryption": {\n'
            '          "MLUserDataEncryption": {\n'
            '            "MLUserDataEncryptionMode": "SSE-KMS"\n'
            "          }\n"
            "        }\n"
            "      }\n"
            "    }\n"
            "  }\n"
            "}\n"
        ),
        id="json-Products-GLUE001",
    ),
]


@pytest.mark.parametrize(("fixture", "resource", "rule", "status", "message"), VERDICTS)
def test_glue_verdict(
    fixture: str, resource: str, rule: str, status: Status, message: str
) -> None:
    verdicts.check_verdict(fixture, resource, rule, status, message)


@pytest.mark.parametrize(("fixture", "resource", "rule", "kind", "snippet"), FIXES)
def test_glue_fix(
    fixture: str, resource: str, rule: str, kind: Update, snippet: str
) -> None:
    verdicts.check_fix(fixture, resource, rule, kind, snippet)


@pytest.mark.parametrize("fixture", [YAML, JSON, PLAN])
def test_glue_tables_complete(fixture: str) -> None:
    verdicts.check_complete(fixture, "GLUE", VERDICTS, FIXES)


def test_glue_terraform_transform_has_no_snippet() -> None:
    # the provider has no argument to set, so no fix pretends one exists
    verdict = verdicts.on(PLAN)[("aws_glue_ml_transform.dedup", "GLUE001")]
    assert (verdict.status, verdict.remedy) == (Status.FAIL, None)
