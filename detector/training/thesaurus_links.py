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
import re
from pathlib import Path

from detector.lm.ngrams import tables
from detector.lm.thesaurus import read_moby
from detector.model_files import write_manifest

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
    pairs: set[tuple[str, str]] = set()
    head = None
    with path.open(encoding="utf-8", errors="replace") as handle:
        next(handle)  # the encoding line
        for line in handle:
            if not line.startswith("("):
                head = line.split("|")[0].strip().lower()
                continue
            for item in line.rstrip("\n").split("|")[1:]:
                if "antonym" in item:
                    continue
                word = re.sub(r"\s*\(.*?\)\s*", "", item).strip().lower()
                if head and head.isalpha() and word.isalpha() and word != head:
                    pairs.add((min(head, word), max(head, word)))
    return pairs


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
