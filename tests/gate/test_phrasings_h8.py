"""Kinds of phrasing the eighth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the eighth pass's first measure, each table with both sides:
- specific_reason: coverage of the contact ("the piece in the Gazette about you opening your
  bakery", "I saw you on Channel 4 talking about…"), "you brought …", "your interactive
  for …", "your evidence to the … committee"; what the requester lived through told with a
  verb of seeing ("I watched patients wait…") is a tie, seeing their work is not; "came to
  know about how you…" tells, it does not ask; a tie past a remark on the hook that has a
  first-person word in it;
- preview_questions: restatements led in by "also to hear about", "more generally about",
  a journey "from … to …", "what the team and culture are like";
- colleague_offer: "one of the educators who supervise the placements" is a person named
  by their part in the work, not a placement sought;
- addressed_to_contact: "Assalamu alaikum" greets.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check

# --- specific_reason ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "passed"),
    [
        (
            "I read the profile in the Leeds Gazette about you opening your sourdough bakery "
            "after twenty years in banking. I leave my audit job in June to train as a baker, "
            "so your route is the one I hope to take.",
            True,
        ),
        (
            "I saw you on BBC Look North talking about restoring the canal locks at Skipton. "
            "I volunteer on the lock gangs of our canal trust and we start on a lock of the "
            "same age next spring.",
            True,
        ),
        (
            "I read on your clinic's website that you brought acupuncture into the pain "
            "service last year. I'm a physiotherapist in a hospital team that wants to try "
            "it, which is the change I have been asked to scope.",
            True,
        ),
        (
            "Your interactive for the Herald on the city's flooded underpasses is why I'm "
            "writing: I'm mapping storm drains for my planning dissertation and want to show "
            "the same data.",
            True,
        ),
        (
            "I watched your evidence to the Scottish Parliament's Health Committee on "
            "delayed discharge. I coordinate discharges on a medical ward in Dundee, so it "
            "is the problem I work on every day.",
            True,
        ),
        # coverage of them, with nothing said of the requester
        (
            "I read the profile in the Leeds Gazette about you opening your sourdough bakery "
            "after twenty years in banking. What a story.",
            False,
        ),
    ],
)
def test_coverage_and_pieces_of_theirs(paragraph: str, passed: bool) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason")
    assert check.passed is passed, check.message


_INFORMATICIST = grounded_context(
    "Nurse Informaticist",
    "Built Bayview's falls-risk alert in the EHR and presented it at a 2024 "
    "nursing informatics conference",
    organization="Bayview",
)


@pytest.mark.parametrize(
    ("paragraph", "passed"),
    [
        # what the requester lived through, told with a verb of seeing, is the tie
        (
            "I saw your conference talk on the falls-risk alert you built in the EHR. On "
            "night shifts I watched patients fall between hourly rounds, and that's the "
            "problem I came back to school to work on.",
            True,
        ),
        # seeing their work again is no tie
        (
            "I saw your conference talk on the falls-risk alert you built in the EHR. I "
            "watched the recording twice.",
            False,
        ),
        # "came to know about how you…" tells what the requester learned; it asks nothing
        (
            "I came to know about how you built the falls-risk alert in the EHR at Bayview. "
            "I am a ward nurse and falls on night shift are the problem my unit is asked to "
            "fix this year.",
            True,
        ),
    ],
)
def test_grounded_hooks_and_ties(paragraph: str, passed: bool) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason", context=_INFORMATICIST)
    assert check.passed is passed, check.message


def test_a_tie_past_a_remark_on_the_hook() -> None:
    text = letter(
        "I went to your workshop on scheduling dental hygiene recalls by text message. The "
        "idea of sending reminders in the evening was so obvious I was cross we had "
        "missed it. I manage the front desk of a dental practice where a third of recall "
        "patients never book, and the partners want my plan by March.",
        ASK,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


# --- preview_questions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        (
            "I'd love to hear how you priced the first retrofit, and also to hear about your "
            "journey in the heritage sector.",
            1,
        ),
        (
            "I'd like to ask how you staffed the night desk, and more generally about your "
            "experience making the move.",
            1,
        ),
        (
            "I'd like to ask how you chose the audit sample, and to hear about your journey "
            "from trainee to partner.",
            1,
        ),
        (
            "I'd like to ask how you chose the audit sample and what the team and culture "
            "are like.",
            1,
        ),
        # a concrete topic after the same lead-in still counts
        (
            "I'd like to ask how you chose the audit sample, and also to hear about the "
            "software you used for the stock counts.",
            2,
        ),
    ],
)
def test_restatements_led_in_other_words(sentence: str, topics: int) -> None:
    assert_topics(letter(ASK + " " + sentence), topics)


# --- colleague_offer and addressed_to_contact ---------------------------------------------------

_DIRECTOR = GateContext(
    contact=ContactProfile(name="Ana Ruiz", title="Director of Nursing", seniority="senior")
)


def test_someone_named_by_their_part_in_a_placement_is_an_offer() -> None:
    offer = (
        "If you are too busy, I would be just as grateful to speak with one of the clinical "
        "educators who run the placements."
    )
    assert result(gate(letter(ASK, offer), context=_DIRECTOR), "colleague_offer").passed
    sought = "If you are too busy, could one of your educators find me a summer placement?"
    assert not result(gate(letter(ASK, sought), context=_DIRECTOR), "colleague_offer").passed


@pytest.mark.parametrize(
    "greeting", ["Assalamu alaikum Ana,", "As-salamu alaykum Ms. Ruiz,", "Asalam o alaikum Ana,"]
)
def test_assalamu_alaikum_greets(greeting: str) -> None:
    check = run_check(f"{greeting}\n\nHello.\n\nJo", "addressed_to_contact")
    assert check.passed, check.message
