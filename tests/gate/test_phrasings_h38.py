"""Kinds of phrasing the thirty-eighth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirty-eighth pass's first measure:
- preview_questions: "20 min sometime on X and Y?" names two things;
- specific_reason: "Congratulations on stepping up to…" is said to them; walking past
  their building every day is seeing their work;
- no_job_ask: "what the interview for your analyst role focused on" asks how hiring works.
"""

from __future__ import annotations

from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, run_check


def test_minutes_sometime_on_two_things() -> None:
    text = (
        "Hi Dana, your post on the medic-to-RN bridge at Tampa CC hit home. I'm a former "
        "combat medic starting it this fall. 20 min sometime on clinical rotations and exam prep?"
    )
    assert_topics(text, 2, channel="linkedin_connection_note")


def test_congratulations_are_said_to_them() -> None:
    context = grounded_context(
        "Project Engineer",
        "Promoted from site engineer to project engineer on the Thames Tideway tunnel in 2025",
    )
    text = letter(
        "Congratulations on stepping up to project engineer on the Tideway tunnel. I'm a "
        "graduate on a sewer tunnel in Leeds, and that step is the next one my manager keeps "
        "mentioning.",
        ASK + " I'd ask which duties changed and how you fit chartership around the job.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_walking_past_their_building_sees_their_work() -> None:
    context = grounded_context(
        "Site Manager", "Managed the site for a 12-storey library in Woodstock finished early"
    )
    text = letter(
        "I'm a recent surveying graduate, and I walked past the library in Woodstock every day "
        "while it went up; I used it in my scheduling project because it finished early.",
        ASK + " I'd ask how you sequenced the frame and how you tracked the programme.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_asking_about_their_interview_is_no_job_ask() -> None:
    text = letter(
        ASK + " I'd ask how you use the certification on shift, and what the interview for "
        "your analyst role focused on."
    )
    check = run_check(text, "no_job_ask")
    assert check.passed, check.message
