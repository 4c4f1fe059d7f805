"""`askwell gate eval`: the gate measured against labelled messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.gate.evaluation import (
    check_targets,
    evaluate,
    parse_max_false_blocks,
    parse_min_agreement,
    parse_records,
    policy_from,
)

GOOD = (
    "Hi Sofia,\n\nI read your post on moving Quillpay's ledger jobs from cron to Temporal; I run "
    "forty cron scripts at an insurer and get paged when they run out of order.\n\n"
    "Could we talk for 20 minutes? I'd like to ask how you ran both schedulers side by side, "
    "and how you convinced the team the operational cost was worth it.\n\n"
    "Thank you for your time,\nWei"
)
VAGUE_TIME = GOOD.replace("Could we talk for 20 minutes?", "Could we have a quick chat sometime?")
JOB_ASK = GOOD.replace(
    "Thank you for your time,", "Could you also refer me for the backend opening?\n\nThanks,"
)


def record(
    record_id: str, text: str, *, time_ask: bool = True, job: bool = False, **extra: Any
) -> dict[str, Any]:
    labels: dict[str, Any] = {"time_ask": time_ask, "no_job_ask": job}
    labels.update(extra.pop("labels", {}))
    return {
        "id": record_id,
        "source_url": None,
        "channel": "email",
        "context": extra.pop("context", None),
        "text": text,
        "labels": labels,
        "notes": "",
        **extra,
    }


def write(tmp_path: Path, *records: dict[str, Any]) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["gate", "eval", *args])


def test_agreement_counts_false_blocks_and_false_passes_per_check() -> None:
    records = parse_records(
        json.dumps(r)
        for r in [
            record("agree-pass", GOOD),
            record("agree-fail", VAGUE_TIME, time_ask=False),
            record("false-block", VAGUE_TIME, time_ask=True),  # the label is deliberately wrong
            record("false-pass", GOOD, time_ask=False),
        ]
    )
    tally = evaluate(records).checks["time_ask"]["all"]
    assert (tally.total, tally.agreed, tally.false_blocks, tally.false_passes) == (4, 2, 1, 1)
    assert tally.agreement == 0.5
    found = {
        (d.record_id, d.kind) for d in evaluate(records).disagreements if d.check == "time_ask"
    }
    assert found == {("false-block", "false_block"), ("false-pass", "false_pass")}


def test_disagreement_carries_the_gates_message_and_evidence() -> None:
    records = parse_records([json.dumps(record("r1", GOOD, time_ask=False))])
    (found,) = [d for d in evaluate(records).disagreements if d.check == "time_ask"]
    assert found.kind == "false_pass"
    assert found.message
    assert any("20 minutes" in text for text in found.evidence)


def test_no_job_ask_label_true_means_the_message_asks_for_a_job() -> None:
    records = parse_records([json.dumps(record("job", JOB_ASK, job=True))])
    tally = evaluate(records).checks["no_job_ask"]["all"]
    assert (tally.total, tally.agreed) == (1, 1)


def test_records_with_research_facts_are_grounded_others_standalone() -> None:
    context = {
        "contact": {"name": "Sofia Marquez"},
        "facts": [{"text": "Moved Quillpay's ledger from cron to Temporal", "about": "person"}],
    }
    records = parse_records(
        [
            json.dumps(record("grounded", GOOD, context=context)),
            json.dumps(record("bare-context", GOOD, context={"contact": {"name": "Sofia"}})),
            json.dumps(record("no-context", GOOD)),
        ]
    )
    assert [r.mode for r in records] == ["grounded", "standalone", "standalone"]
    result = evaluate(records)
    assert result.records == {"all": 3, "standalone": 2, "grounded": 1}
    assert result.checks["time_ask"]["grounded"].total == 1


def test_a_good_message_the_gate_refuses_is_a_false_block_of_the_verdict() -> None:
    # Labelled good on every check; the vague time ask makes the gate refuse it.
    labels = {"specific_reason": True, "preview_questions": True, "concrete_topics": 2}
    records = parse_records([json.dumps(record("good", VAGUE_TIME, labels=labels))])
    result = evaluate(records)
    assert result.verdict["all"].false_blocks == 1
    (verdict,) = [d for d in result.disagreements if d.check == "verdict"]
    assert "time_ask" in verdict.failed_checks
    assert check_targets(result, [parse_max_false_blocks("3%")])[0].met is False


def test_preview_expectation_follows_the_policy_minimum() -> None:
    labels = {"preview_questions": False, "concrete_topics": 1}
    records = parse_records([json.dumps(record("one-topic", GOOD, labels=labels))])
    strict = evaluate(records).checks["preview_questions"]["all"]
    lenient = evaluate(records, policy_from({"min_questions": 1})).checks["preview_questions"]
    assert strict.expected_pass == 0
    assert lenient["all"].expected_pass == 1


def test_a_check_never_measured_misses_its_target() -> None:
    records = parse_records([json.dumps(record("r", GOOD))])
    (result,) = check_targets(evaluate(records), [parse_min_agreement("colleague_offer=0.92")])
    assert result.met is False


@pytest.mark.parametrize("raw", ["nonsense=0.9", "time_ask", "time_ask=1.5", "time_ask=abc"])
def test_bad_targets_are_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_min_agreement(raw)


def test_cli_exits_1_when_a_target_is_missed_and_0_when_met(tmp_path: Path) -> None:
    path = write(tmp_path, record("ok", GOOD), record("wrong", VAGUE_TIME, time_ask=True))
    missed = run(str(path), "--min-agreement", "time_ask=0.9")
    assert missed.exit_code == 1, missed.output
    assert "MISS time_ask agreement" in missed.output
    assert "wrong" in missed.output  # the disagreement is listed with its record id
    met = run(str(path), "--min-agreement", "time_ask=50%")
    assert met.exit_code == 0, met.output


def test_cli_json_format_is_machine_readable(tmp_path: Path) -> None:
    path = write(tmp_path, record("ok", GOOD), record("wrong", GOOD, time_ask=False))
    result = run(str(path), "--format", "json", "--min-agreement", "time_ask=0.9")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["records"] == {"all": 2, "standalone": 2, "grounded": 0}
    assert payload["checks"]["time_ask"]["standalone"]["agreement"] == 0.5
    assert payload["targets"][0] | {"measured": None} == {
        "check": "time_ask",
        "metric": "min_agreement",
        "value": 0.9,
        "mode": "standalone",
        "measured": None,
        "met": False,
    }
    assert payload["targets_met"] is False
    assert {d["id"] for d in payload["disagreements"]} >= {"wrong"}


def test_cli_applies_the_policy(tmp_path: Path) -> None:
    path = write(tmp_path, record("ok", GOOD))
    result = run(str(path), "--format", "json", "--policy", '{"checks": {"time_ask": "off"}}')
    assert result.exit_code == 0, result.output
    assert "time_ask" not in json.loads(result.output)["checks"]
    refused = run(str(path), "--policy", '{"max_minutes": 1}')
    assert refused.exit_code == 2


def test_cli_names_the_line_of_an_invalid_record(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps(record("ok", GOOD)) + "\n" + json.dumps(record("x", GOOD, labels={"typo": True}))
    )
    result = run(str(path))
    assert result.exit_code == 2
    said = " ".join(result.output.replace("│", " ").split())
    assert "line 2" in said
    assert "unknown check id in labels: typo" in said
