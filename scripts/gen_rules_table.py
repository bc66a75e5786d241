"""Regenerate the rule table in README.md from the registry.

The table sits between ``<!-- rules:start -->`` and ``<!-- rules:end -->``;
a test fails when it drifts from ``sealgate rules``. Run it after adding or
changing a rule: ``python scripts/gen_rules_table.py``.
"""

from __future__ import annotations

import pathlib

from sealgate import catalog
from sealgate import registry

README = pathlib.Path(__file__).parent.parent / "README.md"


def main() -> None:
    text = README.read_text()
    updated = catalog.readme_section(text, registry.load())
    if updated != text:
        README.write_text(updated)
    print(f"{README.name}: {len(registry.load().rules)} rules")


if __name__ == "__main__":
    main()
