from __future__ import annotations

from sealgate.cli import main

raise SystemExit(main())
