#!/usr/bin/env bash
# Run the whole test suite (tests that need ../shared skip when it is absent).
# On a new machine the set-up takes about ten minutes (llama.cpp built from source, Chromium
# installed); each step prints one line on stderr saying what it does and about how long.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { echo "test: $*" >&2; }
bash scripts/setup.sh
# The review UI's browser test drives Debian's Chromium; install it when missing (needs root and apt).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian's chromium and chromium-driver for the browser test (once, about 2 minutes)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
      || echo "could not install chromium: the browser test will skip" >&2
  else
    echo "chromium or chromedriver missing (not root): the browser test will skip" >&2
  fi
fi
if [ "$#" -eq 0 ]; then
  step "running the whole test suite (about 7 minutes)"
else
  step "running pytest $*"
fi
.venv/bin/python -m pytest "$@"
