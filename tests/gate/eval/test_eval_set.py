"""The committed evaluation set: valid records, a stable split, both sources and modes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from service.gate.evaluation import EvalRecord, _expected_verdict, parse_records
from service.gate.models import GatePolicy
from tests.gate.eval.split import split_of

HERE = Path(__file__).resolve().parent


def load(name: str) -> list[EvalRecord]:
    return parse_records((HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def splits() -> dict[str, list[EvalRecord]]:
    return {name: load(name) for name in ("dev", "test")}


def kind(record: EvalRecord) -> str:
    return "published" if record.source_url else "written"


def test_every_record_sits_in_the_split_its_id_hashes_to(
    splits: dict[str, list[EvalRecord]],
) -> None:
    for name, records in splits.items():
        misplaced = [r.id for r in records if split_of(r.id) != name]
        assert not misplaced, f"{name}: run tests/gate/eval/split.py ({misplaced[:5]})"


def test_ids_are_unique_across_splits(splits: dict[str, list[EvalRecord]]) -> None:
    ids = Counter(r.id for records in splits.values() for r in records)
    assert [i for i, n in ids.items() if n > 1] == []


def test_published_records_keep_their_source(splits: dict[str, list[EvalRecord]]) -> None:
    for records in splits.values():
        for r in records:
            assert (r.id.startswith("p-")) == bool(r.source_url), r.id
            assert r.source_url is None or r.source_url.startswith(("http://", "https://"))


def test_labels_follow_the_rubric_conventions(splits: dict[str, list[EvalRecord]]) -> None:
    for records in splits.values():
        for r in records:
            topics = r.labels.get("concrete_topics")
            assert isinstance(topics, int), r.id
            assert r.labels["preview_questions"] is (topics >= 2), r.id
            senior = (
                r.context is not None
                and r.context.contact is not None
                and r.context.contact.seniority in ("senior", "executive")
            )
            assert (r.labels.get("colleague_offer") is not None) == senior, r.id
            for check in ("specific_reason", "time_ask", "no_job_ask"):
                assert isinstance(r.labels.get(check), bool), (r.id, check)


def test_each_split_holds_every_source_kind_and_mode(
    splits: dict[str, list[EvalRecord]],
) -> None:
    every = Counter((kind(r), r.mode) for records in splits.values() for r in records)
    assert len(every) == 4, every
    for name, records in splits.items():
        here = Counter((kind(r), r.mode) for r in records)
        for stratum in every:
            # Enough of every stratum on each side to give it a figure of its own.
            assert here[stratum] >= 15, (name, stratum, here[stratum])


def test_the_test_split_can_measure_false_blocks(splits: dict[str, list[EvalRecord]]) -> None:
    # The 3% false-block target means something only with enough good messages per mode.
    good = Counter(r.mode for r in splits["test"] if _expected_verdict(r, GatePolicy()))
    assert good["standalone"] >= 30, good
    assert good["grounded"] >= 30, good


def test_the_set_is_as_large_as_the_issue_asks(splits: dict[str, list[EvalRecord]]) -> None:
    kinds = Counter(kind(r) for records in splits.values() for r in records)
    assert kinds["published"] >= 100
    assert kinds["written"] >= 150
