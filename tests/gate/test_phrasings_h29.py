"""Kinds of phrasing the twenty-ninth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twenty-ninth pass's first measure:
- texting shorthand ("saw ur talk", "could u spare 15 min", "we r stuck", "im a nurse") is
  read as a careful reader reads it, and the evidence still points at the words as written;
  a connection note's characters are still counted as sent;
- an emoji used as a full stop ends a sentence ("…like 30% 😭 would u be free…");
- a run-on message's evidence is the comma-bounded part that decided, not the whole message;
- specific_reason: "your replication of…", "your 2,000-student study"; "something similar"
  two sentences on, past a remark, ties the requester's own task to the hook;
- greetings as people type them ("hii Ana", "ahlan", "marhaba", "Salam / bonjour Mme X"),
  and a greeting with no name no longer swallows its line ("hola, your guide on…");
- a run-on that opens with a courtesy ("hope ur well im jo … wanted to ask…") goes on to ask.
"""

from __future__ import annotations

import pytest

from service.gate import run_gate
from service.gate.text import expand_shorthand
from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, result, run_check

NOTE = (
    "hi Ana, saw ur talk on moving ur clinic's rota to self-scheduling, we r stuck on exactly "
    "that (im the ward manager). could u spare 15 min? how u handled nights + who signs off"
)


def test_shorthand_is_read_as_a_reader_reads_it() -> None:
    report = run_gate(NOTE, channel="linkedin_message")
    for check_id in ("specific_reason", "time_ask", "preview_questions"):
        check = result(report, check_id)
        assert check.passed, (check_id, check)


def test_evidence_points_at_the_shorthand_as_written() -> None:
    check = run_check(NOTE, "specific_reason", channel="linkedin_message")
    assert check.passed, check.message
    assert "ur talk" in check.evidence[0].text
    topics = run_check(NOTE, "preview_questions", channel="linkedin_message")
    assert [e.text for e in topics.evidence] == ["how u handled nights", "who signs off"]


def test_a_connection_note_is_counted_as_sent() -> None:
    note = (
        "hi Ana, saw ur talk on ur rota app, u r so right abt nights. im a ward mgr w/ the same "
        "mess, ur tips would help. could u spare 15 min? how u staff nights + who signs off "
        "swaps. thx so much, Jo"
    )
    expanded = expand_shorthand(note)
    assert expanded is not None
    assert len(note) <= 200 < len(expanded.text)
    check = run_check(note, "channel_length", channel="linkedin_connection_note")
    assert check.passed, check.message


def test_capitals_and_letters_stay_as_written() -> None:
    assert expand_shorthand("I lead R&D at a U of T spin-out; IM me, my ID is r2.") is None
    expanded = expand_shorthand("Ur post: r u free?")
    assert expanded is not None
    assert expanded.text == "Your post: are you free?"


def test_an_emoji_as_a_full_stop() -> None:
    text = (
        "hi Ana 😊 read ur post on how ur team cut failed card payments at a gym chain, im a PM "
        "at a yoga studio app and our failures are like 30% 😭 would u be free for 15 mins next "
        "week? id ask how u timed the retries and how u worded the reminder emails"
    )
    check = run_check(text, "specific_reason", channel="linkedin_message")
    assert check.passed, check.message


def test_a_run_on_message_points_at_the_part_that_decided() -> None:
    context = grounded_context(
        "Owner",
        "Moved from gas engineer to running a heat-pump-only installation firm",
        seniority="senior",
    )
    text = (
        "hiya ana hope ur well im jo a 2nd year electrical apprentice in leeds and everyone on "
        "site says heat pumps are where the work is going, saw u went from gas engineer to "
        "running a heat pump only firm which is pretty much what i want to do long term so "
        "wondered if u had 15 mins for a call sometime, wanted to ask which quals matter and "
        "how ur installers learnt the plumbing side, if ur too busy i could speak to one of ur "
        "installers instead if thats easier for everyone on the team thanks a lot for ur time"
    )
    report = run_gate(text, channel="linkedin_message", context=context)
    for check_id in ("specific_reason", "colleague_offer"):
        check = result(report, check_id)
        assert check.passed, (check_id, check)
        assert len(check.evidence[0].text) <= 300, check.evidence[0].text


def test_a_replication_is_their_work() -> None:
    text = letter(
        "Your 1,200-patient replication of the early-mobility trial is the basis of my thesis.",
        ASK + " I'd ask how you chose the sites and how you blinded the assessors.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_something_similar_two_sentences_on() -> None:
    text = letter(
        "At the conference you told me your library had put its old maps online for volunteers "
        "to tag. I keep thinking about it.",
        "My county library has just been asked to propose something similar for our photo "
        "archive, and I'm drafting it.",
        ASK + " I'd ask how you checked the tags and how you found volunteers.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message
    assert_topics(text, 2)


def test_two_greetings_one_name() -> None:
    text = (
        "Salam / bonjour Mme Haddad, j'espère que vous allez bien. I read your guide on cold-chain "
        "audits for dairy co-ops, and our co-op fails exactly those audits. Would you have 15 "
        "minutes? I'd ask how you log fridge temperatures and how you train drivers."
    )
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message
    assert check.evidence[0].text == "Salam / bonjour Mme Haddad"
    assert run_check(text, "specific_reason").passed


def test_a_greeting_without_a_name_ends_with_its_clause() -> None:
    text = (
        "hey / hola, your guide on cold-chain audits for dairy co-ops is exactly what our co-op "
        "fails on. Would you have 15 minutes? I'd ask how you log fridge temperatures and how "
        "you train drivers."
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message
    assert_topics(text, 2)


def test_a_run_on_that_opens_with_a_courtesy_goes_on_to_ask() -> None:
    text = letter(
        "hope ur well im jo a 2nd year plumbing apprentice in leeds and everyone on site says "
        "heat pumps are where the work is going so wondered if u had 15 mins for a call "
        "sometime, wanted to ask which quals matter most and how ur installers learnt the "
        "electrical side coming from plumbing"
    )
    assert_topics(text, 2)


@pytest.mark.parametrize("opener", ["hii Ana 😊", "heyy Ana!", "ahlan Ana,", "marhaba Ana,"])
def test_greetings_as_people_type_them(opener: str) -> None:
    text = f"{opener} read ur post on rota self-scheduling.\n\n{ASK}\n\nJo"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message
