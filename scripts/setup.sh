#!/usr/bin/env bash
# Create .venv (if missing) and install the package with its test extras. Idempotent.
# Each step says on stderr what it does and about how long it takes: on a new machine the
# install is minutes of otherwise silent work (pip builds llama.cpp from source).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
step() { echo "setup: $*" >&2; }
if [ ! -x .venv/bin/python ]; then
  step "creating .venv with $PYTHON (a few seconds)"
  "$PYTHON" -m venv .venv
fi
if .venv/bin/python -c "import importlib.metadata as m; [m.version(n) for n in ('detector', 'llama-cpp-python', 'streamlit')]" 2>/dev/null; then
  step "checking the packages installed in .venv (a few seconds)"
else
  step "installing the package and its test extras into .venv (first run about 7 minutes, most of it pip building llama.cpp for the deep tier from source)"
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# Derive the cached n-gram and thesaurus tables once (about 15 s on first run).
step "checking the cached language-model and thesaurus tables (built once, about 15 s)"
.venv/bin/python -c "from detector.lm.thesaurus import candidate_table; candidate_table()"
