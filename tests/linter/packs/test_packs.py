"""The pack folders, the commands that print them, and what a wheel ships."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import zipfile

import pytest

from sealgate.packs import cfn_lint_folder
from sealgate.packs import checkov_folder
from tests.conftest import ROOT
from tests.conftest import Run

PACK_FILES = [
    "sealgate/packs/__init__.py",
    "sealgate/packs/cfn_lint/__init__.py",
    "sealgate/packs/cfn_lint/sealgate_rules.py",
    "sealgate/packs/cfn_lint_rules.py",
    "sealgate/packs/checkov/__init__.py",
    "sealgate/packs/checkov/sealgate_checks.py",
    "sealgate/packs/checkov_checks.py",
    "sealgate/packs/checkov_hcl.py",
    "sealgate/packs/verdicts.py",
]


def test_checkov_pack_command_prints_the_folder(run: Run) -> None:
    assert run("checkov-pack") == (0, f"{checkov_folder()}\n", "")
    assert (checkov_folder() / "sealgate_checks.py").is_file()
    assert (checkov_folder() / "__init__.py").is_file()  # checkov requires it


def test_cfn_lint_pack_command_prints_the_folder(run: Run) -> None:
    assert run("cfn-lint-pack") == (0, f"{cfn_lint_folder()}\n", "")
    assert (cfn_lint_folder() / "sealgate_rules.py").is_file()


def test_importing_the_packs_imports_neither_tool() -> None:
    code = (
        "import sys, sealgate.packs, sealgate.cli; "
        "print(sorted(m for m in ('checkov', 'cfnlint') if m in sys.modules))"
    )

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert done.stdout == "[]\n"


@pytest.mark.tool
def test_installed_package_ships_the_pack_folders(tmp_path: pathlib.Path) -> None:
    # a real, non-editable install of the built wheel, ahead of the editable one
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(wheels), str(ROOT)], check=True
    )
    (wheel,) = wheels.glob("sealgate-*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "-t", str(target), str(wheel)], check=True
    )
    with zipfile.ZipFile(wheel) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("sealgate/packs/"))

    printed = {}
    for command in ("checkov-pack", "cfn-lint-pack"):
        done = subprocess.run(
            [sys.executable, "-m", "sealgate", command],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(target)},
            capture_output=True,
            text=True,
            check=True,
        )
        printed[command] = pathlib.Path(done.stdout.strip())

    assert names == PACK_FILES
    assert printed["checkov-pack"] == target / "sealgate" / "packs" / "checkov"
    assert sorted(p.name for p in printed["checkov-pack"].glob("*.py")) == [
        "__init__.py",
        "sealgate_checks.py",
    ]
    assert printed["cfn-lint-pack"] == target / "sealgate" / "packs" / "cfn_lint"
    assert (printed["cfn-lint-pack"] / "sealgate_rules.py").is_file()
