"""Command-line flags shared by the commands, and the reading of their values.

Each option is defined once here as a click decorator; the commands in
``cli.py`` stack them. The functions turn the raw values click gives into
what the typed functions take, raising ``click.BadParameter`` for bad ones.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any
from typing import TypeVar

import click

from sealgate import config
from sealgate.config import Settings
from sealgate.rules import Severity

Command = TypeVar("Command", bound=Callable[..., Any])

# readability is checked per input, so one unreadable path does not stop the rest
PATHS = click.argument("paths", nargs=-1, type=click.Path(readable=False))
PARAMETER = click.option(
    "--parameter",
    "-p",
    multiple=True,
    metavar="KEY=VALUE",
    help="Give a CloudFormation parameter a value (repeatable).",
)
SELECT = click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Run only rules whose id starts with, or whose control is, one of these "
    "(comma-separated, repeatable).",
)
IGNORE = click.option(
    "--ignore",
    multiple=True,
    metavar="RULES",
    help="Skip rules whose id starts with, or whose control is, one of these; "
    "the longest match between --select and --ignore wins.",
)
QUIET = click.option("--quiet", "-q", is_flag=True, help="Print no warnings on stderr.")
VAR = click.option(
    "--var",
    "var",
    multiple=True,
    metavar="KEY=VALUE",
    help="Give a Terraform root variable a value (repeatable).",
)
VAR_FILE = click.option(
    "--var-file",
    "var_file",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Read Terraform variable values from this .tfvars file (repeatable).",
)
COLOR = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    envvar="SEALGATE_COLOR",
    show_default=True,
    help="Colour the text report; auto means only on a terminal without NO_COLOR.",
)

# the check parameters: one option per ``Options`` field, None when not given
_CHECK_PARAMETERS = (
    click.option(
        "--kms-reuse-minimum",
        "reuse_minimum",
        type=click.IntRange(60, 86400),
        help="Fail SQS data key reuse periods below this many seconds (default 300).",
    ),
    click.option(
        "--producers",
        type=click.IntRange(min=0),
        help="Producing principals per queue for the KMS cost estimate (default 1).",
    ),
    click.option(
        "--consumers",
        type=click.IntRange(min=0),
        help="Consuming principals per queue for the KMS cost estimate (default 1).",
    ),
    click.option(
        "--kms-price",
        type=click.FloatRange(min=0),
        help="USD per 10,000 KMS requests for the cost estimate (default 0.03).",
    ),
    click.option(
        "--tier-tag",
        help="The tag key that classifies data (default data-classification).",
    ),
    click.option(
        "--tier-values",
        metavar="A,B,...",
        help="Comma-separated tag values that need a customer managed key.",
    ),
)


def check_parameters(command: Command) -> Command:
    """Add the check parameters' options to ``command``, in the order listed."""
    # click lists options in the order the decorators are written, top first
    for option in reversed(_CHECK_PARAMETERS):
        command = option(command)
    return command


def assignments(values: Sequence[str], option: str = "--parameter") -> dict[str, str]:
    """``KEY=VALUE`` option values as a mapping; a usage error names ``option``."""
    parsed = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(
                f"{value!r} is not KEY=VALUE", param_hint=f"'{option}'"
            )
        parsed[key] = setting
    return parsed


def tier_values(text: str | None) -> frozenset[str] | None:
    """The ``--tier-values`` list, trimmed and lower-cased; None when not given."""
    if text is None:
        return None
    values = frozenset(v.strip().lower() for v in text.split(",") if v.strip())
    if not values:
        raise click.BadParameter(
            f"{text!r} names no value; give e.g. 'pii,pci'",
            param_hint="'--tier-values'",
        )
    return values


def use_color(choice: str, output: str | None = None) -> bool:
    """Whether ``--color`` means colour for a report going to ``output``."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR") or output is not None:
        return False
    return sys.stdout.isatty()


def settings(
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None = None,
    baseline_file: str | None = None,
    inline_suppressions: bool | None = None,
    **options: Any,
) -> Settings:
    """The configuration file's settings under the command line's.

    ``options`` are values of the check parameters (``Options`` fields) given
    on the command line; None means not given.
    """
    if options.get("tier_tag") is not None and not options["tier_tag"].strip():
        raise click.BadParameter("the tag key is empty", param_hint="'--tier-tag'")
    return config.load(
        ".",
        {
            "select": select or None,
            "ignore": ignore or None,
            "fail_on": Severity(fail_on) if fail_on else None,
            "baseline": baseline_file,
            "inline_suppressions": inline_suppressions,
            **options,
        },
    )
