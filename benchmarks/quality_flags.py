"""Our quality flags side by side with datatrove's Gopher, C4 and FineWeb filters, same pages.

Documents: the team's page fixtures (data/pages, text and HTML), the bundled samples, clean
team-written prose (data/dev clean texts), Wikipedia lead sections (held-out split of the
training corpus, 150+ words) and, when ../shared/seeds is present, the seed pages.
Each datatrove filter sees (a) the whole page text, as a pipeline without boilerplate removal
would feed it, and (b) our main text; HTML pages are given as our extracted page text.
Reported: which documents each system drops or flags, agreement with our flags, and time per
page. Needs the bench extra: `pip install -e .[bench]` (datatrove, and spaCy for its
English word tokenizer; no model download).

Run: .venv/bin/python benchmarks/quality_flags.py   (writes benchmarks/results/quality_flags.json)
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "quality_flags.json"
WIKI_DOCS = 60
DEV_DOCS = 60


def documents() -> list[tuple[str, str, str]]:
    """(group, name, raw text) for every document."""
    docs = []
    for path in sorted((ROOT / "data" / "pages").glob("*.txt")) + sorted((ROOT / "data" / "pages").glob("*.html")):
        docs.append(("team pages", path.stem, path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "data" / "samples").glob("*.txt")):
        docs.append(("team samples", path.stem, path.read_text(encoding="utf-8")))
    dev = [json.loads(line) for line in (ROOT / "data" / "dev" / "clean_dev_e.jsonl").read_text().splitlines() if line]
    docs.extend(("team clean prose", d["id"], d["text"]) for d in dev[:DEV_DOCS])
    from detector.training.corpus import documents as wiki

    leads = [t for t in wiki("test") if len(t.split()) >= 150][:WIKI_DOCS]
    docs.extend(("wikipedia leads", f"wiki-{i:03d}", t) for i, t in enumerate(leads))
    seeds = Path(os.environ.get("DETECTOR_SHARED", ROOT.parent / "shared")) / "seeds"
    docs.extend(("seed pages", p.stem[:3], p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt")))
    return docs


def datatrove_filters() -> dict[str, Any]:
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    return {
        "gopher_quality": GopherQualityFilter(),
        "gopher_repetition": GopherRepetitionFilter(),
        "c4": C4QualityFilter(filter_no_terminal_punct=True),
        "fineweb": FineWebQualityFilter(),
    }


def run_datatrove(filters: dict[str, Any], text: str) -> dict[str, str | None]:
    """Filter name -> reason the document is dropped, or None when kept."""
    from datatrove.data import Document

    out: dict[str, str | None] = {}
    for name, f in filters.items():
        if not text.strip():
            out[name] = "empty"
            continue
        verdict = f.filter(Document(text=text, id="x"))
        if isinstance(verdict, tuple):
            out[name] = None if verdict[0] else str(verdict[1])
        else:
            out[name] = None if verdict else "dropped"
    return out


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from detector import score
    from detector.page.quality import assess
    from detector.page.reader import read_page

    filters = datatrove_filters()
    docs = documents()
    score(docs[0][2])
    run_datatrove(filters, docs[0][2])  # warm-up: spaCy tokenizer
    rows = []
    seconds = {"ours_text_layer": 0.0, "datatrove_all_four": 0.0}
    for group, name, raw in docs:
        start = time.perf_counter()
        page = read_page(raw)
        assess(page)
        seconds["ours_text_layer"] += time.perf_counter() - start
        report = score(raw)
        main_text = "\n".join(page.main_lines)
        start = time.perf_counter()
        on_page = run_datatrove(filters, page.text)
        seconds["datatrove_all_four"] += time.perf_counter() - start
        on_main = run_datatrove(filters, main_text)
        ours = [f.name for f in report.quality.flags]
        rows.append(
            {
                "group": group,
                "doc": name,
                "ours": ours,
                "datatrove_page": on_page,
                "datatrove_main": on_main,
                "boilerplate_share": report.quality.boilerplate_share,
                "label": report.label,
            }
        )
    summary = _summarise(rows)
    for group, s in summary.items():
        print(
            f"{group:18s} n={s['n']:3d}  ours(any but boilerplate) {s['ours_flagged']:.2f}  "
            + "  ".join(f"{k} {v:.2f}/{s['datatrove_main'][k]:.2f}" for k, v in s["datatrove_page"].items())
        )
    print("(datatrove columns: share dropped on whole page text / on our main text)")
    for row in rows:
        if row["group"] in ("seed pages", "team pages"):
            dropped = {k: v for k, v in row["datatrove_page"].items() if v}
            print(f"  {row['doc'][:40]:40s} ours {row['ours']}  datatrove(page) {dropped}")
    per_page = {k: round(1000 * v / len(rows), 2) for k, v in seconds.items()}
    print("ms per document:", per_page)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "command": "python benchmarks/quality_flags.py",
                "summary": summary,
                "ms_per_document": per_page,
                "documents": rows,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


def _summarise(rows: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for group in dict.fromkeys(r["group"] for r in rows):
        sub = [r for r in rows if r["group"] == group]
        names = list(sub[0]["datatrove_page"])
        ours = [any(f != "boilerplate" for f in r["ours"]) for r in sub]
        out[group] = {
            "n": len(sub),
            "ours_flagged": sum(ours) / len(sub),
            "datatrove_page": {k: sum(bool(r["datatrove_page"][k]) for r in sub) / len(sub) for k in names},
            "datatrove_main": {k: sum(bool(r["datatrove_main"][k]) for r in sub) / len(sub) for k in names},
            "agreement_with_ours_main": {
                k: sum(bool(r["datatrove_main"][k]) == o for r, o in zip(sub, ours)) / len(sub) for k in names
            },
        }
    return out


if __name__ == "__main__":
    main()
