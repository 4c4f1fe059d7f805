"""Kinds of phrasing the twenty-second pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twenty-second pass's first measure:
- specific_reason: a deed reported by whoever told it, whatever its verb ("she told me you
  break down two pigs a week"), past an aside ("Hearing that you, as principal, pushed…");
  ties told across sentences ("coming back" / "returning"), after an aside on the hook, or
  two sentences on past the requester's own story; minutes in the requester's story; a
  quoted question inside a sentence; "esp."; initials spelled out in a fact ("CRA");
  the empty tie "aligns closely with my interests"; a career's range praised; a class action
  is no class of a year; "rather than anyone else" offers no one;
- preview_questions: "Keen on how…"; a pasted subject line asks nothing; restatements ("your
  transition", "how things work at…", "the publishing industry", "the agenting side of the
  business"); a reason or a standing is no topic; the things a job ask lists are no topics;
- no_job_ask: asking whether they have an opening, seeking employment with them, a role
  coming up, where someone with my background might fit, being pointed to whoever hires;
- time_ask: "a 20-minute lunch break" times their day, not the meeting.
"""

from __future__ import annotations

import pytest

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check

QUESTIONS = (
    "I'd like to ask how you priced the first season, and which permits took longest to get."
)


# --- specific_reason: deeds reported with any verb -------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "My cousin told me you rebuild vintage sewing machines for the costume department at "
        "the Lyric. I repair machines for a school district and want to move into theatre work.",
        "I read in the Gazette that since taking over the depot you've let drivers swap routes "
        "through an app. I schedule forty drivers and our swaps still go through a whiteboard.",
        "Hearing that you, as head of nursing, pushed to keep the night-shift huddles saved my "
        "ward a lot of arguments: I'm the charge nurse who has to run ours next month.",
        "A friend from the co-op mentioned you grow sweet potatoes under plastic mulch in "
        "Vermont. I farm two acres in Maine and lost most of last year's crop to the cold.",
    ],
)
def test_a_deed_reported_by_whoever_told_it(paragraph: str) -> None:
    check = run_check(letter(paragraph, ASK + " " + QUESTIONS), "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        # a state, a wish, a maybe, where they work: nothing they did
        "My cousin told me you might be able to help someone like me.",
        "I heard you were the person to ask about theatre work.",
        "I saw you work at the Lyric and I'm a machinist too.",
        "I noticed you have experience in costume engineering and I'm a machinist too.",
        "A friend mentioned you know a lot about sewing machines.",
    ],
)
def test_what_is_reported_of_them_without_a_deed(sentence: str) -> None:
    check = run_check(letter(sentence, ASK + " " + QUESTIONS), "specific_reason")
    assert not check.passed, check.evidence


# --- specific_reason: ties ------------------------------------------------------------------


def test_minutes_in_the_requesters_story_do_not_make_it_an_ask() -> None:
    text = letter(
        "I read in Hotel Weekly that you've let every front-desk agent refund up to $100 "
        "without a manager. I'm a night auditor, and most nights I watch guests wait twenty minutes "
        "for a manager to approve a $15 refund.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message
    assert any("guests wait" in e.text for e in check.evidence), check.evidence


def test_one_step_told_in_other_words_in_the_next_sentence() -> None:
    text = letter(
        "Your meetup talk on coming back to nursing after a career break hit home. "
        "I'm returning to the ward after six years away.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_the_requesters_goal_two_sentences_on_past_their_own_story() -> None:
    text = letter(
        "I saw your write-up on restoring the sash windows of the old mill in Leek. I'm a "
        "joiner in a kitchen-fitting firm and I've signed up for a heritage course this winter. "
        "Repair work on old windows is exactly where I want to end up.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_tie_after_an_aside_on_the_hook() -> None:
    text = letter(
        "Your practice's conversion of the Dock Street warehouse into a school, and above all "
        "your decision to keep the crane rails in the hall, is the project I keep studying "
        "for my thesis.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_the_requesters_own_story_over_two_sentences_names_the_hook() -> None:
    context = grounded_context(
        "Agronomist", "Led trials of drip irrigation with 150 almond growers in Fresno County"
    )
    text = letter(
        "My grandparents still farm almonds, and every summer I watch them guess at watering. "
        "I build data pipelines for a living, and I'd like to put that to work on that problem. "
        "The drip trials you ran with 150 almond growers around Fresno are the largest I've "
        "been able to find.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_quoted_question_inside_a_sentence_does_not_end_it() -> None:
    text = letter(
        "I'm a school librarian. When I saw that you'd gone from running a library to running "
        'a bookshop, I said "wait, is that allowed?" out loud to my cat.',
        ASK + " " + QUESTIONS,
    )
    topics = run_check(text, "preview_questions")
    assert not any("you'd gone from" in e.text for e in topics.evidence), topics.evidence


def test_esp_does_not_end_the_sentence() -> None:
    text = letter(
        "Saw your post about rewiring the old chapel, esp. the lime plaster you had to cut "
        "around. I'm an apprentice electrician, and heritage rewiring is exactly where I want "
        "to end up.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message
    assert any("lime plaster" in e.text for e in check.evidence), check.evidence


def test_the_drafts_initials_spelled_out_in_the_fact() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Analyst", seniority="mid"),
        facts=[
            ResearchFact(
                text="Became a quality assurance lead last year after five years as a tester",
                about="person",
            )
        ],
    )
    text = letter(
        "I'm a manual tester and I saw you moved up to QA lead; I hope to make that same move.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert check.details.get("fact_index") == 0


def test_a_piece_named_with_five_words() -> None:
    text = letter(
        "I'm a chemistry teacher, and I've used the cheap colorimeter from your 2022 Journal of "
        "Science Education paper with my Year 10s.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "paragraph",
    [
        # an empty tie, however it is stretched out
        "I read about your win in the Court of Appeal on the riverbank access case. It aligns "
        "closely with my interests and is exactly the kind of work I find meaningful.",
        # a career's range, praised: nothing of it named
        "I came across your profile and was really impressed by your career at KPMG and the "
        "range of sectors you've audited. I'm an accountant thinking about consulting.",
    ],
)
def test_praise_and_empty_ties_are_no_reason(paragraph: str) -> None:
    context = grounded_context(
        "Partner", "Won a Court of Appeal case on public access to riverbanks", seniority="senior"
    )
    check = run_check(letter(paragraph, ASK + " " + QUESTIONS), "specific_reason", context=context)
    assert not check.passed, check.evidence


def test_a_class_action_is_their_work_not_a_class_of_a_year() -> None:
    context = grounded_context(
        "Partner",
        "Represented a class of delivery drivers in a suit over unpaid waiting time",
        seniority="senior",
    )
    text = letter(
        "I run payroll for a courier firm, and the class action you brought for delivery "
        "drivers who weren't paid for waiting time changed how we log shifts.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_shared_past_is_no_tie() -> None:
    context = grounded_context(
        "Facilities Manager", "Served with the requester at Fort Hood before leaving the Army"
    )
    text = letter(
        "I'm moving from twelve years as an Army engineer at Fort Hood into facilities work.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence
    standalone = run_check(
        letter(
            "saw your post on on-call rotations, really sharp. we were both in the same "
            "program at Leeds too.",
            ASK + " " + QUESTIONS,
        ),
        "specific_reason",
    )
    assert not standalone.passed, standalone.evidence


def test_writing_to_them_rather_than_anyone_else_offers_no_one() -> None:
    context = grounded_context(
        "Head of Design",
        "Moved from architecture into service design",
        seniority="senior",
    )
    text = letter(
        "I'm an architect who enjoys the research side most. I gather you made the move from "
        "architecture into service design, which is why I'm writing to you rather than anyone "
        "else.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert not result(gate(text, context=context), "colleague_offer").passed


# --- preview_questions ------------------------------------------------------------------


def test_keen_on_how() -> None:
    assert_topics(letter(ASK + " Keen on how you vet suppliers and price the risk."), 2)


def test_a_pasted_subject_line_asks_nothing() -> None:
    text = (
        "Subject: Quick Question About Grid Storage - Fellow Engineer\n\n"
        "Hi Ana,\n\nI'm an electrician. " + ASK + " I'd like to ask which battery "
        "chemistries you trust for schools.\n\nJo"
    )
    assert_topics(text, 1)


@pytest.mark.parametrize(
    "sentence",
    [
        "15 minutes to hear about your transition?",
        "I'm curious to know more about the publishing industry, and especially how things "
        "work at a small press like Northgate.",
        "I'd love to know more about the agenting side of the business.",
        "Could we chat more about that and some other tech details?",
        "As a director, would you have context to share on the topic, or could you recommend a "
        "better resource?",
        "I'd value learning about the daily work of counselors at Lakeshore, given the "
        "program's outstanding reputation.",
    ],
)
def test_restatements_reasons_and_standings_are_no_extra_topics(sentence: str) -> None:
    text = letter(ASK + " " + sentence)
    check = run_check(text, "preview_questions")
    assert check.details["questions"] <= 1, [e.text for e in check.evidence]


def test_the_roles_a_job_ask_lists_are_no_topics() -> None:
    text = letter(
        "Do you currently have an opening for a warehouse lead, dispatcher, or fleet planner?"
    )
    assert_topics(text, 0)


# --- no_job_ask ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Do you currently have an opening for a logistics coordinator?",
        "Your article has inspired me to seek employment with your agency.",
        "I was curious whether a junior role might be coming up in the future.",
        "Would you be open to a brief chat about where someone with my background might fit?",
        "I'm exploring partnership roles at Northwind and your team's work caught my eye.",
        "Or could you point me toward whoever handles marketing hires?",
        "Could you connect me with the hiring manager for this post?",
        "I'd also like to ask whether someone like me might be a fit for Harbor's associate "
        "program.",
    ],
)
def test_indirect_job_asks(sentence: str) -> None:
    check = run_check(letter(sentence, ASK), "no_job_ask")
    assert not check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm exploring roles at the intersection of design and public health.",
        "Do you have a moment to point me toward a good book on hospital design?",
    ],
)
def test_no_job_ask_here(sentence: str) -> None:
    check = run_check(letter(sentence, ASK), "no_job_ask")
    assert check.passed, check.evidence


# --- time_ask -----------------------------------------------------------------------------


def test_a_lunch_break_is_no_meeting() -> None:
    text = letter(
        "I know you probably only get a 20-minute lunch break, so I'd be grateful for a chat "
        "whenever it suits you."
    )
    assert not run_check(text, "time_ask").passed
