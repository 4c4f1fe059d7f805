"""The pattern helpers that make the gate's big alternations fast change no match.

`word_pattern` puts a look-ahead for the branches' first words in front of a pattern and
`any_of` factors a list of literals by prefix; both are speed-ups only. Each is compared
with the plain pattern on every sentence of the evaluation set's `dev` split.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from service.gate.checks import job_ask, questions, reason
from service.gate.text import any_of, prepare, word_pattern

_DEV = Path(__file__).parent / "eval" / "dev.jsonl"
_PLAIN = r"(?:(?<![^\W_])|(?=[\W_]))(?:{})"


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    texts = [json.loads(line)["text"] for line in _DEV.read_text(encoding="utf-8").splitlines()]
    return [s.low for text in texts for s in prepare(text, None).sentences]


def _source(pattern: re.Pattern[str]) -> str:
    """The source a word_pattern was built from (after the look-arounds it adds)."""
    prefix = r"(?:(?<![^\W_])|(?=[\W_]))"
    rest = pattern.pattern.removeprefix(prefix)
    if rest.startswith("(?="):
        depth = 0
        for index, char in enumerate(rest):
            depth += char == "(" and rest[index - 1] != "\\"
            depth -= char == ")" and rest[index - 1] != "\\"
            if depth == 0:
                rest = rest[index + 1 :]
                break
    return rest[3:-1]


@pytest.mark.parametrize(
    "pattern",
    [job_ask.JOB_ASK, questions._INQUIRY, reason._LINK, reason._MEETING],
    ids=["JOB_ASK", "_INQUIRY", "_LINK", "_MEETING"],
)
def test_the_first_word_guard_changes_no_match(
    pattern: re.Pattern[str], sentences: list[str]
) -> None:
    assert "(?=" in pattern.pattern[:40], "the guard was not built"
    plain = re.compile(_PLAIN.format(_source(pattern)))
    for text in sentences:
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text


def test_a_branch_without_a_literal_start_gets_no_guard() -> None:
    pattern = word_pattern(r"[a-z]+ing|walk")
    assert "(?=" not in pattern.pattern.removeprefix(r"(?:(?<![^\W_])|(?=[\W_]))")
    assert pattern.search("a long walking trail").group() == "walking"


def test_any_of_matches_what_a_flat_alternation_matches(sentences: list[str]) -> None:
    literals = job_ask._TRIGGERS
    flat = re.compile("|".join(re.escape(t) for t in literals))
    factored = any_of(literals)
    for text in sentences:
        assert (flat.search(text) is None) == (factored.search(text) is None), text
