"""Phrasing: the sentences of a draft, each built from parsed parts.

Choices among phrasings are made by hashing stable inputs (`Picker`), never by randomness
or the clock, so the same inputs always give the same text while drafts to different
contacts do not read alike. The time asked, the ask, the courtesy line and the sign-off
vary with the contact's seniority and the channel; a draft has one closing line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from service.llm.offline.hook import Hook, reference
from service.llm.offline.parse import Contact, Requester
from service.llm.offline.questions import Question

T = TypeVar("T")


class Picker:
    """Deterministic choice among phrasings, keyed by stable inputs and a slot name."""

    def __init__(self, seed: bytes) -> None:
        self.seed = seed

    def pick(self, slot: str, options: Sequence[T]) -> T:
        digest = hashlib.sha256(self.seed + b"\x00" + slot.encode()).digest()
        return options[int.from_bytes(digest[:8], "big") % len(options)]

    def number(self, slot: str, size: int) -> int:
        return self.pick(slot, range(size))


@dataclass(frozen=True, slots=True)
class Time:
    """The time asked for: "15 minutes" / "15-minute" / "15 min"; and how many questions."""

    minutes: str
    adjective: str
    short: str
    questions: int


def time_asked(seniority: str, channel: str, max_minutes: int) -> Time:
    """Executives and connection notes get a 15-minute ask (two questions); others 20 minutes
    by email (up to three), 15–20 on a LinkedIn message."""
    if channel == "linkedin_connection_note" or seniority == "executive":
        low, high = 15, 15
    elif channel == "linkedin_message" or seniority == "senior":
        low, high = 15, 20
    else:
        low, high = 20, 20
    high = min(high, max_minutes)
    low = min(low, high)
    span = f"{high}" if low == high else f"{low}–{high}"
    questions = 2 if high <= 15 or channel != "email" else 3
    return Time(
        minutes=f"{span} minutes",
        adjective=f"{span}-minute" if low == high else f"{span} minute",
        short=f"{span} min",
        questions=questions,
    )


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def persona(requester: Requester, *, rich: bool) -> str | None:
    """ "an ICU nurse with eight years of critical-care nursing" (rich) or "an ICU nurse"."""
    role = requester.role if rich else (requester.role_short or requester.role)
    if role and rich and requester.experience and len(role.split()) <= 6:
        # Not "a logistics officer in the army with nine years in the army": where the
        # experience names the place again, the years alone say it.
        tail = " ".join(role.split()[-2:]).lower()
        experience = requester.experience
        if len(role.split()) >= 3 and experience.lower().endswith(f" {tail}"):
            experience = experience[: -len(tail)].rstrip()
            for preposition in (" in", " at", " with", " for", " of"):
                experience = experience.removesuffix(preposition)
            experience = experience.rstrip(" ,") + " there"
        return f"{role} with {experience}"
    if role:
        return role
    if requester.experience:
        return None
    return None


def introduction(requester: Requester, pick: Picker, *, rich: bool, plain: bool = False) -> str:
    """One sentence on who is writing, or "" when the profile gives nothing to say."""
    who = persona(requester, rich=rich)
    if who and plain:
        return f"I'm {who}."
    if who:
        return pick.pick(
            "intro",
            (f"I'm {who}.", f"A little about me: I'm {who}.",
             f"By way of introduction, I'm {who}."),
        )  # fmt: skip
    if requester.experience:
        return f"I've spent {requester.experience}."
    if requester.target:
        return f"I'm working toward a move into {requester.target}."
    return ""


def why(requester: Requester, hook: Hook, pick: Picker) -> str:
    """One clause on why the hook matters to the requester. It opens with "which", so it
    reads as following from the hook (starts lower-case, no stop)."""
    if hook.kind == "own_work" and hook.own:
        if hook.own == requester.deed:
            return f"which is close to my own work: I {requester.deed}"
        if hook.own == requester.experience:
            return f"which is close to my own work after {requester.experience}"
        role = requester.role_short
        if role:
            return f"which is the problem that matters most to me as {role}"
        return "which is the problem that matters most to me"
    target = requester.target
    if hook.kind == "shared" and hook.fact is not None and hook.fact.kind == "move":
        if target:
            return f"I'm working toward the same move, into {target}"
        return "I'm seriously considering the same path"
    if hook.kind == "org" and target:
        return f"which matters to me as I look at a move into {target}"
    if target:
        return pick.pick(
            "why",
            (
                f"which is the kind of work I'm preparing for in {target}",
                f"which is exactly the {target} work I'm preparing to move into",
                f"which is the side of {target} my next step depends on",
                f"which is the work that drew me toward {target} in the first place",
                f"which is close to what I'll be doing once I move into {target}",
            ),
        )
    if requester.interest:
        return f"which is why {requester.interest} matters so much to me"
    return "which is the kind of work my next step depends on"


def hook_sentence(
    requester: Requester, hook: Hook, pick: Picker, *, short: bool, brief: bool = False
) -> str | None:
    """The reason: the hook, said by paraphrase, and why it matters, in one or two sentences."""
    fact = hook.fact
    if fact is None:
        return None
    ref = reference(fact, short=short)
    if ref is None:
        return None
    phrase, is_clause = ref
    because = why(requester, hook, pick)
    if brief and hook.kind in ("person", "org"):
        because = pick.pick(
            "why_brief",
            ("which is exactly the work I'm preparing for", "which is close to what I'm aiming for",
             "which is the kind of work I'm training toward"),
        )  # fmt: skip
    if hook.kind == "shared" and fact.kind == "move" and fact.destination and hook.shared:
        when = f" {fact.when}" if fact.when and not short else ""
        if hook.shared == fact.origin:
            role_like = hook.shared.split()[0].lower() in ("a", "an")
            start = f"you started out {'as' if role_like else 'in'} {hook.shared}"
        elif hook.shared_school:
            start = f"you studied at {hook.shared}"
        else:
            start = f"you worked at {hook.shared}"
        if fact.base == "join":
            step = f"you joined {fact.destination}{when}"
        else:
            step = f"your move into {fact.destination}{when} is why I'm writing"
            return f"Like me, {start}, and {step}: {because}."
        return f"Like me, {start}, and {step}, which is why I'm writing: {because}."
    lead = ""
    if hook.kind == "shared" and hook.shared:
        lead = (
            f"We're both {hook.shared} people, which is partly why I'm writing. "
            if hook.shared_school
            else f"We share {hook.shared} in our backgrounds, which is partly why I'm writing. "
        )
    if is_clause:
        opener = pick.pick(
            "opener",
            ("I read that {p}", "I saw that {p}", "I learned that {p}",
             "In my research I found that {p}", "I was interested to see that {p}"),
        ).format(p=phrase)  # fmt: skip
        return f"{lead}{opener}, {because}."
    opener = pick.pick(
        "opener_np",
        ("I came across {p}", "{P} caught my attention", "I was glad to find {p}"),
    ).format(p=phrase, P=capitalize(phrase))
    return f"{lead}{opener}, {because}."


def ask(time: Time, seniority: str, pick: Picker, *, brief: bool = False) -> str:
    if brief:
        return pick.pick(
            "ask_brief",
            ("Could you spare {m} for a call?", "Would you have {m} for a quick call?",
             "Might you have {m} to talk this month?"),
        ).format(m=time.minutes)  # fmt: skip
    if seniority in ("senior", "executive"):
        frames: tuple[str, ...] = (
            "Could you spare {m} for a call in the coming weeks?",
            "Would you have {m} for a phone or video call this month?",
            "Might you have {m} for a short call at a time that suits you?",
            "Would a {a} call at your convenience be possible?",
            "Could you spare {m} on the phone sometime this month?",
        )
    else:
        frames = (
            "Would you be up for a {a} call sometime in the next few weeks?",
            "Could I ask for {m} of your time, by phone or video?",
            "Would you have {m} for a call in the next few weeks?",
            "Might you be open to a {a} video chat soon?",
            "Could we set up a {a} call whenever it suits you?",
        )
    return pick.pick("ask", frames).format(m=time.minutes, a=time.adjective)


def listing(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]}, and {items[1]}"
    return ", ".join(items[:-1]) + f", and {items[-1]}"


def question_sentences(chosen: list[Question], pick: Picker, *, channel: str) -> str:
    """The preview: direct questions where they exist, else one sentence of clauses."""
    direct = [q.direct for q in chosen if q.direct]
    if channel == "email" and len(direct) == len(chosen) and pick.number("qstyle", 2) == 0:
        lead = pick.pick("qlead", ("I'd bring questions such as:", "Two or three things I'd ask:"))
        if len(chosen) == 2:
            lead = "Two things I'd ask:"
        return " ".join([lead, *direct])
    leads = (
        "I'd like to ask {q}.", "I'd love to hear {q}.", "I'm curious {q}.",
        "Mainly I'd want to ask {q}.", "What I'd most like to hear is {q}.",
    )  # fmt: skip
    embedded = [q.embedded for q in chosen]
    lead = pick.pick("qlead_inline", leads)
    # More than three in one sentence reads as a list of demands: split the rest off.
    first = lead.format(q=listing(embedded[:3]))
    if len(embedded) > 3:
        return f"{first} I'd also like to ask {listing(embedded[3:])}."
    return first


def colleague_offer(contact: Contact, pick: Picker) -> str:
    who = "someone on your team"
    if (
        contact.department
        and len(contact.department.split()) <= 3
        and re.fullmatch(r"[\w -]+", contact.department)
    ):
        department = contact.department.lower().removeprefix("the ")
        group = department.split()[-1]
        if group in ("team", "group", "clinic", "unit", "lab", "desk", "practice", "office"):
            who = f"someone in your {department}"
        else:
            who = f"someone on your {department} team"
    return pick.pick(
        "colleague",
        (
            f"If your calendar is full, I'd be just as glad to talk with {who}.",
            f"And if you're stretched for time, a conversation with {who} would help just as much.",
        ),
    )


def courtesy(seniority: str, channel: str, pick: Picker) -> str:
    """A sentence that acknowledges their time; never a thank-you (the sign-off thanks)."""
    if seniority in ("senior", "executive"):
        options: tuple[str, ...] = (
            "I know your time is in demand, so I'll come prepared and keep to time.",
            "I'll keep it focused and within the time.",
            "I realise how full your schedule must be, and I'll respect the time limit.",
        )
    elif channel == "email":
        options = (
            "I know you're busy, so no worries if the timing doesn't work.",
            "I'll come with my questions ready so it's a good use of your time.",
            "I understand if now is a hectic time for you.",
        )
    else:
        options = (
            "No worries if now isn't a good time.",
            "I know you're busy.",
            "I appreciate you considering it.",
        )
    return pick.pick("courtesy", options)


def sign_off(seniority: str, channel: str, first: str, pick: Picker) -> str:
    if channel != "email":
        line = pick.pick("signoff", ("Thanks,", "Thank you,"))
    elif seniority in ("senior", "executive"):
        line = pick.pick("signoff", ("With thanks,", "Kind regards,", "Thank you,"))
    else:
        line = pick.pick("signoff", ("Thanks so much,", "Best,", "Thank you,"))
    return f"{line}\n{first}"
