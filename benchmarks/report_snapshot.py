"""Snapshot of every report the product gives on the bundled and evaluation texts, to prove that
a refactoring changed no behaviour.

    .venv/bin/python benchmarks/report_snapshot.py write /tmp/before.json   # before the change
    .venv/bin/python benchmarks/report_snapshot.py check /tmp/before.json   # after: exit 1 on any difference

Texts: the bundled samples (`data/samples`, its review batch, `data/pages`), the team's
evaluation sets (`benchmarks/data`), the team's development data (`data/dev`) and, when present,
`../shared/data/devset` and `../shared/seeds`. Each is scored with the default options; the
samples also with a user PPS list, an allowlist, discovery off and (when installed) `deep=True`.
The snapshot holds third-party text when the shared sets are present: keep it outside the repo.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
PPS_SAMPLE = (
    "tortured_phrase,expected_phrase,num_papers\n"
    '"""unfamiliar clergyman""",foreign minister,3\n'
    '"""profound learning""",deep learning,12\n'
)


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def texts() -> Iterator[tuple[str, str]]:
    """(name, text) for every text in the snapshot, in a fixed order."""
    samples = ROOT / "data" / "samples"
    for path in sorted(samples.glob("*.txt")) + sorted(samples.glob("*.html")):
        yield f"samples/{path.name}", path.read_text(encoding="utf-8")
    for i, record in enumerate(_jsonl(samples / "review_batch.jsonl")):
        yield f"samples/review_batch/{i}", record["text"]
    for path in sorted((ROOT / "data" / "pages").iterdir()):
        if path.suffix in (".txt", ".html"):
            yield f"pages/{path.name}", path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "benchmarks" / "data").glob("*.jsonl")):
        for record in _jsonl(path):
            for field in ("clean", "spun", "text"):
                if field in record:
                    yield f"eval/{path.name}/{record['id']}/{field}", record[field]
    for path in sorted((ROOT / "data" / "dev").glob("*.jsonl")):
        for record in _jsonl(path):
            for field in ("clean", "spun", "text"):
                if field in record:
                    yield f"dev/{path.name}/{record['id']}/{field}", record[field]
    devset = SHARED / "data" / "devset" / "docs.jsonl"
    if devset.exists():
        for record in _jsonl(devset):
            yield f"devset/{record['id']}", record["text"]
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            yield f"seeds/{path.name}", path.read_text(encoding="utf-8", errors="replace")


def snapshot(deep: bool) -> dict[str, Any]:
    """Every report as `to_dict()`, keyed by text name and option set."""
    import tempfile

    from detector import score

    out: dict[str, Any] = {}
    all_texts = list(texts())
    for name, text in all_texts:
        out[name] = score(text).to_dict()
    with tempfile.TemporaryDirectory() as tmp:
        pps = Path(tmp) / "pps.csv"
        pps.write_text(PPS_SAMPLE, encoding="utf-8")
        for name, text in all_texts:
            if not name.startswith("samples/") or "/review_batch/" in name:
                continue
            out[f"{name}#pps"] = score(text, **{_pps_option(): str(pps)}).to_dict()
            out[f"{name}#allow"] = score(text, allow=["Unified Countries", "Elena Marsh"]).to_dict()
            out[f"{name}#nodiscover"] = score(text, discover=False).to_dict()
            out[f"{name}#thresholds"] = score(text, threshold=0.2, mt_threshold=0.9).to_dict()
            if deep:
                out[f"{name}#deep"] = score(text, deep=True).to_dict()
    return out


def _pps_option() -> str:
    """The keyword that takes a user's PPS export (renamed from `fingerprints` to `pps`)."""
    import inspect

    from detector import api

    return "pps" if "pps" in inspect.signature(api.score).parameters else "fingerprints"


def _deep_installed() -> bool:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("write", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, path = argv[0], Path(argv[1])
    current = snapshot(_deep_installed())
    if mode == "write":
        path.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(current)} reports written to {path}")
        return 0
    before = json.loads(path.read_text(encoding="utf-8"))
    current = json.loads(json.dumps(current))  # same JSON types as the stored side
    differing = sorted(k for k in before.keys() | current.keys() if before.get(k) != current.get(k))
    for key in differing[:20]:
        print(f"DIFFERENT: {key}")
    print(f"{len(before)} reports before, {len(current)} now, {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
