"""Kinds of phrasing the forty-ninth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the forty-ninth pass's first measure:
- colleague_offer: "someone from your payroll or benefits team would be a great
  alternative" offers someone instead; so does "if it is more convenient, … the unit head or
  any officer you nominate";
- preview_questions: "Would value a chat on X + Y" and "I'd value 15 mins on X & Y" name
  their topics; arrows (→) mark list items; a list item with a label of its own ("Why I am
  writing to you: …", "What I'm not asking for: …") is read past its label, and a lettered
  list under "3. What I would ask:" holds the topics; "5. If you do not reply, …" asks
  nothing;
- specific_reason: a research fact of a show they were a guest on is theirs though its name
  holds "Club"; a name of several words said whole ("the Two Rooms method") grounds the
  fact however common its words; "you made the case that…" argues, as the fact's "arguing"
  does; a hook that "stuck with me as a new charge nurse" is tied; a comment on a part of the
  hook ("The bit about … was fascinating.") stands between the hook and the requester's
  situation; "I am a practice educator in a hospital social work team" is a bare role, and so is
  "I'm in logistics too (well, procurement, close enough!)"; a hook that "got me into GIS
  work" is tied;
- time_ask: "I worked in a call centre" asks for no call.
"""

from __future__ import annotations

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import PLANNED, STAFFED, assert_topics, letter, offer_check, run_check


def test_a_team_named_as_a_great_alternative() -> None:
    check = offer_check(
        STAFFED,
        "No worries if you can't fit it in; someone from your payroll or benefits team would "
        "be a great alternative.",
    )
    assert check.passed, check.message


def test_an_officer_they_nominate_if_more_convenient() -> None:
    check = offer_check(
        STAFFED,
        "If it is more convenient, I would be very glad to meet the deputy registrar or any "
        "officer you nominate.",
    )
    assert check.passed, check.message


def test_a_chat_valued_on_two_things() -> None:
    assert_topics(letter("Would value a chat on how you funded the pantry + the volunteers."), 2)


def test_minutes_valued_on_two_things() -> None:
    assert_topics(letter("I'd value 20 mins on rota design & night cover."), 2)


def test_appreciated_minutes_on_the_phone_name_no_topic() -> None:
    # "on the phone" says where, not what about: the topics come after "to ask".
    text = letter(
        "I would really appreciate thirty minutes on the phone to ask how you priced the "
        "service, and what the first winter taught you."
    )
    assert_topics(text, 2)


def test_arrows_mark_list_items() -> None:
    text = letter(
        "Could I have 20 minutes? I'd ask:\n"
        "→ how you staffed the first night shifts\n"
        "→ what the pilot cost per bed"
    )
    assert_topics(text, 2)


def test_labelled_items_are_read_past_their_labels() -> None:
    text = letter(
        "I am asking for a 20-minute call. The details follow.\n\n"
        "1. Why I am writing to you: you ran the flood-risk survey of the Calder valley.\n"
        "2. What I want to ask: how you chose the gauging stations.\n"
        "3. What I am not asking for: a job.\n"
        "4. If you are busy, I will not write again."
    )
    assert_topics(text, 1)


def test_lettered_items_under_a_numbered_heading() -> None:
    text = letter(
        "1. Why you: you led the switch to electronic prescribing at St Anne's.\n"
        "2. What I would ask:\n"
        "   a. How long the paper and electronic systems ran side by side.\n"
        "   b. Whether pharmacists or nurses trained the wards.\n"
        "3. Availability: weekday mornings in May."
    )
    assert_topics(text, 2)


def test_a_label_before_the_ask_is_read_as_a_sentence() -> None:
    text = letter(
        "- Problem: our depot keeps losing chilled loads in summer.\n"
        "- What I need: 15 minutes on a call to ask how you sized the reefer fleet, and "
        "whether you'd lease or buy today."
    )
    assert_topics(text, 2)


def test_a_show_they_guested_on_named_club() -> None:
    context = GateContext(
        contact=ContactProfile(
            name="Ana Ruiz", title="VP Sales", organization="Brightwell", seniority="mid"
        ),
        facts=[
            ResearchFact(
                text="Guest on the 'Closers Club' podcast discussing selling to school districts.",
                about="person",
            )
        ],
    )
    text = letter(
        "I loved your Closers Club episode on selling to school districts; I start selling "
        "to districts myself in the autumn and your framing is the one I want to copy.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_name_of_common_words_said_whole() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Director", organization="Kent Council"),
        facts=[
            ResearchFact(
                text="Brought the Two Rooms method into every children's team in 2021.",
                about="person",
            )
        ],
    )
    text = letter(
        "I know the council took up the Two Rooms approach under your leadership, and that "
        "is exactly what my own team is about to try.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_making_the_case_is_arguing() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="COO", organization="Ledgerly"),
        facts=[
            ResearchFact(
                text="Wrote a post arguing that finance should own procurement.",
                about="person",
            )
        ],
    )
    text = letter(
        "You once made the case that buying software belongs with the finance team. I run "
        "systems at a retailer and I'm about to have that exact argument with our CIO.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_stuck_with_me_as_the_requester() -> None:
    text = letter(
        "Your LeadDev talk on swapping sprints for six-week cycles stuck with me as a new EM.",
        "Would you have 15 minutes for a call in the next few weeks? I'd like to ask how you "
        "scoped the first cycle and how you got product to agree.",
        "Thank you for reading this.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_comment_on_part_of_the_hook_before_the_requester() -> None:
    text = letter(
        "I read the case study you wrote on rebuilding the Hartley app's onboarding. The part "
        "about removing the sign-up wall was fascinating. I'm a product designer at a travel "
        "startup and I've been pushing to let people browse before registering, without much "
        "success.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_role_in_a_team_beside_a_keynote_is_no_tie() -> None:
    text = letter(
        "I attended your keynote at the Social Care Summit on peer supervision. I am a senior "
        "practitioner in a hospital discharge team.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_a_call_centre_is_no_call() -> None:
    text = letter(
        "Before my children I worked in a call centre. I'd love to buy you a coffee and ask "
        "how you trained as a family support worker."
    )
    check = run_check(text, "time_ask")
    assert not check.passed
    assert "coffee" in check.message, check.message


def test_same_field_too_with_an_aside_is_no_tie() -> None:
    text = letter(
        "I listened to your episode of Ops Talk on scaling a warehouse team. I'm in "
        "logistics too (well, procurement, close enough!).",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_what_the_hook_got_them_into_is_a_tie() -> None:
    text = letter(
        "The flood-map rebuild you led for the county got me into GIS work; now I'm on a "
        "mapping team.",
        "Would you have 15 minutes for a call in the next few weeks? I'd like to ask how you "
        "chose the tile sizes and how you checked the survey points.",
        "Thank you for reading this.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message
