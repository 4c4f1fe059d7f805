"""Assembly: whole drafts from the parts, the gate as the final judge, and the drafter.

For each channel a few candidates are built, from the fullest to the most compressed, in
several phrasings; the first the gate passes is returned (the gate is pure, so this keeps
the composer deterministic). A LinkedIn message is held to at most 110 words and at most
80% of the email written for the same pair; a connection note to the tenant's limit.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from service.gate import GateReport, run_gate
from service.llm.drafting import Composition, DrafterKind, DraftInputs
from service.llm.offline.hook import (
    Hook,
    choose_hook,
    fits,
    head_phrase,
    nominal,
    object_phrase,
    reference,
)
from service.llm.offline.parse import (
    Contact,
    Fact,
    Requester,
    parse_contact,
    parse_facts,
    parse_requester,
)
from service.llm.offline.phrasing import (
    Picker,
    Time,
    ask,
    capitalize,
    colleague_offer,
    courtesy,
    hook_sentence,
    introduction,
    persona,
    question_sentences,
    sign_off,
    time_asked,
    why,
)
from service.llm.offline.questions import Question, questions
from service.llm.offline.text import article, sanitize, word_count

COMPOSER_VERSION = 4
MODEL_NAME = "offline-composer"
# Candidates tried per draft before the least-bad one is returned (each costs one gate run).
_MAX_CANDIDATES = 90
LINKEDIN_MAX_WORDS = 110
LINKEDIN_SHARE_OF_EMAIL = 0.8


@dataclass(frozen=True, slots=True)
class Parts:
    """Everything a candidate is assembled from."""

    inputs: DraftInputs
    requester: Requester
    contact: Contact
    facts: list[Fact]
    hook: Hook
    time: Time
    senior: bool
    hints: str


def parts_of(inputs: DraftInputs, repair_hints: Sequence[str], canary: str) -> Parts:
    requester = parse_requester(inputs.requester)
    contact = parse_contact(inputs.contact, requester)
    facts = parse_facts(
        [(f.about, f.text) for f in inputs.facts], inputs.research_notes, inputs.contact, canary
    )
    extra = " ".join(sanitize(t) for t in (inputs.contact_how_found, inputs.contact_notes) if t)
    hook = choose_hook(requester, contact, facts, extra)
    hints = " ".join(repair_hints).lower()
    time = time_asked(contact.seniority, inputs.channel, inputs.policy.max_minutes)
    senior = contact.seniority in ("senior", "executive") or "colleague" in hints
    return Parts(inputs, requester, contact, facts, hook, time, senior, hints)


def _seed(inputs: DraftInputs, salt: int) -> bytes:
    contact = inputs.contact
    values = [
        contact.name,
        contact.organization or "",
        contact.title or "",
        contact.department or "",
        *(f"{f.about}:{f.text}" for f in inputs.facts),
        inputs.channel,
        inputs.kind,
        str(salt),
    ]
    return hashlib.sha256("\x1f".join(values).encode()).digest()


def _reason_without_facts(parts: Parts) -> str:
    where = f" at {parts.contact.org}" if parts.contact.org else ""
    field = parts.contact.field
    if parts.contact.field_is_person:
        return f"I'd like to learn what the work of {article(field)} {field} looks like{where}."
    return f"I'd like to learn how {field} is done in practice{where}."


def _chosen_questions(parts: Parts, pick: Picker, count: int) -> list[Question]:
    found = questions(parts.requester, parts.contact, parts.facts, parts.hook, pick.number("qv", 2))
    count = max(count, parts.inputs.policy.min_questions)
    # Asked in one sentence, two questions that name the same thing read as one said twice
    # ("how engineers move into ML platform roles, and which skills you'd build first if you
    # were moving into ML platform engineering"): the later one names it no more.
    chosen: list[Question] = []
    for question in found:
        if any(_said_again(question.embedded, other.embedded) for other in chosen):
            # the field is named once ("…if you were making the same move today"), and
            # "day to day" said once
            question = Question(
                _named_once(question.embedded),
                _named_once(question.direct) if question.direct else None,
                question.about_fact,
            )
        chosen.append(question)
        if len(chosen) == count:
            break
    return chosen


@dataclass(frozen=True, slots=True)
class Level:
    rich_persona: bool
    short_reference: bool
    questions: int
    courtesy: bool
    shortest_questions: bool = False


def _levels(parts: Parts) -> list[Level]:
    q = parts.time.questions
    if parts.inputs.channel == "linkedin_message":
        # A message is read on a phone: the short reference, two questions, and the
        # colleague offer standing in for the courtesy line when there is one.
        return [
            Level(False, True, 2, not parts.senior),
            Level(False, True, 2, False),
            Level(False, True, 2, False, shortest_questions=True),
        ]
    levels = [
        Level(True, False, q, True),
        Level(False, False, q, True),
        Level(False, False, 2, True),
        Level(False, True, 2, True),
        Level(False, True, 2, False),
    ]
    if any(w in parts.hints for w in ("cut ", "shorten", "too long")):
        return levels[2:]
    return levels


def _message(parts: Parts, level: Level, pick: Picker) -> str:
    channel = parts.inputs.channel
    requester = parts.requester
    greeting = pick.pick("greeting", ("Hi", "Hello", "Dear")) + f" {parts.contact.first},"
    if channel != "email":
        greeting = pick.pick("greeting", ("Hi", "Hello")) + f" {parts.contact.first},"
    rich = level.rich_persona and channel == "email" and parts.hook.own != requester.experience
    intro = introduction(requester, pick, rich=rich, plain=channel != "email")
    reason = hook_sentence(
        requester, parts.hook, pick, short=level.short_reference, brief=channel != "email"
    )
    if reason is None:
        reason = _reason_without_facts(parts)
    chosen = _chosen_questions(parts, pick, level.questions)
    if level.shortest_questions:
        pool = _chosen_questions(parts, pick, level.questions + 2)
        chosen = sorted(pool, key=lambda q: len(q.embedded))[: len(chosen)]
    preview = question_sentences(chosen, pick, channel=channel)
    time_ask = ask(parts.time, parts.contact.seniority, pick, brief=channel != "email")
    offer = colleague_offer(parts.contact, pick) if parts.senior else ""
    polite = courtesy(parts.contact.seniority, channel, pick)
    if not level.courtesy and "time" not in parts.hints:
        polite = ""
    closing = sign_off(parts.contact.seniority, channel, requester.first, pick)
    if channel == "email":
        paragraphs = [
            greeting,
            _join(intro, reason),
            _join(time_ask, preview),
            _join(offer, polite),
            closing,
        ]
    else:
        paragraphs = [
            greeting,
            _join(intro, reason),
            _join(time_ask, preview, offer, polite),
            closing,
        ]
    return "\n\n".join(p for p in paragraphs if p)


def _join(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


# --- connection notes ------------------------------------------------------------------------


def _note_hooks(parts: Parts) -> list[str]:
    """Short forms of the hook for a 200-character note, richest first."""
    fact = parts.hook.fact
    found: list[str] = []
    role = parts.requester.role_short
    if role:
        # A note has no room for "a PhD candidate in computational biology".
        role = re.split(r" (?:in|at|for|with|of) ", role, maxsplit=1)[0]
        words = role.split()
        if len(words) > 3:  # "a second-year pharmacy student" -> "a pharmacy student"
            role = f"{article(' '.join(words[-2:]))} {' '.join(words[-2:])}"
    lead = f"I'm {role}, and " if role else ""
    if fact is not None and role:
        # "so …" links who they are to the hook in one short sentence.
        for named in _yours(fact):
            found.append(f"I'm {role}, so {named} caught my eye.")
        ref = reference(fact, short=True)
        if ref is not None and ref[1]:
            found.append(f"I'm {role}, so I read that {ref[0]}.")
        for noticed in (object_phrase(fact), object_phrase(fact, compact=True)):
            if noticed and not noticed.startswith("your "):
                found.append(f"I'm {role}, so I noticed {noticed}.")
    if fact is not None and role:
        things = [t for t in (object_phrase(fact), object_phrase(fact, compact=True)) if t]
        if fact.kind == "move":
            aim = "exactly the path I'm after"
        elif fact.kind in ("artifact", "theirs", "topic"):
            aim = "exactly what I'm working toward"
        elif fact.kind == "org":
            aim = "exactly what I'm after"
        else:
            aim = "exactly the work I'm after"
        for named in things:
            verb = "are" if _plural_head(named) else "is"
            if fact.kind in ("artifact", "theirs"):
                found.append(f"I'm {role}; {named} spoke to {aim.removeprefix('exactly ')}.")
            else:
                found.append(f"I'm {role}; {named} {verb} {aim}.")
    if fact is not None:
        thing = nominal(fact)
        if parts.hook.kind == "shared" and fact.kind == "move" and fact.destination:
            shared = parts.hook.shared or ""
            prep = "as" if shared.split()[:1] in (["a"], ["an"]) else "in"
            if shared != fact.origin:
                prep = "at"
            found.insert(
                0,
                f"like me, you started out {prep} {shared}, and your move into "
                f"{fact.destination} is the path I'm working toward.",
            )
        if thing and fact.kind in ("artifact", "move"):
            found.append(f"{lead}{thing} caught my eye.")
            found.append(f"{thing} caught my eye.")
            if fact.venue:
                plain = thing.replace(f" at {fact.venue}", "")
                found.append(f"{lead}{plain} caught my eye.")
                found.append(f"{plain} caught my eye.")
        for short in (False, True):
            ref = reference(fact, short=short)
            if ref is not None and ref[1]:
                found.append(f"{lead}I read that {ref[0]}.")
                found.append(f"I read that {ref[0]}.")
    if not found:
        where = f" at {parts.contact.org}" if parts.contact.org else ""
        found.append(f"{lead}I'd like to learn how {parts.contact.field} works{where}.")
    return found


def _yours(fact: Fact) -> list[str]:
    """The thing as "your …" ("your family-based immigration practice"), fullest first."""
    found: list[str] = []
    if fact.kind == "org":
        return found
    for named in (object_phrase(fact), object_phrase(fact, compact=True), nominal(fact)):
        if not named:
            continue
        if not named.startswith("your "):
            words = named.split(" you ")[0].split()
            if words and words[0].lower() == "the" and len(words) > 2 and words[1].endswith("'s"):
                words = words[2:]  # "the firm's practice" -> "your practice"
            elif words and words[0].lower() == "the":
                words = words[1:]
            else:
                continue
            named = "your " + " ".join(words)
        if fits(named, fact) and len(named.split()) >= 3 and named not in found:
            found.append(named)
    return found


def _plural_head(phrase: str) -> bool:
    """Whether a noun phrase's head is plural ("the docking benchmarks you published")."""
    head = ""
    for word in phrase.split()[1:]:
        if (
            word.lower() in ("you", "of", "on", "in", "from", "into", "at", "for")
            or word[0].isupper()
        ):
            break
        head = word.lower()
    return head.endswith("s") and not head.endswith(("ss", "is", "us"))


def _note_topics(parts: Parts, pick: Picker) -> list[tuple[str, str]]:
    fact = parts.hook.fact
    first: list[str] = []
    if fact is not None:
        if fact.kind == "move":
            first.append("how you made that move")
        elif fact.kind == "artifact" and fact.topic and len(fact.topic.split()) <= 4:
            topic = fact.topic.split()
            if topic[0].endswith("ing") and len(topic) > 1:
                topic = topic[1:]  # "automating certificate rotation" -> "certificate rotation"
            first.append(f"{' '.join(topic)} in practice")
        elif fact.kind == "ongoing":
            first.append("how that work runs day to day")
            first.append("how that work runs")
        elif fact.kind == "made":
            first.append("what it taught you")
        elif fact.kind == "org" and fact.core:
            head = head_phrase(fact.core).split()[-2:]
            if head and head[-1].isalpha():
                verb = "work" if head[-1].endswith("s") else "works"
                first.append(f"how the {' '.join(head)} {verb}")
    field = parts.contact.field
    # What a newcomer's first year asks (a topic a careful reader counts); "how you got into
    # X" only restates the ask.
    if parts.contact.field_is_person:
        first.append(f"what a first year as {article(field)} {field} involves")
    elif field != "your field":
        first.append(f"what the first year in {field} involves")
    second = [g for g in parts.requester.goals if len(g.split()) <= 9]
    if parts.requester.target:
        second.append(f"which skills matter in {parts.requester.target}")
    second.append("which skills matter most on your team")
    second.append("which skills matter most")
    pairs = [(a, b) for a in first for b in second]
    # (not "which skills matter most on your team and which skills matter most")
    pairs += [(a, b) for i, a in enumerate(second) for b in second[i + 1 :] if not _alike(a, b)]
    return pairs


_MOVING_INTO = re.compile(r"moving into [^,?]+?(?= today\b)")


def _named_once(question: str) -> str:
    return _MOVING_INTO.sub("making the same move", question).replace(" day to day", "")


def _said_again(a: str, b: str) -> bool:
    """Whether `a` repeats three words of `b` in a row (case aside)."""
    words_a, words_b = a.lower().split(), b.lower().split()
    runs = {tuple(words_b[i : i + 3]) for i in range(len(words_b) - 2)}
    return any(tuple(words_a[i : i + 3]) in runs for i in range(len(words_a) - 2))


def _alike(a: str, b: str) -> bool:
    """Two topics that would read as one said twice: the same opening words ("which skills
    matter in X" / "which skills matter most") or the same three words in a row."""
    return bool(set(a.split()[1:3]) & set(b.split()[1:3])) or _said_again(a, b)


def _note_candidates(parts: Parts, pick: Picker) -> Iterator[str]:
    limit = parts.inputs.policy.connection_note_limit
    greeting = f"Hi {parts.contact.first},"
    sign = f"\n{parts.requester.first}"
    with_colleague = ", or someone on your team," if parts.senior else ""
    frames: tuple[str, ...] = (
        "Could I ask you {m} of questions about {a} and {b}?",
        "Would you have {m} to talk about {a} and {b}?",
        "Could you spare {m} on {a} and {b}?",
    )
    if parts.senior:
        frames = (
            "Could you or a colleague of yours spare {m} on {a} and {b}?",
            "Would you{c} have {m} to talk about {a} and {b}?",
            "Could you{c} spare {m} on {a} and {b}?",
        )
    start = pick.number("note_ask", 2)
    pairs = _note_topics(parts, pick)
    pairs = pairs[:2] + sorted(pairs[2:], key=lambda p: len(p[0]) + len(p[1]))
    # For a senior contact, the shortest ask, tried only where no other fits: it leaves room
    # for the hook that "(or a colleague of yours)" would crowd out.
    compact = "{m} (you or a colleague) on {a} and {b}?" if parts.senior else None
    for hook in _note_hooks(parts):
        for a, b in pairs:
            fitted = False
            for offset in range(len(frames)):
                frame = frames[(start + offset) % len(frames)]
                if " on {a}" in frame and not a.startswith(("how ", "what ", "which ")):
                    continue  # "spare 15 min on X" previews X only as a question clause
                asked = frame.format(c=with_colleague, m=parts.time.short, a=a, b=b)
                note = f"{greeting} {hook} {asked}{sign}"
                if len(note) <= limit:
                    fitted = True
                    yield note
            if compact is not None and not fitted and a.startswith(("how ", "what ", "which ")):
                asked = compact.format(m=parts.time.short, a=a, b=b)
                note = f"{greeting} {hook} {asked[:1].upper()}{asked[1:]}{sign}"
                if len(note) <= limit:
                    yield note


# --- follow-ups ------------------------------------------------------------------------------


def _sent_ago(inputs: DraftInputs) -> str:
    """When the earlier request went, as a person says it ("about a month ago")."""
    earlier = inputs.earlier
    if earlier is None or not earlier.sent_ago:
        return "a while ago"
    return earlier.sent_ago


def _follow_up(parts: Parts, level: Level, pick: Picker) -> str:
    when = _sent_ago(parts.inputs)
    opener = pick.pick(
        "fu_open",
        ("I'm following up on the note I sent you {w} about a short conversation.",
         "I wanted to follow up on the message I sent {w}, in case it got buried."),
    ).format(w=when)  # fmt: skip
    reason = hook_sentence(parts.requester, parts.hook, pick, short=True)
    who = persona(parts.requester, rich=False)
    intro = f"As a reminder, I'm {who}." if who else ""
    if reason is None:
        reason = _reason_without_facts(parts)
    chosen = _chosen_questions(parts, pick, 2)
    preview = question_sentences(chosen, pick, channel="linkedin_message")
    time_ask = ask(parts.time, parts.contact.seniority, pick)
    offer = colleague_offer(parts.contact, pick) if parts.senior else ""
    polite = "No worries at all if now isn't a good time." if level.courtesy else ""
    paragraphs = [
        f"Hi {parts.contact.first},",
        _join(opener, intro, reason),
        _join(time_ask, preview, offer),
        polite,
        sign_off(parts.contact.seniority, "linkedin_message", parts.requester.first, pick),
    ]
    return "\n\n".join(p for p in paragraphs if p)


def _follow_up_notes(parts: Parts, pick: Picker) -> Iterator[str]:
    when = _sent_ago(parts.inputs)
    colleague = " (or with someone on your team)" if parts.senior else ""
    role = parts.requester.role_short
    pairs = sorted(_note_topics(parts, pick), key=lambda p: len(p[0]) + len(p[1]))
    for intro in ((f" I'm {role}." if role else ""), ""):
        for a, b in pairs:
            note = (
                f"Hi {parts.contact.first}, following up on the note I sent {when}.{intro} "
                f"Could we talk for {parts.time.short}{colleague} about {a} and {b}?"
                f"\n{parts.requester.first}"
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
    fact = parts.hook.fact
    options: list[str] = []
    thing = nominal(fact) if fact is not None else None
    if fact is not None and thing and fact.kind in ("artifact", "move", "theirs", "topic"):
        options += [f"A question about {thing}", f"{parts.time.minutes.capitalize()} on {thing}?"]
    target = parts.requester.target
    if target:
        options.append(f"{capitalize(target)}: {parts.time.minutes} of your advice?")
    field = parts.contact.field
    if parts.contact.field_is_person:
        options.append(f"Your work as {article(field)} {field}")
    elif field != "your field":
        options.append(f"A question about {field}")
    fitting = [o for o in options if len(o) < 60 and len(o.split()) <= 9]
    return pick.pick("subject", fitting[:2]) if fitting else "A short question about your work"


# --- the drafter -----------------------------------------------------------------------------


def _candidates(parts: Parts) -> Iterator[tuple[str | None, str]]:
    inputs = parts.inputs
    salts = (0, 1, 2) if "rewrite" not in parts.hints else (3, 4, 5)
    pickers = [Picker(_seed(inputs, salt)) for salt in salts]
    if inputs.channel == "linkedin_connection_note":
        for pick in pickers:
            make = _follow_up_notes if inputs.kind == "follow_up" else _note_candidates
            for count, note in enumerate(make(parts, pick)):
                if count >= 40:
                    break
                yield None, note
        return
    for level in _levels(parts):
        for pick in pickers:
            if inputs.kind == "follow_up":
                body = _follow_up(parts, level, pick)
            else:
                body = _message(parts, level, pick)
            yield _subject(parts, pick), body


def _clean(text: str) -> str:
    """Final safety net: no invisible or control characters, tidy spacing."""
    text = "".join(
        c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs")
    )
    text = re.sub(r"[ ]{2,}", " ", text)
    text = re.sub(r" +([,.;:?!])", r"\1", text)
    text = re.sub(r"([.?!])\.", r"\1", text)
    return text.strip()


def _rank(report: GateReport) -> tuple[int, int]:
    return len(report.blocking_failures), len(report.warnings)


def _word_cap(inputs: DraftInputs, repair_hints: Sequence[str], canary: str) -> int | None:
    """For a LinkedIn message: at most 110 words and at most 80% of the same pair's email."""
    if inputs.channel != "linkedin_message":
        return None
    _, email = compose_text(
        inputs.model_copy(update={"channel": "email"}), repair_hints=repair_hints, canary=canary
    )
    return min(LINKEDIN_MAX_WORDS, int(word_count(email) * LINKEDIN_SHARE_OF_EMAIL))


def compose_text(
    inputs: DraftInputs, *, repair_hints: Sequence[str] = (), canary: str = ""
) -> tuple[str | None, str]:
    """The draft (subject, body) for `inputs`; pure and deterministic."""
    parts = parts_of(inputs, repair_hints, canary)
    cap = _word_cap(inputs, repair_hints, canary)
    context = inputs.gate_context()
    marker = canary[: len(canary) // 2] if canary else ""
    best: tuple[tuple[int, int, int], str | None, str] | None = None
    for number, (subject, raw_body) in enumerate(_candidates(parts)):
        if number >= _MAX_CANDIDATES:
            break
        body = _clean(raw_body)
        subject = _clean(subject) if subject else None
        if marker and (marker in body or (subject and marker in subject)):
            continue
        over = 1 if cap is not None and word_count(body) > cap else 0
        report = run_gate(
            body, subject=subject, channel=inputs.channel, context=context, policy=inputs.policy
        )
        rank = (over, *_rank(report))
        if rank == (0, 0, 0):
            return subject, body
        if best is None or rank < best[0]:
            best = (rank, subject, body)
    if best is None:
        # Nothing fit (e.g. a very tight note limit): a minimal, honest request.
        lead = "following up on my note: " if inputs.kind == "follow_up" else ""
        topics = [
            (a, b) for a, b in _note_topics(parts, Picker(_seed(inputs, 0))) if not _alike(a, b)
        ]
        about = f" about {topics[0][0]} and {topics[0][1]}" if topics else ""
        colleague = " (or a colleague of yours)" if parts.senior else ""
        body = _clean(
            f"Hi {parts.contact.first}, {lead}could we talk for {parts.time.short}"
            f"{colleague}{about}?\n{parts.requester.first}"
        )
        if len(body) > inputs.policy.connection_note_limit:
            body = _clean(
                f"Hi {parts.contact.first}, {lead}could we talk for {parts.time.short}?"
                f"\n{parts.requester.first}"
            )
        return _subject(parts, Picker(_seed(inputs, 0))), body
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


__all__ = ["COMPOSER_VERSION", "MODEL_NAME", "OfflineDrafter", "compose_text", "why"]
