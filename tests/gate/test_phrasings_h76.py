"""Kinds of phrasing the seventy-sixth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventy-sixth pass's first measure:
- preview_questions: lines that start with an emoji ("👉 how you…", "✅ which tool…") are
  the items of a list, where two lines or more start so (a lone "👋 ok so…" is not); "If
  you're swamped, totally understand" is courtesy, no topic;
- specific_reason: "If you can give me 20 minutes some day" is the ask, not something told
  of the requester;
- no_job_ask: a CV offered "for context", with "I'm not looking for a role", asks for no job.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import PLANNED, assert_topics, grounded_context, letter, run_check


@pytest.mark.parametrize("mark", ["👉", "✅", "🔹", "➡️"])
def test_lines_that_start_with_an_emoji_are_list_items(mark: str) -> None:
    text = letter(
        "Could I have 20 minutes on a call? What I would ask:\n"
        f"{mark} how you sequence the pours when the frame subcontractor is late\n"
        f"{mark} which scheduling tool your site team updates each morning\n"
        f"{mark} who signs off the lift plans",
        "Thank you for your time.",
    )
    assert_topics(text, 3)


def test_a_lone_emoji_at_the_start_is_no_list() -> None:
    text = (
        "hey Sam 👋 ok so I watched your video on rigging the fox's tail in Ferngully Road, and "
        "I'm a third-year animation student whose grad-film cat rig keeps fighting my keys. "
        "Any chance of 15 mins on a call? I'd ask how you stopped the dynamics fighting the "
        "keys and how you test a rig before handing it over. Thanks for your time!"
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_swamped_and_totally_understand_are_courtesy() -> None:
    text = letter(
        "Would you have 20 minutes for a call? I'd ask how you priced the first contracts and "
        "how you hired the second engineer.",
        "If you're swamped, totally understand, maybe someone on your team could chat instead?",
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    ("ask", "passed"),
    [
        ("If you can give me 20 minutes some day for a call, I would like to ask how you "
         "planned the pours and who updates the board.", False),
        ("If you can give me 20 minutes some day for a call, I'd ask how the board changed "
         "our kind of site: I run pours on a job where nobody sees the plan until 8am.", True),
    ],
)  # fmt: skip
def test_the_ask_for_time_tells_nothing_of_the_requester(ask: str, passed: bool) -> None:
    context = grounded_context(
        "Site Manager", "Introduced a daily short interval control board on her site"
    )
    text = letter(
        "I work in construction too. I saw your post about the short interval control board "
        "you introduced on site, it looks really impressive.",
        ask,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed is passed, check.evidence


@pytest.mark.parametrize(
    ("offer", "passed"),
    [
        ("I can send my CV first if it gives context, but I'm not looking for a role.", True),
        ("I can send my CV first in case you know of any openings.", False),
    ],
)
def test_a_cv_offered_for_context(offer: str, passed: bool) -> None:
    text = letter(
        "Your thread on moving bundles to a template library stuck with me; bundle prep takes "
        "two days of my week.",
        PLANNED + " " + offer,
    )
    assert run_check(text, "no_job_ask").passed is passed
