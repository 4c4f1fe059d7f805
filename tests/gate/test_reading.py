"""preview_questions and specific_reason read a message as a careful person does.

Each case comes from issue 12 or the rubric (shared docs, GATE_RUBRIC.md): what counts as a
topic, what counts as a hook about the contact, and what counts as a tie to the requester.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext, RequesterProfile, ResearchFact
from tests.gate.helpers import assert_topics, gate, result, run_check

_ASK = "Would you have 20 minutes for a call next week?"


@pytest.mark.parametrize(
    "sentence",
    [
        "For years I've been drawn to product design.",
        "I've built bots and web apps in Python, SQL and Tableau.",
        "I realise how busy you must be.",
        "I'd love to hear about your career and what you do.",
        "I heard your talk on deprescribing, which is what drew me to the field.",
        "I'd be grateful for any advice or tips on breaking into the industry.",
        "I'd love to pick your brain and ask a few questions.",
        "I'd love to learn more about what it's like at Monzo.",
        "Are there any openings in your office, and would I be a good fit there?",
        # routing, scheduling, narration, learning *from* people, and restatements
        "If you aren't the right person, could you forward me to someone who is?",
        "How does Thursday at 10am sound?",
        "What day works best for you?",
        "My manager and I were talking about supply-chain finance last week.",
        "I'm trying to learn from people who have made this move.",
        "I'd love to hear what you've learned along the way.",
        "I'd like to learn more about what you're building.",
        "Could you share any advice for a recent graduate?",
        "I'd like to learn about the fintech scene in general.",
    ],
)
def test_sentences_that_ask_nothing_concrete_are_no_topics(sentence: str) -> None:
    assert_topics(f"Hi Ana,\n\n{_ASK} {sentence}\n\nJo", 0)


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        ("I'd love to hear how you moved from bedside nursing into informatics.", 1),
        (
            "I'd like to ask how you trained volunteers and how you tracked progress between "
            "terms.",
            2,
        ),
        ("In particular: how you debrief a scenario that went badly.", 1),
        ("I'd appreciate hearing what you look for in a new analyst.", 1),
        ("I'm especially interested in your alarm thresholds and your picker training.", 2),
        ("I have two questions: how you chose alarm thresholds, and how you onboard pickers.", 2),
        ("Specifically: (1) how you won over the nurses, and (2) what the error rate was.", 2),
        ("I'm trying to figure out how to set alarm thresholds for frozen goods.", 1),
        ("I'd like to learn about your background and the company culture.", 0),
        ("I'd love to pick your brain and hear your thoughts on the future of the industry.", 0),
        ("I'm curious what you enjoy most about your job.", 0),
        ("I'd ask mainly about freezer alarm thresholds and seasonal hiring.", 2),
        ("I'd like to ask how you balance clinical work and family.", 1),
        ("I'd value 20 minutes to discuss your approach to alarm thresholds.", 1),
        ("I'm hoping you could tell me about your alarm rules and the training you give.", 2),
        ("Questions I'd bring: Which sensors do you trust? Who gets paged at 3am?", 2),
        (
            "I'd like to ask how you interview for a role like mine, and how you split your "
            "time between the lab and the units.",
            2,
        ),
    ],
)
def test_topic_clauses_count_by_what_they_ask(sentence: str, topics: int) -> None:
    check = assert_topics(f"Hi Ana,\n\n{_ASK} {sentence}\n\nJo", topics)
    # The evidence is the clause that asks, never the ask or the whole paragraph.
    for evidence in check.evidence:
        assert evidence.text in sentence
        assert "20 minutes" not in evidence.text


def test_bullets_count_after_a_question_intro_but_a_skill_list_does_not() -> None:
    questions = (
        "Hi Ana,\n\nThings I'd love to ask:\n- your Epic build queue\n- on-call for analysts\n\nJo"
    )
    skills = "Hi Ana,\n\nWhat I bring:\n- Python and SQL\n- Tableau dashboards\n\nJo"
    assert result(gate(questions), "preview_questions").details["questions"] == 2
    assert result(gate(skills), "preview_questions").details["questions"] == 0


@pytest.mark.parametrize(
    "text",
    [
        # employer name plus "I"
        "Hi Ana, I'm a consultant and I admire the work you do at a big consultancy.",
        # generic praise
        "Hi Ana, as a data analyst I'm impressed by your background and your experience.",
        # field only
        "Hi Ana, I'm a designer moving into research and I love your career in UX.",
        # shared school alone
        "Hi Ana, as a fellow Michigan alum working in marketing, I noticed you also went to Michigan.",
        # referral alone
        "Hi Ana, I'm a paralegal and John Doyle suggested I reach out to you.",
        # empty tie
        "Hi Ana, your talk on alarm fatigue at HIMSS fits what I care about.",
        # a bare role beside the hook
        "Hi Ana, I'm a vet nurse. I read your article on low-stress handling for cats.",
        # a shared field is no tie
        "Hi Ana, I read your article on procurement reform. I work in procurement too.",
        # agreeing with them says nothing about the requester
        "Hi Ana, I read your post about outcome bets and I agree with it completely.",
        # a role with an empty tail
        "Hi Ana, your post on outcome bets was great. I'm a product manager and this fits "
        "what I care about.",
        # fandom is no tie
        "Hi Ana, I'm a huge fan of your LinkedIn posts and I'd love to connect.",
    ],
)
def test_no_specific_reason_without_hook_and_stated_tie(text: str) -> None:
    check = result(gate(text, channel="linkedin_message"), "specific_reason")
    assert not check.passed, check.evidence
    assert check.fix_hint


@pytest.mark.parametrize(
    ("text", "hook"),
    [
        (
            "Hi Ana, I run the returns desk at a regional retailer, and your talk on cutting "
            "reverse-logistics costs is exactly the problem my team is facing.",
            "your talk on cutting reverse-logistics costs",
        ),
        (
            "Hi Ana, I'm considering leaving my agency to work freelance. You made that same "
            "move a few years ago.",
            "You made that same move",
        ),
        (
            "Hi Ana, I noticed that you went from ward manager to workforce planning lead, "
            "which is exactly the move I'd like to make.",
            "I noticed that you went from ward manager to workforce planning lead",
        ),
        (
            "Hi Ana, I heard you on the Nursing Standard podcast talking about agency spend. "
            "As a ward manager I spend half my week trying to cut ours.",
            "I heard you on the Nursing Standard podcast",
        ),
        (
            "Hi Ana, your PyCon talk on typed pandas saved my team weeks of debugging.",
            "your PyCon talk on typed pandas",
        ),
        (
            "Hi Ana, I read your article on bilingual storytime. I'm a children's librarian "
            "in a district where a third of families speak Spanish, and we've never tried it.",
            "your article on bilingual storytime",
        ),
        (
            "Hi Ana, I saw that you've been building the new triage pathway at St Luke's, and "
            "I'm setting up the same kind of pathway at my hospital.",
            "I saw that you've been building the new triage pathway",
        ),
        (
            "Hi Ana, I read about the savings pots redesign in your newsletter; I'm redesigning "
            "the savings screens of a credit-union app right now.",
            "your newsletter",
        ),
        (
            "Hi Ana, could I ask how you went from bedside nursing to informatics? I'm an ICU "
            "nurse hoping to make that move next year.",
            "could I ask how you went from bedside nursing to informatics",
        ),
        (
            "Hi Ana, your decision to leave consulting for a role at the Gates Foundation is "
            "the kind of move I'm considering after four years at McKinsey.",
            "your decision to leave consulting",
        ),
        (
            "Hi Ana, I see that you're the lead author of the 2023 NICE guideline on chronic "
            "pain; I'm a GP trainee and half my clinic is chronic pain.",
            "I see that you're the lead author of the 2023 NICE guideline",
        ),
        (
            "Hi Ana, you helped set up the first community land trust in Bristol, which is "
            "exactly what our residents' group is trying to do in Leeds.",
            "you helped set up the first community land trust in Bristol",
        ),
        (
            "Hi Ana, I read your article on self-rostering in Nursing Times. It made a strong "
            "case. As the manager of a surgical ward, I've been asked to trial self-rostering.",
            "your article on self-rostering",
        ),
        (
            "Hi Ana, we met briefly at the Leeds product meetup in October, where you talked "
            "about killing a feature. I'm a designer moving into product, and that story is "
            "the decision I fear most.",
            "we met briefly at the Leeds product meetup in October",
        ),
    ],
)
def test_standalone_hook_and_tie_pass_with_the_hook_as_evidence(text: str, hook: str) -> None:
    check = run_check(text, "specific_reason", channel="linkedin_message")
    assert check.passed, check.message
    assert check.evidence[0].text.startswith(hook)


_NURSE = RequesterProfile(name="María Gómez", current_role="ICU nurse")
_LEAD = ContactProfile(
    name="Ana Pérez", title="Director of Clinical Informatics", organization="Mercy Health"
)
_FHIR = ResearchFact(
    text="Led the migration of the hospital's lab results interface to HL7 FHIR in 2025",
    about="person",
)


@pytest.mark.parametrize(
    "reason",
    [
        "your group's move of the lab reports onto FHIR last spring is exactly what our unit "
        "is about to go through",
        "your group's move of the lab reports onto Fast Healthcare Interoperability Resources "
        "is exactly what our unit is about to go through",
    ],
)
def test_grounded_hook_matches_a_fact_by_meaning(reason: str) -> None:
    context = GateContext(requester=_NURSE, contact=_LEAD, facts=[_FHIR])
    text = f"Hi Ana,\n\nI'm an ICU nurse, and {reason}.\n\n{_ASK}\n\nMaría"
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert check.details["fact_index"] == 0
    assert [e.fact_index for e in check.evidence if e.source == "fact"] == [0]


def test_a_shortened_name_grounds_on_the_full_one() -> None:
    fact = ResearchFact(
        text="Previously worked as a detective in the Metropolitan Police's fraud squad",
        about="person",
    )
    analyst = ContactProfile(name="Ana Pérez", title="Head of Fraud Operations")
    context = GateContext(requester=_NURSE, contact=analyst, facts=[fact])
    text = (
        "Hi Ana,\n\nYou went from the Met's fraud squad into banking, which is the route I'm "
        f"hoping to take the other way round.\n\n{_ASK}\n\nMaría"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_fact_named_only_in_the_questions_does_not_ground() -> None:
    context = GateContext(requester=_NURSE, contact=_LEAD, facts=[_FHIR])
    text = (
        "Hi Ana,\n\nI'm an ICU nurse moving into informatics.\n\n"
        f"{_ASK} I'd like to ask how you ran the FHIR migration of the lab results interface, "
        "and what broke first.\n\nMaría"
    )
    check = result(gate(text, context=context), "specific_reason")
    assert not check.passed
    assert "nothing from the research" in check.message


def test_no_title_fallback_when_facts_exist() -> None:
    context = GateContext(requester=_NURSE, contact=_LEAD, facts=[_FHIR])
    text = (
        "Hi Ana,\n\nI'm an ICU nurse, and your work as Director of Clinical Informatics is "
        f"exactly the path I want.\n\n{_ASK}\n\nMaría"
    )
    assert not result(gate(text, context=context), "specific_reason").passed
