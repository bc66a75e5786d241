"""CodeBuild.7 on report group exports (CODEBUILD001)."""

from __future__ import annotations

import pytest

from sealgate.fields import Update
from sealgate.rules import Status
from tests.plugins import verdicts

YAML = "cfn/codebuild/report-groups.yaml"
JSON = "cfn/codebuild/report-groups.json"
PLAN = "tfplan/codebuild/report-groups/plan.json"

VERDICTS = [
    pytest.param(
        YAML,
        "NoExport",
        "CODEBUILD001",
        Status.PASS,
        (
            "AWS::CodeBuild::ReportGroup 'NoExport' exports no reports: "
            "'ExportConfig.ExportConfigType' is NO_EXPORT."
        ),
        id="yaml-NoExport-CODEBUILD001",
    ),
    pytest.param(
        YAML,
        "DefaultEncryption",
        "CODEBUILD001",
        Status.PASS,
        (
            "AWS::CodeBuild::ReportGroup 'DefaultEncryption' encrypts its S3 "
            "exports with the AWS managed S3 key, the default when "
            "'ExportConfig.S3Destination.EncryptionDisabled' is not true."
        ),
        id="yaml-DefaultEncryption-CODEBUILD001",
    ),
    pytest.param(
        YAML,
        "Disabled",
        "CODEBUILD001",
        Status.FAIL,
        (
            "AWS::CodeBuild::ReportGroup 'Disabled' exports reports to S3 "
            "unencrypted: 'ExportConfig.S3Destination.EncryptionDisabled' is "
            "true (the key in 'ExportConfig.S3Destination.EncryptionKey' is not "
            "used); set 'ExportConfig.S3Destination.EncryptionDisabled' to "
            "false."
        ),
        id="yaml-Disabled-CODEBUILD001",
    ),
    pytest.param(
        YAML,
        "FromParameter",
        "CODEBUILD001",
        Status.UNKNOWN,
        (
            "AWS::CodeBuild::ReportGroup 'FromParameter' cannot be judged before "
            "deployment: 'ExportConfig.S3Destination.EncryptionDisabled' is "
            "supplied at deployment (parameter 'DisableExportEncryption' has no "
            "default)."
        ),
        id="yaml-FromParameter-CODEBUILD001",
    ),
    pytest.param(
        JSON,
        "CustomerKey",
        "CODEBUILD001",
        Status.PASS,
        (
            "AWS::CodeBuild::ReportGroup 'CustomerKey' encrypts its S3 exports "
            "with the key in 'ExportConfig.S3Destination.EncryptionKey'."
        ),
        id="json-CustomerKey-CODEBUILD001",
    ),
    pytest.param(
        JSON,
        "Plaintext",
        "CODEBUILD001",
        Status.FAIL,
        (
            "AWS::CodeBuild::ReportGroup 'Plaintext' exports reports to S3 "
            "unencrypted: 'ExportConfig.S3Destination.EncryptionDisabled' is "
            "true; set 'ExportConfig.S3Destination.EncryptionDisabled' to false."
        ),
        id="json-Plaintext-CODEBUILD001",
    ),
    pytest.param(
        PLAN,
        "aws_codebuild_report_group.customer_key",
        "CODEBUILD001",
        Status.PASS,
        (
            "aws_codebuild_report_group "
            "'aws_codebuild_report_group.customer_key' encrypts its S3 exports "
            "with the key in "
            "'export_config[0].s3_destination[0].encryption_key'."
        ),
        id="plan-aws_codebuild_report_group.customer_key-CODEBUILD001",
    ),
    pytest.param(
        PLAN,
        "aws_codebuild_report_group.default_encryption",
        "CODEBUILD001",
        Status.PASS,
        (
            "aws_codebuild_report_group "
            "'aws_codebuild_report_group.default_encryption' encrypts its S3 "
            "exports with the key in "
            "'export_config[0].s3_destination[0].encryption_key'."
        ),
        id="plan-aws_codebuild_report_group.default_encryption-CODEBUILD001",
    ),
    pytest.param(
        PLAN,
        "aws_codebuild_report_group.disabled",
        "CODEBUILD001",
        Status.FAIL,
        (
            "aws_codebuild_report_group 'aws_codebuild_report_group.disabled' "
            "exports reports to S3 unencrypted: "
            "'export_config[0].s3_destination[0].encryption_disabled' is true "
            "(the key in 'export_config[0].s3_destination[0].encryption_key' is "
            "not used); set "
            "'export_config[0].s3_destination[0].encryption_disabled' to false."
        ),
        id="plan-aws_codebuild_report_group.disabled-CODEBUILD001",
    ),
    pytest.param(
        PLAN,
        "aws_codebuild_report_group.no_export",
        "CODEBUILD001",
        Status.PASS,
        (
            "aws_codebuild_report_group 'aws_codebuild_report_group.no_export' "
            "exports no reports: 'export_config[0].type' is NO_EXPORT."
        ),
        id="plan-aws_codebuild_report_group.no_export-CODEBUILD001",
    ),
]

FIXES = [
    pytest.param(
        YAML,
        "Disabled",
        "CODEBUILD001",
        Update.IN_PLACE,
        (
            "Resources:\n"
            "  Disabled:\n"
            "    Properties:\n"
            "      ExportConfig:\n"
            "        S3Destination:\n"
            "          EncryptionDisabled: false\n"
        ),
        id="yaml-Disabled-CODEBUILD001",
    ),
    pytest.param(
        JSON,
        "Plaintext",
        "CODEBUILD001",
        Update.IN_PLACE,
        (
            "{\n"
            '  "Resources": {\n'
            '    "Plaintext": {\n'
            '      "Properties": {\n'
            '        "ExportConfig": {\n'
            '          "S3Destination": {\n'
            '            "EncryptionDisabled": false\n'
            "          }\n"
            "        }\n"
            "      }\n"
            "    }\n"
            "  }\n"
            "}\n"
        ),
        id="json-Plaintext-CODEBUILD001",
    ),
    pytest.param(
        PLAN,
        "aws_codebuild_report_group.disabled",
        "CODEBUILD001",
        Update.IN_PLACE,
        (
            'resource "aws_codebuild_report_group" "disabled" {\n'
            "  export_config {\n"
            "    s3_destination {\n"
            '      bucket = "example-build-reports"\n'
            "      encryption_disabled = false\n"
            '      packaging = "NONE"\n'
            '      encryption_key = "<known at deployment>"\n'
            "    }\n"
            '    type = "S3"\n'
            "  }\n"
            "}\n"
        ),
        id="plan-aws_codebuild_report_group.disabled-CODEBUILD001",
    ),
]


@pytest.mark.parametrize(("fixture", "resource", "rule", "status", "message"), VERDICTS)
def test_codebuild_verdict(
    fixture: str, resource: str, rule: str, status: Status, message: str
) -> None:
    verdicts.check_verdict(fixture, resource, rule, status, message)


@pytest.mark.parametrize(("fixture", "resource", "rule", "kind", "snippet"), FIXES)
def test_codebuild_fix(
    fixture: str, resource: str, rule: str, kind: Update, snippet: str
) -> None:
    verdicts.check_fix(fixture, resource, rule, kind, snippet)


@pytest.mark.parametrize("fixture", [YAML, JSON, PLAN])
def test_codebuild_tables_complete(fixture: str) -> None:
    verdicts.check_complete(fixture, "CODEBUILD", VERDICTS, FIXES)
