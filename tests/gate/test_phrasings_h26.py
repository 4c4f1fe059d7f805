"""Kinds of phrasing the twenty-sixth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twenty-sixth pass's first measure:
- preview_questions: "Curious re: A + B."; "your journey and any advice for someone in my
  shoes" restates the ask;
- specific_reason: "Welder here, training as an inspector." right after the hook is the
  requester's situation; "impressed by your career in X" is praise, no hook.
"""

from __future__ import annotations

from tests.gate.helpers import ASK, assert_topics, letter, run_check


def test_curious_re() -> None:
    text = "Hi Mei, your session on seed libraries was great. 20 min call? Curious re: volunteers + grant money.\nJo"
    assert_topics(text, 2)


def test_journey_and_any_advice_is_a_restatement() -> None:
    text = letter(
        ASK + " I'd love to hear about your journey and get any advice you have for someone "
        "in my position, plus how you learned the scheduling software."
    )
    assert_topics(text, 1)


def test_a_terse_situation_right_after_the_hook() -> None:
    text = (
        "Ms. Ortiz, saw your talk on drone inspections of wind turbines. Welder here, training "
        "as an inspector. 15 min? How you log blade defects + which cert came first.\nJo"
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_career_praised_whole_is_no_hook() -> None:
    text = letter(
        "I've been really impressed by your career in hospital administration. I'm a nurse "
        "thinking about management.",
        ASK + " I'd like to ask how you budget for agency staff, and what a first year as a "
        "unit manager involves.",
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence
