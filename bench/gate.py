"""Benchmark of the checklist gate (a plain script: `python bench/gate.py`).

Runs the gate over the hand-written corpus many times in one process and prints throughput,
per-draft latency percentiles (all drafts, drafts of about 200 words, and people's messages of
150 to 210 words from the evaluation set's `dev` part), the ratio of the
gate's time to one `re.findall(r"\\w+", text)` pass over the same texts, and the latency of
`not_generic` against 1,000 earlier drafts of about 200 words.

Targets on the 2-core development machine: >= 2,000 drafts/s, p99 <= 2 ms per 200-word
draft, not_generic against 1,000 drafts <= 20 ms.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.core.heap import settle_heap
from service.gate import GateContext, GatePolicy, run_gate
from service.gate.evaluation import parse_records
from service.gate.models import Channel
from tests.gate.corpus_loader import CorpusCase, load_cases

ROUNDS = 4
EVAL_SET = Path(__file__).resolve().parents[1] / "tests" / "gate" / "eval" / "dev.jsonl"
REPEATS = 5
WORD = re.compile(r"\w+")

_OPENINGS = [
    "I'm a nurse moving into health informatics",
    "I'm a backend engineer thinking about product management",
    "I spent six years as a high school teacher and I'm moving into UX research",
    "As a paralegal hoping to work in legal operations",
    "I'm finishing a PhD in development economics",
]
_MIDDLES = [
    "your article on alert fatigue described the exact problem I see every week",
    "your talk on experimentation platforms changed how I think about shipping",
    "the case study your team published on onboarding flows was the clearest I have read",
    "your podcast interview about contract automation answered questions I did not know I had",
    "your paper on mobile money in rural markets shaped my own dissertation chapter",
]
# Sentences a requester might reuse across drafts, in varying combinations.
_POOL = [
    "Over the last year I have been taking evening courses and volunteering on small projects.",
    "I keep a notebook of what seems to matter in the field and it keeps growing.",
    "Most of what I read is written by people who made the move a decade ago.",
    "My current manager has been supportive, but nobody on my team has made this switch.",
    "I have tried to learn the basics on my own before asking anyone for their time.",
    "Some of the advice online contradicts itself, which is why I am writing to you.",
    "I am especially interested in how small teams decide what to build first.",
    "A former colleague suggested I look at how your organization runs its projects.",
    "I have read the public material your team shared and took notes on the parts I missed.",
    "It would help me a lot to hear how the work looks from the inside.",
    "I am not in a hurry, and I would rather take the time to prepare well.",
    "I also keep wondering which skills turned out to be less important than expected.",
    "Several people I trust described your approach as unusually thoughtful.",
    "I have a short list of questions and I promise to keep to them.",
    "Before writing, I checked that the question is not already answered in your writing.",
    "I have been practising with real data from my current job, with permission.",
]


def _draft_200(i: int) -> str:
    """A realistic ~200-word draft; `i` varies names, organizations and sentences."""
    body = " ".join(_POOL[(i * 7 + k * 3) % len(_POOL)] for k in range(9))
    return (
        f"Hi Contact{i},\n\n{_OPENINGS[i % 5]}, and {_MIDDLES[(i // 5) % 5]} at Org{i}. "
        f"{body}\n\nWould you have 15-20 minutes for a call in the next few weeks? "
        "I'd love to hear how you made the move yourself, and what skills matter most on your "
        f"team. I know you're busy, so thank you for considering it.\n\nBest,\nSender{i % 7}"
    )


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time_case(case: CorpusCase, policy: GatePolicy) -> float:
    start = time.perf_counter()
    run_gate(
        case.text, subject=case.subject, channel=case.channel, context=case.context, policy=policy
    )
    return time.perf_counter() - start


def _corpus_pass(
    cases: list[CorpusCase], policies: list[GatePolicy]
) -> tuple[float, list[float], float]:
    """One timed repeat: (gate seconds, per-draft latencies, findall seconds)."""
    latencies: list[float] = []
    for _ in range(ROUNDS):
        for case, policy in zip(cases, policies, strict=True):
            latencies.append(_time_case(case, policy))
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for case in cases:
            WORD.findall(case.text)
    return sum(latencies), latencies, time.perf_counter() - started


def main() -> None:
    cases = load_cases()
    policies = [c.gate_policy() for c in cases]
    for case, policy in zip(cases, policies, strict=True):  # warm-up
        _time_case(case, policy)
    # As in the service (its start-up ends with it): what start-up built is frozen out of
    # the collector, and young collections wait for 10,000 new containers, not 700.
    settle_heap()
    # Other processes share this machine: like timeit, report the best of several repeats.
    repeats = [_corpus_pass(cases, policies) for _ in range(REPEATS)]
    total, latencies, findall_total = min(repeats, key=lambda r: r[0])
    count = len(latencies)
    print(f"corpus: {len(cases)} drafts x {ROUNDS} rounds, best of {REPEATS} repeats")
    print(
        f"throughput: {count / total:,.0f} drafts/s (median repeat "
        f"{count / statistics.median(r[0] for r in repeats):,.0f})"
    )
    print(
        f"per draft: p50 {_percentile(latencies, 0.5) * 1e6:,.0f} µs, "
        f"p99 {_percentile(latencies, 0.99) * 1e6:,.0f} µs"
    )
    print(f"gate time / one re.findall(r'\\w+') pass: {total / findall_total:,.1f}x")

    drafts = [_draft_200(i) for i in range(200)]
    words = statistics.mean(len(d.split()) for d in drafts)
    _report_long(f"~{words:.0f}-word drafts", [_Input(d) for d in drafts])
    # People's messages of about that length, as the evaluation set holds them (with their
    # research context where they have one): they cost more than the made-up drafts above.
    messages = _eval_messages()
    words = statistics.mean(len(m.text.split()) for m in messages)
    _report_long(f"people's ~{words:.0f}-word messages ({len(messages)})", messages)

    only_generic = GatePolicy(checks=dict.fromkeys(_other_ids(), "off"))
    scenarios = {
        "same requester, varied (some near-copies)": [_draft_200(i) for i in range(1000, 2000)],
        "unrelated": [_distinct_draft(i) for i in range(1000)],
        "worst case, all similar but below threshold": [
            _partial_copy(drafts[0], i) for i in range(1000)
        ],
    }
    for label, earlier in scenarios.items():
        context = GateContext(other_drafts=earlier)
        timings = []
        for _ in range(30):
            start = time.perf_counter()
            report = run_gate(drafts[0], channel="email", context=context, policy=only_generic)
            timings.append(time.perf_counter() - start)
        verdict = report.checks[0]
        print(
            f"not_generic vs 1000 earlier drafts ({label}): "
            f"p50 {_percentile(timings, 0.5) * 1e3:.1f} ms, "
            f"p99 {_percentile(timings, 0.99) * 1e3:.1f} ms "
            f"[{'pass' if verdict.passed else 'fail'} {verdict.details}]"
        )


@dataclass(frozen=True)
class _Input:
    text: str
    subject: str | None = None
    channel: Channel = "email"
    context: GateContext | None = None


def _eval_messages() -> list[_Input]:
    """The `dev` records of 150 to 210 words (the first 400)."""
    with EVAL_SET.open(encoding="utf-8") as lines:
        records = parse_records(lines)
    return [
        _Input(r.text, r.subject, r.channel, r.context)
        for r in records
        if 150 <= len(r.text.split()) <= 210
    ][:400]


def _report_long(label: str, inputs: list[_Input]) -> None:
    """Latency percentiles and throughput on `inputs`, best of REPEATS."""
    for item in inputs[:20]:
        run_gate(item.text, subject=item.subject, channel=item.channel, context=item.context)
    best: tuple[float, list[float], float] | None = None
    for _ in range(REPEATS):
        latencies = []
        for item in inputs:
            start = time.perf_counter()
            run_gate(item.text, subject=item.subject, channel=item.channel, context=item.context)
            latencies.append(time.perf_counter() - start)
        started = time.perf_counter()
        for item in inputs:
            WORD.findall(item.text)
        repeat = (sum(latencies), latencies, time.perf_counter() - started)
        if best is None or repeat[0] < best[0]:
            best = repeat
    assert best is not None
    total, latencies, findall_total = best
    print(
        f"{label}: p50 {_percentile(latencies, 0.5) * 1e3:.2f} ms, "
        f"p99 {_percentile(latencies, 0.99) * 1e3:.2f} ms, "
        f"{len(latencies) / total:,.0f} drafts/s, "
        f"{total / findall_total:,.1f}x a findall pass"
    )


def _partial_copy(draft: str, i: int) -> str:
    """`draft` with every eighth word replaced: similar (Jaccard ~0.45), not a near-copy."""
    words = draft.split(" ")
    return " ".join(f"x{i}y{k}" if k % 8 == 3 else w for k, w in enumerate(words))


def _distinct_draft(i: int) -> str:
    words = [f"w{(i * 7919 + k * 104729) % 5000}" for k in range(200)]
    return "Hi Person,\n\n" + " ".join(words) + "\n\nThanks"


def _other_ids() -> list[str]:
    from service.gate import CHECK_IDS

    return [cid for cid in CHECK_IDS if cid != "not_generic"]


if __name__ == "__main__":
    main()
