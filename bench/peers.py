"""The tools compared, where to find them, and how each is asked to check an input."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass

# checkov's checks that judge what sealgate's controls judge (checkov 3.x ids,
# read from its cloudformation/ and terraform/ check sources):
COMPARABLE_CHECKS = (
    "CKV_AWS_27",  # SQS.1: SQS queue encrypted
    "CKV_AWS_43",  # Kinesis.1: stream encrypted
    "CKV_AWS_5",  # ES.1: Elasticsearch/OpenSearch encrypted at rest
    "CKV_AWS_6",  # ES.3: node-to-node encryption
    "CKV_AWS_166",  # Backup.1 (nearest): vault encrypted with a KMS key
    "CKV_AWS_349",  # EMR.3 (Terraform only): local disks encrypted
    "CKV_AWS_350",  # EMR.3 (Terraform only): EBS disks encrypted
    "CKV_AWS_308",  # APIGateway.5 (Terraform only): method cache encrypted
)
"""Glue.3, CodeBuild.7, ELB.21 and ELB.22 have no checkov counterpart."""


@dataclass(frozen=True)
class Target:
    """One input of the bench, as each tool is given it."""

    paths: tuple[str, ...]
    """What sealgate and checkov are given (files or folders)."""
    templates: tuple[str, ...]
    """The CloudFormation templates among them, for cfn-lint (files only)."""
    frameworks: tuple[str, ...]
    """checkov's frameworks for this input."""


@dataclass(frozen=True)
class Tool:
    """A command-line tool found on this machine."""

    name: str
    executable: str

    def command(self, target: Target) -> list[str] | None:
        """The command that checks ``target``; None when the tool cannot read it."""
        if self.name == "sealgate":
            return [self.executable, "check", *target.paths]
        if self.name == "checkov":
            return [
                self.executable,
                *_checkov_inputs(target.paths),
                "--framework",
                *target.frameworks,
                "--check",
                ",".join(COMPARABLE_CHECKS),
                "--skip-download",  # no network: guidelines are not fetched
                "--quiet",
                "--compact",
            ]
        if not target.templates:  # cfn-lint reads CloudFormation only
            return None
        return [self.executable, "--", *target.templates]


def find(
    names: Sequence[str] = ("sealgate", "checkov", "cfn-lint"),
) -> tuple[list[Tool], list[str]]:
    """The tools installed, looked up next to this Python, then on PATH.

    Returns the tools found and the names of those missing.
    """
    # the interpreter's own bin folders first: a version manager's shim on
    # PATH would add its own start-up time to the tool's
    folders = [os.path.dirname(sys.executable), os.path.join(sys.base_prefix, "bin")]
    search = os.pathsep.join([*folders, os.environ.get("PATH", "")])
    tools, missing = [], []
    for name in names:
        found = shutil.which(name, path=search)
        if found is None:
            missing.append(name)
        else:
            tools.append(Tool(name, found))
    return tools, missing


def _checkov_inputs(paths: Sequence[str]) -> list[str]:
    args = []
    for path in paths:
        args += ["-d", path] if os.path.isdir(path) else ["-f", path]
    return args
