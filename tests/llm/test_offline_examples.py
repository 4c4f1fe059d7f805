"""docs/examples/README.md shows what the offline drafter writes today."""

from __future__ import annotations

from tests.llm.offline_examples import CHOSEN, OUTPUT, render


def test_examples_page_is_current() -> None:
    assert OUTPUT.read_text(encoding="utf-8") == render(), (
        "docs/examples/README.md is out of date: run python -m tests.llm.offline_examples"
    )


def test_examples_cover_every_channel() -> None:
    assert len(CHOSEN) == 10
    assert {channel for _, channel in CHOSEN} == {
        "email",
        "linkedin_message",
        "linkedin_connection_note",
    }
