"""preview_questions: the draft gives a flavor of what the requester wants to ask.

Counts distinct concrete questions or topics: real "?" questions, bullet items, and topic
clauses after a cue ("I'm curious how…", "I'd love to hear about…", "I wonder whether…").
The ask itself ("Would you have 20 minutes?") and small talk ("How are you?") do not count,
nor do topics with no concrete word ("your career", "what you do").
"""

from __future__ import annotations

import re
from types import MappingProxyType

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.models import Evidence
from service.gate.text import STOPWORDS, Draft, Sentence, stem, word_set, words

_TOPIC_GENERIC = word_set(
    """
career careers experience experiences work works working worked background journey role
roles job jobs path paths industry field fields company companies organization
organisation org insights insight advice life time times chat chats call calls
conversation conversations minutes minute min mins hour hours week weeks month months
learn learning learned hear hearing know knowing ask asking asked question questions share
sharing tell telling think thinking thought thoughts perspective perspectives opinion
opinions view views take general overall current position story stories brain pick happy
glad great good nice interesting cool amazing impressive inspiring help helpful tips
guidance next soon sometime connect connecting meet meeting speak speaking talk talking
coffee zoom phone video quick brief short few couple open available free willing possible
chance hope hoping would could get got getting start started moment convenient convenience
area areas side sides kind sort type maybe bit little lot anything everything stuff do
does did done doing sure fine okay ok able worth especially particular particularly
specifically example instance also interested curious wonder wondering love like keen
eager want wanted hoping discuss discussing explore exploring understand understanding
things thing similar someone person people yours mine professional professionally
personally
"""
)
_STARTERS = frozenset(
    ["how", "what", "why", "which", "whether", "where", "when", "who", "about", "regarding"]
)
_STARTERS_ON = word_set(
    """
thoughts perspective take view views advice insight insights opinion tips lessons
"""
)
_STARTERS_IF = frozenset(["wonder", "wondered", "wondering", "curious", "ask", "asking", "know"])
# Clause separators inside a sentence: punctuation, or "and"/"or" before a question word.
_PUNCT_SEPARATOR = re.compile(r"[,;:] (?:(?:and|or|but|as well as) )?")
_WORD_SEPARATORS = (" and ", " or ", " as well as ")
_QUESTION_WORDS = ("how", "what", "why", "which", "whether", "where", "when", "who", "if ", "about")
_STARTER_HINTS = ("how", "what", "why", "which", "whe", "who", "about", "regarding", " on ", " if ")
# Sentences with one of these may preview a topic without a question mark.
_CUES = (
    "curious", "wonder", "interested in hearing", "interested in learning",
    "interested in knowing", "interested in understanding", "in particular", "particularly",
    "especially", "specifically", "for example", "for instance", "such as", "e.g.", "question",
    "topic", " on ", "learn", "hear", "ask", "know", "understand", "discuss", "talk about",
    "chat about", "pick your brain", "explore", "keen to", "get a sense", "get your",
)  # fmt: skip
_RHETORICAL = re.compile(
    r"(?:so,? |and |but |oh,? )?(?:how are you|how are things|how's it going|how is it going"
    r"|how have you been|how is your (?:week|day|weekend)|how was your (?:week|day|weekend)"
    r"|hope (?:you|all|this|that|things|your)|i hope|does (?:that|this) (?:sound|make|work)"
    r"|would (?:that|this|next \w+|either|any of these|one of these|sometime \w+)"
    r" (?:work|be (?:ok|okay|possible|alright|convenient|helpful))"
    r"|is (?:that|this) (?:ok|okay|alright|possible|fine)|sounds? good|what do you think"
    r"|any chance|right\b|you know\b|who knows|why not|what's up|how about (?:next|this|a)"
    r"|would you (?:be )?(?:mind|like to connect|accept))"
)
_ASK_QUESTION = re.compile(
    r"(?:so,? |and |but |also,? )?(?:would|could|can|might|may|will|are|is|do|does|any chance"
    r"|is there|if so)\b"
)
_ASK_WORDS = re.compile(
    r"\b(?:minutes?|mins?|hours?|call|chat|conversation|meet|meeting|speak|talk|connect"
    r"|coffee|zoom|time|available|free|open to|willing|up for|interested in|catch up)\b"
)
_MAX_PER_SENTENCE = 3


def _content(text: str) -> frozenset[str]:
    return frozenset(
        stem(w)
        for w in words(text)
        if w not in STOPWORDS and w not in _TOPIC_GENERIC and not w[0].isdigit() and len(w) > 1
    )


_ANY_STARTER = _STARTERS | _STARTERS_ON | _STARTERS_IF
_PUNCT_TO_SPACE = MappingProxyType(str.maketrans(dict.fromkeys(',.;:!?"()', " ")))


def _separators(text: str) -> list[tuple[int, int]]:
    found = [(m.start(), m.end()) for m in _PUNCT_SEPARATOR.finditer(text)]
    for word in _WORD_SEPARATORS:
        index = text.find(word)
        while index != -1:
            end = index + len(word)
            if text.startswith(_QUESTION_WORDS, end):
                found.append((index, end))
            index = text.find(word, end)
    found.sort()
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _clauses(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Topic clauses of a sentence: each starts at a question word or "about"."""
    found: list[tuple[int, int, frozenset[str]]] = []
    separators = _separators(text)
    starts = [0, *(end for _, end in separators)]
    ends = [*(start for start, _ in separators), len(text)]
    for begin, part_end in zip(starts, ends, strict=True):
        part_text = text[begin:part_end]
        if not any(hint in part_text for hint in _STARTER_HINTS):
            continue
        part = part_text.translate(_PUNCT_TO_SPACE).split()
        for index, word in enumerate(part):
            if word not in _ANY_STARTER:
                continue
            following = part[index + 1] if index + 1 < len(part) else ""
            if (
                word in _STARTERS
                or (word in _STARTERS_ON and following == "on")
                or (word in _STARTERS_IF and following == "if")
            ):
                topic = _content(" ".join(part[index + 1 :]))
                if topic:
                    found.append((begin, part_end, topic))
                break
    return found


def _topics(sentence: Sentence, cued: bool) -> list[tuple[int, int, frozenset[str]]]:
    text = sentence.low
    if _RHETORICAL.match(text) is not None:
        return []
    if sentence.bullet:
        topic = _content(text)
        return [(0, len(text), topic)] if topic else []
    is_ask = (
        sentence.question
        and _ASK_QUESTION.match(text) is not None
        and _ASK_WORDS.search(text) is not None
    )
    if sentence.question and not is_ask:
        clauses = _clauses(text)
        if clauses:
            return clauses[:_MAX_PER_SENTENCE]
        # A yes/no question counts when it asks about something concrete.
        topic = _content(text)
        return [(0, len(text), topic)] if topic else []
    if is_ask or cued:
        return _clauses(text)[:_MAX_PER_SENTENCE]
    return []


def count_topics(draft: Draft) -> list[tuple[int, int]]:
    """Spans (into the body) of distinct concrete questions or topics."""
    cued = {sentence.start for sentence in draft.sentences_containing(_CUES)}
    seen: list[frozenset[str]] = []
    spans: list[tuple[int, int]] = []
    for sentence in draft.sentences:
        is_cued = sentence.start in cued
        if not (sentence.question or sentence.bullet or is_cued):
            continue
        for start, end, topic in _topics(sentence, is_cued):
            # The same topic asked twice ("how you moved…" / "your move…") counts once.
            if any(len(topic & other) / len(topic | other) >= 0.6 for other in seen):
                continue
            seen.append(topic)
            spans.append((sentence.start + start, sentence.start + min(end, len(sentence.low))))
    return spans


def check_preview_questions(data: CheckInput) -> Outcome:
    """Need at least policy.min_questions distinct concrete questions or topics."""
    draft = data.draft
    needed = data.policy.min_questions
    spans = count_topics(draft)
    evidence: tuple[Evidence, ...] = tuple(span(draft, a, b) for a, b in spans[:10])
    details: dict[str, int | float | str] = {"questions": len(spans), "required": needed}
    if len(spans) >= needed:
        return Outcome(
            True, f"Previews {len(spans)} question(s) or topic(s).", evidence, None, details
        )
    missing = needed - len(spans)
    return Outcome(
        False,
        f"Previews {len(spans)} concrete question(s) or topic(s); {needed} needed.",
        evidence,
        f'Add {missing} more specific question(s) you plan to ask, e.g. "How did you move '
        'from X to Y?" or "What skills matter most on your team?" - concrete, not \'learn '
        "about your career'.",
        details,
    )
