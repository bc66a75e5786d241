from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import zlib

import pytest

from sealgate import registry
from sealgate.packs import cfn_lint_folder
from sealgate.rules import Status
from sealgate.scan import scan
from tests.conftest import FIXTURES
from tests.conftest import ROOT
from tests.linter.packs.conftest import templates
from tests.linter.packs.conftest import tool_env

cfn_lint_rules = pytest.importorskip("sealgate.packs.cfn_lint_rules")
from cfnlint.context import ParameterSet  # noqa: E402
from cfnlint.decode import decode  # noqa: E402
from cfnlint.template import Template  # noqa: E402

QUEUES = FIXTURES / "cfn" / "sqs" / "adapters.yaml"
Key = tuple[str, str, str]


def test_numbers_fixed_for_known_controls() -> None:
    assert cfn_lint_rules.numbers({"SQS.1", "Kinesis.1", "ELB.22"}) == {
        "SQS.1": 9101,
        "Kinesis.1": 9111,
        "ELB.22": 9182,
    }


def test_numbers_stable_in_the_overflow_range_for_new_controls() -> None:
    assert cfn_lint_rules.numbers({"Zeta.9"}) == {"Zeta.9": 9927}
    assert 9900 + zlib.crc32(b"Zeta.9") % 100 == 9927


def test_numbers_clash_takes_the_next_free_number() -> None:
    # both names hash to 70; the first in sorted order keeps it
    assert cfn_lint_rules.numbers({"Own.2", "Own.15"}) == {
        "Own.15": 9970,
        "Own.2": 9971,
    }


def test_classes_one_pair_per_control() -> None:
    made = cfn_lint_rules.classes()

    sqs_fail, sqs_unknown = made["SealgateSQS1Fail"], made["SealgateSQS1Unknown"]
    assert (sqs_fail.id, sqs_unknown.id) == ("W9101", "I9101")
    assert (made["SealgateKinesis1Fail"].id, made["SealgateKinesis1Unknown"].id) == (
        "W9111",
        "I9111",
    )
    assert sqs_fail.shortdesc == "SQS.1: Encrypt SQS queues at rest"
    assert sqs_fail.description == (
        "Resources sealgate fails. A queue must use SSE-SQS or SSE-KMS. A new queue "
        "that sets neither gets SSE-SQS by default; setting SqsManagedSseEnabled to "
        "false without a key stores messages in plaintext."
    )
    assert sqs_unknown.description.startswith(
        "Resources sealgate cannot judge before deployment. "
    )
    assert sqs_fail.source_url == (
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1"
    )
    assert [rule.id for rule in sqs_fail.sealgate_rules] == ["SQS001"]
    assert (sqs_fail.status, sqs_unknown.status) == (Status.FAIL, Status.UNKNOWN)


def _matches(rule_class: type, template: Template) -> list[tuple[list[object], str]]:
    return [(m.path, m.message) for m in rule_class().match(template)]


def _template(
    path: pathlib.Path, filename: str | None, *sets: dict[str, object]
) -> Template:
    parsed, problems = decode(str(path))
    assert problems == []
    parameter_sets = [ParameterSet(None, values) for values in sets]
    return Template(filename, parsed, ["us-east-1"], parameter_sets=parameter_sets)


@pytest.mark.parametrize("filename", [str(QUEUES), None], ids=["file", "stdin"])
def test_fail_rule_matches_the_failing_resources(filename: str | None) -> None:
    made = cfn_lint_rules.classes()

    found = _matches(made["SealgateSQS1Fail"], _template(QUEUES, filename))

    fix = "'KmsMasterKeyId' is not set; set 'SqsManagedSseEnabled' to true"
    assert found == [
        (
            ["Resources", "OptedOutQueue", "Properties", "SqsManagedSseEnabled"],
            "AWS::SQS::Queue 'OptedOutQueue' stores messages unencrypted: "
            f"'SqsManagedSseEnabled' is false and {fix}.",
        ),
        (
            ["Resources", "ProdKeyQueue", "Properties", "SqsManagedSseEnabled"],
            "AWS::SQS::Queue 'ProdKeyQueue' stores messages unencrypted: "
            f"'SqsManagedSseEnabled' is false and {fix} (depends on conditions: "
            "pass when IsProd is true; fail when IsProd is false).",
        ),
    ]


def test_unknown_rule_matches_what_cannot_be_judged() -> None:
    made = cfn_lint_rules.classes()

    found = _matches(made["SealgateSQS1Unknown"], _template(QUEUES, str(QUEUES)))

    assert found == [
        (
            ["Resources", "DeployTimeSseQueue", "Properties", "SqsManagedSseEnabled"],
            "AWS::SQS::Queue 'DeployTimeSseQueue' cannot be judged before deployment: "
            "'SqsManagedSseEnabled' is supplied at deployment (parameter 'SseChoice' "
            "has no default).",
        )
    ]


def test_parameter_sets_default_to_none_given() -> None:
    assert cfn_lint_rules.parameter_sets(_template(QUEUES, str(QUEUES))) == [()]


def test_parameter_sets_are_the_values_cfn_lint_was_given() -> None:
    given = ({"Stage": "prod", "Subnets": ["a", "b"], "Count": 2}, {"Stage": "dev"})

    sets = cfn_lint_rules.parameter_sets(_template(QUEUES, str(QUEUES), *given))

    assert sets == [
        (("Count", "2"), ("Stage", "prod"), ("Subnets", "a,b")),
        (("Stage", "dev"),),
    ]


@pytest.mark.parametrize("filename", [str(QUEUES), None], ids=["file", "stdin"])
def test_fail_rule_judges_with_the_parameters_given(filename: str | None) -> None:
    made = cfn_lint_rules.classes()
    template = _template(QUEUES, filename, {"SseChoice": "false", "Stage": "prod"})

    found = _matches(made["SealgateSQS1Fail"], template)

    assert [path[1] for path, _ in found] == ["OptedOutQueue", "DeployTimeSseQueue"]


def test_fail_rule_reports_a_resource_once_across_parameter_sets() -> None:
    made = cfn_lint_rules.classes()
    template = _template(QUEUES, str(QUEUES), {"Stage": "dev"}, {"Stage": "prod"})

    found = _matches(made["SealgateSQS1Fail"], template)

    # OptedOutQueue fails the same way in both; ProdKeyQueue only in dev
    assert [path[1] for path, _ in found] == ["OptedOutQueue", "ProdKeyQueue"]


def test_fail_rule_points_at_the_resource_when_the_property_is_absent() -> None:
    made = cfn_lint_rules.classes()
    streams = FIXTURES / "cfn" / "kinesis" / "adapters.json"

    found = _matches(made["SealgateKinesis1Fail"], _template(streams, str(streams)))

    assert [path for path, _ in found] == [["Resources", "RawStream"]]


def test_unreadable_template_is_reported_once_per_control(
    tmp_path: pathlib.Path,
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    template = _template(broken, str(broken))
    broken.write_text("Resources:\n  Q: [x\n")  # changed under cfn-lint's feet
    made = cfn_lint_rules.classes()

    assert _matches(made["SealgateSQS1Fail"], template) == [
        (
            ["Resources"],
            "sealgate cannot read the template: invalid YAML: line 3: did not find "
            "expected ',' or ']'",
        )
    ]
    assert _matches(made["SealgateSQS1Unknown"], template) == []


_LEVELS = {"W": "fail", "I": "unknown"}
# the real cfn-lint command line, run by this interpreter (where sealgate is)
_CFN_LINT = "import sys; from cfnlint.runner import main; sys.exit(main())"


@pytest.mark.tool
def test_cfn_lint_with_the_pack_reports_what_sealgate_fails_and_cannot_judge(
    in_root: pathlib.Path,
) -> None:
    files = [os.path.relpath(path, ROOT) for path in templates()]
    ours_ids = {cls.id for cls in cfn_lint_rules.classes().values()}
    argv = [sys.executable, "-c", _CFN_LINT, "--append-rules", str(cfn_lint_folder())]
    argv += ["--include-checks", "I", "--format", "json", "--", *files]
    done = subprocess.run(
        argv, cwd=ROOT, env=tool_env(), capture_output=True, text=True, timeout=600
    )
    assert done.stderr == ""

    theirs: dict[Key, str] = {}
    for match in json.loads(done.stdout):
        rule_id = match["Rule"]["Id"]
        if rule_id not in ours_ids:
            continue  # cfn-lint's own rules
        control = match["Rule"]["ShortDescription"].split(":")[0]
        resource = match["Location"]["Path"][1]
        key = (match["Filename"], resource, control)
        assert key not in theirs, f"cfn-lint reported {key} twice"
        theirs[key] = _LEVELS[rule_id[0]]
    report = scan(files, registry.load())
    ours = {
        (v.resource.origin.file, v.resource.address, v.rule.control): v.status.value
        for v in report.verdicts
        if v.status is not Status.PASS
    }

    differences = [
        f"{key}: sealgate {ours.get(key, 'pass')}, cfn-lint {theirs.get(key, 'none')}"
        for key in sorted(set(ours) | set(theirs))
        if ours.get(key) != theirs.get(key)
    ]
    assert differences == []
    assert (
        theirs[("examples/orders-stack.yaml", "LegacyExportQueue", "SQS.1")] == "fail"
    )
    assert theirs[
        ("fixtures/cfn/sqs/adapters.yaml", "DeployTimeSseQueue", "SQS.1")
    ] == ("unknown")
