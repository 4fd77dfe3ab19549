"""Which HTML extractor finds the article and leaves the furniture? jusText vs trafilatura vs ours.

Measured on the team's HTML fixtures (data/pages/html_*.html, each with the article sentences
that must come out and menu / footer / cookie / related-post sentences that must not).
Candidates, each in this process on the same pages:
  - jusText (English stoplist, its default thresholds): main paragraphs;
  - trafilatura (default, and favor_precision=True);
  - detector.page.reader.read_page: jusText with the page language's stoplist, plus the page rules.
Needs the bench extra for trafilatura: `pip install -e .[bench]`.

Run: .venv/bin/python benchmarks/html_extract.py   (writes benchmarks/results/html_extract.json)
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "data" / "pages"
OUT = ROOT / "benchmarks" / "results" / "html_extract.json"
REPEATS = 5


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def candidates() -> dict[str, Callable[[str], str]]:
    import justext
    import trafilatura
    from lxml.etree import ParserError

    from detector.page.reader import read_page

    english = justext.get_stoplist("English")

    def jt(raw: str) -> str:
        try:
            return "\n".join(p.text for p in justext.justext(raw, english) if not p.is_boilerplate)
        except (ParserError, ValueError):  # jusText raises on documents with no body
            return ""

    return {
        "justext": jt,
        "trafilatura": lambda raw: trafilatura.extract(raw, include_comments=False, include_tables=True) or "",
        "trafilatura_precision": lambda raw: (
            trafilatura.extract(raw, include_comments=False, include_tables=True, favor_precision=True) or ""
        ),
        "detector.read_page": lambda raw: "\n".join(read_page(raw, "html").main_lines),
    }


def main() -> None:
    pages = []
    for path in sorted(PAGES.glob("html_*.html")):
        expect = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
        pages.append((path.name, path.read_text(encoding="utf-8"), expect))
    results: dict[str, dict] = {}
    for name, extract in candidates().items():
        for _, raw, _ in pages:
            extract(raw)  # warm-up: imports, stoplists, the language model
        found = total = leaked = furniture = 0
        seconds = 0.0
        per_page = {}
        for page_name, raw, expect in pages:
            start = time.perf_counter()
            for _ in range(REPEATS):
                out = _norm(extract(raw))
            seconds += (time.perf_counter() - start) / REPEATS
            main = sum(_norm(s) in out for s in expect["main_sentences"])
            leak = sum(_norm(s) in out for s in expect["boilerplate_sentences"])
            found, total = found + main, total + len(expect["main_sentences"])
            leaked, furniture = leaked + leak, furniture + len(expect["boilerplate_sentences"])
            per_page[page_name] = {"main_found": main, "main": len(expect["main_sentences"]), "leaked": leak}
        results[name] = {
            "main_sentence_recall": round(found / total, 3),
            "furniture_leak_rate": round(leaked / furniture, 3),
            "ms_per_page": round(1000 * seconds / len(pages), 2),
            "pages": per_page,
        }
        print(
            f"{name:24s} main recall {found}/{total} ({found / total:.2f})  furniture leaked {leaked}/{furniture}"
            f"  {1000 * seconds / len(pages):.1f} ms/page"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps({"command": "python benchmarks/html_extract.py", "pages": len(pages), "results": results}, indent=1)
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
