"""cfn-lint rules made from sealgate's registered rules: adapters, no logic.

One pair of cfn-lint rules per Security Hub control (or sealgate label) that
has CloudFormation resource types: ``W9xxx`` reports the resources sealgate
fails, ``I9xxx`` (shown with ``--include-checks I``) those it cannot judge
before deployment, so that, as in ``sealgate check``, an unknown never fails
the run. Each rule reads the template file cfn-lint names with sealgate's own
parser and reports the engine's verdicts, so the two tools always agree.

Ids are fixed per control below (the W9100-W9199 range, clear of cfn-lint's
own rules, which stop at W8xxx); a control not listed yet gets a stable id
in W9900-W9999 derived from its name.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from cfnlint.rules import CloudFormationLintRule
from cfnlint.rules import RuleMatch
from cfnlint.template import Template

from sealgate.engine import Verdict
from sealgate.errors import InputError
from sealgate.model import Format
from sealgate.packs import verdicts
from sealgate.parsers import cfn
from sealgate.rules import Rule
from sealgate.rules import Status

NUMBERS: Mapping[str, int] = {
    "SQS.1": 9101,
    "SQS.KmsDataKeyReuse": 9102,
    "Kinesis.1": 9111,
    "EMR.3": 9121,
    "ES.1": 9131,
    "ES.3": 9132,
    "Backup.1": 9141,
    "APIGateway.5": 9151,
    "Glue.3": 9161,
    "CodeBuild.7": 9171,
    "ELB.21": 9181,
    "ELB.22": 9182,
    "Tier.CustomerKey": 9191,
    "Plan.Replacement": 9192,
    "KMS.KeyAccess": 9193,
    "KMS.ServiceSource": 9194,
}
"""The cfn-lint number of each control; W and I share it."""

_LETTERS = {Status.FAIL: "W", Status.UNKNOWN: "I"}
_NOT_A_NAME = re.compile(r"[^A-Za-z0-9]")


class SealgateRule(CloudFormationLintRule):
    """Report sealgate's verdicts of one status for one control's rules."""

    sealgate_rules: tuple[Rule, ...] = ()
    status: Status = Status.FAIL

    def match(self, cfn: Template) -> list[RuleMatch]:
        """cfn-lint's entry point: one match per resource with this status."""
        matches: dict[tuple[tuple[str | int, ...], str], RuleMatch] = {}
        for rule in self.sealgate_rules:
            for parameters in parameter_sets(cfn):
                try:
                    found = list(_verdicts(cfn, rule, parameters))
                except InputError as error:
                    if self.status is Status.FAIL:
                        message = f"sealgate cannot read the template: {error.reason}"
                        matches[(), message] = RuleMatch(["Resources"], message)
                    continue
                for verdict in found:
                    if verdict.status is self.status:
                        path = _path(verdict, cfn)
                        match = RuleMatch(path, verdict.message)
                        matches.setdefault((tuple(path), verdict.message), match)
        return list(matches.values())


def parameter_sets(template: Template) -> list[verdicts.Parameters]:
    """The parameter values cfn-lint was given (``--parameters``, files), or none.

    Each set is judged on its own, as ``sealgate check -p`` would judge it;
    a list value becomes the comma-separated string CloudFormation takes.
    """
    context = getattr(template, "context", None)
    given = getattr(context, "parameter_sets", None) or []
    sets = []
    for parameter_set in given:
        values = getattr(parameter_set, "parameters", None) or {}
        sets.append(tuple(sorted((str(k), _text(v)) for k, v in values.items())))
    return sets or [()]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def numbers(controls: set[str]) -> dict[str, int]:
    """The number of each control: fixed ones first, then stable overflow ones."""
    assigned = {c: NUMBERS[c] for c in controls if c in NUMBERS}
    taken = set(assigned.values())
    for control in sorted(controls - set(NUMBERS)):
        number = 9900 + zlib.crc32(control.encode()) % 100
        while number in taken:  # a clash: the next free number, in sorted order
            number = 9900 + (number - 9899) % 100
        assigned[control] = number
        taken.add(number)
    return assigned


def classes() -> dict[str, type[SealgateRule]]:
    """A cfn-lint rule class per control and status, by class name."""
    by_control: dict[str, list[Rule]] = {}
    for rule in verdicts.rules():
        if any(t.startswith("AWS::") for t in rule.resource_types):
            by_control.setdefault(rule.control, []).append(rule)
    made: dict[str, type[SealgateRule]] = {}
    for control, number in sorted(numbers(set(by_control)).items()):
        for status, letter in _LETTERS.items():
            made.update(
                _make(control, tuple(by_control[control]), status, letter, number)
            )
    return made


def _make(
    control: str, rules: tuple[Rule, ...], status: Status, letter: str, number: int
) -> dict[str, type[SealgateRule]]:
    first = rules[0]
    which = "fails" if status is Status.FAIL else "cannot judge before deployment"
    name = f"Sealgate{_NOT_A_NAME.sub('', control)}{status.name.title()}"
    body = {
        "id": f"{letter}{number}",
        "shortdesc": f"{control}: {first.title}",
        "description": f"Resources sealgate {which}. {first.description}",
        "source_url": first.source_url,
        "tags": ["sealgate", "encryption", control],
        "experimental": all(rule.experimental for rule in rules),
        "sealgate_rules": rules,
        "status": status,
        "__module__": __name__,
    }
    return {name: type(name, (SealgateRule,), body)}


def _verdicts(
    template: Template, rule: Rule, parameters: verdicts.Parameters
) -> Iterator[Verdict]:
    key = verdicts.stamp(template.filename) if template.filename else None
    if key is not None:
        yield from verdicts.for_file(key, rule, parameters).values()
        return
    # a template read from standard input: parse cfn-lint's own copy of it
    text = json.dumps(template.template)
    document = cfn.parse(text, "-", Format.CFN_JSON, dict(parameters))
    if document is not None:
        yield from verdicts.of_document(document, rule).values()


def _path(verdict: Verdict, template: Template) -> list[str | int]:
    resource: list[str | int] = ["Resources", verdict.resource.address]
    for field in verdict.evidence:
        path: list[str | int] = [*resource, "Properties", *field.path]
        if not field.absent and _exists(template.template, path):
            return path
    return resource


def _exists(node: Any, path: list[str | int]) -> bool:
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
    return True
