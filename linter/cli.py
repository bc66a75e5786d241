"""The command line: a thin click layer over typed functions."""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

import click

from sealgate import __version__
from sealgate import baseline
from sealgate import catalog
from sealgate import destination
from sealgate import exit_codes
from sealgate import flags
from sealgate import packs
from sealgate import policy
from sealgate import registry
from sealgate.config import Settings
from sealgate.errors import LinterError
from sealgate.reporters import WRITERS
from sealgate.rules import Severity
from sealgate.rules import Status
from sealgate.scan import Inputs
from sealgate.scan import scan

log = logging.getLogger(__name__)


def check(
    paths: Sequence[str],
    *,
    fmt: str = "text",
    inputs: Inputs | None = None,
    color: bool = False,
    settings: Settings | None = None,
    output: str | None = None,
    quiet: bool = False,
) -> int:
    """Check ``paths``, write the report, return the exit code.

    The report goes to ``output`` (replaced whole) or to stdout; each input
    that could not be read is one ``error:`` line on stderr.
    """
    paths = list(paths) or ["."]
    if output is not None:
        destination.guard(output, paths)
    inputs = inputs or Inputs()
    settings = settings or Settings()
    rules = registry.load()
    gate = policy.build(settings, rules, inputs.source)
    report = scan(paths, rules, inputs=inputs, options=settings.options)
    report = policy.apply(report, gate)
    text = WRITERS[fmt](report, color)
    if output is None:
        sys.stdout.write(text)
    else:
        destination.write(output, text)
    for error in report.errors:
        click.echo(f"error: {error.file}: {error.reason}", err=True)
    _warn(report.warnings, quiet)
    return policy.exit_code(report)


def rules(*, fmt: str = "text") -> int:
    """Print every registered rule; return the exit code."""
    sys.stdout.write(catalog.RENDERERS[fmt](registry.load()))
    return exit_codes.CLEAN


def create_baseline(
    file: str,
    paths: Sequence[str],
    *,
    inputs: Inputs | None = None,
    settings: Settings | None = None,
    quiet: bool = False,
) -> int:
    """Record today's failures of the selected rules in the baseline ``file``."""
    if os.path.exists(file):
        _replaceable_baseline(file)
    settings = settings or Settings()
    rules = registry.load()
    gate = policy.build(dataclasses.replace(settings, baseline=None), rules, None)
    report = scan(paths or ["."], rules, inputs=inputs, options=settings.options)
    failures = [
        verdict
        for verdict in report.verdicts
        if verdict.status is Status.FAIL
        and policy.selected(verdict.rule, gate.select, gate.ignore)
    ]
    recorded = baseline.create(file, failures)
    for error in report.errors:
        click.echo(f"error: {error.file}: {error.reason}", err=True)
    if not quiet:
        click.echo(
            f"recorded {len(recorded.entries)} failure(s) of {report.files} file(s) "
            f"in {file}",
            err=True,
        )
    return exit_codes.INPUT_ERROR if report.errors else exit_codes.CLEAN


def _replaceable_baseline(file: str) -> None:
    try:
        baseline.read(file)
    except LinterError:
        raise LinterError(
            f"{file!r} exists and is not a sealgate baseline; refusing to write "
            f"over it (the baseline file comes first: `sealgate baseline create "
            f"FILE PATH...`)."
        ) from None


def _warn(warnings: Sequence[str], quiet: bool) -> None:
    if not quiet:
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sealgate")
@click.option("--debug", is_flag=True, help="Log diagnostics and show tracebacks.")
def cli(debug: bool) -> None:
    """Find AWS resources left unencrypted, before they are deployed."""
    if debug:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


@cli.command("check")
@flags.PATHS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(WRITERS)),
    default="text",
    show_default=True,
    help="Write the report in this format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write the report to this file (atomically) instead of stdout.",
)
@flags.PARAMETER
@flags.SELECT
@flags.IGNORE
@click.option(
    "--fail-on",
    type=click.Choice([severity.value for severity in Severity]),
    help="Fail only on failures of this severity or above (default: low).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="Fail only on failures this baseline file does not record.",
)
@click.option(
    "--inline-suppressions/--no-inline-suppressions",
    default=None,
    help="Honour (or, in CI, overrule) suppressions written in the inputs.",
)
@flags.VAR
@flags.VAR_FILE
@click.option(
    "--source",
    type=click.Path(file_okay=False, exists=True),
    help="The Terraform folder the plans were made from: it places plan "
    "findings at file and line, decides what the plan leaves unknown, and "
    "holds inline suppressions.",
)
@flags.check_parameters
@flags.COLOR
@flags.QUIET
def check_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    parameter: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    baseline_file: str | None,
    inline_suppressions: bool | None,
    var: tuple[str, ...],
    var_file: tuple[str, ...],
    source: str | None,
    color: str,
    quiet: bool,
    tier_values: str | None,
    **options: Any,
) -> int:
    """Check templates, plans, Terraform folders and .tf files (default: .)."""
    settings = flags.settings(
        select,
        ignore,
        fail_on,
        baseline_file,
        inline_suppressions,
        tier_values=flags.tier_values(tier_values),
        **options,
    )
    inputs = Inputs(
        parameters=flags.assignments(parameter),
        variables=flags.assignments(var, "--var"),
        var_files=var_file,
        source=source,
    )
    return check(
        paths,
        fmt=fmt,
        inputs=inputs,
        color=flags.use_color(color, output),
        settings=settings,
        output=output,
        quiet=quiet,
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


@cli.group("baseline")
def baseline_group() -> None:
    """Record today's failures so that only new ones fail the gate."""


@baseline_group.command("create")
@click.argument("file", type=click.Path(dir_okay=False))
@flags.PATHS
@flags.PARAMETER
@flags.VAR
@flags.VAR_FILE
@flags.SELECT
@flags.IGNORE
@flags.QUIET
def baseline_create_command(
    file: str,
    paths: tuple[str, ...],
    parameter: tuple[str, ...],
    var: tuple[str, ...],
    var_file: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    quiet: bool,
) -> int:
    """Write FILE with the failures found in PATHS (default: the current folder)."""
    inputs = Inputs(
        parameters=flags.assignments(parameter),
        variables=flags.assignments(var, "--var"),
        var_files=var_file,
    )
    return create_baseline(
        file, paths, inputs=inputs, settings=flags.settings(select, ignore), quiet=quiet
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
    # CI cancels a job with SIGTERM: stop as on Ctrl-C, so that a pool's
    # workers are ended with the run instead of outliving it
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        result = cli.main(args=args, prog_name="sealgate", standalone_mode=False)
    except click.exceptions.Abort:  # click's word for Ctrl-C
        click.echo("interrupted", err=True)
        return exit_codes.INTERRUPTED
    except click.ClickException as error:
        error.show()
        return exit_codes.INPUT_ERROR
    except LinterError as error:
        click.echo(f"error: {error}", err=True)
        return exit_codes.INPUT_ERROR
    except KeyboardInterrupt:
        click.echo("\ninterrupted", err=True)
        return exit_codes.INTERRUPTED
    except Exception as error:  # a bug: never let it look clean or like findings
        if "--debug" in args:
            import traceback

            traceback.print_exc()
        click.echo(
            f"unexpected error: {type(error).__name__}: {error}\n"
            "this is a bug in sealgate; run again with `sealgate --debug ...` "
            "for the traceback and report it",
            err=True,
        )
        return exit_codes.INTERNAL_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)
    return result if isinstance(result, int) else exit_codes.CLEAN


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
