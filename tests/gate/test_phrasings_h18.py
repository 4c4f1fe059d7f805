"""Kinds of phrasing the eighteenth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the eighteenth pass's first measure:
- a greeting run into the message with a dash ("Hi Gareth—your videos…") hid the hook;
- specific_reason: "you took the band from A to B", "you was the one who fit out…",
  "you established the caseloading team"; "Then I came across…" carries the requester's
  situation of the sentence before; "a shipping-container farm" and "containers" are one
  thing; "interested to learn that you…" tells, it asks nothing;
- preview_questions: list lines with a heading ("Rotas: how you…"); "what a physiotherapist's
  work is really like", "what your career path has looked like" and "get any tips for someone
  early in…" restate the ask; "colored pencils and markers together" is one thing;
- no_job_ask: "opportunities to work with your organization", "the role is still open… I'd
  love to apply", "whether you think I might be a fit", "I'll attach my CV", "if you ever need
  a junior", "paid or not"; not "from referral to first treatment", "your BP referrals" or
  "apply for a master's";
- colleague_offer: "your second-in-command"; "an opportunity for me on your side" is a job
  ask, not someone else to talk to;
- addressed_to_contact: a reply that thanks the introducer first, then greets the contact;
  "Mālō e lelei Tevita".
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result

TOPICS = "I'd like to ask how you priced the first contracts and when you hired a booking agent."


@pytest.mark.parametrize(
    "paragraph",
    [
        "I know you took the Harbour Lights from playing their own pub gigs to a label deal in "
        "two years. I manage a three-piece band in Hull, and we're at the pub-gig stage now.",
        "My tutor tell me you was the one who fit out the boiler room for the new school wing, "
        "and I want to specialise in heating systems, so that is exactly the work I want to learn.",
        "I'm a paralegal at a small firm that has just taken on its first flooding claim. Then I "
        "came across the Marsh Lane case and saw you were on the tenants' legal team.",
        "I teach chemistry in Derby, and our school has just won funding for a shipping-container "
        "lab. Your video series on running science labs in containers is what my class watches "
        "every week.",
    ],
)
def test_more_hooks_and_ties(paragraph: str) -> None:
    check = result(gate(letter(paragraph, ASK, TOPICS)), "specific_reason")
    assert check.passed, check.message


def test_a_greeting_run_into_the_message_with_a_dash() -> None:
    text = (
        "Hi Gareth\u2014your loft-insulation videos are why I'm retraining as a plasterer. Could I "
        "have 15 min to ask about NVQ routes and pricing small jobs?"
    )
    report = gate(text, channel="linkedin_message")
    assert result(report, "specific_reason").passed
    assert result(report, "addressed_to_contact").passed


def test_learning_what_they_did_is_no_question() -> None:
    context = grounded_context(
        "Consultant Midwife",
        "Set up the trust's continuity-of-carer team for teenage mothers in 2022",
    )
    text = letter(
        "My dissertation is on continuity of carer for young mothers, so I was really "
        "interested to learn that you established the caseloading team for teenage mothers.",
        ASK,
        "I'd love to ask how caseloads are capped and how on-call is shared.",
    )
    report = gate(text, context=context)
    assert result(report, "specific_reason").passed
    questions = result(report, "preview_questions")
    assert questions.details["questions"] == 2, [e.text for e in questions.evidence]


HOOK = "Your SREcon talk on pager load is why I volunteered to set up my team's on-call rota."


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                HOOK,
                "Could I have 15 minutes on Zoom? Two things I'd ask about:\n"
                "Rotas: how you split primary and secondary cover on a team of five.\n"
                "Alerts: which pages you cut first.",
            ),
            2,
        ),
        (
            letter(
                HOOK,
                ASK + " I'd like to understand what a physiotherapist's work is really like, what "
                "your career path has looked like since graduating, and how you run a back "
                "class.",
            ),
            1,
        ),
        (
            letter(
                HOOK,
                ASK + " I'd like to ask how you handled backfills during the cutover, and get any "
                "tips you have for someone early in a data career.",
            ),
            1,
        ),
        (letter(HOOK, ASK + " Which paper works best with pastels and charcoal together?"), 1),
    ],
)
def test_what_counts_as_a_topic(text: str, topics: int) -> None:
    assert_topics(text, topics)


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm interested in learning about opportunities to work with your organization.",
        "I wanted to ask whether the role is still open, because I would love to apply.",
        "I'd be grateful to hear whether you think I might be a fit for the analyst post.",
        "I'll attach my CV in case it's useful.",
        "Do let me know if you ever need a junior designer.",
        "I'm happy to help on any project you're running, paid or not.",
    ],
)
def test_more_job_asks(sentence: str) -> None:
    assert not result(gate(letter(ASK, sentence)), "no_job_ask").passed


@pytest.mark.parametrize(
    "sentence",
    [
        "Your article showed how the navigator role cut the time from referral to first treatment.",
        "I'd ask how you got GPs to accept your BP referrals.",
        "I'd like to apply for a planning master's next autumn.",
    ],
)
def test_no_job_ask(sentence: str) -> None:
    assert result(gate(letter(sentence, ASK)), "no_job_ask").passed


def test_offers_and_asks_to_a_senior_contact() -> None:
    context = GateContext(contact=ContactProfile(name="Ana Ruiz", seniority="executive"))
    offered = letter(
        ASK, "I know your diary is full; your second-in-command would be just as helpful."
    )
    assert result(gate(offered, context=context), "colleague_offer").passed
    asked = letter(
        "Could we grab lunch and talk about whether there might be an opportunity for me on your side?"
    )
    assert not result(gate(asked, context=context), "colleague_offer").passed


@pytest.mark.parametrize(
    "opening",
    [
        "Thanks, Priya, for connecting us (moving you to bcc).\n\nMs Ruiz, Priya tells me",
        "Thanks for the intro, Priya!\n\nAna \u2014 Priya tells me",
        "M\u0101l\u014d e lelei Ana,\n\nPriya tells me",
    ],
)
def test_greetings_after_an_introduction_and_in_tongan(opening: str) -> None:
    text = f"{opening} you rebuilt the tariff training.\n\n{ASK}\n\nJo"
    context = GateContext(contact=ContactProfile(name="Ana Ruiz"))
    check = result(gate(text, context=context), "addressed_to_contact")
    assert check.passed, check.message
