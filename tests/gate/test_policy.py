"""Policy modes and overrides, report shape, input limits and describe_checks()."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.gate import (
    CHECK_IDS,
    GATE_VERSION,
    ContactProfile,
    GateContext,
    GatePolicy,
    GateReport,
    RequesterProfile,
    ResearchFact,
    describe_checks,
)
from tests.gate.helpers import GOOD_EMAIL, gate, result

LAZY = "Hello,\n\nWould you have some time for a chat?\n\nThanks"


def test_default_modes_block_the_three_core_checks() -> None:
    report = gate(LAZY)
    assert not report.passed
    blocking = {c.id for c in report.blocking_failures}
    assert {"specific_reason", "time_ask", "preview_questions"} <= blocking
    assert result(report, "respects_time").severity == "warn"
    assert result(report, "no_job_ask").severity == "warn"


def test_report_lists_checks_in_catalog_order_without_follow_up_check() -> None:
    report = gate(GOOD_EMAIL)
    assert [c.id for c in report.checks] == [c for c in CHECK_IDS if c != "refers_to_earlier"]
    assert report.gate_version == GATE_VERSION
    assert all(c.version >= 1 for c in report.checks)


def test_off_checks_are_omitted() -> None:
    policy = GatePolicy(checks={"time_ask": "off", "not_generic": "off"})
    ids = [c.id for c in gate(LAZY, policy=policy).checks]
    assert "time_ask" not in ids
    assert "not_generic" not in ids


def test_warn_mode_does_not_block() -> None:
    policy = GatePolicy(
        checks={
            "specific_reason": "warn",
            "time_ask": "warn",
            "preview_questions": "warn",
            "addressed_to_contact": "warn",
        }
    )
    report = gate(LAZY, policy=policy)
    assert report.passed
    assert {c.id for c in report.warnings} >= {"specific_reason", "time_ask"}
    assert report.blocking_failures == []


def test_block_mode_makes_a_warning_block() -> None:
    policy = GatePolicy(checks={"respects_time": "block"})
    text = GOOD_EMAIL.replace("I know you're busy, so thank you for considering it.", "")
    report = gate(text, policy=policy)
    assert not report.passed
    assert [c.id for c in report.blocking_failures] == ["respects_time"]


def test_passed_is_true_iff_no_blocking_check_failed() -> None:
    for text in (GOOD_EMAIL, LAZY):
        report = gate(text)
        expected = not any(not c.passed and c.severity == "block" for c in report.checks)
        assert report.passed is expected


def test_partial_checks_mapping_is_completed_with_defaults() -> None:
    policy = GatePolicy(checks={"not_generic": "block"})
    assert set(policy.checks) == set(CHECK_IDS)
    assert policy.checks["not_generic"] == "block"
    assert policy.checks["time_ask"] == "block"


def test_unknown_check_id_is_rejected() -> None:
    with pytest.raises(ValidationError, match="unknown check id"):
        GatePolicy(checks={"time_aks": "block"})


def test_with_overrides_merges_checks_per_key_and_validates() -> None:
    base = GatePolicy(checks={"not_generic": "block"}, min_questions=3)
    merged = base.with_overrides({"checks": {"respects_time": "off"}, "max_minutes": 20})
    assert merged.checks["not_generic"] == "block"
    assert merged.checks["respects_time"] == "off"
    assert merged.min_questions == 3
    assert merged.max_minutes == 20
    with pytest.raises(ValidationError):
        base.with_overrides({"max_minutes": 1})
    with pytest.raises(ValidationError):
        base.with_overrides({"unknown": 1})
    with pytest.raises(ValidationError):
        base.with_overrides({"checks": {"nope": "warn"}})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("min_questions", 11),
        ("max_minutes", 4),
        ("word_budget", 19),
        ("connection_note_limit", 250),
        ("similarity_threshold", 1.5),
    ],
)
def test_policy_limits(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        GatePolicy.model_validate({field: value})


def test_min_questions_policy() -> None:
    text = "Hi Ana,\n\nHow did you learn SQL as a nurse?\n\nJo"
    assert not result(gate(text), "preview_questions").passed
    assert result(gate(text, policy=GatePolicy(min_questions=1)), "preview_questions").passed


def test_input_models_reject_unknown_fields_and_enforce_limits() -> None:
    with pytest.raises(ValidationError):
        ContactProfile.model_validate({"name": "Ana", "nickname": "A"})
    with pytest.raises(ValidationError):
        ContactProfile(name="")
    with pytest.raises(ValidationError):
        ResearchFact(text="x" * 2001, about="person")
    with pytest.raises(ValidationError):
        RequesterProfile(name="Jo", interests=["x"] * 51)
    with pytest.raises(ValidationError):
        RequesterProfile(name="Jo", interests=["x" * 201])
    with pytest.raises(ValidationError):
        GateContext(facts=[ResearchFact(text="x", about="role")] * 101)
    with pytest.raises(ValidationError):
        GateContext.model_validate({"kind": "reminder"})


def test_input_limits_show_in_json_schema() -> None:
    schema = GateContext.model_json_schema()
    assert schema["properties"]["other_drafts"]["maxItems"] == 1000
    assert schema["properties"]["other_drafts"]["items"]["maxLength"] == 20000
    fact = schema["$defs"]["ResearchFact"]["properties"]
    assert fact["text"]["maxLength"] == 2000


def test_models_are_frozen() -> None:
    report = gate(GOOD_EMAIL)
    with pytest.raises(ValidationError):
        report.passed = False
    with pytest.raises(ValidationError):
        GatePolicy().min_questions = 4


def test_report_round_trips_through_json() -> None:
    report = gate(LAZY)
    assert GateReport.model_validate_json(report.model_dump_json()) == report


def test_describe_checks_lists_every_check() -> None:
    described = describe_checks()
    assert [d["id"] for d in described] == list(CHECK_IDS)
    by_id = {d["id"]: d for d in described}
    assert by_id["time_ask"]["default_mode"] == "block"
    assert by_id["no_job_ask"]["default_mode"] == "warn"
    assert by_id["not_generic"]["default_mode"] == "warn"
    assert by_id["refers_to_earlier"]["applies_to"] == ["follow_up"]
    for entry in described:
        assert isinstance(entry["version"], int)
        assert entry["version"] >= 1
        assert isinstance(entry["description"], str)
        assert entry["description"]


def test_every_failing_check_has_a_fix_hint() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Souza", seniority="executive"),
        other_drafts=["Dear Sir/Madam, [Name] hello, is your team hiring? see x.example"],
    )
    text = "Dear Sir/Madam, [Name] hello, is your team hiring? see x.example"
    report = gate(text, channel="linkedin_connection_note", context=context)
    failing = [c for c in report.checks if not c.passed]
    assert len(failing) >= 8
    for check in failing:
        assert check.fix_hint, check.id
    for check in report.checks:
        if check.passed:
            assert check.fix_hint is None
