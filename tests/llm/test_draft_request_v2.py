"""draft_request v2 against the local OpenAI-compatible stand-in server.

The prompt is rendered by the real drafter, sent by the real openai client, and read back
from what the server received: every input must be there, and research text (facts and
summary, which may be pasted from the web) must appear only inside its data fence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from service.gate import ContactProfile, GatePolicy, RequesterProfile, ResearchFact, run_gate
from service.llm.client import LLMClient
from service.llm.drafting import DraftInputs, LLMDrafter, compose_gated
from service.llm.prompts import load_registry
from tests.llm.conftest import run
from tests.support.llm_server import LLMServer

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
FACTS = (
    ResearchFact(
        text="Led the rebuild of sepsis alerting in Epic at Mercy General in 2024", about="person"
    ),
    ResearchFact(
        text="Mercy General trains twelve informatics nurses a year", about="organization"
    ),
)
NOTES = "Her team moved lab results onto FHIR last spring."


def _inputs(channel: Any = "email", seniority: Any = "executive") -> DraftInputs:
    return DraftInputs(
        requester=RequesterProfile(
            name="Maria Lopes",
            current_role="ICU Nurse, Riverside Hospital",
            background="Eight years of critical-care nursing; led our unit's EHR rollout.",
            interests=["alarm fatigue", "patient safety"],
            learning_goals="How nurses move into informatics roles",
            target_fields=["clinical informatics"],
        ),
        contact=ContactProfile(
            name="Dr. Ana Pérez",
            title="Director of Clinical Informatics",
            department="Nursing Informatics",
            organization="Mercy General",
            seniority=seniority,
        ),
        contact_how_found="Alumni directory of Riverside nursing school",
        contact_notes="Prefers video calls",
        facts=FACTS,
        research_notes=NOTES,
        channel=channel,
        policy=GatePolicy(),
    )


def _draft(
    make_client: Callable[..., LLMClient], server: LLMServer, inputs: DraftInputs
) -> tuple[Any, str, str]:
    result = run(_compose(make_client(), inputs))
    messages = server.chat_requests[-1].json["messages"]
    system = next(m["content"] for m in messages if m["role"] == "system")
    user = next(m["content"] for m in messages if m["role"] == "user")
    return result, system, user


async def _compose(client: LLMClient, inputs: DraftInputs, version: int | None = None) -> Any:
    async with client:
        drafter = LLMDrafter(client, load_registry(PROMPTS))
        return await compose_gated(drafter, inputs, repair_attempts=0, prompt_version=version)


def _outside_fence(text: str) -> str:
    return re.sub(r"<research_data>.*?</research_data>", " ", text, flags=re.DOTALL)


@pytest.mark.parametrize("channel", ["email", "linkedin_message", "linkedin_connection_note"])
def test_v2_is_the_default_and_carries_every_input(
    make_client: Callable[..., LLMClient], llm_server: LLMServer, channel: Any
) -> None:
    inputs = _inputs(channel)
    result, _, user = _draft(make_client, llm_server, inputs)
    assert result.provenance["prompt"]["name"] == "draft_request"
    assert result.provenance["prompt"]["version"] == 2
    requester, contact = inputs.requester, inputs.contact
    expected = [
        requester.name,
        requester.current_role,
        requester.background,
        *requester.interests,
        requester.learning_goals,
        *requester.target_fields,
        contact.name,
        contact.title,
        contact.department,
        contact.organization,
        f"Contact seniority: {contact.seniority}",
        inputs.contact_how_found,
        inputs.contact_notes,
        *(f"about the {f.about}: {f.text}" for f in FACTS),
        NOTES,
        f"Channel: {channel}",
    ]
    for value in expected:
        assert value
        assert value in user, value


def test_research_text_stays_inside_its_fence(
    make_client: Callable[..., LLMClient], llm_server: LLMServer
) -> None:
    _, system, user = _draft(make_client, llm_server, _inputs())
    fenced = re.findall(r"<research_data>(.*?)</research_data>", user, flags=re.DOTALL)
    assert len(fenced) == 1
    for text in (*(f.text for f in FACTS), NOTES):
        assert text in fenced[0]
        assert text not in _outside_fence(user)
        assert text not in system
    # Distinctive words of the research appear nowhere else either.
    for word in ("alerting", "FHIR", "twelve"):
        assert word not in _outside_fence(user)
        assert word not in system


def test_v2_states_the_advice(make_client: Callable[..., LLMClient], llm_server: LLMServer) -> None:
    _, system, user = _draft(make_client, llm_server, _inputs("linkedin_message", "senior"))
    for advice in (
        "strongest reason",
        "why it matters",
        "shared",
        "two questions for a 15-minute ask",
        "colleagues instead",
        "Never invent",
        "110 words",
        "Example 1",
        "Example 2",
        "Example 3",
        "not a job application",
    ):
        assert advice in system, advice
    assert "at most 110 words" in user
    assert "offer a colleague instead" in user


def test_v2_draft_from_the_stand_in_passes_the_gate(
    make_client: Callable[..., LLMClient], llm_server: LLMServer
) -> None:
    inputs = _inputs()
    result, _, _ = _draft(make_client, llm_server, inputs)
    report = run_gate(
        result.body, subject=result.subject, channel="email", context=inputs.gate_context()
    )
    links = report.check("no_foreign_links")
    assert links is not None
    assert links.passed
    assert len(result.attempts) == 1


def test_v1_stays_released_and_available(
    make_client: Callable[..., LLMClient], llm_server: LLMServer
) -> None:
    registry = load_registry(PROMPTS)
    assert registry.get("draft_request", 1).released
    assert registry.get("draft_request", 2).released
    run(_compose(make_client(), _inputs(), 1))
    system = llm_server.chat_requests[-1].json["messages"][0]["content"]
    assert "Example 1" not in system
