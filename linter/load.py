"""Read one file and hand it to the parser its content calls for."""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from collections.abc import Mapping
from collections.abc import Sequence

from sealgate.errors import InputError
from sealgate.model import Document
from sealgate.model import Format
from sealgate.parsers import limits

log = logging.getLogger(__name__)

MAX_BYTES = 64 * 1024 * 1024
"""A larger file is refused rather than read into memory (plans can be large)."""

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
"""A larger template is refused: CloudFormation itself takes at most 1 MB, and
PyYAML needs seconds and hundreds of MB for each further MB."""

# top-level keys that make YAML worth parsing as a template; anything else
# (manifests, workflows, compose files) is skipped without being parsed
_YAML_TEMPLATE = re.compile(
    r"^(?:AWSTemplateFormatVersion|Resources|Transform)\s*:", re.MULTILINE
)
_PLAN_START = re.compile(r'\s*\{\s*"format_version"\s*:')
_JSON_CLAIMS = ('"Resources"', '"AWSTemplateFormatVersion"', '"format_version"')
# os.O_NONBLOCK keeps open() from waiting forever on a FIFO; Windows has none
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def load(
    path: str,
    parameters: Mapping[str, str] | None = None,
    *,
    named: bool = False,
    variables: Mapping[str, str] | None = None,
    var_files: Sequence[str] = (),
) -> Document | None:
    """Parse ``path``; None when it is none of the formats sealgate reads.

    A folder is a Terraform module, evaluated with ``variables`` (``--var``)
    and ``var_files`` (``--var-file``); HCL support is imported only then.
    ``named`` says the user gave this file by name rather than in a folder:
    then an empty file is an error (a failed ``terraform show -json > plan.json``
    leaves one), where a folder walk passes over it quietly.
    """
    if os.path.isdir(path):
        from sealgate.parsers import hcl

        return hcl.parse(path, variables, var_files)
    raw = _read(path)
    text = _decode(raw, path)
    if not text.strip():
        if named:
            raise InputError(path, "empty file, not a template or plan")
        log.debug("skipping empty file %r", path)
        return None
    if text.lstrip().startswith(("{", "[")):
        return _load_json(text, path, parameters, len(raw))
    if not _YAML_TEMPLATE.search(text):
        log.debug("skipping %r: not a CloudFormation template", path)
        return None
    _check_template_size(path, len(raw))
    # each parser is imported by the first input that needs it: a run over
    # plans never loads YAML, a run over templates never the plan reader
    from sealgate.parsers import cfn

    return cfn.parse(text, path, Format.CFN_YAML, parameters)


def _load_json(
    text: str, path: str, parameters: Mapping[str, str] | None, size: int
) -> Document | None:
    if _PLAN_START.match(text):
        plan = _load_plan(text, path)
        if plan is not None:
            return plan
    if size > MAX_TEMPLATE_BYTES and '"format_version"' not in text:
        # too large for a template and not a plan: refuse before parsing it
        if any(claim in text for claim in _JSON_CLAIMS):
            _check_template_size(path, size)
        return None
    from sealgate.parsers import cfn
    from sealgate.parsers import tfplan

    try:
        data = json.loads(text, object_pairs_hook=cfn.unique_keys)
    except (ValueError, RecursionError):
        if not any(claim in text for claim in _JSON_CLAIMS):
            log.debug("skipping %r: invalid JSON that claims nothing", path)
            return None
        data = cfn.load_json(text, path)  # raises the error with its line
    limits.check_depth(data, path)
    if tfplan.is_plan(data):
        return tfplan.parse(data, path)
    if cfn.is_template(data):
        _check_template_size(path, size)
        return cfn.parse(text, path, Format.CFN_JSON, parameters, data)
    log.debug("skipping %r: JSON, but neither a template nor a plan", path)
    return None


def _check_template_size(path: str, size: int) -> None:
    if size > MAX_TEMPLATE_BYTES:
        raise InputError(
            path,
            f"template larger than {MAX_TEMPLATE_BYTES // 2**20} MiB, refused "
            "(CloudFormation accepts at most 1 MB)",
        )


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
    if not tfplan.is_plan(data):
        return None
    # json.loads itself refuses nesting deeper than the interpreter allows;
    # a whole-tree depth walk would double the time a large plan takes
    try:
        return tfplan.parse(data, path)
    except RecursionError:
        raise limits.too_deep(path) from None


def _read(path: str) -> bytes:
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(path, "is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise InputError(path, "not a regular file (a pipe, socket or device)")
        try:
            raw = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise InputError(path, f"cannot read: {error.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise InputError(path, f"larger than {MAX_BYTES // 2**20} MiB, refused")
    return raw


def _decode(raw: bytes, path: str) -> str:
    if b"\x00" in raw:
        raise InputError(path, "binary data, not a template or plan")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = f"byte {error.start}: {raw[error.start]:#04x}"
        raise InputError(path, f"not UTF-8 text (line {line}, {byte})") from None
