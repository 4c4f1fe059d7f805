"""The variables the shipped prompts expect, as typed models.

`Prompt.render()` accepts these models (or plain dicts of the same shape): every key exists,
optional ones are None or empty, so templates never trip over a missing key.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Channel = Literal["email", "linkedin_message", "linkedin_connection_note"]
Seniority = Literal["junior", "mid", "senior", "executive"]

# Connection notes are capped by LinkedIn (200, 300 with premium); messages and emails get a
# word budget a little under the gate's default (200) so a good draft passes with margin.
DEFAULT_CONNECTION_NOTE_CHARS = 200
DEFAULT_MESSAGE_WORDS = 180


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RequesterInput(_Input):
    name: str = Field(min_length=1, max_length=200)
    current_role: str | None = None
    background: str | None = None
    interests: list[str] = Field(default_factory=list)
    learning_goals: list[str] = Field(default_factory=list)
    target_roles: list[str] = Field(default_factory=list)


class ContactInput(_Input):
    name: str = Field(min_length=1, max_length=200)
    title: str | None = None
    department: str | None = None
    organization: str | None = None
    seniority: Seniority | None = None
    how_found: str | None = None
    notes: str | None = None


class ResearchFactInput(_Input):
    text: str = Field(min_length=1)
    about: Literal["person", "organization", "role"]


class ResearchInput(_Input):
    facts: list[ResearchFactInput] = Field(default_factory=list)
    summary: str | None = None


class ChannelLimits(_Input):
    max_chars: int | None = Field(default=None, ge=50)
    max_words: int | None = Field(default=None, ge=20)


def channel_limits(
    channel: Channel,
    *,
    connection_note_chars: int = DEFAULT_CONNECTION_NOTE_CHARS,
    max_words: int = DEFAULT_MESSAGE_WORDS,
) -> ChannelLimits:
    """The length budget the prompt states for `channel`."""
    if channel == "linkedin_connection_note":
        return ChannelLimits(max_chars=connection_note_chars)
    return ChannelLimits(max_words=max_words)


class EarlierRequestInput(_Input):
    subject: str | None = None
    body: str = Field(min_length=1)
    sent_on: str | None = None  # ISO date, e.g. "2025-10-20"
    sent_ago: str | None = None  # "last month", "two weeks ago" (follow_up v2)


class DraftRequestVariables(_Input):
    """Variables of `draft_request/v1`."""

    requester: RequesterInput
    contact: ContactInput
    research: ResearchInput
    channel: Channel
    limits: ChannelLimits
    canary: str = Field(min_length=8, max_length=100)
    repair_hints: list[str] = Field(default_factory=list)

    def as_variables(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class FollowUpVariables(_Input):
    """Variables of `follow_up/v1`."""

    requester: RequesterInput
    contact: ContactInput
    research: ResearchInput
    earlier_request: EarlierRequestInput
    channel: Channel
    limits: ChannelLimits
    canary: str = Field(min_length=8, max_length=100)
    repair_hints: list[str] = Field(default_factory=list)

    def as_variables(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
