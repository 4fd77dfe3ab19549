#!/usr/bin/env bash
# Run the whole test suite (tests that need ../shared skip when it is absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The review UI's browser test drives Debian's Chromium; install it when missing (needs root and apt).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
      || echo "could not install chromium: the browser test will skip" >&2
  else
    echo "chromium or chromedriver missing (not root): the browser test will skip" >&2
  fi
fi
.venv/bin/python -m pytest "$@"
