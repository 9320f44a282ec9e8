#!/usr/bin/env bash
# The main job: set everything up, then turn every bundled example journey into maps
# with every renderer (written to build/maps/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh all
.venv/bin/python scripts/render_examples.py "$@"
