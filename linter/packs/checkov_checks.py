"""checkov checks made from sealgate's registered rules: adapters, no logic.

For every registered rule, one check goes to checkov's CloudFormation
registry (the rule's ``AWS::`` types) and one to its Terraform registry (the
rest), which serves both the ``terraform`` and ``terraform_plan`` frameworks.
Each check finds the file checkov names, reads it with sealgate's own parser
and reports the engine's verdict on the resource checkov asks about; only
HCL, which sealgate does not read itself, is converted from checkov's own
configuration (``checkov_hcl``).

sealgate's verdicts map to checkov's results as follows:

- pass: PASSED; fail: FAILED (the message goes to checkov's details);
- unknown (not known before deployment): SKIPPED, the reason given as the
  suppress comment, because checkov drops UNKNOWN results from its reports;
- no verdict (the rule does not apply, or a plan deletes the resource):
  UNKNOWN, which checkov does not show;
- a file sealgate cannot read: FAILED, saying why, as ``sealgate check``
  would stop the gate with exit code 2; a bug in sealgate: FAILED, saying so
  (checkov would otherwise turn the exception into a hidden UNKNOWN).
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from typing import Any

from checkov.cloudformation.checks.resource.base_resource_check import (
    BaseResourceCheck as CloudFormationCheck,
)
from checkov.common.bridgecrew.severities import Severities
from checkov.common.models.enums import CheckCategories
from checkov.common.models.enums import CheckResult
from checkov.terraform.checks.resource.base_resource_check import (
    BaseResourceCheck as TerraformCheck,
)

from sealgate.engine import Verdict
from sealgate.errors import InputError
from sealgate.fields import label
from sealgate.model import Document
from sealgate.model import Format
from sealgate.packs import checkov_hcl
from sealgate.packs import verdicts
from sealgate.parsers import cfn
from sealgate.rules import RULE_ID
from sealgate.rules import Rule
from sealgate.rules import Status

log = logging.getLogger(__name__)

Result = dict[str, Any]
"""checkov's result record for one check on one resource."""

_DECLARATION = frozenset({"Type", "Properties"})
_RESULTS = {Status.PASS: CheckResult.PASSED, Status.FAIL: CheckResult.FAILED}


def check_id(rule: Rule) -> str:
    """The checkov id of a rule: ``SQS001`` gives ``CKV_SGSQS_001``.

    Derived from the rule id, so ids never shift as rules are added, and in
    the form checkov gives custom checks (``CKV_<LETTERS>_<DIGITS>``), which
    no built-in checkov id (``CKV_AWS_``, ``CKV2_AWS_``...) starts with.
    """
    # checkov's pattern takes letters then digits: a family with a digit
    # (ELBV2001) keeps it with the number (CKV_SGELBV_2001)
    match = re.fullmatch(r"([A-Z]+)([0-9]+)", rule.id)
    if match is None or RULE_ID.match(rule.id) is None:
        raise ValueError(f"rule id {rule.id!r} does not match {RULE_ID.pattern}")
    return f"CKV_SG{match.group(1)}_{match.group(2)}"


def check_name(rule: Rule) -> str:
    """The checkov name: the control, a colon, the rule's title."""
    return f"{rule.control}: {rule.title}"


class _Adapter:
    """What both checks share: report a verdict the way checkov shows it."""

    id: str
    rule: Rule
    details: list[str]

    def __init__(self, rule: Rule, types: list[str]) -> None:
        # the next class in the order is checkov's base check of the framework
        self.rule = rule
        super().__init__(  # type: ignore[call-arg]
            check_name(rule),
            check_id(rule),
            [CheckCategories.ENCRYPTION],
            sorted(types),
            guideline=rule.source_url,
        )
        # checkov declares severity None until its platform fills it in
        self.severity = Severities[rule.severity.name]

    def run(
        self,
        scanned_file: str,
        entity_configuration: dict[str, Any],
        entity_name: str,
        entity_type: str,
        skip_info: Mapping[str, Any],
    ) -> Result:
        """checkov's entry point: sealgate's verdict on one resource, as a result."""
        if skip_info:  # an inline checkov:skip: checkov records it itself
            return super().run(  # type: ignore[misc]
                scanned_file, entity_configuration, entity_name, entity_type, skip_info
            )
        try:
            verdict = self.verdict(
                scanned_file, entity_configuration, entity_name, entity_type
            )
        except InputError as error:
            self.details = [f"sealgate cannot read {error.file}: {error.reason}"]
            return {"result": CheckResult.FAILED, "evaluated_keys": []}
        except Exception as error:  # a bug: checkov would hide it as UNKNOWN
            log.exception("%s failed on %s %r", self.id, scanned_file, entity_name)
            self.details = [
                f"sealgate failed on this resource ({type(error).__name__}: {error}); "
                "this is a bug in sealgate: run `sealgate --debug check` on the file "
                "and report it"
            ]
            return {"result": CheckResult.FAILED, "evaluated_keys": []}
        return self._result(verdict)

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        """Required by checkov's base class; never called, as run() answers."""
        return CheckResult.UNKNOWN

    def verdict(
        self, scanned_file: str, conf: Mapping[str, Any], name: str, kind: str
    ) -> Verdict | None:
        """sealgate's verdict on the resource checkov describes; None if none."""
        raise NotImplementedError

    def _result(self, verdict: Verdict | None) -> Result:
        if verdict is None:
            self.details = []
            return {"result": CheckResult.UNKNOWN, "evaluated_keys": []}
        self.details = [verdict.message]
        keys = [self._key(field.path) for field in verdict.evidence]
        if verdict.status is Status.UNKNOWN:
            return {
                "result": CheckResult.SKIPPED,
                "suppress_comment": f"sealgate: unknown: {verdict.message}",
                "evaluated_keys": keys,
            }
        return {"result": _RESULTS[verdict.status], "evaluated_keys": keys}

    def _key(self, path: tuple[str | int, ...]) -> str:
        return label(path)


class SealgateCloudFormationCheck(_Adapter, CloudFormationCheck):  # type: ignore[misc]
    """One rule, on the CloudFormation resources checkov hands it."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(
            rule, [t for t in rule.resource_types if t.startswith("AWS::")]
        )

    def verdict(
        self, scanned_file: str, conf: Mapping[str, Any], name: str, kind: str
    ) -> Verdict | None:
        """Judge the resource in the template file checkov read it from."""
        key = verdicts.stamp(_template_path(scanned_file, conf))
        if key is not None:
            return verdicts.for_file(key, self.rule).get(name)
        # a resource without properties carries no file name, and checkov's
        # scanned_file is relative to a root it does not pass to checks
        document = _single_resource_template(scanned_file, name, conf)
        return verdicts.of_document(document, self.rule).get(name)

    def _key(self, path: tuple[str | int, ...]) -> str:
        return "/".join(["Properties", *(str(step) for step in path)])


class SealgateTerraformCheck(_Adapter, TerraformCheck):  # type: ignore[misc]
    """One rule, on Terraform HCL and plan resources checkov hands it."""

    def __init__(self, rule: Rule) -> None:
        types = [t for t in rule.resource_types if not t.startswith("AWS::")]
        super().__init__(rule, types)

    def verdict(
        self, scanned_file: str, conf: Mapping[str, Any], name: str, kind: str
    ) -> Verdict | None:
        """Judge a plan resource from its plan file, an HCL one from checkov's view."""
        address = conf.get("__address__")
        if not isinstance(address, str) or conf.get("count") == [0]:
            return None
        plan = _first(conf.get("__file__"))
        if isinstance(plan, str):
            # the terraform_plan framework: checkov names the plan file
            key = verdicts.stamp(plan)
            if key is None:
                raise InputError(plan, "cannot read: no such file")
            return verdicts.for_file(key, self.rule).get(address)
        document = checkov_hcl.document(scanned_file.lstrip("/"), address, kind, conf)
        return verdicts.of_document(document, self.rule).get(address)

    def _key(self, path: tuple[str | int, ...]) -> str:
        return "/".join(f"[{step}]" if isinstance(step, int) else step for step in path)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _template_path(scanned_file: str, conf: Mapping[str, Any]) -> str:
    properties = conf.get("Properties")
    if isinstance(properties, Mapping) and isinstance(properties.get("__file__"), str):
        return str(properties["__file__"])
    return os.path.join(os.getcwd(), scanned_file.lstrip("/"))


def _single_resource_template(
    scanned_file: str, name: str, conf: Mapping[str, Any]
) -> Document:
    # only what the checks read: a Condition would name a section left behind
    declaration = _strip({k: v for k, v in conf.items() if k in _DECLARATION})
    text = json.dumps({"Resources": {name: declaration}})
    document = cfn.parse(text, scanned_file, Format.CFN_JSON)
    if document is None:
        raise InputError(scanned_file, f"resource {name!r} is not a resource")
    return document


def _strip(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {
            str(k): _strip(v)
            for k, v in node.items()
            if not (str(k).startswith("__") and str(k).endswith("__"))
            and k != "resource_type"
        }
    if isinstance(node, list):
        return [_strip(item) for item in node]
    return node


def register() -> None:
    """Create one check per rule and framework; checkov registers each on creation.

    checkov imports the pack's module once per framework runner; its registries
    keep one check per id, so repeated imports add nothing.
    """
    for rule in verdicts.rules():
        if any(t.startswith("AWS::") for t in rule.resource_types):
            SealgateCloudFormationCheck(rule)
        if any(not t.startswith("AWS::") for t in rule.resource_types):
            SealgateTerraformCheck(rule)
        log.debug("checkov checks for %r registered as %r", rule.id, check_id(rule))
