"""Kinds of phrasing the sixty-fourth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixty-fourth pass's first measure:
- specific_reason: a verdict of a few words on the piece ("Superb read.") stands between the
  hook and the requester's situation, it does not end the reason; a hook likened to the
  requester's own case ("a clinic as small as ours") is tied; "I went to see your
  exhibition twice", "I've followed Norvale for years", "caught my eye" and "It's great to
  see it in schools now" tell how the hook was met, not why it matters; a part of the message
  headed "Why I'm asking:" ties the hook wherever it stands; "I am deeply passionate about the
  meeting of agriculture and climate finance" loves a field and ties nothing, however many
  words name it; in grounded mode, "you started
  in ward pharmacy before you went to Calder" tells the move a fact names, and "the tool you
  put together" is the tool they built;
- time_ask: "20' of your time" asks for twenty minutes, a "20' container" is no duration;
- preview_questions: "10 min for 2 questions - which scanner, how you store the scans?" names
  two; "any advices you have for a new buyer", "whenever you have some time" and "trying to
  figure out where I fit in X" name none; "A coffee in Lyon one day?" asks to meet, no topic;
- no_job_ask: being told "when a trainee position in your team becomes free" and "if you have
  an internship in your lab next summer" ask for a job.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


@pytest.mark.parametrize(
    ("paragraph", "tied"),
    [
        ("Came across your write-up on moving the parish registers to a new catalogue. Superb "
         "read. I've spent six years fixing old databases for a council and want to move into "
         "archives.", True),
        ("Your case study on running a dental practice with two chairs is the reason for these "
         "questions. It's the only one I've read from a clinic as small as ours.", True),
        ("I went to see your exhibition on the canal builders twice, and the ledgers really "
         "stuck with me.", False),
        ("I've followed Norvale for years, and the seed-drill retrofit your team built really "
         "caught my eye. It's great to see it on working farms now.", False),
    ],
)  # fmt: skip
def test_ties_beside_the_hook(paragraph: str, tied: bool) -> None:
    check = run_check(letter(paragraph, PLANNED), "specific_reason")
    assert check.passed is tied, check.message


def test_a_reason_headed_why_i_am_asking() -> None:
    text = letter(
        "The grazing lease you negotiated for the old airfield caught my eye last spring.",
        PLANNED,
        "Why I'm asking: I manage a city farm that has just been offered a closed landfill "
        "site, and we are trying to judge whether sheep could work there.",
    )
    context = grounded_context(
        "Operations Director", "Negotiated a five-year grazing lease on a disused airfield"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("sentence", "fact", "title"),
    [
        ("My tutor told me you also started in ward pharmacy before you went to Calder, and I am "
         "deciding between the hospital and industry myself.",
         "Moved from hospital pharmacy to industry in 2019", "Head of Pharmacy"),
        ("I place cover for market traders, and the rain-triggered policy you put together is the "
         "first product I've seen that my clients could afford.",
         "Built a parametric rain cover for market traders that pays out on rainfall readings",
         "Product Lead"),
    ],
)  # fmt: skip
def test_facts_told_in_other_words(sentence: str, fact: str, title: str) -> None:
    context = grounded_context(title, fact, organization="Calder Group")
    check = run_check(letter(sentence, PLANNED), "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("sentence", "minutes"),
    [
        ("Could you give me 20' of your time next week?", 20),
        ("We load a 20' container every morning. Could we talk sometime?", None),
    ],
)
def test_minutes_as_a_prime(sentence: str, minutes: int | None) -> None:
    check = run_check(letter(sentence), "time_ask")
    assert check.passed is (minutes is not None), check.message
    if minutes is not None:
        assert check.details["minutes_max"] == minutes


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (letter("10 min for 2 questions - which scanner you chose, how you store the scans?"), 2),
        (letter(ASK + " I'd love to hear about your journey, whenever you have some time, and "
                "any advices you have for a new buyer."), 0),
        (letter("I'm finishing a diploma in horticulture and trying to figure out where I fit in "
                "urban farming. " + ASK + " I'd ask how you priced the rooftop beds."), 1),
        (letter("A coffee in Lyon one day? I'd ask how the depot handles returns."), 1),
    ],
)  # fmt: skip
def test_topics(text: str, topics: int) -> None:
    assert_topics(text, topics)


@pytest.mark.parametrize(
    "sentence",
    [
        "I would be glad if you could tell me when a trainee position in your team becomes free.",
        "If you have an internship in your lab next summer, I would be very interested.",
    ],
)
def test_job_asks(sentence: str) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert not check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "I've always been passionate about botany, and this is exactly the kind of work that "
        "speaks to me.",
        "I am writing because I am deeply passionate about the meeting of agriculture and "
        "climate finance.",
    ],
)
def test_a_field_loved_is_no_tie(sentence: str) -> None:
    text = letter(
        "You led the rebuild of the Halden seed vault's cold store in 2023. " + sentence, PLANNED
    )
    context = grounded_context(
        "Director of Collections", "Led the rebuild of the Halden seed vault's cold store in 2023"
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message
