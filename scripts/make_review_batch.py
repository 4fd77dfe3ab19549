"""Write data/samples/review_batch.jsonl: 100 team-written documents for the review UI's demo.

Drawn from the team's development data (data/dev, original writing): 40 spun versions, 40
clean originals of other records, 20 tricky clean texts (headlines, jargon, names, verse,
non-native English), in a shuffled but fixed order. These texts also fit the classifier
(data/dev), so their scores are optimistic: the batch shows the workflow, not accuracy.

Run: python scripts/make_review_batch.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "data" / "dev"
OUT = ROOT / "data" / "samples" / "review_batch.jsonl"


def main() -> None:
    rng = random.Random(2026)
    spun_records = [
        json.loads(line)
        for name in ("spun_dev", "spun_dev_b", "spun_dev_c", "spun_dev_d")
        for line in (DEV / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    tricky = [json.loads(line) for line in (DEV / "clean_dev_e.jsonl").read_text(encoding="utf-8").splitlines() if line]
    rng.shuffle(spun_records)
    docs = [{"id": f"{r['id']}-spun", "text": r["spun"]} for r in spun_records[:40]]
    docs += [{"id": f"{r['id']}-original", "text": r["clean"]} for r in spun_records[40:80]]
    docs += [{"id": r["id"], "text": r["text"]} for r in rng.sample(tricky, 20)]
    rng.shuffle(docs)
    OUT.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    print(f"wrote {len(docs)} documents to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
