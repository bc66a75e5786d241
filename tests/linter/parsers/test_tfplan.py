from __future__ import annotations

import json
from typing import Any

from sealgate.model import Unknown
from sealgate.parsers import tfplan
from tests.conftest import FIXTURES


def _plan(name: str) -> Any:
    path = FIXTURES / "tfplan" / name / "plan.json"
    return tfplan.parse(json.loads(path.read_text()), str(path))


def _resource(document: Any, address: str) -> Any:
    return next(r for r in document.resources if r.address == address)


def test_tfplan_json_document_read_as_object() -> None:
    resource = _resource(
        _plan("emr/configurations"), "aws_emr_security_configuration.at_rest"
    )
    assert resource.properties["configuration"] == {
        "EncryptionConfiguration": {
            "AtRestEncryptionConfiguration": {
                "S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}
            },
            "EnableAtRestEncryption": True,
            "EnableInTransitEncryption": False,
        }
    }


def test_tfplan_json_document_string_flags_become_booleans() -> None:
    resource = _resource(
        _plan("emr/configurations"), "aws_emr_security_configuration.string_flag"
    )
    flags = resource.properties["configuration"]["EncryptionConfiguration"]
    assert (flags["EnableAtRestEncryption"], flags["EnableInTransitEncryption"]) == (
        True,
        False,
    )


def test_tfplan_json_document_unknown_keeps_its_reason() -> None:
    resource = _resource(
        _plan("emr/configurations"), "aws_emr_security_configuration.new_key"
    )
    assert resource.properties["configuration"] == Unknown(
        "known only after apply (from aws_kms_key.emr)",
        present=True,
        refs=("aws_kms_key.emr",),
    )


def test_tfplan_json_document_in_prior_state_read_as_object() -> None:
    resource = _resource(
        _plan("emr/replace"), "aws_emr_security_configuration.analytics"
    )
    assert resource.plan is not None and resource.plan.before is not None
    before = resource.plan.before["configuration"]
    assert before["EncryptionConfiguration"]["EnableAtRestEncryption"] is True


def _policy_plan(policy: str) -> Any:
    change = {
        "address": "aws_iam_policy.p",
        "mode": "managed",
        "type": "aws_iam_policy",
        "name": "p",
        "change": {
            "actions": ["create"],
            "before": None,
            "after": {"name": "p", "policy": policy},
            "after_unknown": {},
        },
    }
    plan = {"format_version": "1.2", "resource_changes": [change]}
    return tfplan.parse(plan, "plan.json").resources[0].properties["policy"]


def test_tfplan_policy_document_read_as_object() -> None:
    policy = '{"Version": "2012-10-17", "Statement": []}'
    assert _policy_plan(policy) == {"Version": "2012-10-17", "Statement": []}


def test_tfplan_document_that_is_not_json_kept_as_text() -> None:
    assert _policy_plan("not json {") == "not json {"


def test_tfplan_replacement_leaves_computed_defaults_to_the_service() -> None:
    # a replaced queue is a new queue: the SSE-SQS default applies again
    resource = _resource(_plan("sqs/replace"), "aws_sqs_queue.batch")
    assert "sqs_managed_sse_enabled" not in resource.properties


def test_tfplan_replacement_block_left_to_the_provider_is_absent() -> None:
    resource = _resource(_plan("elbv2/replace"), "aws_lb_target_group.web")
    assert "health_check" not in resource.properties
