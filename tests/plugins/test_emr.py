"""EMR.3: security configurations (EMR001) and the clusters naming them (EMR002)."""

from __future__ import annotations

import pytest

from sealgate.fields import Update
from sealgate.rules import Status
from tests.plugins import verdicts

YAML = "cfn/emr/security-configurations.yaml"
JSON = "cfn/emr/security-configurations.json"
ALONE = "cfn/emr/cluster-alone.yaml"
PLAN = "tfplan/emr/configurations/plan.json"
REPLACE = "tfplan/emr/replace/plan.json"

VERDICTS = [
    pytest.param(
        YAML,
        "AtRest",
        "EMR001",
        Status.PASS,
        (
            "AWS::EMR::SecurityConfiguration 'AtRest' enables encryption at "
            "rest: "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "is true."
        ),
        id="yaml-AtRest-EMR001",
    ),
    pytest.param(
        YAML,
        "QuotedFlag",
        "EMR001",
        Status.PASS,
        (
            "AWS::EMR::SecurityConfiguration 'QuotedFlag' enables encryption at "
            "rest: "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "is true."
        ),
        id="yaml-QuotedFlag-EMR001",
    ),
    pytest.param(
        YAML,
        "JsonString",
        "EMR001",
        Status.PASS,
        (
            "AWS::EMR::SecurityConfiguration 'JsonString' enables encryption at "
            "rest: "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "is true."
        ),
        id="yaml-JsonString-EMR001",
    ),
    pytest.param(
        YAML,
        "InTransitOnly",
        "EMR001",
        Status.FAIL,
        (
            "AWS::EMR::SecurityConfiguration 'InTransitOnly' does not encrypt at "
            "rest: "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "is false; set "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "to true."
        ),
        id="yaml-InTransitOnly-EMR001",
    ),
    pytest.param(
        YAML,
        "Omitted",
        "EMR001",
        Status.FAIL,
        (
            "AWS::EMR::SecurityConfiguration 'Omitted' does not encrypt at rest: "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "is not set and EMR assumes false; set "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "to true."
        ),
        id="yaml-Omitted-EMR001",
    ),
    pytest.param(
        YAML,
        "FromParameter",
        "EMR001",
        Status.UNKNOWN,
        (
            "AWS::EMR::SecurityConfiguration 'FromParameter' cannot be judged "
            "before deployment: "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "is supplied at deployment (parameter 'AtRestFlag' has no default)."
        ),
        id="yaml-FromParameter-EMR001",
    ),
    pytest.param(
        YAML,
        "GoodCluster",
        "EMR002",
        Status.PASS,
        (
            "AWS::EMR::Cluster 'GoodCluster' uses security configuration "
            "'AtRest' in 'SecurityConfiguration', which enables encryption at "
            "rest."
        ),
        id="yaml-GoodCluster-EMR002",
    ),
    pytest.param(
        YAML,
        "WeakCluster",
        "EMR002",
        Status.FAIL,
        (
            "AWS::EMR::Cluster 'WeakCluster' uses security configuration "
            "'InTransitOnly' in 'SecurityConfiguration', which does not enable "
            "encryption at rest; name one that sets 'EnableAtRestEncryption' to "
            "true."
        ),
        id="yaml-WeakCluster-EMR002",
    ),
    pytest.param(
        YAML,
        "BareCluster",
        "EMR002",
        Status.FAIL,
        (
            "AWS::EMR::Cluster 'BareCluster' has no security configuration, so "
            "nothing it stores is encrypted at rest; set 'SecurityConfiguration' "
            "to one that enables at-rest encryption."
        ),
        id="yaml-BareCluster-EMR002",
    ),
    pytest.param(
        YAML,
        "SharedCluster",
        "EMR002",
        Status.UNKNOWN,
        (
            "AWS::EMR::Cluster 'SharedCluster' names a security configuration in "
            "'SecurityConfiguration' that is not declared in this input "
            "('shared-account-config'), so its at-rest encryption cannot be "
            "checked."
        ),
        id="yaml-SharedCluster-EMR002",
    ),
    pytest.param(
        JSON,
        "StringAtRest",
        "EMR001",
        Status.PASS,
        (
            "AWS::EMR::SecurityConfiguration 'StringAtRest' enables encryption "
            "at rest: "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "is true."
        ),
        id="json-StringAtRest-EMR001",
    ),
    pytest.param(
        JSON,
        "StringOff",
        "EMR001",
        Status.FAIL,
        (
            "AWS::EMR::SecurityConfiguration 'StringOff' does not encrypt at "
            "rest: "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "is false; set "
            "'SecurityConfiguration.EncryptionConfiguration.EnableAtRestEncryption' "
            "to true."
        ),
        id="json-StringOff-EMR001",
    ),
    pytest.param(
        JSON,
        "Cluster",
        "EMR002",
        Status.FAIL,
        (
            "AWS::EMR::Cluster 'Cluster' uses security configuration 'StringOff' "
            "in 'SecurityConfiguration', which does not enable encryption at "
            "rest; name one that sets 'EnableAtRestEncryption' to true."
        ),
        id="json-Cluster-EMR002",
    ),
    pytest.param(
        ALONE,
        "Adhoc",
        "EMR002",
        Status.FAIL,
        (
            "AWS::EMR::Cluster 'Adhoc' has no security configuration, so nothing "
            "it stores is encrypted at rest; set 'SecurityConfiguration' to one "
            "that enables at-rest encryption."
        ),
        id="alone-Adhoc-EMR002",
    ),
    pytest.param(
        PLAN,
        "aws_emr_security_configuration.at_rest",
        "EMR001",
        Status.PASS,
        (
            "aws_emr_security_configuration "
            "'aws_emr_security_configuration.at_rest' enables encryption at "
            "rest: "
            "'configuration.EncryptionConfiguration.EnableAtRestEncryption' is "
            "true."
        ),
        id="plan-aws_emr_security_configuration.at_rest-EMR001",
    ),
    pytest.param(
        PLAN,
        "aws_emr_security_configuration.in_transit_only",
        "EMR001",
        Status.FAIL,
        (
            "aws_emr_security_configuration "
            "'aws_emr_security_configuration.in_transit_only' does not encrypt "
            "at rest: "
            "'configuration.EncryptionConfiguration.EnableAtRestEncryption' is "
            "false; set "
            "'configuration.EncryptionConfiguration.EnableAtRestEncryption' to "
            "true."
        ),
        id="plan-aws_emr_security_configuration.in_transit_only-EMR001",
    ),
    pytest.param(
        PLAN,
        "aws_emr_security_configuration.new_key",
        "EMR001",
        Status.UNKNOWN,
        (
            "aws_emr_security_configuration "
            "'aws_emr_security_configuration.new_key' cannot be judged before "
            "deployment: 'configuration' is known only after apply (from "
            "aws_kms_key.emr)."
        ),
        id="plan-aws_emr_security_configuration.new_key-EMR001",
    ),
    pytest.param(
        PLAN,
        "aws_emr_security_configuration.omitted",
        "EMR001",
        Status.FAIL,
        (
            "aws_emr_security_configuration "
            "'aws_emr_security_configuration.omitted' does not encrypt at rest: "
            "'configuration.EncryptionConfiguration.EnableAtRestEncryption' is "
            "not set and EMR assumes false; set "
            "'configuration.EncryptionConfiguration.EnableAtRestEncryption' to "
            "true."
        ),
        id="plan-aws_emr_security_configuration.omitted-EMR001",
    ),
    pytest.param(
        PLAN,
        "aws_emr_security_configuration.string_flag",
        "EMR001",
        Status.PASS,
        (
            "aws_emr_security_configuration "
            "'aws_emr_security_configuration.string_flag' enables encryption at "
            "rest: "
            "'configuration.EncryptionConfiguration.EnableAtRestEncryption' is "
            "true."
        ),
        id="plan-aws_emr_security_configuration.string_flag-EMR001",
    ),
    pytest.param(
        PLAN,
        "aws_emr_cluster.good",
        "EMR002",
        Status.PASS,
        (
            "aws_emr_cluster 'aws_emr_cluster.good' uses security configuration "
            "'aws_emr_security_configuration.at_rest' in "
            "'security_configuration', which enables encryption at rest."
        ),
        id="plan-aws_emr_cluster.good-EMR002",
    ),
    pytest.param(
        PLAN,
        "aws_emr_cluster.none",
        "EMR002",
        Status.FAIL,
        (
            "aws_emr_cluster 'aws_emr_cluster.none' has no security "
            "configuration, so nothing it stores is encrypted at rest; set "
            "'security_configuration' to one that enables at-rest encryption."
        ),
        id="plan-aws_emr_cluster.none-EMR002",
    ),
    pytest.param(
        PLAN,
        "aws_emr_cluster.pending",
        "EMR002",
        Status.UNKNOWN,
        (
            "aws_emr_cluster 'aws_emr_cluster.pending' uses security "
            "configuration 'aws_emr_security_configuration.new_key' in "
            "'security_configuration', whose at-rest encryption is known only "
            "after deployment."
        ),
        id="plan-aws_emr_cluster.pending-EMR002",
    ),
    pytest.param(
        PLAN,
        "aws_emr_cluster.shared",
        "EMR002",
        Status.UNKNOWN,
        (
            "aws_emr_cluster 'aws_emr_cluster.shared' names a security "
            "configuration in 'security_configuration' that is not declared in "
            "this input ('shared-account-config'), so its at-rest encryption "
            "cannot be checked."
        ),
        id="plan-aws_emr_cluster.shared-EMR002",
    ),
    pytest.param(
        PLAN,
        "aws_emr_cluster.weak",
        "EMR002",
        Status.FAIL,
        (
            "aws_emr_cluster 'aws_emr_cluster.weak' uses security configuration "
            "'aws_emr_security_configuration.in_transit_only' in "
            "'security_configuration', which does not enable encryption at rest; "
            "name one that sets 'EnableAtRestEncryption' to true."
        ),
        id="plan-aws_emr_cluster.weak-EMR002",
    ),
    pytest.param(
        REPLACE,
        "aws_emr_security_configuration.analytics",
        "EMR001",
        Status.FAIL,
        (
            "aws_emr_security_configuration "
            "'aws_emr_security_configuration.analytics' does not encrypt at "
            "rest: "
            "'configuration.EncryptionConfiguration.EnableAtRestEncryption' is "
            "false; set "
            "'configuration.EncryptionConfiguration.EnableAtRestEncryption' to "
            "true."
        ),
        id="replace-aws_emr_security_configuration.analytics-EMR001",
    ),
]

FIXES = [
    pytest.param(
        YAML,
        "InTransitOnly",
        "EMR001",
        Update.REPLACEMENT,
        (
            "Resources:\n"
            "  InTransitOnly:\n"
            "    Properties:\n"
            "      SecurityConfiguration:\n"
            "        EncryptionConfiguration:\n"
            "          EnableAtRestEncryption: true\n"
            "          AtRestEncryptionConfiguration:\n"
            "            S3EncryptionConfiguration:\n"
            "              EncryptionMode: SSE-S3\n"
        ),
        id="yaml-InTransitOnly-EMR001",
    ),
    pytest.param(
        YAML,
        "Omitted",
        "EMR001",
        Update.REPLACEMENT,
        (
            "Resources:\n"
            "  Omitted:\n"
            "    Properties:\n"
            "      SecurityConfiguration:\n"
            "        EncryptionConfiguration:\n"
            "          EnableAtRestEncryption: true\n"
            "          AtRestEncryptionConfiguration:\n"
            "            S3EncryptionConfiguration:\n"
            "              EncryptionMode: SSE-S3\n"
        ),
        id="yaml-Omitted-EMR001",
    ),
    pytest.param(
        YAML,
        "WeakCluster",
        "EMR002",
        Update.REPLACEMENT,
        (
            "Resources:\n"
            "  WeakCluster:\n"
            "    Properties:\n"
            "      SecurityConfiguration: at-rest\n"
        ),
        id="yaml-WeakCluster-EMR002",
    ),
    pytest.param(
        YAML,
        "BareCluster",
        "EMR002",
        Update.REPLACEMENT,
        (
            "Resources:\n"
            "  BareCluster:\n"
            "    Properties:\n"
            "      SecurityConfiguration: at-rest\n"
        ),
        id="yaml-BareCluster-EMR002",
    ),
    pytest.param(
        JSON,
        "StringOff",
        "EMR001",
        Update.REPLACEMENT,
        (
            "{\n"
            '  "Resources": {\n'
            '    "StringOff": {\n'
            '      "Properties": {\n'
            '        "SecurityConfiguration": {\n'
            '          "EncryptionConfiguration": {\n'
            '            "EnableAtRestEncryption": true,\n'
            '            "AtRestEncryptionConfiguration": {\n'
            '              "S3EncryptionConfiguration": {\n'
            '                "EncryptionMode": "SSE-S3"\n'
            "              }\n"
            "            }\n"
            "          }\n"
            "        }\n"
            "      }\n"
            "    }\n"
            "  }\n"
            "}\n"
        ),
        id="json-StringOff-EMR001",
    ),
    pytest.param(
        JSON,
        "Cluster",
        "EMR002",
        Update.REPLACEMENT,
        (
            "{\n"
            '  "Resources": {\n'
            '    "Cluster": {\n'
            '      "Properties": {\n'
            '        "SecurityConfiguration": "string-at-rest"\n'
            "      }\n"
            "    }\n"
            "  }\n"
            "}\n"
        ),
        id="json-Cluster-EMR002",
    ),
    pytest.param(
        ALONE,
        "Adhoc",
        "EMR002",
        Update.REPLACEMENT,
        (
            "Resources:\n"
            "  Adhoc:\n"
            "    Properties:\n"
            "      SecurityConfiguration: <encrypting-security-configuration>\n"
        ),
        id="alone-Adhoc-EMR002",
    ),
    pytest.param(
        PLAN,
        "aws_emr_security_configuration.in_transit_only",
        "EMR001",
        Update.REPLACEMENT,
        (
            'resource "aws_emr_security_configuration" "in_transit_only" {\n'
            "  configuration = jsonencode({\n"
            "    EncryptionConfiguration = {\n"
            "      EnableAtRestEncryption = true\n"
            "      EnableInTransitEncryption = true\n"
            "      InTransitEncryptionConfiguration = {\n"
            "        TLSCertificateConfiguration = {\n"
            '          CertificateProviderType = "PEM"\n'
            '          S3Object = "s3://example-emr-certs/certs.zip"\n'
            "        }\n"
            "      }\n"
            "      AtRestEncryptionConfiguration = {\n"
            "        S3EncryptionConfiguration = {\n"
            '          EncryptionMode = "SSE-S3"\n'
            "        }\n"
            "      }\n"
            "    }\n"
            "  })\n"
            "}\n"
        ),
        id="plan-aws_emr_security_configuration.in_transit_only-EMR001",
    ),
    pytest.param(
        PLAN,
        "aws_emr_security_configuration.omitted",
        "EMR001",
        Update.REPLACEMENT,
        (
            'resource "aws_emr_security_configuration" "omitted" {\n'
            "  configuration = jsonencode({\n"
            "    EncryptionConfiguration = {\n"
            "      EnableInTransitEncryption = false\n"
            "      EnableAtRestEncryption = true\n"
            "      AtRestEncryptionConfiguration = {\n"
            "        S3EncryptionConfiguration = {\n"
            '          EncryptionMode = "SSE-S3"\n'
            "        }\n"
            "      }\n"
            "    }\n"
            "  })\n"
            "}\n"
        ),
        id="plan-aws_emr_security_configuration.omitted-EMR001",
    ),
    pytest.param(
        PLAN,
        "aws_emr_cluster.none",
        "EMR002",
        Update.REPLACEMENT,
        (
            'resource "aws_emr_cluster" "none" {\n'
            '  security_configuration = "at-rest"\n'
            "}\n"
        ),
        id="plan-aws_emr_cluster.none-EMR002",
    ),
    pytest.param(
        PLAN,
        "aws_emr_cluster.weak",
        "EMR002",
        Update.REPLACEMENT,
        (
            'resource "aws_emr_cluster" "weak" {\n'
            '  security_configuration = "at-rest"\n'
            "}\n"
        ),
        id="plan-aws_emr_cluster.weak-EMR002",
    ),
    pytest.param(
        REPLACE,
        "aws_emr_security_configuration.analytics",
        "EMR001",
        Update.REPLACEMENT,
        (
            'resource "aws_emr_security_configuration" "analytics" {\n'
            "  configuration = jsonencode({\n"
            "    EncryptionConfiguration = {\n"
            "      AtRestEncryptionConfiguration = {\n"
            "        S3EncryptionConfiguration = {\n"
            '          EncryptionMode = "SSE-S3"\n'
            "        }\n"
            "      }\n"
            "      EnableAtRestEncryption = true\n"
            "      EnableInTransitEncryption = false\n"
            "    }\n"
            "  })\n"
            "}\n"
        ),
        id="replace-aws_emr_security_configuration.analytics-EMR001",
    ),
]


@pytest.mark.parametrize(("fixture", "resource", "rule", "status", "message"), VERDICTS)
def test_emr_verdict(
    fixture: str, resource: str, rule: str, status: Status, message: str
) -> None:
    verdicts.check_verdict(fixture, resource, rule, status, message)


@pytest.mark.parametrize(("fixture", "resource", "rule", "kind", "snippet"), FIXES)
def test_emr_fix(
    fixture: str, resource: str, rule: str, kind: Update, snippet: str
) -> None:
    verdicts.check_fix(fixture, resource, rule, kind, snippet)


@pytest.mark.parametrize("fixture", [YAML, JSON, ALONE, PLAN, REPLACE])
def test_emr_tables_complete(fixture: str) -> None:
    verdicts.check_complete(fixture, "EMR", VERDICTS, FIXES)


def test_emr_document_that_is_not_json_is_an_input_error(tmp_path, run) -> None:  # type: ignore[no-untyped-def]
    # EMR would refuse it; the gate says so instead of guessing a verdict
    garbled = tmp_path / "garbled.yaml"
    garbled.write_text(
        "Resources:\n  Garbled:\n    Type: AWS::EMR::SecurityConfiguration\n"
        "    Properties:\n      SecurityConfiguration: EnableAtRestEncryption=true\n"
    )
    code, _, err = run("check", str(garbled))
    assert (code, err) == (
        2,
        f"error: {garbled}: resource 'Garbled': 'SecurityConfiguration' must be a "
        "mapping, not 'EnableAtRestEncryption=true'\n",
    )
