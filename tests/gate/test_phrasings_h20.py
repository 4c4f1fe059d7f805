"""Kinds of phrasing the twentieth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twentieth pass's first measure:
- specific_reason: deeds told as a question ("Wasn't it you who…?"), as who they are ("you're
  the physician who set up…", "you're the practice's falls specialist"), as what they do now
  ("you train new dispatchers at…"), a repair or a generator of theirs, a film made about
  their workshop; a fact about a programme for hobby beekeepers is no hobby of theirs;
  "trying to work out whether…" is the requester's deliberation, not a question; "on-call"
  is no call asked for; "reshaped my project" ends the hook; empty ties ("it stayed with
  me", "reading your work reminded me why I've always admired this field") and praise of a
  culture they built are no reason;
- time_ask: "I'm weighing up whether to retrain, and I'd really value 20 minutes";
- preview_questions: "Kindly, could you give me 20 minutes?" is the ask; "how you got into X
  in the first place" restates it; "what your days are like now" is a topic;
- colleague_offer: "feel free to hand this to a colleague"; "a friend in the parks department
  told me…" offers no one;
- no_job_ask: interning there, being considered for a position, how I might fit, whether my
  background would fit, flagging me to HR, getting my CV in front of the hiring team, a place
  for someone like me, being available to start, "I'd like to apply and…"; not one's own
  plans to apply elsewhere, nor observation opportunities;
- addressed_to_contact: "Morning Raj,".
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result

TOPICS = "I'd like to ask how you planned the work and how you trained the crew."


@pytest.mark.parametrize(
    "paragraph",
    [
        "Wasn't it you who rebuilt the lych-gate at St Mary's after the 2020 storm? I've just "
        "been asked to price a lych-gate repair in a conservation area.",
        "Our club physio told me you're the sports physician who set up the county's concussion "
        "clinic. I cover pitch-side for two amateur clubs with no such service.",
        "The county office told me you train new dispatchers at the 911 centre, and I'm doing my "
        "senior project on emergency communications.",
        "Your repair of the timber footbridge at Ashby, splicing new oak into the old beams, is "
        "the job I point people to. My firm has just taken on a similar bridge.",
        "I've been using your open-source invoice generator for a year, and I'm now building a "
        "time tracker that plugs into it.",
        "I watched the short film the Crafts Council made about your bindery, and my "
        "dissertation is on reusing original boards.",
        "Your staff page says you're the practice's falls-prevention specialist, and my thesis "
        "is on falls in care homes.",
        "Your talk on rewriting benefit forms for low literacy reshaped my MA project.",
    ],
)
def test_more_hooks_and_ties(paragraph: str) -> None:
    check = result(gate(letter(paragraph, ASK, TOPICS)), "specific_reason")
    assert check.passed, check.message


def test_a_programme_for_hobby_keepers_is_their_work() -> None:
    context = grounded_context(
        "Biosecurity Officer",
        "Introduced a volunteer sentinel-hive program with hobby beekeepers",
    )
    text = letter(
        "I keep six hives near Dubbo. When the sentinel hive program you set up with hobby "
        "keepers came along, our whole club joined, and our counts now go in through my app.",
        ASK,
        TOPICS,
    )
    assert result(gate(text, context=context), "specific_reason").passed


def test_working_out_whether_is_no_question() -> None:
    context = grounded_context(
        "Consultant", "Moved from Eskom's environmental division into consulting"
    )
    text = letter(
        "I was let go from a freight planning team last month. I've been trying to work out "
        "whether that background translates into consulting, and your own move from Eskom's "
        "environmental team into advisory work is the closest example I can find.",
        ASK,
        TOPICS,
    )
    assert result(gate(text, context=context), "specific_reason").passed


@pytest.mark.parametrize(
    "paragraph",
    [
        "Your piece on retained crews in rural Wales hit home. I'm training for on-call "
        "selection in Powys.",
    ],
)
def test_on_call_is_no_call_asked_for(paragraph: str) -> None:
    check = result(gate(letter(paragraph, ASK, TOPICS)), "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "paragraph",
    [
        "I read your article on litigation funding, and it stayed with me.",
        "I read your book on the Baltic timber trade. As a history student, I've always admired "
        "this field, and reading your work reminded me why.",
        "I've followed your leadership for a while, and it's clear you've built a design culture "
        "people genuinely want to be part of. I'm a product designer.",
    ],
)
def test_empty_ties_and_praise(paragraph: str) -> None:
    assert not result(gate(letter(paragraph, ASK, TOPICS)), "specific_reason").passed


def test_a_duration_after_the_requesters_own_deliberation() -> None:
    text = letter(
        "I'm weighing up whether to retrain in flood planning, and I'd really value 20 minutes "
        "on the phone.",
        TOPICS,
    )
    assert result(gate(text), "time_ask").passed


HOOK = "Your talk on flood maps is the reason I switched my thesis to coastal planning."


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                HOOK,
                "Kindly, could you give me 20 minutes for a call? I'd like to ask how you "
                "validate the surge models.",
            ),
            1,
        ),
        (
            letter(
                HOOK,
                ASK + " I'd ask what a typical day looks like for you, and how you got into "
                "planning in the first place.",
            ),
            1,
        ),
        (
            letter(
                HOOK,
                "15 min to ask how you got your planning fellowship and what your days are like "
                "now?",
            ),
            2,
        ),
    ],
)
def test_what_counts_as_a_topic(text: str, topics: int) -> None:
    assert_topics(text, topics)


def test_offers_and_who_told_me() -> None:
    context = GateContext(contact=ContactProfile(name="Ana Ruiz", seniority="executive"))
    offered = letter(
        HOOK, ASK, "If your calendar is impossible, feel free to hand this to a colleague."
    )
    assert result(gate(offered, context=context), "colleague_offer").passed
    told = letter(
        "A friend in the parks department told me you pushed for five species instead of one.",
        ASK,
    )
    assert not result(gate(told, context=context), "colleague_offer").passed


@pytest.mark.parametrize(
    "sentence",
    [
        "I'd love to talk more about interning there after my MBA.",
        "I'd also ask whether I could be considered for one of those positions.",
        "I'd like a few minutes to talk about how I might fit down the road.",
        "I'd like to hear whether my background would be a fit for the post.",
        "If it's no trouble, could you flag me to HR for the designer post?",
        "I'd love to know how to get my CV in front of your hiring team.",
        "If there's ever a place at Greenline for someone like me, I'd jump at it.",
        "I'm available to start in June.",
        "I'm writing about your graduate scheme: I'd like to apply and would value your advice.",
    ],
)
def test_more_job_asks(sentence: str) -> None:
    assert not result(gate(letter(ASK, sentence)), "no_job_ask").passed


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm hoping to apply for graduate security roles next year, without a computing degree.",
        "I wanted to ask whether your clinic has any observation opportunities this term.",
    ],
)
def test_no_job_ask(sentence: str) -> None:
    assert result(gate(letter(sentence, ASK)), "no_job_ask").passed


def test_morning_raj() -> None:
    text = "Morning Raj, your reel on rewiring old terraces is the job I'm quoting next week."
    context = GateContext(contact=ContactProfile(name="Raj Patel"))
    report = gate(text + " 15 min on cable routes and fire-stopping?", context=context)
    assert result(report, "addressed_to_contact").passed
