"""Sync handlers commit in their own worker thread (service.routing): a commit that fails
must still answer an error, and nothing the handler wrote may be kept."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from tests.conftest import TenantKey


class CommitRefused(Exception):
    pass


def test_a_failed_commit_answers_500_and_keeps_nothing(
    client: TestClient, tenant: TenantKey
) -> None:
    def refuse(session: Session) -> None:
        raise CommitRefused("the database refused the commit")

    event.listen(Session, "before_commit", refuse)
    try:
        failed = client.post("/v1/requesters", json={"name": "Ghost"}, headers=tenant.headers)
    finally:
        event.remove(Session, "before_commit", refuse)
    assert failed.status_code == 500
    assert failed.headers["content-type"] == "application/problem+json"
    names = [
        item["name"]
        for item in client.get("/v1/requesters?limit=100", headers=tenant.headers).json()["items"]
    ]
    assert "Ghost" not in names
    stored = client.post("/v1/requesters", json={"name": "Real"}, headers=tenant.headers)
    assert stored.status_code == 201
