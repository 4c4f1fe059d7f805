"""Kinds of phrasing the seventy-first pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventy-first pass's first measure:
- specific_reason, hooks: their own words quoted back, said on a podcast or at an event ('You
  said "the handover is the job" on the Ward Round podcast', "At the Coastal Planning day in
  Hull you said…");
- specific_reason, ties that are none: "I've spent most of my drive since thinking about it",
  "I went to Harbour Lights twice" (going to see their exhibition);
- specific_reason, grounding: "the work you do at one of the largest insurers in Kenya" places
  them nowhere in their organization's fact; "we both worked at the Leeds branch" is a
  connection, whatever fact of theirs names the branch;
- time_ask: "P.S. Even 20 minutes would be plenty";
- addressed_to_contact: "Dear Engr. (Mrs) Okoro," greets her by name;
- colleague_offer: "if you know anyone else I should be talking to" asks for more names, it
  offers no one instead (but "If you're swamped, is there someone else I should speak to?"
  does);
- no_job_ask: "I'd be grateful if you kept my name in mind".
"""

from __future__ import annotations

import pytest

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import ASK, PLANNED, grounded_context, letter, offer_check, run_check


@pytest.mark.parametrize(
    "sentence",
    [
        'You said "the handover is the job" on the Ward Round podcast in May, and I manage the '
        "night handover on a 30-bed surgical ward where it keeps going wrong.",
        "At the Coastal Planning day in Hull you said that managed retreat starts with the "
        "drains, and our parish council is about to vote on exactly that.",
    ],
)
def test_their_own_words_quoted_back(sentence: str) -> None:
    check = run_check(letter(sentence, PLANNED), "specific_reason")
    assert check.passed, check.message


def test_spending_time_thinking_about_it_ties_nothing() -> None:
    text = letter(
        'At the Rail Freight summit in Derby you said "sidings are the new warehouses", and '
        "I've spent most of my drive since thinking about it.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]


def test_going_to_their_exhibition_ties_nothing() -> None:
    context = grounded_context(
        "Curator", "Curated the 2025 exhibition 'Harbour Lights' on the town's lifeboat crews"
    )
    text = letter(
        "I went to Harbour Lights twice in March. The crew recordings in the last room were "
        "wonderful.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_the_work_you_do_at_places_them_nowhere() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Head of Claims", organization="Simba Re"),
        facts=[
            ResearchFact(
                text="Simba Re is one of the largest reinsurers in East Africa.",
                about="organization",
            )
        ],
    )
    text = letter(
        "I really admire the work you do at one of the largest reinsurers in East Africa. I "
        "am a claims handler in Mombasa hoping to move into reinsurance.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_a_shared_employer_is_a_connection() -> None:
    context = grounded_context("Buyer", "Worked at Harlow & Finch's Leeds branch from 2016 to 2020")
    text = letter(
        "I saw we both worked at Harlow & Finch's Leeds branch, you a few years before me. I'm "
        "a supervisor there now and want to move into buying.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_even_twenty_minutes_in_a_postscript() -> None:
    text = letter(
        "I'd like to ask how you priced the first contracts and what you would change.",
        "Thanks for reading.",
    ).replace("\n\nJo", "\n\nJo\n\nP.S. Even 20 minutes would be plenty.")
    check = run_check(text, "time_ask")
    assert check.passed, check.message


def test_a_second_title_in_brackets() -> None:
    text = "Dear Engr. (Mrs) Okoro,\n\n" + PLANNED + "\n\nJo"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message


def test_more_names_are_no_offer() -> None:
    check = offer_check(
        ASK, "Also, if you know anyone else I should be talking to, I'd welcome the names."
    )
    assert not check.passed, [e.text for e in check.evidence]
    assert offer_check(ASK, "If you're swamped, is there someone else I should speak to?").passed


def test_kept_my_name_in_mind_asks_for_work() -> None:
    text = letter(
        PLANNED,
        "And if your crew is taking on riggers next season, I'd be grateful if you kept my name "
        "in mind.",
    )
    assert not run_check(text, "no_job_ask").passed
