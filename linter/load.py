"""Read one file and hand it to the parser its content calls for."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping

from sealgate.errors import InputError
from sealgate.model import Document
from sealgate.model import Format

log = logging.getLogger(__name__)

MAX_BYTES = 64 * 1024 * 1024
"""A larger file is refused rather than read into memory."""

# top-level keys that make YAML worth parsing as a template; anything else
# (manifests, workflows, compose files) is skipped without being parsed
_YAML_TEMPLATE = re.compile(
    r"^(?:AWSTemplateFormatVersion|Resources|Transform)\s*:", re.MULTILINE
)
_PLAN_START = re.compile(r'\s*\{\s*"format_version"\s*:')
_JSON_CLAIMS = ('"Resources"', '"AWSTemplateFormatVersion"', '"format_version"')


def load(path: str, parameters: Mapping[str, str] | None = None) -> Document | None:
    """Parse ``path``; None when it is none of the formats sealgate reads."""
    text = _read(path)
    if not text.strip():
        log.debug("skipping empty file %r", path)
        return None
    if text.lstrip().startswith(("{", "[")):
        return _load_json(text, path, parameters)
    if not _YAML_TEMPLATE.search(text):
        log.debug("skipping %r: not a CloudFormation template", path)
        return None
    # each parser is imported by the first input that needs it: a run over
    # plans never loads YAML, a run over templates never the plan reader
    from sealgate.parsers import cfn

    return cfn.parse(text, path, Format.CFN_YAML, parameters)


def _load_json(
    text: str, path: str, parameters: Mapping[str, str] | None
) -> Document | None:
    if _PLAN_START.match(text):
        plan = _load_plan(text, path)
        if plan is not None:
            return plan
    from sealgate.parsers import cfn
    from sealgate.parsers import tfplan

    try:
        data = json.loads(text, object_pairs_hook=cfn.unique_keys)
    except (ValueError, RecursionError):
        if not any(claim in text for claim in _JSON_CLAIMS):
            log.debug("skipping %r: invalid JSON that claims nothing", path)
            return None
        data = cfn.load_json(text, path)  # raises the error with its line
    if tfplan.is_plan(data):
        return tfplan.parse(data, path)
    if cfn.is_template(data):
        return cfn.parse(text, path, Format.CFN_JSON, parameters, data)
    log.debug("skipping %r: JSON, but neither a template nor a plan", path)
    return None


def _load_plan(text: str, path: str) -> Document | None:
    """A text that opens as terraform writes plans, read as a plan if it is one.

    Only templates must refuse duplicate keys, and the hook that does it
    triples the time to read a large plan, so a plan is read without it (and
    without importing the template parser); anything else, including invalid
    JSON, is left to the full path, which reports errors with their line.
    """
    from sealgate.parsers import tfplan

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return tfplan.parse(data, path) if tfplan.is_plan(data) else None


def _read(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise InputError(path, f"larger than {MAX_BYTES // 2**20} MiB; refused")
    if b"\x00" in raw:
        raise InputError(path, "binary data, not a template or plan")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            path, f"not UTF-8 text (byte {error.start}: {raw[error.start]:#04x})"
        ) from None
