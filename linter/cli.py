"""The command line: a thin click layer over typed functions."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Sequence

import click

from sealgate import __version__
from sealgate import exit_codes
from sealgate import packs
from sealgate import registry
from sealgate.errors import LinterError
from sealgate.reporters import WRITERS
from sealgate.rules import Status
from sealgate.scan import Report
from sealgate.scan import scan

log = logging.getLogger(__name__)


def check(
    paths: Sequence[str],
    *,
    fmt: str = "text",
    parameters: dict[str, str] | None = None,
    color: bool = False,
) -> int:
    """Check ``paths``, print the report to stdout, return the exit code."""
    report = scan(paths or ["."], registry.load(), parameters=parameters)
    sys.stdout.write(WRITERS[fmt](report, color))
    return gate(report)


def gate(report: Report) -> int:
    """The exit code a report earns: input errors first, then failures."""
    if report.errors:
        return exit_codes.INPUT_ERROR
    if any(verdict.status is Status.FAIL for verdict in report.verdicts):
        return exit_codes.FINDINGS
    return exit_codes.CLEAN


def _parameters(values: Sequence[str]) -> dict[str, str]:
    parsed = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(
                f"{value!r} is not KEY=VALUE", param_hint="'--parameter'"
            )
        parsed[key] = setting
    return parsed


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
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    envvar="SEALGATE_COLOR",
    show_default=True,
    help="Colour the text report; auto means only on a terminal without NO_COLOR.",
)
def check_command(
    paths: tuple[str, ...], fmt: str, parameter: tuple[str, ...], color: str
) -> int:
    """Check templates, plans and folders (default: the current folder)."""
    return check(
        paths, fmt=fmt, parameters=_parameters(parameter), color=_use_color(color)
    )


@cli.command("checkov-pack")
def checkov_pack_command() -> int:
    """Print the folder to give `checkov --external-checks-dir`."""
    click.echo(str(packs.checkov_folder()))
    return exit_codes.CLEAN


@cli.command("cfn-lint-pack")
def cfn_lint_pack_command() -> int:
    """Print the folder to give `cfn-lint --append-rules`."""
    click.echo(str(packs.cfn_lint_folder()))
    return exit_codes.CLEAN


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
