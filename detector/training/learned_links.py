"""Learn spinner word substitutions (statistics, not phrases) from training data.

    python -m detector.training.learned_links      # writes detector/data/learned_links.tsv

Sources, training parts only:
- the team's development data `data/dev/spun_dev*.jsonl`: the same two thirds, by id hash,
  that train the window scorer (the validation third is left out);
- the Problematic Paper Screener export in `../shared/data/pps/` when present: plain rows
  whose tortured phrase hashes into the training 80% (`pps_split`); the other 20% is
  where the benchmark measures discovery. Only word-level substitution counts are kept,
  as its terms allow; no phrase of the list is stored.
Every pair whose spun and original wording have the same number of words is aligned word
by word, and each changed word gives a link `spun word -> original word`. These links
reach originals that no thesaurus lists ("outsider" -> "foreign"); the discovery engine
uses them as candidates.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from detector.model_files import write_manifest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "learned_links.tsv"


def is_training_record(record_id: str) -> bool:
    return int(hashlib.sha256(record_id.encode()).hexdigest()[:8], 16) % 3 != 0


PPS_FILE = ROOT.parent / "shared" / "data" / "pps" / "pps_fingerprints_train.csv"


def pps_split(tortured: str) -> str:
    """'train' (80%) or 'test' (20%) for a PPS row, fixed by a hash of its phrase."""
    return "test" if int(hashlib.sha256(tortured.lower().encode()).hexdigest()[:8], 16) % 5 == 0 else "train"


def plain_pps_pairs(path: Path = PPS_FILE) -> list[tuple[str, str]]:
    """(tortured, expected) for the PPS rows that are one quoted phrase and one plain original."""
    import csv

    if not path.exists():
        return []
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            query, expected = row["tortured_phrase"].strip(), row["expected_phrase"].strip()
            inner = query[1:-1]
            plain = query.startswith('"') and query.endswith('"') and '"' not in inner
            if plain and " OR " not in expected and not any(c in expected for c in "()[]?/"):
                pairs.append((inner, expected))
    return pairs


def _align(links: Counter[tuple[str, str]], spun_text: str, original_text: str) -> None:
    spun, original = spun_text.lower().split(), original_text.lower().split()
    if len(spun) != len(original):
        return
    for s, o in zip(spun, original):
        s, o = s.strip(".,;:'\"()"), o.strip(".,;:'\"()")
        if s != o and s.isalpha() and o.isalpha():
            links[(s, o)] += 1


def learn(folder: Path, pps_path: Path = PPS_FILE) -> Counter[tuple[str, str]]:
    links: Counter[tuple[str, str]] = Counter()
    for path in sorted(folder.glob("spun_dev*.jsonl")):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            if is_training_record(record["id"]):
                for pair in record["pairs"]:
                    _align(links, pair["spun"], pair["original"])
    for tortured, expected in plain_pps_pairs(pps_path):
        if pps_split(tortured) == "train":
            _align(links, tortured, expected)
    return links


def main() -> int:
    links = learn(ROOT / "data" / "dev")
    lines = [
        "# Spinner word substitutions (spun word -> original word, with counts) learned by",
        "# detector/training/learned_links.py from the training parts of the team's development data",
        "# and of the Problematic Paper Screener export (word-level statistics only). Regenerate, never edit.",
        "# spun\toriginal\tcount",
    ]
    lines += [f"{s}\t{o}\t{n}" for (s, o), n in sorted(links.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_manifest(OUT.parent)
    print(f"wrote {len(links)} links to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
