"""The offline drafter: a deterministic composer used when no LLM endpoint is configured.

It builds a request from the same inputs the LLM gets: the requester's role, background,
goals and target fields, the research facts, and the contact's name, title and seniority.
The most distinctive person/role fact is woven into a specific reason, the requester's own
background supplies the connection, and the questions come from the contact's work and the
requester's learning goals.

Phrasing is chosen among several variants per part by hashing stable inputs (the contact,
organization and facts), never by randomness or the clock: the same inputs always give the
same text, while drafts to different contacts of one requester do not read as near-copies.

Research text is untrusted: every string taken from the inputs is sanitized (no URLs,
email addresses, phone numbers, markup, placeholders, invisible characters or injected
instructions) before it is embedded. Candidates are built from the richest form down to the
most compressed, and the first one the gate passes is returned; the gate is pure, so this
keeps the composer deterministic.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from service.gate import ContactProfile, GateReport, RequesterProfile, run_gate
from service.llm.drafting import Composition, DrafterKind, DraftInputs

COMPOSER_VERSION = 1
MODEL_NAME = "offline-composer"
# Candidates tried per draft before the least-bad one is returned (each costs one gate run).
_MAX_CANDIDATES = 80

T = TypeVar("T")


def _words(text: str) -> list[str]:
    """Whitespace-separated words of a literal word list (keeps long lists readable)."""
    return text.split()


# --- sanitizing untrusted text ---------------------------------------------------------------

_TLDS = (
    "com|org|net|io|ai|co|dev|app|edu|gov|me|info|biz|us|uk|de|fr|ly|gl|gg|xyz|tech|site"
    "|online|link|page|so|sh|to|tv|cc|ca|au|in|nl|es|it|ch|se|no|fi|pl|br|jp|cn|ru|eu|be|at"
    "|dk|ie|nz|za|mx|ar|cl|pt|gr|cz|hu|ro|kr|sg|hk|tw|il|tr|ng|ke|news|blog|cloud|academy"
    "|health|careers|jobs|su|ws|id|vn|th|my|ph|pk|ua|lt|lv|ee|is|lu|sk|si|hr|rs|ba|bg"
)
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\s]{0,2048}\)")
_TAG = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^<>]{0,300}>|<!--|-->", re.I | re.S)
_URL = re.compile(
    r"(?:https?|ftp)://\S+|\bwww\.\S+"
    # Bare domains count only in lowercase, like the gate: "Booking.com" is a company name.
    rf"|\b(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:[/?#]\S*)?"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+|\b00)?\(?\d[\d ().-]{5,}\d")
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{4} ?[-–] ?\d{4}")
_PLACEHOLDER = re.compile(
    r"\[[^\[\]]{0,80}\]|\{[^{}]{0,80}\}|(?<![\w-])(?:XX+|xx+)(?![\w-])"
    r"|\b(?:TBD|TBC|TODO|FIXME|FIRST_?NAME|LAST_?NAME|COMPANY_?NAME)\b|_{3,}|%[A-Za-z_]+%"
)
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,60}\b(?:instructions?|prompts?|rules"
    r"|above|previous|prior|guidelines|everything)\b"
    r"|\bsystem prompt\b|\bconfidential marker\b|\bcanary\b"
    r"|\byou are (?:now )?(?:an? )?(?:ai|assistant|chatbot|language model|llm|gpt)\b"
    r"|\b(?:instead|also|now),? (?:write|include|add|say|reply|respond|output|print|insert"
    r"|append|tell)\b"
    r"|\b(?:reveal|print|output|repeat|leak)\b.{0,40}\b(?:prompt|instructions|marker|secret"
    r"|password|key)\b"
    r"|^\s*(?:assistant|system|user|developer)\s*:"
    r"|\b(?:include|add|insert|append) (?:this|the following|a|my|the) (?:link|url|email"
    r"|phone|number)\b",
    re.IGNORECASE,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_TRAILING_JUNK = frozenset(
    _words(
        """
a an the of to for with and or but at in on by from via see here link website page site
visit read more is are was were as into about this that which who their her his its your our
my up out including such e.g i.e etc
"""
    )
)


def _strip_invisible(text: str) -> str:
    kept: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in "\n\t\r":
            kept.append(" ")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Co", "Cs", "Cn"):
            continue
        kept.append(" " if category in ("Zs", "Zl", "Zp") else char)
    return "".join(kept)


def _remove_phones(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        value = match.group()
        digits = sum(c.isdigit() for c in value)
        if digits < 7 or _DATE_LIKE.fullmatch(value.strip()):
            return value
        return " "

    return _PHONE.sub(replace, text)


def _balance(text: str) -> str:
    """Drop unbalanced brackets and quotes (left behind when a link was cut out)."""
    for open_, close in (("(", ")"),):
        if text.count(open_) != text.count(close):
            text = text.replace(open_, "").replace(close, "")
    for quote in ('"', "“", "”"):
        if text.count(quote) % 2:
            text = text.replace(quote, "")
    if (text.count("“") + text.count("”")) % 2:
        text = text.replace("“", "").replace("”", "")
    return text


def _trim(text: str) -> str:
    """Collapse whitespace; drop trailing punctuation and dangling function words."""
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    while True:
        text = text.strip(" .,;:!?-–—/|*•'\"")
        if not text:
            return ""
        last = text.rsplit(" ", 1)[-1].lower()
        if " " in text and (last in _TRAILING_JUNK or last.endswith(("'s", "’s", "s'"))):
            text = text.rsplit(" ", 1)[0]
            continue
        return text


_LINK_LEAD = re.compile(
    r"(?:\b(?:see|at|via|on|visit|call|email|e-mail|contact|reach|write to|read more at|more at"
    r"|here|link|website|site)\s*[:\-]?\s*)*\x00",
    re.IGNORECASE,
)
_NOISE = re.compile(r"\bclick here\b|\bread more\b|\bsubscribe\b|\bsign up\b", re.IGNORECASE)


_CLAUSE_SPLIT = re.compile(r"(?<=[;:])\s+|\s+[-–—]\s+")
_FUNCTION_START = frozenset(
    _words(
        """
for to at on via and or with from in about of by
"""
    )
)


def _unlink(sentence: str) -> str:
    """Replace links, emails and phones with a marker, then remove markers and lead-ins."""
    marked = sentence.replace("\x01", "\x00")
    marked = _EMAIL.sub("\x00", marked)
    marked = _URL.sub("\x00", marked)
    marked = _remove_phones(marked)
    return _LINK_LEAD.sub(" ", marked).replace("\x00", " ")


def sanitize(text: str | None) -> str:
    """Plain, safe text from an untrusted string; "" when nothing usable is left."""
    if not text:
        return ""
    text = _strip_invisible(text)
    # "[Click here](…) to read more" says nothing once the link is gone: mark it for removal.
    text = _MD_LINK.sub(lambda m: " \x01 " if _NOISE.search(m[1]) else m[1], text)
    text = _TAG.sub(" ", text)
    text = text.replace("<", " ").replace(">", " ")
    text = _PLACEHOLDER.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    sentences = [s for s in _SENTENCE_SPLIT.split(text) if not _INJECTION.search(s)]
    if len(sentences) > 1:
        # A sentence that only pointed somewhere ("See http://... for slides") says nothing
        # once the link is gone.
        kept = [s for s in sentences if _unlink(s) == s]
        sentences = kept or sentences
    unlinked: list[str] = []
    for sentence in sentences:
        if _unlink(sentence) != sentence:
            # Keep the clauses of the sentence that carried no link ("…; he manages X").
            parts = _CLAUSE_SPLIT.split(sentence)
            clean = [c for c in parts if _unlink(c) == c]
            if clean and len(clean) < len(parts):
                sentence = " ".join(clean)
        plain = _unlink(sentence)
        words = plain.split()
        if plain != sentence and (len(words) < 3 or words[0].lower() in _FUNCTION_START):
            continue  # only a fragment is left ("for the annual report")
        unlinked.append(sentence if plain == sentence else sentence.replace("\x01", "\x00"))
    text = " ".join(unlinked)
    # A clause that carries an injection inside an otherwise normal sentence goes too.
    clauses = _CLAUSE_SPLIT.split(text)
    text = " ".join(
        c for c in clauses if not (_INJECTION.search(c) or _NOISE.search(c) or "\x00" in c)
    )
    text = _unlink(text)
    return _trim(_balance(text))


# --- small language helpers ------------------------------------------------------------------

_VOWEL_LETTERS = frozenset("AEFHILMNORSX")  # acronyms read with a vowel sound ("an MBA")


def article(phrase: str) -> str:
    """ "a" or "an" for `phrase` (by sound, roughly)."""
    word = phrase.split(" ", 1)[0].strip("\"'(")
    if not word:
        return "a"
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    low = word.lower()
    if low.startswith(("uni", "use", "usu", "eu", "one", "ubi", "uro")):
        return "a"
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if low[0] in "aeiou" else "a"


_LOWERABLE = frozenset(
    _words(
        """
the a an this that these those our her his their its my your one two three four five six
seven eight nine ten eleven twelve several many some most recent recently new former current
currently previously also senior junior lead leading principal staff associate assistant
chief head deputy registered licensed certified clinical graduate undergraduate law legal
software data product graphic visual public private local regional national international
global freelance independent early mid late first second third final full part high middle
elementary special civil mechanical electrical chemical environmental financial investment
corporate criminal immigration family nonprofit non-profit community health healthcare
research teaching academic mechanical marketing sales account operations project program
programme policy communications digital creative interaction industrial instructional
technical quantitative machine mobile backend frontend full-stack front-end back-end
security cloud infrastructure design engineering nursing medical hospital school university
college student students nurse nurses teacher teachers engineer engineers analyst analysts
manager managers director directors designer designers developer developers lawyer lawyers
paralegal attorney journalist reporter writer editor accountant consultant scientist
researcher researchers librarian volunteer coordinator specialist administrator officer
intern fellow postdoc professor lecturer organizer advocate social case after before during
since in at on with from over under about for as after across within while when eight nine
"""
    )
)
_PROPER_HINTS = frozenset(
    _words(
        """
python java javascript typescript rust go kotlin swift ruby scala excel salesforce epic sap
google microsoft amazon apple meta linux windows english spanish french german chinese
japanese portuguese arabic hindi african american european asian latin latino latina
catholic christian jewish muslim medicare medicaid ai figma tableau oracle aws azure
"""
    )
)


def soften(text: str, proper: frozenset[str] = frozenset()) -> str:
    """Lower-case the first letter when `text` is embedded mid-sentence, unless it looks like
    a proper noun or an acronym ("Senior nurse" -> "senior nurse", "ICU nurse" stays)."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    letters = [c for c in first if c.isalpha()]
    if not letters or not letters[0].isupper():
        return text
    if sum(c.isupper() for c in letters) > 1:
        return text  # "ICU", "McKinsey", "iOS"-like words keep their case
    low = first.lower().strip(",.;:")
    if low in _PROPER_HINTS or low in proper:
        return text
    if low in _LOWERABLE or low.endswith(("ing", "ed", "ly", "ist", "er", "or", "ian")):
        return text[0].lower() + text[1:]
    return text


def clip_words(text: str, limit: int) -> str:
    """`text` cut to at most `limit` words, preferably at a clause boundary."""
    words = text.split()
    if len(words) <= limit:
        return text
    best: int | None = None
    for index in range(min(limit, len(words) - 1), max(2, limit // 2) - 1, -1):
        previous = words[index - 1]
        following = words[index].lower()
        if previous.endswith((",", ";", ":")) or following in (
            "and", "while", "which", "where", "who", "including", "after", "with", "-", "–", "—",
            "in", "at", "for", "during", "across", "by", "from", "to", "before", "serving", "using",
            "covering", "that",
        ):  # fmt: skip
            best = index
            break
    if best is None:
        best = limit
        while best > 2 and words[best][:1].isupper() and words[best - 1][:1].isupper():
            best -= 1  # "before the Third | Circuit": keep names whole
    cut = " ".join(words[:best])
    return _trim(_balance(cut))


def word_count(text: str) -> int:
    """Words as the gate counts them (standalone punctuation does not count)."""
    return sum(1 for t in text.split() if t not in {"-", "–", "—", "&", "|", "/", "•"})


_TITLES = frozenset(
    _words(
        """
dr dr. mr mr. mrs mrs. ms ms. mx mx. prof prof. professor sir dame
"""
    )
)
# Honorifics that may precede a name; only skipped when a first and last name still follow
# ("Deputy Commissioner Alicia Brown" -> "Alicia", but "Dean Smith" -> "Dean").
_HONORIFICS = frozenset(
    _words(
        """
deputy commissioner judge justice senator sen. representative rep. hon. honorable rev.
reverend father sister brother captain capt. colonel col. general gen. lt. lieutenant major
mayor councilmember councillor councilor chancellor president dean ambassador governor gov.
chief director minister secretary
"""
    )
)


def first_name(name: str) -> str:
    """The name to greet someone by: "Dr. Ana Pérez" -> "Ana", "J. Robert Smith" -> "Robert"."""
    clean = sanitize(name.split(",", 1)[0]) or sanitize(name) or name.strip()
    tokens = [t for t in clean.split() if t.lower() not in _TITLES]
    while len(tokens) > 2 and tokens[0].lower() in _HONORIFICS:
        tokens = tokens[1:]
    for token in tokens:
        if not (len(token) <= 2 and token.endswith(".")):
            return token.strip(".,")
    return tokens[0].strip(".,") if tokens else clean


def _name_tokens(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    return frozenset(t.lower().strip(".,'") for t in name.split() if t)


# --- facts -----------------------------------------------------------------------------------

_PAST_IRREGULAR = frozenset(
    _words(
        """
led built wrote spoke ran taught began grew won made gave took left rebuilt oversaw drew
brought sold held kept met chose drove got went became co-wrote co-led set sat spent found
shipped hired raised cut did saw told thought understood lost paid put fought flew
"""
    )
)
_PRESENT_VERBS = {
    "is": "are", "was": "were", "has": "have", "had": "had", "does": "do", "goes": "go",
    "leads": "lead", "runs": "run", "writes": "write", "manages": "manage",
    "teaches": "teach", "hosts": "host", "oversees": "oversee", "heads": "head",
    "serves": "serve", "works": "work", "organizes": "organize", "organises": "organise",
    "mentors": "mentor", "coordinates": "coordinate", "directs": "direct", "builds": "build",
    "speaks": "speak", "studies": "study", "advises": "advise", "chairs": "chair",
    "co-leads": "co-lead", "coaches": "coach", "edits": "edit", "maintains": "maintain",
    "owns": "own", "researches": "research", "supports": "support", "trains": "train",
    "blogs": "blog", "volunteers": "volunteer", "sits": "sit", "represents": "represent",
    "handles": "handle", "designs": "design", "develops": "develop", "publishes": "publish",
    "covers": "cover", "focuses": "focus", "specializes": "specialize", "teaches:": "teach",
    "co-hosts": "co-host", "co-founded": "co-founded", "curates": "curate", "drives": "drive",
    "partners": "partner", "champions": "champion", "contributes": "contribute",
    "helps": "help", "recruits": "recruit", "reviews": "review", "investigates": "investigate",
    "argues": "argue", "advocates": "advocate", "shapes": "shape", "guides": "guide",
}  # fmt: skip
# After these verbs the rest is a career step or a stance, not a piece of work to ask about.
_NOT_WORK_VERBS = frozenset(
    _words(
        """
left joined moved switched transitioned returned became went pivoted relocated retired
graduated studied represent advise cover focus specialize serve support argue advocate sit
work partner help have had are were do go spoke gave
"""
    )
)
_ADVERBS = frozenset(
    _words(
        """
previously recently currently also formerly now once still
"""
    )
)
_ROLE_NOUNS = frozenset(
    _words(
        """
author co-author speaker host co-host founder co-founder creator maintainer editor member
former chair winner recipient organizer organiser mentor instructor lecturer panelist
contributor advisor adviser keynote board alumna alumnus alum veteran fellow cofounder
"""
    )
)
_POSSESSIVE = {"her": "your", "his": "your", "their": "your"}
_PRONOUN_FIX = {"herself": "yourself", "himself": "yourself", "themselves": "yourself",
                "her": "your", "his": "your", "she": "you", "he": "you"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fact:
    """One research fact, sanitized and prepared for embedding."""

    index: int
    about: str
    text: str  # sanitized, original case
    clause: str | None  # second-person clause ("you led the rebuild of ..."), if derivable
    work: str | None  # what they did, as a noun phrase ("the rebuild of sepsis alerting")
    past: bool
    score: float


def _is_past(word: str) -> bool:
    low = word.lower()
    if "-" in low and low.split("-", 1)[0] in ("co", "re", "pre", "self"):
        low = low.split("-", 1)[1]
    if low in _PAST_IRREGULAR:
        return True
    return len(low) >= 4 and low.endswith("ed") and not low.endswith("eed") and low.isalpha()


def _second_person(rest: list[str]) -> list[str]:
    """Turn third-person pronouns after the verb into second person."""
    out: list[str] = []
    for token in rest:
        stripped = token.strip(".,;:!?\"'()")
        low = stripped.lower()
        if low in ("her", "his", "herself", "himself"):
            replacement = _PRONOUN_FIX[low]
            out.append(token.replace(stripped, replacement))
        else:
            out.append(token)
    return out


def _third_to_second(text: str) -> str:
    """ "Over a decade he has led ..." -> "Over a decade you have led ..." (person facts)."""
    tokens = text.split(" ")
    out: list[str] = []
    after_subject = False
    for token in tokens:
        core = token.strip(".,;:!?\"'()")
        low = core.lower()
        replacement: str | None = None
        if low in ("he", "she"):
            replacement, after_subject = "you", True
        elif low in ("he's", "she's"):
            replacement = "you're"
        elif after_subject and low in _PRESENT_VERBS:
            replacement, after_subject = _PRESENT_VERBS[low], False
        elif low in ("his", "her", "himself", "herself"):
            replacement = _PRONOUN_FIX[low]
        else:
            after_subject = False
        if replacement is not None and core:
            if core[0].isupper():
                replacement = replacement[0].upper() + replacement[1:]
            token = token.replace(core, replacement, 1)
        out.append(token)
    return " ".join(out)


def _prepare_fact(index: int, about: str, text: str, contact: ContactProfile) -> Fact | None:
    text = sanitize(text)
    words = text.split()
    if len(words) < 2:
        return None
    names = _name_tokens(contact.name) - _TITLES
    position = 0
    while position < len(words) - 1 and (
        words[position].lower().strip(".,'s") in names or words[position].lower() in _TITLES
    ):
        position += 1
    first = words[position]
    low = first.lower().strip(",")
    subject_dropped = position > 0 or low in ("she", "he", "they")
    if low in ("she", "he", "they"):
        position += 1
        first = words[position] if position < len(words) else ""
        low = first.lower().strip(",")
    adverb = ""
    if low in _ADVERBS and position + 1 < len(words):
        adverb = low + " "
        position += 1
        first = words[position]
        low = first.lower().strip(",")
        subject_dropped = True
    rest = _second_person(words[position + 1 :])
    clause: str | None = None
    work: str | None = None
    past = False
    if low in _PRESENT_VERBS and (subject_dropped or about in ("person", "role")):
        verb = _PRESENT_VERBS[low]
        if low == "are" or not rest:
            clause = None
        else:
            clause = " ".join(["you", adverb + verb, *rest])
            if verb not in _NOT_WORK_VERBS:
                work = " ".join(rest)
    elif low in _PRESENT_VERBS.values() and subject_dropped:  # "they lead ..."
        clause = " ".join(["you", low, *rest])
    elif _is_past(first) and (subject_dropped or about in ("person", "role")) and rest:
        clause = " ".join(["you", adverb + low, *rest])
        work = None if low.split("-")[-1] in _NOT_WORK_VERBS else " ".join(rest)
        past = True
    elif low in _POSSESSIVE and about in ("person", "role") and rest:
        clause = None
        text = " ".join(["Your", *rest])
    elif low in _ROLE_NOUNS and (subject_dropped or about in ("person", "role")) and rest:
        noun = " ".join([low, *rest])
        det = "the" if rest[0].lower() == "of" else article(noun)
        clause = f"you're {det} {noun}" if low != "former" else f"you're a {noun}"
    if work is not None and work.split()[0].lower() in (
        "from", "to", "into", "in", "at", "on", "back", "over", "across", "with", "as", "for",
        "up", "out", "away", "after", "before", "through", "between",
    ):  # fmt: skip
        work = None  # "moved from X to Y" is a career step, not a piece of work
    if work is not None:
        head = work.split()[0].lower()
        if head in ("a", "an"):
            work = "your " + work.split(" ", 1)[1]
        work = re.split(r",|;| - | – | — ", work, maxsplit=1)[0]
        tokens = work.split()
        for position in range(2, len(tokens)):
            if tokens[position].lower() in (
                "in", "at", "for", "from", "during", "by", "across", "before", "to", "with",
                "through", "while", "using",
            ):  # fmt: skip
                work = " ".join(tokens[:position])
                break
        work = clip_words(work, 9)
        if len(work.split()) < 2:
            work = None
    if clause is None and about in ("person", "role"):
        text = _third_to_second(text)
    content = [w for w in words if len(w) > 3 and w.lower() not in _LOWERABLE]
    distinct = {w.lower().strip(".,;:'\"") for w in content}
    capitals = sum(1 for w in words[1:] if w[:1].isupper() or any(c.isdigit() for c in w))
    about_weight = {"person": 3.0, "role": 2.0, "organization": 1.0}.get(about, 1.0)
    length_penalty = 0.05 * max(0, len(words) - 35)
    score = about_weight * 10 + len(distinct) + 0.5 * capitals - length_penalty
    return Fact(index, about, text, clause, work, past, score)


def _choose_facts(inputs: DraftInputs, canary: str) -> list[Fact]:
    """Usable facts, best first (person, then role, then organization; distinctive words)."""
    marker = canary[: len(canary) // 2] if canary else ""
    facts: list[Fact] = []
    for index, raw in enumerate(inputs.facts):
        if marker and marker in raw.text:
            continue
        fact = _prepare_fact(index, raw.about, raw.text, inputs.contact)
        if fact is not None:
            facts.append(fact)
    if not facts and inputs.research_notes:
        notes = sanitize(inputs.research_notes)
        for index, sentence in enumerate(_SENTENCE_SPLIT.split(notes)[:5]):
            fact = _prepare_fact(index, "person", sentence, inputs.contact)
            if fact is not None:
                facts.append(fact)
    return sorted(facts, key=lambda f: (-f.score, f.index))


# --- the requester ---------------------------------------------------------------------------

_NUMBER_START = re.compile(
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|several|many|a decade|over|nearly|almost|about)\b",
    re.IGNORECASE,
)


def _segments(text: str) -> list[str]:
    return [s for s in (_trim(p) for p in re.split(r"[;.]\s+|;|\.$|, ", text)) if s]


@dataclass(frozen=True, slots=True)
class Requester:
    """What the draft says about the requester."""

    first: str
    role: str  # "an ICU nurse" / "someone with eight years of ..." (with its article)
    deed: str | None  # "led our unit's EHR rollout"
    target: str | None  # "clinical informatics"
    goals: tuple[str, ...]  # embedded questions or topics: "how nurses move into informatics"
    interest: str | None


def _requester(profile: RequesterProfile) -> Requester:
    proper = _name_tokens(profile.name)
    role_text = sanitize(profile.current_role)
    background = sanitize(profile.background)
    segments = _segments(background)
    deed: str | None = None
    for segment in segments:
        head = segment.split()[0]
        if _is_past(head) and len(segment.split()) >= 3:
            deed = clip_words(soften(segment, proper), 10)
            deed = deed[0].lower() + deed[1:] if head.lower() in _PAST_IRREGULAR else deed
            break
    role = ""
    if role_text:
        role_text = clip_words(soften(role_text, proper), 9)
        low = role_text.lower()
        if low.startswith(("a ", "an ", "the ", "my ", "someone ")):
            role = role_text
        elif low.startswith(("currently ", "working ", "studying ", "finishing ")):
            role = "someone " + role_text
        else:
            role = f"{article(role_text)} {role_text}"
    elif segments:
        first_segment = clip_words(soften(segments[0], proper), 10)
        head = first_segment.split()[0]
        if _NUMBER_START.match(first_segment):
            role = "someone with " + first_segment[0].lower() + first_segment[1:]
        elif _is_past(head):
            role = ""
            deed = deed or first_segment
        elif first_segment.lower().startswith(("i ", "i'm ", "i've ")):
            role = ""
        else:
            role = f"{article(first_segment)} {first_segment}"
    targets = [t for t in (sanitize(t) for t in profile.target_fields) if t]
    target = soften(targets[0], proper) if targets else None
    if target and role and target.lower() in role.lower():
        target = None
    interests = [i for i in (sanitize(i) for i in profile.interests) if i]
    interest = soften(interests[0], proper) if interests else None
    if not role:
        focus = target or interest
        role = f"someone drawn to {focus}" if focus else "someone early in my career"
    goals = tuple(_goal_topics(profile.learning_goals, proper))
    return Requester(
        first=first_name(profile.name),
        role=role,
        deed=deed,
        target=target,
        goals=goals,
        interest=interest,
    )


_GOAL_LEAD = re.compile(
    r"^(?:i(?:'d| would) like to |i want to |i hope to |i'm hoping to |hoping to |want to "
    r"|to )?(?:better )?(?:learn|understand|know|find out|explore|see|hear|get a sense of"
    r"|figure out|ask|discuss)?(?: more)?(?: about)?\s*",
    re.IGNORECASE,
)
_WH = ("how ", "what ", "which ", "whether ", "why ", "where ", "when ", "who ")


def _goal_topics(goals: str | None, proper: frozenset[str]) -> Iterator[str]:
    text = sanitize(goals)
    if not text:
        return
    parts = re.split(r"[;?\n]|\.\s|,? and (?=how |what |which |whether |why |where |when )", text)
    seen: set[str] = set()
    for part in parts:
        part = _trim(part)
        part = _trim(_GOAL_LEAD.sub("", part, count=1))
        if len(part.split()) < 2:
            continue
        part = clip_words(soften(part, proper), 14)
        if part.lower() not in seen:
            seen.add(part.lower())
            yield part


# --- contact ---------------------------------------------------------------------------------

_SENIOR_TITLE = re.compile(
    r"\b(?:chief|c[etfoim]o|vp|svp|evp|vice president|president|director|head of|partner"
    r"|founder|co-founder|principal|managing director|general manager|dean|provost|executive"
    r"|chair|board member)\b",
    re.IGNORECASE,
)
_TITLE_DROP = re.compile(
    r"\b(?:senior|sr\.?|junior|jr\.?|lead|principal|staff|chief|head|director|vp|svp|evp"
    r"|vice president|president|manager|associate|assistant|deputy|global|regional|executive"
    r"|managing|general|interim|acting|of|and|&|for|the|in|at)\b",
    re.IGNORECASE,
)
_PERSON_SUFFIX = ("er", "or", "ist", "ian", "yst", "ant", "nurse", "counsel", "attorney",
                  "associate", "student", "fellow", "officer", "candidate")  # fmt: skip


_C_LEVEL = re.compile(r"C[A-Z]{1,3}O")


def _is_senior(contact: ContactProfile) -> bool:
    if contact.seniority is not None:
        return contact.seniority in ("senior", "executive")
    return bool(contact.title and _SENIOR_TITLE.search(contact.title))


def _casefold_field(text: str) -> str:
    return " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in text.split())


def _field(contact: ContactProfile, requester: Requester) -> tuple[str, bool]:
    """The contact's line of work as a phrase, and whether it names a person ("a designer")."""
    department = sanitize(contact.department)
    if department:
        cleaned = _trim(_TITLE_DROP.sub(" ", department))
        if cleaned:
            return _casefold_field(cleaned), False
    title = sanitize(contact.title)
    if title and " of " in title:
        after = _trim(_TITLE_DROP.sub(" ", title.rsplit(" of ", 1)[1]))
        if after:
            return _casefold_field(after), False
    if title:
        cleaned = _trim(_TITLE_DROP.sub(" ", title))
        if cleaned and re.search(r"\bmanager\s*$", title, re.IGNORECASE):
            return _casefold_field(cleaned) + " management", False
        if cleaned:
            phrase = _casefold_field(cleaned)
            last = phrase.split()[-1]
            person = last.lower().endswith(_PERSON_SUFFIX) or bool(_C_LEVEL.fullmatch(last))
            return phrase, person
    return (requester.target or requester.interest or "your field"), False


# --- variety ---------------------------------------------------------------------------------


class Picker:
    """Deterministic choice among phrasings, keyed by stable inputs and a slot name."""

    def __init__(self, seed: bytes) -> None:
        self.seed = seed

    def pick(self, slot: str, options: Sequence[T]) -> T:
        digest = hashlib.sha256(self.seed + b"\x00" + slot.encode()).digest()
        return options[int.from_bytes(digest[:8], "big") % len(options)]


def _seed(inputs: DraftInputs, salt: int) -> bytes:
    contact = inputs.contact
    parts = [
        contact.name,
        contact.organization or "",
        contact.title or "",
        contact.department or "",
        *(f"{f.about}:{f.text}" for f in inputs.facts),
        inputs.channel,
        inputs.kind,
        str(salt),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).digest()


# --- composing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Level:
    """How much a candidate says; lower levels are shorter."""

    fact_words: int
    second_fact: bool
    questions: int
    deed: bool
    target: bool
    courtesy: bool
    assurance: bool


_LEVELS = (
    Level(30, True, 3, True, True, True, True),
    Level(24, False, 3, True, True, True, True),
    Level(20, False, 2, True, True, True, False),
    Level(16, False, 2, False, True, True, False),
    Level(12, False, 2, False, False, True, False),
    Level(9, False, 2, False, False, False, False),
    Level(6, False, 2, False, False, False, False),
)


@dataclass
class Parts:
    """Everything a candidate is assembled from."""

    inputs: DraftInputs
    requester: Requester
    facts: list[Fact]
    contact_first: str
    org: str | None
    field_phrase: str
    field_is_person: bool
    senior: bool
    minutes: str  # "15–20 minutes"
    minutes_short: str  # "15–20 min"
    minutes_adj: str  # "15–20 minute"
    proper: frozenset[str]
    hints: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _minutes(max_minutes: int) -> tuple[str, str, str]:
    high = min(20, max_minutes)
    low = min(15, high)
    span = f"{high}" if low == high else f"{low}–{high}"
    return f"{span} minutes", f"{span} min", f"{span}-minute" if low == high else f"{span} minute"


def _persona(parts: Parts, level: Level, pick: Picker) -> str:
    """ "an ICU nurse who led our unit's EHR rollout and is now moving into informatics"."""
    requester = parts.requester
    text = requester.role
    if level.deed and requester.deed:
        text += f" who {requester.deed}"
    if level.target and requester.target:
        verb = pick.pick(
            "target",
            ("moving into", "exploring a move into", "working toward a career in",
             "preparing for a move into", "hoping to move into"),
        )  # fmt: skip
        joiner = ", now " if level.deed and requester.deed else " now "
        text += f"{joiner}{verb} {requester.target}"
    return text


def _fact_text(fact: Fact, limit: int) -> tuple[str, bool]:
    """The fact as a you-clause when possible (True), else as a sentence (False)."""
    if fact.clause is not None:
        return clip_words(fact.clause, limit), True
    return clip_words(fact.text, limit), False


def _reason(parts: Parts, level: Level, pick: Picker) -> str:
    persona = _persona(parts, level, pick)
    if not parts.facts:
        where = f" at {parts.org}" if parts.org else ""
        return f"As {persona}, I was glad to find someone working in {parts.field_phrase}{where}."
    fact = parts.facts[0]
    text, is_clause = _fact_text(fact, level.fact_words)
    if is_clause:
        frames: tuple[str, ...] = (
            "As {p}, I was excited to read that {f}.",
            "I'm {p}, and I was struck to read that {f}.",
            "When I read that {f}, it stood out to me as {p}.",
            "I read that {f}, and as {p}, that caught my attention.",
            "As {p}, I took note when I learned that {f}.",
            "I'm {p}, so I was especially interested to see that {f}.",
        )
        return pick.pick("reason", frames).format(p=persona, f=text)
    frames = (
        "As {p}, one thing stood out in my research: {f}.",
        "I'm {p}, and one detail from my research caught my eye: {f}.",
        "As {p}, I was interested to learn this: {f}.",
        "I'm {p}, and something I read made me want to write to you: {f}.",
    )
    return pick.pick("reason", frames).format(p=persona, f=text)


def _second_fact(parts: Parts, level: Level, pick: Picker) -> str:
    if not level.second_fact or len(parts.facts) < 2:
        return ""
    first = parts.facts[0]
    candidates = [f for f in parts.facts[1:] if len(f.text.split()) >= 4]
    others = [f for f in candidates if f.about != first.about] or candidates
    if not others:
        return ""
    fact = others[0]
    text, is_clause = _fact_text(fact, 18)
    if is_clause:
        frame = pick.pick("second", ("I also saw that {f}.", "I also noticed that {f}."))
        return frame.format(f=text)
    frame = pick.pick(
        "second",
        ("I was also interested to learn this: {f}.", "Another thing I noted: {f}.",
         "Something else I noted: {f}."),
    )  # fmt: skip
    return frame.format(f=text, f_low=soften(text, parts.proper))


def _org_line(parts: Parts, pick: Picker, used: str) -> str:
    """Name the organization when no chosen fact did."""
    if not parts.org or parts.org.lower() in used.lower():
        return ""
    frame = pick.pick(
        "org",
        ("I'd value hearing how that work happens at {o}.",
         "I'd love to understand how that looks from inside {o}.",
         "Hearing how it works at {o} would help me a great deal.",
         "It would help to hear how this plays out at {o}.",
         "I'd be glad to hear how it looks day to day at {o}."),
    )  # fmt: skip
    return frame.format(o=parts.org)


def _questions(parts: Parts, pick: Picker) -> list[str]:
    """Direct questions, most specific first; the gate counts each as a distinct topic."""
    requester = parts.requester
    found: list[str] = []
    fact = parts.facts[0] if parts.facts else None
    field_phrase = parts.field_phrase
    if fact is not None and fact.work:
        work = fact.work
        if fact.past:
            frames: tuple[str, ...] = (
                "What was the hardest part of {w}?",
                "Looking back on {w}, what would you do differently?",
                "What did {w} teach you that you didn't expect?",
            )
        else:
            frames = (
                "How did {w} come about?",
                "What goes into {w} week to week?",
                "What has {w} taught you so far?",
            )
        found.append(pick.pick("q_fact", frames).format(w=work))
    goal_frames = (
        "Could I ask {g}?",
        "What's your sense of {g}?",
        "Do you have a view on {g}?",
        "Could you tell me {g}?",
    )
    np_frames = (
        "What's your sense of {g}?",
        "How do you think about {g}?",
        "Do you have a view on {g}?",
        "What have you learned about {g}?",
        "Could you tell me about {g}?",
    )
    offset = pick.pick("q_goal", range(12))
    for number, goal in enumerate(requester.goals[:2]):
        frames = goal_frames if goal.lower().startswith(_WH) else np_frames
        # Consecutive goals get different frames, so no two questions open alike.
        found.append(frames[(offset + number) % len(frames)].format(g=goal))
    if parts.field_is_person:
        role_frames: tuple[str, ...] = (
            "How did you become {a} {f}?",
            "What path led you to becoming {a} {f}?",
            "What do you wish you had known before becoming {a} {f}?",
        )
    else:
        role_frames = (
            "How did you find your way into {f}?",
            "What path led you into {f}?",
            "What does a typical week in {f} look like for you?",
        )
    found.append(pick.pick("q_role", role_frames).format(a=article(field_phrase), f=field_phrase))
    if requester.target:
        found.append(
            pick.pick(
                "q_target",
                ("Which skills would you build first if you were moving into {t} today?",
                 "What would you tell someone trying to move into {t}?"),
            ).format(t=requester.target)
        )  # fmt: skip
    found.append(f"Which resources or communities in {field_phrase} would you recommend?")
    found.append(f"What surprised you most when you started in {field_phrase}?")
    unique: list[str] = []
    for question in found:
        if question not in unique:
            unique.append(question)
    return unique


def _question_block(parts: Parts, count: int, pick: Picker) -> str:
    questions = _questions(parts, pick)[: max(count, parts.inputs.policy.min_questions)]
    lead = pick.pick(
        "q_lead",
        ("A few things I'd love to ask:", "Some questions I have in mind:",
         "To give you a flavor of what I'd ask:", "Questions I'd bring:",
         "What I'd most like to ask:", "A flavor of my questions:"),
    )  # fmt: skip
    return " ".join([lead, *questions])


def _ask(parts: Parts, pick: Picker) -> str:
    frames = (
        "Would you have {m} for a call in the next few weeks?",
        "Could I ask for {m} of your time, by phone or video, whenever suits you?",
        "Would you be open to a {ma} call at a time that works for you?",
        "Would a {ma} phone or video call sometime this month be possible?",
        "Might you have {m} for a video call over the coming weeks?",
        "Could we find {m} for a phone or video conversation soon?",
        "Would you be willing to give me {m} on a call sometime soon?",
        "If you're open to it, I'd be grateful for {m} on a call at your convenience.",
    )
    return pick.pick("ask", frames).format(m=parts.minutes, ma=parts.minutes_adj)


def _colleague(parts: Parts, pick: Picker) -> str:
    if not parts.senior and "colleague" not in parts.hints:
        return ""
    return pick.pick(
        "colleague",
        ("If your schedule is full, I'd be just as glad to speak with a colleague on your team.",
         "And if you're too busy, perhaps someone on your team would be open to it instead.",
         "If you're short on time, a conversation with one of your colleagues would be just "
         "as helpful."),
    )  # fmt: skip


def _courtesy(parts: Parts, level: Level, pick: Picker) -> str:
    lines: list[str] = []
    if level.courtesy or "time" in parts.hints:
        lines.append(
            pick.pick(
                "courtesy",
                (
                    "I know your time is valuable, so I'll keep it brief.",
                    "Thank you for considering it; I know how busy things get.",
                    "I understand if the timing doesn't work, and thank you for reading this.",
                    "No worries at all if now isn't a good time.",
                    "Thank you in advance for considering it.",
                    "I know how busy you are, so there's no pressure at all.",
                ),
            )
        )
    if level.assurance:
        lines.append(
            pick.pick(
                "assurance",
                (
                    "I'll come prepared so it's a good use of your time.",
                    "I'll send a short agenda beforehand so we stay focused.",
                    "I'll have my questions ready so we can keep to time.",
                    "I promise to keep it focused.",
                    "I'll keep to the time we agree on.",
                ),
            )
        )
    return " ".join(lines)


def _greeting(parts: Parts, pick: Picker) -> str:
    return pick.pick("greeting", ("Hi", "Hello", "Dear")) + f" {parts.contact_first},"


def _closing(parts: Parts, pick: Picker) -> str:
    sign = pick.pick(
        "closing", ("Best,", "Thank you,", "Warm regards,", "Many thanks,", "All the best,")
    )
    return f"{sign}\n{parts.requester.first}"


def _join(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


def _message(parts: Parts, level: Level, pick: Picker) -> str:
    reason = _reason(parts, level, pick)
    second = _second_fact(parts, level, pick)
    org_line = _org_line(parts, pick, reason + second) if level.fact_words >= 12 else ""
    paragraphs = [
        _greeting(parts, pick),
        _join(reason, second, org_line),
        _join(_ask(parts, pick), _question_block(parts, level.questions, pick),
              _colleague(parts, pick)),
        _courtesy(parts, level, pick),
        _closing(parts, pick),
    ]  # fmt: skip
    return "\n\n".join(p for p in paragraphs if p)


# --- connection notes ------------------------------------------------------------------------


def _note_topics(parts: Parts, pick: Picker) -> list[tuple[str, str]]:
    """Pairs of short embedded questions ("how you moved into X", "what skills matter")."""
    fact = parts.facts[0] if parts.facts else None
    first: list[str] = []
    if fact is not None and fact.work:
        work = clip_words(fact.work, 5)
        first.append(f"what {work} taught you" if fact.past else f"how {work} came about")
        # The reason already names the work, so a short back-reference reads naturally.
        first.append("what it taught you" if fact.past else "how it came together")
    field_phrase = clip_words(parts.field_phrase, 4)
    if parts.field_is_person:
        first.append(f"how you became {article(field_phrase)} {field_phrase}")
    else:
        first.append(f"how you moved into {field_phrase}")
    second: list[str] = []
    for goal in parts.requester.goals:
        if goal.lower().startswith(_WH) and len(goal.split()) <= 9:
            second.append(goal)
    target = parts.requester.target
    if target:
        second.append(f"what skills matter most in {clip_words(target, 4)}")
    second.append("what skills matter most on your team")
    second.append("what you'd advise a newcomer")
    second.append("what skills matter most")
    pairs: list[tuple[str, str]] = []
    for a in first:
        for b in second:
            pairs.append((a, b))
    # Preferred pairs first (compression falls back on later ones); the lead varies by contact.
    head = pick.pick("note_pair", pairs[: max(1, min(len(pairs), 3))])
    return [head, *(p for p in pairs if p != head)]


def _note_persona(parts: Parts, pick: Picker, size: int) -> str:
    requester = parts.requester
    if size == 0:
        return _persona(parts, Level(0, False, 0, True, True, False, False), pick)
    if size == 1:
        return _persona(parts, Level(0, False, 0, False, True, False, False), pick)
    if size == 2:
        return requester.role
    words = requester.role.split()
    for position in range(2, len(words)):
        if words[position].lower() in ("for", "at", "in", "with", "of", "on", "from", "who"):
            return " ".join(words[:position])
    return " ".join(words[:4])


def _note_candidates(parts: Parts, pick: Picker) -> Iterator[str]:
    limit = parts.inputs.policy.connection_note_limit
    senior = parts.senior or "colleague" in parts.hints
    greeting = f"Hi {parts.contact_first},"
    sign = f"\n{parts.requester.first}"
    fact = parts.facts[0] if parts.facts else None
    topic_pairs = _note_topics(parts, pick)
    ask_frames = (
        "Would you{c} have {m} to share {a} and {b}?",
        "Could we talk for {m}{c2} about {a} and {b}?",
        "Open to a {ma} call{c3} on {a} and {b}?",
    )
    start = pick.pick("note_ask", range(len(ask_frames)))
    ordered = [ask_frames[(start + i) % len(ask_frames)] for i in range(len(ask_frames))]
    # Prefer a richer fact over a richer persona: the fact is what makes the note specific.
    fact_sizes = (16, 13, 11, 9, 7, 6, 5, 4, 3)
    courtesy = " Thank you for considering it."
    durations = ((parts.minutes, parts.minutes_adj), (parts.minutes_short, parts.minutes_short))
    for words in fact_sizes if fact is not None else (0,):
        for persona_size in (0, 1, 2, 3):
            persona = _note_persona(parts, pick, persona_size)
            reason = _note_reason(parts, fact, persona, words)
            for minutes, minutes_adj in durations:
                for a, b in topic_pairs:
                    for frame in ordered:
                        ask = frame.format(
                            m=minutes,
                            ma=minutes_adj,
                            a=a,
                            b=b,
                            c=" or a colleague" if senior else "",
                            c2=" (or with a colleague)" if senior else "",
                            c3=" with you or a colleague" if senior else "",
                        )
                        note = f"{greeting} {reason} {ask}{sign}"
                        polite = f"{greeting} {reason} {ask}{courtesy}{sign}"
                        if len(polite) <= limit:
                            yield polite
                        if len(note) <= limit:
                            yield note


def _note_reason(parts: Parts, fact: Fact | None, persona: str, words: int) -> str:
    if fact is None:
        where = f" at {parts.org}" if parts.org else ""
        return f"as {persona}, I'm keen to learn about {parts.field_phrase}{where}."
    text, is_clause = _fact_text(fact, words)
    if is_clause and fact.work and fact.clause and words <= 9:
        # "you led the rebuild of X" reads better than a clause cut mid-way.
        short = f"{' '.join(fact.clause.split()[:2])} {fact.work}"
        if len(short.split()) <= words + 2:
            text = short
    if is_clause:
        return f"as {persona}, I read that {text}."
    return f"as {persona}, this stood out to me: {text}."


# --- follow-ups ------------------------------------------------------------------------------


def _sent_on(inputs: DraftInputs) -> str:
    """When the earlier request went, as a person says it ("about a month ago")."""
    earlier = inputs.earlier
    if earlier is None or not earlier.sent_ago:
        return "a while ago"
    return earlier.sent_ago


def _follow_up(parts: Parts, level: Level, pick: Picker) -> str:
    when = _sent_on(parts.inputs)
    opener = pick.pick(
        "fu_open",
        ("I'm following up on the note I sent you {w} about a short conversation.",
         "I wanted to follow up on the message I sent {w}, in case it got buried.",
         "Following up on the note I sent {w}: I'd still love to hear about your work."),
    ).format(w=when)  # fmt: skip
    persona = _persona(parts, Level(0, False, 0, level.deed, level.target, False, False), pick)
    reason = ""
    if parts.facts:
        text, is_clause = _fact_text(parts.facts[0], max(6, level.fact_words - 8))
        reason = (
            f"As {persona}, I keep thinking about the fact that {text}."
            if is_clause
            else f"As {persona}, this still stands out to me: {text}."
        )
    else:
        reason = f"As {persona}, your perspective on {parts.field_phrase} would help me a lot."
    questions = _questions(parts, pick)[: min(2, max(1, parts.inputs.policy.min_questions))]
    ask = pick.pick(
        "fu_ask",
        ("Would you have {m} for a call in the coming weeks?",
         "If you could spare {m} for a call, I'd be grateful.",
         "Would a {ma} call work for you sometime soon?"),
    ).format(m=parts.minutes, ma=parts.minutes_adj)  # fmt: skip
    courtesy = "No worries at all if now isn't a good time." if level.courtesy else ""
    paragraphs = [
        _greeting(parts, pick),
        _join(opener, reason),
        _join(ask, " ".join(questions), _colleague(parts, pick)),
        courtesy,
        _closing(parts, pick),
    ]
    return "\n\n".join(p for p in paragraphs if p)


def _follow_up_note(parts: Parts, pick: Picker) -> Iterator[str]:
    when = _sent_on(parts.inputs)
    colleague = " (or with a colleague)" if parts.senior or "colleague" in parts.hints else ""
    # In a follow-up the reason was already given, so the persona may go when space is short.
    for persona_size in (1, 2, 3, None):
        persona = "" if persona_size is None else _note_persona(parts, pick, persona_size)
        intro = f" as {persona}," if persona else ""
        for pair in _note_topics(parts, pick):
            note = (
                f"Hi {parts.contact_first}, following up on the note I sent {when}:{intro} "
                f"could we talk for {parts.minutes_short}{colleague} about {pair[0]} and "
                f"{pair[1]}?\n{parts.requester.first}"
            )
            if len(note) <= parts.inputs.policy.connection_note_limit:
                yield note


# --- subjects --------------------------------------------------------------------------------


def _subject(parts: Parts, pick: Picker) -> str | None:
    inputs = parts.inputs
    if inputs.channel != "email":
        return None
    if inputs.kind == "follow_up" and inputs.earlier is not None and inputs.earlier.subject:
        earlier = sanitize(inputs.earlier.subject)
        reply = earlier if earlier.lower().startswith("re:") else f"Re: {earlier}"
        if earlier and len(reply) < 70 and word_count(reply) <= 12:
            return reply
    org = parts.org
    at = f" at {org}" if org else ""
    fact = parts.facts[0] if parts.facts else None
    options: list[str] = []
    field_phrase = parts.field_phrase
    if fact is not None and fact.work:
        work = soften(clip_words(fact.work, 6), parts.proper)
        if work.lower().startswith("your "):
            work = work[5:]
        options += [f"Question about {work}{at}", f"{parts.minutes.capitalize()} on {work}{at}?"]
    if parts.field_is_person:
        field_phrase = f"your work as {article(field_phrase)} {field_phrase}"
    options += [
        f"{parts.minutes.capitalize()} on {field_phrase}{at}?",
        f"A question about {field_phrase}{at}",
        f"Question about your work{at}",
    ]
    fitting = [o for o in options if len(o) < 70 and len(o.split()) <= 12]
    if not fitting:
        return "A short question about your work"
    with_org = [o for o in fitting if org and org in o] or fitting
    return pick.pick("subject", with_org[:2])


# --- the drafter -----------------------------------------------------------------------------


def _parts(inputs: DraftInputs, repair_hints: Sequence[str], canary: str) -> Parts:
    requester = _requester(inputs.requester)
    facts = _choose_facts(inputs, canary)
    field_phrase, is_person = _field(inputs.contact, requester)
    minutes, minutes_short, minutes_adj = _minutes(inputs.policy.max_minutes)
    organization = sanitize(inputs.contact.organization) or None
    proper = _name_tokens(inputs.contact.name) | _name_tokens(organization)
    return Parts(
        inputs=inputs,
        requester=requester,
        facts=facts,
        contact_first=first_name(inputs.contact.name),
        org=organization,
        field_phrase=field_phrase,
        field_is_person=is_person,
        senior=_is_senior(inputs.contact),
        minutes=minutes,
        minutes_short=minutes_short,
        minutes_adj=minutes_adj,
        proper=proper,
        hints=" ".join(repair_hints).lower(),
    )


def _levels(hints: str) -> Sequence[Level]:
    if "cut " in hints or "shorten" in hints or "too long" in hints:
        return _LEVELS[2:]
    return _LEVELS


def _candidates(inputs: DraftInputs, parts: Parts) -> Iterator[tuple[str | None, str]]:
    """Candidate (subject, body) pairs, best first; several phrasings per compression level."""
    salts = (0, 1, 2) if "rewrite" not in parts.hints else (3, 4, 5)
    pickers = [Picker(_seed(inputs, salt)) for salt in salts]
    if inputs.channel == "linkedin_connection_note":
        for pick in pickers:
            make = _follow_up_note if inputs.kind == "follow_up" else _note_candidates
            for count, note in enumerate(make(parts, pick)):
                if count >= 20:
                    break
                yield None, note
        return
    for level in _levels(parts.hints):
        for pick in pickers:
            body = (
                _follow_up(parts, level, pick)
                if inputs.kind == "follow_up"
                else _message(parts, level, pick)
            )
            yield _subject(parts, pick), body


def _clean(text: str) -> str:
    """Final safety net: no invisible or control characters, tidy spacing."""
    text = "".join(
        c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs")
    )
    text = re.sub(r"[ ]{2,}", " ", text)
    text = re.sub(r" +([,.;:?!])", r"\1", text)
    return re.sub(r"\.\.+", ".", text).strip()


def _rank(report: GateReport) -> tuple[int, int]:
    return len(report.blocking_failures), len(report.warnings)


def compose_text(
    inputs: DraftInputs, *, repair_hints: Sequence[str] = (), canary: str = ""
) -> tuple[str | None, str]:
    """The draft (subject, body) for `inputs`; pure and deterministic."""
    parts = _parts(inputs, repair_hints, canary)
    context = inputs.gate_context()
    marker = canary[: len(canary) // 2] if canary else ""
    best: tuple[tuple[int, int], str | None, str] | None = None
    for number, (subject, raw_body) in enumerate(_candidates(inputs, parts)):
        if number >= _MAX_CANDIDATES:
            break
        body = _clean(raw_body)
        subject = _clean(subject) if subject else None
        if marker and (marker in body or (subject and marker in subject)):
            continue
        report = run_gate(
            body, subject=subject, channel=inputs.channel, context=context, policy=inputs.policy
        )
        rank = _rank(report)
        if rank == (0, 0):
            return subject, body
        if best is None or rank < best[0]:
            best = (rank, subject, body)
    if best is None:
        # Nothing fit (e.g. a very tight note limit): a minimal, honest request.
        minutes = parts.minutes_short
        lead = "following up on my note: " if inputs.kind == "follow_up" else ""
        body = _clean(
            f"Hi {parts.contact_first}, {lead}could we talk for {minutes}?\n{parts.requester.first}"
        )
        return (_subject(parts, Picker(_seed(inputs, 0))), body)
    return best[1], best[2]


class OfflineDrafter:
    """Drafts without an LLM: a deterministic composer over the same inputs."""

    kind: DrafterKind = "offline"

    def describe(self, inputs: DraftInputs, *, prompt_version: int | None) -> dict[str, Any]:
        return {
            "prompt": None,
            "model": MODEL_NAME,
            "parameters": {"composer_version": COMPOSER_VERSION},
        }

    async def compose(
        self,
        inputs: DraftInputs,
        *,
        prompt_version: int | None,
        repair_hints: Sequence[str],
        canary: str,
    ) -> Composition:
        subject, body = compose_text(inputs, repair_hints=repair_hints, canary=canary)
        return Composition(subject=subject, body=body, model=MODEL_NAME)
