"""Derive the second thesaurus's links, the table that tells a real synonym from a loose one.

    python -m detector.training.thesaurus_links     # writes detector/data/mythes_links.tsv

Moby, the candidate source, is broad: it lists "times" under "proceedings" and "first" under
"sovereign", so a window can "restore" a correct word to a merely related one. A link that a
second, independently edited thesaurus also lists is far more often a real swap. The source
is the English MyThes thesaurus (Debian `mythes-en-us`, from LibreOffice's dictionaries,
WordNet-derived; Kevin Atkinson's permissive word-list licence). Only single-word links between
words the reference LM knows that Moby links too are kept (the table flags Moby's candidates;
it adds none), each pair once, sorted; no phrase is stored.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from detector.lm.ngrams import tables
from detector.lm.thesaurus import read_moby
from detector.model_files import write_manifest
from detector.training.spinner import read_mythes

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "mythes_links.tsv"
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
HEADER = (
    "# Single-word synonym links of the English MyThes thesaurus (LibreOffice dictionaries, Debian\n"
    "# package mythes-en-us; Kevin Atkinson's permissive word-list licence, WordNet-derived), kept\n"
    "# where the reference LM knows both words and Moby links them too. Built by python -m detector.training.thesaurus_links.\n"
)


def read_links(path: Path) -> set[tuple[str, str]]:
    """(a, b) with a < b for every single-word link of a MyThes .dat file (antonyms skipped)."""
    return {
        (min(head, word), max(head, word))
        for head, words in read_mythes(path).items()
        if head.isalpha()
        for word in words
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=MYTHES, help="MyThes .dat file")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.source.exists():
        parser.error(f"{args.source} not found: install the Debian package mythes-en-us")
    known = tables().index
    moby = read_moby()

    def in_moby(a: str, b: str) -> bool:
        return b in moby.get(a, ()) or a in moby.get(b, ())

    pairs = sorted(p for p in read_links(args.source) if p[0] in known and p[1] in known and in_moby(*p))
    args.out.write_text(HEADER + "".join(f"{a}\t{b}\n" for a, b in pairs), encoding="utf-8")
    write_manifest(args.out.parent)
    print(f"wrote {len(pairs)} links to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
