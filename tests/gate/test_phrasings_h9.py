"""Kinds of phrasing the ninth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the ninth pass's first measure, each table with both sides:
- specific_reason: "the profile about your first years at…", "I heard you on the … show
  a while back talking about…", "you said your firm moved from … to …", "your commentary
  in …", "your reel"; wanting to end up somewhere is a goal, not the ask; "I am preparing
  the exam" before the hook is the requester's task; a move into the group the contact's
  title names is the fact told; a colleague offer is no reason to write; "your work on
  [slot]" names nothing; "hope you don't mind me reaching out" tells nothing of the
  requester;
- preview_questions: "(a) …", "(b) …" list lines; "how those who … handled …" keeps its
  relative clause;
- addressed_to_contact: "G'day", "Engr." before the name, a lowercase name from a writer
  who writes in lowercase.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext, ResearchFact
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check

# --- specific_reason, standalone ------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "passed"),
    [
        (
            "I read the alumni profile about your first two years as a site engineer on the "
            "Crossrail tunnels. I'm choosing between a tunnelling and a rail systems "
            "placement, and your account is exactly what pulls me toward tunnels.",
            True,
        ),
        (
            "I heard you on the Morning Ireland segment a while back talking about the new "
            "foster-care support line. I was a foster carer for six years and the support "
            "line is the work I want to move into.",
            True,
        ),
        (
            "At the Tuesday meetup you said your practice moved from hourly billing to fixed "
            "fees for small clients. I run a two-person bookkeeping firm and pricing is the "
            "decision I am stuck on.",
            True,
        ),
        (
            "I read your commentary in the Straits Times on carbon border taxes for "
            "exporters. I'm an analyst at a steel trader and my manager has just asked me to "
            "model that exact cost.",
            True,
        ),
        (
            "saw your reel on setting out a curved brick wall without a laser. I'm a "
            "second-year bricklaying apprentice and I want to end up on heritage jobs like "
            "that.",
            True,
        ),
        # a slot where their work should be named
        (
            "I came across your work on [project name] and was struck by how closely it "
            "aligns with my own interests in hospital operations.",
            False,
        ),
    ],
)
def test_standalone_hooks_and_ties(paragraph: str, passed: bool) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason")
    assert check.passed is passed, check.message


def test_hope_you_dont_mind_me_reaching_out_is_no_tie() -> None:
    text = "Hi Ana, hope you don't mind me reaching out here. I read your commentary in the "
    text += "Straits Times on carbon border taxes. " + ASK
    check = result(gate(text), "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]


# --- specific_reason, grounded --------------------------------------------------------------

_MIDWIFE = GateContext(
    contact=ContactProfile(
        name="Ana Ruiz",
        title="Director of Midwifery",
        organization="Eastgate Hospital",
        seniority="senior",
    ),
    facts=[
        ResearchFact(
            text="Introduced a 10-week preceptorship for internationally trained midwives, "
            "reported in the Midwives journal",
            about="person",
        ),
        ResearchFact(
            text="Previously head of community midwifery at a teaching trust", about="role"
        ),
    ],
)


def test_the_requesters_task_before_the_hook_is_the_tie() -> None:
    text = letter(
        "I am a midwife from Manila with eight years on a labour ward. I passed the OET "
        "this year and I am preparing the OSCE. I read in the Midwives journal about the "
        "10-week preceptorship you introduced for internationally trained midwives.",
        ASK,
    )
    check = run_check(text, "specific_reason", context=_MIDWIFE)
    assert check.passed, check.message


def test_a_colleague_offer_is_no_reason_to_write() -> None:
    text = letter(
        "I'm a statistics student modelling community midwifery caseloads for my "
        "dissertation, so I would value a practitioner's view.",
        "Would you have 20 minutes for a call? If you are too busy, I'd be equally grateful to "
        "speak with someone on your community midwifery team.",
    )
    check = result(gate(text, context=_MIDWIFE), "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]


def test_a_move_into_the_group_their_title_names() -> None:
    context = grounded_context(
        "Analyst, Credit Risk Modelling",
        "Joined Harbor Bank's credit risk modelling team last year after a PhD",
        name="Sam Lee",
        organization="Harbor Bank",
    )
    text = letter(
        "I saw that you've made the move to industry with Harbor Bank's credit risk modelling "
        "team. I'm finishing a PhD in applied probability and weighing the same step.",
        ASK,
    )
    check = result(gate(text, context=context), "specific_reason")
    assert check.passed, check.message


# --- preview_questions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            "Dear Ms Hale,\n\n" + ASK + " Specifically I wish to understand:\n"
            "(a) how you chose which ledgers to scan first, and\n"
            "(b) which cataloguing standard you settled on.\n\nThanks,\nJo",
            2,
        ),
        (
            letter(
                ASK + " I'd value your view on what the first month looks like for returners, "
                "and how those who have come back after a long break handled their "
                "registration."
            ),
            2,
        ),
        # the relative clause is still cut where it is a remark after the topic
        (
            letter(
                ASK + " I'd like to understand it from someone who has actually done it, and "
                "how you chose the first ledgers."
            ),
            1,
        ),
    ],
)
def test_lists_and_relative_clauses(text: str, topics: int) -> None:
    assert_topics(text, topics)


# --- addressed_to_contact -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "passed"),
    [
        ("G'day Shane, loved the reel.\n\nJo", True),
        ("Good day Engr. Okafor,\n\nHello.\n\nJo", True),
        (
            "hey sam! saw your post about the pantry.\n\nwe still use a clipboard.\n\n"
            "would you be up for a call?\n\n- jo",
            True,
        ),
        # a lowercase word from a writer who capitalizes is no name
        ("Hey there, I saw your post.\n\nWe still use a clipboard.\n\nThanks,\nJo", False),
    ],
)
def test_greetings(text: str, passed: bool) -> None:
    check = run_check(text, "addressed_to_contact")
    assert check.passed is passed, check.message
