"""no_job_ask: an informational interview request must not ask for a job or a referral."""

from __future__ import annotations

import re

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.text import finditer_word

_ROLE = r"(?:roles?|positions?|jobs?|openings?|vacanc(?:y|ies)|opportunit(?:y|ies)|posts?|spots?)"
_JOB_ASK = re.compile(
    r"referrals?\b"
    r"|refer me\b(?! to (?:someone|somebody|a colleague|one of|anyone|a teammate|the right"
    r" person|a peer|another))"
    r"|recommend me (?:for|to (?:the|your) (?:hiring|recruit))"
    r"|pass (?:along|on) my (?:resume|cv|résumé|application|name)|pass my (?:resume|cv|résumé"
    r"|name|application)"
    r"|forward(?:ing)? my (?:resume|cv|résumé|application|profile)"
    r"|(?:my|the) (?:resume|cv|résumé) (?:is )?attached|attached (?:is |are )?my (?:resume|cv"
    r"|résumé)|i(?:'ve| have) (?:attached|enclosed|included) my (?:resume|cv|résumé)"
    r"|(?:any|open|current|upcoming|available|future) (?:job |junior |entry-level |\w+ )?"
    r"(?:openings|vacancies|positions|roles|opportunities|jobs)\b(?! (?:like|such as) yours)"
    r"(?! (?:on|in|at) (?:the|a) (?:field|industry|market))"
    r"|(?:are|is) (?:you|your team|your company|your department|anyone|\w+) (?:currently |still"
    r" |also )?hiring"
    r"|if (?:you(?:'re| are)|your team is|there are|anyone is|\w+ is) (?:currently |ever |still )?"
    r"hiring"
    r"|(?:looking|searching) for (?:a|an) (?:new )?(?:job|position|role)\b"
    rf"|(?:apply|applying) (?:for|to) (?:a|the|your|an|any|one of your) (?:[\w-]+ ){{0,2}}?{_ROLE}"
    r"|consider(?:ed)? me for|put in a good word|put my name forward"
    r"|keep me in mind|kept in mind|bear me in mind|keep my (?:name|resume|cv|details) on file"
    rf"|(?:keep|kept|have) me (?:on your radar|in the loop) (?:for|if|about|should) "
    r"|if anything (?:opens|comes) up|should (?:a|an|any|anything) (?:\w+ ){0,2}(?:open|come) up"
    rf"|when (?:a|an) (?:\w+ )?{_ROLE} (?:opens|comes) up"
    r"|(?:whether|if) i(?:'d| would| might| could)? (?:be|make) (?:a )?(?:good |strong |great )?"
    r"(?:fit|match|candidate|addition)\b(?! for (?:this|the) (?:field|career|industry|path))"
    r"|i(?:'d| would| might| could) (?:be|make) (?:a )?(?:good |strong |great )?(?:fit|match"
    r"|candidate|addition) (?:for (?:your|the) (?:team|company|firm|role|position|group)|there"
    r"|at\\b|on your)"
    r"|(?:room|a place|a spot|space) for (?:someone like me|me) (?:on|in|at)"
    r"|job (?:offer|opening|opportunit)|hire me\b|get me (?:a|an) (?:job|interview)"
    r"|interview (?:me )?for (?:a|the|an|your) (?:\w+ )?(?:role|position|job|opening)"
    r"|introduc\w+ me to (?:the|your) (?:hiring|recruit)"
)
_NEGATION = re.compile(r"\b(?:not|never|no|nor|isn't|n't|without)\b|n't\b")
_TRIGGERS = (
    "refer",
    "resum",
    "résum",
    "cv",
    "hiring",
    "opening",
    "vacanc",
    "position",
    "role",
    "opportunit",
    "job",
    "apply",
    "hire",
    "consider me",
    "good word",
    "mind for",
    "mind if",
    "mind when",
    "recommend me",
    "application",
    "interview",
    "mind",
    "fit",
    "match",
    "candidate",
    "opens up",
    "open up",
    "comes up",
    "come up",
    "radar",
    "loop",
    "room for",
    "place for",
    "spot for",
    "on file",
    "name forward",
    "introduc",
)


def check_no_job_ask(data: CheckInput) -> Outcome:
    """Flag asks for jobs, referrals or openings, unless negated ("I'm not asking for a job")."""
    draft = data.draft
    for sentence in draft.sentences_containing(_TRIGGERS):
        for match in finditer_word(_JOB_ASK, sentence.low):
            before = sentence.low[max(0, match.start() - 40) : match.start()]
            if _NEGATION.search(before):
                continue
            start = sentence.start + match.start()
            end = sentence.start + match.end()
            return Outcome(
                False,
                f"Asks for a job or referral: '{draft.body[start:end]}'.",
                (span(draft, sentence.start, sentence.end),),
                "Remove the request for a job, referral or openings; ask only for their "
                "perspective and advice. Jobs can come up later if the conversation goes well.",
            )
    return Outcome(True, "No job or referral request found.")
