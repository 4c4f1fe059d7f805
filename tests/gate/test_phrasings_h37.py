"""Kinds of phrasing the thirty-seventh pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirty-seventh pass's first measure:
- specific_reason: in a note of a few lines, the requester says who they are in two words
  right after the hook ("Ex-teacher moving into UX."), a field in two capitals included;
  "looking at the same jump" is the requester's goal, said to be the hook's; "env." and
  "eng." are abbreviations, not the end of a sentence or a clause.
"""

from __future__ import annotations

from tests.gate.helpers import ASK, grounded_context, letter, run_check


def test_a_two_word_bio_after_the_hook_ties_in_a_short_note() -> None:
    text = (
        "Hi Dana, loved your post on testing checkout flows with older shoppers. Ex-nurse "
        "moving into QA. 15 min on recruiting testers + consent forms?"
    )
    check = run_check(text, "specific_reason", channel="linkedin_connection_note")
    assert check.passed, check.message


def test_looking_at_the_same_jump_ties() -> None:
    text = letter(
        "I saw your conference talk on going from hospital pharmacy to a health-tech product "
        "role. I'm a community pharmacist in Cork looking at the same jump.",
        ASK + " I'd ask how you got your first product title and which skills carried over.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_abbreviations_keep_the_tie_whole() -> None:
    context = grounded_context(
        "Process Engineer", "Commissioned a UV disinfection upgrade at the Leixões wastewater plant"
    )
    text = (
        "Olá Rui, saw you led the UV upgrade at the Leixões plant. I'm an env. eng student "
        "writing my thesis on water reuse. 20 min? Qs: dose validation, how ops staff were "
        "trained."
    )
    check = run_check(text, "specific_reason", channel="linkedin_connection_note", context=context)
    assert check.passed, check.message
