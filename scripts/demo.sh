#!/usr/bin/env bash
# Run the product on the bundled samples: the review UI (default), or the command line (--cli).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "${1:-}" = "--cli" ]; then
  .venv/bin/detector score --format text data/samples/*.txt data/samples/spun_page.html
  exit 0
fi
PORT="${PORT:-8501}"
echo "Review UI on http://localhost:${PORT} (bundled samples and a 100-document batch; Ctrl-C stops it)"
exec .venv/bin/streamlit run app.py --server.headless true --server.port "${PORT}" --browser.gatherUsageStats false
