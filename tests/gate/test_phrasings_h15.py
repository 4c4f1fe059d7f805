"""Kinds of phrasing the fifteenth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifteenth pass's first measure:
- specific_reason: more deeds and pieces of theirs ("your alumni spotlight", "you were a
  Marshall Scholar", "the discharge letter you sent back", "you and your crew restored…",
  "the pairing you chose"), but not "why you chose to work there"; a "Why you:" heading
  before the hook; "…from someone who made the same jump from the same kind of job"; "the
  sort of youth work I hope to do"; "So your article… hit home" after the requester's story;
  a role with a symbol ("an EN>FR subtitler too") or next to praise of the hook is bare;
- colleague_offer: "kindly direct me to any of your deputy planners", "Or could someone on
  your team?", "someone on your R&D team who'd be better to ask"; asking to be referred for
  a role is no offer;
- preview_questions: "What I can't figure out is which…, and how…"; "what general advice
  would you give…" and "any advice you'd give someone in my position" are generic;
- addressed_to_contact: greetings in other languages ("Oi Rafael!", "Buenas tardes Ana,").
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check


@pytest.mark.parametrize(
    "paragraph",
    [
        "I read your alumni spotlight in the chemistry newsletter about going from a PhD "
        "straight into patent law. I'm a third-year PhD hoping to follow that exact path.",
        "I saw that you were a Marshall Scholar at Leeds in 2019. I'm applying for the same "
        "scholarship this autumn, and your year there is the closest match to the water "
        "research I'd want to do.",
        "The discharge letter you sent back to our ward last spring was the clearest I have "
        "read, and since then I have wanted to work in cardiac rehab myself.",
        "I saw the news piece where you and your crew restored the old lifeboat station "
        "roof with reclaimed slate; that is the work I want to move into from new builds.",
        "The cheese you chose for the tasting menu, a washed-rind from Cork, made me want to "
        "train as a cheesemonger instead of staying behind the bar.",
    ],
)
def test_more_deeds_and_pieces_of_theirs(paragraph: str) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason")
    assert check.passed, check.message


def test_choosing_to_work_somewhere_is_no_deed() -> None:
    text = letter(
        "I'm interested in Harlow & Finch and would love to hear why you chose to work there. "
        "I think I would also like to practise tax law.",
        ASK,
    )
    assert not result(gate(text), "specific_reason").passed


def test_a_why_you_heading_before_the_hook() -> None:
    text = letter(
        "I'm a ferry engineer out of Holyhead, wondering whether tidal energy is a realistic "
        "next step. " + ASK,
        "Why you: your post about leaving ferry engineering for a tidal turbine technician "
        "role is the only story I've found from someone who made the same jump from the same "
        "kind of job.",
    )
    check = result(gate(text), "specific_reason")
    assert check.passed, check.message
    assert "why you" not in " ".join(
        e.text.lower() for e in result(gate(text), "preview_questions").evidence
    )


def test_the_sort_of_work_and_a_story_before_so() -> None:
    context = grounded_context(
        "Extension Agent",
        "Started a beekeeping club with other agents that now runs in six high schools",
        "Wrote a LinkedIn article linking warehouse attrition to late rota changes",
    )
    first = letter(
        "The beekeeping club you and the other agents started in the high schools is the sort "
        "of youth work I hope to do next year.",
        ASK,
    )
    assert result(gate(first, context=context), "specific_reason").passed
    second = letter(
        "I place temps in warehouses, and I keep watching people walk out after their shifts "
        "are moved at the last minute. So your article tying warehouse attrition to late rota "
        "changes hit home.",
        ASK,
    )
    check = result(gate(second, context=context), "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "paragraph",
    [
        "I loved your piece on subtitling Korean dramas. I'm an EN>FR subtitler too.",
        "I'm a junior estimator and your post on pricing timber frames was great.",
    ],
)
def test_a_bare_role_beside_the_hook(paragraph: str) -> None:
    assert not result(gate(letter(paragraph, ASK)), "specific_reason").passed


_SENIOR = GateContext(
    contact=ContactProfile(name="Ana Ruiz", title="Chief Engineer", seniority="senior")
)


@pytest.mark.parametrize(
    ("offer", "passed"),
    [
        ("Should you be unable, kindly direct me to any of your deputy planners.", True),
        ("Or could someone on your team?", True),
        ("Or is there someone on your R&D team who'd be better to ask?", True),
        ("If you think I might be a fit for the open planner role, would you refer me?", False),
    ],
)
def test_more_offers(offer: str, passed: bool) -> None:
    check = result(gate(letter(ASK, offer), context=_SENIOR), "colleague_offer")
    assert check.passed is passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                "What I can't figure out is which licence insurers actually ask for, and how "
                "you priced your first drone surveys. " + ASK
            ),
            2,
        ),
        (
            letter(
                ASK + " I'd ask how you plan a roof survey, and what general advice you would "
                "give someone starting out."
            ),
            1,
        ),
        (
            letter(
                ASK + " I'd love to hear any advice you'd give someone in my position, and how you "
                "priced your first roof surveys."
            ),
            1,
        ),
    ],
)
def test_what_counts_as_a_topic(text: str, topics: int) -> None:
    assert_topics(text, topics)


@pytest.mark.parametrize("opening", ["Oi Rafael!", "Buenas tardes Ana,", "Servus Jonas,"])
def test_greetings_in_other_languages(opening: str) -> None:
    text = opening + " I saw your talk on payment fraud rules. " + ASK
    check = result(gate(text), "addressed_to_contact")
    assert check.passed, check.message
