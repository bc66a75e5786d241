"""Amazon OpenSearch Service and Elasticsearch domains: encryption at rest
(ES.1) and node-to-node encryption (ES.3)."""

from __future__ import annotations

from collections.abc import Iterator

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Source
from sealgate.fields import Spot
from sealgate.fields import View
from sealgate.plugins.kms import is_set
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status
from sealgate.rules import shown
from sealgate.rules import undecided

_CFN = {
    "at_rest": Spot(("EncryptionAtRestOptions", "Enabled")),
    "kms_key": Spot(("EncryptionAtRestOptions", "KmsKeyId")),
    "node_to_node": Spot(("NodeToNodeEncryptionOptions", "Enabled")),
    "tags": Spot(("Tags",)),
}
_TERRAFORM = {
    "at_rest": Spot(("encrypt_at_rest", 0, "enabled")),
    "kms_key": Spot(("encrypt_at_rest", 0, "kms_key_id")),
    "node_to_node": Spot(("node_to_node_encryption", 0, "enabled")),
    "tags": Spot(("tags",)),
}

FIELDS = FieldTable(
    {
        "AWS::Elasticsearch::Domain": _CFN,
        "AWS::OpenSearchService::Domain": _CFN,
        "aws_elasticsearch_domain": _TERRAFORM,
        "aws_opensearch_domain": _TERRAFORM,
    }
)

_ONE_WAY = (
    "Once on, it cannot be turned off: disabling it later (or, for encryption "
    "at rest, changing the key) means replacing the domain."
)
_AT_REST_NOTE = (
    "Enabling it on an existing domain is a blue/green deployment in place "
    "(no downtime, node count doubles meanwhile); it needs OpenSearch or "
    "Elasticsearch 6.7 or later and no UltraWarm or cold storage, otherwise "
    "the domain must be recreated and its data restored from a snapshot or "
    "reindexed. Some small instance types (t2/t3 small and medium) do not "
    "support it. " + _ONE_WAY
)
_NODE_TO_NODE_NOTE = (
    "Enabling it on an existing domain is a blue/green deployment in place "
    "(no downtime, node count doubles meanwhile); it needs OpenSearch or "
    "Elasticsearch 6.7 or later (6.0 for a new domain), otherwise the domain "
    "must be recreated. " + _ONE_WAY
)


def check_at_rest(view: View, ctx: Context) -> Iterator[Finding]:
    """ES.1: encryption at rest enabled; a missing block means disabled."""
    enabled, key = view["at_rest"], view["kms_key"]
    name = f"{view.type} {view.address!r}"
    if enabled.value is True:
        with_key = f" with the key in {key.label!r}" if is_set(key) else ""
        yield Finding(
            Status.PASS,
            f"{name} encrypts data at rest{with_key}: {enabled.label!r} is true.",
            (enabled, key),
        )
    else:
        yield from _off(name, enabled, "store its data unencrypted", _AT_REST_NOTE)


def check_node_to_node(view: View, ctx: Context) -> Iterator[Finding]:
    """ES.3: node-to-node encryption enabled, even for a single node."""
    enabled = view["node_to_node"]
    name = f"{view.type} {view.address!r}"
    if enabled.value is True:
        yield Finding(
            Status.PASS,
            f"{name} encrypts traffic between its nodes: {enabled.label!r} is true.",
            (enabled,),
        )
    else:
        yield from _off(
            name,
            enabled,
            "send traffic between its nodes unencrypted",
            _NODE_TO_NODE_NOTE,
        )


def _off(name: str, enabled: Field, effect: str, note: str) -> Iterator[Finding]:
    if enabled.unknown:
        yield undecided(name, enabled)
        return
    yield Finding(
        Status.FAIL,
        f"{name} would {effect}: {_stated(enabled)}; set {enabled.label!r} to true.",
        (enabled,),
        Fix(((enabled.name, True),), note),
    )


def _stated(enabled: Field) -> str:
    if enabled.absent:
        return f"{enabled.label!r} is not set and domains are unencrypted by default"
    where = " in the current state" if enabled.source is Source.PRIOR_STATE else ""
    return f"{enabled.label!r} is {shown(enabled.value)}{where}"


RULES = (
    Rule(
        id="OPENSEARCH001",
        control="ES.1",
        title="Encrypt OpenSearch and Elasticsearch domains at rest",
        description=(
            "A domain must enable encryption at rest. Domains are unencrypted "
            "unless the template or plan turns it on, and it cannot be turned "
            "off again."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_at_rest,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/es-controls.html#es-1",
    ),
    Rule(
        id="OPENSEARCH002",
        control="ES.3",
        title="Encrypt traffic between OpenSearch and Elasticsearch nodes",
        description=(
            "A domain must enable node-to-node encryption (TLS inside the "
            "domain). It is off unless set, and a single-node domain is not "
            "exempt."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_node_to_node,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/es-controls.html#es-3",
    ),
)
