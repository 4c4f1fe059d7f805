"""Parsing the inputs into parts a sentence can be built from.

Nothing here is pasted into a draft as it was typed. A requester's role becomes a noun
phrase with its article and lower-case common words ("Senior Data Engineer, Allstate" ->
"a senior data engineer at Allstate"); learning goals become embedded questions ("how
nurses move into informatics roles") or are left out; a research fact is taken apart into
who did what, where and when, so that it can be paraphrased rather than copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.gate import ContactProfile, RequesterProfile
from service.llm.offline.text import (
    PROPER_HINTS,
    SENTENCE_SPLIT,
    TITLES,
    article,
    clip_words,
    first_name,
    name_tokens,
    sanitize,
    trim,
    word_list,
)

# --- case ------------------------------------------------------------------------------------

_KEEP_CASE = PROPER_HINTS | frozenset(
    word_list(
        """
epic cerner kubernetes postgres github linkedin medicare medicaid ohio texas california
"""
    )
)


def common_case(text: str, proper: frozenset[str] = frozenset()) -> str:
    """Lower-case the capitalized common words of a typed-in title ("Senior Data Engineer"
    -> "senior data engineer"); acronyms, mixed case and known names keep their case."""
    out: list[str] = []
    for word in text.split():
        core = word.strip(",.;:()'\"")
        letters = [c for c in core if c.isalpha()]
        if (
            not letters
            or not letters[0].isupper()
            or sum(c.isupper() for c in letters) > 1
            or core.lower().rstrip("'s") in _KEEP_CASE
            or core.lower() in proper
        ):
            out.append(word)
            continue
        out.append(word.lower())
    return " ".join(out)


def _looks_proper(text: str) -> bool:
    """A name ("Ohio State", "Allstate"), not a description ("a mid-size firm")."""
    first = text.split(" ", 1)[0]
    return bool(first[:1].isupper())


# --- the requester ---------------------------------------------------------------------------

_ROLE_SPLIT = re.compile(r"^(?P<title>[^,@]+?)(?:\s*,\s*|\s+at\s+|\s*@\s*)(?P<org>[^,]+)$")
_NUMBER = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|several|many|a few|over \w+|nearly \w+|almost \w+|about \w+)"
)
_EXPERIENCE = re.compile(rf"^(?P<n>{_NUMBER})\+? (?P<unit>years?|months?)\b(?P<rest>.*)$", re.I)
_PAST_IRREGULAR = frozenset(
    word_list(
        """
led built wrote spoke ran taught began grew won made gave took left rebuilt oversaw drew
brought sold held kept met chose drove got went became co-wrote co-led set sat spent found
shipped hired raised cut did saw told thought understood lost paid put fought flew
"""
    )
)
_SCHOOL_CUE = re.compile(
    r"\b(?:studied|study|studying|student|graduated|graduate|alum|alumna|alumnus|alumni"
    r"|degree|bsc|ba|bs|ma|ms|msc|mba|phd|major|majored|school|university|college|class of)\b",
    re.I,
)


def is_past(word: str) -> bool:
    low = word.lower()
    if "-" in low and low.split("-", 1)[0] in ("co", "re", "pre", "self"):
        low = low.split("-", 1)[1]
    if low in _PAST_IRREGULAR:
        return True
    return len(low) >= 4 and low.endswith("ed") and not low.endswith("eed") and low.isalpha()


def _segments(text: str) -> list[str]:
    return [s for s in (trim(p) for p in re.split(r"[;.]\s+|;|\.$|\n", text)) if s]


@dataclass(frozen=True, slots=True)
class Requester:
    """What a draft may say about the requester, each part ready to embed."""

    first: str
    role: str | None  # "a senior data engineer at Allstate" (with its article)
    role_short: str | None  # "a senior data engineer"
    experience: str | None  # "eight years of critical-care nursing"
    deed: str | None  # "led our unit's EHR rollout" (past tense, first person implied)
    target: str | None  # "clinical informatics"
    interest: str | None
    goals: tuple[str, ...]  # embedded questions: "how nurses move into informatics roles"
    texts: tuple[str, ...]  # the sanitized profile, for finding shared ground


def role_phrase(text: str, proper: frozenset[str]) -> tuple[str | None, str | None]:
    """("a senior data engineer at Allstate", "a senior data engineer") from a typed role."""
    text = sanitize(text)
    if not text or len(text.split()) > 14:
        return None, None
    if text.lower().startswith(("i ", "i'm ", "i am ")):
        return None, None
    match = _ROLE_SPLIT.match(text)
    title, org = (match["title"], match["org"]) if match else (text, None)
    title = trim(title)
    if title.lower().startswith(("a ", "an ", "the ")):
        title = title.split(" ", 1)[1]
    if not title:
        return None, None
    title = common_case(title, proper)
    if title.lower().startswith(("currently ", "working ", "studying ", "finishing ")):
        short = "someone " + title[0].lower() + title[1:]
    else:
        short = f"{article(title)} {title}"
    if org:
        org = trim(org)
        if _EXPERIENCE.match(org) or not org:
            return short, short
        if not _looks_proper(org):
            org = common_case(org, proper)
        return f"{short} at {org}", short
    return short, short


def _experience(segment: str, proper: frozenset[str]) -> str | None:
    match = _EXPERIENCE.match(segment)
    if not match:
        return None
    rest = match["rest"].strip()
    if not rest or len(rest.split()) > 8:
        return None
    number = match["n"].lower()
    if number.isdigit() and int(number) <= 10:
        number = [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
        ][int(number)]
    return common_case(f"{number} {match['unit'].lower()} {rest}", proper)


def _goal_clause(part: str, proper: frozenset[str]) -> str | None:
    """An embedded question from one learning goal, or None when it would not read well."""
    part = trim(part)
    part = re.sub(
        r"^(?:i(?:'d| would) like to |i want to |i hope to |hoping to |want to |to )?"
        r"(?:better )?(?:learn|understand|know|find out|hear|get a sense of|figure out)"
        r"(?: more)?(?: about)?\s+",
        "",
        part,
        flags=re.I,
    )
    words = part.split()
    if len(words) < 3 or len(words) > 12:
        return None
    head = words[0].lower()
    if head not in ("how", "what", "which", "whether", "why", "where", "when", "who"):
        return None
    clause = " ".join([head, *words[1:]])
    # A goal typed in title case ("How Pharmacists Move Into Industry") reads as shouting.
    rest = words[1:]
    if sum(w[:1].isupper() for w in rest) > len(rest) / 2:
        clause = head + " " + common_case(" ".join(rest), proper)
    clause = trim(clause)
    if clause.split()[-1].lower() in ("like", "do", "work"):
        return clause  # "what the first years look like" ends well despite the verb
    return clause


def goal_clauses(goals: str | None, proper: frozenset[str]) -> tuple[str, ...]:
    text = sanitize(goals)
    if not text:
        return ()
    parts = re.split(
        r"[;?\n]|\.\s|,? and (?=how |what |which |whether |why |where |when )", text, flags=re.I
    )
    found: list[str] = []
    for part in parts:
        clause = _goal_clause(part, proper)
        if clause and clause.lower() not in (f.lower() for f in found):
            found.append(clause)
    return tuple(found)


def parse_requester(profile: RequesterProfile) -> Requester:
    proper = name_tokens(profile.name)
    role, role_short = role_phrase(profile.current_role or "", proper)
    background = sanitize(profile.background)
    segments = _segments(background)
    experience: str | None = None
    deed: str | None = None
    for segment in segments:
        head = segment.split()[0]
        if deed is None and is_past(head) and 3 <= len(segment.split()) <= 12:
            deed = head.lower() + (" " + " ".join(segment.split()[1:]))
            deed = clip_words(deed, 10)
        elif experience is None and _experience(segment, proper):
            experience = _experience(segment, proper)
        elif role is None and not is_past(head):
            # "Graphic designer, 4 years in print" / "Volunteer coordinator for a food bank".
            candidate = re.split(r",| for \w+ years| for (?:a|one|two|three|four|five) ", segment)
            guess, guess_short = role_phrase(candidate[0], proper)
            if guess and len(candidate[0].split()) <= 7 and not _EXPERIENCE.match(segment):
                role, role_short = guess, guess_short
                for piece in segment.split(",")[1:]:
                    experience = experience or _experience(trim(piece), proper)
    targets = [t for t in (sanitize(t) for t in profile.target_fields) if t]
    target = common_case(targets[0], proper) if targets else None
    interests = [i for i in (sanitize(i) for i in profile.interests) if i]
    interest = common_case(interests[0], proper) if interests else None
    texts = tuple(
        t
        for t in (
            sanitize(profile.current_role),
            background,
            *(sanitize(i) for i in profile.interests),
        )
        if t
    )
    return Requester(
        first=first_name(profile.name),
        role=role,
        role_short=role_short,
        experience=experience,
        deed=deed,
        target=target,
        interest=interest,
        goals=goal_clauses(profile.learning_goals, proper),
        texts=texts,
    )


# --- research facts --------------------------------------------------------------------------

_PRESENT = {
    "is": "are", "was": "were", "has": "have", "does": "do", "goes": "go",
    "leads": "lead", "runs": "run", "writes": "write", "manages": "manage",
    "teaches": "teach", "hosts": "host", "oversees": "oversee", "heads": "head",
    "serves": "serve", "works": "work", "organizes": "organize", "organises": "organise",
    "mentors": "mentor", "coordinates": "coordinate", "directs": "direct", "builds": "build",
    "speaks": "speak", "studies": "study", "advises": "advise", "chairs": "chair",
    "co-leads": "co-lead", "coaches": "coach", "edits": "edit", "maintains": "maintain",
    "owns": "own", "researches": "research", "supports": "support", "trains": "train",
    "blogs": "blog", "volunteers": "volunteer", "sits": "sit", "represents": "represent",
    "handles": "handle", "designs": "design", "develops": "develop", "publishes": "publish",
    "covers": "cover", "focuses": "focus", "specializes": "specialize", "co-hosts": "co-host",
    "curates": "curate", "drives": "drive", "supervises": "supervise", "runs:": "run",
    "partners": "partner", "champions": "champion", "contributes": "contribute",
    "helps": "help", "recruits": "recruit", "reviews": "review", "investigates": "investigate",
    "argues": "argue", "advocates": "advocate", "shapes": "shape", "guides": "guide",
    "teaches:": "teach", "plans": "plan", "negotiates": "negotiate", "audits": "audit",
    "treats": "treat", "operates": "operate", "offers": "offer", "collects": "collect",
}  # fmt: skip
_GERUND_IRREGULAR = {"run": "running", "plan": "planning", "sit": "sitting", "audit": "auditing"}
_BASE_IRREGULAR = {
    "led": "lead", "built": "build", "wrote": "write", "spoke": "speak", "ran": "run",
    "taught": "teach", "began": "begin", "grew": "grow", "won": "win", "made": "make",
    "gave": "give", "took": "take", "rebuilt": "rebuild", "oversaw": "oversee",
    "brought": "bring", "held": "hold", "set": "set", "co-led": "co-lead", "co-wrote": "co-write",
    "shipped": "ship", "cut": "cut", "drove": "drive",
}  # fmt: skip
_MOVE_VERBS = frozenset(
    word_list("moved switched transitioned pivoted went left joined returned became changed")
)
_STANCE_VERBS = frozenset(
    word_list("represent advise cover focus specialize serve support argue advocate sit partner")
)
_CREATE_VERBS = frozenset(word_list("founded launched started created co-founded set established"))
_ARTIFACT_VERBS = frozenset(
    word_list("wrote published co-wrote authored co-authored spoke gave presented hosts writes")
)
ARTIFACTS = frozenset(
    word_list(
        """
talk post article column paper book podcast keynote essay report piece newsletter blog
series study thread presentation panel interview episode guide chapter handbook
"""
    )
)
_ROLE_NOUNS = frozenset(
    word_list(
        """
author co-author speaker host co-host founder co-founder creator maintainer editor member
chair winner recipient organizer organiser mentor instructor lecturer panelist contributor
advisor adviser alumna alumnus alum veteran fellow cofounder
"""
    )
)
_PREPOSITIONS = frozenset(
    word_list(
        """
in at for from during by across before to with through while using after since on into under
over about via among within
"""
    )
)
_YEAR = re.compile(r"\b(?:in |since |during |back in )?(?:19|20)\d\d\b|\blast (?:year|spring"
                   r"|summer|autumn|fall|winter|month)\b")  # fmt: skip
_POSSESSIVE_FIX = {"her": "your", "his": "your", "their": "your", "herself": "yourself",
                   "himself": "yourself", "she": "you", "he": "you"}  # fmt: skip


def base_form(verb: str) -> str:
    low = verb.lower()
    if low in _BASE_IRREGULAR:
        return _BASE_IRREGULAR[low]
    if low in _PRESENT:
        return _PRESENT[low]
    if low.endswith("ied"):
        return low[:-3] + "y"
    if low.endswith(("ated", "ized", "ised", "uced", "osed", "ured", "ived", "aged", "oved")):
        return low[:-1]
    if low.endswith("ed"):
        stem = low[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
            return stem[:-1]
        return stem
    return low


def gerund(base: str) -> str:
    if base in _GERUND_IRREGULAR:
        return _GERUND_IRREGULAR[base]
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "oe", "ye")):
        return base[:-1] + "ing"
    return base + "ing"


@dataclass(frozen=True, slots=True)
class Fact:
    """One research fact taken apart: who did what, where and when.

    `kind` says how it can be used: "move" (a career step from A to B), "artifact" (a talk,
    post or paper, with its `topic`), "made" (something they built or led), "ongoing" (what
    they do now), "member" (a role they hold), "org" (about their organisation), "other".
    """

    index: int
    about: str
    text: str  # sanitized, original case
    kind: str
    verb: str | None  # as written ("led", "leads")
    base: str | None  # "lead"
    core: str | None  # the object, cut before its first qualifier: "the rebuild of sepsis alerting"
    thing: str | None  # the artifact noun: "talk"
    topic: str | None  # what a talk or post was about: "automating certificate rotation"
    venue: str | None  # "SREcon", "HIMSS 2024"
    origin: str | None  # for a move: "bedside oncology nursing"
    destination: str | None  # for a move: "clinical analytics"
    when: str | None  # "in 2024"
    subject: str | None  # for an organisation fact: "Cloudflare"
    score: float

    @property
    def past(self) -> bool:
        return bool(self.verb and is_past(self.verb))


def _second_person(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        core = token.strip(".,;:!?\"'()")
        low = core.lower()
        if low in _POSSESSIVE_FIX and low not in ("she", "he"):
            out.append(token.replace(core, _POSSESSIVE_FIX[low]))
        else:
            out.append(token)
    return out


_TIME_WORDS = frozenset(word_list("last this next every each ago"))
_DETERMINERS = frozenset(word_list("the a an her his their our its your every each all false"))
# Qualifiers worth keeping when the phrase stays short ("in asylum proceedings").
_KEEP_ONE = frozenset(word_list("in on for from before across into"))


def _cut(tokens: list[str], limit: int, *, qualifier: bool = True) -> str:
    """The head of a phrase: up to its first comma, participle or second qualifier, at most
    `limit` words, never ending on a function word ("the team of eight SREs covering the
    metrics pipeline" -> "the team of eight SREs")."""
    kept: list[str] = []
    qualifiers = 0
    for position, token in enumerate(tokens):
        low = token.lower().strip(",;:")
        if position >= 1 and low in ("and", "who", "which", "that", "where", "while", "but"):
            break
        next_token = tokens[position + 1] if position + 1 < len(tokens) else ""
        following = next_token.lower()
        if (
            position >= 2
            and low.endswith("ing")
            and low not in ("during", "including")
            and (following in _DETERMINERS or following[:1].isdigit())
        ):
            break  # "… program serving 40 families": the participle starts a new thought
        if position >= 1 and low == "including":
            break
        previous = kept[-1].lower() if kept else ""
        if (
            position >= 3
            and low.endswith("ing")
            and previous.endswith("s")
            and not (previous.endswith(("is", "ss", "us")))
        ):
            break  # "law students representing clients": a new clause
        if position >= 3 and low.endswith("ed") and following in ("on", "by", "in", "at", "to"):
            break  # "a series of initiatives focused on …"
        if position >= 1 and low in _TIME_WORDS:
            break
        if position >= (2 if qualifier else 1) and low in _PREPOSITIONS and low != "of":
            from_to = low in ("to", "into") and any(t.lower() == "from" for t in kept)
            if not from_to:
                qualifiers += 1
                if qualifiers > 1 or low not in _KEEP_ONE or not qualifier:
                    break
        if re.fullmatch(r"(?:19|20)\d\d", low) and kept and kept[-1].lower() == "in":
            kept.pop()
            break
        kept.append(token.rstrip(",;:"))
        if token.endswith((",", ";", ":")):
            break
        if len(kept) >= limit:
            # Never cut a name in two ("for south King | County"): drop the name instead.
            if next_token[:1].isupper() and token[:1].isupper():
                while kept and kept[-1][:1].isupper():
                    kept.pop()
                for back in (1, 2):  # "… for south [King County]": the qualifier goes too
                    if len(kept) > back + 1 and kept[-back - 1].lower() in _PREPOSITIONS:
                        kept = kept[: -back - 1]
                        break
            break
    return trim(" ".join(kept))


def _after(tokens: list[str], word: str) -> list[str]:
    lows = [t.lower().strip(",;:") for t in tokens]
    if word in lows:
        return tokens[lows.index(word) + 1 :]
    return []


def _venue(tokens: list[str]) -> str | None:
    """ "at SREcon" / "at HIMSS 2024": a capitalized name after "at"."""
    lows = [t.lower() for t in tokens]
    for position, low in enumerate(lows):
        if low == "at" and position + 1 < len(tokens) and tokens[position + 1][:1].isupper():
            name: list[str] = []
            for token in tokens[position + 1 : position + 4]:
                core = token.rstrip(",;:")
                if core[:1].isupper() or core.isdigit():
                    name.append(core)
                    if core != token:
                        break
                else:
                    break
            return " ".join(name) or None
    return None


_CAREER = re.compile(
    r"^(?:worked|served|taught|practised|practiced|spent|graduated|trained|studied)"
    r"(?:\s+\w+\s+years)?\s+(?:as\s+|from\s+|at\s+)?(?P<origin>.+?)"
    r"(?:\s+(?:in|for)\s+(?:\d{4}|\w+ years))?,?"
    r"\s+(?:before|and then|then|and)\s+(?:(?P<join>joining|joined)|moving into|moved into|"
    r"becoming|became|switching to|going into|went into)?\s*(?P<dest>.+)$"
    # "Left a hospital pharmacy role to join a startup building dosing software"
    r"|^(?:left|quit)\s+(?:her\s+|his\s+|their\s+)?(?P<origin2>.+?)"
    r"\s+(?:to\s+(?P<join2>join)|to\s+(?:start|found|launch|become|work\s+(?:at|for|on)))"
    r"\s+(?P<dest2>.+?)(?:,\s*then\b.*)?$",
    re.IGNORECASE,
)


def _when(text: str) -> str | None:
    match = _YEAR.search(text)
    if not match:
        return None
    value = match.group()
    if value[0].isdigit():
        return "in " + value
    return value


def prepare_fact(index: int, about: str, raw: str, contact: ContactProfile) -> Fact | None:
    text = sanitize(raw)
    words = text.split()
    if len(words) < 2:
        return None
    names = name_tokens(contact.name) - TITLES
    position = 0
    while position < len(words) - 1 and (
        words[position].lower().strip(".,'s") in names
        or words[position].lower().rstrip(".") in TITLES
    ):
        position += 1
    subject_dropped = position > 0
    low = words[position].lower().strip(",")
    lead_in: str | None = None
    pronoun_at = next(
        (i for i, w in enumerate(words[:7]) if w.lower().strip(",") in ("she", "he", "they")), None
    )
    if pronoun_at is not None and pronoun_at > position and words[position].lower() in (
        "over", "for", "since", "in", "after", "during", "as", "at",
    ):  # fmt: skip
        # "Over the past decade he has led …": the lead-in is when, the rest the clause.
        lead_in = common_case(trim(" ".join(words[position:pronoun_at])))
        position = pronoun_at
        low = words[position].lower().strip(",")
    if low in ("she", "he", "they"):
        position += 1
        subject_dropped = True
    if (
        position < len(words) - 1
        and words[position].lower() in ("has", "have", "had")
        and (is_past(words[position + 1]))
    ):
        position += 1  # "he has led" -> "led"
    while position < len(words) - 1 and words[position].lower() in (
        "previously", "recently", "currently", "also", "formerly", "now", "once", "still",
    ):  # fmt: skip
        position += 1
        subject_dropped = True
    verb = words[position].strip(",") if position < len(words) else ""
    vlow = verb.lower()
    rest = _second_person(words[position + 1 :])
    about_them = about in ("person", "role") or subject_dropped
    kind = "other"
    base: str | None = None
    core = thing = topic = venue = origin = destination = subject = None
    when = _when(text) or lead_in
    career = _CAREER.match(" ".join(words[position:])) if about_them else None
    earlier = (
        about_them
        and position > 0
        and words[position - 1].lower() in ("previously", "formerly")
        and vlow in ("a", "an", "as")
        and bool(contact.title)
    )
    if earlier:
        # "Previously a critical care nurse for ten years": the step from that role to the
        # one they hold now.
        role = [w for w in words[position:] if w.lower() not in ("as",)]
        cut = next(
            (i for i, w in enumerate(role) if i > 1 and w.lower() in ("for", "at", "in", "until")),
            len(role),
        )
        origin = _cut(role[:cut], 7)
        if origin and origin.split()[0].lower() not in ("a", "an"):
            origin = f"{article(origin)} {origin}"
        destination = "your current role"
        kind, base = ("move", "move") if origin else ("other", None)
    elif career is not None:
        # "Taught chemistry for eight years before moving into instructional design",
        # "Graduated from Ohio State's PharmD program in 2012 and joined Pfizer": a move.
        left = career["origin"] is None
        kind, base = "move", "join" if career["join"] or career["join2"] else "move"
        origin_words = (career["origin2"] if left else career["origin"]).split()
        if left:
            # "left a hospital pharmacy role": the field left, "hospital pharmacy".
            if origin_words and origin_words[0].lower() in ("a", "an", "the"):
                origin_words = origin_words[1:]
            if len(origin_words) > 1 and origin_words[-1].lower() in ("role", "job", "position"):
                origin_words = origin_words[:-1]
        as_role = origin_words[0].lower() in ("as", "a", "an")
        if origin_words[0].lower() == "as":
            origin_words = origin_words[1:]
        origin = _cut(origin_words, 7)
        if as_role and origin.split()[0].lower() not in ("a", "an"):
            origin = f"{article(origin)} {origin}"
        dest = career["dest2"] if left else career["dest"]
        destination = _cut(dest.split(), 6 if left else 4, qualifier=False)
        # The year of the step itself, not of what came before it ("graduated in 2012
        # and joined Pfizer in 2016": the move is 2016).
        when = _when(dest)
        if not origin or not destination:
            kind = "other"
    elif about_them and vlow in ("her", "his", "their") and rest and about != "organization":
        # "His interview on the Impact Alpha podcast …": something of theirs, by name.
        kind = "theirs"
        core = _cut(["your", *rest], 7)
        if len(rest) > 2 and is_past(rest[1].lower()):
            # "Her team shipped instant PIX transfers to 80 million customers": what their
            # team did, named by its object ("the instant PIX transfers your team shipped").
            made = _cut(rest[2:], 5)
            if made and made.split()[0].lower() not in ("a", "an", "the", "to", "that"):
                core = f"the {made} your {rest[0].lower()} {rest[1].lower()}"
        thing = core.split(" on ")[0].split()[-1].lower() if core else None
        if core is None or len(core.split()) < 2:
            kind, core = "other", None
    elif (
        about != "organization"
        and len(words) <= 5
        and not (vlow in _PRESENT or is_past(vlow))
        and position == 0
    ):
        kind = "topic"  # "Chaos testing": what they are known for
        core = common_case(trim(text))
    elif about_them and (vlow in _PRESENT or is_past(vlow)) and rest:
        base = base_form(vlow)
        low_rest = [t.lower().strip(",;:") for t in rest]
        artifact_at = next(
            (i for i, t in enumerate(low_rest[:6]) if t.rstrip("s") in ARTIFACTS), None
        )
        if base in ("move", "switch", "transition", "pivot", "go", "change") and (
            "from" in low_rest[:3] or "to" in low_rest or "into" in low_rest
        ):
            kind = "move"
            from_part = _after(rest, "from")
            origin = _cut(from_part, 5, qualifier=False) if from_part else None
            to_part = _after(rest, "into") or _after(rest, "to")
            destination = _cut(to_part, 5, qualifier=False) if to_part else None
            if destination is None:
                kind = "other"
        elif base == "join" and "from" in low_rest[1:4] and rest[0][:1].isupper():
            # "Joined Genmab from academia": a move, from Y into X.
            kind = "move"
            destination = _cut(rest[: low_rest.index("from")], 4, qualifier=False)
            origin = _cut(_after(rest, "from"), 4, qualifier=False)
            after = _after(rest, "after")
            if after and not when:
                when = "after " + _cut(after, 6)
        elif base in ("join", "become", "leave", "return") or vlow in _MOVE_VERBS:
            kind = "other"
        elif base == "speak" and ("about" in low_rest or "on" in low_rest):
            kind = "artifact"
            thing = "talk"
            about_words = _after(rest, "about") or _after(rest, "on")
            topic = _cut(about_words, 6, qualifier=False) if about_words else None
            venue = _venue(rest)
            if topic is None:
                kind = "other"
        elif artifact_at is not None and (
            vlow in _ARTIFACT_VERBS or base in ("write", "give", "host", "publish", "speak")
        ):
            kind = "artifact"
            thing = low_rest[artifact_at].rstrip("s") if artifact_at is not None else None
            after_thing = rest[artifact_at + 1 :] if artifact_at is not None else []
            about_words = _after(after_thing, "on") or _after(after_thing, "about")
            topic = _cut(about_words, 6) if about_words else None
            venue = _venue(rest)
            if topic is None:
                kind = "made"
                core = _cut(rest, 8)
        elif base in _STANCE_VERBS:
            kind = "made" if is_past(vlow) else "ongoing"
            if low_rest[0] in ("on", "in", "with") and len(rest) > 2:
                verb = f"{verb} {rest[0].lower()}"  # "advised on" the merger
                rest = rest[1:]
            core = _cut(rest, 8)
        else:
            kind = "ongoing" if vlow in _PRESENT else "made"
            if low_rest[0] in ("on", "with", "in") and base in ("work", "help"):
                verb = f"{verb} {rest[0].lower()}"  # "worked on" the projects
                rest = rest[1:]
            core = _cut(rest, 8)
        if core and re.match(r"(?:the|a) team (?:on|for|behind|that ran) ", core):
            # "Led the team on the 40-bed cardiac unit expansion": the expansion is the work.
            core = _cut(rest[3:], 8)
        if core and core.split()[0].lower() in ("a", "an"):
            det = "your" if kind == "ongoing" else "the"
            core = f"{det} " + core.split(" ", 1)[1] if len(core.split()) > 1 else None
        if core is not None and len(core.split()) < 2:
            kind, core = ("other", None) if kind != "artifact" else (kind, core)
    elif about_them and vlow in _ROLE_NOUNS and rest:
        kind = "member"
        core = _cut([verb.lower(), *rest], 7)
    elif about in ("organization", "role") or not about_them:
        kind = "org"
        # "Northwell runs a nursing informatics fellowship": the subject, then what it does.
        plural_verbs = set(_PRESENT.values()) - {"are", "have", "were", "do", "go"}
        for split, token in enumerate(words[:7]):
            low_token = token.lower().strip(",")
            if split > 0 and is_past(low_token) and words[split - 1][:1].isupper():
                subject, verb, base = " ".join(words[:split]), token, base_form(low_token)
                object_words = words[split + 1 :]
                if object_words and object_words[0].lower() == "out":
                    verb, object_words = f"{token} out", object_words[1:]  # "rolled out"
                core = _cut(object_words, 7)
                break
            before = words[split - 1].lower() if split > 0 else ""
            after_plural = before.endswith("s") and not before.endswith(("'s", "’s", "ss"))
            plural = after_plural and (
                low_token in plural_verbs
                or (
                    split <= 3
                    and token.isalpha()
                    and token.islower()
                    and not low_token.endswith("s")
                    and low_token not in _PREPOSITIONS
                    and low_token not in _DETERMINERS
                    and low_token not in ("and", "or", "who", "that", "which")
                )
            )
            if (low_token in _PRESENT or plural) and split > 0:
                subject = " ".join(words[:split])
                verb = token
                base = _PRESENT.get(low_token, low_token)
                object_words = words[split + 1 :]
                if object_words and object_words[0].lower() in ("both", "also"):
                    object_words = object_words[1:]
                core = _cut(object_words, 7)
                break
    distinct = {w.lower().strip(".,;:'\"") for w in words if len(w) > 3}
    capitals = sum(1 for w in words[1:] if w[:1].isupper() or any(c.isdigit() for c in w))
    weight = {"person": 3.0, "role": 2.0, "organization": 1.0}.get(about, 1.0)
    score = weight * 10 + min(len(distinct), 12) + 0.5 * capitals
    if kind in ("other",):
        score -= 25
    if kind == "other" and about_them and verb and rest:
        core = _cut(rest, 8)
    return Fact(
        index=index,
        about=about,
        text=text,
        kind=kind,
        verb=verb or None,
        base=base,
        core=core,
        thing=thing,
        topic=topic,
        venue=venue,
        origin=origin,
        destination=destination,
        when=when,
        subject=subject,
        score=score,
    )


def parse_facts(
    facts: list[tuple[str, str]], notes: str | None, contact: ContactProfile, canary: str
) -> list[Fact]:
    """Usable facts, best first (person, then role, then organisation; richer first)."""
    marker = canary[: len(canary) // 2] if canary else ""
    parsed: list[Fact] = []
    for index, (about, text) in enumerate(facts):
        if marker and marker in text:
            continue
        fact = prepare_fact(index, about, text, contact)
        if fact is not None:
            parsed.append(fact)
    if not parsed and notes:
        for index, sentence in enumerate(SENTENCE_SPLIT.split(sanitize(notes))[:5]):
            fact = prepare_fact(index, "person", sentence, contact)
            if fact is not None:
                parsed.append(fact)
    return sorted(parsed, key=lambda f: (-f.score, f.index))


# --- the contact -----------------------------------------------------------------------------

_SENIOR_TITLE = re.compile(
    r"\b(?:chief|c[etfoim]o|vp|svp|evp|vice president|president|director|head of|partner"
    r"|founder|co-founder|principal|managing director|general manager|dean|provost|executive"
    r"|chair|board member)\b",
    re.IGNORECASE,
)
_TITLE_DROP = re.compile(
    r"\b(?:senior|sr\.?|junior|jr\.?|lead|principal|staff|chief|head|director|vp|svp|evp"
    r"|vice president|president|manager|associate|assistant|deputy|global|regional|executive"
    r"|managing|general|interim|acting|of|for|the|in|at|officer)\b",
    re.IGNORECASE,
)
_PERSON_SUFFIX = ("er", "or", "ist", "ian", "yst", "ant", "nurse", "counsel", "attorney",
                  "associate", "student", "fellow", "candidate", "partner")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Contact:
    first: str
    org: str | None
    seniority: str  # junior | mid | senior | executive (guessed from the title when unset)
    field: str  # "clinical informatics", "site reliability"
    leads: bool  # the title says they run it ("Director of Programs")
    field_is_person: bool  # "a site reliability engineer" rather than a line of work
    department: str | None
    proper: frozenset[str]


def _seniority(contact: ContactProfile) -> str:
    if contact.seniority is not None:
        return contact.seniority
    if contact.title and _SENIOR_TITLE.search(contact.title):
        return "senior"
    return "mid"


# "and" or "&" left at either end once the rank words are gone ("Founder and CEO").
_EDGE_AND = re.compile(r"^(?:and|&)\s+|\s+(?:and|&)$", re.IGNORECASE)


def _title_words(title: str) -> str:
    """A title without its rank words: "Head of Sales & Marketing" -> "Sales and
    Marketing", "R&D Chef" -> "R&D Chef"."""
    cleaned = trim(_TITLE_DROP.sub(" ", title.replace(" & ", " and ")))
    while True:
        shorter = trim(_EDGE_AND.sub("", cleaned))
        if shorter == cleaned:
            return cleaned
        cleaned = shorter


def _field(contact: ContactProfile, fallback: str | None) -> tuple[str, bool]:
    department = sanitize(contact.department)
    if department:
        cleaned = _title_words(department)
        if len(cleaned) < 3:
            cleaned = department  # "M&A" is a name, not words to drop
        if cleaned:
            return common_case(cleaned), False
    title = sanitize(contact.title)
    if title and " of " in title:
        after = _title_words(title.rsplit(" of ", 1)[1])
        if after:
            return common_case(after), False
    if title:
        cleaned = _title_words(title)
        if cleaned and re.search(r"\bmanager\s*$", title, re.IGNORECASE):
            return common_case(cleaned) + " management", False
        if cleaned:
            phrase = common_case(cleaned)
            last = phrase.split()[-1].lower()
            return phrase, last.endswith(_PERSON_SUFFIX)
    return (fallback or "your field"), False


def parse_contact(contact: ContactProfile, requester: Requester) -> Contact:
    org = sanitize(contact.organization) or None
    field, is_person = _field(contact, requester.target or requester.interest)
    department = sanitize(contact.department) or None
    return Contact(
        first=first_name(contact.name),
        org=org,
        seniority=_seniority(contact),
        field=field,
        field_is_person=is_person,
        leads=bool(
            re.match(r"(?:director|head|vp|vice president|chief)\b", contact.title or "", re.I)
        ),
        department=common_case(department) if department else None,
        proper=name_tokens(contact.name) | name_tokens(org),
    )


def school_like(text: str) -> bool:
    return bool(_SCHOOL_CUE.search(text))
