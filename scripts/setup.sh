#!/usr/bin/env bash
# Create .venv (if missing) and install the package with its test extras. Idempotent.
# Each step says on stderr what it does and about how long it takes: on a new machine the
# install is minutes of otherwise silent work (pip builds llama.cpp from source).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
step() { echo "setup: $*" >&2; }
if [ ! -x .venv/bin/python ]; then
  step "creating .venv with $PYTHON (a few seconds)"
  "$PYTHON" -m venv .venv
fi
if .venv/bin/python -c "import importlib.metadata as m; [m.version(n) for n in ('detector', 'llama-cpp-python', 'streamlit')]" 2>/dev/null; then
  step "checking the packages installed in .venv (a few seconds)"
else
  step "installing the package and its test extras into .venv (first run a few minutes, after the llama.cpp build below)"
fi
# llama.cpp (the deep tier) is built for the vector extensions this CPU lists, but not with
# -march=native: a CPU can list instructions its kernel or sandbox will not run (AMX tiles:
# "Illegal instruction" on the first decode). No wheel cache, so a native build made before is
# not reused; the marker file says the build in .venv is this one.
LLAMA_MARKER=.venv/.llama-cpp-no-amx
if [ "$(uname -m)" = x86_64 ] && [ ! -f "$LLAMA_MARKER" ]; then
  step "building llama.cpp for the deep tier from source (about 7 minutes, once)"
  flags="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
  cpu=$(grep -m1 '^flags' /proc/cpuinfo || true)
  has() { [[ " $cpu " == *" $1 "* ]]; }
  if has avx512f && has avx512bw && has avx512vl && has avx512dq; then
    flags="$flags -DGGML_AVX512=ON"
    has avx512_vbmi && flags="$flags -DGGML_AVX512_VBMI=ON"
    has avx512_vnni && flags="$flags -DGGML_AVX512_VNNI=ON"
    has avx512_bf16 && flags="$flags -DGGML_AVX512_BF16=ON"
  fi
  has avx_vnni && flags="$flags -DGGML_AVX_VNNI=ON"
  .venv/bin/python -m pip uninstall --quiet --yes llama-cpp-python 2>/dev/null || true
  CMAKE_ARGS="$flags" .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-cache-dir \
    "llama-cpp-python>=0.3.7"
  touch "$LLAMA_MARKER"
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# Derive the cached n-gram and thesaurus tables once (about 15 s on first run).
step "checking the cached language-model and thesaurus tables (built once, about 15 s)"
.venv/bin/python -c "from detector.lm.thesaurus import candidate_table; candidate_table()"
