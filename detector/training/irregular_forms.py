"""Derive the irregular inflections the candidate tables carry links across.

    python -m detector.training.irregular_forms     # writes detector/data/irregular_forms.tsv

The tables reach an original through its lemma: "countries" -> "country" -> "nation" ->
"nations". Suffix rules cannot do that for an irregular word: "tossed" -> "toss" -> "cast"
-> "casted" is no word, so "cast" was never a candidate for "tossed", nor "struck" for
"smacked", "hung" for "hanged", "children" for "kids", and a written "struck" or "men" had no
lemma to look up at all. The exception lists of WordNet 3.0 (Debian `wordnet-base`, Princeton's
WordNet licence: free use and redistribution with its notice, kept in the table's header) give
the irregular past forms, participles and plurals; a short team-written list adds the verbs
whose past is their base form ("cast", "hit", "set"), which the exception lists leave out.
Rows are kept where the reference LM knows the form, regular-looking ones too: the lists also
settle which doubling a suffix rule would guess ("scrap" -> "scrapped", not "scraped"). No
phrase is stored.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from detector.lm.ngrams import tables
from detector.model_files import write_manifest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "irregular_forms.tsv"
WORDNET = Path("/usr/share/wordnet")
# Verbs whose past tense and participle are spelled as the base form (team-written).
UNCHANGED_PAST = [
    "bet",
    "bid",
    "broadcast",
    "burst",
    "cast",
    "cost",
    "cut",
    "fit",
    "forecast",
    "hit",
    "hurt",
    "input",
    "let",
    "offset",
    "output",
    "put",
    "quit",
    "read",
    "recast",
    "reset",
    "rid",
    "set",
    "shed",
    "shut",
    "slit",
    "split",
    "spread",
    "thrust",
    "typeset",
    "undercut",
    "upset",
    "wed",
]
# Auxiliaries: function words, never a spinner's source.
SKIPPED_LEMMAS = {"be", "have", "do"}
HEADER = (
    "# Irregular inflections (form, lemma, tag: s = plural or third person, ed = past or participle,\n"
    "# ing = present participle) from the exception lists of WordNet 3.0 (Debian wordnet-base) and a\n"
    "# team-written list of verbs whose past is their base form; kept where the reference LM knows the\n"
    "# form. Built by python -m detector.training.irregular_forms.\n"
    "# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use, copy,\n"
    "# modify and distribute this software and database and its documentation for any purpose and without\n"
    "# fee or royalty is hereby granted, provided that you agree to comply with the following copyright\n"
    "# notice and statements, including the disclaimer, and that the same appear on ALL copies of the\n"
    "# software, database and documentation, including modifications that you make for internal use or\n"
    '# for distribution. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO\n'
    "# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON\n"
    "# UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR\n"
    "# PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY\n"
    "# THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or\n"
    "# Princeton may not be used in advertising or publicity pertaining to distribution of the software\n"
    "# and/or database. Title to copyright in this software, database and any associated documentation\n"
    "# shall at all times remain with Princeton University and LICENSEE agrees to preserve same.\n"
)


def verb_tag(form: str) -> str:
    """The inflection a verb exception spells: "-ing", third person "-s", else past or participle."""
    if form.endswith("ing"):
        return "ing"
    return "s" if form.endswith("s") and not form.endswith("ss") else "ed"


def exception_rows(folder: Path) -> set[tuple[str, str, str]]:
    """(form, lemma, tag) of WordNet's verb and noun exception lists, single words only."""
    rows = set()
    for name, tag_of in (("verb.exc", verb_tag), ("noun.exc", lambda form: "s")):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            form, *bases = line.split()
            for lemma in bases:
                if form.isalpha() and lemma.isalpha() and form != lemma:
                    rows.add((form, lemma, tag_of(form)))
    return rows


def wordnet_arguments(description: str, out: Path, needed: str, argv: list[str] | None) -> argparse.Namespace:
    """`--source` (a WordNet folder holding `needed`) and `--out`, as the WordNet-derived tables'
    builders take them; a clear error where the Debian package is missing."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--source", type=Path, default=WORDNET, help="folder of WordNet's database files")
    parser.add_argument("--out", type=Path, default=out)
    args = parser.parse_args(argv)
    if not (args.source / needed).exists():
        parser.error(f"{args.source / needed} not found: install the Debian package wordnet-base")
    return args


def main(argv: list[str] | None = None) -> int:
    args = wordnet_arguments(__doc__.splitlines()[0], OUT, "verb.exc", argv)
    known = tables().index
    rows = exception_rows(args.source) | {(verb, verb, "ed") for verb in UNCHANGED_PAST}
    kept = sorted((form, lemma, tag) for form, lemma, tag in rows if form in known and lemma not in SKIPPED_LEMMAS)
    args.out.write_text(HEADER + "".join(f"{f}\t{lemma}\t{t}\n" for f, lemma, t in kept), encoding="utf-8")
    write_manifest(args.out.parent)
    print(f"wrote {len(kept)} irregular forms to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
