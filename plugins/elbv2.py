"""Elastic Load Balancing target groups: encrypted health checks (ELB.21) and
an encrypted protocol to the targets (ELB.22)."""

from __future__ import annotations

from collections.abc import Iterator

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Spot
from sealgate.fields import Update
from sealgate.fields import View
from sealgate.model import Value
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status
from sealgate.rules import undecided

_TERRAFORM = {
    "protocol": Spot(("protocol",), Update.REPLACEMENT),
    "health_protocol": Spot(("health_check", 0, "protocol")),
    "target_type": Spot(("target_type",), Update.REPLACEMENT),
    "name": Spot(("name",), Update.REPLACEMENT),
    "tags": Spot(("tags",)),
}

FIELDS = FieldTable(
    {
        "AWS::ElasticLoadBalancingV2::TargetGroup": {
            "protocol": Spot(("Protocol",), Update.REPLACEMENT),
            "health_protocol": Spot(("HealthCheckProtocol",)),
            "target_type": Spot(("TargetType",), Update.REPLACEMENT),
            "name": Spot(("Name",), Update.REPLACEMENT),
            "tags": Spot(("Tags",)),
        },
        "aws_alb_target_group": _TERRAFORM,
        "aws_lb_target_group": _TERRAFORM,
    }
)

ENCRYPTED = frozenset({"HTTPS", "TLS", "QUIC"})
"""Target group protocols ELB.22 accepts."""

_HTTP_FAMILY = frozenset({"HTTP", "HTTPS"})
_HEALTH_NOTE = (
    "The health check protocol changes in place, but every target turns "
    "unhealthy unless it answers HTTPS on the health check port: serve TLS "
    "there first."
)


def check_health_check(view: View, ctx: Context) -> Iterator[Finding]:
    """ELB.21: health checks over HTTPS; the default (HTTP or TCP) fails."""
    health, protocol, target = (
        view["health_protocol"],
        view["protocol"],
        view["target_type"],
    )
    name = f"{view.type} {view.address!r}"
    if target.value == "lambda":
        return  # not applicable: Security Hub skips Lambda targets
    if health.value == "HTTPS":
        yield Finding(
            Status.PASS,
            f"{name} runs health checks over HTTPS: {health.label!r} is HTTPS.",
            (health,),
        )
        return
    unknown = _unknown(health, target)
    if unknown is not None:
        yield undecided(name, unknown)
        return
    yield Finding(
        Status.FAIL,
        f"{name} runs health checks unencrypted: {_health(health, protocol)}; "
        f"set {health.label!r} to HTTPS{_geneve(protocol)}.",
        (health, protocol),
        Fix((("health_protocol", "HTTPS"),), _HEALTH_NOTE),
    )


def _health(health: Field, protocol: Field) -> str:
    if not health.absent:
        return f"{health.label!r} is {health.value!r}"
    said = f"{health.label!r} is not set, so it relies on the default"
    if protocol.value in _HTTP_FAMILY:
        return f"{said}, HTTP for an {protocol.value} target group"
    if isinstance(protocol.value, str):
        return f"{said}, TCP for a {protocol.value} target group"
    return f"{said}, HTTP or TCP by the target group protocol"


def _geneve(protocol: Field) -> str:
    if protocol.value != "GENEVE":
        return ""
    return " (whether Security Hub evaluates GENEVE target groups is unverified)"


def check_protocol(view: View, ctx: Context) -> Iterator[Finding]:
    """ELB.22: HTTPS, TLS or QUIC to the targets; Lambda, ALB and GENEVE skipped."""
    protocol, target = view["protocol"], view["target_type"]
    name = f"{view.type} {view.address!r}"
    if target.value in ("lambda", "alb") or protocol.value == "GENEVE":
        return  # not applicable (Security Hub control text)
    if protocol.value in ENCRYPTED:
        yield Finding(
            Status.PASS,
            f"{name} reaches its targets over {protocol.value}: {protocol.label!r} "
            f"is {protocol.value}.",
            (protocol,),
        )
        return
    unknown = _unknown(protocol, target)
    if unknown is not None:
        yield undecided(name, unknown)
        return
    yield Finding(
        Status.FAIL,
        f"{name} reaches its targets unencrypted: {_stated(protocol)}; "
        f"{protocol.label!r} must be HTTPS, TLS or QUIC.",
        (protocol, target),
        _protocol_fix(protocol, view["name"]),
    )


def _stated(protocol: Field) -> str:
    if protocol.absent:
        return f"{protocol.label!r} is not set"
    if protocol.value == "TCP_QUIC":
        # the control lists QUIC only; TCP_QUIC also carries plain TCP
        return f"{protocol.label!r} is 'TCP_QUIC', which Security Hub does not list"
    return f"{protocol.label!r} is {protocol.value!r}"


_SECURE = {"HTTP": "HTTPS", "TCP": "TLS", "TCP_QUIC": "QUIC"}


def _protocol_fix(protocol: Field, name: Field) -> Fix | None:
    secure: Value = (
        _SECURE.get(protocol.value) if isinstance(protocol.value, str) else None
    )
    if secure is None:
        return None  # plain UDP has no encrypted twin to switch to
    note = (
        "The protocol of a target group cannot change: this creates a new "
        f"target group; its targets must serve {secure}, then move the "
        "listener rules to it."
    )
    if isinstance(name.value, str) and name.value:
        note += (
            f" It is named {name.value!r} in {name.label!r} and names are unique "
            "per Region, so give the new one another name (in Terraform, "
            "name_prefix with create_before_destroy)."
        )
    return Fix((("protocol", secure),), note)


def _unknown(*fields: Field) -> Field | None:
    return next((f for f in fields if f.unknown), None)


RULES = (
    Rule(
        id="ELBV2001",
        control="ELB.21",
        title="Use HTTPS health checks on load balancer target groups",
        description=(
            "A target group's health checks must use HTTPS. Left out, the "
            "protocol defaults to HTTP for HTTP and HTTPS target groups and to "
            "TCP for the others; Lambda targets are not judged."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_health_check,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-21",
    ),
    Rule(
        id="ELBV2002",
        control="ELB.22",
        title="Use an encrypted protocol between load balancers and targets",
        description=(
            "A target group must use HTTPS, TLS or QUIC. Lambda and ALB target "
            "types and GENEVE target groups are not judged; the protocol "
            "cannot change without replacing the target group."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_protocol,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-22",
    ),
)
