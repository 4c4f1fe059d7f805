"""channel_length: the draft fits where it will be sent.

LinkedIn counts every character of a connection note (after line endings are normalized),
so notes are measured with `len`. Messages and emails get a word budget; text quoted from an
earlier reply does not count against it.
"""

from __future__ import annotations

import re
from itertools import islice

from service.gate.checks.base import CheckInput, Outcome, subject_span
from service.gate.models import Evidence

FOLLOW_UP_WORD_LIMIT = 120
SUBJECT_WORD_LIMIT = 12
SUBJECT_CHAR_LIMIT = 120

_TOKEN = re.compile(r"\S+")
# Standalone punctuation is not a word ("-", "•", "&").
_NOT_WORDS = frozenset(
    ["-", "--", "---", "&", "|", "/", "•", "*", "·", ">", "+", "=", "~", ":", ";"]
)


def _count_words(text: str) -> int:
    tokens = text.split()
    return len(tokens) - sum(map(_NOT_WORDS.__contains__, tokens))


def _check_note(data: CheckInput) -> Outcome:
    body = data.draft.body
    normalized = body.replace("\r\n", "\n").replace("\r", "\n")
    limit = data.policy.connection_note_limit
    length = len(normalized)
    details: dict[str, int | float | str] = {"characters": length, "limit": limit}
    if length <= limit:
        return Outcome(True, f"Connection note is {length}/{limit} characters.", details=details)
    overflow: Evidence
    if normalized == body:
        overflow = Evidence(text=body[limit:], start=limit, end=length, source="draft")
    else:
        overflow = Evidence(text=normalized[limit:], start=None, end=None, source="draft")
    return Outcome(
        False,
        f"Connection note is {length} characters; the limit is {limit}.",
        (overflow,),
        f"Cut {length - limit} characters: keep the greeting, one specific reason, the time "
        "ask and one question; move the rest to a message after they accept.",
        details,
    )


def _check_words(data: CheckInput) -> Outcome:
    draft = data.draft
    budget = data.policy.word_budget
    if data.kind == "follow_up":
        budget = min(budget, FOLLOW_UP_WORD_LIMIT)
    count = _count_words(draft.norm)
    details: dict[str, int | float | str] = {"words": count, "limit": budget}
    evidence: list[Evidence] = []
    problems: list[str] = []
    hints: list[str] = []
    if count > budget:
        words = (m for m in _TOKEN.finditer(draft.norm) if m.group() not in _NOT_WORDS)
        first = next(islice(words, budget, None)).start()
        last = len(draft.norm.rstrip())
        evidence.append(
            Evidence(text=draft.body[first:last], start=first, end=last, source="draft")
        )
        problems.append(f"the body has {count} words (limit {budget})")
        hints.append(
            f"Cut about {count - budget} words: 2-3 short paragraphs with the reason, the time "
            "ask and two questions are enough."
        )
    if draft.subject:
        subject_words = _count_words(draft.subject)
        subject_chars = len(draft.subject)
        details["subject_words"] = subject_words
        details["subject_characters"] = subject_chars
        if subject_words > SUBJECT_WORD_LIMIT or subject_chars > SUBJECT_CHAR_LIMIT:
            evidence.append(subject_span(draft, 0, subject_chars))
            problems.append(
                f"the subject has {subject_words} words / {subject_chars} characters (limit "
                f"{SUBJECT_WORD_LIMIT} words, {SUBJECT_CHAR_LIMIT} characters)"
            )
            hints.append('Shorten the subject, e.g. "20 minutes on your move into UX?".')
    if problems:
        return Outcome(
            False,
            "Too long: " + "; ".join(problems) + ".",
            tuple(evidence),
            " ".join(hints),
            details,
        )
    return Outcome(True, f"{count}/{budget} words.", details=details)


def check_channel_length(data: CheckInput) -> Outcome:
    """Characters for connection notes, words for messages and emails (plus the subject)."""
    if data.channel == "linkedin_connection_note":
        return _check_note(data)
    return _check_words(data)
