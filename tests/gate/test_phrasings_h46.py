"""Kinds of phrasing the forty-sixth pass showed the gate misreading, probed with new
sentences (and two the forty-fifth left).

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the forty-sixth pass's first measure:
- specific_reason: their credit on a titled piece ("I saw you were art director on 'The
  Night Ferry'", "your name as production manager on the touring production of 'X'", "your
  lighting for 'Y'"); "Congrats on the council report on street tree canopy…"; "I went to
  'Nganya' three times" names their exhibition; "I'm writing my first Go service" tells of
  the requester's work (not "I'm writing to ask"); "10 yrs Army signals, getting out in
  June" is the situation the hook speaks to; "your career in humanitarian policy" names a
  field; a hook that "stuck with me" or "made it click", then a terse role ("Formwork
  apprentice here.", "1st yr welding student—could I…?"), is tied;
- no_job_ask: "before applying for a matron post" asks what anyone needs; "self-referral"
  is how patients come;
- preview_questions: "you'd be the best person to ask how you handled…" asks.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check

TIE = "I'm an editorial illustrator trying to move into picture books."


@pytest.mark.parametrize(
    "hook",
    [
        "I saw you were art director on 'The Lantern Boat' with Kestrel Press.",
        "I saw your name as production manager on the touring production of 'Salt Roads' "
        "that went round ten venues.",
        "I saw your lighting for 'Night Orchard' at the Lyric in March.",
        "Congrats on the council report on flood storage and street trees that went to the "
        "planning committee in June.",
    ],
)
def test_their_credit_on_a_named_piece(hook: str) -> None:
    check = run_check(letter(hook + " " + TIE, PLANNED), "specific_reason")
    assert check.passed, check.message


def test_a_titled_exhibition_visited_names_the_fact() -> None:
    context = grounded_context(
        "Curator", "Curated the 2024 exhibition 'Tin Roofs: Signwriting and the Street'"
    )
    text = letter(
        "I paint shop signs for a living and I went to 'Tin Roofs' twice. Seeing work like mine "
        "on a gallery wall got me thinking about a show of my own.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_writing_my_own_service_is_work_not_the_message() -> None:
    context = grounded_context(
        "Staff Engineer", "Presented 'Splitting a monolith into gRPC services' at GopherCon 2024"
    )
    text = letter(
        "I watched your GopherCon talk on splitting a monolith into gRPC services. I'm writing "
        "my first Go service for my capstone and your part on versioning protobufs saved me.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_leaving_the_service_is_the_situation() -> None:
    context = grounded_context(
        "SOC Lead", "Served 6 years in the Navy as a cryptologic technician before joining a SOC"
    )
    text = (
        "Dana, 9 yrs Navy comms, getting out in May. Saw you made the Navy crypto to SOC jump. "
        "15 min on which cert mattered and how shift work goes? Thanks for your time. Jo"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_career_in_a_field_is_no_hook() -> None:
    text = letter(
        "Your career in refugee policy is exactly where I'd like to head. I'm a politics "
        "graduate working in a call centre while I apply for policy roles.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]


@pytest.mark.parametrize(
    "note",
    [
        "Hi Ana, ur talk on the Route 9 night deck pours stuck w me. Rebar apprentice here. "
        "15 min on pour sequencing & lighting plans? Thank u for ur time",
        "Hi Ana, ur video on purging stainless pipe finally made it click for me. 2nd yr welding "
        "student—could I get 15 min on 6G cert prep + what inspectors check first? Thx",
    ],
)
def test_a_hook_that_landed_then_a_terse_role(note: str) -> None:
    check = run_check(note, "specific_reason")
    assert check.passed, check.message


def test_a_bare_role_after_a_hook_that_did_not_land_is_no_tie() -> None:
    # (guards the reach: without a word that the hook landed, a bare role ties nothing)
    text = (
        "Hi Ana, ur talk on the Route 9 night deck pours was great. Rebar apprentice here. "
        "15 min on pour sequencing & lighting plans? Thank u for ur time"
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


@pytest.mark.parametrize(
    "question",
    [
        "what you would want a Band 6 to have done before applying for a ward manager post",
        "how referrals reach you: self-referral, school nurses, GPs, or all of them",
    ],
)
def test_the_hiring_path_and_patient_referrals_are_no_job_ask(question: str) -> None:
    check = run_check(
        letter(ASK + f" I'd ask {question}, and how you trained staff."), "no_job_ask"
    )
    assert check.passed, check.message


def test_the_best_person_to_ask_how_asks() -> None:
    assert_topics(
        letter(
            "Would you be up for a call, half an hour tops? I reckon you'd be the best person to "
            "ask how you handled photo permissions for the weavings, and how you set up the loan "
            "agreements."
        ),
        2,
    )


def test_a_pasted_subject_line_is_no_tie() -> None:
    text = (
        "Subject: Deck pours question from a rebar apprentice\n\nHi Ana,\n\nYour talk on the "
        "Route 9 night deck pours stuck with me.\n\n" + PLANNED + "\n\nJo"
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]
