"""JUnit XML: valid against the Ant schema, one test case per verdict."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import xmlschema

from tests.conftest import shared_or_skip


def test_junit_report_is_valid(run, mixed) -> None:
    schema = xmlschema.XMLSchema(str(shared_or_skip("schemas") / "junit.xsd"))
    _, out, _ = run("check", "--format", "junit", "mixed.yaml", "broken.yaml")
    assert list(schema.iter_errors(out)) == []


def test_junit_report_cases(run, mixed) -> None:
    code, out, _ = run("check", "--format", "junit", "mixed.yaml", "broken.yaml")
    root = ET.fromstring(out)
    suites = [
        (
            suite.get("name"),
            suite.get("id"),
            suite.get("tests"),
            suite.get("failures"),
            suite.get("errors"),
            suite.get("skipped"),
        )
        for suite in root
    ]
    cases = [
        (
            case.get("classname"),
            case.get("name"),
            [(child.tag, child.get("message")) for child in case],
        )
        for case in root.iter("testcase")
    ]
    unencrypted = (
        "stores messages unencrypted: 'SqsManagedSseEnabled' is false and "
        "'KmsMasterKeyId' is not set; set 'SqsManagedSseEnabled' to true."
    )
    assert code == 2
    assert suites == [
        ("broken.yaml", "0", "1", "0", "1", "0"),
        ("mixed.yaml", "1", "4", "1", "0", "2"),
    ]
    assert cases == [
        (
            "sealgate",
            "read",
            [("error", "invalid YAML: line 3: did not find expected node content")],
        ),
        (
            "SQS001",
            "SQS.1 OpenQueue",
            [("failure", f"AWS::SQS::Queue 'OpenQueue' {unencrypted}")],
        ),
        (
            "SQS001",
            "SQS.1 MaybeQueue",
            [
                (
                    "skipped",
                    "unknown: AWS::SQS::Queue 'MaybeQueue' cannot be judged before "
                    "deployment: 'SqsManagedSseEnabled' is supplied at deployment "
                    "(parameter 'SseSetting' has no default).",
                )
            ],
        ),
        (
            "SQS001",
            "SQS.1 PublicQueue",
            [
                (
                    "skipped",
                    "fail, suppressed: public prices, 100% public: AWS::SQS::Queue "
                    f"'PublicQueue' {unencrypted}",
                )
            ],
        ),
        ("SQS001", "SQS.1 DefaultQueue", []),
    ]
