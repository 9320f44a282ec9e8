"""Run the ``journeykit`` command as ``python -m journeykit``."""

from __future__ import annotations

import sys

from journeykit.cli import main

if __name__ == "__main__":
    sys.exit(main())
