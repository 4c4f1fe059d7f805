"""colleague_offer: senior contacts get a way out (talking to a colleague instead)."""

from __future__ import annotations

import re

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.text import Draft, search_near

_COLLEAGUE = re.compile(
    r"colleagues?\b|teammates?\b|team ?members?\b"
    r"|(?:someone|somebody|anyone|anybody|a person|people|whoever) (?:else )?(?:on|in|from|at)"
    r" your (?:team|group|department|org|organi[sz]ation|unit|company|firm|office|lab)"
    r"|someone else (?:who|on|in|you|that|at|from)"
    r"|(?:member|one|some|any) of your (?:team|staff|group|colleagues|reports|direct reports|peers)"
    r"|direct reports?\b|a peer of yours"
    r"|(?:who|whom|anyone) (?:else )?(?:you|you'd|you would) (?:would |might |could )?(?:suggest"
    r"|recommend)"
    r"|someone (?:else )?you(?:'d| would| might| could)? (?:suggest|recommend|think)"
    r"|point me (?:to|toward|towards|in the direction of) (?:someone|a colleague|the right person"
    r"|anyone|another)"
    r"|(?:someone|a person|somebody) (?:on|in) (?:the|that|this) (?:team|group|department)"
)
_TRIGGERS = (
    "colleague",
    "teammate",
    "team",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "person",
    "people",
    "member",
    "report",
    "suggest",
    "recommend",
    "point me",
    "peer",
    "whoever",
)
_SENIOR_TITLE = re.compile(
    r"\b(?:chief|c[etfoim]o|vp|svp|evp|vice president|president|director|head of|partner"
    r"|founder|co-founder|principal|managing director|general manager|dean|provost|executive"
    r"|chair|board member)\b"
)


def _required(data: CheckInput) -> tuple[bool, str]:
    contact = data.context.contact
    if contact is None:
        return False, "no contact seniority known"
    if contact.seniority is not None:
        return contact.seniority in ("senior", "executive"), f"seniority is {contact.seniority}"
    if contact.title and _SENIOR_TITLE.search(contact.title.lower()):
        return True, f"title '{contact.title}' suggests a senior contact"
    return False, "seniority not given"


def _find_offer(draft: Draft) -> tuple[int, int] | None:
    text = draft.content_low
    position = 0
    while True:
        match = search_near(_COLLEAGUE, text[position:], _TRIGGERS)
        if match is None:
            return None
        start, end = position + match.start(), position + match.end()
        # "my colleague Sam suggested…" is the requester's colleague, not an offer.
        if not text[max(0, start - 10) : start].endswith(("my ", "our ", "my former ")):
            return start, end
        position = end


def check_colleague_offer(data: CheckInput) -> Outcome:
    """For senior/executive contacts, require an offer to talk to a colleague instead."""
    draft = data.draft
    found = _find_offer(draft)
    required, why = _required(data)
    if found is not None:
        return Outcome(
            True,
            "Offers to speak with a colleague instead.",
            (span(draft, found[0], found[1]),),
            details={"required": int(required)},
        )
    if not required:
        return Outcome(True, f"Colleague offer not required ({why}).", details={"required": 0})
    return Outcome(
        False,
        f"The contact is senior ({why}) and the draft offers no alternative if they are too busy.",
        (),
        "Add one sentence such as \"If you're too busy, perhaps someone on your team would be "
        'open to a short conversation instead?"',
        {"required": 1},
    )
