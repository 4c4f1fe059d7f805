"""A message written for someone else, seen in the seventy-eighth pass (and the
seventy-third's assistants): a professor for a student, a coach for a client, a parent for a
graduate child. It asks the time for them and states their tie in the third person; the one
it speaks for is the requester. A message written for oneself that mentions someone else's
tie still needs the requester's own.
"""

from __future__ import annotations

from tests.gate.helpers import letter, run_check

QUESTIONS = "how you placed the off-gas hoods, and how operations took the aeration change"


def test_a_professor_writes_for_a_student() -> None:
    text = letter(
        "I teach the wastewater module at the university, and I'm writing to introduce one of "
        "my final-year students, Lina Haddad. Lina's dissertation is on nitrous oxide from "
        "activated sludge, and your paper on N2O monitoring at Riverside is the one she keeps "
        "coming back to; she is trying to reproduce your sampling on a pilot reactor.",
        f"Would you be willing to give her 20 minutes on a call? She'd like to ask {QUESTIONS}.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message
    # the tie shown is the student's, not the professor's own teaching
    assert any("dissertation" in e.text for e in check.evidence), check.evidence


def test_a_parent_writes_for_a_son() -> None:
    text = letter(
        "I'm Sam's dad. Sam graduated in mechanical engineering last year and his final-year "
        "project was a robot arm that deburrs small castings. The newspaper piece about the "
        "robotic fettling cell you set up had him glued to it, because it's the same problem "
        "at a much bigger scale.",
        "Would you be willing to have a 20 minute call with him? He'd like to ask how the "
        "robot copes with castings that vary, and how the fettlers were retrained.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_someone_elses_tie_in_a_letter_for_oneself() -> None:
    text = letter(
        "I read your paper on N2O monitoring at Riverside. Ana Ruiz's dissertation is on the "
        "same thing, and she keeps coming back to it.",
        f"Would you have 20 minutes for a call? I'd like to ask {QUESTIONS}.",
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence
