"""What fails the gate: one row per selection and per decision."""

from __future__ import annotations

import dataclasses
import pathlib

import pytest

from sealgate import exit_codes
from sealgate import policy
from sealgate import registry
from sealgate.config import Settings
from sealgate.engine import Verdict
from sealgate.errors import InputError
from sealgate.errors import LinterError
from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import Resource
from sealgate.plugins import kinesis
from sealgate.plugins import sqs
from sealgate.policy import Policy
from sealgate.policy import State
from sealgate.rules import Severity
from sealgate.rules import Status
from sealgate.scan import Report
from sealgate.scan import scan
from sealgate.suppression import Suppression
from tests.conftest import FIXTURES

SQS = sqs.RULES[0]
KINESIS = kinesis.RULES[0]
EXPERIMENTAL = dataclasses.replace(SQS, id="SQS900", experimental=True)


@pytest.mark.parametrize(
    ("rule", "select", "ignore", "expected"),
    [
        pytest.param(SQS, (), (), True, id="default-selects-all"),
        pytest.param(EXPERIMENTAL, (), (), False, id="default-skips-experimental"),
        pytest.param(EXPERIMENTAL, ("SQS900",), (), True, id="explicit-experimental"),
        pytest.param(SQS, ("KINESIS",), (), False, id="select-other-family"),
        pytest.param(SQS, ("SQS",), (), True, id="select-family-prefix"),
        pytest.param(SQS, ("SQS.1",), (), True, id="select-control"),
        pytest.param(SQS, ("SQS.10",), (), False, id="control-is-never-a-prefix"),
        pytest.param(SQS, (), ("SQS",), False, id="explicit-ignore-beats-default"),
        pytest.param(SQS, ("SQS001",), ("SQS",), True, id="longer-select-wins"),
        pytest.param(SQS, ("SQS",), ("SQS001",), False, id="longer-ignore-wins"),
        pytest.param(SQS, ("SQS.1",), ("SQS",), True, id="control-beats-family"),
        pytest.param(SQS, ("SQS",), ("SQS.1",), False, id="ignored-control"),
        pytest.param(SQS, ("SQS",), ("SQS",), False, id="tie-ignores"),
        pytest.param(KINESIS, ("SQS",), ("SQS001",), False, id="unselected-family"),
    ],
)
def test_policy_selected(rule, select, ignore, expected) -> None:
    assert policy.selected(rule, select, ignore) is expected


def _verdict(status: Status, rule=SQS) -> Verdict:
    origin = Origin(Format.CFN_YAML, "t.yaml", 3, "Queue")
    resource = Resource(origin, "AWS::SQS::Queue", {})
    return Verdict(rule, resource, status, "message.")


REASONED = Suppression("SQS.1", "public data only", "t.yaml:3 Metadata")
REASONLESS = Suppression("SQS.1", "", "t.yaml:3 Metadata")
HIGH = Policy(fail_on=Severity.HIGH)


@pytest.mark.parametrize(
    ("status", "settings", "suppression", "in_baseline", "expected"),
    [
        pytest.param(Status.FAIL, Policy(), None, False, State.FAILING, id="fail"),
        pytest.param(Status.PASS, Policy(), None, False, State.NOT_FAILED, id="pass"),
        pytest.param(
            Status.UNKNOWN, Policy(), None, False, State.NOT_FAILED, id="unknown"
        ),
        pytest.param(
            Status.FAIL,
            Policy(ignore=("SQS",)),
            None,
            False,
            State.FILTERED,
            id="filtered",
        ),
        pytest.param(
            Status.FAIL, Policy(), REASONED, False, State.SUPPRESSED, id="suppressed"
        ),
        pytest.param(
            Status.FAIL,
            Policy(),
            REASONLESS,
            False,
            State.FAILING,
            id="no-reason-no-suppression",
        ),
        pytest.param(
            Status.UNKNOWN,
            Policy(),
            REASONED,
            False,
            State.SUPPRESSED,
            id="unknown-suppressed",
        ),
        pytest.param(
            Status.PASS,
            Policy(),
            REASONED,
            False,
            State.NOT_FAILED,
            id="pass-stays-pass",
        ),
        pytest.param(Status.FAIL, Policy(), None, True, State.BASELINED, id="baseline"),
        pytest.param(
            Status.FAIL,
            Policy(),
            REASONED,
            True,
            State.SUPPRESSED,
            id="suppression-beats-baseline",
        ),
        pytest.param(
            Status.FAIL,
            HIGH,
            None,
            False,
            State.BELOW_THRESHOLD,
            id="medium-below-high",
        ),
        pytest.param(
            Status.FAIL,
            Policy(fail_on=Severity.MEDIUM),
            None,
            False,
            State.FAILING,
            id="medium-at-medium",
        ),
        pytest.param(
            Status.FAIL,
            HIGH,
            None,
            True,
            State.BASELINED,
            id="baseline-beats-threshold",
        ),
    ],
)
def test_policy_decide(status, settings, suppression, in_baseline, expected) -> None:
    verdict = _verdict(status)
    assert policy.decide(verdict, settings, suppression, in_baseline) is expected


def _report(*verdicts: Verdict, errors=()) -> Report:
    return Report(tuple(verdicts), tuple(errors), 1, ("t.yaml",))


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        pytest.param(_report(), exit_codes.CLEAN, id="empty"),
        pytest.param(_report(_verdict(Status.FAIL)), exit_codes.FINDINGS, id="fail"),
        pytest.param(_report(_verdict(Status.UNKNOWN)), exit_codes.CLEAN, id="unknown"),
        pytest.param(
            _report(_verdict(Status.FAIL), errors=[InputError("b.yaml", "bad")]),
            exit_codes.INPUT_ERROR,
            id="errors-win",
        ),
    ],
)
def test_policy_exit_code(report: Report, expected: int) -> None:
    assert policy.exit_code(policy.apply(report, Policy())) == expected


def test_policy_exit_code_below_threshold_is_clean() -> None:
    report = policy.apply(_report(_verdict(Status.FAIL)), HIGH)
    assert policy.exit_code(report) == exit_codes.CLEAN


def _states(path: pathlib.Path, settings: Policy) -> dict[str, tuple[str, str | None]]:
    report = policy.apply(scan([str(path)], registry.load()), settings)
    return {
        v.resource.address: (
            v.decision.state.value,
            v.decision.suppression.reason if v.decision.suppression else None,
        )
        for v in report.verdicts
    }


def test_policy_apply_cloudformation_metadata() -> None:
    path = FIXTURES / "cfn" / "sqs" / "suppressed.yaml"
    report = policy.apply(scan([str(path)], registry.load()), Policy())
    assert _states(path, Policy()) == {
        "PublicPricesQueue": (
            "suppressed",
            "the queue only carries public price lists",
        ),
        "ReportExportsQueue": ("failing", None),
        "AuditQueue": ("failing", None),
    }
    assert report.warnings == (
        f"{path}:17 Metadata: the suppression of SQS001 on 'ReportExportsQueue' has "
        "no reason, so SQS001 still counts; give one, as in `reason: <why it does "
        "not apply>` beside `rule: SQS001`.",
        f"{path}:27 Metadata: the suppression of Kinesis.1 on 'AuditQueue' names "
        "no rule that judges it (SQS.1); check its spelling.",
    )


def test_policy_apply_without_inline_suppressions() -> None:
    path = FIXTURES / "cfn" / "sqs" / "suppressed.yaml"
    states = _states(path, Policy(inline_suppressions=False))
    assert states["PublicPricesQueue"] == ("failing", None)


def test_policy_apply_terraform_comments_through_source() -> None:
    case = FIXTURES / "tfplan" / "sqs" / "suppressed"
    plan = case / "plan.json"
    report = policy.apply(scan([str(plan)], registry.load()), Policy(source=str(case)))
    assert _states(plan, Policy(source=str(case))) == {
        "aws_sqs_queue.audit": ("failing", None),
        "aws_sqs_queue.exports": ("failing", None),
        "aws_sqs_queue.prices": (
            "suppressed",
            "the queue only carries public price lists",
        ),
    }
    assert report.warnings == (
        f"{case}/main.tf:18: the suppression of SQS001 on 'aws_sqs_queue.exports' "
        "has no reason, so SQS001 still counts; give one, as in `# sealgate:ignore "
        "SQS001 <why it does not apply>`.",
    )


def test_policy_apply_plan_without_source_reads_no_comments() -> None:
    plan = FIXTURES / "tfplan" / "sqs" / "suppressed" / "plan.json"
    states = _states(plan, Policy())
    assert states["aws_sqs_queue.prices"] == ("failing", None)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        pytest.param(
            ["SQS.9"],
            "select 'SQS.9' matches no rule; known controls: APIGateway.5, "
            "Backup.1, CodeBuild.7, ELB.21, ELB.22, EMR.3, ES.1, ES.3, Glue.3, "
            "KMS.KeyAccess, KMS.ServiceSource, Kinesis.1, Plan.Replacement, SQS.1, "
            "SQS.KmsDataKeyReuse, Tier.CustomerKey.",
            id="no-such-control",
        ),
        pytest.param(
            ["SQS 1"],
            "select 'SQS 1' is neither a rule id (SQS001), an id prefix (SQS) nor "
            "a control (SQS.1).",
            id="bad-shape",
        ),
    ],
)
def test_policy_build_refuses_tokens(values, message) -> None:
    with pytest.raises(LinterError) as caught:
        policy.build(Settings(select=tuple(values)), registry.load(), None)
    assert str(caught.value) == message


def test_policy_tokens_split_commas_and_uppercase() -> None:
    assert policy.tokens(["sqs.1, kinesis", "SQS001"], "select") == (
        "SQS.1",
        "KINESIS",
        "SQS001",
    )


def test_policy_apply_terraform_file_comments(run_json) -> None:
    main = FIXTURES / "tfplan" / "sqs" / "suppressed" / "main.tf"
    _, report = run_json(str(main))
    gates = {r["resource"]: r["gate"] for r in report["results"]}
    assert gates == {
        "aws_sqs_queue.audit": "failing",
        "aws_sqs_queue.exports": "failing",
        "aws_sqs_queue.prices": "suppressed",
    }


def test_policy_apply_warns_of_a_suppression_naming_no_rule(
    tmp_path: pathlib.Path,
) -> None:
    # found by trying it: `rule: SQS.99` was ignored without a word
    template = tmp_path / "typo.yaml"
    template.write_text(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n"
        "      sealgate:\n        ignore:\n"
        '          - {rule: SQS.99, reason: "public data"}\n'
        "    Properties: {SqsManagedSseEnabled: false}\n"
    )
    report = policy.apply(scan([str(template)], registry.load()), Policy())
    assert report.warnings == (
        f"{template}:2 Metadata: the suppression of SQS.99 on 'Q' names no rule "
        "that judges it (SQS.1); check its spelling.",
    )
    assert [v.decision.state for v in report.verdicts if v.decision] == [State.FAILING]
