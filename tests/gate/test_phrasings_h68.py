"""Kinds of phrasing the sixty-eighth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixty-eighth pass's first measure:
- specific_reason: "the podcast episode you did on miscarriage and work" is theirs; "a
  referral to the right team after the first visit" describes the model, no job ask that
  hides the hook; "nobody knowing what he wanted" asks nothing, so the hook after it is not
  read as a topic; "Why you - you took Kestrel through one of the first licences" is a label
  and the hook, not a topic; a line headed "My situation:" ties the hook; "Heard you on: the
  Harbour Hour, talking about how your team…" tells of their work, it asks nothing; a run-on
  that holds the whole message (and a job ask) is read for its hook; "Congratulations to you
  and everyone at Avonmead on…" is the organization's award;
- time_ask: "hoping for 20 minutes of your perspective" asks for the time;
- no_job_ask: "if you ever need volunteers or staff" asks for work, and so does "And if you
  ever need an extra pair of hands, I'd love to help." added below the thanks;
- preview_questions: "your thoughts on design thinking in general", "roadmapping more
  broadly" and "how to become more strategic" name no topic.
"""

from __future__ import annotations

import pytest

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


@pytest.mark.parametrize(
    "text",
    [
        letter("After my second miscarriage, the podcast episode you did on miscarriage and work "
               "was the first thing that helped. I now run a peer group for colleagues at our "
               "trust.", PLANNED),
        letter("I'm the only chaplain on nights at a 500-bed trust. I read your piece on the "
               "model you built at St Mary's, with a shared rota and a referral to the right "
               "faith after the first visit. We are trying to design exactly this.", PLANNED),
        letter("Last year a resident died on our ward with nobody knowing what she would have "
               "wanted, and afterwards my manager sent me the slides from your talk on advance "
               "care planning in hostels. I'm a support worker training in social work.",
               PLANNED),
        "Re: your freight podcast episode - 15 min?\nName: Ana Ruiz\nHeard you on: the Harbour "
        "Hour, talking about how your team handled the new customs filings\nMy situation: our "
        "pallets keep getting held at Felixstowe and I'm the one who has to fix it\nWould like "
        "to ask: (1) which fields caused most mismatches, (2) who files them\nTime: 15 min "
        "call\nHi Cora - thanks for reading.\nJo",
        "hi Ana my name is Jo and i am a second year electrical apprentice with a rural coop and "
        "my supervisor showed us the safety bulletin you wrote about the backfeed near miss "
        "your crew had in the ice storm, we had almost the same thing in March so it stuck "
        "with me, would you have 15 minutes for a call, i'd ask what your crew changed in the "
        "grounding steps and how you brief new starters, also if your coop is hiring "
        "apprentices next year i would love to apply, thanks Jo",
    ],
)  # fmt: skip
def test_standalone_hooks_and_ties(text: str) -> None:
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_labelled_hook_in_numbered_sections() -> None:
    text = letter(
        "1. Who I am - compliance lead at a small payments firm in Porto; I am writing our "
        "licence application largely on my own.\n2. Why you - you took Kestrel through one of "
        "the first e-money licences in Portugal.\n3. Questions -\n  a. Which parts drew the "
        "most follow-up?\n  b. How did you size the compliance team?\n4. Time - hoping for "
        "20 minutes of your perspective."
    )
    context = grounded_context(
        "Head of Compliance",
        "Steered Kestrel through one of the first e-money licences in Portugal",
    )
    assert run_check(text, "specific_reason", context=context).passed
    assert run_check(text, "time_ask", context=context).passed
    assert_topics(text, 2)


def test_the_whole_organizations_award() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Nurse", organization="Avonmead Hospice"),
        facts=[
            ResearchFact(
                text="Avonmead Hospice won 'Hospice of the Year' at the 2024 care awards.",
                about="organization",
            )
        ],
    )
    text = letter(
        "Congratulations to you and everyone at Avonmead on being named Hospice of the Year at "
        "the care awards. I'm a district nurse moving into palliative care.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


@pytest.mark.parametrize(
    "text",
    [
        letter(PLANNED, "And if you ever need volunteers or staff, I'd love to help."),
        letter(PLANNED, "Thanks so much for reading.", "And if you ever need an extra pair of "
               "hands on the farm, I'd love to help."),
    ],
)  # fmt: skip
def test_job_asks(text: str) -> None:
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (letter(ASK + " I'd love your thoughts on design thinking in general, and roadmapping "
                "more broadly."), 0),
        (letter(ASK + " I'd ask how you ran the pricing study, and how to become more "
                "strategic as a new PM."), 1),
    ],
)  # fmt: skip
def test_topics(text: str, topics: int) -> None:
    assert_topics(text, topics)
