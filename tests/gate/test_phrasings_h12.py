"""Kinds of phrasing the twelfth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twelfth pass's first measure:
- specific_reason: a piece of theirs named before a present-tense deed ("the tenants'
  clinic you coordinate"); seeing them at work ("I watched you take questions on…");
- sentences: "U.S." before a lowercase word ends no sentence;
- time_ask: a bounded ask offered beside a vague one ("buy you a coffee, or take 20
  minutes on the phone");
- preview_questions: questions one a line under "Want to ask you:" with no bullet marks;
  what the writer is "not sure whether to…" decide; a relative clause after a comma ("which
  your panel touched on") asks nothing;
- colleague_offer: "one of the site supervisors would be great too".
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, letter, result, run_check


@pytest.mark.parametrize(
    ("paragraph", "passed"),
    [
        (
            "I'm writing because of the tenants' legal clinic you coordinate for the Eastside "
            "housing coalition. I volunteer at a food bank and keep meeting people facing "
            "eviction, which is why I'm thinking about law school.",
            True,
        ),
        (
            "Last week I watched you take questions on the harbour dredging plan at the port "
            "authority's open evening. I'm a surveyor and want to move into marine planning.",
            True,
        ),
        # praise of what they do, with no piece of work named, is still no hook
        ("I really admire how you coordinate everything. I want to work in events.", False),
    ],
)
def test_deeds_seen_and_coordinated(paragraph: str, passed: bool) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason")
    assert check.passed is passed, check.message


def test_an_initialism_before_a_lowercase_word_ends_no_sentence() -> None:
    text = letter(
        ASK + " I'd ask how you explained your Manila call-centre years on your first U.S. "
        "resume, and whether your team hires from bootcamps."
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    ("ask", "passed"),
    [
        ("Could I buy you a coffee, or take 20 minutes on the phone?", True),
        ("Could I buy you a coffee sometime?", False),
        # a duration a thing takes is still no ask
        ("Our inspections take 40 minutes. Could I buy you a coffee sometime?", False),
    ],
)
def test_a_bounded_ask_beside_a_vague_one(ask: str, passed: bool) -> None:
    check = result(gate(letter(ask)), "time_ask")
    assert check.passed is passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                "Could you spare 20 min on the phone? Want to ask you:\n"
                "how you got the night crew to log near misses\n"
                "what software the safety office uses for audits"
            ),
            2,
        ),
        (
            letter(
                ASK + " I am not sure whether to certify our tutors before or after their "
                "first term, which your workshop touched on, or how you persuaded the dean to "
                "pay for it."
            ),
            2,
        ),
        # one line of the list may hold two questions, each with its own question word
        (
            letter(
                "Could you spare 20 minutes? What I would ask is:\n"
                "how you vet suppliers who have no audited accounts, and how the older "
                "buyers took to ordering online."
            ),
            2,
        ),
        # a doubt about the contact is no topic
        (letter("I'm not sure whether you're the right person to ask. " + ASK), 0),
    ],
)
def test_unmarked_list_lines_and_what_the_writer_cannot_decide(text: str, topics: int) -> None:
    assert_topics(text, topics)


def test_someone_else_would_be_great_too() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="VP Quality", seniority="executive")
    )
    offer = letter(ASK, "If that's easier, one of the line supervisors would be great too.")
    assert result(gate(offer, context=context), "colleague_offer").passed
    # the same words about the requester's own plans are no offer
    plain = letter(ASK, "A weekend call would be great.")
    assert not result(gate(plain, context=context), "colleague_offer").passed
