"""Kinds of phrasing the sixty-fifth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixty-fifth pass's first measure:
- specific_reason: "your Snort rules for the dropper" and "your detection rule pack" are
  pieces of theirs; a tool the research says they made ("Creator of Ferrowake") is named
  when the message names it, "you" or not; "going from running a hotel front desk to a Tier 2 seat" tells
  the move a fact names; "a new site lead with chronic absence" tells a situation, not a
  bare role; "it jumped out at me, it's right up my street" and "a student at the minute"
  tie nothing; a kind of system shared with a fact ("you run Pellucid CRM" against a talk on
  leaving a legacy CRM) grounds nothing;
- preview_questions: "How are ya?" asks after them, no topic; "I'd love to get into how you…"
  names topics as "I'd love to hear how you…" does;
- no_job_ask: "throw my hat in", "whether I'd be a fit for the team", "happy to do a trial
  task for your team" and "if there's ever a spot going" ask for a job.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


@pytest.mark.parametrize(
    "paragraph",
    [
        "Your Snort rules for the Quillbug dropper now run on our perimeter sensors. I triage "
        "alerts for a regional MSP and we see that dropper weekly.",
        "Your detection rule pack for cloud logins has become my baseline: I'm the only "
        "security engineer at a housing charity and I'm building our alerting from nothing.",
    ],
)
def test_rules_are_pieces_of_theirs(paragraph: str) -> None:
    check = run_check(letter(paragraph, PLANNED), "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("text", "title", "fact", "tied"),
    [
        ("Ferrowake cut our log review time in half on the last breach we handled at the "
         "hospital. " + PLANNED, "Security Engineer",
         "Creator of Ferrowake, an open-source tool for sorting firewall logs", True),
        ("I saw your post about going from running a hotel front desk to a Tier 2 NOC seat. I've "
         "run a hotel reception for six years and I'm studying networking at night. " + PLANNED,
         "Tier 2 NOC Engineer", "Moved from hotel reception work into a Tier 2 network "
         "operations centre role in 2023", True),
        ("Caught your talk on return-to-work calls; I'm a new site lead in Mossley with chronic "
         "absence. " + PLANNED, "HR Business Partner",
         "Spoke at a regional HR forum on cutting absence with early return-to-work calls", True),
        ("I'm a student at the minute and came across the pricing model you built for Cork "
         "rentals - it jumped out at me, it's right up my street. " + PLANNED, "Analyst",
         "Built the firm's pricing model for Cork rentals", False),
        ("I noticed on your profile that you run Pellucid CRM at Harbour Trust. We moved to "
         "Pellucid last year too. " + PLANNED, "CRM Manager",
         "Spoke at a charity tech meetup on leaving a legacy CRM for a cloud one", False),
    ],
)  # fmt: skip
def test_grounded_reasons(text: str, title: str, fact: str, tied: bool) -> None:
    context = grounded_context(title, fact)
    check = run_check(letter(text), "specific_reason", context=context)
    assert check.passed is tied, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (letter("How are ya? " + ASK + " I'd ask how you priced the kerbside collection."), 1),
        (letter(ASK + " I'd love to get into how you phased the refit floor by floor and what "
                "you offered tenants during the works."), 2),
    ],
)  # fmt: skip
def test_topics(text: str, topics: int) -> None:
    assert_topics(text, topics)


@pytest.mark.parametrize(
    "sentence",
    [
        "No pressure, but I'd be keen to throw my hat in if your crew grows.",
        "I'd also love to know whether you reckon I'd be a fit for the lettings team.",
        "If it helps, I'm happy to do a trial task for your team.",
        "And if there's ever a spot going on the crew, give us a shout.",
    ],
)
def test_job_asks(sentence: str) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert not check.passed, check.message
