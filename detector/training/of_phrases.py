"""Count the "head of modifier" phrases of modern domain prose: the calque detector's table.

    python -m detector.training.of_phrases     # writes detector/data/of_phrases.npz, name_heads.npz

How often abstracts, business news, speeches, licences and documentation write "thresholds of
amplitude" (never) or "the price of oil" (often) is what tells a translated compound from a
phrase English writes both ways (`spans.calques`). The table holds, for every (head, modifier)
pair of `noun_phrases.of_phrases` whose words the reference LM knows, its count in the train split of
`modern_corpus` (the texts `modern_bigrams` counts the compounds in), seen once or more: a
phrase seen once is already less suspect than one never seen. Statistics only, no text; keys are
`ngrams.bigram_key(head, modifier)`.

The second table (`name_heads.npz`) counts, per head word, how the same prose joins a capitalised
name to it: "the engineers of Harwood", "Harwood's engineers", "Harwood engineers" (keys
`bigram_key(head, way)`, ways in `modern_bigrams.NAME_WAYS`). A name opening a sentence is not
told from any capitalised word there and is not counted.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from detector.lm.ngrams import bigram_key, tables
from detector.spans.noun_phrases import of_phrases, opens_sentence
from detector.text import Token, tokenize
from detector.training import modern_corpus
from detector.training.modern_bigrams import write_table

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "of_phrases.npz"
NAMES_OUT = ROOT / "detector" / "data" / "name_heads.npz"
MIN_COUNT = 1


def count(texts: list[str]) -> Counter[int]:
    """(head, modifier) pairs of the texts' "of" phrases, as LM bigram keys."""
    return count_tables(texts)[0]


def count_names(texts: list[str]) -> Counter[int]:
    """(head, way) counts: a lowercase content head before "of" and a name (way 0), after a
    name's possessive (1) or right after a name (2)."""
    return count_tables(texts)[1]


def count_tables(texts: list[str]) -> tuple[Counter[int], Counter[int]]:
    """Both tables' counts in one pass: each text is tokenized and its "of" phrases read once."""
    ng = tables()
    pairs: Counter[int] = Counter()
    ways: Counter[int] = Counter()
    for text in texts:
        tokens = tokenize(text)
        found = list(of_phrases(text, tokens))
        ids = ng.ids([tokens[i].lower for pair in found for i in pair])
        for head, modifier in zip(ids[0::2], ids[1::2]):
            if head >= 0 and modifier >= 0:
                pairs[int(bigram_key(head, modifier))] += 1
        named = [(h, 0) for h, m in found if tokens[m].is_capitalized and _is_head(tokens[h])]
        named += _heads_after_names(text, tokens)
        for head, (_, way) in zip(ng.ids([tokens[h].lower for h, _ in named]), named):
            if head >= 0:
                ways[int(bigram_key(head, way))] += 1
    return pairs, ways


def _heads_after_names(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """(head index, way) of every lowercase content head right after a name's possessive (way 1)
    or a name (way 2), a name opening a sentence left out."""
    out = []
    for i in range(len(tokens) - 1):
        name, head = tokens[i], tokens[i + 1]
        stem = name.lower.removesuffix("'s")
        is_name = name.is_capitalized and stem.isalpha() and not name.is_function
        if is_name and _is_head(head) and text[name.end : head.start] == " " and not opens_sentence(text, tokens, i):
            out.append((i + 1, 1 if stem != name.lower else 2))
    return out


def _is_head(token: Token) -> bool:
    return not token.is_capitalized and token.lower.isalpha() and not token.is_function


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--names-out", type=Path, default=NAMES_OUT)
    args = parser.parse_args(argv)
    started = time.time()
    texts = modern_corpus.table_texts()
    pairs, ways = count_tables(texts)
    kept = write_table(args.out, pairs, MIN_COUNT)
    heads = write_table(args.names_out, ways, MIN_COUNT)
    print(
        f"{kept} (head, modifier) pairs, {heads} (head, way) counts from {len(texts)} texts in {time.time() - started:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
