#!/usr/bin/env bash
# Create .venv (if missing) and install the package with its test extras. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# Derive the cached n-gram and thesaurus tables once (about 15 s on first run).
.venv/bin/python -c "from detector.lm.thesaurus import candidate_table; candidate_table()"
