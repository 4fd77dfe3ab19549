"""What the document score costs on top of the span engine (target: < 20% more time).

Times `score()` on the bundled samples, the team's page fixtures and news-size texts, best of
REPEATS runs each, in three configurations of one process:

1. as shipped;
2. without the document score: the edit scorer (read by the MT head only), the token profile,
   the feature vector and the classifier replaced by no-ops. What is left is the page layer and
   the whole span engine, including the MT word scorer that finds the `kind="mt"` spans;
3. without the MT word scorer as well (no `mt` spans): the fingerprint and discovery spans only.

The target's figure is 1 against 2. 1 against 3 is reported too: it charges the word matrix and
the MT word scorer to the document score, whose MT head also reads their output.

Run: .venv/bin/python benchmarks/doc_cost.py   (writes benchmarks/results/doc_cost.json)
"""

from __future__ import annotations

import json
from collections.abc import Callable
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


def _total(texts: list[str], score: Callable[[str], object]) -> float:
    return sum(best_of(lambda t=text: score(t), REPEATS) for text in texts)


def main() -> None:
    from detector.api import score
    from detector.document import features as doc_features
    from detector.document import scoring
    from detector.spans import mt_words

    texts = _texts()
    for text in texts:
        score(text)  # warm-up
    full = _total(texts, score)
    # 2: the document score off.
    doc_features.TextProfile.add = lambda self, text, tokens, words, probs, edit: None  # type: ignore[method-assign]
    doc_features.vector = lambda spans, profile, quality: np.zeros(len(doc_features.FEATURE_NAMES), np.float32)  # type: ignore[assignment]
    mt_words.EditModel.scores = lambda self, matrix: np.zeros(len(matrix), np.float32)  # type: ignore[method-assign]
    scoring.finish = lambda report, features, *args: report  # type: ignore[assignment]
    spans = _total(texts, score)
    # 3: the MT word scorer off as well.
    model = mt_words.load()
    object.__setattr__(model, "span_threshold", 2.0)
    mt_words.word_matrix = lambda tokens: np.zeros((len(tokens), 1), np.float32)  # type: ignore[assignment]
    mt_words.WordModel.predict = lambda self, matrix: np.zeros(len(matrix), np.float32)  # type: ignore[method-assign]
    spans_without_mt = _total(texts, score)
    added = full / spans - 1
    added_with_mt_words = full / spans_without_mt - 1
    print(
        f"span engine {1000 * spans:.0f} ms ({1000 * spans_without_mt:.0f} ms without MT spans), "
        f"with document score {1000 * full:.0f} ms: +{added:.1%} (+{added_with_mt_words:.1%} counting the MT word "
        "scorer as document layer)"
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "command": "python benchmarks/doc_cost.py",
                "texts": len(texts),
                "words": sum(len(t.split()) for t in texts),
                "span_engine_ms": round(1000 * spans, 1),
                "span_engine_without_mt_spans_ms": round(1000 * spans_without_mt, 1),
                "with_document_score_ms": round(1000 * full, 1),
                "added": round(added, 4),
                "added_counting_mt_word_scorer": round(added_with_mt_words, 4),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
