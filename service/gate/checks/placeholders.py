"""no_placeholders: template slots left unfilled ([Name], {company}, <insert>, XX, TBD)."""

from __future__ import annotations

import re

from service.gate.checks.base import CheckInput, Outcome, span, subject_span
from service.gate.models import Evidence

# Case matters for some slots ("XX" is a slot, "xx" rarely a word; "<Company>" vs "<b>"),
# so these run on the cased view; the wordy ones run on the lowercase view.
_CASED = re.compile(
    r"\[(?!\d+\])[^\[\]\n]{1,60}\](?!\()"
    r"|\{\{?[^{}\n]{1,40}\}?\}"
    r"|<[A-Z][A-Za-z']*(?: [A-Za-z']+){0,4}>"
    r"|(?<![\w-])(?:XX+|xx+)(?![\w-])"
    r"|\b(?:TBD|TBC|TODO|FIXME|FIRST_?NAME|LAST_?NAME|COMPANY_?NAME)\b"
    r"|\b(?:First|Last|Full|Company|Contact|Recipient) ?Name\b"
    r"|_{3,}"
    r"|%[A-Za-z_]+%|\$\{[^}\n]{1,40}\}"
)
_WORDY = re.compile(
    r"<[ ]*(?:insert|your|their|his|her|contact|company|name|first|last|recipient"
    r"|organi[sz]ation|title|role|position|field|industry|school|team|department|link|date"
    r"|topic)[^<>\n]{0,40}>"
    r"|\((?:insert|your name|contact name|company name|name of|recipient)[^()\n]{0,40}\)"
    r"|lorem ipsum"
)
_TRIGGERS = ("[", "{", "<", "XX", "xx", "TB", "TODO", "FIXME", "NAME", "Name", "___", "%", "${")


def _find(text: str, low: str) -> list[tuple[int, int]]:
    if not any(t in text for t in _TRIGGERS) and "(" not in low and "lorem" not in low:
        return []
    spans = [(m.start(), m.end()) for m in _CASED.finditer(text)]
    if "<" in low or "(" in low or "lorem" in low:
        spans += [(m.start(), m.end()) for m in _WORDY.finditer(low)]
    return sorted(set(spans))


def check_no_placeholders(data: CheckInput) -> Outcome:
    """Fail on any unfilled template slot in the body (signature included) or subject."""
    draft = data.draft
    evidence: list[Evidence] = [
        span(draft, a, b, trim=False) for a, b in _find(draft.norm, draft.low)
    ]
    if draft.subject:
        subject_low = draft.subject.lower()
        if len(subject_low) == len(draft.subject):
            evidence += [subject_span(draft, a, b) for a, b in _find(draft.subject, subject_low)]
    if not evidence:
        return Outcome(True, "No template placeholders found.")
    found = ", ".join(f"'{e.text}'" for e in evidence[:5])
    return Outcome(
        False,
        f"Unfilled placeholder(s): {found}.",
        tuple(evidence[:20]),
        "Replace every placeholder with the real value (the contact's name, organization, "
        "your own name) or rewrite the sentence without it.",
        {"count": len(evidence)},
    )
