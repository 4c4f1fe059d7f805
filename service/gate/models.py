"""Typed inputs and outputs of the checklist gate.

The input models double as API request bodies, so every string and list carries an explicit
limit (visible in the OpenAPI schema) and unknown fields are rejected. Output models are
frozen: a report, once produced, is a record of what the gate decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.gate.catalog import CHECK_IDS, DEFAULT_MODES, CheckMode

Channel = Literal["email", "linkedin_message", "linkedin_connection_note"]
Seniority = Literal["junior", "mid", "senior", "executive"]
FactAbout = Literal["person", "organization", "role"]
DraftKind = Literal["request", "follow_up"]
EvidenceSource = Literal["draft", "subject", "fact", "contact", "requester", "other_draft"]
Severity = Literal["block", "warn"]

_Short = Annotated[str, Field(max_length=200)]
_Draft = Annotated[str, Field(max_length=20000)]

_INPUT = ConfigDict(extra="forbid", frozen=True)


class ResearchFact(BaseModel):
    """One thing the requester learned about the contact, their role or organization."""

    model_config = _INPUT

    text: str = Field(min_length=1, max_length=2000)
    about: FactAbout
    source_url: str | None = Field(default=None, max_length=2048)


class RequesterProfile(BaseModel):
    """The person asking; the "how does my background relate" half of a specific reason.

    `email`, `phone` and `linkedin_url` are optional extensions: they let a signature that
    carries the requester's own details pass `no_foreign_links`.
    """

    model_config = _INPUT

    name: str = Field(min_length=1, max_length=200)
    background: str | None = Field(default=None, max_length=4000)
    current_role: str | None = Field(default=None, max_length=300)
    interests: list[_Short] = Field(default_factory=list, max_length=50)
    learning_goals: str | None = Field(default=None, max_length=2000)
    target_fields: list[_Short] = Field(default_factory=list, max_length=50)
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=50)
    linkedin_url: str | None = Field(default=None, max_length=2048)


class ContactProfile(BaseModel):
    """The person being approached."""

    model_config = _INPUT

    name: str = Field(min_length=1, max_length=200)
    title: str | None = Field(default=None, max_length=300)
    department: str | None = Field(default=None, max_length=300)
    organization: str | None = Field(default=None, max_length=300)
    seniority: Seniority | None = None
    email: str | None = Field(default=None, max_length=320)
    linkedin_url: str | None = Field(default=None, max_length=2048)


class GateContext(BaseModel):
    """Everything the gate may compare a draft with; all of it optional."""

    model_config = _INPUT

    requester: RequesterProfile | None = None
    contact: ContactProfile | None = None
    facts: list[ResearchFact] = Field(default_factory=list, max_length=100)
    research_notes: str | None = Field(default=None, max_length=20000)
    other_drafts: list[_Draft] = Field(
        default_factory=list,
        max_length=1000,
        description="The requester's drafts to other contacts, for not_generic.",
    )
    kind: DraftKind = Field(
        default="request", description="follow_up switches to the follow-up profile."
    )
    canaries: list[Annotated[str, Field(min_length=8, max_length=100)]] = Field(
        default_factory=list,
        max_length=10,
        description="Secret markers placed in the system prompt; a draft that contains one "
        "(or half of one) followed injected instructions.",
    )


class GatePolicy(BaseModel):
    """Tenant policy: which checks block, which warn, which are off, and the thresholds."""

    model_config = _INPUT

    checks: dict[str, CheckMode] = Field(
        default_factory=lambda: dict(DEFAULT_MODES),
        description="Mode per check id (block, warn or off); missing ids keep their default.",
    )
    min_questions: int = Field(
        default=2, ge=0, le=10, description="Distinct questions or topics preview_questions needs."
    )
    max_minutes: int = Field(
        default=30, ge=5, le=240, description="Longest time ask time_ask accepts, in minutes."
    )
    word_budget: int = Field(
        default=200, ge=20, le=2000, description="Word limit for LinkedIn messages and emails."
    )
    connection_note_limit: Literal[200, 300] = Field(
        default=200, description="Character limit of LinkedIn connection notes (300: premium)."
    )
    similarity_threshold: float = Field(
        default=0.8,
        ge=0.0,
        le=1.0,
        description="not_generic fails at this masked 3-shingle Jaccard similarity or above.",
    )

    @field_validator("checks")
    @classmethod
    def _known_checks_completed(cls, value: dict[str, CheckMode]) -> dict[str, CheckMode]:
        # A partial mapping is the normal case ({"not_generic": "block"}); fill the rest with
        # defaults so that a stored policy always says what every check does.
        unknown = sorted(set(value) - set(CHECK_IDS))
        if unknown:
            raise ValueError(f"unknown check id(s): {', '.join(unknown)}")
        return {**DEFAULT_MODES, **value}

    def mode(self, check_id: str) -> CheckMode:
        """The configured mode of one check."""
        return self.checks.get(check_id, DEFAULT_MODES[check_id])

    def with_overrides(self, overrides: Mapping[str, object]) -> GatePolicy:
        """A new policy with `overrides` merged in; a `checks` sub-mapping merges per key."""
        data: dict[str, object] = self.model_dump()
        for key, value in overrides.items():
            if key == "checks" and isinstance(value, Mapping):
                data["checks"] = {**self.checks, **value}
            else:
                data[key] = value
        return GatePolicy.model_validate(data)


_OUTPUT = ConfigDict(extra="forbid", frozen=True)


class Evidence(BaseModel):
    """What a check points at: a span of the draft (or subject), a fact, or another draft.

    For source "draft" and "subject", `text == body[start:end]` (resp. subject).
    """

    model_config = _OUTPUT

    text: str
    start: int | None
    end: int | None
    source: EvidenceSource
    fact_index: int | None = None
    other_draft_index: int | None = None


class CheckResult(BaseModel):
    """The verdict of one check. `details` carries measured values (minutes, words, score)."""

    model_config = _OUTPUT

    id: str
    version: int
    passed: bool
    severity: Severity
    message: str
    evidence: list[Evidence]
    fix_hint: str | None
    details: dict[str, int | float | str] = Field(default_factory=dict)


class GateReport(BaseModel):
    """The gate's full answer for one draft; `passed` is False iff a blocking check failed."""

    model_config = _OUTPUT

    gate_version: str
    passed: bool
    checks: list[CheckResult]

    @property
    def blocking_failures(self) -> list[CheckResult]:
        """Failed checks whose severity is "block"."""
        return [c for c in self.checks if not c.passed and c.severity == "block"]

    @property
    def warnings(self) -> list[CheckResult]:
        """Failed checks whose severity is "warn"."""
        return [c for c in self.checks if not c.passed and c.severity == "warn"]

    def check(self, check_id: str) -> CheckResult | None:
        """The result of one check, or None when it was off or not applicable."""
        for result in self.checks:
            if result.id == check_id:
                return result
        return None
