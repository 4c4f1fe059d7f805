"""More ways people write the hook, the tie, the topics and the time.

Written from the rubric (shared docs, GATE_RUBRIC.md) for kinds of phrasing the gate did not
understand: things a contact did said in other words (a prior shadowing, "you're the person
behind", "the restoration your firm did"), goals as ties ("is the reason I'm retraining"),
two things asked under one "how you", a list of topics after a colon, and durations that
describe something else. Each table holds both sides, so a check cannot pass by saying yes
(or no) to everything. Offers and job asks in other words are in test_phrasings.py.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext, RequesterProfile, ResearchFact
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check

_HOOKS_WITH_TIES = [
    # a prior meeting in other words
    (
        "You showed me round the cath lab during my placement in May, and I'm now deciding "
        "whether to specialise in cardiology nursing.",
        "You showed me",
    ),
    (
        "I shadowed in your surgery during my work-experience week last spring, and it is "
        "why I'm now applying to study veterinary medicine.",
        "I shadowed in your surgery",
    ),
    # the person behind a piece of work
    (
        "You're the person behind the open data portal for school budgets, and I'm building "
        "a parents' guide to our district's spending.",
        "You're the person behind",
    ),
    # what their team or studio did, object first
    (
        "The restoration your firm did on the Hollis Street library is the reason I'm "
        "retraining in conservation carpentry.",
        "The restoration your firm did",
    ),
    # what they said somewhere concrete, with a goal as the tie
    (
        "What you said on the Lean Summit panel about value-stream mapping is what I want to "
        "try on our packing line.",
        "What you said on the Lean Summit panel",
    ),
    # a thing they made and shared
    (
        "Your Notion template for grant reporting is the one our charity adopted; I'm the "
        "finance officer who fills it in every quarter.",
        "Your Notion template for grant reporting",
    ),
    # their group's work named by what it does
    (
        "Your team's work digitising paper consent forms is the same job I've been handed at "
        "our clinic.",
        "Your team's work digitising paper consent forms",
    ),
    # a chapter of theirs
    (
        "I read your chapter in the Oxford Handbook of Refugee Studies on cash transfers in "
        "Kakuma. As a programme officer designing a cash pilot, I face the same questions.",
        "your chapter in the Oxford Handbook",
    ),
    # the task the requester faces, told just before the hook
    (
        "Our charity has kept its donor records in spreadsheets for years and I've been asked "
        "to pick a CRM. I noticed you led the Salesforce rollout at the Trussell Trust.",
        "you led the Salesforce rollout",
    ),
    # the hook's noun taken up again in the next sentence
    (
        "I read your guide to community fridges in Leeds. My tenants' association wants to "
        "set up one of our own this winter and I'm organising it.",
        "your guide to community fridges in Leeds",
    ),
]
_NO_REASON = [
    # "as you said" is no piece of their work
    "As you said, teamwork matters more than anything else. I'm a graduate.",
    # praise of the person behind their work, with an empty tie
    "You're the person behind so much great work, and I'm a big fan.",
    # courtesy about their convenience is no work of theirs
    "At your convenience for a short call about your career path, I'm a student.",
    # the studio alone, and interest in the field
    "I've admired your studio for years and I'm passionate about design.",
    # a goal with nothing about them
    "Design is why I want to work in this industry.",
    # their work named by a vague doing, with fandom as the tie
    "I love your work helping people, and I'm passionate about it too.",
    # a bio, not a task, before the hook
    "I'm a graduate with an economics degree from Leeds. I saw your post on inflation targeting.",
    # a prior meeting told by the requester, with an empty tie
    "I worked with you briefly years ago. I'm a designer and would love to learn about your "
    "career.",
    # what they learned, asked about, is no deed of theirs
    "I'd love to hear how you got started and what you've learned at the bank. I'm a student.",
]


@pytest.mark.parametrize(("text", "hook"), _HOOKS_WITH_TIES)
def test_hooks_said_in_other_words_pass_with_the_hook_as_evidence(text: str, hook: str) -> None:
    check = run_check(letter(text, ASK), "specific_reason")
    assert check.passed, check.message
    assert hook in check.evidence[0].text


@pytest.mark.parametrize("text", _NO_REASON)
def test_lazy_reasons_still_fail(text: str) -> None:
    check = result(gate(letter(text, ASK)), "specific_reason")
    assert not check.passed, check.evidence


def test_a_fact_named_at_the_start_of_a_sentence_grounds() -> None:
    context = grounded_context(
        "Staff Engineer",
        "Wrote the Kestrel guide to offline-first sync",
        name="Ana Lee",
        organization="Acme",
        requester_role="Mobile developer",
    )
    text = (
        "Hi Ana,\n\nKestrel's offline-first sync guide is the design our field app now "
        f"follows, and I lead mobile at a water utility.\n\n{ASK}\n\nJo"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert check.evidence[0].text.startswith("Kestrel's offline-first sync guide")


_PLANNER = GateContext(
    requester=RequesterProfile(name="Jo Park", current_role="Transport planner"),
    contact=ContactProfile(name="Ana Lee", title="Deputy Director", organization="City Transit"),
    facts=[
        ResearchFact(text="Runs the city's protected cycle lane programme", about="role"),
        ResearchFact(text="Gave evidence to the council on bus lane cameras", about="person"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        # their role restated as the hook, a field as the tie and an empty "I thought…"
        "Since you run the cycle lane programme and I work in transport planning, I thought "
        "you'd be the right person to ask.",
        # the ask restated around their practice
        "Could I have some of your time to learn about your practice and your career path? "
        "I'm a planner.",
    ],
)
def test_a_grounded_hook_beside_a_field_and_an_empty_phrase_is_no_reason(text: str) -> None:
    check = result(gate(letter(text, ASK), context=_PLANNER), "specific_reason")
    assert not check.passed, check.evidence


def test_the_ask_for_the_meeting_is_no_tie() -> None:
    context = grounded_context(
        "Principal Engineer",
        "Published a paper on streaming joins at Strata 2024",
        name="Ana Lee",
        requester_role="Data engineer",
    )
    text = (
        "Hi Ana,\n\nI'm a data engineer. I read your Strata paper on streaming joins. Could we "
        "talk for 20 minutes about streaming joins?\n\nJo"
    )
    check = result(gate(text, context=context), "specific_reason")
    assert not check.passed, check.evidence


def test_a_career_move_paraphrased_grounds_and_a_precedent_to_ours_ties() -> None:
    context = grounded_context(
        "Head of Product",
        "Previously a primary school teacher for ten years",
        "Led the design of the Riverside flood barrier",
        name="Ana Lee",
        organization="Lexi",
        requester_role="Engineer",
    )
    for reason, fact_index in (
        ("Your switch from the primary classroom to product is the move I'm trying to make.", 0),
        (
            "I'm a graduate engineer on a flood scheme in Hull. Your design of the Riverside "
            "barrier is the closest precedent to ours, especially the demountable sections.",
            1,
        ),
    ):
        check = run_check(letter(reason, ASK), "specific_reason", context=context)
        assert check.passed, check.message
        assert check.details["fact_index"] == fact_index


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        ("Could I ask how you priced the first contracts and hired your first engineer?", 2),
        ("I'd love to hear how your team triages alerts and rotates the on-call.", 2),
        ("I'd like to ask how you versioned the schemas and got analysts on board.", 2),
        (
            "The thing I'm most curious about is how your lab validates antibodies, and I'd "
            "also like to hear what a new technician does in the first month.",
            2,
        ),
        ("Two questions for the call: vendor selection, and the rollout schedule.", 2),
        (
            "I would ask: which certificate is needed first, and how long until an apprentice "
            "works alone on an installation.",
            2,
        ),
        ("Could we talk about how you price contracts and how you hire the first seller?", 2),
        ("What time of day do your pickers make most errors, and how do you plan breaks?", 2),
        ("Which skills matter most for a new ICU nurse, and how is the first month set up?", 2),
        # one thing done to two nouns, and the ask restated, stay as they were
        ("I'd like to ask how you balance cost and quality.", 1),
        ("I'd love to hear how you got started and what you do.", 0),
        ("A few questions for the call: anything, really.", 0),
    ],
)
def test_topics_written_as_two_things_done_or_a_list(sentence: str, topics: int) -> None:
    check = assert_topics(letter(f"{ASK} {sentence}"), topics)
    for evidence in check.evidence:
        assert evidence.text in sentence


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Our night-shift handovers take 45 minutes. Could we talk for 20 minutes?", 20),
        ("It would only take 15 minutes of your time, if you could talk this month.", 15),
        (
            "I'd ask what the first 72 hours of an outage look like. Could we talk for 20 minutes?",
            20,
        ),
        ("The call would take 15 minutes at most.", 15),
        ("Could we talk? I promise to keep it under 20 minutes.", 20),
        ("Each handover takes about 30 minutes. Could we talk for 15 minutes?", 15),
    ],
)
def test_durations_that_describe_something_else_are_not_the_ask(text: str, minutes: int) -> None:
    check = result(gate(letter(text)), "time_ask")
    assert check.passed, check.message
    assert check.details["minutes_max"] == minutes


def test_a_duration_something_takes_is_no_time_ask() -> None:
    check = result(
        gate("Hi Ana,\n\nMy builds take 40 minutes; could we find a time?\n\nJo"), "time_ask"
    )
    assert not check.passed
    assert "minutes" not in check.details
