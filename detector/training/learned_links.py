"""Learn spinner word substitutions from the team's development data.

    python -m detector.training.learned_links      # writes detector/data/learned_links.tsv

Every annotated pair of the training part of `data/dev/spun_dev*.jsonl` (the same two
thirds, by id hash, that train the window scorer; the validation third is left out) whose
spun and original wording have the same number of words is aligned word by word, and each
changed word gives a link `spun word -> original word`. These links reach originals that no
thesaurus lists ("outsider" -> "foreign"); the discovery engine uses them as candidates.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "learned_links.tsv"


def is_training_record(record_id: str) -> bool:
    return int(hashlib.sha256(record_id.encode()).hexdigest()[:8], 16) % 3 != 0


def learn(folder: Path) -> Counter[tuple[str, str]]:
    links: Counter[tuple[str, str]] = Counter()
    for path in sorted(folder.glob("spun_dev*.jsonl")):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            if not is_training_record(record["id"]):
                continue
            for pair in record["pairs"]:
                spun, original = pair["spun"].lower().split(), pair["original"].lower().split()
                if len(spun) != len(original):
                    continue
                for s, o in zip(spun, original):
                    s, o = s.strip(".,;:'\"()"), o.strip(".,;:'\"()")
                    if s != o and s.isalpha() and o.isalpha():
                        links[(s, o)] += 1
    return links


def main() -> int:
    links = learn(ROOT / "data" / "dev")
    lines = [
        "# Spinner substitutions (spun word -> original word) learned from the training part of",
        "# the team's development data by detector/training/learned_links.py. Regenerate, never edit.",
        "# spun\toriginal\tcount",
    ]
    lines += [f"{s}\t{o}\t{n}" for (s, o), n in sorted(links.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(links)} links to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
