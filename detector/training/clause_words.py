"""Derive the words that end a noun phrase: the calque detector's table of words never a noun.

    python -m detector.training.clause_words    # writes detector/data/clause_words.tsv

A translated "of" phrase often runs straight into its verb: "the unit of the company sank",
"the plan of the state foresees". The calque detector reads a phrase only where its modifier
ends the noun phrase, so it must know that "sank" cannot be a second noun of a compound ("the
plans of pension reform") while "rose" can. WordNet 3.0 (Debian `wordnet-base`; its licence
notice is kept in the table's header) says which words are never a noun: a word of the reference
LM's vocabulary is kept when one of its readings (`thesaurus.readings`: suffix rules and the
irregular forms) is a verb, adjective or adverb and none is a noun lemma or plural. "-ing" forms
are left out: a gerund continues a compound ("the cost of oil drilling").
"""

from __future__ import annotations

from pathlib import Path

from detector.lm.ngrams import tables
from detector.lm.thesaurus import readings
from detector.model_files import write_manifest
from detector.text import FUNCTION_WORDS
from detector.training.irregular_forms import HEADER as WORDNET_NOTICE
from detector.training.irregular_forms import wordnet_arguments

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "clause_words.tsv"
HEADER = (
    "# Words that are never a noun in WordNet 3.0 (Debian wordnet-base) but a verb form, adjective or\n"
    '# adverb, kept where the reference LM knows them; "-ing" forms left out. Built by python -m\n'
    "# detector.training.clause_words.\n" + "".join(line + "\n" for line in WORDNET_NOTICE.splitlines()[4:])
)


def lemmas_of(folder: Path, pos: str) -> set[str]:
    """Single-word lemmas of one WordNet index file (noun, verb, adj, adv)."""
    out = set()
    for line in (folder / f"index.{pos}").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue
        lemma = line.split(" ", 1)[0]
        if lemma.isalpha():
            out.add(lemma)
    return out


def clause_words(words: list[str], folder: Path) -> list[str]:
    """The words of `words` with a verb, adjective or adverb reading and no noun reading."""
    nouns, verbs = lemmas_of(folder, "noun"), lemmas_of(folder, "verb")
    others = lemmas_of(folder, "adj") | lemmas_of(folder, "adv")
    kept = []
    for word in words:
        if not word.isalpha() or word in FUNCTION_WORDS or word.endswith("ing"):
            continue
        found = readings(word)
        if any(lemma in nouns for lemma, tag in found if tag in ("", "s")):
            continue
        verb = any(lemma in verbs for lemma, tag in found if tag in ("", "s", "ed"))
        if verb or word in others:
            kept.append(word)
    return sorted(kept)


def main(argv: list[str] | None = None) -> int:
    args = wordnet_arguments(__doc__.splitlines()[0], OUT, "index.noun", argv)
    kept = clause_words(list(tables().words), args.source)
    args.out.write_text(HEADER + "".join(f"{word}\n" for word in kept), encoding="utf-8")
    write_manifest(args.out.parent)
    print(f"wrote {len(kept)} words to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
