"""What share of scoring time goes to the text layer (page reading, boilerplate, language, quality)?

Target: under 25% of total scoring time. Pages: the team's page fixtures (data/pages, text and
HTML), the bundled samples, and the seed pages when ../shared/seeds is present (timing only).
For each page, in this process, after a warm-up: the text layer alone (`read_page` + quality
measures and checks) and the full `score()`; best of REPEATS runs each.

Run: .venv/bin/python benchmarks/text_layer.py   (writes benchmarks/results/text_layer.json)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from timing import best_of

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "text_layer.json"
REPEATS = 5


def _pages() -> list[tuple[str, str]]:
    paths = sorted((ROOT / "data" / "pages").glob("*.txt")) + sorted((ROOT / "data" / "pages").glob("*.html"))
    paths += sorted((ROOT / "data" / "samples").glob("*.txt"))
    seeds = Path(os.environ.get("DETECTOR_SHARED", ROOT.parent / "shared")) / "seeds"
    paths += sorted(seeds.glob("*.txt"))
    return [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in paths]


def main() -> None:
    from detector import score
    from detector.page.quality import assess
    from detector.page.reader import read_page

    pages = _pages()
    score(pages[0][1])  # warm-up: tables, models, stoplists
    rows = []
    total_layer = total_score = 0.0
    for name, raw in pages:
        layer = best_of(lambda raw=raw: assess(read_page(raw)), REPEATS)
        full = best_of(lambda raw=raw: score(raw), REPEATS)
        total_layer += layer
        total_score += full
        rows.append(
            {
                "page": name,
                "kb": round(len(raw.encode()) / 1024, 1),
                "text_layer_ms": round(1000 * layer, 2),
                "score_ms": round(1000 * full, 2),
                "share": round(layer / full, 3),
            }
        )
        print(
            f"{name:48s} {rows[-1]['kb']:6.1f} KB  text layer {1000 * layer:6.1f} ms  score {1000 * full:7.1f} ms  "
            f"share {layer / full:.0%}"
        )
    share = total_layer / total_score
    print(f"all pages: text layer {1000 * total_layer:.0f} ms of {1000 * total_score:.0f} ms scoring = {share:.1%}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "command": "python benchmarks/text_layer.py",
                "share": round(share, 4),
                "text_layer_ms": round(1000 * total_layer, 1),
                "score_ms": round(1000 * total_score, 1),
                "pages": rows,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
