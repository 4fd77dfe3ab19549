"""Derive the British and American spellings of one word that suggestions follow the text in.

    pip install breame==0.1.2                          # the spelling pairs (Apache-2.0)
    apt-get install wbritish wamerican                 # SCOWL word lists: which forms mark a variety
    python -m detector.training.spelling_variants      # writes detector/data/spelling_variants.tsv

The restoration search reads an American trigram LM and thesauri that list both spellings, so
a suggestion's spelling is an accident of the tables: "Defence attorney" in a text that writes
"harbor", "labour" for a written "labor" (no swap at all). A reader expects the original in the
text's own spelling. breame's British-to-American pairs give the variants; the SCOWL lists
(Debian `wbritish`, `wamerican`) say which form marks its variety: "colour" is no American
word, but "tire", "draft" and "license" are British words too, so they mark nothing. The
"-ise" / "-ize" pairs are their own axis: Oxford spelling writes "organization" with "colour".
No phrase is stored.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from detector.model_files import write_manifest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "spelling_variants.tsv"
BRITISH_LIST = Path("/usr/share/dict/british-english")
AMERICAN_LIST = Path("/usr/share/dict/american-english")
HEADER = (
    "# British and American spellings of one word: british, american, axis (ize: -ise / -ize and\n"
    "# -yse / -yze, which Oxford spelling writes the American way; spelling: every other pair), and\n"
    "# whether each form marks its variety (1: the other variety's word list lacks it).\n"
    "# Built by python -m detector.training.spelling_variants from the pairs of the PyPI package\n"
    "# breame 0.1.2 (Copyright Charles Pierse, Apache License 2.0:\n"
    "# https://www.apache.org/licenses/LICENSE-2.0) and the SCOWL word lists of Debian's wbritish and\n"
    "# wamerican (Copyright 2000-2020 Kevin Atkinson and others; use, copy, modify, distribute and\n"
    "# sell permitted provided the copyright notice appears in all copies).\n"
)


def axis(british: str, american: str) -> str:
    """`ize` where the pair differs only in -is- / -iz- (or -ys- / -yz-), else `spelling`."""
    if len(british) == len(american) and re.sub("[sz]", "s", british) == re.sub("[sz]", "s", american):
        return "ize"
    return "spelling"


def rows(pairs: dict[str, str], british_words: set[str], american_words: set[str]) -> list[tuple[str, ...]]:
    """One row per single-word pair: (british, american, axis, british marks, american marks)."""
    out = []
    for british, american in sorted(pairs.items()):
        if not (british.isalpha() and american.isalpha() and british.islower() and american.islower()):
            continue
        if british == american:
            continue
        out.append(
            (
                british,
                american,
                axis(british, american),
                str(int(british not in american_words)),
                str(int(american not in british_words)),
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS
    except ImportError:
        parser.error("the spelling pairs come from breame: pip install breame==0.1.2")
    for path in (BRITISH_LIST, AMERICAN_LIST):
        if not path.exists():
            parser.error(f"{path} not found: install the Debian packages wbritish and wamerican")
    british_words = set(BRITISH_LIST.read_text(encoding="utf-8").split())
    american_words = set(AMERICAN_LIST.read_text(encoding="utf-8").split())
    table = rows(BRITISH_ENGLISH_SPELLINGS, british_words, american_words)
    args.out.write_text(HEADER + "".join("\t".join(row) + "\n" for row in table), encoding="utf-8")
    write_manifest(args.out.parent)
    print(f"wrote {len(table)} spelling pairs to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
