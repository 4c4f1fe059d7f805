"""Kinds of phrasing the seventeenth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventeenth pass's first measure:
- specific_reason: a sales letter and an argument in court are pieces of theirs; "you were the
  lead engineer on X", "your work as production manager on X", "you were promoted to X" and
  "you were appointed head of X" are things they did; "hit home (I'm …)" ties; "the path from
  crew work to planning I'm hoping to take" is the requester's goal; "you went from
  consulting to the NIH" grounds on "left consulting to join the NIH"; a degree with dots
  inside ("P.Eng.") ends no sentence; "the way you've built everything up" is praise;
- preview_questions: "for about 30 minutes" and "with my supervisor's blessing" are no topics;
  "pick your brain about" is a cue wherever it stands; "how you got started in X" restates the
  ask; "a bit about your journey into X" and "what life at the council is like" too; a terse
  "I'm a student; 20 min on X and Y?" names two topics, not three;
- no_job_ask: "any opportunity in your studio", "looking for a summer internship", "passed my
  name on", "referring me for it", "introduce me to whoever in your lab is hiring"; but
  "before referrals built up" tells of their clinic;
- addressed_to_contact: "Ma'am" alone names no one; "Good day Ma'am Reyes" does.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result

TOPICS = "I'd like to ask how you chose the deck material and what software you used for the loads."


@pytest.mark.parametrize(
    "paragraph",
    [
        "A printed copy of your Larkspur Windows sales letter sits above my desk; its opening "
        "taught me more about long-form copy than my course did, and long-form is what I'm "
        "trying to learn.",
        "Our careers adviser told me you were the lead engineer on the new Riverside footbridge, "
        "which I cross every morning, and I start a civil engineering degree in September.",
        "I'm about to produce my first feature on location, and your work as production manager "
        "on Tidewater, shot on a working trawler, is the closest thing to a guide I've found.",
        "I watched your argument before the appeal court in the Hollis deposit case twice; it's "
        "why I've chosen to spend my clinic year on tenancy appeals.",
        "Your piece on auditing lease accounting under IFRS 16 hit home (I'm a second-year "
        "associate on a retail client).",
    ],
)
def test_more_hooks_and_ties(paragraph: str) -> None:
    check = result(gate(letter(paragraph, ASK, TOPICS)), "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "postscript",
    [
        "P.S. Why you in particular: you were promoted to divisional operations manager after "
        "running the Ward 9 discharge project, which is the route from the ward to operations I "
        "want to take.",
        "P.S. I'm writing to you because you were appointed head of the housing team after "
        "starting as a paralegal there, which is more or less the path from support work to "
        "practice I'm hoping to follow.",
    ],
)
def test_a_step_up_told_after_the_ask(postscript: str) -> None:
    text = letter("I'm a ward sister deciding whether to move into operations.", ASK, postscript)
    check = result(gate(text), "specific_reason")
    assert check.passed, check.message


def test_admiring_a_whole_career_is_no_hook() -> None:
    praise = letter(
        "The way you've built everything up is exactly the path I hope to follow one day. "
        "I'm a plumbing apprentice thinking about going self-employed.",
        ASK,
        TOPICS,
    )
    assert not result(gate(praise), "specific_reason").passed
    named = letter(
        "The way you built the Leeds food bank's delivery network from two vans is exactly the "
        "path I hope to follow in our town.",
        ASK,
        TOPICS,
    )
    assert result(gate(named), "specific_reason").passed


def test_a_move_told_in_other_words_and_a_dotted_degree() -> None:
    context = grounded_context(
        "Programme Officer",
        "Left an audit role at KPMG in 2021 to join the WHO",
        "Earned her P.Eng. in 2019, four years after arriving from Chile",
    )
    move = letter(
        "I'm an auditor at a Big Four firm. I saw you went from audit to the WHO, and I'm "
        "weighing that same jump.",
        ASK,
        TOPICS,
    )
    assert result(gate(move, context=context), "specific_reason").passed
    degree = letter(
        "I arrived from Santiago last spring. Your profile says you earned your P.Eng. four "
        "years after arriving, which is exactly the road I'm on.",
        ASK,
        TOPICS,
    )
    check = result(gate(degree, context=context), "specific_reason")
    assert check.passed, check.message


HOOK = (
    "Your talk on flood-risk mapping at the county conference is the reason I switched my "
    "dissertation to coastal planning."
)


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                HOOK,
                "Could I visit your office for about 20 minutes one afternoon next week, with my "
                "supervisor's blessing? I'd like to ask how you validate the surge models.",
            ),
            1,
        ),
        (
            letter(
                HOOK,
                "I'd love to take you for a 20-minute virtual coffee and pick your brain about "
                "how you validate the surge models, and what you do when the models disagree "
                "with residents' memories of past floods.",
            ),
            2,
        ),
        (
            letter(
                HOOK,
                ASK + " I'd like to hear how you got started in coastal planning and how your "
                "team decides which towns get surveyed first.",
            ),
            1,
        ),
        (
            letter(
                HOOK,
                ASK + " I'd love to hear a bit about your journey into planning, what life at "
                "the council is like, and how you run a public drop-in session.",
            ),
            1,
        ),
        ("Hi Ana, I'm a geography student; 20 min on surge models and survey priorities?", 2),
    ],
)
def test_what_counts_as_a_topic(text: str, topics: int) -> None:
    assert_topics(text, topics)


@pytest.mark.parametrize(
    "sentence",
    [
        "Kindly let me know if there is any opportunity in your practice.",
        "I am looking for a summer internship and would be glad of your help.",
        "If you hear of anything, I'd be grateful if you passed my name on.",
        "I saw the desk role in Leeds; would you be comfortable referring me for it?",
        "Could you introduce me to whoever in your lab is hiring postdocs next year?",
    ],
)
def test_more_job_asks(sentence: str) -> None:
    assert not result(gate(letter(sentence, ASK)), "no_job_ask").passed


def test_referrals_coming_in_are_no_job_ask() -> None:
    text = letter(ASK, "I'd also ask how you staffed the clinic before referrals built up.")
    assert result(gate(text), "no_job_ask").passed


@pytest.mark.parametrize(
    ("greeting", "named"), [("Hello Ma'am", False), ("Good day Ma'am Reyes", True)]
)
def test_maam(greeting: str, named: bool) -> None:
    text = f"{greeting},\n\n{ASK}\n\nJo"
    context = GateContext(contact=ContactProfile(name="Ana Reyes"))
    assert result(gate(text, context=context), "addressed_to_contact").passed is named


def test_a_busy_schedule_with_the_board_is_no_one_to_talk_to() -> None:
    context = GateContext(contact=ContactProfile(name="Ana Reyes", seniority="senior"))
    text = letter(
        ASK,
        "I understand you have a very busy schedule with the board meeting coming.",
    )
    assert not result(gate(text, context=context), "colleague_offer").passed
    offered = text.replace(
        "coming.",
        "coming. If it's easier, any of the engineers in your department would be "
        "just as helpful to speak with.",
    )
    check = result(gate(offered, context=context), "colleague_offer")
    assert check.passed
    assert check.evidence[0].text.startswith("If it's easier")


def test_a_title_and_a_dash_greet_by_name() -> None:
    text = (
        "Amb. Ruiz — your talk at the OECD on seasonal-worker visas is why I'm sitting the "
        "consular exam. 15-min call? I'd ask how you prepared for the orals & what a first "
        "posting involves."
    )
    context = GateContext(contact=ContactProfile(name="Ana Ruiz"))
    assert result(
        gate(text, channel="linkedin_message", context=context), "addressed_to_contact"
    ).passed


def test_fitting_my_interests_is_no_tie() -> None:
    context = grounded_context("Librarian", "Set up the library's seed-lending collection in 2022")
    text = letter(
        "I saw that you set up the seed-lending collection at the library, and it really fits "
        "my interests.",
        ASK,
        TOPICS,
    )
    assert not result(gate(text, context=context), "specific_reason").passed
