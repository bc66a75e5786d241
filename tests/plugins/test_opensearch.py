"""ES.1 (OPENSEARCH001) and ES.3 (OPENSEARCH002) on search domains."""

from __future__ import annotations

import pytest

from sealgate.fields import Update
from sealgate.rules import Status
from tests.plugins import verdicts

YAML = "cfn/opensearch/domains.yaml"
JSON = "cfn/opensearch/domains.json"
PLAN = "tfplan/opensearch/domains/plan.json"

VERDICTS = [
    pytest.param(
        YAML,
        "Encrypted",
        "OPENSEARCH001",
        Status.PASS,
        (
            "AWS::OpenSearchService::Domain 'Encrypted' encrypts data at rest "
            "with the key in 'EncryptionAtRestOptions.KmsKeyId': "
            "'EncryptionAtRestOptions.Enabled' is true."
        ),
        id="yaml-Encrypted-OPENSEARCH001",
    ),
    pytest.param(
        YAML,
        "Encrypted",
        "OPENSEARCH002",
        Status.PASS,
        (
            "AWS::OpenSearchService::Domain 'Encrypted' encrypts traffic between "
            "its nodes: 'NodeToNodeEncryptionOptions.Enabled' is true."
        ),
        id="yaml-Encrypted-OPENSEARCH002",
    ),
    pytest.param(
        YAML,
        "Bare",
        "OPENSEARCH001",
        Status.FAIL,
        (
            "AWS::OpenSearchService::Domain 'Bare' would store its data "
            "unencrypted: 'EncryptionAtRestOptions.Enabled' is not set and "
            "domains are unencrypted by default; set "
            "'EncryptionAtRestOptions.Enabled' to true."
        ),
        id="yaml-Bare-OPENSEARCH001",
    ),
    pytest.param(
        YAML,
        "Bare",
        "OPENSEARCH002",
        Status.FAIL,
        (
            "AWS::OpenSearchService::Domain 'Bare' would send traffic between "
            "its nodes unencrypted: 'NodeToNodeEncryptionOptions.Enabled' is not "
            "set and domains are unencrypted by default; set "
            "'NodeToNodeEncryptionOptions.Enabled' to true."
        ),
        id="yaml-Bare-OPENSEARCH002",
    ),
    pytest.param(
        YAML,
        "Legacy",
        "OPENSEARCH001",
        Status.FAIL,
        (
            "AWS::Elasticsearch::Domain 'Legacy' would store its data "
            "unencrypted: 'EncryptionAtRestOptions.Enabled' is false; set "
            "'EncryptionAtRestOptions.Enabled' to true."
        ),
        id="yaml-Legacy-OPENSEARCH001",
    ),
    pytest.param(
        YAML,
        "Legacy",
        "OPENSEARCH002",
        Status.FAIL,
        (
            "AWS::Elasticsearch::Domain 'Legacy' would send traffic between its "
            "nodes unencrypted: 'NodeToNodeEncryptionOptions.Enabled' is false; "
            "set 'NodeToNodeEncryptionOptions.Enabled' to true."
        ),
        id="yaml-Legacy-OPENSEARCH002",
    ),
    pytest.param(
        YAML,
        "FromParameter",
        "OPENSEARCH001",
        Status.UNKNOWN,
        (
            "AWS::OpenSearchService::Domain 'FromParameter' cannot be judged "
            "before deployment: 'EncryptionAtRestOptions.Enabled' is supplied at "
            "deployment (parameter 'EncryptSearch' has no default)."
        ),
        id="yaml-FromParameter-OPENSEARCH001",
    ),
    pytest.param(
        YAML,
        "FromParameter",
        "OPENSEARCH002",
        Status.UNKNOWN,
        (
            "AWS::OpenSearchService::Domain 'FromParameter' cannot be judged "
            "before deployment: 'NodeToNodeEncryptionOptions.Enabled' is "
            "supplied at deployment (parameter 'EncryptSearch' has no default)."
        ),
        id="yaml-FromParameter-OPENSEARCH002",
    ),
    pytest.param(
        JSON,
        "Logs",
        "OPENSEARCH001",
        Status.PASS,
        (
            "AWS::Elasticsearch::Domain 'Logs' encrypts data at rest: "
            "'EncryptionAtRestOptions.Enabled' is true."
        ),
        id="json-Logs-OPENSEARCH001",
    ),
    pytest.param(
        JSON,
        "Logs",
        "OPENSEARCH002",
        Status.FAIL,
        (
            "AWS::Elasticsearch::Domain 'Logs' would send traffic between its "
            "nodes unencrypted: 'NodeToNodeEncryptionOptions.Enabled' is not set "
            "and domains are unencrypted by default; set "
            "'NodeToNodeEncryptionOptions.Enabled' to true."
        ),
        id="json-Logs-OPENSEARCH002",
    ),
    pytest.param(
        PLAN,
        "aws_elasticsearch_domain.bare",
        "OPENSEARCH001",
        Status.FAIL,
        (
            "aws_elasticsearch_domain 'aws_elasticsearch_domain.bare' would "
            "store its data unencrypted: 'encrypt_at_rest[0].enabled' is not set "
            "and domains are unencrypted by default; set "
            "'encrypt_at_rest[0].enabled' to true."
        ),
        id="plan-aws_elasticsearch_domain.bare-OPENSEARCH001",
    ),
    pytest.param(
        PLAN,
        "aws_opensearch_domain.computed",
        "OPENSEARCH001",
        Status.UNKNOWN,
        (
            "aws_opensearch_domain 'aws_opensearch_domain.computed' cannot be "
            "judged before deployment: 'encrypt_at_rest[0].enabled' is known "
            "only after apply (from aws_kms_key.search)."
        ),
        id="plan-aws_opensearch_domain.computed-OPENSEARCH001",
    ),
    pytest.param(
        PLAN,
        "aws_opensearch_domain.disabled",
        "OPENSEARCH001",
        Status.FAIL,
        (
            "aws_opensearch_domain 'aws_opensearch_domain.disabled' would store "
            "its data unencrypted: 'encrypt_at_rest[0].enabled' is false; set "
            "'encrypt_at_rest[0].enabled' to true."
        ),
        id="plan-aws_opensearch_domain.disabled-OPENSEARCH001",
    ),
    pytest.param(
        PLAN,
        "aws_opensearch_domain.encrypted",
        "OPENSEARCH001",
        Status.PASS,
        (
            "aws_opensearch_domain 'aws_opensearch_domain.encrypted' encrypts "
            "data at rest with the key in 'encrypt_at_rest[0].kms_key_id': "
            "'encrypt_at_rest[0].enabled' is true."
        ),
        id="plan-aws_opensearch_domain.encrypted-OPENSEARCH001",
    ),
    pytest.param(
        PLAN,
        "aws_elasticsearch_domain.bare",
        "OPENSEARCH002",
        Status.FAIL,
        (
            "aws_elasticsearch_domain 'aws_elasticsearch_domain.bare' would send "
            "traffic between its nodes unencrypted: "
            "'node_to_node_encryption[0].enabled' is not set and domains are "
            "unencrypted by default; set 'node_to_node_encryption[0].enabled' to "
            "true."
        ),
        id="plan-aws_elasticsearch_domain.bare-OPENSEARCH002",
    ),
    pytest.param(
        PLAN,
        "aws_opensearch_domain.computed",
        "OPENSEARCH002",
        Status.UNKNOWN,
        (
            "aws_opensearch_domain 'aws_opensearch_domain.computed' cannot be "
            "judged before deployment: 'node_to_node_encryption[0].enabled' is "
            "known only after apply (from aws_kms_key.search)."
        ),
        id="plan-aws_opensearch_domain.computed-OPENSEARCH002",
    ),
    pytest.param(
        PLAN,
        "aws_opensearch_domain.disabled",
        "OPENSEARCH002",
        Status.FAIL,
        (
            "aws_opensearch_domain 'aws_opensearch_domain.disabled' would send "
            "traffic between its nodes unencrypted: "
            "'node_to_node_encryption[0].enabled' is false; set "
            "'node_to_node_encryption[0].enabled' to true."
        ),
        id="plan-aws_opensearch_domain.disabled-OPENSEARCH002",
    ),
    pytest.param(
        PLAN,
        "aws_opensearch_domain.encrypted",
        "OPENSEARCH002",
        Status.PASS,
        (
            "aws_opensearch_domain 'aws_opensearch_domain.encrypted' encrypts "
            "traffic between its nodes: 'node_to_node_encryption[0].enabled' is "
            "true."
        ),
        id="plan-aws_opensearch_domain.encrypted-OPENSEARCH002",
    ),
]

FIXES = [
    pytest.param(
        YAML,
        "Bare",
        "OPENSEARCH001",
        Update.IN_PLACE,
        (
            "Resources:\n"
            "  Bare:\n"
            "    Properties:\n"
            "      EncryptionAtRestOptions:\n"
            "        Enabled: true\n"
        ),
        id="yaml-Bare-OPENSEARCH001",
    ),
    pytest.param(
        YAML,
        "Bare",
        "OPENSEARCH002",
        Update.IN_PLACE,
        (
            "Resources:\n"
            "  Bare:\n"
            "    Properties:\n"
            "      NodeToNodeEncryptionOptions:\n"
            "        Enabled: true\n"
        ),
        id="yaml-Bare-OPENSEARCH002",
    ),
    pytest.param(
        YAML,
        "Legacy",
        "OPENSEARCH001",
        Update.IN_PLACE,
        (
            "Resources:\n"
            "  Legacy:\n"
            "    Properties:\n"
            "      EncryptionAtRestOptions:\n"
            "        Enabled: true\n"
        ),
        id="yaml-Legacy-OPENSEARCH001",
    ),
    pytest.param(
        YAML,
        "Legacy",
        "OPENSEARCH002",
        Update.IN_PLACE,
        (
            "Resources:\n"
            "  Legacy:\n"
            "    Properties:\n"
            "      NodeToNodeEncryptionOptions:\n"
            "        Enabled: true\n"
        ),
        id="yaml-Legacy-OPENSEARCH002",
    ),
    pytest.param(
        JSON,
        "Logs",
        "OPENSEARCH002",
        Update.IN_PLACE,
        (
            "{\n"
            '  "Resources": {\n'
            '    "Logs": {\n'
            '      "Properties": {\n'
            '        "NodeToNodeEncryptionOptions": {\n'
            '          "Enabled": true\n'
            "        }\n"
            "      }\n"
            "    }\n"
            "  }\n"
            "}\n"
        ),
        id="json-Logs-OPENSEARCH002",
    ),
    pytest.param(
        PLAN,
        "aws_elasticsearch_domain.bare",
        "OPENSEARCH001",
        Update.IN_PLACE,
        (
            'resource "aws_elasticsearch_domain" "bare" {\n'
            "  encrypt_at_rest {\n"
            "    enabled = true\n"
            "  }\n"
            "}\n"
        ),
        id="plan-aws_elasticsearch_domain.bare-OPENSEARCH001",
    ),
    pytest.param(
        PLAN,
        "aws_opensearch_domain.disabled",
        "OPENSEARCH001",
        Update.IN_PLACE,
        (
            'resource "aws_opensearch_domain" "disabled" {\n'
            "  encrypt_at_rest {\n"
            "    enabled = true\n"
            "  }\n"
            "}\n"
        ),
        id="plan-aws_opensearch_domain.disabled-OPENSEARCH001",
    ),
    pytest.param(
        PLAN,
        "aws_elasticsearch_domain.bare",
        "OPENSEARCH002",
        Update.IN_PLACE,
        (
            'resource "aws_elasticsearch_domain" "bare" {\n'
            "  node_to_node_encryption {\n"
            "    enabled = true\n"
            "  }\n"
            "}\n"
        ),
        id="plan-aws_elasticsearch_domain.bare-OPENSEARCH002",
    ),
    pytest.param(
        PLAN,
        "aws_opensearch_domain.disabled",
        "OPENSEARCH002",
        Update.IN_PLACE,
        (
            'resource "aws_opensearch_domain" "disabled" {\n'
            "  node_to_node_encryption {\n"
            "    enabled = true\n"
            "  }\n"
            "}\n"
        ),
        id="plan-aws_opensearch_domain.disabled-OPENSEARCH002",
    ),
]


@pytest.mark.parametrize(("fixture", "resource", "rule", "status", "message"), VERDICTS)
def test_opensearch_verdict(
    fixture: str, resource: str, rule: str, status: Status, message: str
) -> None:
    verdicts.check_verdict(fixture, resource, rule, status, message)


@pytest.mark.parametrize(("fixture", "resource", "rule", "kind", "snippet"), FIXES)
def test_opensearch_fix(
    fixture: str, resource: str, rule: str, kind: Update, snippet: str
) -> None:
    verdicts.check_fix(fixture, resource, rule, kind, snippet)


@pytest.mark.parametrize("fixture", [YAML, JSON, PLAN])
def test_opensearch_tables_complete(fixture: str) -> None:
    verdicts.check_complete(fixture, "OPENSEARCH", VERDICTS, FIXES)


def test_opensearch_at_rest_fix_note_names_the_limits() -> None:
    remedy = verdicts.on(YAML)[("Bare", "OPENSEARCH001")].remedy
    assert remedy is not None
    assert remedy.note == (
        "Enabling it on an existing domain is a blue/green deployment in place "
        "(no downtime, node count doubles meanwhile); it needs OpenSearch or "
        "Elasticsearch 6.7 or later and no UltraWarm or cold storage, otherwise "
        "the domain must be recreated and its data restored from a snapshot or "
        "reindexed. Some small instance types (t2/t3 small and medium) do not "
        "support it. Once on, it cannot be turned off: disabling it later (or, "
        "for encryption at rest, changing the key) means replacing the domain."
    )
