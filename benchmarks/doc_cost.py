"""What the document score costs on top of the span engine (target: < 20% more time).

Times `score()` on the bundled samples, the team's page fixtures and news-size texts, once
as shipped and once with the document layer switched off in this process (token profile,
MT word scorer and classifier replaced by no-ops), best of REPEATS runs each.

Run: .venv/bin/python benchmarks/doc_cost.py   (writes benchmarks/results/doc_cost.json)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from timing import best_of

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "doc_cost.json"
REPEATS = 5


def _texts() -> list[str]:
    paths = sorted((ROOT / "data" / "samples").glob("*.txt")) + sorted((ROOT / "data" / "pages").glob("text_*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    news = [json.loads(line)["clean"] for line in (ROOT / "data" / "dev" / "spun_dev.jsonl").read_text().splitlines()]
    texts.append("\n\n".join(news))  # one long news text
    return texts


def main() -> None:
    from detector import doc_features, mt_words, scoring
    from detector.api import score

    texts = _texts()
    for text in texts:
        score(text)  # warm-up
    full = sum(best_of(lambda t=text: score(t), REPEATS) for text in texts)
    # Switch the document layer off: what is left is the page layer and the span engine.
    doc_features.TextProfile.add = lambda self, text, tokens, words, probs, edit=None: None  # type: ignore[method-assign]
    model = mt_words.load()
    object.__setattr__(model, "span_threshold", 2.0)
    mt_words.word_matrix = lambda tokens: np.zeros((len(tokens), 1), np.float32)  # type: ignore[assignment]
    mt_words.WordModel.predict = lambda self, matrix: np.zeros(len(matrix), np.float32)  # type: ignore[method-assign]
    mt_words.EditModel.scores = lambda self, matrix: np.zeros(len(matrix), np.float32)  # type: ignore[method-assign]
    scoring.finish = lambda report, features: report  # type: ignore[assignment]
    spans_only = sum(best_of(lambda t=text: score(t), REPEATS) for text in texts)
    added = full / spans_only - 1
    print(f"span engine {1000 * spans_only:.0f} ms, with document score {1000 * full:.0f} ms: +{added:.1%}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "command": "python benchmarks/doc_cost.py",
                "texts": len(texts),
                "span_engine_ms": round(1000 * spans_only, 1),
                "with_document_score_ms": round(1000 * full, 1),
                "added": round(added, 4),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
