"""Kinds of phrasing the forty-seventh pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the forty-seventh pass's first measure:
- time_ask: "cut CI from 40 to 8 minutes" tells a change, no range asked for; "What I would
  really value is 20 minutes on a call" asks;
- preview_questions: an emoji before "and" ends no sentence; "Would love a quick chat on (1)
  X (2) Y!" names its topics;
- specific_reason: "I saw that you worked on…" perceives them (the hook is that clause);
  "what I'm hoping to do" is an aim; a thread they wrote in an alumni group is no mere
  connection; a voice-to-text run-on that also offers a colleague still gives its reason;
  "Aapka LinkedIn post on…" is "your post on…";
- addressed_to_contact: a message with no capital anywhere writes the name in lowercase;
- no_sensitive_ask: "were hiring managers put off by your age?" asks how it went, not how
  old they are.
"""

from __future__ import annotations

from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


def test_a_change_told_is_no_range_asked() -> None:
    text = letter(
        "Your talk on caching build layers to cut our CI from 50 to 9 minutes is exactly our "
        "pain; could I get 15 min to ask how you handled cache invalidation and whether "
        "self-hosted runners paid off?"
    )
    check = run_check(text, "time_ask")
    assert check.passed, check.message
    assert [e.text for e in check.evidence] == ["15 min"]


def test_what_i_would_value_is_the_ask() -> None:
    text = letter(
        "What I would really value is 20 minutes on a call, whenever suits you. I'd ask how you "
        "measured shrink and which store layouts stopped paying off."
    )
    check = run_check(text, "time_ask")
    assert check.passed, check.message


def test_an_emoji_before_and_ends_no_sentence() -> None:
    assert_topics(
        letter(
            "Would you have 20 minutes? 🙏 I'd love to ask how you scheduled the interviews ➡️ "
            "and which field recorder held up in the rain 🎙️"
        ),
        2,
    )


def test_a_chat_on_numbered_things() -> None:
    assert_topics(letter("Would love a quick chat on (1) CompTIA vs ITIL (2) evening classes!"), 2)


def test_a_deal_they_worked_on_seen_and_an_aim() -> None:
    context = grounded_context(
        "Associate",
        "Worked on Harrow Capital's 2023 buyout of Finch Freight, a UK haulage business",
        organization="Harrow Capital",
        seniority="mid",
    )
    text = letter(
        "I saw that you worked on the buyout of Finch Freight after two years in consulting; "
        "both the deal and the move are close to what I'm hoping to do after my MBA.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert "Finch Freight" in check.evidence[0].text


def test_a_thread_they_wrote_in_an_alumni_group() -> None:
    context = grounded_context(
        "Audit Senior",
        "Wrote a mentoring thread in the First-Gen Alumni Slack on passing the CPA exams while "
        "working full-time",
    )
    text = letter(
        "Found your thread on the First-Gen Alumni Slack about passing the CPA exams while "
        "working full-time. I'm doing bookkeeping 30 hours a week and starting my accounting "
        "degree in the fall.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_voice_to_text_run_on_with_an_offer() -> None:
    context = grounded_context(
        "Executive Chef",
        "Featured in a hospitality magazine on cutting banquet waste with pre-plated portions",
        seniority="executive",
    )
    text = (
        "hi chef ana sorry if this reads weird im using voice to text between services i read "
        "the magazine feature about how you cut banquet waste with pre plated portions and that "
        "hit home because im sous chef at a hotel and our banquets throw out a third of what we "
        "cook would you have 15 minutes for a call sometime i want to ask how you forecast no "
        "shows for a plated banquet and how you sold the change to the events team and if your "
        "too busy its totally fine to talk with one of your sous chefs instead thanks for your "
        "time jo"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    greeting = run_check(text, "addressed_to_contact")
    assert greeting.passed, greeting.message


def test_a_hinglish_your() -> None:
    text = letter(
        "Aapka LinkedIn post on drone progress tracking at the Surat metro site was so useful, "
        "because my final-year project tracks a building site the same way.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_age_as_part_of_their_story_is_no_sensitive_ask() -> None:
    asked = letter(ASK + " Were hiring managers put off by your age, and how did you handle it?")
    assert run_check(asked, "no_sensitive_ask").passed
    told = letter(ASK + " Could you also tell me your age?")
    assert not run_check(told, "no_sensitive_ask").passed
