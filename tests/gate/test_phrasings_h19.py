"""Kinds of phrasing the nineteenth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the nineteenth pass's first measure:
- preview_questions: "Two quick ones — how…, and how…"; a list indented without bullets
  under "What I'd ask:"; "your thinking on how…"; "hearing both how… and how…";
- colleague_offer: "shadow one of the engineers you mentor", "passed on to anyone closer to
  the day-to-day", "or with whichever of the technicians would be better placed", "Would
  you, or whoever on your staff ran it, spare…";
- specific_reason: "the rota overhaul you drove", "you took the clinic paperless", "you put
  seed packets into the county's libraries", "you turned the night shift around"; a coffee
  cart is the requester's business, not the meeting asked for; "I am a student at Ludlow
  College" grounds no fact about a talk they gave there;
- no_job_ask: "consider a career changer for the graduate scheme", "room for a graduate",
  "put me forward", "how do I get on your team"; not "waiting for referrals to pile up" or
  "consider a 15-minute call";
- addressed_to_contact: "yo im a composer" greets no one.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, gate, grounded_context, letter, result

HOOK = "Your post on night-shift handovers is why I volunteered to redesign ours on Ward 4."
TOPICS = "I'd like to ask how you ran the pilot and how you measured missed tasks."


@pytest.mark.parametrize(
    "ask",
    [
        "Could I have 15 minutes? Two quick ones \u2014 how you ran the pilot, and how you "
        "measured missed tasks.",
        "Could I have 15 minutes? What I'd ask:\n    how you ran the pilot\n    how you "
        "measured missed tasks",
        "Could I have 15 minutes? I would value your thinking on how you ran the pilot, and on "
        "how you measured missed tasks.",
        "Could I have 15 minutes? I'd value hearing both how you ran the pilot and how you "
        "measured missed tasks.",
    ],
)
def test_more_ways_to_list_two_topics(ask: str) -> None:
    check = result(gate(letter(HOOK, ask)), "preview_questions")
    assert check.details["questions"] >= 2, [e.text for e in check.evidence]


@pytest.mark.parametrize(
    "offer",
    [
        "If you are too busy, I would be just as happy to shadow one of the engineers you mentor.",
        "I'm very happy to be passed on to anyone closer to the day-to-day of the project.",
        "I'd be grateful for 20 minutes, with you or with whichever of the ward sisters would be "
        "better placed.",
        "Would you, or whoever on your staff ran the pilot, spare 20 minutes for a call?",
    ],
)
def test_more_offers_of_someone_else(offer: str) -> None:
    context = GateContext(contact=ContactProfile(name="Ana Ruiz", seniority="senior"))
    check = result(gate(letter(HOOK, ASK, offer), context=context), "colleague_offer")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "paragraph",
    [
        "The rota overhaul you drove at the Daventry depot came up at our ops meeting. I manage "
        "nights at a depot of the same size, and our absence is running at 18%.",
        "A colleague mentioned that you took the Brookside clinic paperless last year. I run the "
        "same clinic on paper, and our partners have asked me to cost the switch.",
        "You put seed packets into every library in the county; I'm a librarian in Cork "
        "pitching the same.",
        "You turned the night shift around at St Bede's in a year. I've just been asked to do "
        "the same on our ward.",
    ],
)
def test_more_deeds(paragraph: str) -> None:
    check = result(gate(letter(paragraph, ASK, TOPICS)), "specific_reason")
    assert check.passed, check.message


def test_a_coffee_cart_is_the_requesters_business() -> None:
    context = grounded_context(
        "Founder",
        "Grew Crumb & Co, a bakery that hires people leaving prison, from one site to four",
    )
    text = letter(
        "You took Crumb & Co from one bakery to four while hiring people leaving prison. I run "
        "a coffee cart with two baristas on release, and we're weighing a second site.",
        ASK,
        TOPICS,
    )
    assert result(gate(text, context=context), "specific_reason").passed


def test_the_requesters_own_school_grounds_no_fact() -> None:
    context = grounded_context("Farm Vet", "Gave a talk on farm vet careers at Ludlow College")
    text = letter(
        "I am a Year 12 student at Ludlow College studying biology and hoping to become a farm "
        "vet.",
        ASK,
        TOPICS,
    )
    assert not result(gate(text, context=context), "specific_reason").passed


@pytest.mark.parametrize(
    "sentence",
    [
        "Would your team consider a career changer for the graduate scheme?",
        "Is there any chance your lab will have room for a research assistant?",
        "I'd be grateful if you could put me forward for the summer scheme.",
        "How do I get on your team??",
    ],
)
def test_more_job_asks(sentence: str) -> None:
    assert not result(gate(letter(ASK, sentence)), "no_job_ask").passed


@pytest.mark.parametrize(
    "sentence",
    [
        "Your district ran groups early instead of waiting for referrals to pile up.",
        "Would you consider a 15-minute call for next week?",
    ],
)
def test_no_job_ask(sentence: str) -> None:
    assert result(gate(letter(sentence, ASK)), "no_job_ask").passed


def test_yo_im_names_no_one() -> None:
    text = "yo im a game composer, loved your soundtrack. 15 min on how you scored the boss fights?"
    report = gate(text, channel="linkedin_message")
    assert not result(report, "addressed_to_contact").passed
