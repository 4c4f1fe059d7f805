"""Small helpers shared by the gate's unit tests."""

from __future__ import annotations

from service.gate import CheckResult, GateContext, GatePolicy, GateReport, run_gate
from service.gate.models import Channel, ContactProfile, RequesterProfile, ResearchFact, Seniority

GOOD_EMAIL = (
    "Hi Ana,\n\n"
    "I'm an ICU nurse moving into health informatics, and your HIMSS article on how Mercy "
    "General cut sepsis alert fatigue matched what I see on night shifts.\n\n"
    "Would you have 15-20 minutes for a call in the next few weeks? I'd love to hear how you "
    "moved from bedside nursing into informatics, and which certifications mattered when you "
    "were hired.\n\n"
    "I know you're busy, so thank you for considering it.\n\n"
    "Best,\nMaria"
)


# A meeting ask the phrasing tests put after the sentences they probe.
ASK = "Would you have 20 minutes for a call next week?"
# ...and that ask with two questions, where the probe is about something else.
PLANNED = ASK + " I'd ask how you planned the rollout and what you would change."


def letter(*paragraphs: str) -> str:
    """A short email to Ana from Jo around `paragraphs`."""
    return "Hi Ana,\n\n" + "\n\n".join(paragraphs) + "\n\nJo"


def gate(
    text: str,
    *,
    channel: Channel = "email",
    subject: str | None = None,
    context: GateContext | None = None,
    policy: GatePolicy | None = None,
) -> GateReport:
    """run_gate with test-friendly defaults."""
    return run_gate(text, subject=subject, channel=channel, context=context, policy=policy)


def result(report: GateReport, check_id: str) -> CheckResult:
    """The named check's result; fails the test when it is missing."""
    found = report.check(check_id)
    assert found is not None, f"{check_id} not in report"
    return found


def assert_offsets(text: str, check: CheckResult, subject: str | None = None) -> None:
    """Every draft/subject evidence span slices back to its text."""
    for evidence in check.evidence:
        if evidence.start is None or evidence.end is None:
            continue
        source = subject if evidence.source == "subject" else text
        assert source is not None
        assert source[evidence.start : evidence.end] == evidence.text, evidence


def run_check(
    text: str,
    check_id: str,
    *,
    channel: Channel = "email",
    subject: str | None = None,
    context: GateContext | None = None,
) -> CheckResult:
    """The named check's result on `text`, after asserting that its evidence offsets hold."""
    check = result(gate(text, channel=channel, subject=subject, context=context), check_id)
    assert_offsets(text, check, subject)
    return check


def assert_topics(text: str, topics: int, *, channel: Channel = "email") -> CheckResult:
    """preview_questions counts `topics` topics in `text`; returns its result (offsets checked)."""
    check = run_check(text, "preview_questions", channel=channel)
    assert check.details["questions"] == topics, [e.text for e in check.evidence]
    return check


def grounded_context(
    title: str,
    *facts: str,
    name: str = "Ana Ruiz",
    organization: str | None = None,
    seniority: Seniority | None = None,
    requester_role: str | None = None,
) -> GateContext:
    """A contact with `title` about whom the research found `facts` (each about the person).

    With `requester_role`, the requester is Jo Park in that role; without, there is none.
    """
    requester = None
    if requester_role is not None:
        requester = RequesterProfile(name="Jo Park", current_role=requester_role)
    return GateContext(
        requester=requester,
        contact=ContactProfile(
            name=name, title=title, organization=organization, seniority=seniority
        ),
        facts=[ResearchFact(text=fact, about="person") for fact in facts],
    )


# The ask and questions the offer probes put before the sentence they probe.
STAFFED = ASK + " I'd ask how you staffed it and what you'd change."


def offer_check(*paragraphs: str) -> CheckResult:
    """colleague_offer on a letter of `paragraphs` to an executive who ran a night shift."""
    context = grounded_context(
        "Chief Operating Officer", "Ran the port's night shift", seniority="executive"
    )
    return run_check(letter(*paragraphs), "colleague_offer", context=context)
