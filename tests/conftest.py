from __future__ import annotations

import os
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# CI runs more examples than a quick local run, and never prints a database.
settings.register_profile("ci", max_examples=100, database=None, print_blob=True)
settings.register_profile("dev", max_examples=40)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
