"""Kinds of phrasing the forty-fifth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the forty-fifth pass's first measure:
- specific_reason: "I'm founding a freight startup…" tells of the requester ("found" is no
  "founding"); "a four-day week trial" and "moved to four days" speak of one thing; a case
  named by its party ("when the Court handed down Ellison") names the fact's case; "curious
  about getting into it" is the requester's aim at the hook's work; "I see you at the expo
  last month when you talk about…" (a second language's tense) is a prior meeting, "I hope
  to see you at the expo" is not;
- colleague_offer: "if your cofounder or your country manager has time instead", "someone
  from your investor relations team would also be very helpful";
- no_job_ask: outside consulting support offered, a seat on an advisory board, a non-exec
  role;
- preview_questions: "questions about the study, especially how you…" asks one thing; a
  statement of the requester's before a semicolon asks nothing.
"""

from __future__ import annotations

import pytest

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


def test_founding_is_no_finding() -> None:
    context = grounded_context(
        "Head of Operations",
        "Set up the company's inland depot network in East Africa between 2019 and 2022",
        organization="Northline Freight",
        seniority="mid",
    )
    text = letter(
        "You built the inland depots in East Africa; I'm founding a freight startup that feeds "
        "the Mombasa port.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert "I'm founding a freight startup" in check.evidence[-1].text


def test_a_number_and_its_unit_link_two_sentences() -> None:
    context = grounded_context(
        "Chief Executive",
        "Moved the whole company of 300 to a four-day week in 2022 and wrote about it",
        organization="Bayline",
        seniority="executive",
    )
    text = letter(
        "I run operations at a logistics firm in Leeds, and our board is debating a four-day "
        "week trial. Your essay on what happened when Bayline moved all 300 people to four days "
        "is the most honest account I've read.",
        PLANNED + " If a colleague of yours would be better placed, I'd be glad to talk to them.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_case_named_by_its_party() -> None:
    context = grounded_context(
        "Barrister",
        "Appeared for the appellant in R (Marston) v Secretary of State [2024] UKSC, on "
        "prolonged detention.",
        seniority="mid",
    )
    text = letter(
        "I volunteered with detained people for two years, and when the Supreme Court handed "
        "down Marston, I read your submissions closely.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_getting_into_it_is_an_aim_at_the_hook() -> None:
    context = grounded_context(
        "Drone Pilot",
        "Posts videos of drone spraying in Napa vineyards",
        seniority="mid",
    )
    text = (
        "Hi Ana, ur video spraying that steep block in Napa w the drone was great. Orchard crew "
        "here, curious abt getting into it—15 min on licensing + battery swaps? Thx, Jo"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("I see you at the Fresno dairy expo last month when you talk about robot milkers.", True),
        ("I hope to see you at the Fresno dairy expo next month.", False),
    ],
)
def test_seen_at_an_expo(sentence: str, passed: bool) -> None:
    text = letter(
        sentence + " I milk 400 cows near Visalia and my boss is thinking to buy robots.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed is passed, check.message


@pytest.mark.parametrize(
    "offer",
    [
        "Totally get that you're packed, so if your cofounder or your Lisbon country manager has "
        "time instead that would be great too.",
        "I understand your time is limited; someone from your treasury team would also be very "
        "helpful.",
    ],
)
def test_more_offers_of_a_colleague(offer: str) -> None:
    context = grounded_context(
        "Chief Operating Officer", "Ran the port's night shift", seniority="executive"
    )
    check = run_check(letter(PLANNED, offer), "colleague_offer", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "ask",
    [
        "Also, if your firm ever needs outside consulting support on a migration, I'd be happy "
        "to help.",
        "If you're putting together an advisory board for the launch, I'd love to be part of it.",
        "And if you're ever looking for a non-exec, I'd be glad to talk.",
    ],
)
def test_paid_work_by_another_name_is_a_job_ask(ask: str) -> None:
    check = run_check(letter(PLANNED, ask), "no_job_ask")
    assert not check.passed, ask


def test_an_umbrella_and_a_statement_ask_nothing() -> None:
    assert_topics(
        letter(
            ASK + " I have a few questions about the report, especially how you estimated "
            "emissions for plants that don't report them."
        ),
        1,
    )
    assert_topics(
        letter("I left teaching at 50 for hospital admin; how did you fund the pilot?"), 1
    )


def test_the_organization_context_keeps_a_contact_for_the_offer() -> None:
    # (guards the colleague offer's reach: a "your" with no person after it offers nobody)
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Chief Executive", seniority="executive"),
        facts=[ResearchFact(text="Ran the port's night shift", about="person")],
    )
    for ask in (
        "If your calendar has time next month, that would be great.",
        "Could you give me 15 minutes for a call when you have time?",
    ):
        check = run_check(letter(PLANNED, ask), "colleague_offer", context=context)
        assert not check.passed, (ask, check.message)
