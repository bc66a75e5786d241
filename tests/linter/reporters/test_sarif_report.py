"""SARIF: valid against the OASIS schema, with what code scanning needs."""

from __future__ import annotations

import json
import pathlib

import jsonschema

from tests.conftest import shared_or_skip


def _sarif(run, *argv: str) -> dict:
    code, out, _ = run("check", "--format", "sarif", *argv)
    assert code in (0, 1, 2)
    return json.loads(out)


def test_sarif_report_is_valid(run, mixed) -> None:
    schema_file = shared_or_skip("schemas") / "sarif-schema-2.1.0.json"
    schema = json.loads(schema_file.read_text())
    log = _sarif(run, "mixed.yaml", "broken.yaml")
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert sorted(e.message for e in validator.iter_errors(log)) == []


def test_sarif_report_results(run, run_json, mixed) -> None:
    log = _sarif(run, "mixed.yaml", "broken.yaml")
    _, report = run_json("mixed.yaml")
    fingerprints = {r["resource"]: r["fingerprint"] for r in report["results"]}
    results = log["runs"][0]["results"]
    assert [
        (
            r["ruleId"],
            r["kind"],
            r.get("level"),
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["properties"]["resource"],
            r.get("suppressions"),
        )
        for r in results
    ] == [
        ("SQS001", "fail", "error", "mixed.yaml", 5, "OpenQueue", None),
        ("SQS001", "review", None, "mixed.yaml", 9, "MaybeQueue", None),
        (
            "SQS001",
            "fail",
            "warning",
            "mixed.yaml",
            13,
            "PublicQueue",
            [
                {
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": "public prices, 100% public",
                }
            ],
        ),
    ]
    assert [r["partialFingerprints"]["sealgate/v1"] for r in results] == [
        fingerprints["OpenQueue"],
        fingerprints["MaybeQueue"],
        fingerprints["PublicQueue"],
    ]
    assert results[0]["properties"]["fix"]["snippet"] == (
        "Resources:\n  OpenQueue:\n    Properties:\n      SqsManagedSseEnabled: true\n"
    )
    assert log["runs"][0]["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {
                        "text": "invalid YAML: line 3: did not find expected node "
                        "content"
                    },
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "broken.yaml"}
                            }
                        }
                    ],
                }
            ],
        }
    ]


def test_sarif_report_rule(run, mixed) -> None:
    rules = _sarif(run, "mixed.yaml")["runs"][0]["tool"]["driver"]["rules"]
    url = "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1"
    description = (
        "A queue must use SSE-SQS or SSE-KMS. A new queue that sets neither gets "
        "SSE-SQS by default; setting SqsManagedSseEnabled to false without a key "
        "stores messages in plaintext."
    )
    assert rules == [
        {
            "id": "SQS001",
            "name": "Encrypt SQS queues at rest",
            "shortDescription": {"text": "Encrypt SQS queues at rest"},
            "fullDescription": {"text": description},
            "help": {
                "text": f"{description} See {url}",
                "markdown": f"{description}\n\n[SQS.1]({url})",
            },
            "helpUri": url,
            "defaultConfiguration": {"level": "error"},
            "properties": {
                "control": "SQS.1",
                "severity": "medium",
                "security-severity": "5.5",
                "tags": ["security", "SQS.1"],
            },
        }
    ]


def test_sarif_report_fingerprint_survives_moves(run, mixed) -> None:
    before = _sarif(run, "mixed.yaml")["runs"][0]["results"]
    path = pathlib.Path("mixed.yaml")
    path.write_text("# a comment that moves every line\n\n" + path.read_text())
    after = _sarif(run, "mixed.yaml")["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in after] == [
        r["partialFingerprints"] for r in before
    ]
    assert [r["locations"][0]["physicalLocation"]["region"] for r in after] == [
        {"startLine": 7},
        {"startLine": 11},
        {"startLine": 15},
    ]


def test_sarif_report_baseline_state(run, mixed) -> None:
    (path := pathlib.Path("old.yaml")).write_text(
        "Resources:\n  Old:\n    Type: AWS::SQS::Queue\n    Properties:\n"
        "      SqsManagedSseEnabled: false\n"
    )
    run("baseline", "create", "base.json", str(path))
    results = _sarif(run, "--baseline", "base.json", "mixed.yaml", "old.yaml")
    fails = [r for r in results["runs"][0]["results"] if r["kind"] == "fail"]
    assert [(r["properties"]["resource"], r.get("baselineState")) for r in fails] == [
        ("OpenQueue", "new"),
        ("PublicQueue", "new"),
        ("Old", "unchanged"),
    ]
