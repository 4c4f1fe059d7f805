"""Kinds of phrasing the sixty-sixth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixty-sixth pass's first measure:
- specific_reason: "Your jump from mine planning to founding Kestrel in 2020 is the move I
  keep sketching" is tied even where the hook's words run into the tie; a situation told
  before a dash that sets the ask apart ("I begin my heating apprenticeship in March - could
  I grab 15 min…?") is the tie; "your capstone" is a piece of theirs; a package the research says they
  maintain, named in lowercase ("the R package 'treeshape'"), is their work; "I was at the
  Harbour Forum and caught your session on…" tells how the hook was met, not why; "your work
  in policy at the Treasury" names a field, not a piece; a sentence that tells of their
  organization's award ("the BAFTA for Ironmoor was so deserved") does not ground a fact of
  their own that only shares the title;
- preview_questions: "I have been quietly wondering whether my lab habits are any use"
  tells the requester's doubt; "show you a quick demo of our platform" is the requester
  presenting, no topic;
- no_job_ask: "would your team sponsor a work visa?" and "does Kestrel have another junior
  analyst opening coming up?" ask for a job.
"""

from __future__ import annotations

import pytest

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        (letter("Our tutor still shows your capstone, the invoice-ageing dashboard, as the model "
                "answer. I'm building mine on churn for a small accountancy client.", PLANNED),
         True),
        ("Hi Ana, saw your post about passing the gas safety assessment first go. I begin my "
         "heating apprenticeship in March - could I grab 15 min to ask how you revised?", True),
        (letter("I was at the Harbour Forum in May and caught your session on how the Riverside "
                "co-op raised its share offer. I care deeply about communities and it stayed "
                "with me.", PLANNED), False),
        (letter("I have been very impressed by your work in policy at the Treasury. As someone "
                "who hopes to work in policy, I thought you would be ideal to speak with.",
                PLANNED), False),
    ],
)  # fmt: skip
def test_standalone_reasons(text: str, tied: bool) -> None:
    check = run_check(text, "specific_reason")
    assert check.passed is tied, check.message


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Your jump from mine planning to founding Kestrel in 2020 is the move I keep sketching "
         "on napkins. " + PLANNED,
         "Left a mine planning role in 2020 to found Kestrel Reuse"),
        ("I'm a PhD student in plant ecology, and treeshape carried the third chapter of my "
         "thesis: every one of my canopy models was fitted with it. " + PLANNED,
         "Maintains the open-source R package 'treeshape' for canopy models"),
    ],
)  # fmt: skip
def test_grounded_reasons(text: str, fact: str) -> None:
    context = grounded_context("Founder", fact)
    check = run_check(letter(text), "specific_reason", context=context)
    assert check.passed, check.message


def test_the_organizations_award_is_not_their_work() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Colourist", organization="Northlight"),
        facts=[
            ResearchFact(text="Graded the 2024 series 'Ironmoor'", about="person"),
            ResearchFact(
                text="Northlight won a BAFTA craft award in 2024 for its work on 'Ironmoor'",
                about="organization",
            ),
        ],
    )
    text = (
        "Hi Ana, huge fan of Northlight, the BAFTA for Ironmoor was so deserved! I'm doing a "
        "grading course in Leeds. Could we do 15 min on DaVinci node trees and how juniors get "
        "trained?"
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (letter("I'm a postdoc in soil chemistry and have been quietly wondering whether my lab "
                "habits are any use outside academia. " + ASK + " I'd ask how you priced your "
                "first consulting job."), 1),
        (letter(ASK + " I'd love to understand how you track supplier emissions today and show "
                "you a quick demo of our platform."), 1),
    ],
)  # fmt: skip
def test_topics(text: str, topics: int) -> None:
    assert_topics(text, topics)


@pytest.mark.parametrize(
    "sentence",
    [
        "I should say I'm a Kenyan citizen: would your team sponsor a work visa for a graduate?",
        "Also, does Kestrel have another junior analyst opening coming up? I'd apply that day.",
    ],
)
def test_job_asks(sentence: str) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert not check.passed, check.message
