"""The deep verification tier against the fast tier: span quality, speed, load time, memory.

Sets as in `benchmarks/spans.py` (never used for training or thresholds): the outside
development set (`../shared/data/devset`, when present), the team evaluation
set (spun news and science with annotated tortured phrases, their clean originals, tricky
clean text) and Wikipedia test-split documents spun at 20% with Moby (in-source) and MyThes
(cross-source). Detectors: the fast tier (`score(text)`), the deep tier (`score(text,
deep=True)`), its thorough mode (`deep="thorough"`: the language model chooses every span's
suggestion, among more restorations), and the candidates the deep tier starts from (every
discovery span at the candidate threshold: the ceiling of its recall). MT spans are not counted.
Speed: KB/s of `score(text, deep=True)` on news-size spun text after the first call, and on the
same texts' clean originals (fewer candidates), and of the thorough mode; the language-model
tokens it runs per 1,000 words and per second (what bounds the speed); load time and peak memory
in a fresh process.

Run: .venv/bin/python benchmarks/deep.py [--synthetic-docs 60]   (needs the deep extra; ~20 min)
Writes benchmarks/results/deep.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from detector.lm.reference import reference

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
OUT = ROOT / "benchmarks" / "results" / "deep.json"

from spans import DATA, devset, full_system, synthetic, team_eval

from detector import score
from detector.types import Span


def deep_system(text: str) -> list[Span]:
    return [s for s in score(text, deep=True).spans if s.kind != "mt"]


def thorough_system(text: str) -> list[Span]:
    return [s for s in score(text, deep="thorough").spans if s.kind != "mt"]


def candidates(text: str) -> list[Span]:
    from detector.spans import deep, discovery
    from detector.text import tokenize

    scored = discovery.score_windows(tokenize(text), reference())
    return [c.span for c in discovery.candidates_from(text, scored, deep.load_model().candidate_threshold)]


def _deep_seconds(text: str, repeats: int = 3, mode: bool | str = True) -> tuple[float, float]:
    """(seconds per call, language-model tokens per call) of `score(text, deep=mode)`."""
    from detector.spans.deep import language_model

    score(text, deep=mode)  # type: ignore[arg-type]
    lm = language_model()
    before, started = lm.tokens_decoded, time.perf_counter()
    for _ in range(repeats):
        score(text, deep=mode)  # type: ignore[arg-type]
    return (time.perf_counter() - started) / repeats, (lm.tokens_decoded - before) / repeats


def speed() -> dict:
    """On spun text (candidates everywhere) and on the same texts' clean originals."""
    spun = [json.loads(line) for line in (DATA / "spun_eval.jsonl").open(encoding="utf-8")]
    text = "\n\n".join(r["spun"] for r in spun[:6])
    original = "\n\n".join(r["clean"] for r in spun[:6])
    deep_seconds, deep_tokens = _deep_seconds(text)
    clean_seconds, _ = _deep_seconds(original)
    thorough_seconds, thorough_tokens = _deep_seconds(text, 1, "thorough")
    repeats = 3
    started = time.perf_counter()
    for _ in range(repeats):
        score(text)
    fast_seconds = (time.perf_counter() - started) / repeats
    probe = (
        "import time, resource; t = time.perf_counter(); from detector.spans import deep; deep.language_model(); "
        "deep.load_model(); load = time.perf_counter() - t; "
        "from detector import score; score(open(0).read(), deep=True); "
        "print(load, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", probe], input=text, capture_output=True, text=True, check=True)
    load, peak = map(float, out.stdout.split())
    kb = len(text.encode()) / 1024
    return {
        "text_kb": round(kb, 1),
        "words": len(text.split()),
        "deep_kb_per_s": round(kb / deep_seconds, 2),
        "deep_kb_per_s_clean_originals": round(len(original.encode()) / 1024 / clean_seconds, 2),
        "thorough_kb_per_s": round(kb / thorough_seconds, 2),
        "lm_tokens_per_1000_words": round(deep_tokens * 1000 / len(text.split())),
        "thorough_lm_tokens_per_1000_words": round(thorough_tokens * 1000 / len(text.split())),
        "lm_tokens_per_s": round(deep_tokens / deep_seconds),
        "fast_kb_per_s": round(kb / fast_seconds, 1),
        "seconds_per_1000_words_deep": round(deep_seconds * 1000 / len(text.split()), 2),
        "load_seconds": round(load, 2),
        "peak_memory_mb": round(peak),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic-docs", type=int, default=60)
    args = parser.parse_args()
    started = time.time()
    detectors = {
        "fast": full_system,
        "deep": deep_system,
        "deep thorough": thorough_system,
        "deep candidates (ceiling)": candidates,
    }
    result: dict = {"command": "python benchmarks/deep.py"}
    tiers = (("fast", full_system), ("deep", deep_system), ("deep thorough", thorough_system))
    outside = {name: devset(find) for name, find in tiers}
    if outside["deep"] is not None:  # the outside development set first: written outside the team
        result["devset"] = outside
        print(json.dumps(outside, indent=1), flush=True)
    result["team_eval"] = team_eval(detectors)
    print(json.dumps(result["team_eval"], indent=1), flush=True)
    result["synthetic_20pct"] = {name: synthetic(find, args.synthetic_docs, 0.2) for name, find in tiers}
    print(json.dumps(result["synthetic_20pct"], indent=1), flush=True)
    result["speed"] = speed()
    result["seconds"] = round(time.time() - started)
    print(json.dumps(result["speed"], indent=1))
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
