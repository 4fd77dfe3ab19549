#!/usr/bin/env bash
# Score the bundled samples and print them with suspect spans highlighted.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/detector score --format text data/samples/*.txt data/samples/spun_page.html
