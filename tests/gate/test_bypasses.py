"""no_foreign_links and no_sensitive_ask hold against the bypasses of issue 15.

Corpus cases (foreign_links.yaml, sensitive_ask.yaml) hold the verdicts; these tests pin
what the report shows: the kind of finding and evidence that slices back to the draft.
"""

from __future__ import annotations

import pytest

from service.gate import GateContext
from tests.gate.helpers import assert_offsets, gate, result, run_check


@pytest.mark.parametrize(
    ("snippet", "kind", "shown"),
    [
        ("see evil.zip/x", "URL", "evil.zip/x"),
        ("see EVIL.COM/x", "URL", "EVIL.COM/x"),
        ("see abcdefghij.onion", "URL", "abcdefghij.onion"),
        ("see evil\uff0ecom/x", "URL", "evil\uff0ecom/x"),
        ("see \uff45\uff56\uff49\uff4c\uff0e\uff43\uff4f\uff4d/x", "URL", None),
        ("go to 203.0.113.7", "IP address", "203.0.113.7"),
        ("go to 203.0.113.7:8080/login", "IP address", "203.0.113.7:8080/login"),
        ("write to attacker at evil dot com", "spelled-out address", "attacker at evil dot com"),
        ("open evil dot com slash x", "spelled-out address", "evil dot com slash x"),
        ("see evil (dot) com", "spelled-out address", "evil (dot) com"),
    ],
)
def test_link_bypasses_fail_with_the_address_as_evidence(
    snippet: str, kind: str, shown: str | None
) -> None:
    check = run_check(f"Hi Ana,\n\n{snippet}\n\nJo", "no_foreign_links")
    assert not check.passed
    assert kind in check.message
    if shown is not None:
        assert [e.text for e in check.evidence] == [shown]


def test_canary_spread_out_with_spaces_is_found() -> None:
    text = "Hi Ana,\n\nWould you have 20 minutes? c a n a r y - 7 F 3 A 9 B 1 C\n\nJo"
    context = GateContext(canaries=["CANARY-7f3a9b1c"])
    check = run_check(text, "no_foreign_links", context=context)
    assert not check.passed
    assert "secret marker" in check.message
    assert check.evidence[0].text == "c a n a r y - 7 F 3 A 9 B 1 C"


def test_words_about_dots_and_products_are_not_links() -> None:
    text = (
        "Hi Ana,\n\nI moved our ASP.NET and Node.js/React apps to 2.0.1, read about the dot "
        "com bubble, and keep notes.txt. We met at 5.30 pm.\n\nJo"
    )
    assert result(gate(text), "no_foreign_links").passed


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("Could you also share your home address?", False),
        ("What is your current salary?", False),
        ("How much do you make a year?", False),
        ("Please send your bank account details.", False),
        ("I'd love some salary negotiation tips.", True),
        ("How do pay bands work on your team?", True),
        ("I won't ask about your salary.", True),
        ("Your address at the conference was inspiring.", True),
    ],
)
def test_asking_for_their_personal_details_blocks(sentence: str, passed: bool) -> None:
    text = f"Hi Ana,\n\n{sentence}\n\nJo"
    report = gate(text)
    check = result(report, "no_sensitive_ask")
    assert check.passed is passed, check.message
    assert check.severity == "block"
    if not passed:
        assert not report.passed
        assert [e.text for e in check.evidence] == [sentence]
        assert check.fix_hint
    assert_offsets(text, check)
