"""Configuration files: where they are found, what they may say, what wins."""

from __future__ import annotations

import pathlib

import pytest

from sealgate import cli
from sealgate import config
from sealgate.config import Settings
from sealgate.errors import LinterError
from sealgate.options import Options
from sealgate.rules import Severity


def test_config_find_walks_upwards(tmp_path, monkeypatch) -> None:
    (tmp_path / ".sealgate.toml").write_text('fail-on = "high"\n')
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert config.find() == str(tmp_path / ".sealgate.toml")


def test_config_find_passes_over_pyproject_without_table(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.sealgate]\nfail-on = "high"\n')
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert config.find(str(inner)) == str(tmp_path / "pyproject.toml")


def test_config_find_prefers_sealgate_toml(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.sealgate]\n")
    (tmp_path / ".sealgate.toml").write_text("")
    assert config.find(str(tmp_path)) == str(tmp_path / ".sealgate.toml")


def test_config_load_every_key(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.sealgate]\n"
        'select = ["SQS", "Kinesis.1"]\n'
        'ignore = ["SQS002"]\n'
        'fail-on = "medium"\n'
        'baseline = "ci/baseline.json"\n'
        "inline-suppressions = false\n"
        "kms-reuse-minimum = 600\n"
        "producers = 3\n"
        "consumers = 2\n"
        "kms-price = 0.05\n"
        'tier-tag = "classification"\n'
        'tier-values = ["PII", "secret"]\n'
    )
    assert config.load(str(tmp_path)) == Settings(
        options=Options(
            reuse_minimum=600,
            producers=3,
            consumers=2,
            kms_price=0.05,
            tier_tag="classification",
            tier_values=frozenset({"pii", "secret"}),
        ),
        select=("SQS", "Kinesis.1"),
        ignore=("SQS002",),
        fail_on=Severity.MEDIUM,
        baseline=str(tmp_path / "ci" / "baseline.json"),
        inline_suppressions=False,
        file=str(tmp_path / "pyproject.toml"),
    )


def test_config_load_command_line_overrides(tmp_path) -> None:
    (tmp_path / ".sealgate.toml").write_text(
        'fail-on = "critical"\nselect = ["SQS"]\nproducers = 4\n'
    )
    settings = config.load(
        str(tmp_path),
        {"fail_on": Severity.LOW, "select": None, "producers": 9, "ignore": None},
    )
    assert (settings.fail_on, settings.select, settings.options.producers) == (
        Severity.LOW,
        ("SQS",),
        9,
    )


def test_config_load_without_file_gives_defaults(tmp_path) -> None:
    assert config.load(str(tmp_path)) == Settings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            'fail_on = "high"\n',
            "unknown key 'fail_on' in .sealgate.toml; known keys: baseline, "
            "consumers, fail-on, ignore, inline-suppressions, kms-price, "
            "kms-reuse-minimum, producers, select, tier-tag, tier-values.",
            id="unknown-key",
        ),
        pytest.param(
            'fail-on = "severe"\n',
            "'fail-on' in .sealgate.toml must be one of low, medium, high, "
            "critical, not 'severe'.",
            id="bad-severity",
        ),
        pytest.param(
            "kms-reuse-minimum = 30\n",
            "'kms-reuse-minimum' in .sealgate.toml must be between 60 and 86400, "
            "not 30.",
            id="reuse-out-of-range",
        ),
        pytest.param(
            "producers = true\n",
            "'producers' in .sealgate.toml must be a whole number, not True.",
            id="bool-is-not-a-count",
        ),
        pytest.param(
            'select = "SQS"\n',
            "'select' in .sealgate.toml must be a list of strings, not 'SQS'.",
            id="select-not-a-list",
        ),
        pytest.param(
            "kms-price = -1\n",
            "'kms-price' in .sealgate.toml must be a number of US dollars, zero or "
            "more, not -1.",
            id="negative-price",
        ),
        pytest.param(
            "tier-values = []\n",
            "'tier-values' in .sealgate.toml must list at least one value, not [].",
            id="no-tier-values",
        ),
        pytest.param(
            "fail-on = \n",
            "invalid TOML: Invalid value (at line 1, column 11).",
            id="invalid-toml",
        ),
    ],
)
def test_config_read_errors_name_the_key(tmp_path, text: str, message: str) -> None:
    path = tmp_path / ".sealgate.toml"
    path.write_text(text)
    with pytest.raises(LinterError) as caught:
        config.read(str(path))
    assert str(caught.value) == f"{path}: {message}"


def test_config_error_through_main_exits_2(run, tmp_path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.sealgate]\nfail-on = "x"\n')
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", ".")
    assert (code, out) == (2, "")
    assert err == (
        f"error: {tmp_path / 'pyproject.toml'}: 'fail-on' in [tool.sealgate] must "
        "be one of low, medium, high, critical, not 'x'.\n"
    )


def test_config_file_that_is_not_utf8_is_an_input_error(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # found by trying it: a stray byte in a pyproject.toml used to exit 3
    (tmp_path / ".sealgate.toml").write_bytes(b"\xff\xfe")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LinterError) as raised:
        config.load(".")
    assert str(raised.value) == (
        f"{tmp_path / '.sealgate.toml'}: not UTF-8 text, so not TOML."
    )
    assert cli.main(["check", "."]) == 2
