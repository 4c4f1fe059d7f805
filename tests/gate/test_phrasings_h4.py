"""Kinds of phrasing the fourth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) after studying the fourth pass's
false blocks, one table per kind of reading failure rather than per record: a bare name or
a title and name as the salutation, a platform named by its domain, a duration inside a
question the requester will ask, a colleague known by their part in the work, things named
one word each after "I'd ask about", a question put with any verb ("test whether"), an aside
in brackets, a career move told around "before the move" or "that jump from A to B", leaving
one thing for another as a move, a story told before the hook, a tie that points back with
"like yours", and the requester's own job application. Each table holds both sides: the
same shapes used lazily, or to smuggle a link or a job ask, still fail.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check

# --- addressed_to_contact: the salutation without "Hi" --------------------------------------


@pytest.mark.parametrize(
    ("text", "passed"),
    [
        ("Ms. Lindqvist,\n\nWould you have 20 minutes next week?\n\nJo", True),
        ("Priya,\n\nWould you have 20 minutes next week?\n\nJo", True),
        ("Dr. Mensah, would you have 20 minutes next week?\n\nJo", True),
        # the start of a sentence, not a salutation
        ("Framing contractor, 20 years. Would you have 20 minutes?\n\nJo", False),
        ("Team,\n\nWould you have 20 minutes next week?\n\nJo", False),
        ("Everyone,\n\nWould you have 20 minutes next week?\n\nJo", False),
    ],
)
def test_a_name_line_is_a_salutation_without_a_contact(text: str, passed: bool) -> None:
    check = result(gate(text), "addressed_to_contact")
    assert check.passed is passed, check.message


def test_a_name_line_must_still_be_the_contacts_name() -> None:
    context = GateContext(contact=ContactProfile(name="Priya Raman"))
    text = "Marcus,\n\nWould you have 20 minutes next week?\n\nJo"
    assert not result(gate(text, context=context), "addressed_to_contact").passed


# --- no_foreign_links: a platform named by its domain ----------------------------------------


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("I write up my side projects on Dev.to most weekends.", True),
        ("Our staging apps run on Fly.io and the database on Render.com.", True),
        ("Before this I spent two years at Booking.com on the search team.", True),
        # an address handed to the reader, whatever its case
        ("Visit Slotpicker.com to choose a time.", False),
        ("You can book a slot at Slotpicker.com whenever suits.", False),
        ("My portfolio is Jo-builds.com if useful.", False),
        ("Details: Jo-builds.com", False),
        ("see jo-builds.com for my work.", False),
        ("My demo is at Fly.io/jo-demo if you want to try it.", False),
    ],
)
def test_a_platform_named_by_its_domain_is_no_link(sentence: str, passed: bool) -> None:
    check = run_check(letter(sentence), "no_foreign_links")
    assert check.passed is passed, check.message


# --- time_ask: a duration inside the question asked -------------------------------------------


@pytest.mark.parametrize(
    ("sentences", "asked"),
    [
        (
            "Would you have 20 minutes next week? I'd ask how your crew gets a burned slope "
            "reseeded within 72 hours.",
            "20 minutes",
        ),
        (
            "Could we talk for 15 minutes? I'd like to know what you cut when a three-hour "
            "board meeting has to fit into one hour.",
            "15 minutes",
        ),
        ("I was wondering whether you'd have 25 minutes one afternoon.", "25 minutes"),
        ("I'd love to hear how you did it in a 20-minute call.", "20-minute"),
    ],
)
def test_a_duration_inside_a_question_is_not_the_ask(sentences: str, asked: str) -> None:
    text = letter(sentences)
    check = result(gate(text), "time_ask")
    assert check.passed, check.message
    assert [e.text for e in check.evidence] == [asked]


def test_a_question_about_durations_is_no_time_ask() -> None:
    text = letter("I'd like to ask how you cut onboarding from three hours to 40 minutes.")
    assert not result(gate(text), "time_ask").passed


# --- colleague_offer: someone known by their part in the work ---------------------------------

_EXEC = GateContext(contact=ContactProfile(name="Ana Lima", seniority="executive"))


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        (
            "If one of your site leads who was there for the opening has more time, I'd be "
            "just as glad to talk with them.",
            True,
        ),
        (
            "I'd be equally happy to speak with whichever engineer owns the billing service.",
            True,
        ),
        # a job sought, not an alternative to their time
        ("I'd be glad to talk with whichever recruiter handles the opening for the role.", False),
    ],
)
def test_a_colleague_known_by_their_part_in_the_work(sentence: str, passed: bool) -> None:
    text = letter(ASK, sentence)
    check = result(gate(text, context=_EXEC), "colleague_offer")
    assert check.passed is passed, check.message


# --- preview_questions: things named after "I'd ask about", any verb that asks, asides ------


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        ("I'd ask about crop rotation and drip irrigation.", 2),
        ("Two questions, really: pricing and insurance.", 2),
        ("I'd like to ask about mulching and seed saving.", 2),
        # one question however many things it names
        ("I'd like to ask how you juggle night shifts and childcare.", 1),
        # after "learn about", short things joined by "and" stay one topic
        ("I'd love to learn about marketing and sales.", 1),
        (
            "I want to check whether my sprint plan (design, build and review in two weeks) "
            "is realistic, and ask how you estimate testing time.",
            2,
        ),
        ("I'm hoping to see whether the audit checklist you published fits a small clinic.", 1),
        ("I'd like to ask which licences (CDL-A?) mattered most, and how you found a mentor.", 2),
    ],
)
def test_things_named_for_asking_count_one_each(sentence: str, topics: int) -> None:
    assert_topics(letter(ASK, sentence), topics)


# --- specific_reason: career moves, a story before the hook, ties that point back ----------


@pytest.mark.parametrize(
    ("paragraph", "hook"),
    [
        # a move told around "before the switch" and "that leap from A to B"
        (
            "Before the switch you spent a decade running night production at a bakery, and "
            "that leap from baking to food-safety auditing is the one I'm planning.",
            "Before the switch you spent a decade running night production at a bakery",
        ),
        # the requester's story told before the hook, the hook sentence carrying it on
        (
            "I maintain the Terraform modules for our hospital's cloud accounts. Last spring "
            "one module change deleted a production bucket. After that I found your talk on "
            "testing Terraform modules, and I've rewatched it twice.",
            "your talk on testing Terraform modules",
        ),
        # a tie that points back with "like yours"
        (
            "Your documentary on the closing of the Ravenscraig steelworks is why I'm writing. "
            "I've been recording interviews with retired steelworkers in my town and I'd like "
            "to shape them into a film like yours.",
            "Your documentary on the closing of the Ravenscraig steelworks",
        ),
    ],
)
def test_reasons_told_in_these_shapes_pass(paragraph: str, hook: str) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason")
    assert check.passed, check.message
    assert check.evidence[0].text.startswith(hook), check.evidence[0].text


@pytest.mark.parametrize(
    "paragraph",
    [
        # the requester's own move, not theirs
        "I'm planning the move from teaching into UX, and I'd welcome your advice.",
        # a story that is not about the hook's subject, and a bare role
        "I'm a student at Leeds. Last spring the weather was awful. After that I found your "
        "talk on testing Terraform modules.",
        # "like yours" with nothing about the requester
        "Your documentary on the Ravenscraig steelworks was moving. I'd love a career like yours.",
    ],
)
def test_lazy_reasons_in_the_same_shapes_fail(paragraph: str) -> None:
    check = result(gate(letter(paragraph, ASK)), "specific_reason")
    assert not check.passed, check.message


def test_leaving_one_thing_for_another_grounds_a_move() -> None:
    context = grounded_context(
        "Staff Attorney", "Moved from corporate law to a legal aid clinic in 2019", name="Ana Lima"
    )
    text = letter(
        "You left corporate law for a legal aid clinic six years ago, which is exactly the "
        "step I'm weighing in my third year as an associate.",
        ASK,
    )
    check = result(gate(text, context=context), "specific_reason")
    assert check.passed, check.message
    assert check.details["fact_index"] == 0


# --- no_job_ask: the requester's own application ------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("I've applied for a summer job at a ski resort and start in June.", True),
        ("I'd ask what triage or referral rights the nurses on the scheme had.", True),
        ("I applied for the analyst position on your team last week.", False),
        ("I've applied for a role at your firm and would value a referral.", False),
        ("Could you help me with a job or referral?", False),
    ],
)
def test_the_requesters_own_application_is_no_job_ask(sentence: str, passed: bool) -> None:
    check = result(gate(letter(sentence, ASK)), "no_job_ask")
    assert check.passed is passed, check.message
