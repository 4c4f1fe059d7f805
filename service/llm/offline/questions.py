"""The questions a draft previews: about the contact's own work first, naming the thing.

Each question comes in two forms: `direct` ("What was the hardest part of the sepsis
alerting rebuild?") and `embedded` ("what the hardest part of the sepsis alerting rebuild
was"), so that a sentence can list them ("I'd like to ask …, … and …"). A learning goal
has only the embedded form: turning "how nurses move into informatics" into a direct
question needs an inversion a rule cannot do reliably, so it is never attempted.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.llm.offline.hook import Hook, from_origin, head_noun, nominal
from service.llm.offline.parse import Contact, Fact, Requester, gerund
from service.llm.offline.text import article, trim, word_list

_DANGLING = frozenset(
    word_list(
        """
a an the of to for with and or but at in on by from into about as your my our their his her
its this that which who under over than
"""
    )
)
_CREATE = frozenset(word_list("found launch start create co-found establish set"))


@dataclass(frozen=True, slots=True)
class Question:
    embedded: str
    direct: str | None = None
    about_fact: int | None = None


def _plural(phrase: str) -> bool:
    last = phrase.split()[-1].lower()
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


_ORG_THINGS = frozenset(
    word_list(
        """
program programs programme programmes fellowship fellowships initiative initiatives clinic
clinics lab labs pilot pilots residency residencies academy course courses partnership
partnerships days postmortems reviews review project projects platform service network
"""
    )
)


def fact_question(fact: Fact, variant: int, *, named: bool = False) -> Question | None:
    """A question about the thing the fact names, or None when it names nothing askable.
    `named`: the reason already named it, so a short back-reference reads better."""
    thing = nominal(fact)
    short = head_noun(fact) if named else None
    if fact.kind == "move" and fact.destination:
        origin = f" from {from_origin(fact.origin)}" if fact.origin else ""
        moving = "joining" if fact.base == "join" else "moving into"
        options = [
            Question(
                f"what helped most when you moved{origin} into {fact.destination}",
                f"What helped most when you moved{origin} into {fact.destination}?",
            ),
            Question(
                f"what you had to learn first after {moving} {fact.destination}",
                f"What did you have to learn first after {moving} {fact.destination}?",
            ),
        ]
    elif fact.kind == "artifact" and thing and fact.topic:
        options = [
            Question(
                f"what has changed in your thinking on {fact.topic} since that {fact.thing}",
                f"What has changed in your thinking on {fact.topic} since that {fact.thing}?",
            ),
            Question(
                f"what response {short or thing} got from people in your field",
                f"What response did {short or thing} get from people in your field?",
            ),
        ]
    elif fact.kind == "theirs" and thing:
        options = [
            Question(
                f"what response {short or thing} got from people in your field",
                f"What response did {short or thing} get from people in your field?",
            )
        ]
    elif fact.kind == "topic" and fact.core:
        options = [
            Question(f"how you approach {fact.core} in practice",
                     f"How do you approach {fact.core} in practice?"),
        ]  # fmt: skip
    elif fact.kind == "made" and fact.core and fact.base:
        if fact.base in _CREATE:
            options = [
                Question(
                    f"what was hardest about getting {short or fact.core} off the ground",
                    f"What was hardest about getting {short or fact.core} off the ground?",
                ),
                Question(
                    f"what you would do differently if you started {fact.core} today",
                    f"What would you do differently if you started {fact.core} today?",
                ),
            ]
        else:
            options = [
                Question(
                    f"what the hardest part of {short or fact.core} was",
                    f"What was the hardest part of {short or fact.core}?",
                ),
                Question(
                    f"what {short or fact.core} taught you that you didn't expect",
                    f"What did {short or fact.core} teach you that you didn't expect?",
                ),
            ]
    elif fact.kind == "ongoing" and fact.core and fact.base:
        doing = f"{gerund(fact.base)} {fact.core}"
        options = [
            Question(
                f"what a typical week {doing} looks like",
                f"What does a typical week {doing} look like?",
            ),
            Question(
                f"what {doing} involves day to day",
                f"What does {doing} involve day to day?",
            ),
        ]
    elif fact.kind == "member" and fact.core:
        det = "the" if " of " in fact.core else article(fact.core)
        role = f"{det} {fact.core}"
        options = [
            Question(
                f"what being {role} involves week to week",
                f"What does being {role} involve week to week?",
            )
        ]
    elif fact.kind == "org" and fact.core and fact.base not in ("be", "are", "have", "were"):
        core = fact.core
        if core.split()[-1].lower() not in _ORG_THINGS:
            return None
        if core.split()[0].lower() in ("a", "an"):
            core = "the " + core.split(" ", 1)[1]
        verb = "look" if _plural(core) else "looks"
        direct_verb = "do" if _plural(core) else "does"
        options = [
            Question(
                f"what {core} {verb} like from the inside",
                f"What {direct_verb} {core} look like from the inside?",
            )
        ]
    else:
        return None
    chosen = options[variant % len(options)]
    return Question(chosen.embedded, chosen.direct, fact.index)


def _ends_well(question: Question) -> bool:
    last = trim(question.embedded).split()[-1].lower().strip("?")
    return last not in _DANGLING


def questions(
    requester: Requester, contact: Contact, facts: list[Fact], hook: Hook, variant: int
) -> list[Question]:
    """Candidate questions, most specific first: the hook's fact, another fact, the
    requester's goals, then the contact's path and the requester's target."""
    found: list[Question] = []
    ordered = [hook.fact] if hook.fact is not None else []
    ordered += [f for f in facts if f is not hook.fact and f.kind != "other"]
    for fact in ordered[:2]:
        if fact is None:
            continue
        question = fact_question(fact, variant, named=fact is hook.fact)
        if question is not None and _ends_well(question):
            found.append(question)
    goals = list(requester.goals[:2])
    if variant % 2 and len(goals) == 2:
        goals.reverse()  # drafts to different contacts do not all open on the same goal
    for goal in goals:
        found.append(Question(goal))
    field = contact.field
    if contact.field_is_person:
        found.append(
            Question(
                f"how you became {article(field)} {field}",
                f"How did you become {article(field)} {field}?",
            )
        )
    elif field != "your field" and len(field.split()) == 1 and contact.leads:
        found.append(
            Question(f"how you came to lead {field}", f"How did you come to lead {field}?")
        )
    elif field != "your field":
        found.append(
            Question(
                f"how you found your way into {field}", f"How did you find your way into {field}?"
            )
        )
    if requester.target:
        found.append(
            Question(
                f"which skills you'd build first if you were moving into {requester.target} today",
                f"Which skills would you build first if you were moving into {requester.target} "
                "today?",
            )
        )
    found.append(
        Question("which skills matter most on your team", "Which skills matter most on your team?")
    )
    unique: list[Question] = []
    for question in found:
        mine = _content(question.embedded)
        if any(len(mine & _content(q.embedded)) * 3 >= len(mine) for q in unique if mine):
            continue  # two questions about the same thing read as one asked twice
        unique.append(question)
    return unique


def _content(text: str) -> set[str]:
    return {w.lower().rstrip("s") for w in text.split() if len(w) > 3} - _COMMON


_COMMON = frozenset(
    word_list(
        """
what which when where how that your with from into about most first after have does like
look looks work what's this they them their there were been being
"""
    )
)
