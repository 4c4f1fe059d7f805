"""refers_to_earlier: a follow-up says it follows up on an earlier message."""

from __future__ import annotations

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.text import search_near, word_pattern

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
)
_MESSAGE = r"(?:note|message|email|e-mail|mail|request|invitation|invite|inmail|letter|dm)"
_EARLIER = word_pattern(
    r"follow(?:ing|ed)?[ -]?up"
    r"|circl(?:e|ing) back|check(?:ing)? (?:back )?in (?:on|about|again|regarding|once more)"
    r"|bump(?:ing)? (?:this|my)|resurfac(?:e|ing) (?:this|my)"
    rf"|(?:my|the|an) (?:earlier|previous|last|prior|original|first) {_MESSAGE}"
    r"|(?:reached|wrote|messaged|emailed|contacted|got in touch|sent you|sent a|sent my|pinged)"
    r"(?: out)?(?: to you)?(?: with)?(?: a| an| my)?(?: short| brief| quick)?"
    rf"(?: {_MESSAGE})?(?: about| regarding)?(?: this)? (?:in {_MONTH}|on {_MONTH}|last"
    r"|a few|a couple|about a|around|earlier|previously|back in|some weeks|a month|before"
    r"|\w+ weeks? ago|a while)"
    rf"|in case my (?:last |previous |earlier |first )?{_MESSAGE}"
    rf"|(?:sent|wrote) you (?:a|an|my) {_MESSAGE}"
    r"|as i (?:mentioned|wrote|said) (?:in|last|before|earlier)"
    r"|(?:last|earlier this) (?:month|week),? i (?:reached|wrote|sent|messaged)"
    r"|(?:my|the) (?:request|message|note) (?:i sent|from)"
)


_TRIGGERS = (
    "follow",
    "circl",
    "check",
    "bump",
    "resurfac",
    "earlier",
    "previous",
    "last",
    "prior",
    "original",
    "first",
    "reached",
    "wrote",
    "messaged",
    "emailed",
    "contacted",
    "touch",
    "sent",
    "pinged",
    "in case",
    "mentioned",
    "said",
    "request",
    "message",
    "note",
)


def check_refers_to_earlier(data: CheckInput) -> Outcome:
    """Pass when the follow-up mentions the earlier message."""
    draft = data.draft
    match = search_near(_EARLIER, draft.content_low, _TRIGGERS)
    if match is not None:
        return Outcome(
            True,
            "Refers to the earlier message.",
            (span(draft, match.start(), match.end()),),
        )
    return Outcome(
        False,
        "A follow-up should say it follows up on an earlier message.",
        (),
        "Open with a reference to your first message, e.g. \"I'm following up on my note from "
        'last month about a 20-minute conversation."',
    )
