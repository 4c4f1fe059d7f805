"""The fast contacts list (service.contacts.fastlist) answers exactly what the app without it
answers: the same status, headers and bytes, for the requests it takes and for the ones it
hands on; and it takes the plain ones itself."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.config import Settings
from service.contacts import router as contacts_router
from service.contacts import service as contacts
from service.contacts.fastlist import FastContactList
from service.contacts.models import ContactCreate
from service.db import unit_of_work
from service.main import create_app
from service.tenants import service as tenants
from service.tenants.models import ApiKey, Scope
from tests.conftest import PEPPER, make_settings

PEOPLE = [
    {"name": "Ana Pérez", "organization": "Mercy Health", "seniority": "executive"},
    {"name": "Ben 100% Real", "organization": "mercy health", "seniority": "senior"},
    {"name": "Li_Wei", "organization": "ACME_Corp", "seniority": "mid"},
    {"name": "LiXWei", "organization": "ACME Corp", "seniority": "junior"},
    {"name": "李小龍", "organization": "Ünïcode GmbH", "seniority": "senior"},
    {"name": 'Zoë "Z" O\'Brien', "organization": None, "seniority": None},
    {"name": "Ana Back/slash", "organization": "", "seniority": "mid"},
]


@dataclass
class World:
    """One tenant with contacts and keys of every kind, and another tenant."""

    admin: dict[str, str]
    reader: dict[str, str]
    scopeless: dict[str, str]
    revoked: dict[str, str]
    other: dict[str, str]


def _headers(api_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"}


def _tenant_with_keys(app: FastAPI, people: list[dict[str, Any]]) -> dict[str, str]:
    with unit_of_work(app.state.engine) as session:
        tenant = tenants.create_tenant(session, name="Fast list tenant")
        keys: dict[str, str] = {}
        for name, scopes in (("admin", [Scope.admin]), ("read", [Scope.read]), ("none", [])):
            _, keys[name] = tenants.create_key(
                session, tenant_id=tenant.id, name=name, scopes=scopes, pepper=PEPPER
            )
        revoked, keys["revoked"] = tenants.create_key(
            session, tenant_id=tenant.id, name="revoked", scopes=[Scope.read], pepper=PEPPER
        )
        tenants.revoke_key(session, tenant_id=tenant.id, key_id=revoked.id)
        for person in people:
            contacts.create_contact(session, tenant_id=tenant.id, data=ContactCreate(**person))
    return keys


@pytest.fixture(scope="module")
def world(app: FastAPI) -> World:
    keys = _tenant_with_keys(app, PEOPLE)
    other = _tenant_with_keys(app, PEOPLE[:3])
    return World(
        admin=_headers(keys["admin"]),
        reader=_headers(keys["read"]),
        scopeless=_headers(keys["none"]),
        revoked=_headers(keys["revoked"]),
        other=_headers(other["admin"]),
    )


@pytest.fixture(scope="module")
def slow_client(settings: Settings) -> Iterator[TestClient]:
    """The same app on the same database, without the fast list."""
    slow = create_app(make_settings(settings.database_url, fast_contact_list=False))
    assert not any(m.cls is FastContactList for m in slow.user_middleware)
    with TestClient(slow, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def normal_route_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each request the normal `list_contacts` route served (by its query string)."""
    calls: list[str] = []
    real = contacts_router.read_hot_page

    async def counted(request: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(request.url.query)
        return await real(request, *args, **kwargs)

    monkeypatch.setattr(contacts_router, "read_hot_page", counted)
    return calls


Answer = tuple[int, list[tuple[str, str]], bytes]


def answer(client: TestClient, url: str, headers: Any, method: str = "GET") -> Answer:
    response = client.request(method, url, headers=headers, follow_redirects=False)
    kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "date"]
    return response.status_code, kept, response.content


Compare = Callable[..., Answer]


@pytest.fixture
def compare(client: TestClient, slow_client: TestClient, normal_route_calls: list[str]) -> Compare:
    """Ask both apps; assert the same answer and whether the fast list answered it."""

    def ask(url: str, headers: Any, *, fast: bool, method: str = "GET") -> Answer:
        before = len(normal_route_calls)
        fast_answer = answer(client, url, headers, method)
        by_normal_route = len(normal_route_calls) - before
        slow_answer = answer(slow_client, url, headers, method)
        assert fast_answer == slow_answer, url
        if fast:
            assert by_normal_route == 0, f"{url} was not answered by the fast list"
        elif fast_answer[0] == 200 and urlsplit(url).path == "/v1/contacts":
            assert by_normal_route == 1, f"{url} was answered by the fast list"
        return fast_answer

    return ask


TAKEN = [
    "",
    "limit=1",
    "limit=20",
    "limit=100",
    "limit=3&",
    "&limit=3",
    "l%69mit=3",
    "organization=Mercy%20Health",
    "organization=%20MERCY%20health%20",
    "organization=ACME_Corp",
    "organization=",
    "organization=" + "o" * 300,
    "seniority=junior",
    "seniority=mid",
    "seniority=senior",
    "seniority=executive",
    "q=ana",
    "q=%25",
    "q=100%25",
    "q=_",
    "q=li_w",
    "q=%2F",
    "q=%E6%9D%8E",
    "q=zo%C3%AB",
    "q=Z%22",
    "q=ana+p",
    "q=%FF",
    "q=",
    "q=" + "q" * 200,
    "limit=2&seniority=senior&q=e&organization=mercy%20health",
]


@pytest.mark.parametrize("query", TAKEN)
def test_plain_lists_are_answered_by_the_fast_list_exactly(
    compare: Compare, world: World, query: str
) -> None:
    status, _, _ = compare(f"/v1/contacts?{query}", world.reader, fast=True)
    assert status == 200


HANDED_ON = [
    ("limit=0", 422),
    ("limit=101", 422),
    ("limit=-1", 422),
    ("limit=abc", 422),
    ("limit=", 422),
    ("limit", 422),
    ("limit=1.0", 200),
    ("limit=%205", 200),
    ("limit=05", 200),
    ("limit=1_0", 200),
    ("limit=%D9%A1", 422),
    ("limit=2&limit=3", 200),
    ("q=a&q=b", 200),
    ("unknown=1", 200),
    ("limit=2&Limit=3", 200),
    ("seniority=", 422),
    ("seniority=Senior", 422),
    ("seniority=boss", 422),
    ("organization=" + "o" * 301, 422),
    ("q=" + "q" * 201, 422),
    ("cursor=", 404),
    ("cursor=garbage", 404),
    ("cursor=a.b", 404),
    ("cursor=" + "c" * 513, 422),
]


@pytest.mark.parametrize(("query", "status"), HANDED_ON)
def test_anything_else_is_answered_by_the_normal_stack(
    compare: Compare, world: World, query: str, status: int
) -> None:
    assert compare(f"/v1/contacts?{query}", world.reader, fast=False)[0] == status


@pytest.mark.parametrize("query", ["q=%00", "organization=a%00b"])
def test_nul_in_a_filter_is_left_to_the_normal_stack(
    compare: Compare, world: World, query: str
) -> None:
    compare(f"/v1/contacts?{query}", world.reader, fast=False)


def test_every_key_that_may_read_is_taken(compare: Compare, world: World) -> None:
    for headers in (world.admin, world.reader):
        compare("/v1/contacts?limit=2", headers, fast=True)
    token = world.reader["Authorization"].split()[1]
    for spelled in (f"bearer {token}", f"BEARER {token}", f"Bearer   {token}  "):
        compare("/v1/contacts?limit=2", {"Authorization": spelled}, fast=True)


def test_refused_keys_are_answered_by_the_normal_stack(compare: Compare, world: World) -> None:
    token = world.reader["Authorization"].split()[1]
    unknown = "askw_" + "a" * 10 + "_" + "b" * 32
    cases: list[tuple[Any, int]] = [
        ({}, 401),
        ({"Authorization": ""}, 401),
        ({"Authorization": "Bearer"}, 401),
        ({"Authorization": "Bearer not-a-key"}, 401),
        ({"Authorization": f"Basic {token}"}, 401),
        ({"Authorization": f"Bearer{token}"}, 401),
        (_headers(unknown), 401),
        (world.revoked, 401),
        (world.scopeless, 403),
        ([("Authorization", f"Bearer {token}"), ("Authorization", f"Bearer {unknown}")], 200),
        ([("Authorization", f"Bearer {unknown}"), ("Authorization", f"Bearer {token}")], 401),
    ]
    for headers, status in cases:
        assert compare("/v1/contacts", headers, fast=False)[0] == status, headers
        # A refused key comes first: a bad cursor does not change the answer.
        if status != 200:
            assert compare("/v1/contacts?cursor=x", headers, fast=False)[0] == status


def test_other_methods_and_paths_are_left_alone(compare: Compare, world: World) -> None:
    assert compare("/v1/contacts", world.reader, fast=False, method="HEAD")[0] == 405
    assert compare("/v1/contacts", world.reader, fast=False, method="OPTIONS")[0] == 405
    assert compare("/v1/contacts/", world.reader, fast=False)[0] == 307
    assert compare("/V1/contacts", world.reader, fast=False)[0] == 404
    assert compare("/v1/contacts/import", world.reader, fast=False)[0] == 405
    assert compare("/v1/requesters", world.reader, fast=False)[0] == 200


def _items_by_pages(compare: Compare, world: World, query: str, limit: int) -> list[Any]:
    """Every item of a list, page by page through the fast list, each page compared."""
    items: list[Any] = []
    cursor = None
    while True:
        suffix = "" if cursor is None else f"&cursor={cursor}"
        url = f"/v1/contacts?{query}&limit={limit}{suffix}"
        status, _, body = compare(url, world.reader, fast=True)
        assert status == 200
        page = json.loads(body)
        assert len(page["items"]) <= limit
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


@pytest.mark.parametrize(
    ("query", "limit"), [("", 1), ("", 2), ("q=a", 3), ("seniority=mid", 1), ("q=%25", 1)]
)
def test_cursors_page_through_the_whole_list(
    compare: Compare, world: World, query: str, limit: int
) -> None:
    _, _, body = compare(f"/v1/contacts?{query}&limit=100", world.reader, fast=True)
    everything = json.loads(body)["items"]
    assert everything
    assert _items_by_pages(compare, world, query, limit) == everything


def test_another_tenants_or_lists_cursor_is_answered_by_the_normal_stack(
    compare: Compare, world: World, client: TestClient
) -> None:
    foreign = client.get("/v1/contacts?limit=1", headers=world.other).json()["next_cursor"]
    assert foreign is not None
    assert compare(f"/v1/contacts?cursor={foreign}", world.reader, fast=False)[0] == 404
    own = client.get("/v1/contacts?limit=1", headers=world.reader).json()["next_cursor"]
    compare(f"/v1/contacts?cursor={own}", world.reader, fast=True)
    # A cursor of another list of the same tenant names no position in this one.
    for _ in range(2):
        client.post("/v1/requesters", json={"name": "R"}, headers=world.admin)
    requesters = client.get("/v1/requesters?limit=1", headers=world.reader).json()
    assert (
        compare(f"/v1/contacts?cursor={requesters['next_cursor']}", world.reader, fast=False)[0]
        == 404
    )
    # Read-less keys are refused before their cursor is looked at.
    assert compare(f"/v1/contacts?cursor={own}", world.scopeless, fast=False)[0] == 403


def test_the_fast_list_records_a_keys_use(
    app: FastAPI, client: TestClient, normal_route_calls: list[str]
) -> None:
    with unit_of_work(app.state.engine) as session:
        tenant = tenants.create_tenant(session, name="Fresh key")
        key, api_key = tenants.create_key(
            session, tenant_id=tenant.id, name="fresh", scopes=[Scope.read], pepper=PEPPER
        )
    assert client.get("/v1/contacts", headers=_headers(api_key)).status_code == 200
    assert normal_route_calls == []
    with unit_of_work(app.state.engine) as session:
        used = session.get(ApiKey, key.id)
        assert used is not None
        assert used.last_used_at is not None


def test_the_rate_limit_counts_each_request_once(
    settings: Settings, world: World, normal_route_calls: list[str]
) -> None:
    answers = {}
    for fast in (True, False):
        limited = create_app(
            make_settings(settings.database_url, rate_limit_per_minute=2, fast_contact_list=fast)
        )
        with TestClient(limited, raise_server_exceptions=False) as limited_client:
            answers[fast] = [
                answer(limited_client, "/v1/contacts?limit=1", world.reader) for _ in range(3)
            ]
    assert [status for status, _, _ in answers[True]] == [200, 200, 429]
    assert answers[True] == answers[False]
    # Two taken by the fast list; the refused one and the three without it, by the route.
    assert len(normal_route_calls) == 1 + 3


def test_the_fast_list_is_on_by_default(app: FastAPI) -> None:
    assert Settings(_env_file=None).fast_contact_list is True  # type: ignore[call-arg]
    assert app.user_middleware[0].cls is FastContactList  # outermost
