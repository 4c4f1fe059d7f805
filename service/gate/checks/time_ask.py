"""time_ask: the draft asks for an explicit, bounded amount of time.

A duration only counts when it is the ask ("Would you have 20 minutes for a call?"), not
when it describes something else ("I spent 20 minutes on your post", "a 30-minute drive",
"your 45-minute keynote").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.text import Draft, Sentence, any_of, search_near, word_pattern, word_set

_NUMBER_WORDS: Mapping[str, int] = MappingProxyType({
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90,
})  # fmt: skip
_UNITS_WORDS: Mapping[str, int] = MappingProxyType(
    {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
     "nine": 9}
)  # fmt: skip
_TENS: Mapping[str, int] = MappingProxyType({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50})
# ("15 minuets": the slip autocorrect makes)
# ("Tienes 15 minutitos for a call?": minutes in Spanish, Portuguese, German or Italian too)
_UNIT = re.compile(
    r"(?:minutes?|minuets?|minutitos|minutos|minuten|minuti|mins?|mns?|hours?|hrs?)(?![a-z])"
)
_RANGE_SEPARATORS = ("-", "to", "or", "/", "~")
# (phrase before "hour", minutes): "half an hour", "a quarter of an hour", "an hour".
_HOUR_PHRASES = (
    ("a quarter of an ", 15), ("quarter of an ", 15), ("a quarter of ", 15), ("quarter of ", 15),
    ("a quarter-", 15), ("quarter-", 15), ("a quarter ", 15), ("quarter ", 15),
    ("half an ", 30), ("half a ", 30), ("half-", 30), ("half ", 30),
    ("a full ", 60), ("one full ", 60), ("an entire ", 60), ("an ", 60),
)  # fmt: skip
# Words that make a sentence an ask for time (or a meeting).
_ASK_CUES = (
    "call", "chat", "conversation", "talk", "meet", "speak", "connect", "zoom", "phone",
    "video", "coffee", "your time", "spare", "available", "free", "would you", "could you",
    "could we", "can we", "could i", "can i", "may i", "do you have", "would it be", "happy to",
    "open to", "willing", "interview", "grab", "sit down", "catch up", "hop on", "jump on",
    "schedule", "book", "set up", "ask for", "asking for", "request", "borrow", "only need",
    "just need", "no more than", "at most", "up to", "discuss", "teams", "meeting", "sync",
    "hear", "ask you", "learn", "questions", "to ask", "welcome", "grateful", "appreciate",
    "'d love", "would love", "'d like", "would like", "'d value", "would value", "need",
    "steal", "take up", "more than", "longer than", "less than", "would take", "will take",
    "won't take", "you have", "let me know", "squeeze", "keep it", "keep to", "keep the call",
    "keep our", "you'd have", "wondering whether", "wondering if", "pick your brain",
    "really value", "you ever have", "you ever had", "you had", "'d really", "would really",
    "with you", "glad of", "hoping for", "hope for",
    # "I would be very honoured if you could concede me 30 minutes" (Portuguese conceder)
    "you could", "concede", "accord me", "grant me",
    # "P.S. Even 15 minutes would be plenty": the ask, sized
    "would be plenty", "would be enough", "be more than enough", "is plenty", "is enough",
)  # fmt: skip
# Words just before or after a duration that make it something other than the ask:
# "I spent 20 minutes…", "your 45-minute keynote", "a 30-minute drive", "20 minutes ago".
_NOT_ASK_BEFORE = word_set(
    """
spent spend spending took takes taking watched watching listened listening read reading
every each per drove walk commute first initial opening argued debated waited queued sat stood
talked lasted stayed practised practiced trained studied
"""
)
# "take" is the ask after a modal or "only" ("it would only take 15 minutes") and describes
# something else after a subject of its own ("our builds take 40 minutes").
_TAKE_ASKED_AFTER = word_set(
    """
would will should could might may can only just to i it'd it'll that'd this'd won't
wouldn't shouldn't not never call chat conversation meeting coffee zoom or
"""
)
_APPROX = frozenset(["about", "around", "roughly", "approximately", "approx", "approx.", "circa"])
_WHEN_WORDS = frozenset(["before", "after", "later", "earlier", "early", "late", "ahead"])
_POSSESSIVES = frozenset(["your", "their", "his", "her", "its"])
_NOT_ASK_AFTER = word_set(
    """
ago later earlier away from drive walk commute ride read video podcast episode keynote
presentation webinar lecture workout run flight delay wait train bus trip journey
recording panel each per every daily weekly late early before after lunch break breaks
shift shifts nap ahead behind difference
"""
)
# A verb of asking just before the duration makes it the ask whatever follows: "spare 15
# minutes after one of your lectures", "have 20 minutes before the holidays".
_ASKING_BEFORE = word_set(
    """
spare have give borrow grab need request take for
"""
)
# ...and so does a modal opening a question: "Would half an hour before the recess be
# possible?"
_MODALS = frozenset(["would", "could", "might", "can", "may", "is"])
# ...unless the next word makes it a meeting after all: "a 20-minute video call".
_MEETING_NOUNS = frozenset(
    ["call", "chat", "meeting", "conversation", "interview", "session", "catch-up", "coffee"]
)
_VAGUE_TRIGGERS = (
    "sometime",
    "some point",
    "soon",
    "free",
    "when you have",
    "few",
    "couple",
    "moment",
    "minute",
    "quick",
    "brief",
    "short",
    "little",
    "small",
    "some",
    "coffee",
    "brain",
    "call",
    "time",
    "bit",
)
_VAGUE = word_pattern(
    r"(?:a )?few (?:minutes|moments|mins)|a couple (?:of )?(?:minutes|mins)|a (?:moment|minute)"
    r"\b|a (?:quick|brief|short|little|small) (?:chat|call|coffee|conversation|word|zoom"
    r"|catch-up|catch up|meeting|phone call|video call|talk|intro call|connect)"
    r"|(?:some|a bit|a little|a few minutes) of your (?:time|day)|some time\b|a coffee"
    r"|grab (?:a )?coffee|virtual coffee|pick your brain|(?:hop|jump) on a call"
    # (not "I worked in a call centre")
    r"|a call\b(?! ?(?:centre|center|handler|agent|log|out|sign)s?\b)"
    r"|a little time|briefly (?:chat|connect|speak|talk)|(?:quick|short|brief) (?:chat|call)"
    r"|(?:chat|talk|connect|meet|speak)(?: with you)? (?:sometime|at some point|soon)"
    r"|if you(?:'re| are) free|when you have (?:time|a moment|a sec)"
)


@dataclass(frozen=True, slots=True)
class TimeAsk:
    """One duration that reads as an ask; minutes as (low, high)."""

    start: int
    end: int
    low: float
    high: float


def _number_before(text: str, end: int) -> tuple[int, float] | None:
    """(start, value) of a number written just before `end`: "20", "1.5", "twenty-five"."""
    start = end
    if start > 0 and text[start - 1].isdigit():
        while start > 0 and (
            text[start - 1].isdigit()
            or (text[start - 1] in ".," and start > 1 and text[start - 2].isdigit())
        ):
            start -= 1
        value = float(text[start:end].replace(",", "."))
    else:
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        word = text[start:end]
        if word in _UNITS_WORDS and start > 1 and text[start - 1] in "- ":
            tens_end = start - 1
            tens_start = tens_end
            while tens_start > 0 and text[tens_start - 1].isalpha():
                tens_start -= 1
            tens = _TENS.get(text[tens_start:tens_end])
            if tens is not None:
                start, word = tens_start, ""
                value = float(tens + _UNITS_WORDS[text[tens_end + 1 : end]])
        if word:
            if word not in _NUMBER_WORDS or word in ("a", "an"):
                return None
            value = float(_NUMBER_WORDS[word])
    if start == end or (start > 0 and (text[start - 1].isalnum() or text[start - 1] == ".")):
        return None
    return start, value


def _duration_at(text: str, unit_start: int) -> tuple[int, int, float, float] | None:
    """(start, end, low, high minutes) of a duration whose unit starts at `unit_start`.

    Parsed backwards from the unit: every duration ends with one, and scanning a long
    sentence with a regex for number words is slow.
    """
    unit = _UNIT.match(text, unit_start)
    if unit is None or (unit_start > 0 and text[unit_start - 1].isalpha()):
        return None
    end = unit.end()
    factor = 60.0 if text[unit_start] == "h" else 1.0
    cursor = unit_start
    if cursor > 0 and text[cursor - 1] in " -":
        cursor -= 1
    # "twenty-ish minutes", "20ish mins", "twenty-odd minutes": about that many.
    for about in ("-ish", "ish", "-odd", " odd"):
        if text.endswith(about, 0, cursor):
            cursor -= len(about)
            break
    number = _number_before(text, cursor)
    if number is None:
        # "an hour", "half an hour"; but "an HR generalist" is no duration: the short form
        # "hr" counts only after a number.
        if factor == 1.0 or not text.startswith("hour", unit_start):
            return None
        for phrase, minutes in _HOUR_PHRASES:
            start = unit_start - len(phrase)
            if (
                start >= 0
                and text.startswith(phrase, start)
                and (start == 0 or not text[start - 1].isalnum())
            ):
                if minutes == 60 and text.startswith(" and a half", end):
                    return start, end + len(" and a half"), 90.0, 90.0
                return start, end, float(minutes), float(minutes)
        return None
    start, high = number
    # "1/2 hour": half an hour, not a range of one to two.
    if factor == 60.0 and start >= 2 and text[start - 2 : start + 1] == "1/2":
        return start - 2, end, 30.0, 30.0
    low = high
    # A range: "15-20", "15 to 20", "10 or 15", "15/20".
    head = text[:start].rstrip()
    for separator in _RANGE_SEPARATORS:
        if head.endswith(separator) and (
            len(separator) == 1 or len(head) == len(separator) or head[-len(separator) - 1] == " "
        ):
            first = _number_before(text, len(head[: -len(separator)].rstrip()))
            if first is not None and first[1] > high and separator == "to":
                return None  # "cut CI from 40 to 8 minutes": a change told, no time asked
            if first is not None:
                start, low = first
            break
    if factor == 60.0 and text.startswith(" and a half", end):
        end, high = end + len(" and a half"), high + 0.5
        low = min(low, high)
    return start, end, min(low, high) * factor, max(low, high) * factor


# "Would you be willing to spend 20 minutes", "could you (please) spend": spending asked for,
# not done.
_SPEND_ASKED_AFTER = frozenset(
    ["to", "you", "could", "would", "can", "might", "we", "please", "kindly"]
)


def _asks_to_spend(before: list[str], index: int) -> bool:
    if before[index] != "spend":
        return False
    if index > 0:
        return before[index - 1] in _SPEND_ASKED_AFTER
    # ("Could you please spend for me 15 minutes…": "for me" between the verb and the time)
    return before[1:] == ["for", "me"]


def _takes_time(before: list[str], index: int) -> bool:
    """A duration a thing takes ('our builds take 40 minutes'), not the ask ("could I buy you
    a coffee, or take 20 minutes on the phone")."""
    return (
        before[index] == "take"
        and index > 0
        and before[index - 1].rstrip(",;") not in _TAKE_ASKED_AFTER
        # "Could we take 20 mins on eligibility rules?": a modal asks it
        and not (index > 1 and before[index - 1] in ("we", "i") and before[index - 2] in _MODALS)
    )


# A question the requester will ask, embedded in a sentence: "how you schedule pickups so
# produce moves within 48 hours", "what to cut from two hours of tape". A duration inside it
# is part of the topic, unless the question is itself the ask ("whether you'd have 20
# minutes", "when we could talk for 15 minutes").
_EMBEDDED_QUESTION = re.compile(
    r"\b(?:how|what|which|why|where|whether) (?:you|your|to|the|they|he|she|we|it|their|our"
    r"|i|a|an|this|that|those|these)\b"
)
_ASKED_FOR = re.compile(
    r"\b(?:spare|have|had|give|grant|allow|afford|borrow|grab|need|take|find|offer|set aside"
    r"|carve out|for|talk|chat|speak|call|meet|of your)\b"
    # "whether you could grant me half an hour": the polite ask, put as a question.
    r"|\bwhether you(?:'d| would| could| might| can| may)\b"
    # "What I would really value is 20 minutes on a call": the ask, said as what is wanted.
    r"|^what (?:i|we)(?:'d| would)? (?:really |most |truly )?(?:value|appreciate|love|like"
    r"|need|want|ask for|hope for) (?:most )?is $"
)
# ("I'm weighing up whether to retrain, and I'd really value 20 minutes": a new clause)
_CLAUSE_BREAK = re.compile(r"[,;:(?!]|\s[-–—]\s|\s(?:and|but|so) (?=(?:i|we)(?:'d|'m|'ll)?\b)")


def _inside_a_question(text: str, local_start: int, local_end: int) -> bool:
    """Whether the duration at text[local_start:local_end] stands inside an embedded question
    that is not the ask."""
    head = text[:local_start]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(head)]
    clause_start = breaks[-1] if breaks else 0
    questions = list(_EMBEDDED_QUESTION.finditer(head, clause_start))
    if not questions:
        return False
    between = head[questions[-1].start() :]
    if _ASKED_FOR.search(between) is not None:
        return False
    after = text[local_end : local_end + 20].split()
    return not (after and after[0].strip(".,;:!?") in _MEETING_NOUNS)


# "20 minutes of your time": whatever stands before it, the duration is asked for.
# (not "I'm only 30 minutes from your Yaba office": a distance)
_OF_YOUR_TIME = re.compile(
    # ("20 minutes from your valuable time")
    r" (?:of|out of) your| from your (?:(?:valuable|precious|limited) )?(?:day|time|schedule"
    r"|calendar|week|diary|busy|working)\b"
)


_GIVING = frozenset(["give", "spare", "grant", "offer", "allow", "lend"])


def _given_to(before: list[str], index: int) -> bool:
    """Whether before[index] ("her", "his") is whom the time is given to: "give her 20
    minutes", "spare him about 15 minutes"."""
    return index > 0 and before[index - 1] in _GIVING and before[index] in ("her", "him", "them")


def _is_ask(sentence: Sentence, start: int, end: int) -> bool:
    text = sentence.low
    local_start, local_end = start - sentence.start, end - sentence.start
    if _inside_a_question(text, local_start, local_end):
        return False
    # ("a call of about 20 minutes before the summer": the approximation aside)
    before = [w for w in text[max(0, local_start - 50) : local_start].split() if w not in _APPROX]
    before = before[-3:]
    after = text[local_end : local_end + 30].split()[:2]
    after = [w.strip(".,;:!?") for w in after if w != "long"]
    not_ask = (
        any(w in _NOT_ASK_BEFORE and not _asks_to_spend(before, i) for i, w in enumerate(before))
        or any(_takes_time(before, i) for i in range(len(before)))
        # (not an object: "Would you be willing to give her 20 minutes on a call?", asked for
        # the student a professor introduces)
        or (before and before[-1] in _POSSESSIVES and not _given_to(before, len(before) - 1))
        # "the most useful twenty minutes of my year": the requester's own time, told
        or (len(after) >= 2 and after[0] == "of" and after[1] in ("my", "our"))
        or (
            len(before) >= 2
            and before[-2] in _POSSESSIVES
            and not _given_to(before, len(before) - 2)
        )
        or (
            bool(after)
            and after[0] in _NOT_ASK_AFTER
            and not (len(after) > 1 and after[1] in _MEETING_NOUNS)
            # "Would you be up for a 20-minute walk around the lake?": the walk is the meeting
            and not (after[0] == "walk" and sentence.question)
            and not (
                before
                and (
                    before[-1] in _ASKING_BEFORE
                    or before[-1] in _MODALS
                    # "a call of about 20 minutes before the summer"
                    or (before[-1] == "of" and len(before) > 1 and before[-2] in _MEETING_NOUNS)
                )
                and after[0] in _WHEN_WORDS
            )
        )
    )
    # "of your time" right after the duration is still an ask: "20 minutes of your time".
    if not_ask and _OF_YOUR_TIME.match(text, local_end) is None:
        return False
    # A question that names a duration is an ask ("15 minutes sometime in December?").
    return (
        sentence.question
        or any(cue in text for cue in _ASK_CUES)
        or _stands_alone(text, local_start, local_end)
    )


_BEFORE_ALONE = frozenset(["", "just", "only", "maybe", "perhaps", "ideally", "even", "about"])
_AFTER_ALONE = re.compile(r"[ ]?(?:[,;:.!]|[-–—] |$|(?:max|tops|at most|maximum)\b)")


def _stands_alone(text: str, local_start: int, local_end: int) -> bool:
    """A terse note's ask is the duration alone, opening its sentence: "30 min, any week that
    suits.", "15 minutes, your choice of day.", "Just 20 minutes — tops."."""
    return (
        text[:local_start].strip(" -*•(~").rstrip(",") in _BEFORE_ALONE
        and _AFTER_ALONE.match(text, local_end) is not None
    )


_UNITS = ("min", "hour", "hr")
_MEETING_AFTER = (
    r" (?:call|chat|conversation|meeting|zoom|phone|video|coffee|catch-up|catch up|slot)\b"
)
# "a ~20m call": minutes as one letter, only right before what the minutes are for ("a $20m
# fund" is money); "20' of your time": minutes as a prime, as in much of Europe, only where
# what follows makes them time ("a 20' container" is feet).
# ("15m on icon audits + crit culture?", "15m for q's on Pact setup?": a note's shorthand, what
# the minutes are for right after them)
_SHORT_MINUTES = re.compile(
    rf"(?<![\w$£€.,])(\d{{1,2}})(?:m(?={_MEETING_AFTER}| (?:on|for|to (?:chat|talk|ask|hear)"
    r"|of your)\b|\?)"
    rf"|['\u2019\u2032](?= (?:of|out of) your\b|{_MEETING_AFTER}))"
)
_UNIT_HINT = re.compile(any_of(_UNITS).pattern + r"|\dm[ ?]|\d['\u2019\u2032] ")


def _durations(text: str) -> list[tuple[int, int, float, float]]:
    """Every duration in a sentence, in order."""
    found: list[tuple[int, int, float, float]] = []
    for short in _SHORT_MINUTES.finditer(text):
        minutes = float(short.group(1))
        found.append((short.start(), short.end(), minutes, minutes))
    for unit in _UNITS:
        index = text.find(unit)
        while index != -1:
            duration = _duration_at(text, index)
            if duration is not None:
                found.append(duration)
            index = text.find(unit, index + 1)
    return sorted(found)


def _plainly_asked(sentence: Sentence, local_start: int, local_end: int) -> bool:
    """A duration put as the ask beyond doubt: in a question, after a verb of asking ("spare
    20 minutes"), or followed by "of your time"."""
    text = sentence.low
    before = text[max(0, local_start - 20) : local_start].split()[-1:]
    return (
        sentence.question
        or (bool(before) and before[0] in _ASKING_BEFORE)
        or _OF_YOUR_TIME.match(text, local_end) is not None
    )


def find_time_asks(draft: Draft) -> list[TimeAsk]:
    """Durations in the content that read as asks for the contact's time.

    Where one is plainly the ask, the others that only might be are left out: "talking
    about cutting a three-hour interview down" tells of their work, once "Could I have
    20-25 minutes?" has asked.
    """
    asks: list[tuple[TimeAsk, bool]] = []
    for sentence in draft.sentences_containing(_UNIT_HINT):
        for local_start, local_end, low_min, high_min in _durations(sentence.low):
            start, end = sentence.start + local_start, sentence.start + local_end
            if high_min > 0 and _is_ask(sentence, start, end):
                plain = _plainly_asked(sentence, local_start, local_end)
                asks.append((TimeAsk(start, end, low_min, high_min), plain))
    if any(plain for _, plain in asks):
        return [ask for ask, plain in asks if plain]
    return [ask for ask, _ in asks]


def _number_value(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _find_vague(draft: Draft) -> tuple[int, int] | None:
    match = search_near(_VAGUE, draft.content_low, _VAGUE_TRIGGERS)
    return None if match is None else (match.start(), match.end())


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def check_time_ask(data: CheckInput) -> Outcome:
    """Pass when an explicit duration is asked for and is within policy.max_minutes."""
    draft = data.draft
    limit = data.policy.max_minutes
    asks = find_time_asks(draft)
    if asks:
        low = min(a.low for a in asks)
        high = max(a.high for a in asks)
        evidence = tuple(span(draft, a.start, a.end) for a in asks)
        details: dict[str, int | float | str] = {
            "minutes_min": _number_value(low),
            "minutes_max": _number_value(high),
            "max_minutes": limit,
        }
        asked = _fmt(low) if low == high else f"{_fmt(low)}-{_fmt(high)}"
        if high > limit:
            return Outcome(
                False,
                f"Asks for {asked} minutes; the policy maximum is {limit}.",
                evidence,
                f'Ask for less time: {min(20, limit)} minutes or less, e.g. "Would you have '
                f'15-{min(20, limit)} minutes for a call?"',
                details,
            )
        return Outcome(True, f"Asks for {asked} minutes.", evidence, None, details)
    vague = _find_vague(draft)
    if vague is not None:
        return Outcome(
            False,
            f"The time ask is vague ('{draft.body[vague[0] : vague[1]]}'): say how many minutes.",
            (span(draft, vague[0], vague[1]),),
            'Replace the vague ask with a bounded one, e.g. "Would you have 15-20 minutes for '
            'a call in the next couple of weeks?"',
        )
    return Outcome(
        False,
        "No explicit time ask found.",
        (),
        'Say how much time you ask for, e.g. "Would you be open to a 20-minute call?"',
    )
