"""Property-based tests: whatever the input, only sealgate's own errors escape.

Generated templates (the resource types the plugins judge, property trees
with intrinsics, string booleans and values of the wrong type) and plan
fragments (the right shape mixed with junk anywhere) go through the parsers,
the engine and both reporters. A parser may refuse its input with a
LinterError; nothing else may escape, and the engine never raises on what a
parser produced except InputError for a value of the wrong kind.
"""

from __future__ import annotations

import json
import os
import pathlib
import tempfile
from typing import Any

import yaml
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from sealgate import engine
from sealgate import load
from sealgate import registry
from sealgate.errors import InputError
from sealgate.errors import LinterError
from sealgate.model import Document
from sealgate.model import Format
from sealgate.parsers import cfn
from sealgate.parsers import tfplan
from sealgate.reporters import json_report
from sealgate.reporters import text_report
from sealgate.scan import Report
from tests.conftest import FIXTURES
from tests.conftest import ROOT

# "ci" is the bounded run of every test session; HYPOTHESIS_PROFILE=long
# searches further before a release
_FUZZ = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=200, **_FUZZ)
settings.register_profile("long", max_examples=5_000, **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REGISTRY = registry.load()
JUDGED = sorted({t for rule in REGISTRY.rules for t in rule.resource_types})
CFN_TYPES = [t for t in JUDGED if t.startswith("AWS::")] + ["AWS::KMS::Key"]
TF_TYPES = [t for t in JUDGED if not t.startswith("AWS::")] + ["aws_kms_key"]

# ---- CloudFormation templates ----


def _mostly(good: st.SearchStrategy[Any], junk: st.SearchStrategy[Any]) -> Any:
    """``good`` nine times in ten, so that most examples reach the engine."""
    return st.integers(0, 9).flatmap(lambda pick: junk if pick == 0 else good)


LOGICAL_IDS = st.sampled_from(["Key", "Queue", "Stream", "Other"])
PARAMETERS = st.sampled_from(["Env", "KeyArn"])
CONDITIONS = st.sampled_from(["IsProd", "IsDev", "Undefined"])
PROPERTY_NAMES = st.sampled_from(
    [
        "KmsMasterKeyId",
        "SqsManagedSseEnabled",
        "KmsDataKeyReusePeriodSeconds",
        "StreamEncryption",
        "EncryptionType",
        "KeyId",
        "ShardCount",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(
        ["true", "false", "True", "KMS", "NONE", "alias/aws/sqs", "", "${Env}"]
    ),
)
NAMES = st.one_of(
    LOGICAL_IDS, PARAMETERS, st.sampled_from(["AWS::Region", "AWS::NoValue"])
)


def _intrinsics(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    arguments = st.one_of(children, st.lists(children, max_size=4))
    return st.one_of(
        st.builds(lambda name: {"Ref": name}, st.one_of(NAMES, children)),
        st.builds(
            lambda a, b: {"Fn::GetAtt": [a, b]}, LOGICAL_IDS, st.text(max_size=4)
        ),
        st.builds(lambda arg: {"Fn::GetAtt": arg}, arguments),
        st.builds(
            lambda c, a, b: {"Fn::If": [c, a, b]}, CONDITIONS, children, children
        ),
        st.builds(lambda arg: {"Fn::If": arg}, arguments),
        st.builds(
            lambda text: {"Fn::Sub": text},
            st.sampled_from(["${Env}-${Key.Arn}", "${!x}"]),
        ),
        st.builds(lambda arg: {"Fn::Sub": arg}, arguments),
        st.builds(lambda d, items: {"Fn::Join": [d, items]}, children, children),
        *(
            st.builds(lambda arg, name=name: {name: arg}, arguments)
            for name in (
                "Fn::Select",
                "Fn::Split",
                "Fn::FindInMap",
                "Fn::ImportValue",
                "Fn::Base64",
                "Fn::Join",
                "Condition",
            )
        ),
    )


VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.one_of(PROPERTY_NAMES, st.text(max_size=6)), children, max_size=3
        ),
        _intrinsics(children),
    ),
    max_leaves=12,
)
CONDITION_BODIES = st.one_of(
    st.builds(lambda a, b: {"Fn::Equals": [a, b]}, VALUES, VALUES),
    st.builds(lambda name: {"Condition": name}, CONDITIONS),
    st.builds(lambda c: {"Fn::Not": [{"Condition": c}]}, CONDITIONS),
    VALUES,
)
RESOURCES = st.fixed_dictionaries(
    {"Type": _mostly(st.sampled_from(CFN_TYPES), VALUES)},
    optional={
        "Properties": _mostly(
            st.dictionaries(PROPERTY_NAMES, VALUES, max_size=4), VALUES
        ),
        "Condition": _mostly(CONDITIONS, VALUES),
    },
)
PARAMETER_SPECS = st.fixed_dictionaries(
    {
        "Type": st.sampled_from(
            ["String", "CommaDelimitedList", "AWS::SSM::Parameter::Value<String>"]
        )
    },
    optional={"Default": VALUES},
)
TEMPLATES = st.fixed_dictionaries(
    {
        "Resources": _mostly(
            st.dictionaries(LOGICAL_IDS, _mostly(RESOURCES, VALUES), max_size=4),
            VALUES,
        )
    },
    optional={
        "AWSTemplateFormatVersion": st.just("2010-09-09"),
        "Parameters": _mostly(
            st.dictionaries(PARAMETERS, _mostly(PARAMETER_SPECS, VALUES), max_size=2),
            VALUES,
        ),
        "Conditions": _mostly(
            st.dictionaries(CONDITIONS, CONDITION_BODIES, max_size=2), VALUES
        ),
        "Mappings": VALUES,
    },
)

# ---- Terraform plans ----

JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(max_size=6), children, max_size=3),
    ),
    max_leaves=8,
)
ATTRIBUTES = st.sampled_from(
    [
        "kms_master_key_id",
        "sqs_managed_sse_enabled",
        "encryption_type",
        "kms_key_id",
        "name",
    ]
)
ATTRIBUTE_VALUES = st.one_of(
    st.sampled_from(["KMS", "NONE", "alias/aws/kinesis", True, False]), JSON_VALUES
)
REFERENCES = st.lists(
    st.sampled_from(
        [
            "aws_kms_key.k",
            "aws_kms_key.k.arn",
            "var.key",
            "module.m.key",
            "data.aws_kms_key.k.arn",
            "local.x",
        ]
    ),
    max_size=3,
)
EXPRESSIONS = st.dictionaries(
    ATTRIBUTES,
    _mostly(st.fixed_dictionaries({"references": REFERENCES}), JSON_VALUES),
    max_size=3,
)
DECLARED = st.fixed_dictionaries(
    {
        "type": st.sampled_from(TF_TYPES),
        "name": st.sampled_from(["q", "s"]),
        "expressions": _mostly(EXPRESSIONS, JSON_VALUES),
    }
)
MODULES = st.fixed_dictionaries(
    {},
    optional={
        "resources": _mostly(st.lists(DECLARED, max_size=2), JSON_VALUES),
        "outputs": _mostly(
            st.dictionaries(
                st.just("key"),
                st.fixed_dictionaries(
                    {"expression": st.fixed_dictionaries({"references": REFERENCES})}
                ),
            ),
            JSON_VALUES,
        ),
    },
)
CONFIGURATIONS = st.fixed_dictionaries(
    {
        "root_module": st.fixed_dictionaries(
            {"resources": st.lists(DECLARED, max_size=2)},
            optional={
                "module_calls": st.dictionaries(
                    st.sampled_from(["m", "a"]),
                    st.fixed_dictionaries(
                        {"module": MODULES},
                        optional={"expressions": EXPRESSIONS},
                    ),
                    max_size=2,
                )
            },
        )
    }
)
CHANGES = st.fixed_dictionaries(
    {
        "actions": _mostly(
            st.sampled_from(
                [["create"], ["update"], ["delete", "create"], ["no-op"], ["read"]]
            ),
            JSON_VALUES,
        )
    },
    optional={
        "before": _mostly(st.dictionaries(ATTRIBUTES, ATTRIBUTE_VALUES), JSON_VALUES),
        "after": _mostly(st.dictionaries(ATTRIBUTES, ATTRIBUTE_VALUES), JSON_VALUES),
        "after_unknown": _mostly(
            st.dictionaries(ATTRIBUTES, st.one_of(st.booleans(), JSON_VALUES)),
            JSON_VALUES,
        ),
        "replace_paths": _mostly(st.lists(st.lists(ATTRIBUTES)), JSON_VALUES),
        "importing": JSON_VALUES,
    },
)
ENTRIES = st.fixed_dictionaries(
    {
        "address": _mostly(
            st.sampled_from(["aws_sqs_queue.q", 'module.m["x"].aws_sqs_queue.q']),
            JSON_VALUES,
        ),
        "type": _mostly(st.sampled_from(TF_TYPES), JSON_VALUES),
        "name": _mostly(st.sampled_from(["q", "s"]), JSON_VALUES),
        "change": _mostly(CHANGES, JSON_VALUES),
    },
    optional={
        "mode": _mostly(st.sampled_from(["managed", "data"]), JSON_VALUES),
        "module_address": _mostly(
            st.sampled_from(["module.m", 'module.a["x"].module.m']), JSON_VALUES
        ),
    },
)
PLANS = st.fixed_dictionaries(
    {
        "format_version": _mostly(st.sampled_from(["1.0", "1.2"]), JSON_VALUES),
        "resource_changes": _mostly(
            st.lists(_mostly(ENTRIES, JSON_VALUES), max_size=4), JSON_VALUES
        ),
    },
    optional={
        "terraform_version": st.just("1.11.4"),
        "configuration": _mostly(CONFIGURATIONS, JSON_VALUES),
        "planned_values": JSON_VALUES,
    },
)

# ---- raw text: real inputs with hostile fragments spliced in ----

SEEDS = [
    (ROOT / "examples" / "orders-stack.yaml").read_text(),
    (FIXTURES / "tfplan" / "sqs" / "modules" / "plan.json").read_text(),
]
FRAGMENTS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        [
            "[",
            "{",
            "}",
            "]",
            "\n",
            "- ",
            ": ",
            '"',
            "&a ",
            "*a",
            "!Ref ",
            "!GetAtt ",
            "!!python/object:os.system ",
            "!!binary ",
            "<<: ",
            "\t",
            "\ufeff",
            "null",
            "[]",
            "{}",
            "1e999",
        ]
    ),
)


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        text = text[:start] + draw(FRAGMENTS) + text[end:]
    return text


# ---- the properties ----


def _judge_and_report(document: Document | None) -> None:
    """Judging may refuse a wrongly typed value; reporting never fails."""
    if document is None:
        return
    try:
        verdicts = tuple(engine.judge(document, REGISTRY))
    except InputError:
        return
    report = Report(verdicts, (), 1)
    json.loads(json_report.render(report))
    text_report.render(report)


@given(template=TEMPLATES, fmt=st.sampled_from([Format.CFN_JSON, Format.CFN_YAML]))
def test_fuzz_generated_templates(template: dict[str, Any], fmt: Format) -> None:
    if fmt is Format.CFN_JSON:
        text = json.dumps(template)
    else:
        text = yaml.safe_dump(template)
    try:
        document = cfn.parse(text, "template", fmt)
    except LinterError:
        return
    _judge_and_report(document)


@given(plan=PLANS)
def test_fuzz_generated_plans(plan: dict[str, Any]) -> None:
    try:
        document = tfplan.parse(plan, "plan.json")
    except LinterError:
        return
    _judge_and_report(document)


@given(text=_mutated(), suffix=st.sampled_from([".yaml", ".json"]))
def test_fuzz_mutated_inputs(text: str, suffix: str) -> None:
    _load_and_judge(text.encode("utf-8", "surrogatepass"), suffix)


@given(raw=st.binary(max_size=200), suffix=st.sampled_from([".yaml", ".json"]))
def test_fuzz_arbitrary_bytes(raw: bytes, suffix: str) -> None:
    _load_and_judge(raw, suffix)


@given(text=st.text(max_size=200))
def test_fuzz_arbitrary_text_as_yaml(text: str) -> None:
    try:
        document = cfn.parse("Resources:\n" + text, "template", Format.CFN_YAML)
    except LinterError:
        return
    _judge_and_report(document)


def _load_and_judge(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / f"input{suffix}"
        path.write_bytes(raw)
        try:
            document = load.load(str(path), named=True)
        except LinterError:
            return
        _judge_and_report(document)
