"""Kinds of phrasing the sixty-second pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixty-second pass's first measure:
- preview_questions: "I want ask: which…, and how…", "Mainly re: A and whether B", "Re: how
  …, + what…", "The subjects on which your view would help are: …", "My questions would
  concern chiefly A, and whether B", "The matters I have in mind are how…" and numbered
  items under "Ask: 20 min call." name topics;
- specific_reason: "You ran X's 12-language loc, so: 15 min?" tells of them, and the aim told
  just before it in a short note ties; "eyeing the same audit → ESG move you made" ties; "it
  resonated very deeply with my lifelong passion for the past" is an empty tie;
- addressed_to_contact: "hi Peg" greets Margaret 'Peg' Sullivan; "Distinguished Mr. Harrow"
  greets;
- colleague_offer: "Or one of the ward nurses if easier." offers someone else;
- no_job_ask: "whether you think my profile might suit one of your fellow posts", "to be
  borne in mind should any vacancy arise" ask for a job; "you lead the placements in your
  department" tells of them.
"""

from __future__ import annotations

import pytest

from service.gate.models import ContactProfile, GateContext
from tests.gate.helpers import (
    ASK,
    PLANNED,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (letter("Can we talk 20 minutes? I want ask: which tools you learn first, and how you "
                "convinced your managers."), 2),
        (letter("Could I grab a few mins by phone? Mainly re: crew training time and whether "
                "the tooling costs surprised you."), 2),
        (letter("15 min call? Re: how the team splits time between sites, + what extra "
                "training it needs."), 2),
        (letter(ASK + " The subjects on which your view would help me are notably: the criteria "
                "you used to close sites; and the transport between them."), 2),
        (letter(ASK + " My questions would concern chiefly the service contract terms, and "
                "whether the older halls needed new ventilation."), 2),
        (letter(ASK + " The matters I have in mind are how the work shifted after the move, and "
                "how the team decides which claims to defend."), 2),
        (letter("Ask: 20 min call.\n1) vendor selection criteria\n2) what you'd cut from phase "
                "1"), 2),
    ],
)  # fmt: skip
def test_topics_in_other_forms(text: str, topics: int) -> None:
    assert_topics(text, topics)


def test_a_terse_aim_before_their_work() -> None:
    text = (
        "Daniel - EN/DE freelance translator hoping to move into games. You ran Ember Crown's "
        "9-language loc, so: 15 min? Curious how you vet freelancers + what LQA looks like."
    )
    context = grounded_context(
        "Localization Producer", "Managed the 9-language localization of the RPG 'Ember Crown'"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_eyeing_the_same_move_they_made() -> None:
    text = (
        "Ana - tax senior, 5 yrs, eyeing the same tax → in-house treasury move you made in '21. "
        + PLANNED
    )
    context = grounded_context(
        "Treasury Manager", "Moved from Big Four tax to in-house treasury in 2021"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_lifelong_passion_is_no_tie() -> None:
    text = letter(
        "I attended your lecture last week on medieval land charters. I must say that it "
        "resonated very deeply with my lifelong passion for the past.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hi Peg, " + PLANNED, "Margaret 'Peg' Sullivan"),
        ("Distinguished Mr. Harrow,\n\n" + PLANNED, "John Harrow"),
    ],
)
def test_greeted_by_nickname_or_formally(text: str, name: str) -> None:
    context = GateContext(contact=ContactProfile(name=name))
    check = run_check(text, "addressed_to_contact", context=context)
    assert check.passed, check.message


def test_one_of_the_ward_nurses() -> None:
    check = offer_check(PLANNED, "Or one of the ward nurses if easier.")
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("I would also like to hear whether you think my profile might suit one of your fellow "
         "posts this August.", True),
        ("I would be grateful to be borne in mind should any vacancy arise in your team.", True),
        ("A colleague told me you lead the training placements in your department.", False),
    ],
)  # fmt: skip
def test_job_asks_in_formal_words(sentence: str, asks: bool) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert check.passed is not asks, check.message
