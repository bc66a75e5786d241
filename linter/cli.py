"""The command line: a thin click layer over typed functions."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import click

from sealgate import __version__
from sealgate import catalog
from sealgate import exit_codes
from sealgate import registry
from sealgate.errors import LinterError
from sealgate.options import Options
from sealgate.reporters import WRITERS
from sealgate.rules import Status
from sealgate.scan import Inputs
from sealgate.scan import Report
from sealgate.scan import scan

log = logging.getLogger(__name__)


def check(
    paths: Sequence[str],
    *,
    fmt: str = "text",
    parameters: dict[str, str] | None = None,
    color: bool = False,
    options: Options | None = None,
    inputs: Inputs | None = None,
) -> int:
    """Check ``paths``, print the report to stdout, return the exit code."""
    inputs = inputs or Inputs(parameters=parameters)
    report = scan(paths or ["."], registry.load(), inputs=inputs, options=options)
    sys.stdout.write(WRITERS[fmt](report, color))
    return gate(report)


def gate(report: Report) -> int:
    """The exit code a report earns: input errors first, then failures."""
    if report.errors:
        return exit_codes.INPUT_ERROR
    if any(verdict.status is Status.FAIL for verdict in report.verdicts):
        return exit_codes.FINDINGS
    return exit_codes.CLEAN


def _parameters(values: Sequence[str], option: str = "--parameter") -> dict[str, str]:
    parsed = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(
                f"{value!r} is not KEY=VALUE", param_hint=f"'{option}'"
            )
        parsed[key] = setting
    return parsed


def rules(*, fmt: str = "text") -> int:
    """Print every registered rule; return the exit code."""
    sys.stdout.write(catalog.RENDERERS[fmt](registry.load()))
    return exit_codes.CLEAN


def _values(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    values = frozenset(v.strip().lower() for v in text.split(",") if v.strip())
    if not values:
        raise click.BadParameter(
            f"{text!r} names no value; give e.g. 'pii,pci'",
            param_hint="'--tier-values'",
        )
    return values


def _options(given: dict[str, Any]) -> Options:
    """Options with the values given on the command line, defaults elsewhere."""
    return replace(Options(), **{k: v for k, v in given.items() if v is not None})


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sealgate")
@click.option("--debug", is_flag=True, help="Log diagnostics and show tracebacks.")
def cli(debug: bool) -> None:
    """Find AWS resources left unencrypted, before they are deployed."""
    if debug:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(WRITERS)),
    default="text",
    show_default=True,
    help="Write the report in this format.",
)
@click.option(
    "--parameter",
    "-p",
    multiple=True,
    metavar="KEY=VALUE",
    help="Give a CloudFormation parameter a value (repeatable).",
)
@click.option(
    "--var",
    "var",
    multiple=True,
    metavar="KEY=VALUE",
    help="Give a Terraform root variable a value (repeatable).",
)
@click.option(
    "--var-file",
    "var_file",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Read Terraform variable values from this .tfvars file (repeatable).",
)
@click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False),
    help="Read plans beside this Terraform folder: findings get its file and "
    "line, and values the plan leaves unknown come from its code where it "
    "decides them.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    envvar="SEALGATE_COLOR",
    show_default=True,
    help="Colour the text report; auto means only on a terminal without NO_COLOR.",
)
@click.option(
    "--kms-reuse-minimum",
    type=click.IntRange(60, 86400),
    help="Fail SQS data key reuse periods below this many seconds (default 300).",
)
@click.option(
    "--producers",
    type=click.IntRange(min=0),
    help="Producing principals per queue for the KMS cost estimate (default 1).",
)
@click.option(
    "--consumers",
    type=click.IntRange(min=0),
    help="Consuming principals per queue for the KMS cost estimate (default 1).",
)
@click.option(
    "--kms-price",
    type=click.FloatRange(min=0),
    help="USD per 10,000 KMS requests for the cost estimate (default 0.03).",
)
@click.option(
    "--tier-tag",
    help="The tag key that classifies data (default data-classification).",
)
@click.option(
    "--tier-values",
    metavar="A,B,...",
    help="Comma-separated tag values that need a customer managed key.",
)
def check_command(
    paths: tuple[str, ...],
    fmt: str,
    parameter: tuple[str, ...],
    var: tuple[str, ...],
    var_file: tuple[str, ...],
    source: str | None,
    color: str,
    kms_reuse_minimum: int | None,
    producers: int | None,
    consumers: int | None,
    kms_price: float | None,
    tier_tag: str | None,
    tier_values: str | None,
) -> int:
    """Check templates, plans, Terraform folders and .tf files (default: .)."""
    if tier_tag is not None and not tier_tag.strip():
        raise click.BadParameter("the tag key is empty", param_hint="'--tier-tag'")
    options = _options(
        {
            "reuse_minimum": kms_reuse_minimum,
            "producers": producers,
            "consumers": consumers,
            "kms_price": kms_price,
            "tier_tag": tier_tag,
            "tier_values": _values(tier_values),
        }
    )
    inputs = Inputs(
        parameters=_parameters(parameter),
        variables=_parameters(var, "--var"),
        var_files=var_file,
        source=source,
    )
    return check(
        paths, fmt=fmt, color=_use_color(color), inputs=inputs, options=options
    )


@cli.command("rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(catalog.RENDERERS)),
    default="text",
    show_default=True,
    help="Write the list in this format.",
)
def rules_command(fmt: str) -> int:
    """List every rule: id, control, severity, title, resource types, docs."""
    return rules(fmt=fmt)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="sealgate", standalone_mode=False)
    except click.exceptions.Abort:
        return exit_codes.INTERRUPTED
    except click.ClickException as error:
        error.show()
        return exit_codes.INPUT_ERROR
    except LinterError as error:
        click.echo(f"error: {error}", err=True)
        return exit_codes.INPUT_ERROR
    except KeyboardInterrupt:
        return exit_codes.INTERRUPTED
    except Exception as error:  # a bug: never let it look clean or like findings
        if "--debug" in args:
            traceback.print_exc()
        click.echo(
            f"unexpected error: {type(error).__name__}: {error}\n"
            "this is a bug in sealgate; run again with `sealgate --debug ...` "
            "for the traceback and report it",
            err=True,
        )
        return exit_codes.INTERNAL_ERROR
    return result if isinstance(result, int) else exit_codes.CLEAN
