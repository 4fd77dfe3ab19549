"""The command line as a CI gate and a batch job: start-up, throughput, memory.

Inputs are news-size records (Wikipedia test-split leads joined to 300-600 words, the clean
prose of `detector.training.corpus`; every third one spun by the team's spinner at 20%),
written as JSON Lines into a temporary folder. Measured, each as the wall time of the whole
command as a user runs it (`.venv/bin/detector`):

- `detector --help` (fastest of 5) and the first record: start to first output line (fastest of 3);
- records per second with `--jobs 1` and `--jobs 2` on the same file (RECORDS records);
- a gate: `detector check --jobs 2` over 1,000 records;
- peak memory (ru_maxrss) of `detector score --jobs 1` on 500 and on 4x as many records
  (streaming means the two stay the same), and on a 1 GB file of records over --max-bytes.

Run: .venv/bin/python benchmarks/cli_throughput.py [--records 3000]   (~4 minutes on 2 cores)
Writes benchmarks/results/cli_throughput.json.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "cli_throughput.json"
DETECTOR = str(Path(sys.executable).with_name("detector"))


def news_records(n: int, seed: int = 0) -> list[dict[str, str]]:
    from detector.training.corpus import documents
    from detector.training.spinner import spin

    leads = documents("test")
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        words: list[str] = []
        parts = []
        while len(words) < rng.randint(300, 600):
            lead = rng.choice(leads)
            parts.append(lead)
            words += lead.split()
        text = "\n\n".join(parts)
        if len(out) % 3 == 0:
            text = spin(text, rate=0.2, seed=len(out)).text
        out.append({"id": f"r{len(out)}", "text": text})
    return out


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _first_record(path: Path) -> float:
    started = time.perf_counter()
    process = subprocess.Popen([DETECTOR, "score", str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.kill()
    process.wait()
    return elapsed


def _peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of the command, measured by a fresh wrapper so runs do not mix."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True)
    return round(int(out.stdout.strip()) / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=3000)
    args = parser.parse_args()
    records = news_records(max(args.records, 2000))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        main_file = write_jsonl(folder / "records.jsonl", records[: args.records])
        gate_file = write_jsonl(folder / "gate.jsonl", records[:1000])
        small_file = write_jsonl(folder / "small.jsonl", records[:500])
        large_file = write_jsonl(folder / "large.jsonl", records[:2000])
        one = folder / "one.jsonl"
        write_jsonl(one, records[:1])
        words = sum(len(r["text"].split()) for r in records[: args.records]) / args.records
        result: dict = {
            "command": "python benchmarks/cli_throughput.py",
            "records": args.records,
            "mean_words_per_record": round(words),
            "help_seconds": round(min(_wall([DETECTOR, "--help"]) for _ in range(5)), 3),
            "first_record_seconds": round(min(_first_record(one) for _ in range(3)), 2),
        }
        print(json.dumps(result), flush=True)
        for jobs in (1, 2):
            seconds = _wall([DETECTOR, "score", "--jobs", str(jobs), str(main_file)])
            result[f"jobs_{jobs}"] = {
                "seconds": round(seconds, 1),
                "records_per_second": round(args.records / seconds, 1),
            }
            print(jobs, result[f"jobs_{jobs}"], flush=True)
        result["speedup_2_jobs"] = round(
            result["jobs_2"]["records_per_second"] / result["jobs_1"]["records_per_second"], 2
        )
        result["gate_1000_records_jobs_2_seconds"] = round(_wall([DETECTOR, "check", "--jobs", "2", str(gate_file)]), 1)
        result["peak_rss_mb"] = {
            "500 records": _peak_rss_mb([DETECTOR, "score", str(small_file)]),
            "2000 records": _peak_rss_mb([DETECTOR, "score", str(large_file)]),
        }
        # 1 GB of JSON Lines in 100 records of 10.7 MB each, all over --max-bytes: the reader must
        # skip each without holding it (scoring 1 GB would take over an hour at ~200 KB/s).
        huge = folder / "huge.jsonl"
        line = (json.dumps({"text": "word " * 2_140_000}) + "\n").encode()
        with huge.open("wb") as handle:
            for _ in range(100):
                handle.write(line)
        started = time.perf_counter()
        result["peak_rss_mb"]["1 GB of oversize records"] = _peak_rss_mb([DETECTOR, "score", str(huge)])
        result["read_1gb_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=1))
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
