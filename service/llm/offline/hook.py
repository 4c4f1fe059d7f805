"""Choosing the hook: the one reason for writing to this person, and why it matters.

Strongest first, as a coach would pick it:

1. shared ground: the same school or employer in both profiles, or the contact's earlier
   career being the requester's current one ("like me, you started out in nursing");
2. the requester's own work on the very topic of a fact about the contact;
3. a fact about the person (a talk, a project, what they run now);
4. a fact about their organisation.

A fact is referred to by its core (who did what, where, when), rebuilt from its parsed
parts, so a draft never copies more than a few words of the research in a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.llm.offline.parse import Contact, Fact, Requester, school_like
from service.llm.offline.text import article, longest_copied_run, trim, word_list

# A draft may repeat at most this many consecutive words of a research fact.
MAX_COPIED_WORDS = 8

_WEAK = frozenset(
    word_list(
        """
team teams work role company organization organisation people year years new recent lead
senior junior manager director head member group department part based first last way
day career experience background job field industry unit program programme project time
data their your our from with into about over that this the and for
"""
    )
)
_ENTITY = re.compile(r"(?<![\w'])[A-Z][\w&.'-]*(?: (?:of |de |for |& )?[A-Z][\w&.'-]*)*")
_NOT_ENTITY = frozenset(
    word_list(
        """
i i'm i've a an the she he they her his their in at on for and led built wrote moved spoke
gave founded runs leads manages previously recently currently also english spanish french
ai ml it hr ui ux us uk eu phd mba bsc msc ceo cto vp
"""
    )
)


def stem(word: str) -> str:
    word = word.lower().strip(".,;:'\"()’").removesuffix("'s").removesuffix("’s")
    for suffix in ("ations", "ation", "ings", "ing", "ers", "er", "es", "s", "e", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    return {
        stem(w)
        for w in re.findall(r"[\w'-]+", text)
        if len(w) > 3 and w.lower() not in _WEAK and not w.isdigit()
    }


def entities(text: str) -> set[str]:
    """Capitalized names in `text` ("Ohio State", "Allstate"), sentence openers excluded."""
    found: set[str] = set()
    for sentence in re.split(r"(?<=[.;!?])\s+|\n|,\s+", text):
        for match in _ENTITY.finditer(sentence):
            name = match.group().removesuffix("'s").removesuffix("’s").strip(".")
            if match.start() == 0 and " " not in name:
                continue  # "Led the rebuild…": a capital because it starts the sentence
            if name.lower() in _NOT_ENTITY or len(name) < 3:
                continue
            found.add(name)
    return found


@dataclass(frozen=True, slots=True)
class Hook:
    """What the reason rests on. `kind`: shared | own_work | person | org | none."""

    kind: str
    fact: Fact | None
    shared: str | None = None  # the shared school/employer, or the shared earlier career
    shared_school: bool = False
    own: str | None = None  # the requester's words that meet the fact's topic


def _as_place(name: str, text: str) -> bool:
    """`name` is where someone studied or worked in `text` ("at Ohio State", "Ohio State's
    PharmD program", "joined Pfizer"), not a topic they share ("M&A", "Kafka")."""
    escaped = re.escape(name)
    return bool(
        re.search(
            rf"(?:\bat|\bfrom|\bjoined|\bjoining|\bgraduated from|\bstudied at|,)\s+"
            rf"(?:the\s+)?{escaped}\b|\b{escaped}(?:'s|’s)\s+\w+\s+(?:program|school|degree|class)",
            text,
        )
    )


def _shared_entity(requester: Requester, facts: list[Fact], extra: str) -> tuple[str, Fact | None]:
    mine = {e.lower(): e for text in requester.texts for e in entities(text) if _as_place(e, text)}
    for fact in facts:
        for name in entities(fact.text):
            if name.lower() in mine and _as_place(name, fact.text):
                return name, fact
    for name in entities(extra):
        if name.lower() in mine:
            return name, None
    return "", None


def choose_hook(requester: Requester, contact: Contact, facts: list[Fact], extra: str = "") -> Hook:
    """The strongest hook the inputs support; `extra` is how they were found and notes."""
    if not facts:
        return Hook("none", None)
    name, fact = _shared_entity(requester, facts, extra)
    if name and (contact.org is None or name.lower() != contact.org.lower() or fact):
        context = " ".join(requester.texts) + " " + (fact.text if fact else extra)
        anchor = fact if fact is not None and fact.kind != "other" else _best(facts)
        if anchor is not None and reference(anchor) is not None:
            return Hook("shared", anchor, shared=name, shared_school=school_like(context))
    mine = content_stems(" ".join([requester.role or "", *requester.texts]))
    if re.search(r"\b(?:phd|postdoc|dissertation|professor|lecturer|doctoral)", " ".join(
        requester.texts).lower()):  # fmt: skip
        mine |= {"academia", "academ"}
    for fact in facts:
        if fact.kind == "move" and fact.origin and content_stems(fact.origin) & mine:
            return Hook("shared", fact, shared=fact.origin)
    own_texts = [t for t in (requester.deed, requester.experience, requester.interest) if t]
    # Sharing only the words of one's own job ("nursing" for a nurse) is not working on
    # the same topic: the overlap must go beyond the role and the field.
    generic = content_stems(" ".join([requester.role or "", requester.target or "", contact.field]))
    # The organization's work is no reason to write to them (they are not placed in it) while
    # a fact about the person can be told instead.
    theirs = [f for f in facts if f.about != "organization" and reference(f) is not None]
    for fact in facts:
        topic = " ".join(x for x in (fact.topic, fact.core) if x)
        if not topic or reference(fact) is None:
            continue
        if fact.about == "organization" and theirs:
            continue
        for text in own_texts:
            shared = content_stems(topic) & content_stems(text)
            needed = 2 if text == requester.interest or fact.kind == "org" else 1
            if len(shared) >= needed and not shared <= generic:
                return Hook("own_work", fact, own=text)
    usable = [f for f in facts if reference(f) is not None]
    best = _best(usable or facts)
    if best is None:
        return Hook("none", None)
    return Hook("org" if best.kind == "org" or best.about == "organization" else "person", best)


def _best(facts: list[Fact]) -> Fact | None:
    usable = [f for f in facts if f.about != "organization"] or [
        f for f in facts if f.kind != "other"
    ]
    return usable[0] if usable else (facts[0] if facts else None)


# --- referring to a fact ---------------------------------------------------------------------


def fits(phrase: str, fact: Fact) -> bool:
    return longest_copied_run(phrase, fact.text) <= MAX_COPIED_WORDS


# Another verb for what they did: a sentence that says it in other words copies less.
_SYNONYMS = {
    "led": "were behind", "built": "were behind", "ran": "were behind", "wrote": "authored",
    "authored": "wrote", "launched": "started", "founded": "started", "started": "launched",
    "oversaw": "were in charge of", "redesigned": "reworked", "created": "started",
    "managed": "were in charge of", "designed": "were behind", "developed": "were behind",
    "grew": "built up", "shipped": "delivered", "argued": "were counsel in",
    "published": "put out", "organized": "put together", "organised": "put together",
    "advised on": "worked on", "worked on": "were part of",
}  # fmt: skip


def _first_fitting(options: list[str], fact: Fact) -> str | None:
    """The first option that copies at most MAX_COPIED_WORDS of the fact in a row; failing
    that, the first one shortened from the end until it does."""
    for option in options:
        if option and fits(option, fact):
            return option
    for option in options:
        shorter = head_phrase(option)
        if shorter != option and fits(shorter, fact):
            return shorter
    for option in options:
        words = option.split()
        while len(words) > 3:
            words = words[:-1]
            shorter = trim(" ".join(words))
            if fits(shorter, fact) and len(shorter.split()) >= 3:
                return shorter
    return None


def nominal(fact: Fact) -> str | None:
    """The thing itself, to name in a question: "your talk on X", "your move into Y"."""
    if fact.kind == "artifact" and fact.thing:
        venue = f" at {fact.venue}" if fact.venue else ""
        if fact.topic:
            return _first_fitting(
                [f"your {fact.thing}{venue} on {fact.topic}", f"your {fact.thing} on {fact.topic}"],
                fact,
            )
        return None
    if fact.kind == "move" and fact.destination:
        origin = f" from {from_origin(fact.origin)}" if fact.origin else ""
        return _first_fitting(
            [f"your move{origin} into {fact.destination}", f"your move into {fact.destination}"],
            fact,
        )
    if fact.kind == "theirs" and fact.core:
        return _first_fitting([fact.core], fact)
    if fact.kind == "topic" and fact.core:
        return f"your work on {fact.core}"
    if fact.kind in ("made", "ongoing", "member") and fact.core:
        return _first_fitting([fact.core], fact)
    return None


def reference(fact: Fact, *, short: bool = False) -> tuple[str, bool] | None:
    """How a sentence refers to the fact: (phrase, is_clause). A clause reads after "I read
    that" ("you led the rebuild of sepsis alerting in 2024"); a noun phrase after "I came
    across" ("your talk at SREcon on certificate rotation")."""
    when = "" if short or not fact.when else f" {fact.when}"
    if when and any(
        when.split()[-1] in (x or "") for x in (fact.core, fact.destination, fact.venue)
    ):
        when = ""
    if fact.kind in ("artifact", "move", "theirs", "topic"):
        thing = nominal(fact)
        if thing:
            return (thing + when if fits(thing + when, fact) else thing), False
    options: list[str] = []
    core = fact.core
    if short and core and content_stems(" ".join(head_phrase(core).split()[1:])):
        core = head_phrase(core)  # only when what is left still says something
    if fact.kind == "made" and core and fact.verb:
        verb = fact.verb.lower()
        other = _SYNONYMS.get(verb.removeprefix("co-"), "worked on")
        options = [f"you {verb} {core}{when}", f"you {verb} {core}",
                   f"you {other} {core}{when}", f"you {other} {core}"]  # fmt: skip
        named = core.split(" of ")[0]
        if named != core and len(named.split()) >= 2:
            # "the $4 billion merger of two Brazilian payments companies" is too much to
            # repeat; "the $4 billion merger" names it.
            options += [f"you {verb} {named}{when}", f"you {verb} {named}"]
    elif fact.kind == "ongoing" and core and fact.base:
        options = [f"you {fact.base} {core}"]
    elif fact.kind == "member" and fact.core:
        head = fact.core.split(" ", 1)
        det = "the" if len(head) > 1 and head[1].lower().startswith("of ") else article(fact.core)
        options = [f"you're {det} {fact.core}"]
    elif fact.kind == "org" and fact.subject and fact.verb and fact.core:
        options = [f"{fact.subject} {fact.verb} {fact.core}"]
        if not fits(options[0], fact) and fact.core.split()[0].lower() in ("a", "an", "the"):
            # Said the other way round, it copies less: "the network of 200 food banks
            # that Feeding America coordinates".
            core = "the " + fact.core.split(" ", 1)[1]
            reordered = f"{core} that {fact.subject} {fact.verb}"
            if fits(reordered, fact):
                return reordered, False
    if not options:
        words = fact.text.split()
        verb_like = bool(fact.base) or bool(fact.verb and fact.past)
        if fact.about != "organization" and fact.verb and fact.core and verb_like:
            verb = fact.verb.lower() if fact.past else (fact.base or fact.verb.lower())
            options = [f"you {verb} {fact.core}"]
        elif fact.about == "organization" and len(words) >= 4:
            options = [trim(" ".join(words[:MAX_COPIED_WORDS]))]
    found = _first_fitting(options, fact)
    if found is None:
        return None
    return found, True


def head_noun(fact: Fact) -> str | None:
    """What to call the thing once it has been named: "that talk", "that rebuild"."""
    if fact.kind == "artifact" and fact.thing:
        return f"that {fact.thing}"
    if fact.kind == "move":
        return "that move"
    if fact.kind in ("made", "theirs") and fact.core:
        words: list[str] = []
        for word in fact.core.split():
            if word.lower() in ("of", "on", "in", "for", "at", "from", "with", "to", "across"):
                break
            words.append(word)
        noun = words[-1].removesuffix("'s") if words else ""
        if noun.lower() in _WEAK or noun.lower() in ("organization", "organisation", "company"):
            return None
        if noun and noun.isalpha() and noun.islower() and len(noun) > 3:
            plural = noun.endswith("s") and not noun.endswith(("ss", "us", "is"))
            return "that work" if plural else f"that {noun}"
    return None


_QUALIFIERS = (
    "in",
    "on",
    "onto",
    "for",
    "at",
    "from",
    "with",
    "to",
    "across",
    "before",
    "into",
    "by",
    "through",
)


def head_phrase(phrase: str) -> str:
    """The phrase without its trailing qualifier ("the firm's practice in Miami" -> "the
    firm's practice"); unchanged when nothing would be left."""
    words = phrase.split()
    for position, word in enumerate(words[2:], start=2):
        if word.lower() in _QUALIFIERS:
            return trim(" ".join(words[:position]))
    return phrase


def object_phrase(fact: Fact, *, compact: bool = False) -> str | None:
    """The thing as a noun phrase that ends on them: "the school-pantry partnership you
    started", "the firm's immigration practice you head"; None when there is none."""
    if fact.kind in ("artifact", "move", "theirs", "topic"):
        thing = nominal(fact)
        if compact and fact.kind == "move" and fact.destination:
            return f"your move into {fact.destination}"
        if compact and fact.kind == "theirs" and thing:
            return head_phrase(thing) if head_phrase(thing) != thing else None
        if compact and fact.kind == "artifact" and fact.thing and fact.topic:
            return trim(f"your {fact.thing} on {' '.join(fact.topic.split()[:3])}")
        if compact and thing and fact.venue:
            return thing.replace(f" at {fact.venue}", "")
        return None if compact else thing
    if fact.kind == "org" and fact.core and fact.subject and fact.verb:
        words = head_phrase(fact.core).split()
        if words[0].lower() in ("a", "an", "the") and len(words) >= 2:
            if compact and " " not in fact.subject:
                phrase = f"{fact.subject}'s {' '.join(words[1:])}"  # "Weizmann's fellowship"
            elif compact:
                return None
            else:
                phrase = f"the {' '.join(words[1:])} {fact.subject} {fact.verb}"
            return phrase if fits(phrase, fact) else None
        return None
    if fact.kind not in ("made", "ongoing") or not fact.core or not fact.verb:
        return None
    core = head_phrase(fact.core)
    words = core.split()
    if words[0].lower() in ("a", "an", "your"):
        words = ["the", *words[1:]]
    elif words[0].islower() and words[0].lower() != "the":
        words = ["the", *words]
    elif words[0].lower() != "the" and not words[0].endswith(("'s", "’s")):
        return None
    if compact:
        head = " ".join(words[1:]).split(" of ")[-1].split()
        words = ["the", *head[-2:]]
        if not content_stems(" ".join(words[1:])):
            return None
    verb = fact.verb.lower() if fact.kind == "made" else (fact.base or "")
    phrase = f"{' '.join(words)} you {verb}"
    tail = fact.core[len(head_phrase(fact.core)) :].strip()
    if not compact and tail and (not content_stems(" ".join(words[1:])) or len(tail.split()) <= 4):
        # "the organization you grew" says nothing: keep what followed it ("… you lead in
        # East Africa", "… you grew from two staff to forty").
        phrase = f"{phrase} {tail}"
    return phrase if fits(phrase, fact) and len(words) >= 2 else None


def from_origin(origin: str) -> str:
    """What follows "from": "a chef" reads as "being a chef"."""
    return f"being {origin}" if origin.split()[0].lower() in ("a", "an") else origin
