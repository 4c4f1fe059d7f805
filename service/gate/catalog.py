"""The list of checks the gate knows: stable ids, versions, default modes and descriptions.

Bump a check's version whenever its verdict on some input may change; bump GATE_VERSION on
any release of the gate. Reports carry both so stored verdicts can be explained later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

CheckMode = Literal["block", "warn", "off"]

GATE_VERSION = "2026.12.116"


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """Static facts about one check."""

    id: str
    version: int
    default_mode: CheckMode
    description: str
    applies_to: tuple[str, ...] = ("request", "follow_up")


CHECK_SPECS: tuple[CheckSpec, ...] = (
    CheckSpec(
        "specific_reason",
        108,
        "block",
        "Says why this person: a concrete hook (their talk, article, project, team's work, a "
        "career move, a prior meeting; with research facts, one of them matched by meaning in "
        "the reason, not in the questions, never by name, employer or title alone) and a tie "
        "the message itself states between it and the requester's background, work or goal. "
        "Praise, employer or field only, a shared school or a referral alone do not count. "
        "Warn-only for follow-ups.",
    ),
    CheckSpec(
        "time_ask",
        63,
        "block",
        "Asks for an explicit, bounded amount of time (e.g. '15-20 minutes', 'half an hour') "
        "no longer than the policy maximum; vague asks ('a quick chat') fail.",
    ),
    CheckSpec(
        "preview_questions",
        94,
        "block",
        "Gives a flavor of the questions: at least policy.min_questions distinct concrete "
        "questions, topic clauses after a cue ('I'd love to hear how...') or bullets in a list "
        "of questions. Sentences about the requester, skill lists, courtesy lines, relative "
        "clauses, restatements of the ask and generic requests for advice do not count. "
        "Warn-only for follow-ups.",
    ),
    CheckSpec(
        "colleague_offer",
        77,
        "block",
        "For senior or executive contacts, offers to speak with someone else instead if they "
        "are too busy, in any wording ('one of the nurses on your unit', 'if a junior partner "
        "would be better placed'); an introduction sought for a job does not count. Passes "
        "as not required otherwise.",
    ),
    CheckSpec(
        "no_placeholders",
        30,
        "block",
        "Contains no template placeholders such as [Name], {company}, <insert ...>, XX, TBD.",
    ),
    CheckSpec(
        "addressed_to_contact",
        53,
        "block",
        "Greets the contact by name, not 'To whom it may concern' or 'Hi there'; without a "
        "contact, a title and name or a name alone on the opening line ('Kamal,') counts.",
    ),
    CheckSpec(
        "no_job_ask",
        72,
        "warn",
        "Does not ask for a job, a referral, openings, to be kept in mind, or whether the "
        "requester would be a fit there; the requester's own plans ('before I apply to "
        "graduate school') are fine.",
    ),
    CheckSpec(
        "channel_length",
        30,
        "block",
        "Fits the channel: connection notes within the character limit, messages and emails "
        "within the word budget (120 words for follow-ups), email subjects within 12 words.",
    ),
    CheckSpec(
        "no_foreign_links",
        34,
        "block",
        "Contains no URL, email address, IP address or phone number absent from the inputs "
        "(bare domains of any top-level domain or case, lookalike dots, addresses spelled out "
        "as 'evil dot com slash x'; a platform named by its domain, 'Dev.to', is no link unless "
        "the reader is sent there), no markup, no invisible, control or bidirectional-override "
        "characters, and none of the context's canaries (secret markers of the system prompt), "
        "even spread out with spaces.",
    ),
    CheckSpec(
        "no_sensitive_ask",
        35,
        "block",
        "Does not ask the contact for personal or sensitive information (home address, "
        "salary, bank or card details, identity numbers, passwords, health); pay as a topic "
        "('salary negotiation tips') is fine.",
    ),
    CheckSpec(
        "not_generic",
        30,
        "warn",
        "Is not a near-copy of the requester's drafts to other contacts once names, "
        "organizations and numbers are masked.",
    ),
    CheckSpec(
        "respects_time",
        41,
        "warn",
        "Acknowledges the contact's time ('I know you're busy', 'thank you for considering').",
    ),
    CheckSpec(
        "refers_to_earlier",
        32,
        "block",
        "Follow-ups only: mentions the earlier message ('following up on my note from last "
        "month').",
        applies_to=("follow_up",),
    ),
)

CHECK_IDS: tuple[str, ...] = tuple(spec.id for spec in CHECK_SPECS)
# Read-only views: module state must never change between calls.
SPECS_BY_ID: Mapping[str, CheckSpec] = MappingProxyType({s.id: s for s in CHECK_SPECS})
DEFAULT_MODES: Mapping[str, CheckMode] = MappingProxyType(
    {s.id: s.default_mode for s in CHECK_SPECS}
)


def describe_checks() -> list[dict[str, object]]:
    """Every check with id, version, description, default mode and the kinds it applies to."""
    return [
        {
            "id": spec.id,
            "version": spec.version,
            "description": spec.description,
            "default_mode": spec.default_mode,
            "applies_to": list(spec.applies_to),
        }
        for spec in CHECK_SPECS
    ]
