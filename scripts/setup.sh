#!/usr/bin/env bash
# Set up a working environment from a fresh clone: a virtual environment in .venv
# with journeykit and the extras asked for, plus the system tools the renderers use
# (Graphviz's `dot`, the Cairo library for PNG/PDF output, the DejaVu fonts). For the
# `dev` extras it also installs Mermaid's parser (Node.js packages, in .cache/node),
# which the tests run on the Mermaid export.
#   usage: scripts/setup.sh EXTRAS        e.g. scripts/setup.sh all   or   scripts/setup.sh dev
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-all}"

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "journeykit needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
    exit 1
fi

# System packages, installed only when missing (Debian/Ubuntu; root or sudo).
missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
# The tests check the Mermaid export with Mermaid's own parser, which runs on Node.js.
if [ "$extras" = dev ] && ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi
# The browser tests drive Debian's Chromium through Playwright (no browser is downloaded).
if [ "$extras" = dev ] && ! command -v chromium >/dev/null 2>&1; then
    missing+=(chromium)
fi
# The Spark tests run PySpark, whose JVM needs Java 17 or newer.
if [ "$extras" = dev ] && ! command -v java >/dev/null 2>&1; then
    missing+=(openjdk-17-jre-headless)
fi
ldconfig -p 2>/dev/null | grep -q 'libcairo\.so\.2' || missing+=(libcairo2)
fc-list 2>/dev/null | grep -qi 'DejaVuSans' || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "installing system packages: ${missing[*]}" >&2
        $sudo apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "warning: please install ${missing[*]} with your system's package manager" >&2
    fi
fi

if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"

if [ "$extras" = dev ]; then
    modules=.cache/node/node_modules
    if [ ! -d "$modules/mermaid" ] || [ ! -d "$modules/jsdom" ]; then
        npm install --silent --no-audit --no-fund --prefix .cache/node mermaid@11.17.2 jsdom@29.1.1
    fi
fi
