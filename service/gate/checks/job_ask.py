"""no_job_ask: an informational interview request must not ask for a job or a referral."""

from __future__ import annotations

import re

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.text import finditer_word

_JOB_ASK = re.compile(
    r"referrals?\b"
    r"|refer me\b(?! to (?:someone|somebody|a colleague|one of|anyone|a teammate|the right"
    r" person|a peer))"
    r"|recommend me (?:for|to (?:the|your) (?:hiring|recruit))"
    r"|pass (?:along|on) my (?:resume|cv|résumé|application)|pass my (?:resume|cv|résumé)"
    r"|forward(?:ing)? my (?:resume|cv|résumé|application)"
    r"|(?:my|the) (?:resume|cv|résumé) (?:is )?attached|attached (?:is |are )?my (?:resume|cv"
    r"|résumé)|i(?:'ve| have) attached my (?:resume|cv|résumé)"
    r"|(?:any|open|current|upcoming|available) (?:job |junior |entry-level )?(?:openings"
    r"|vacancies|positions|roles|opportunities|jobs)\b(?! (?:like|such as) yours)"
    r"|(?:are|is) (?:you|your team|your company|your department|anyone|\w+) (?:currently |still"
    r" |also )?hiring"
    r"|if (?:you(?:'re| are)|your team is|there are|anyone is|\w+ is) (?:currently |ever |still )?"
    r"hiring"
    r"|(?:looking|searching) for (?:a|an) (?:new )?(?:job|position|role)\b"
    r"|(?:apply|applying) (?:for|to) (?:a|the|your|an|any)\b"
    r"|consider(?:ed)? me for|put in a good word|keep me in mind (?:for|if|when)"
    r"|job (?:offer|opening|opportunit)|hire me\b|get me (?:a|an) (?:job|interview)"
    r"|interview (?:me )?for (?:a|the|an) (?:role|position|job|opening)"
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
