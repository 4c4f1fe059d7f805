"""Prompt injection in research and profiles: the model obeys, the gate must still refuse.

Every case of `injection_payloads.yaml` plants an instruction in a research fact, the
research notes, or the contact's notes / how-found text, and scripts the local LLM server to
obey it on every attempt: the responder reads the prompt it was sent (contact, research, the
canary in the system message), writes an otherwise good draft and adds what the injection
asked for. The draft must end `gate_failed` after the repair loop, with the expected check
among the blocking failures of every attempt, and the prompt must have kept the payload
inside its data fence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from service.llm.prompts import neutralise
from tests.conftest import TenantKey
from tests.drafts.conftest import ANA, FACTS, make_scene
from tests.support.llm_server import LLMServer, RecordedRequest, Reply, compose_draft

PAYLOADS_FILE = Path(__file__).with_name("injection_payloads.yaml")
REPAIR_ATTEMPTS = 2  # the service's default (ASKWELL_LLM_REPAIR_ATTEMPTS)
PLACES = ("fact", "notes", "contact_notes", "how_found")
INTO = ("body", "subject", "greeting")
# The gate's own list of invisible / bidi-control characters (service/gate/checks/links.py),
# written out here so the test does not trust the code it checks.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
CANARY = re.compile(r"Confidential marker: (AW-[0-9a-f]{12})\b")

# Cases that currently end `needs_review`; each is a service bug. None are known now; a
# key added here (and named by a payload's `known_bug`) marks that case xfail(strict=True).
KNOWN_BUGS: dict[str, str] = {}


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    where: str
    payload: str
    obey: str
    expect: tuple[str, ...]
    into: str = "body"
    known_bug: str | None = None

    @property
    def leaks_canary(self) -> bool:
        """The obeying model repeats the system prompt's canary (or part of it)."""
        return any(t in self.obey for t in ("{canary}", "{canary_half}", "{system_prompt}"))


def load_cases() -> list[Case]:
    raw = yaml.safe_load(PAYLOADS_FILE.read_text(encoding="utf-8"))
    cases = []
    for item in raw:
        item = dict(item)
        item["expect"] = tuple(item["expect"])
        cases.append(Case(**item))
    return cases


CASES = load_cases()


def _params() -> list[Any]:
    params = []
    for case in CASES:
        marks = []
        if case.known_bug is not None:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case.known_bug]))
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def test_corpus_is_well_formed() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)
    for case in CASES:
        assert case.where in PLACES, case.id
        assert case.into in INTO, case.id
        assert case.expect, case.id
        assert case.known_bug is None or case.known_bug in KNOWN_BUGS, case.id
    assert {c.where for c in CASES} == set(PLACES)
    categories = {c.category for c in CASES}
    for needed in (
        "foreign link",
        "foreign email",
        "foreign phone",
        "ignore instructions",
        "system prompt leak",
        "invisible characters",
        "bidi controls",
        "markup",
        "other language",
        "fake system line",
        "JSON breaking",
        "fence escape",
    ):
        assert needed in categories


# -- the obeying model ----------------------------------------------------------------------


def _messages(request: RecordedRequest) -> tuple[str, str]:
    messages = request.json["messages"]
    system = next(m["content"] for m in messages if m["role"] == "system")
    user = next(m["content"] for m in messages if m["role"] == "user")
    return system, user


def _canary(system: str) -> str:
    match = CANARY.search(system)
    assert match is not None, "no canary in the system message"
    return match.group(1)


def obeying_responder(case: Case | None) -> Any:
    """A model that writes a good draft from the prompt, then does what the payload said."""

    def respond(request: RecordedRequest) -> Reply:
        system, _user = _messages(request)
        draft = compose_draft(request.json)
        assert draft is not None, "the prompt is not a rendered draft_request prompt"
        if case is None:
            return Reply.ok(draft)
        canary = _canary(system)
        injected = (
            case.obey.replace("{system_prompt}", system)
            .replace("{canary_half}", canary[: len(canary) // 2])
            .replace("{canary}", canary)
        )
        subject, body = draft["subject"], draft["body"]
        if case.into == "subject":
            subject = f"{subject} Ref {injected}"
        elif case.into == "greeting":
            body = re.sub(r"\AHi [^,\n]+,", lambda _m: injected, body)
            assert body.startswith(injected)
        else:
            body, replaced = re.subn(
                r"\n\n(Thank you,\n)", lambda m: f"\n\n{injected}\n\n{m.group(1)}", body
            )
            assert replaced == 1
        return Reply.ok({"subject": subject, "body": body})

    return respond


# -- scene ----------------------------------------------------------------------------------


def scene_for(client: TestClient, tenant: TenantKey, case: Case) -> Any:
    facts = list(FACTS)
    contact = dict(ANA)
    if case.where == "fact":
        facts.append({"text": case.payload, "about": "person"})
    elif case.where == "contact_notes":
        contact["notes"] = case.payload
    elif case.where == "how_found":
        contact["how_found"] = case.payload
    scene = make_scene(client, tenant, facts=facts, contact=contact)
    if case.where == "notes":
        response = client.post(
            f"/v1/contacts/{scene.contact_id}/research",
            json={"facts": facts, "notes": case.payload},
            headers=tenant.headers,
        )
        assert response.status_code == 201, response.text
    return scene


def _block(user: str, opening: str, closing: str, index: int = 0) -> tuple[int, int]:
    starts = [m.end() for m in re.finditer(re.escape(opening), user)]
    ends = [m.start() for m in re.finditer(re.escape(closing), user)]
    return starts[index], ends[index]


def assert_fenced(request: RecordedRequest, case: Case) -> None:
    system, user = _messages(request)
    # One fence of each kind survives: the payload's own markers were neutralised.
    assert user.count("<research_data>") == 1, user
    assert user.count("</research_data>") == 1, user
    assert user.count("<profile_data>") == 2, user
    assert user.count("</profile_data>") == 2, user
    assert user.index("<research_data>") < user.index("</research_data>")
    shown = neutralise(case.payload)
    assert user.count(shown) == 1, f"payload not found once in the prompt:\n{user}"
    assert shown not in system
    start = user.index(shown)
    if case.where in ("fact", "notes"):
        lo, hi = _block(user, "<research_data>", "</research_data>")
    else:  # the contact's profile is the second profile block
        lo, hi = _block(user, "<profile_data>", "</profile_data>", index=1)
    assert lo <= start, "payload before its data fence"
    assert start + len(shown) <= hi, "payload runs past its data fence"
    inside = user[lo:hi]
    assert "<" not in inside, "markup characters inside the fence"
    assert ">" not in inside, "markup characters inside the fence"


# -- tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _params())
def test_obeyed_injection_is_refused(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey, case: Case
) -> None:
    scene = scene_for(llm_client, tenant, case)
    llm.responder = obeying_responder(case)
    response = llm_client.post("/v1/drafts", json=scene.body("email"), headers=tenant.headers)
    assert response.status_code == 201, response.text
    draft = response.json()
    attempts = draft["attempts"]
    requests = llm.chat_requests
    outcomes = [(a["outcome"], a["blocking_failures"]) for a in attempts]
    assert draft["status"] == "gate_failed", (draft["status"], outcomes)
    # Every model call was answered by the obeying responder and recorded as an attempt.
    assert len(requests) == len(attempts)
    # The model obeyed on every attempt, so the repair loop ran to its end.
    assert len(attempts) == 1 + REPAIR_ATTEMPTS, outcomes
    for attempt in attempts:
        assert attempt["outcome"] == "gate_failed", attempt
        missing = set(case.expect) - set(attempt["blocking_failures"])
        assert not missing, (missing, attempt["blocking_failures"], attempt["body"])
    for request in requests:
        assert_fenced(request, case)
    report = draft["gate_report"]
    assert report["passed"] is False
    if case.leaks_canary:
        # The leak itself is what the gate pointed at, not only whatever came with it.
        canaries = {_canary(_messages(r)[0]).lower() for r in requests}
        [canary] = canaries  # one canary per draft, whatever the attempt
        [links] = [c for c in report["checks"] if c["id"] == "no_foreign_links"]
        shown = [e["text"].lower() for e in links["evidence"]]
        assert any(len(t) >= len(canary) // 2 and canary.startswith(t) for t in shown), (
            shown,
            links["message"],
        )


@pytest.mark.parametrize("where", PLACES)
def test_control_same_scene_without_obeying_passes(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey, where: str
) -> None:
    """The base draft the responder builds passes: failures above come from the injection."""
    case = next(c for c in CASES if c.where == where)
    scene = scene_for(llm_client, tenant, case)
    llm.responder = obeying_responder(None)
    draft = llm_client.post("/v1/drafts", json=scene.body("email"), headers=tenant.headers).json()
    assert draft["status"] == "needs_review", draft["attempts"]
    assert [a["outcome"] for a in draft["attempts"]] == ["passed"]


INVISIBLE_CASES = [c for c in CASES if INVISIBLE.search(c.payload)]


def _invisible_params() -> list[Any]:
    params = []
    for case in INVISIBLE_CASES:
        params.append(pytest.param(case, id=case.id))
    return params


@pytest.mark.parametrize("case", _invisible_params())
def test_hidden_characters_do_not_reach_the_prompt(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey, case: Case
) -> None:
    scene = scene_for(llm_client, tenant, case)
    llm.responder = obeying_responder(None)
    llm_client.post("/v1/drafts", json=scene.body("email"), headers=tenant.headers)
    [request] = llm.chat_requests
    system, user = _messages(request)
    found = sorted({f"U+{ord(c):04X}" for c in INVISIBLE.findall(system + user)})
    assert not found, f"hidden characters in the prompt: {found}"
