"""The one module checkov imports from this folder: it registers every check.

checkov finds external checks by importing each file of the folder and
letting the checks register themselves as they are created. That import
side effect is confined to this module; ``sealgate.packs.checkov_checks``
builds the checks from sealgate's registry.
"""

from __future__ import annotations

from sealgate.packs import checkov_checks

checkov_checks.register()
