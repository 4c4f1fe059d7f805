"""Kinds of phrasing the seventieth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventieth pass's first measure:
- preview_questions: after the ask, a few words in any language and a colon ("Gusto ko
  sanang itanong:") head the topics they list; thanks in another language ("so merci
  d'avance pour votre temps") and "how full your diary must be" are courtesy, no topic;
- respects_time: "Asante sana for your time", "Grazie mille for reading this";
- addressed_to_contact: "Annwyl Mr Evans," (Welsh), "A Shinéad, a chara," (Irish) and
  "Goeie môre Mr Botha," (Afrikaans) greet the contact by name;
- specific_reason, hooks: a name in backticks ("your `duckdb` extension benchmark post") and
  "your GitHub repository";
- specific_reason, ties and grounding: "Please tell me how you…" asks, it ties nothing; the
  requester weighing "whether to move from X to Y" grounds no fact of the contact's move.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


def test_a_label_in_another_language_heads_the_topics() -> None:
    text = letter(
        "Would you have 15 minutes for a video call po? Gusto ko sanang itanong: how you "
        "passed the NCLEX on the first try, and how your agency arranged housing.",
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    "sentence",
    [
        "I know how full your diary must be, so merci d'avance pour votre temps.",
        "I realise how stretched your diary is, so ngiyabonga kakhulu for reading.",
    ],
)
def test_courtesy_in_another_language_is_no_topic(sentence: str) -> None:
    assert_topics(letter(ASK, sentence), 0)


@pytest.mark.parametrize(
    "sentence", ["Asante sana for your time.", "Grazie mille for reading this."]
)
def test_thanks_in_another_language_respect_their_time(sentence: str) -> None:
    assert run_check(letter(PLANNED, sentence), "respects_time").passed


@pytest.mark.parametrize(
    "sentence",
    [
        "Your `duckdb` extension benchmark post is the same problem I have with our 60GB "
        "parquet joins.",
        "Your GitHub repository `tsfeat` is the only feature library I could run on our "
        "sensor data at the plant.",
    ],
)
def test_code_names_in_a_hook(sentence: str) -> None:
    check = run_check(letter(sentence, PLANNED), "specific_reason")
    assert check.passed, check.message


def test_please_tell_me_ties_nothing() -> None:
    context = grounded_context(
        "Research Scientist", "Co-authored the ICML 2025 paper on sparse attention for audio"
    )
    text = letter(
        "I read your ICML 2025 paper on sparse attention for audio, it is very clear written.",
        "Could you spare 20 minutes for a call? Please tell me how you chose the sparsity "
        "pattern for mobile models.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_weighing_their_move_grounds_no_fact() -> None:
    context = grounded_context(
        "Victim Services Coordinator",
        "Worked as a shelter advocate for five years before joining the county attorney",
    )
    text = letter(
        "I heard your talk on court accompaniment, and because I'm trying to decide whether "
        "to move from shelter advocacy toward a prosecutor's office, it was the most useful "
        "hour of my term.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


@pytest.mark.parametrize(
    "greeting", ["Annwyl Mr Evans,", "A Shinéad, a chara,", "Goeie môre Mr Botha,"]
)
def test_greetings_in_welsh_irish_and_afrikaans(greeting: str) -> None:
    text = f"{greeting}\n\n" + PLANNED + "\n\nJo"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message
