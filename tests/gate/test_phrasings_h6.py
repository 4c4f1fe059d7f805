"""Kinds of phrasing the sixth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) after the sixth pass's first measure,
one table per kind of reading failure rather than per record, each with both sides:
- colleague_offer: a talk with someone other than the contact, offered if their time is short
  or as just as welcome, whoever that someone is (whoever runs a thing, one of the
  instructors, their financial controller); an introduction to whoever hires is no offer,
  and it is a job ask;
- addressed_to_contact: "Respected Dr. Rao Sir," greets by name, as Indian English does;
- time_ask: a duration that tells of their work ("a three-hour interview cut to nine
  minutes") beside a plain ask; the ask put as "whether you could grant me half an hour";
- preview_questions: topics numbered in words ("First, how…; second, what…"); "what it's
  like …", "your journey building …" and "which part of the work you enjoy" restate the ask;
- specific_reason: a career move with adverbs ("made almost exactly that move, from A to
  B"), the person behind a piece of work ("lists you as the planner behind the pilot"), a
  story of theirs, "you won't mind" read as a deed, a tie named by what it is for ("for the
  report I'm writing"), a field the hook got the requester into; grounded: short forms of
  the fact's words (sim, grads, RNs), a former role in the contact's title, an agency's
  initials (HHS for the Department of Health and Human Services).
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check

# --- colleague_offer: someone else, if their time is short ---------------------------------

_EXECUTIVE = GateContext(
    contact=ContactProfile(name="Ana Ortiz", title="Chief Operating Officer", seniority="executive")
)


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("If your week is tight, I'd be just as grateful to talk with whoever schedules the crews.", True),
        ("If you're stretched, I'd be as happy to speak with one of the trainers or a past trainee.", True),
        ("Should your diary not allow it, a word with your plant controller would be equally welcome.", True),
        ("If the calendar won't allow, I'd gladly speak with one of your R&D managers instead.", True),
        ("Should time be short, a call with the person who runs intake would be just as useful.", True),
        # no one else: their own time, the call itself, or a job
        ("If your week is tight, I'd be just as grateful to talk with you in March.", False),
        ("If that suits you, I'd keep it to a call with a hard stop at 20 minutes.", False),
        ("If you're too busy, could you introduce me to whoever does the hiring on your team?", False),
    ],
)  # fmt: skip
def test_a_talk_with_someone_else_if_their_time_is_short(sentence: str, passed: bool) -> None:
    check = run_check(letter(ASK, sentence), "colleague_offer", context=_EXECUTIVE)
    assert check.passed is passed, check.message


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("If you're busy, could you introduce me to whoever does the hiring for your unit?", False),
        ("Could you introduce me to the person who handles recruiting at the depot?", False),
        ("I'd like to ask how whoever does the hiring on your team reads a portfolio.", True),
    ],
)
def test_an_introduction_to_whoever_hires_is_a_job_ask(sentence: str, passed: bool) -> None:
    check = result(gate(letter(ASK, sentence)), "no_job_ask")
    assert check.passed is passed, check.message


# --- addressed_to_contact: a respectful salutation ------------------------------------------


@pytest.mark.parametrize(
    ("opening", "passed"),
    [
        ("Respected Dr. Rao Sir,", True),
        ("Respected Ms. Iyer,", True),
        ("Esteemed Professor Adeyemi,", True),
        ("Respected Sir,", False),
        ("Respected Sir/Madam,", False),
    ],
)
def test_a_respectful_salutation_greets_by_name(opening: str, passed: bool) -> None:
    text = f"{opening}\n\nI read your paper on canal lining losses.\n\n{ASK}\n\nRavi"
    check = result(gate(text), "addressed_to_contact")
    assert check.passed is passed, check.message


# --- time_ask: which duration is the ask -----------------------------------------------------


@pytest.mark.parametrize(
    ("sentences", "asked"),
    [
        (
            "I heard you describe trimming a two-hour deposition to a ten-minute exhibit. "
            "Could I have 15-20 minutes of your time?",
            (15, 20),
        ),
        (
            "Your crew rebuilt the substation in a 48-hour outage window. Would you spare "
            "20 minutes for a call?",
            (20, 20),
        ),
        ("May I ask whether you could grant me half an hour for a conversation?", (30, 30)),
        ("I wonder whether you might allow me twenty minutes by phone next week.", (20, 20)),
        # the only duration is the ask, however it is put
        ("I'd like to hear how you plan a 90-minute surgery list. Could we talk?", None),
    ],
)
def test_the_duration_that_is_plainly_the_ask(
    sentences: str, asked: tuple[int, int] | None
) -> None:
    check = result(gate(letter(sentences)), "time_ask")
    if asked is None:
        assert not check.passed, check.message
        return
    assert check.passed, check.message
    assert (check.details["minutes_min"], check.details["minutes_max"]) == asked


# --- preview_questions: numbered topics; restatements ---------------------------------------


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        (
            "I have two questions. First, how your crew sequences the cable pulls. Second, "
            "what the foreman checks before energising.",
            2,
        ),
        (
            "What I'd value most is the following: first, the way your unit picks which "
            "wards pilot a change; and second, what audit data you gather afterwards.",
            2,
        ),
        # restatements, however they go on
        ("I'd love to hear what it's like leading the claims team at Orbis now.", 0),
        ("I'd like to hear about your journey building the data team from scratch.", 0),
        ("Could you tell me which part of the work you enjoy most?", 0),
    ],
)
def test_numbered_topics_and_restatements(sentence: str, topics: int) -> None:
    assert_topics(letter(ASK + " " + sentence), topics)


# --- specific_reason, standalone: hooks and ties in these shapes --------------------------


@pytest.mark.parametrize(
    ("paragraph", "passed"),
    [
        (
            "I've run a rural pharmacy for nine years and want to teach. I gather you made "
            "nearly exactly that move, from hospital pharmacist to a lectureship in pharmacy "
            "practice.",
            True,
        ),
        (
            "The council's site lists you as the engineer behind the Mill Lane flood barrier, "
            "and our village group is drafting a case for one on the Brook.",
            True,
        ),
        (
            "I read your data story in the Ledger on late bus arrivals in Eastfield; our "
            "newsroom is building the same kind of tracker for the tram.",
            True,
        ),
        (
            "I heard your teacher-to-UX story on the Design Shift podcast. I'm a maths "
            "teacher planning the same move.",
            True,
        ),
        (
            "Your remarks on the Hartley panel about rural broadband vouchers were the clearest "
            "account I've found for the policy brief I'm writing.",
            True,
        ),
        # a connection only: "you won't mind" is nothing they did
        (
            "As a fellow Carrow High alum (and a former debate captain, like you!), I hope you "
            "won't mind a note out of the blue. I'm a paralegal applying to law school.",
            False,
        ),
        # what they did, and nothing of the requester's
        (
            "Your remarks on the Hartley panel about rural broadband vouchers were the "
            "clearest account I've heard.",
            False,
        ),
    ],
)
def test_reasons_in_these_shapes(paragraph: str, passed: bool) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason")
    assert check.passed is passed, check.message


def test_a_field_the_hook_got_the_requester_into_is_a_tie() -> None:
    context = grounded_context(
        "Brand Lead",
        "Ran the Instagram campaign for Fenwick Tea's cold brew launch",
        name="Leo Brandt",
        organization="Fenwick Tea",
    )
    told = "your Fenwick cold brew Instagram run got me into brand work (now at an agency)."
    check = result(gate(letter("Hi! " + told, ASK), context=context), "specific_reason")
    assert check.passed, check.message
    bare = "your Fenwick cold brew Instagram run was fun to watch."
    check = result(gate(letter("Hi! " + bare, ASK), context=context), "specific_reason")
    assert not check.passed, check.message


# --- specific_reason, grounded: the fact in other words ------------------------------------


def test_short_forms_of_the_facts_words_ground_it() -> None:
    context = grounded_context(
        "Director of Nursing Education",
        "Created a simulation-based orientation for new graduate nurses",
        name="Mae Dunn",
        seniority="senior",
    )
    text = letter(
        "Your sim-based orientation for new grad RNs is the model for my DNP project.", ASK
    )
    check = result(gate(text, context=context), "specific_reason")
    assert check.passed, check.message
    assert check.details["fact_index"] == 0


def test_a_former_role_in_the_title_and_an_agencys_initials_ground_a_fact() -> None:
    context = grounded_context(
        "Lecturer; former Deputy Director for Trade, DBT",
        "Served as Deputy Director for Trade at the Department for Business and Trade",
        name="Ruth Kell",
        seniority="senior",
    )
    text = letter(
        "You were DBT's deputy director for trade. I draft export guidance for a chamber of "
        "commerce, so I'd like to understand how the department weighs it.",
        ASK,
    )
    check = result(gate(text, context=context), "specific_reason")
    assert check.passed, check.message
    # A title that is only the role held now still keeps its words out of the hook.
    now = ContactProfile(name="Ruth Kell", title="Deputy Director for Trade", seniority="senior")
    plain = GateContext(contact=now, facts=context.facts)
    check = result(
        gate(letter("You are a deputy director for trade.", ASK), context=plain), "specific_reason"
    )
    assert not check.passed, check.message
