"""Properties that must hold for any input, checked with Hypothesis."""

from __future__ import annotations

from typing import Literal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.gate import Channel, GateContext, GatePolicy, run_gate
from tests.gate.helpers import GOOD_EMAIL, assert_offsets

Kind = Literal["request", "follow_up"]
CHANNELS = st.sampled_from(["email", "linkedin_message", "linkedin_connection_note"])
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_PASSING = [
    GOOD_EMAIL,
    (
        "Hi Kenji - I'm a backend engineer at a logistics startup thinking about product. I read "
        "your write-up on how Shopify's checkout team decides what to kill after an experiment."
        "\n\nCould I have 20 minutes of your time in the coming weeks? I'd like to ask how you "
        "made the switch from engineering to PM, and what you wish you'd known in your first "
        "year.\n\nTotally understand if the timing doesn't work.\nSam"
    ),
]
_FILLER = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Zs"), max_codepoint=0x17F),
    max_size=40,
)


@FAST
@given(
    text=st.text(max_size=2000),
    subject=st.none() | st.text(max_size=200),
    channel=CHANNELS,
    kind=st.sampled_from(["request", "follow_up"]),
)
def test_same_input_gives_identical_report(
    text: str, subject: str | None, channel: Channel, kind: Kind
) -> None:
    context = GateContext(kind=kind, other_drafts=[GOOD_EMAIL, text[:500]])
    first = run_gate(text, subject=subject, channel=channel, context=context)
    second = run_gate(text, subject=subject, channel=channel, context=context)
    assert first.model_dump() == second.model_dump()


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(max_size=20000)
    | st.text(alphabet="Hi Ana,\n\t\r.?!-–[]{}<>@:/0123456789 ", max_size=20000),
    subject=st.none() | st.text(max_size=500),
    channel=CHANNELS,
    kind=st.sampled_from(["request", "follow_up"]),
)
def test_any_unicode_text_yields_a_report_with_valid_offsets(
    text: str, subject: str | None, channel: Channel, kind: Kind
) -> None:
    report = run_gate(text, subject=subject, channel=channel, context=GateContext(kind=kind))
    assert report.checks
    for check in report.checks:
        assert_offsets(text, check, subject)


@FAST
@given(
    draft=st.sampled_from(_PASSING),
    host=st.from_regex(r"[a-z]{3,12}\.(com|io|net|org)", fullmatch=True),
    path=st.from_regex(r"[a-z0-9]{0,10}", fullmatch=True),
    scheme=st.sampled_from(["https://", "http://", "www.", ""]),
)
def test_appending_a_foreign_url_fails_no_foreign_links(
    draft: str, host: str, path: str, scheme: str
) -> None:
    before = run_gate(draft, channel="email").check("no_foreign_links")
    assert before is not None
    assert before.passed
    url = f"{scheme}{host}/{path}"
    report = run_gate(f"{draft}\n\nSee {url}", channel="email")
    check = report.check("no_foreign_links")
    assert check is not None
    assert not check.passed
    assert not report.passed


@FAST
@given(draft=st.sampled_from(_PASSING), filler=_FILLER)
def test_deleting_the_time_ask_span_fails_time_ask(draft: str, filler: str) -> None:
    before = run_gate(draft, channel="email").check("time_ask")
    assert before is not None
    assert before.passed
    text = draft
    # Remove every matched duration (last first, so earlier offsets stay valid).
    for evidence in sorted(before.evidence, key=lambda e: e.start or 0, reverse=True):
        assert evidence.start is not None
        assert evidence.end is not None
        text = text[: evidence.start] + filler + text[evidence.end :]
    after = run_gate(text, channel="email").check("time_ask")
    assert after is not None
    assert not after.passed


@FAST
@given(text=st.text(max_size=300), threshold=st.floats(0, 1))
def test_policy_never_breaks_the_gate(text: str, threshold: float) -> None:
    policy = GatePolicy(similarity_threshold=threshold, min_questions=0)
    report = run_gate(
        text,
        channel="linkedin_connection_note",
        context=GateContext(other_drafts=[text]),
        policy=policy,
    )
    assert report.gate_version


_SEED_SCRIPT = """
import json
from service.gate import GateContext, run_gate
from tests.gate.corpus_loader import load_cases
out = []
for case in load_cases():
    report = run_gate(case.text, subject=case.subject, channel=case.channel,
                      context=case.context, policy=case.gate_policy())
    out.append(report.model_dump(mode="json"))
print(json.dumps(out, sort_keys=True))
"""


def test_reports_do_not_depend_on_the_hash_seed() -> None:
    """Set iteration order changes with PYTHONHASHSEED; verdicts and evidence must not."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _SEED_SCRIPT],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
