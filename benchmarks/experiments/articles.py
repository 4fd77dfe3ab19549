"""Article calques (`detector.spans.articles`): recall on machine round trips, false spans on clean
prose, with one or two (`MIN_ARTICLES`) needed in a text.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/articles.py [--test]

Gold comes from round trips and their own sources, no annotation: a round trip opening with
"The" and a word its source opened with bare (`article_model.article_gold`). Round trips are
read DOCUMENT_SENTENCES at a time, as one text, like the calque experiment's; precision counts
every other flagged opener as wrong. Default: the validation split (in-sample for the model);
`--test`: the test round trips of PubMed and BBC News through Spanish and Galician, Esperanto
(a pivot no trainer reads) and the neural engine's Portuguese, and the calque experiment's clean
test prose (test prose, the team evaluation set's clean originals, the outside devset's clean
and tricky clean documents). Writes benchmarks/experiments/results/articles[_test].json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from unittest import mock

from detector.lm.reference import reference
from detector.spans import articles
from detector.text import tokenize
from detector.training.article_model import article_gold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from calques import DOCUMENT_SENTENCES, ROOT, clean_texts, round_trips  # the calque experiment's sets


def measure(trips: dict[str, list], clean: list[str]) -> dict[str, dict[str, float]]:
    ref = reference()
    out = {}
    for pivot, items in trips.items():
        gold = found = hit = 0
        for i in range(0, len(items), DOCUMENT_SENTENCES):
            group, starts, offset = items[i : i + DOCUMENT_SENTENCES], set(), 0
            for trip in group:
                if article_gold(trip):
                    starts.add(offset)
                offset += len(trip.output) + 1
            text = " ".join(t.output for t in group)
            spans = articles.find_articles(text, tokenize(text), ref)
            gold, found, hit = gold + len(starts), found + len(spans), hit + sum(s.start in starts for s in spans)
        out[pivot] = {
            "added_articles": gold,
            "recall": round(hit / max(gold, 1), 3),
            "precision": round(hit / max(found, 1), 3),
        }
    words = sum(len(tokenize(t)) for t in clean)
    false = sum(len(articles.find_articles(t, tokenize(t), ref)) for t in clean)
    out["clean"] = {"texts": len(clean), "words": words, "false_per_1k": round(1000 * false / max(words, 1), 3)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="the test round trips and clean test prose")
    args = parser.parse_args()
    if args.test:
        trips, clean = (
            round_trips("test", ("es", "gl", "eo", "pt"), ("pubmed", "bbc")),
            clean_texts("test", devset=True),
        )
    else:
        trips, clean = (
            round_trips("val", ("es", "ca", "gl"), ("pubmed", "bbc", "wiki")),
            clean_texts("val", devset=False),
        )
    results = {}
    for name, least in (("one a text (shipped)", 1), ("two a text", 2)):
        with mock.patch.object(articles, "MIN_ARTICLES", least):
            results[name] = measure(trips, clean)
        print(name, json.dumps(results[name]), flush=True)
    out = ROOT / "benchmarks" / "experiments" / "results" / f"articles{'_test' if args.test else ''}.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
