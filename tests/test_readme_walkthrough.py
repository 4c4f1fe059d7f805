"""The README's walk-through runs as written: its marked shell blocks, in order, in one
shell, against a freshly started service with no model configured (the offline drafter).

Each `curl` fails the run on an HTTP error (the blocks mark the refusals they show with
`|| true`), as does any other failing command (`set -euo pipefail`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batches.support import Runner, engine_database
from tests.conftest import PEPPER, REPO_ROOT

MARKER = "<!-- walk-through: run in order by tests/test_readme_walkthrough.py -->"
PROLOGUE = """set -euo pipefail
curl() { command curl --silent --show-error --fail-with-body --max-time 60 "$@"; }
"""


def walkthrough() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text()
    return re.findall(re.escape(MARKER) + r"\n```sh\n(.*?)\n```", text, re.S)


def test_the_readme_marks_the_walkthrough() -> None:
    blocks = walkthrough()
    assert len(blocks) >= 5
    script = "\n".join(blocks)
    for step in ("approve", "If-Match", "/sent", "/outcome", "/follow-up", "BATCH="):
        assert step in script, step


@pytest.fixture
def service(database_url: str, tmp_path: Path) -> Iterator[tuple[Runner, dict[str, str]]]:
    with engine_database(tmp_path) as system_url:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ASKWELL_", "OPENAI_")) and k != "PYTHONPATH"
        }
        env.update(
            ASKWELL_DATABASE_URL=database_url,
            ASKWELL_BATCH_SYSTEM_DATABASE_URL=system_url,
            ASKWELL_API_KEY_PEPPER=PEPPER,
            ASKWELL_BATCH_POLL_INTERVAL_S="0.05",
            PYTHONUNBUFFERED="1",
        )
        runner = Runner("serve", env, tmp_path / "serve.log").start()
        try:
            yield runner, env
        finally:
            runner.stop()


def test_the_walkthrough_runs_as_written(
    service: tuple[Runner, dict[str, str]], tmp_path: Path
) -> None:
    runner, env = service
    # The blocks call `.venv/bin/askwell`, as a reader in the repository would.
    workdir = tmp_path / "reader"
    workdir.mkdir()
    (workdir / ".venv").symlink_to(Path(sys.executable).parent.parent)
    result = subprocess.run(
        ["bash", "-c", PROLOGUE + "\n".join(walkthrough())],
        cwd=workdir,
        env={**env, "API": runner.base_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, (
        f"exit {result.returncode}\n--- stderr\n{result.stderr[-3000:]}\n"
        f"--- stdout\n{result.stdout[-3000:]}\n--- service\n{runner.output()[-2000:]}"
    )
    # The review flow happened: the draft was approved, sent and followed up.
    assert '"status":"approved"' in result.stdout
    assert '"kind":"follow_up"' in result.stdout
