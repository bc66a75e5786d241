"""Every output format tells the same story as the JSON contract."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from sealgate.reporters import WRITERS
from tests.conftest import FIXTURES

PLAN_CASE = FIXTURES / "tfplan" / "sqs" / "suppressed"


def _json(out: str) -> set[tuple[str, str, str]]:
    return {
        (r["rule"], r["resource"], r["verdict"]) for r in json.loads(out)["results"]
    }


def _sarif(out: str) -> set[tuple[str, str, str]]:
    results = json.loads(out)["runs"][0]["results"]
    return {
        (r["ruleId"], r["properties"]["resource"], r["properties"]["verdict"])
        for r in results
    }


def _junit(out: str) -> set[tuple[str, str, str]]:
    found = set()
    for case in ET.fromstring(out).iter("testcase"):
        if case.get("classname") == "sealgate":
            continue  # an unreadable input, not a verdict
        child = next(iter(case), None)
        if child is None:
            verdict = "pass"
        elif child.tag == "failure":
            verdict = "fail"
        else:
            verdict = re.split(r"[,:]", child.get("message", ""))[0]
        found.add((case.get("classname"), case.get("name").split(" ", 1)[1], verdict))
    return found


_TITLE = re.compile(r"title=(\S+) (\S+) (\S+) \((\w+)")


def _github(out: str) -> set[tuple[str, str, str]]:
    return {
        (m[2], m[3], m[4]) for line in out.splitlines() if (m := _TITLE.search(line))
    }


_ROW = re.compile(r"^\| \S+ (\w+)[^|]* \| [^|]+ \| (\S+) \| `([^`]+)` \|")


def _markdown(out: str) -> set[tuple[str, str, str]]:
    return {(m[2], m[3], m[1]) for line in out.splitlines() if (m := _ROW.match(line))}


# SARIF, GitHub and Markdown leave passes out: code scanning would raise a
# pass as an alert, and a pull-request comment lists what needs a look
READERS = {
    "sarif": (_sarif, False),
    "junit": (_junit, True),
    "github": (_github, False),
    "markdown": (_markdown, False),
}


def test_reporters_all_formats_are_tested() -> None:
    assert sorted(WRITERS) == sorted([*READERS, "json", "text"])


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_reporters_agree_with_json(run, mixed, fmt: str) -> None:
    inputs = (
        "mixed.yaml",
        "broken.yaml",
        str(PLAN_CASE / "plan.json"),
        "--source",
        str(PLAN_CASE),
    )
    _, reference, _ = run("check", "--format", "json", *inputs)
    _, out, _ = run("check", "--format", fmt, *inputs)
    read, with_passes = READERS[fmt]
    expected = {row for row in _json(reference) if with_passes or row[2] != "pass"}
    assert read(out) == expected
    kinds = {"fail", "unknown", "pass"} if with_passes else {"fail", "unknown"}
    assert {verdict for _, _, verdict in expected} == kinds
