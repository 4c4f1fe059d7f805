"""The console over HTTP (no browser): the session cookie's flags, CSRF, a revoked key,
and that pages are built from the API's own records."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.console.session import COOKIE
from tests.conftest import TenantKey
from tests.review.test_review import new_draft


@pytest.fixture
def browser(app: FastAPI, client: TestClient) -> Iterator[TestClient]:
    """A client of its own (its own cookies), over https: the cookie is `Secure` outside
    development. `client` has run the app's start-up already."""
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as own:
        yield own


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def sign_in(browser: TestClient, key: TenantKey, name: str = "Coach Kim") -> None:
    form = browser.get("/console/sign-in")
    response = browser.post(
        "/console/sign-in",
        data={"csrf_token": csrf_of(form.text), "api_key": key.api_key, "reviewer": name},
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/console/queue"


def test_sign_in_sets_a_signed_httponly_strict_secure_expiring_cookie(
    browser: TestClient, tenant: TenantKey
) -> None:
    form = browser.get("/console/sign-in")
    response = browser.post(
        "/console/sign-in",
        data={"csrf_token": csrf_of(form.text), "api_key": tenant.api_key, "reviewer": "Kim"},
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    for flag in ("HttpOnly", "SameSite=strict", "Secure", "Max-Age=28800", "Path=/console"):
        assert flag.lower() in cookie.lower(), cookie
    assert tenant.api_key not in cookie


def test_a_forged_cookie_is_not_a_session(browser: TestClient, tenant: TenantKey) -> None:
    sign_in(browser, tenant)
    value = browser.cookies[COOKIE]
    browser.cookies.set(COOKIE, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    page = browser.get("/console/queue")
    assert page.status_code == 401
    assert "Sign in" in page.text


def test_sign_in_needs_a_review_key_and_a_name(
    browser: TestClient, key_with: object, tenant: TenantKey
) -> None:
    reader = key_with("read")  # type: ignore[operator]
    form = browser.get("/console/sign-in")
    # Each answer of the sign-in form carries a new token for the next try.
    refused = browser.post(
        "/console/sign-in",
        data={"csrf_token": csrf_of(form.text), "api_key": reader.api_key, "reviewer": "K"},
    )
    assert refused.status_code == 403
    assert "review" in refused.text
    nameless = browser.post(
        "/console/sign-in",
        data={"csrf_token": csrf_of(refused.text), "api_key": tenant.api_key, "reviewer": " "},
    )
    assert nameless.status_code == 422
    wrong = browser.post(
        "/console/sign-in",
        data={"csrf_token": csrf_of(nameless.text), "api_key": "askw_nope", "reviewer": "K"},
    )
    assert wrong.status_code == 401


def test_sign_in_form_without_its_csrf_token_is_refused(
    browser: TestClient, tenant: TenantKey
) -> None:
    browser.get("/console/sign-in")
    response = browser.post("/console/sign-in", data={"api_key": tenant.api_key, "reviewer": "Kim"})
    assert response.status_code == 403
    assert "CSRF" in response.text


def test_an_approval_without_the_csrf_token_is_refused_and_changes_nothing(
    browser: TestClient, client: TestClient, tenant: TenantKey
) -> None:
    draft = new_draft(client, tenant)
    sign_in(browser, tenant)
    page = browser.get(f"/console/drafts/{draft['id']}")
    etag = re.search(r'name="etag" value="([^"]+)"', page.text)
    assert etag
    refused = browser.post(
        f"/console/drafts/{draft['id']}/approve", data={"etag": etag.group(1).replace("&#34;", '"')}
    )
    assert refused.status_code == 403
    after = client.get(f"/v1/drafts/{draft['id']}", headers=tenant.headers).json()
    assert after["status"] == "needs_review"


def test_a_revoked_keys_session_is_refused_at_the_next_request(
    browser: TestClient, client: TestClient, tenant: TenantKey, key_with: object
) -> None:
    reviewer = key_with("review")  # type: ignore[operator]
    sign_in(browser, reviewer)
    assert browser.get("/console/queue").status_code == 200
    revoked = client.post(f"/v1/keys/{reviewer.key_id}/revoke", headers=tenant.headers)
    assert revoked.status_code == 200, revoked.text
    page = browser.get("/console/queue")
    assert page.status_code == 401
    assert "revoked" in page.text


def test_approving_in_the_console_records_the_reviewers_name(
    browser: TestClient, client: TestClient, tenant: TenantKey
) -> None:
    draft = new_draft(client, tenant)
    sign_in(browser, tenant, name="Coach Lee")
    page = browser.get(f"/console/drafts/{draft['id']}")
    assert page.status_code == 200
    assert '<mark class="ev' in page.text
    etag = re.search(r'name="etag" value="([^"]+)"', page.text)
    assert etag
    done = browser.post(
        f"/console/drafts/{draft['id']}/approve",
        data={"csrf_token": csrf_of(page.text), "etag": etag.group(1).replace("&#34;", '"')},
    )
    assert done.status_code == 303, done.text
    history = client.get(f"/v1/drafts/{draft['id']}/history", headers=tenant.headers).json()
    decisions = [e["decision"] for e in history if e["type"] == "decision"]
    assert [(d["decision"], d["reviewer"]) for d in decisions] == [("approved", "Coach Lee")]


def test_console_pages_are_not_in_the_contract(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/console")]


def _warn_job_ask(client: TestClient, tenant: TenantKey, draft: dict[str, object]) -> None:
    """A new revision that still passes, with a `no_job_ask` warning."""
    from tests.review.test_review import edit, etag_of

    body = str(draft["body"]).replace("Thank you", "Also, is your team hiring?\n\nThank you")
    assert body != draft["body"]
    response = edit(
        client, tenant, str(draft["id"]), {"body": body}, etag_of(client, tenant, str(draft["id"]))
    )
    assert response.status_code == 200, response.text
    report = response.json()["gate_report"]
    assert response.json()["status"] == "needs_review", report
    assert [c["id"] for c in report["checks"] if not c["passed"]] == ["no_job_ask"]


def _queue_links(page: str) -> list[str]:
    return re.findall(r'<a href="/console/drafts/([0-9a-f-]+)">', page)


def test_the_queue_is_newest_first_and_filters_by_a_check_that_warned_across_pages(
    browser: TestClient,
    client: TestClient,
    tenant: TenantKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drafts = [new_draft(client, tenant) for _ in range(4)]
    for draft in (drafts[0], drafts[2]):
        _warn_job_ask(client, tenant, draft)
    sign_in(browser, tenant)
    everything = browser.get("/console/queue")
    assert _queue_links(everything.text) == [d["id"] for d in reversed(drafts)]
    assert "Passes, with warnings: no job ask" in everything.text

    monkeypatch.setattr("service.console.router.QUEUE_PAGE", 1)
    first = browser.get("/console/queue?check=no_job_ask")
    assert _queue_links(first.text) == [drafts[2]["id"]]
    following = re.search(r'<a href="([^"]+)" rel="next">', first.text)
    assert following
    second = browser.get(following.group(1).replace("&amp;", "&"))
    assert _queue_links(second.text) == [drafts[0]["id"]]
    third = re.search(r'<a href="([^"]+)" rel="next">', second.text)
    if third:  # a page may end where the matches do; the next one is then empty
        assert _queue_links(browser.get(third.group(1).replace("&amp;", "&")).text) == []


def test_pages_run_no_script_and_refuse_to_be_framed(
    browser: TestClient, tenant: TenantKey
) -> None:
    sign_in(browser, tenant)
    page = browser.get("/console/queue")
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    assert "<script" not in page.text


def test_cancel_a_batch_from_its_page(
    browser: TestClient, client: TestClient, tenant: TenantKey
) -> None:
    draft = new_draft(client, tenant)  # a requester (the batch's contact is another one)
    contact = client.post(
        "/v1/contacts",
        json={"name": "Jon Reyes", "organization": "St. Luke's"},
        headers=tenant.headers,
    ).json()["id"]
    researched = client.post(
        f"/v1/contacts/{contact}/research",
        json={"facts": [{"text": "Rebuilt the sepsis alert workflow", "about": "person"}]},
        headers=tenant.headers,
    )
    assert researched.status_code == 201, researched.text
    submitted = client.post(
        "/v1/batches",
        json={
            "requester_id": draft["requester_id"],
            "contact_ids": [contact],
            "channel": "linkedin_message",
        },
        headers=tenant.headers,
    )
    assert submitted.status_code == 202, submitted.text
    batch_id = submitted.json()["id"]
    sign_in(browser, tenant)
    page = browser.get(f"/console/batches/{batch_id}")
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in page.text
    done = browser.post(
        f"/console/batches/{batch_id}/cancel", data={"csrf_token": csrf_of(page.text)}
    )
    assert done.status_code == 303, done.text
    after = browser.get(done.headers["location"])
    assert "Batch cancelled" in after.text
    assert 'http-equiv="refresh"' not in after.text
    batch = client.get(f"/v1/batches/{batch_id}", headers=tenant.headers).json()
    assert batch["status"] == "cancelled", batch


def test_a_contacts_page_shows_their_timeline(
    browser: TestClient, client: TestClient, tenant: TenantKey
) -> None:
    draft = new_draft(client, tenant)
    sign_in(browser, tenant)
    page = browser.get(f"/console/contacts/{draft['contact_id']}")
    assert page.status_code == 200
    timeline = page.text[page.text.index('id="timeline"') :]
    for kind in ("created", "research", "draft"):
        assert f"<strong>{kind}</strong>" in timeline, kind
    assert f'href="/console/drafts/{draft["id"]}"' in timeline


def test_an_expired_session_is_not_a_session(
    browser: TestClient, tenant: TenantKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(browser, tenant)
    assert browser.get("/console/queue").status_code == 200
    monkeypatch.setattr("service.console.session.MAX_AGE_S", -1)  # every cookie is too old
    page = browser.get("/console/queue")
    assert page.status_code == 401
    assert "Sign in" in page.text


@pytest.mark.parametrize(("environment", "secure"), [("development", False), ("production", True)])
def test_the_cookie_is_secure_outside_development(environment: str, secure: bool) -> None:
    from fastapi import Response

    from service.console.session import ConsoleSession, write_session
    from tests.conftest import make_settings

    settings = make_settings(
        "postgresql+psycopg://u@h/db",
        environment=environment,
        api_key_pepper="a-long-enough-secret-value",
    )
    response = Response()
    write_session(response, ConsoleSession.anonymous(), settings)
    cookie = response.headers["set-cookie"].lower()
    assert ("; secure" in cookie) is secure
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
