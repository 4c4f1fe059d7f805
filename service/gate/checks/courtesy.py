"""respects_time: the draft acknowledges that the contact's time is valuable.

Courtesy is phrased in countless ways, so besides set phrases ("I know you're busy") a
sentence counts when it pairs thanks or an apology with what the contact gives (their
time, consideration, reading), or an acknowledgement with how full their days are ("I
realise you must get a lot of these requests", "I understand you have a lot on your plate").
"""

from __future__ import annotations

import re

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.text import Draft, any_of, search_near, word_pattern

_BUSY = r"(?:very |extremely |incredibly |really |quite |super |so )?busy"
_COURTESY = word_pattern(
    rf"(?:know|understand|realize|realise|appreciate|imagine) (?:that )?(?:you(?:'re| are)|how)"
    rf" {_BUSY}"
    r"|(?:appreciate|respect|value|mindful of|respectful of|grateful for|thank you for|thanks for)"
    r" (?:your|you taking the|you taking|any of your|a few minutes of your) (?:time|consideration"
    r"|schedule|busy schedule)"
    r"|(?:your|you're) (?:time|schedule|calendar) (?:is|are) (?:valuable|precious|limited|busy"
    r"|full|packed|tight)"
    r"|(?:thank you|thanks|thx|grateful|appreciate it)(?: so much| very much| in advance| again)?"
    r" (?:for|in) (?:considering|reading|your consideration|taking the time|even reading"
    r"|the consideration|your time|advance)"
    r"|thanks in advance|thank you in advance"
    r"|(?:appreciate|grateful for) (?:you|your) (?:considering|consideration|taking the time)"
    r"|(?:i'll|i will|i'd|i promise to|promise to|happy to) (?:keep (?:it|this|things|our"
    r" (?:call|chat|conversation)|the call) (?:brief|short|focused|tight|quick)|be (?:brief"
    r"|respectful|mindful|efficient)|respect your time|stick to (?:the time|time|\d))"
    r"|(?:won't|will not|wouldn't|not) take (?:up )?(?:more than|much of|too much of|a lot of)"
    r" your time"
    r"|(?:totally |completely |fully )?understand if (?:you(?:'re| are| can't| cannot| don't)"
    r"|not|it's not|now isn't|the timing|this isn't|that's not)"
    r"|no (?:worries|pressure|problem|obligation) (?:at all )?if (?:not|you|now|this|it's)"
    r"|if (?:now|this|it) (?:isn't|is not|doesn't|does not) (?:a good time|work|suit)"
    r"|(?:totally |completely |perfectly |absolutely )?(?:fine|okay|ok|understandable) if"
    r" (?:not|you(?:'re| are| can't| don't)|now|this|it's)"
    r"|your (?:inbox|calendar|schedule) is (?:probably |likely )?(?:full|packed|busy|wild"
    r"|crazy)"
    r"|(?:things|life|schedules) (?:get|gets|are) (?:busy|hectic)|if you(?:'re| are) swamped"
    r"|at your (?:earliest )?convenience|whenever (?:suits|works for|is convenient for) you"
    r"|(?:work|fit) around your (?:schedule|calendar)|given (?:how busy|your (?:busy )?schedule)"
    r"|i know (?:how|that) (?:busy|valuable|precious|full)|i know your (?:time|schedule|calendar)"
    r"|respect your time|value your time|(?:your time|time) is (?:precious|valuable)"
    r"|busy (?:you are|schedule)"
    r"|(?:won't|will not|wouldn't|would not|not|never) (?:take|need|keep you)[^.?!\n]{0,40}"
    r"(?:your time|longer than|more than)"
    r"|(?:whatever|whenever|whichever|any time that|a time that) (?:\w+ )?(?:works|suits|fits)"
    r"|(?:works|suits|fits) (?:best )?(?:for |with |into |around )?your (?:schedule|calendar"
    r"|diary)"
)
_TRIGGERS = (
    "fine if",
    "ok if",
    "okay if",
    "understandable if",
    "inbox",
    "thx",
    "swamped",
    "good time",
    "busy",
    "time",
    "consider",
    "thank",
    "brief",
    "short",
    "understand",
    "worr",
    "pressure",
    "convenien",
    "schedule",
    "calendar",
    "advance",
    "obligation",
    "suits",
    "take",
    "need",
    "works",
    "fits",
)


# Thanks in the languages requesters mix into English ("gracias de antemano por su tiempo",
# "Diolch yn fawr", "Ngiyabonga kakhulu"): preview_questions reads them as courtesy too.
THANKS_ABROAD = (
    "salamat", "merci", "gracias", "obrigad", "danke", "grazie", "dankie", "diolch", "shukran",
    "ngiyabonga", "asante", "dhanyavaad", "jazak",
)  # fmt: skip
_THANKS = re.compile(
    r"\b(?:thank|thanks|thx|grateful|gratitude|appreciate|appreciated|appreciation|sorry"
    r"|apologi[sz]e|apologies|forgive|" + "|".join(THANKS_ABROAD) + ")"
)
_WHAT_THEY_GIVE = re.compile(
    r"\b(?:time|consideration|considering|consider|reading|read this|read my|schedule"
    r"|attention|patience|bandwidth|spare|look at this|a look)\b"
)
_ACKNOWLEDGE = re.compile(
    r"\b(?:know|knowing|understand|understanding|realis\w*|realiz\w*|aware|appreciate|imagine"
    r"|sure|mindful|conscious|respect\w*|given)\b"
)
_HOW_FULL = re.compile(
    r"\b(?:busy|swamped|hectic|demanding|plate|requests|messages|notes like|inbox|in-box"
    r"|calendar|schedule|diary|bandwidth|time is|time's|days are|weeks are|pulled in|demands"
    r"|stretched|limited time|precious|valuable)\b"
)
_COURTESY_HINTS = (
    "thank", "thx", "grateful", "gratitude", "apprecia", "sorry", "apolog", "forgive",
    *THANKS_ABROAD, "know", "understand", "realis", "realiz", "aware", "imagine", "sure",
    "mindful", "conscious", "respect", "given",
)  # fmt: skip
_COURTESY_HINT = any_of(_COURTESY_HINTS)
_NOT_COURTESY = re.compile(r"\btime[- ]series\b|\bfull[- ]time\b|\bpart[- ]time\b")


def _courteous_sentence(draft: Draft) -> tuple[int, int] | None:
    for sentence in draft.sentences_containing(_COURTESY_HINT):
        text = sentence.low
        if _NOT_COURTESY.search(text) is not None:
            continue
        if (_THANKS.search(text) is not None and _WHAT_THEY_GIVE.search(text) is not None) or (
            _ACKNOWLEDGE.search(text) is not None and _HOW_FULL.search(text) is not None
        ):
            return sentence.start, sentence.end
    return None


def check_respects_time(data: CheckInput) -> Outcome:
    """Pass when any courtesy phrase about the contact's time appears (sign-off included)."""
    draft = data.draft
    match = search_near(_COURTESY, draft.content_low, _TRIGGERS)
    found = None if match is None else (match.start(), match.end())
    if found is None:
        found = _courteous_sentence(draft)
    if found is not None:
        return Outcome(True, "Acknowledges the contact's time.", (span(draft, *found),))
    return Outcome(
        False,
        "Does not acknowledge the contact's time.",
        (),
        "Add one short line that respects their time, e.g. \"I know you're busy, so I'll keep "
        'it to 20 minutes" or "Thank you for considering it."',
    )
