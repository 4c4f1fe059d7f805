"""Kinds of phrasing the fifty-fifth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifty-fifth pass's first measure:
- no_job_ask: referrals a practice takes ("our clinic starts taking referrals in June",
  "anaesthetic referrals") ask for no job; "could you intro me to the hiring mgr" and "if
  you think I'd suit the firm" do;
- preview_questions: lines of an unmarked list that name a topic without a question word
  count; "what you did about the cycle path" is a topic ("path" is no career path there); a
  sentence that opens "Hearing how your team…" and says what it made the requester do asks
  nothing; a question someone else asks, quoted at the end of a sentence that tells, is no
  question; "What I'd ask: A, and how B" names two; "…ask you too, Dr. Lee." names no one
  more; "into CSCS and SMSTS" is one thing;
- specific_reason: "Surveyor here, looking hard at planning." is the requester told before
  "You made exactly that jump"; "- Who: …" over "- Why you: …" ties; "it resonated with me
  and with what I care about in housing" is an empty tie; "I've long admired your
  leadership at Harlow Homes" is praise;
- no_placeholders: a long bracketed slot with a dash and a question mark inside;
- addressed_to_contact: a greeting that opens a later sentence ("…, greeting second. Hello
  Ms. Varga!").
"""

from __future__ import annotations

import pytest

from service.gate.models import GateContext
from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


@pytest.mark.parametrize(
    "sentence",
    [
        "Your webinar on chemotherapy for dogs came at the right time: our clinic starts taking "
        "referrals in June.",
        "Could we talk about anaesthetic referrals and follow-up calls?",
    ],
)
def test_referrals_a_practice_takes_are_no_job_ask(sentence: str) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "Or could you intro me to the hiring mgr for the estimator post?",
        "And if you think I'd suit the firm, would you say so to the partners?",
    ],
)
def test_an_intro_to_hiring_or_suiting_the_firm_is_a_job_ask(sentence: str) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert not check.passed, check.message


def test_unmarked_lines_that_name_their_topic() -> None:
    text = letter(
        "Would 20 minutes on the phone work for you? Things I'd ask:\n"
        "turbidity sensors vs grab samples for the outfall\n"
        "how you set the trigger levels\n"
        "who signs off a closure at the weekend"
    )
    assert_topics(text, 3)


def test_a_path_to_walk_on_is_a_topic() -> None:
    text = letter(
        ASK + " I'd like to ask how wide the boardwalk ended up and what you did about the "
        "cycle path."
    )
    assert_topics(text, 2)


def test_hearing_how_they_did_it_made_me_is_no_topic() -> None:
    text = letter(
        "Hearing how your crew poured the podium slab in one night made me realise site "
        "logistics is the job I want.",
        PLANNED,
    )
    assert_topics(text, 2)


def test_a_question_quoted_in_a_sentence_that_tells_is_none() -> None:
    text = letter(
        "We vote on the scheme in March, and your 81% turnout is the number the tenants "
        'quote at me, always followed by "so what did they do differently?"',
        PLANNED,
    )
    assert_topics(text, 2)


def test_a_labelled_item_that_names_two_topics() -> None:
    text = letter(
        "- Ask: a 20-minute call.\n"
        "- What I'd ask: the payback period on the new kiln, and how long your glazers took "
        "to learn it."
    )
    assert_topics(text, 2)


def test_the_contact_named_after_asking_is_no_topic() -> None:
    text = letter(
        "How long is a typical clinic list? Those are the questions I put to every "
        "orthoptist I meet, and I'd love to ask you too, Dr. Lee. " + ASK
    )
    assert_topics(text, 1)


def test_two_names_of_one_thing_are_one_topic() -> None:
    text = letter(ASK + " I'd like to hear how you converted your navy tickets into CSCS and NVQ.")
    assert_topics(text, 1)


def _moved(*facts: str) -> GateContext:
    return grounded_context(
        "Planning Manager", *facts, name="Ruth Okoro", organization="Harlow Homes"
    )


def test_told_before_that_jump() -> None:
    text = (
        "Ruth, building surveyor here, looking hard at planning. You made exactly that jump "
        "in 2021. 20 min call? Keen to ask how you got the RTPI points and what you read "
        "first. Sam"
    )
    context = _moved("Moved from building surveying into planning at Harlow Homes in 2021")
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_who_over_why_you() -> None:
    text = (
        "Dr Okoro,\n\n"
        "- Who: practice manager, two-site GP surgery, about to choose a triage system.\n"
        "- Why you: you brought online triage into nine of Harlow's surgeries.\n"
        "- Ask: a 15-minute call.\n"
        "- What I'd ask: how you trained reception, and what patients complained about "
        "first.\n\n"
        "Thanks,\nSam"
    )
    context = _moved("Introduced online triage across nine of the group's surgeries")
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_what_i_care_about_is_an_empty_tie() -> None:
    text = letter(
        "I read your piece on the Mill Lane scheme, where your team kept the terraces and "
        "added a storey instead of clearing the site. It really resonated with me and with "
        "what I care about in housing.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_admired_leadership_is_praise() -> None:
    text = letter(
        "I'm a graduate planner in Leeds, and I've long admired your leadership at Harlow "
        "Homes and how much the company has built across Yorkshire.",
        PLANNED,
    )
    context = GateContext(
        contact=grounded_context("Managing Director", "x").contact,
        facts=[
            {"text": "Harlow Homes builds about 900 homes a year across Yorkshire.",
             "about": "organization"}
        ],
    )  # fmt: skip
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_a_long_slot_with_punctuation_inside() -> None:
    text = letter("I saw [something about her work - podcast/article?] and it stuck with me.", ASK)
    check = run_check(text, "no_placeholders")
    assert not check.passed, check.message


def test_a_greeting_that_opens_a_later_sentence() -> None:
    text = (
        "How do you price a retrofit survey? And do you use drones for the roofs?\n\n"
        "Sorry, questions first, greeting second. Hello Ms. Varga! I'm a surveyor in Pécs. "
        + ASK
        + "\n\nTomas"
    )
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message
