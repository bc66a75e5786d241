"""Shared command-line flags: reading their values."""

from __future__ import annotations

import pytest

from sealgate import flags
from sealgate.options import Options


def test_flags_settings_only_given_values_override_defaults() -> None:
    built = flags.settings((), (), reuse_minimum=900, producers=None, tier_values=None)
    assert built.options == Options(reuse_minimum=900)


@pytest.mark.parametrize(
    ("choice", "no_color", "output", "expected"),
    [
        pytest.param("auto", "", None, False, id="auto-not-a-tty"),
        pytest.param("auto", "1", None, False, id="auto-no-color"),
        pytest.param("always", "1", None, True, id="always-beats-no-color"),
        pytest.param("never", "", None, False, id="never"),
        pytest.param("auto", "", "report.txt", False, id="auto-into-a-file"),
    ],
)
def test_flags_use_color(monkeypatch, choice, no_color, output, expected) -> None:
    monkeypatch.setenv("NO_COLOR", no_color)
    assert flags.use_color(choice, output) is expected
