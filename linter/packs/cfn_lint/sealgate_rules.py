"""The one module cfn-lint imports from this folder.

cfn-lint instantiates every rule class it finds in the module's namespace;
the classes are made from sealgate's registry by
``sealgate.packs.cfn_lint_rules``, one pair per control, and placed here.
No base class is imported by name, so cfn-lint finds only the real rules.
"""

from __future__ import annotations

from sealgate.packs import cfn_lint_rules

globals().update(cfn_lint_rules.classes())
