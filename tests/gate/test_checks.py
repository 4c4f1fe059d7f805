"""Per-check behaviour, table-driven: verdicts, hints, evidence offsets and details."""

from __future__ import annotations

import pytest

from service.gate import Channel, ContactProfile, GateContext, RequesterProfile, ResearchFact
from tests.gate.helpers import GOOD_EMAIL, assert_offsets, assert_topics, gate, result, run_check

# --- time_ask ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("Would you have 15-20 minutes for a call?", 15, 20),
        ("Would you have 15–20 min for a call?", 15, 20),
        ("Could we talk for 15 to 20 mins?", 15, 20),
        ("Could we talk for twenty minutes?", 20, 20),
        ("Would you have half an hour to talk?", 30, 30),
        ("Would you be open to a 20-minute call?", 20, 20),
        ("Could you spare a quarter of an hour to chat?", 15, 15),
        ("Would 30 min on Zoom work?", 30, 30),
        ("Would a twenty-five minute call work?", 25, 25),
    ],
)
def test_explicit_time_ask_passes_and_exposes_minutes(sentence: str, low: int, high: int) -> None:
    check = run_check(f"Hi Ana,\n\n{sentence}\n\nJo", "time_ask")
    assert check.passed, check.message
    assert check.details["minutes_min"] == low
    assert check.details["minutes_max"] == high
    assert check.fix_hint is None
    assert check.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "Could you spare a few minutes?",
        "Would you be up for a quick chat?",
        "Could I take some of your time?",
        "Can I buy you a coffee?",
        "Would you be open to a brief call?",
        "Do you have a moment?",
    ],
)
def test_vague_time_ask_fails_with_hint(sentence: str) -> None:
    check = run_check(f"Hi Ana,\n\n{sentence}\n\nJo", "time_ask")
    assert not check.passed
    assert "vague" in check.message
    assert check.fix_hint is not None
    assert "minutes" in check.fix_hint
    assert check.evidence
    assert check.evidence[0].text.lower() in sentence.lower()


@pytest.mark.parametrize(
    "sentence",
    [
        "I spent 20 minutes reading your post. Would you be open to a call?",
        "I live a 30-minute drive away. Could we talk?",
        "I watched your 45-minute keynote twice. Could we talk?",
    ],
)
def test_duration_that_is_not_an_ask_does_not_count(sentence: str) -> None:
    assert not result(gate(f"Hi Ana,\n\n{sentence}\n\nJo"), "time_ask").passed


def test_time_ask_above_maximum_fails_and_hint_asks_for_less() -> None:
    check = result(gate("Hi Ana,\n\nWould you have an hour for a call?\n\nJo"), "time_ask")
    assert not check.passed
    assert check.details["minutes_max"] == 60
    assert check.fix_hint is not None
    assert "less" in check.fix_hint


def test_time_ask_maximum_follows_policy() -> None:
    from service.gate import GatePolicy

    text = "Hi Ana,\n\nWould you have 45 minutes for a call?\n\nJo"
    assert not result(gate(text), "time_ask").passed
    assert result(gate(text, policy=GatePolicy(max_minutes=45)), "time_ask").passed


# --- preview_questions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("How did you move from nursing into informatics? What skills matter on your team?", 2),
        ("Would you have 20 minutes next week? Would you be open to a call?", 0),
        ("How are you? Hope you are well?", 0),
        ("I'm curious how you chose Epic over Cerner. I wonder how you got the CMIO on board.", 2),
        ("Topics:\n- Epic certification costs\n- night-shift informatics roles", 2),
        ("I'd love to learn more about your career and your experience.", 0),
        ("Would you have 20 minutes to talk about how you moved into informatics?", 1),
    ],
)
def test_preview_questions_counts_distinct_concrete_topics(body: str, count: int) -> None:
    check = assert_topics(f"Hi Ana,\n\n{body}\n\nJo", count)
    assert check.passed is (count >= 2)


def test_preview_questions_hint_says_how_many_are_missing() -> None:
    check = result(gate("Hi Ana,\n\nHow did you learn SQL?\n\nJo"), "preview_questions")
    assert not check.passed
    assert check.fix_hint is not None
    assert check.fix_hint.startswith("Add 1 more")


# --- specific_reason ---------------------------------------------------------------------------

_FACTS = [
    ResearchFact(text="Spoke at Big Data LDN 2025 about data contracts", about="person"),
    ResearchFact(
        text="Led the migration of Monzo's payments pipeline to Apache Beam", about="person"
    ),
]
_CONTACT = ContactProfile(name="Ana Souza", title="Staff Data Engineer", organization="Monzo")


def test_grounded_reason_reports_which_fact() -> None:
    text = (
        "Hi Ana,\n\nI'm a retail data analyst learning streaming, and your Beam migration of "
        "the payment pipelines at Monzo is what I'd love to understand.\n\nJo"
    )
    context = GateContext(contact=_CONTACT, facts=_FACTS)
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    facts = [e for e in check.evidence if e.source == "fact"]
    assert [e.fact_index for e in facts] == [1]
    assert facts[0].text == _FACTS[1].text
    assert check.details["mode"] == "grounded"


def test_ungrounded_reference_fails_in_grounded_mode_with_fact_hint() -> None:
    text = "Hi Ana,\n\nI'm a data analyst. Your Kafka Summit keynote was brilliant.\n\nJo"
    check = result(
        gate(text, context=GateContext(contact=_CONTACT, facts=_FACTS)), "specific_reason"
    )
    assert not check.passed
    assert check.fix_hint is not None
    assert "fact #0" in check.fix_hint


@pytest.mark.parametrize(
    "text",
    [
        "Hi Ana, your impressive background is inspiring. I'd love to pick your brain.",
        "Hi Ana, I admire your work and would love to learn more about your career.",
        "Hi Ana, I came across your profile and your experience in the industry is great.",
    ],
)
def test_flattery_is_not_a_reason(text: str) -> None:
    check = result(gate(text, channel="linkedin_message"), "specific_reason")
    assert not check.passed
    assert check.fix_hint


def test_standalone_reason_needs_a_connection_to_the_requester() -> None:
    text = "Hi Ana, I read your article on the Epic migration at Mercy General."
    check = result(gate(text, channel="linkedin_message"), "specific_reason")
    assert not check.passed
    assert "connection" in check.message
    with_me = (
        "Hi Ana, I'm a nurse on a unit that starts its own Epic migration next month, and I "
        "read your article on the Epic migration at Mercy General."
    )
    assert result(gate(with_me, channel="linkedin_message"), "specific_reason").passed
    # A bare role next to the reference says nothing about why it matters to them.
    bare = "Hi Ana, I'm a nurse and I read your article on the Epic migration at Mercy General."
    assert not result(gate(bare, channel="linkedin_message"), "specific_reason").passed


def test_tie_only_in_the_stored_profile_does_not_count() -> None:
    context = GateContext(
        requester=RequesterProfile(
            name="Li Wei", background="thesis on privacy-preserving radiology models"
        ),
        contact=ContactProfile(name="Ana Souza", organization="Owkin"),
    )
    silent = "Hi Ana, your paper on federated radiology models at Owkin is fascinating."
    check = result(gate(silent, channel="linkedin_message", context=context), "specific_reason")
    assert not check.passed
    assert "connection" in check.message
    stated = (
        "Hi Ana, your paper on federated radiology models at Owkin is close to my thesis on "
        "privacy-preserving imaging."
    )
    assert result(
        gate(stated, channel="linkedin_message", context=context), "specific_reason"
    ).passed


# --- colleague_offer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seniority", "offer", "passed", "required"),
    [
        ("executive", True, True, 1),
        ("executive", False, False, 1),
        ("senior", False, False, 1),
        ("mid", False, True, 0),
        (None, False, True, 0),
    ],
)
def test_colleague_offer_required_only_for_senior_contacts(
    seniority: str | None, offer: bool, passed: bool, required: int
) -> None:
    text = "Hi Ana,\n\nWould you have 20 minutes?"
    if offer:
        text += " If you're too busy, perhaps a colleague on your team could talk instead."
    context = GateContext(
        contact=ContactProfile.model_validate({"name": "Ana Souza", "seniority": seniority})
    )
    check = result(gate(text + "\n\nJo", context=context), "colleague_offer")
    assert check.passed is passed
    assert check.details["required"] == required
    if not required:
        assert "not required" in check.message
    if not passed:
        assert check.fix_hint is not None
        assert "team" in check.fix_hint


# --- no_placeholders ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("Hi [Name], hello.", "[Name]"),
        ("Hi Ana, the work at {company} is great.", "{company}"),
        ("Hi {{first_name}}, hello.", "{{first_name}}"),
        ("Hi Ana, I loved <insert article title>.", "<insert article title>"),
        ("Hi Ana, your years at <Company> matter.", "<Company>"),
        ("Hi Ana, you've been there XX years.", "XX"),
        ("Hi Ana, can we meet TBD?", "TBD"),
        ("Hi Ana,\n\nThanks,\n[Your Name]", "[Your Name]"),
        ("Hi Ana, Lorem ipsum dolor sit amet.", "Lorem ipsum"),
    ],
)
def test_placeholders_fail_with_evidence_span(text: str, slot: str) -> None:
    check = run_check(text, "no_placeholders")
    assert not check.passed
    assert slot in [e.text for e in check.evidence]


def test_placeholder_in_subject_points_into_subject() -> None:
    check = run_check("Hi Ana, hello.", "no_placeholders", subject="For [Contact Name]")
    assert not check.passed
    assert check.evidence[0].source == "subject"


# --- addressed_to_contact ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("greeting", "contact", "passed"),
    [
        ("Hi José,", "José Álvarez", True),
        ("Hi Jose,", "José Álvarez", True),
        ("Dear Mr. Alvarez,", "José Álvarez", True),
        ("Hi Dr. Okafor,", "Chidi Okafor", True),
        ("Hi Maria,", "José Álvarez", False),
        ("To whom it may concern,", "José Álvarez", False),
        ("Dear Sir/Madam,", None, False),
        ("Hi there,", None, False),
        ("Hello,", None, False),
        ("Hey Björn!", None, True),
    ],
)
def test_greeting_names_the_contact(greeting: str, contact: str | None, passed: bool) -> None:
    context = GateContext(contact=ContactProfile(name=contact)) if contact else None
    text = f"{greeting}\n\nWould you have 20 minutes?\n\nJo"
    check = run_check(text, "addressed_to_contact", context=context)
    assert check.passed is passed, check.message
    if not passed:
        assert check.fix_hint


@pytest.mark.parametrize(
    ("greeting", "spoken"),
    [
        ("Namaste Ananya ji,", "Namaste Ananya ji"),
        ("Dear Anjali ma'am,", "Dear Anjali ma'am"),
        ("Respected Dr. Kulkarni sahib,", "Respected Dr. Kulkarni sahib"),
    ],
)
def test_a_title_after_the_name_is_part_of_the_greeting(greeting: str, spoken: str) -> None:
    # One list of titles finds the greeting and judges it: a title the judge knows after
    # the name ("ji", "ma'am") belongs to the greeting's words.
    check = run_check(f"{greeting}\n\nWould you have 20 minutes?\n\nJo", "addressed_to_contact")
    assert check.passed, check.message
    assert [e.text for e in check.evidence] == [spoken]


# --- no_job_ask --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("Could you give me a referral?", False),
        ("Please let me know of any openings.", False),
        ("Could you pass my resume along?", False),
        ("Is your team hiring?", False),
        ("I'm not asking for a job, just advice.", True),
        ("What do you look for when hiring juniors?", True),
    ],
)
def test_job_asks_are_flagged_unless_negated(sentence: str, passed: bool) -> None:
    check = run_check(f"Hi Ana,\n\n{sentence}\n\nJo", "no_job_ask")
    assert check.passed is passed
    assert check.severity == "warn"


# --- channel_length ----------------------------------------------------------------------------


@pytest.mark.parametrize(("length", "passed"), [(199, True), (200, True), (201, False)])
def test_connection_note_limit_is_inclusive(length: int, passed: bool) -> None:
    text = ("Hi Ana, " + "x" * 300)[:length]
    check = run_check(text, "channel_length", channel="linkedin_connection_note")
    assert check.passed is passed
    assert check.details["characters"] == length


def test_connection_note_counts_crlf_as_one_character() -> None:
    text = "Hi Ana,\r\n" + "x" * 192  # 201 code points, 200 after normalizing
    assert result(gate(text, channel="linkedin_connection_note"), "channel_length").passed


def test_premium_note_limit_from_policy() -> None:
    from service.gate import GatePolicy

    text = "Hi Ana, " + "x" * 250
    note: Channel = "linkedin_connection_note"
    assert not result(gate(text, channel=note), "channel_length").passed
    policy = GatePolicy(connection_note_limit=300)
    assert result(gate(text, channel=note, policy=policy), "channel_length").passed


def test_word_budget_reports_count_and_overflow_evidence() -> None:
    text = "Hi Ana,\n\n" + " ".join(f"w{i}" for i in range(250))
    check = run_check(text, "channel_length", channel="linkedin_message")
    assert not check.passed
    assert check.details["words"] == 252
    assert check.evidence[0].text.startswith("w198")


def test_long_email_subject_fails() -> None:
    subject = " ".join(["word"] * 13)
    check = result(gate("Hi Ana, hello.", subject=subject), "channel_length")
    assert not check.passed
    assert check.details["subject_words"] == 13


# --- no_foreign_links --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "kind"),
    [
        ("see https://evil.example/x", "URL"),
        ("see example.com/x", "URL"),
        ("see www.x.org", "URL"),
        ("write to someone@else.io", "email address"),
        ("call +1 415 555 0100", "phone number"),
        ("<b>bold</b>", "markup"),
        ("<!-- hidden -->", "markup"),
        ("[site](http://x.example)", "markup"),
        ("zero\u200bwidth", "U+200B"),
        ("bidi \u202eoverride", "U+202E"),
        ("isolate \u2066x\u2069", "U+2066"),
        ("bell \u0007", "U+0007"),
    ],
)
def test_foreign_links_markup_and_hidden_characters_fail(snippet: str, kind: str) -> None:
    check = run_check(f"Hi Ana,\n\n{snippet}\n\nJo", "no_foreign_links")
    assert not check.passed
    assert kind in check.message


def test_links_present_in_the_inputs_are_allowed() -> None:
    context = GateContext(
        facts=[
            ResearchFact(
                text="Wrote about contracts",
                about="person",
                source_url="https://www.Blog.Monzo.com/contracts/",
            )
        ],
        requester=RequesterProfile(name="Jo", email="jo@mail.com"),
    )
    text = "Hi Ana,\n\nYour post blog.monzo.com/contracts was great.\n\nBest,\nJo\njo@mail.com"
    assert result(gate(text, context=context), "no_foreign_links").passed
    tampered = text.replace("/contracts", "/contracts?leak=1")
    assert not result(gate(tampered, context=context), "no_foreign_links").passed


# --- not_generic -------------------------------------------------------------------------------

_TEMPLATE = (
    "Hi {name},\n\nI'm a nurse moving into informatics and I've followed the work your team at "
    "{org} does on clinical decision support. Would you have 20 minutes for a call? I'd love "
    "to hear how you moved into informatics and what skills matter on your team.\n\nMaria"
)


def test_near_copy_with_names_changed_fails_with_index_and_score() -> None:
    text = _TEMPLATE.format(name="Ana", org="Mercy General")
    others = [
        "Hi Tom, a different note entirely about pottery and kilns.",
        _TEMPLATE.format(name="Ben", org="St Luke's"),
    ]
    check = result(gate(text, context=GateContext(other_drafts=others)), "not_generic")
    assert not check.passed
    assert check.evidence[0].source == "other_draft"
    assert check.evidence[0].other_draft_index == 1
    assert float(check.details["similarity"]) >= 0.8


def test_not_generic_threshold_from_policy() -> None:
    from service.gate import GatePolicy

    text = _TEMPLATE.format(name="Ana", org="Mercy General")
    other = _TEMPLATE.format(name="Ben", org="St Luke's").replace("informatics", "analytics")
    context = GateContext(other_drafts=[other])
    strict = GatePolicy(similarity_threshold=0.3)
    lenient = GatePolicy(similarity_threshold=0.99)
    assert not result(gate(text, context=context, policy=strict), "not_generic").passed
    assert result(gate(text, context=context, policy=lenient), "not_generic").passed


# --- respects_time and refers_to_earlier -------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("I know you're busy.", True),
        ("I appreciate your time.", True),
        ("I'll keep it brief.", True),
        ("Thank you for considering it.", True),
        ("Send me your availability.", False),
    ],
)
def test_respects_time(sentence: str, passed: bool) -> None:
    check = run_check(f"Hi Ana,\n\nWould you have 20 minutes? {sentence}\n\nJo", "respects_time")
    assert check.passed is passed


def test_follow_up_profile_requires_reference_and_softens_reason() -> None:
    context = GateContext(kind="follow_up")
    text = "Hi Ana,\n\nFollowing up on my note from last month: would 20 minutes work?\n\nJo"
    report = gate(text, context=context)
    assert result(report, "refers_to_earlier").passed
    assert result(report, "specific_reason").severity == "warn"
    assert result(report, "preview_questions").severity == "warn"
    assert not gate("Hi Ana,\n\nWould 20 minutes work?\n\nJo", context=context).passed


def test_refers_to_earlier_is_absent_from_first_requests() -> None:
    assert gate(GOOD_EMAIL).check("refers_to_earlier") is None


def test_good_email_passes_everything() -> None:
    report = gate(GOOD_EMAIL)
    assert report.passed
    assert [c.id for c in report.checks if not c.passed] == []
    for check in report.checks:
        assert_offsets(GOOD_EMAIL, check)
