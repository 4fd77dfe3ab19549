"""How fast the review UI answers: first load, and a 5,000-word document after it.

Drives app.py through Streamlit's AppTest (the server side of a page view: scoring, HTML
building and every widget): the first run (resources load), then three different pasted
5,000-word documents (Wikipedia test-split leads, 15% of content words spun, so spans are
many), each timed from input to the finished page; and the 100-document bundled batch.
The browser's own drawing of the HTML is not included (a few tens of ms in Chromium).

Run: .venv/bin/python benchmarks/ui_render.py   (~1 minute; writes benchmarks/results/ui_render.json)
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "ui_render.json"
WORDS = 5000


def documents(n: int, words: int = WORDS) -> list[str]:
    from detector.training.corpus import documents as leads
    from detector.training.spinner import spin

    pool = leads("test")
    rng = random.Random(5)
    out = []
    for i in range(n):
        parts, count = [], 0
        while count < words:
            lead = rng.choice(pool)
            parts.append(lead)
            count += len(lead.split())
        out.append(spin("\n\n".join(parts), rate=0.15, seed=i).text)
    return out


def main() -> None:
    from streamlit.testing.v1 import AppTest

    texts = documents(3)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DETECTOR_VERDICTS"] = str(Path(tmp) / "verdicts.sqlite3")
        started = time.perf_counter()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        first = time.perf_counter() - started
        at.radio(key="source").set_value("Paste").run()
        timings = []
        for text in texts:
            started = time.perf_counter()
            at.text_area(key="pasted").input(text).run()
            timings.append(time.perf_counter() - started)
            assert not at.exception, at.exception
        spans = [h.value.count("<mark") for h in at.html if h.value.startswith('<div class="dt-doc">')]
        started = time.perf_counter()
        at.sidebar.radio(key="view").set_value("Batch triage").run()
        batch = time.perf_counter() - started
    result = {
        "command": "python benchmarks/ui_render.py",
        "first_load_seconds": round(first, 2),
        "document_words": [len(t.split()) for t in texts],
        "spans_in_last_document": spans[0] if spans else 0,
        "document_seconds": [round(t, 2) for t in timings],
        "batch_100_documents_seconds": round(batch, 2),
    }
    print(json.dumps(result, indent=1))
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
