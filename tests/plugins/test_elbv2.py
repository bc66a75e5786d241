"""ELB.21 (ELBV2001) and ELB.22 (ELBV2002) on load balancer target groups."""

from __future__ import annotations

import pytest

from sealgate.fields import Update
from sealgate.rules import Status
from tests.plugins import verdicts

YAML = "cfn/elbv2/target-groups.yaml"
JSON = "cfn/elbv2/target-groups.json"
PLAN = "tfplan/elbv2/target-groups/plan.json"

VERDICTS = [
    pytest.param(
        YAML,
        "Secure",
        "ELBV2001",
        Status.PASS,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Secure' runs health "
            "checks over HTTPS: 'HealthCheckProtocol' is HTTPS."
        ),
        id="yaml-Secure-ELBV2001",
    ),
    pytest.param(
        YAML,
        "Secure",
        "ELBV2002",
        Status.PASS,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Secure' reaches its "
            "targets over HTTPS: 'Protocol' is HTTPS."
        ),
        id="yaml-Secure-ELBV2002",
    ),
    pytest.param(
        YAML,
        "Plain",
        "ELBV2001",
        Status.FAIL,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Plain' runs health checks "
            "unencrypted: 'HealthCheckProtocol' is not set, so it relies on the "
            "default, HTTP for an HTTP target group; set 'HealthCheckProtocol' "
            "to HTTPS."
        ),
        id="yaml-Plain-ELBV2001",
    ),
    pytest.param(
        YAML,
        "Plain",
        "ELBV2002",
        Status.FAIL,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Plain' reaches its "
            "targets unencrypted: 'Protocol' is 'HTTP'; 'Protocol' must be "
            "HTTPS, TLS or QUIC."
        ),
        id="yaml-Plain-ELBV2002",
    ),
    pytest.param(
        YAML,
        "Tcp",
        "ELBV2001",
        Status.FAIL,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Tcp' runs health checks "
            "unencrypted: 'HealthCheckProtocol' is 'TCP'; set "
            "'HealthCheckProtocol' to HTTPS."
        ),
        id="yaml-Tcp-ELBV2001",
    ),
    pytest.param(
        YAML,
        "Tcp",
        "ELBV2002",
        Status.FAIL,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Tcp' reaches its targets "
            "unencrypted: 'Protocol' is 'TCP'; 'Protocol' must be HTTPS, TLS or "
            "QUIC."
        ),
        id="yaml-Tcp-ELBV2002",
    ),
    pytest.param(
        YAML,
        "Quic",
        "ELBV2001",
        Status.PASS,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Quic' runs health checks "
            "over HTTPS: 'HealthCheckProtocol' is HTTPS."
        ),
        id="yaml-Quic-ELBV2001",
    ),
    pytest.param(
        YAML,
        "Quic",
        "ELBV2002",
        Status.FAIL,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Quic' reaches its targets "
            "unencrypted: 'Protocol' is 'TCP_QUIC', which Security Hub does not "
            "list; 'Protocol' must be HTTPS, TLS or QUIC."
        ),
        id="yaml-Quic-ELBV2002",
    ),
    pytest.param(
        YAML,
        "Appliances",
        "ELBV2001",
        Status.FAIL,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Appliances' runs health "
            "checks unencrypted: 'HealthCheckProtocol' is not set, so it relies "
            "on the default, TCP for a GENEVE target group; set "
            "'HealthCheckProtocol' to HTTPS (whether Security Hub evaluates "
            "GENEVE target groups is unverified)."
        ),
        id="yaml-Appliances-ELBV2001",
    ),
    pytest.param(
        YAML,
        "FromParameter",
        "ELBV2001",
        Status.UNKNOWN,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'FromParameter' cannot be "
            "judged before deployment: 'HealthCheckProtocol' is supplied at "
            "deployment (parameter 'HealthProtocol' has no default)."
        ),
        id="yaml-FromParameter-ELBV2001",
    ),
    pytest.param(
        YAML,
        "FromParameter",
        "ELBV2002",
        Status.PASS,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'FromParameter' reaches "
            "its targets over HTTPS: 'Protocol' is HTTPS."
        ),
        id="yaml-FromParameter-ELBV2002",
    ),
    pytest.param(
        JSON,
        "Mqtt",
        "ELBV2001",
        Status.FAIL,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Mqtt' runs health checks "
            "unencrypted: 'HealthCheckProtocol' is not set, so it relies on the "
            "default, TCP for a TLS target group; set 'HealthCheckProtocol' to "
            "HTTPS."
        ),
        id="json-Mqtt-ELBV2001",
    ),
    pytest.param(
        JSON,
        "Mqtt",
        "ELBV2002",
        Status.PASS,
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup 'Mqtt' reaches its targets "
            "over TLS: 'Protocol' is TLS."
        ),
        id="json-Mqtt-ELBV2002",
    ),
    pytest.param(
        PLAN,
        "aws_alb_target_group.https",
        "ELBV2001",
        Status.PASS,
        (
            "aws_alb_target_group 'aws_alb_target_group.https' runs health "
            "checks over HTTPS: 'health_check[0].protocol' is HTTPS."
        ),
        id="plan-aws_alb_target_group.https-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.alb",
        "ELBV2001",
        Status.PASS,
        (
            "aws_lb_target_group 'aws_lb_target_group.alb' runs health checks "
            "over HTTPS: 'health_check[0].protocol' is HTTPS."
        ),
        id="plan-aws_lb_target_group.alb-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.appliances",
        "ELBV2001",
        Status.FAIL,
        (
            "aws_lb_target_group 'aws_lb_target_group.appliances' runs health "
            "checks unencrypted: 'health_check[0].protocol' is 'TCP'; set "
            "'health_check[0].protocol' to HTTPS (whether Security Hub evaluates "
            "GENEVE target groups is unverified)."
        ),
        id="plan-aws_lb_target_group.appliances-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.http_default",
        "ELBV2001",
        Status.FAIL,
        (
            "aws_lb_target_group 'aws_lb_target_group.http_default' runs health "
            "checks unencrypted: 'health_check[0].protocol' is not set, so it "
            "relies on the default, HTTP for an HTTP target group; set "
            "'health_check[0].protocol' to HTTPS."
        ),
        id="plan-aws_lb_target_group.http_default-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.prefixed",
        "ELBV2001",
        Status.FAIL,
        (
            "aws_lb_target_group 'aws_lb_target_group.prefixed' runs health "
            "checks unencrypted: 'health_check[0].protocol' is not set, so it "
            "relies on the default, HTTP for an HTTP target group; set "
            "'health_check[0].protocol' to HTTPS."
        ),
        id="plan-aws_lb_target_group.prefixed-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.tls",
        "ELBV2001",
        Status.FAIL,
        (
            "aws_lb_target_group 'aws_lb_target_group.tls' runs health checks "
            "unencrypted: 'health_check[0].protocol' is 'HTTP'; set "
            "'health_check[0].protocol' to HTTPS."
        ),
        id="plan-aws_lb_target_group.tls-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.udp",
        "ELBV2001",
        Status.FAIL,
        (
            "aws_lb_target_group 'aws_lb_target_group.udp' runs health checks "
            "unencrypted: 'health_check[0].protocol' is 'TCP'; set "
            "'health_check[0].protocol' to HTTPS."
        ),
        id="plan-aws_lb_target_group.udp-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_alb_target_group.https",
        "ELBV2002",
        Status.PASS,
        (
            "aws_alb_target_group 'aws_alb_target_group.https' reaches its "
            "targets over HTTPS: 'protocol' is HTTPS."
        ),
        id="plan-aws_alb_target_group.https-ELBV2002",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.http_default",
        "ELBV2002",
        Status.FAIL,
        (
            "aws_lb_target_group 'aws_lb_target_group.http_default' reaches its "
            "targets unencrypted: 'protocol' is 'HTTP'; 'protocol' must be "
            "HTTPS, TLS or QUIC."
        ),
        id="plan-aws_lb_target_group.http_default-ELBV2002",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.prefixed",
        "ELBV2002",
        Status.FAIL,
        (
            "aws_lb_target_group 'aws_lb_target_group.prefixed' reaches its "
            "targets unencrypted: 'protocol' is 'HTTP'; 'protocol' must be "
            "HTTPS, TLS or QUIC."
        ),
        id="plan-aws_lb_target_group.prefixed-ELBV2002",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.tls",
        "ELBV2002",
        Status.PASS,
        (
            "aws_lb_target_group 'aws_lb_target_group.tls' reaches its targets "
            "over TLS: 'protocol' is TLS."
        ),
        id="plan-aws_lb_target_group.tls-ELBV2002",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.udp",
        "ELBV2002",
        Status.FAIL,
        (
            "aws_lb_target_group 'aws_lb_target_group.udp' reaches its targets "
            "unencrypted: 'protocol' is 'UDP'; 'protocol' must be HTTPS, TLS or "
            "QUIC."
        ),
        id="plan-aws_lb_target_group.udp-ELBV2002",
    ),
]

FIXES = [
    pytest.param(
        YAML,
        "Plain",
        "ELBV2001",
        Update.IN_PLACE,
        "Resources:\n  Plain:\n    Properties:\n      HealthCheckProtocol: HTTPS\n",
        id="yaml-Plain-ELBV2001",
    ),
    pytest.param(
        YAML,
        "Plain",
        "ELBV2002",
        Update.REPLACEMENT,
        "Resources:\n  Plain:\n    Properties:\n      Protocol: HTTPS\n",
        id="yaml-Plain-ELBV2002",
    ),
    pytest.param(
        YAML,
        "Tcp",
        "ELBV2001",
        Update.IN_PLACE,
        "Resources:\n  Tcp:\n    Properties:\n      HealthCheckProtocol: HTTPS\n",
        id="yaml-Tcp-ELBV2001",
    ),
    pytest.param(
        YAML,
        "Tcp",
        "ELBV2002",
        Update.REPLACEMENT,
        "Resources:\n  Tcp:\n    Properties:\n      Protocol: TLS\n",
        id="yaml-Tcp-ELBV2002",
    ),
    pytest.param(
        YAML,
        "Quic",
        "ELBV2002",
        Update.REPLACEMENT,
        "Resources:\n  Quic:\n    Properties:\n      Protocol: QUIC\n",
        id="yaml-Quic-ELBV2002",
    ),
    pytest.param(
        YAML,
        "Appliances",
        "ELBV2001",
        Update.IN_PLACE,
        (
            "Resources:\n"
            "  Appliances:\n"
            "    Properties:\n"
            "      HealthCheckProtocol: HTTPS\n"
        ),
        id="yaml-Appliances-ELBV2001",
    ),
    pytest.param(
        JSON,
        "Mqtt",
        "ELBV2001",
        Update.IN_PLACE,
        (
            "{\n"
            '  "Resources": {\n'
            '    "Mqtt": {\n'
            '      "Properties": {\n'
            '        "HealthCheckProtocol": "HTTPS"\n'
            "      }\n"
            "    }\n"
            "  }\n"
            "}\n"
        ),
        id="json-Mqtt-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.appliances",
        "ELBV2001",
        Update.IN_PLACE,
        (
            'resource "aws_lb_target_group" "appliances" {\n'
            "  health_check {\n"
            "    enabled = true\n"
            "    healthy_threshold = 3\n"
            "    interval = 30\n"
            '    port = "80"\n'
            '    protocol = "HTTPS"\n'
            "    unhealthy_threshold = 3\n"
            "  }\n"
            "}\n"
        ),
        id="plan-aws_lb_target_group.appliances-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.http_default",
        "ELBV2001",
        Update.IN_PLACE,
        (
            'resource "aws_lb_target_group" "http_default" {\n'
            "  health_check {\n"
            '    protocol = "HTTPS"\n'
            "  }\n"
            "}\n"
        ),
        id="plan-aws_lb_target_group.http_default-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.prefixed",
        "ELBV2001",
        Update.IN_PLACE,
        (
            'resource "aws_lb_target_group" "prefixed" {\n'
            "  health_check {\n"
            '    protocol = "HTTPS"\n'
            "  }\n"
            "}\n"
        ),
        id="plan-aws_lb_target_group.prefixed-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.tls",
        "ELBV2001",
        Update.IN_PLACE,
        (
            'resource "aws_lb_target_group" "tls" {\n'
            "  health_check {\n"
            "    enabled = true\n"
            "    healthy_threshold = 3\n"
            "    interval = 30\n"
            '    port = "8080"\n'
            '    protocol = "HTTPS"\n'
            "    unhealthy_threshold = 3\n"
            "  }\n"
            "}\n"
        ),
        id="plan-aws_lb_target_group.tls-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.udp",
        "ELBV2001",
        Update.IN_PLACE,
        (
            'resource "aws_lb_target_group" "udp" {\n'
            "  health_check {\n"
            "    enabled = true\n"
            "    healthy_threshold = 3\n"
            "    interval = 30\n"
            '    port = "8080"\n'
            '    protocol = "HTTPS"\n'
            "    unhealthy_threshold = 3\n"
            "  }\n"
            "}\n"
        ),
        id="plan-aws_lb_target_group.udp-ELBV2001",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.http_default",
        "ELBV2002",
        Update.REPLACEMENT,
        'resource "aws_lb_target_group" "http_default" {\n  protocol = "HTTPS"\n}\n',
        id="plan-aws_lb_target_group.http_default-ELBV2002",
    ),
    pytest.param(
        PLAN,
        "aws_lb_target_group.prefixed",
        "ELBV2002",
        Update.REPLACEMENT,
        'resource "aws_lb_target_group" "prefixed" {\n  protocol = "HTTPS"\n}\n',
        id="plan-aws_lb_target_group.prefixed-ELBV2002",
    ),
]


@pytest.mark.parametrize(("fixture", "resource", "rule", "status", "message"), VERDICTS)
def test_elbv2_verdict(
    fixture: str, resource: str, rule: str, status: Status, message: str
) -> None:
    verdicts.check_verdict(fixture, resource, rule, status, message)


@pytest.mark.parametrize(("fixture", "resource", "rule", "kind", "snippet"), FIXES)
def test_elbv2_fix(
    fixture: str, resource: str, rule: str, kind: Update, snippet: str
) -> None:
    verdicts.check_fix(fixture, resource, rule, kind, snippet)


@pytest.mark.parametrize("fixture", [YAML, JSON, PLAN])
def test_elbv2_tables_complete(fixture: str) -> None:
    verdicts.check_complete(fixture, "ELBV2", VERDICTS, FIXES)


@pytest.mark.parametrize(
    ("fixture", "resource", "note"),
    [
        pytest.param(
            YAML,
            "Plain",
            "The protocol of a target group cannot change: this creates a new "
            "target group; its targets must serve HTTPS, then move the listener "
            "rules to it. It is named 'plain' in 'Name' and names are unique per "
            "Region, so give the new one another name (in Terraform, name_prefix "
            "with create_before_destroy).",
            id="named",
        ),
        pytest.param(
            PLAN,
            "aws_lb_target_group.prefixed",
            "The protocol of a target group cannot change: this creates a new "
            "target group; its targets must serve HTTPS, then move the listener "
            "rules to it.",
            id="name-prefix",
        ),
    ],
)
def test_elbv2_protocol_fix_note(fixture: str, resource: str, note: str) -> None:
    remedy = verdicts.on(fixture)[(resource, "ELBV2002")].remedy
    assert remedy is not None
    assert remedy.note == note


def test_elbv2_health_check_fix_note_warns_about_targets() -> None:
    remedy = verdicts.on(YAML)[("Plain", "ELBV2001")].remedy
    assert remedy is not None
    assert remedy.note == (
        "The health check protocol changes in place, but every target turns "
        "unhealthy unless it answers HTTPS on the health check port: serve TLS "
        "there first."
    )


REPLACE = "tfplan/elbv2/replace/plan.json"


def test_elbv2_health_check_fix_follows_the_plans_replacement() -> None:
    # the health check alone changes in place, but this plan replaces the group
    verdict = verdicts.on(REPLACE)[("aws_lb_target_group.web", "ELBV2001")]
    assert verdict.status is Status.FAIL
    assert verdict.message == (
        "aws_lb_target_group 'aws_lb_target_group.web' runs health checks "
        "unencrypted: 'health_check[0].protocol' is not set, so it relies on the "
        "default, HTTP for an HTTPS target group; set 'health_check[0].protocol' "
        "to HTTPS."
    )
    assert verdict.remedy is not None
    assert verdict.remedy.kind is Update.REPLACEMENT


def test_elbv2_replacement_passes_on_its_new_protocol() -> None:
    verdict = verdicts.on(REPLACE)[("aws_lb_target_group.web", "ELBV2002")]
    assert (verdict.status, verdict.remedy) == (Status.PASS, None)
