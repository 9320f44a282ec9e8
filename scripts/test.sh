#!/usr/bin/env bash
# Set up the test dependencies, then run every check: lint, formatting, types,
# the whole test suite (with doctests) and the documentation build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
export JOURNEYKIT_MERMAID_MODULES="$PWD/.cache/node/node_modules"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
