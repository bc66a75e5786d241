"""Run mypy on the package as installed: sealgate = linter/, plugins inside it.

mypy cannot follow setuptools' package-dir mapping of an editable install,
so this builds the mapping as a tree of links in a temporary folder.
Usage: ``python scripts/typecheck.py`` (mypy must be installed).
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        package = pathlib.Path(folder) / "sealgate"
        package.mkdir()
        for entry in (ROOT / "linter").iterdir():
            (package / entry.name).symlink_to(entry)
        (package / "plugins").symlink_to(ROOT / "plugins")
        config = ROOT / "pyproject.toml"
        command = [sys.executable, "-m", "mypy", "--config-file", str(config)]
        return subprocess.call([*command, "-p", "sealgate"], cwd=folder)


if __name__ == "__main__":
    raise SystemExit(main())
