"""Loads the hand-written gate corpus (tests/gate/corpus/*.yaml) into validated cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from service.gate import CHECK_IDS, Channel, GateContext, GatePolicy

CORPUS_DIR = Path(__file__).parent / "corpus"


class CorpusCase(BaseModel):
    """One corpus case; unknown keys are an error so typos cannot silently skip checks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=3)
    text: str
    subject: str | None = None
    channel: Channel
    context: GateContext | None = None
    policy: dict[str, Any] | None = None
    expect: dict[str, Literal["pass", "fail"]]
    expect_passed: bool | None = None
    note: str | None = None
    file: str = ""

    def gate_policy(self) -> GatePolicy:
        """The case's policy overrides applied to the defaults."""
        return GatePolicy().with_overrides(self.policy or {})


def load_cases() -> list[CorpusCase]:
    """Every case of every corpus file, in file order; raises on schema errors."""
    cases: list[CorpusCase] = []
    for path in sorted(CORPUS_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(raw, list):
            raise ValueError(f"{path.name}: expected a list of cases")
        for item in raw:
            case = CorpusCase.model_validate({**item, "file": path.name})
            unknown = set(case.expect) - set(CHECK_IDS)
            if unknown:
                raise ValueError(f"{path.name}:{case.id}: unknown check ids {sorted(unknown)}")
            cases.append(case)
    ids = [c.id for c in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate case ids: {sorted(duplicates)}")
    return cases
