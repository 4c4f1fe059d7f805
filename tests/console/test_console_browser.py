"""The review console in a real browser (headless chromium): what a coach does with it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from tests.batches.support import Runner, seed
from tests.conftest import MakeTenant, TenantKey, add_key
from tests.console.conftest import screenshot, serving
from tests.support.llm_server import LLMServer

pytest.importorskip("selenium")

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

REQUESTERS: list[dict[str, Any]] = [
    {
        "name": "María Gómez",
        "current_role": "ICU nurse",
        "background": "Eight years of critical-care nursing; led our unit's EHR rollout.",
        "interests": ["clinical informatics"],
        "learning_goals": "How nurses move into informatics roles",
        "target_fields": ["health informatics"],
    },
    {
        "name": "Tomás Berg",
        "current_role": "high-school physics teacher",
        "background": "Ten years teaching physics; built the school's robotics club.",
        "interests": ["learning design"],
        "learning_goals": "How teachers move into instructional design",
        "target_fields": ["edtech"],
    },
]
CONTACTS: list[tuple[dict[str, Any], list[dict[str, str]]]] = [
    (
        {
            "name": "Ana Pérez",
            "title": "Director of Nursing Informatics",
            "organization": "Mercy Health",
            "seniority": "executive",
        },
        [
            {"text": "Spoke at HIMSS 2026 about reducing alarm fatigue in ICUs", "about": "person"},
            {"text": "Leads the nurse informatics team at Mercy Health", "about": "role"},
        ],
    ),
    (
        {
            "name": "Jon Reyes",
            "title": "Clinical Systems Analyst",
            "organization": "St. Luke's",
            "seniority": "mid",
        },
        [{"text": "Rebuilt the sepsis alert workflow at St. Luke's in 2025", "about": "person"}],
    ),
    (
        {
            "name": "Lena Fischer",
            "title": "Senior Instructional Designer",
            "organization": "Brightpath Learning",
            "seniority": "senior",
        },
        [{"text": "Wrote the Brightpath guide to designing lab simulations", "about": "person"}],
    ),
]


class Scene:
    """A tenant's requesters, researched contacts and drafts, made through the API."""

    def __init__(self, api: httpx.Client, tenant: TenantKey) -> None:
        self.api = api
        self.tenant = tenant
        h = tenant.headers
        self.requesters = [
            api.post("/v1/requesters", json=r, headers=h).json()["id"] for r in REQUESTERS
        ]
        self.contacts = []
        for contact, facts in CONTACTS:
            # Names are unique per test: contacts are one person per tenant anyway.
            contact_id = api.post("/v1/contacts", json=contact, headers=h).json()["id"]
            made = api.post(f"/v1/contacts/{contact_id}/research", json={"facts": facts}, headers=h)
            assert made.status_code == 201, made.text
            self.contacts.append(contact_id)

    def draft(self, requester: int, contact: int, channel: str = "email") -> dict[str, Any]:
        response = self.api.post(
            "/v1/drafts",
            json={
                "requester_id": self.requesters[requester],
                "contact_id": self.contacts[contact],
                "channel": channel,
            },
            headers=self.tenant.headers,
        )
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "needs_review", response.json()["gate_report"]
        return dict(response.json())

    def read(self, draft_id: str) -> dict[str, Any]:
        return dict(self.api.get(f"/v1/drafts/{draft_id}", headers=self.tenant.headers).json())

    def decisions(self, draft_id: str) -> list[dict[str, Any]]:
        history = self.api.get(f"/v1/drafts/{draft_id}/history", headers=self.tenant.headers)
        return [e["decision"] for e in history.json() if e["type"] == "decision"]


@pytest.fixture
def tenant(make_tenant: MakeTenant) -> TenantKey:
    return make_tenant(name="Northside Coaching")


@pytest.fixture
def scene(api: httpx.Client, tenant: TenantKey) -> Scene:
    return Scene(api, tenant)


def sign_in(driver: WebDriver, base_url: str, key: TenantKey, name: str = "Coach Kim") -> None:
    driver.get(f"{base_url}/console/sign-in")
    driver.find_element(By.ID, "api_key").send_keys(key.api_key)
    driver.find_element(By.ID, "reviewer").send_keys(name)
    click(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/console/sign-in'] button"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Review queue", driver.page_source
    assert name in driver.find_element(By.CSS_SELECTOR, ".who").text


def click(driver: WebDriver, element: WebElement) -> None:
    """Click something that loads a page, and wait for the new page."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def left(_: WebDriver) -> bool:
        try:
            page.is_enabled()
        except WebDriverException:  # stale, or no longer in the document
            return True
        return False

    WebDriverWait(driver, 30).until(left)


def queue_contacts(driver: WebDriver) -> list[str]:
    return [
        a.text for a in driver.find_elements(By.CSS_SELECTOR, "table.queue tbody td:first-child a")
    ]


def filter_queue(driver: WebDriver, **choices: str) -> None:
    for name, visible in choices.items():
        Select(driver.find_element(By.ID, f"f-{name}")).select_by_visible_text(visible)
    click(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))


def flash(driver: WebDriver) -> str:
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".flash"))


def replace_text(driver: WebDriver, element_id: str, text: str) -> None:
    box = driver.find_element(By.ID, element_id)
    box.clear()
    box.send_keys(text)


def test_sign_in_and_filter_the_queue(
    browser: WebDriver, served: Any, scene: Scene, tenant: TenantKey, tmp_path: Path
) -> None:
    scene.draft(0, 0, "email")
    scene.draft(0, 1, "linkedin_message")
    scene.draft(1, 2, "email")
    sign_in(browser, served.base_url, tenant)
    assert queue_contacts(browser) == ["Lena Fischer", "Jon Reyes", "Ana Pérez"]  # newest first
    rows = browser.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")
    assert "linkedin message" in rows[1].text
    assert "needs review" in rows[1].text
    assert "✓" in rows[1].text  # the verdict in a symbol and words, not colour alone
    screenshot(browser, "queue", tmp_path)

    filter_queue(browser, channel="linkedin message")
    assert queue_contacts(browser) == ["Jon Reyes"]
    filter_queue(browser, channel="Any channel", requester="Tomás Berg")
    assert queue_contacts(browser) == ["Lena Fischer"]
    filter_queue(browser, requester="Any requester", check="no job ask")
    assert queue_contacts(browser) == []
    assert "with these filters" in browser.find_element(By.CSS_SELECTOR, ".empty").text


def test_open_a_draft_see_evidence_edit_into_failing_text_then_fix_and_approve(
    browser: WebDriver, served: Any, scene: Scene, tenant: TenantKey, tmp_path: Path
) -> None:
    draft = scene.draft(0, 0)
    sign_in(browser, served.base_url, tenant, name="Coach Kim")
    click(browser, browser.find_element(By.LINK_TEXT, "Ana Pérez"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "request to Ana Pérez"

    marked = {
        check
        for mark in browser.find_elements(By.CSS_SELECTOR, "#message-text mark.ev")
        for check in (mark.get_attribute("data-checks") or "").split()
    }
    assert {"specific_reason", "time_ask", "preview_questions"} <= marked, marked
    time_mark = browser.find_element(By.CSS_SELECTOR, "#message-text mark[data-checks~=time_ask]")
    assert "15" in time_mark.text
    assert "grounds specific reason" in browser.find_element(By.CSS_SELECTOR, "ol.facts").text
    assert "✓ time ask: passed" in browser.find_element(By.ID, "check-time_ask").text
    screenshot(browser, "draft", tmp_path)
    browser.set_window_size(1280, 1000)

    original = draft["body"]
    vague = original.replace("15–20 minutes", "some time")
    assert vague != original
    replace_text(browser, "body", vague)
    click(browser, browser.find_element(By.ID, "save"))
    assert "new revision" in flash(browser)
    assert "Fails: time ask" in browser.find_element(By.ID, "verdict").text
    problem = browser.find_elements(By.CSS_SELECTOR, ".tag.problem")
    assert (
        any("time ask" in tag.text for tag in problem)
        or "✗ time ask" in browser.find_element(By.ID, "check-time_ask").text
    )

    click(browser, browser.find_element(By.ID, "approve"))
    alert = browser.find_element(By.CSS_SELECTOR, ".flash.error").text
    assert "fails the gate" in alert
    assert "time ask" in alert
    assert scene.read(draft["id"])["status"] == "gate_failed"

    replace_text(browser, "body", original)
    click(browser, browser.find_element(By.ID, "save"))
    assert "Passes" in browser.find_element(By.ID, "verdict").text
    click(browser, browser.find_element(By.ID, "approve"))
    assert "Approved" in flash(browser)
    stored = scene.read(draft["id"])
    assert (stored["status"], stored["revision"]) == ("approved", 3)
    assert [(d["decision"], d["reviewer"]) for d in scene.decisions(draft["id"])] == [
        ("edited", "Coach Kim"),
        ("edited", "Coach Kim"),
        ("approved", "Coach Kim"),
    ]
    # The diff between revisions 1 and 2 shows what the edit took out.
    Select(browser.find_element(By.ID, "diff-from")).select_by_visible_text("1")
    Select(browser.find_element(By.ID, "diff-to")).select_by_visible_text("2")
    click(
        browser,
        browser.find_element(By.CSS_SELECTOR, "form[aria-label='Compare revisions'] button"),
    )
    removed = " ".join(d.text for d in browser.find_elements(By.CSS_SELECTOR, "#diff del"))
    added = " ".join(i.text for i in browser.find_elements(By.CSS_SELECTOR, "#diff ins"))
    assert "15–20" in removed
    assert "some" in added


def test_a_stale_approval_is_refused_after_another_tab_edited_the_draft(
    browser: WebDriver, served: Any, scene: Scene, tenant: TenantKey
) -> None:
    draft = scene.draft(0, 1, "linkedin_message")
    sign_in(browser, served.base_url, tenant)
    page = f"{served.base_url}/console/drafts/{draft['id']}"
    browser.get(page)
    first_tab = browser.current_window_handle

    browser.switch_to.new_window("tab")
    browser.get(page)
    edited = draft["body"].replace("Thank you", "Many thanks")
    assert edited != draft["body"]
    replace_text(browser, "body", edited)
    click(browser, browser.find_element(By.ID, "save"))
    assert "new revision" in flash(browser)

    browser.switch_to.window(first_tab)
    click(browser, browser.find_element(By.ID, "approve"))
    assert "Someone else changed this draft" in flash(browser)
    assert "Many thanks" in browser.find_element(By.ID, "message-text").text
    assert scene.read(draft["id"])["status"] == "needs_review"
    # Now that it has read the new text, the same tab may approve it.
    click(browser, browser.find_element(By.ID, "approve"))
    assert "Approved" in flash(browser)


def test_reject_a_draft_with_a_reason(
    browser: WebDriver, served: Any, scene: Scene, tenant: TenantKey
) -> None:
    draft = scene.draft(1, 2)
    sign_in(browser, served.base_url, tenant, name="Coach Ode")
    browser.get(f"{served.base_url}/console/drafts/{draft['id']}")
    click(browser, browser.find_element(By.ID, "reject"))
    assert "Say why" in flash(browser)
    browser.find_element(By.ID, "reason").send_keys("Lena left Brightpath last month.")
    click(browser, browser.find_element(By.ID, "reject"))
    assert "Rejected" in flash(browser)
    assert "Lena left Brightpath" in browser.find_element(By.ID, "decisions").text
    assert scene.read(draft["id"])["status"] == "rejected"
    [decision] = scene.decisions(draft["id"])
    assert (decision["decision"], decision["reviewer"], decision["reason"]) == (
        "rejected",
        "Coach Ode",
        "Lena left Brightpath last month.",
    )


@pytest.fixture
def batch_server(
    database_url: str, engine: Engine, llm: LLMServer, tmp_path: Path
) -> Iterator[Runner]:
    """A server that runs batch items itself, with a drafter no request has used yet (a
    drafter that served API requests first fails batch items in that process; see the
    note in the console's commit)."""
    with serving(database_url, engine, llm, tmp_path, runs_batches=True) as runner:
        yield runner


def test_watch_a_batch_finish(
    browser: WebDriver, batch_server: Runner, engine: Engine, tenant: TenantKey
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 6)
    with httpx.Client(base_url=batch_server.base_url, timeout=30) as api:
        submitted = api.post(
            "/v1/batches",
            json={"requester_id": requester, "contact_ids": contacts, "channel": "email"},
            headers=tenant.headers,
        )
    assert submitted.status_code == 202, submitted.text
    batch_id = submitted.json()["id"]
    sign_in(browser, batch_server.base_url, tenant)
    browser.get(f"{batch_server.base_url}/console/batches/{batch_id}")
    assert "refreshes every 2 seconds" in browser.find_element(By.ID, "batch-status").text

    def completed(driver: WebDriver) -> bool:
        try:
            return "completed" in driver.find_element(By.ID, "batch-status").text
        except Exception:  # the page is being reloaded
            return False

    WebDriverWait(browser, 90, poll_frequency=0.5).until(completed)
    assert browser.find_element(By.ID, "count-needs_review").text == "6", browser.find_element(
        By.TAG_NAME, "main"
    ).text
    links = browser.find_elements(By.LINK_TEXT, "open draft")
    assert len(links) == 6
    click(browser, links[0])
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("request to Ana Pérez")


def test_a_revoked_keys_session_is_refused(
    browser: WebDriver, served: Any, api: httpx.Client, engine: Engine, tenant: TenantKey
) -> None:
    reviewer = add_key(engine, tenant.tenant_id, ("review",), name="coach")
    sign_in(browser, served.base_url, reviewer)
    revoked = api.post(f"/v1/keys/{reviewer.key_id}/revoke", headers=tenant.headers)
    assert revoked.status_code == 200, revoked.text
    browser.refresh()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sign in"
    assert "revoked" in flash(browser)


def test_a_form_posted_without_its_csrf_token_is_refused(
    browser: WebDriver, served: Any, scene: Scene, tenant: TenantKey
) -> None:
    draft = scene.draft(0, 2)
    sign_in(browser, served.base_url, tenant)
    browser.get(f"{served.base_url}/console/drafts/{draft['id']}")
    browser.execute_script(
        "document.querySelectorAll('input[name=csrf_token]').forEach(e => e.remove())"
    )
    click(browser, browser.find_element(By.ID, "approve"))
    assert "CSRF" in flash(browser)
    assert scene.read(draft["id"])["status"] == "needs_review"


def test_every_control_is_labelled_and_the_page_reflows_at_200_percent_zoom(
    browser: WebDriver, served: Any, scene: Scene, tenant: TenantKey
) -> None:
    draft = scene.draft(0, 0)
    sign_in(browser, served.base_url, tenant)
    unlabelled = """
        return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
          .map(e => e.outerHTML)"""
    for path in ("/console/queue", f"/console/drafts/{draft['id']}"):
        browser.get(f"{served.base_url}{path}")
        assert browser.execute_script(unlabelled) == [], path
        # The stylesheet applies (the page's security policy lets its own in).
        width = "return getComputedStyle(document.querySelector('main')).maxWidth"
        assert browser.execute_script(width) == "1200px", path
    # 200% zoom of a 1280-pixel window: a layout 640 CSS pixels wide, no sideways scrolling.
    browser.set_window_size(640 + 16, 900)
    for path in ("/console/queue", f"/console/drafts/{draft['id']}"):
        browser.get(f"{served.base_url}{path}")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, overflow)
    # The keyboard reaches the decision: tab from the top of the page to "Approve".
    browser.get(f"{served.base_url}/console/drafts/{draft['id']}")
    body = browser.find_element(By.TAG_NAME, "body")
    reached = []
    for _ in range(40):
        body.send_keys("\ue004")  # Tab
        active = browser.switch_to.active_element
        reached.append(active.get_attribute("id") or active.text)
        if active.get_attribute("id") == "approve":
            break
    assert "approve" in reached, reached


def test_pages_of_another_tenant_answer_not_found(
    browser: WebDriver, served: Any, scene: Scene, make_tenant: MakeTenant
) -> None:
    draft = scene.draft(0, 0)
    other = make_tenant(name="Other coaching")
    sign_in(browser, served.base_url, other)
    browser.get(f"{served.base_url}/console/drafts/{draft['id']}")
    assert "Draft not found" in flash(browser)
    browser.get(f"{served.base_url}/console/drafts/{uuid.uuid4()}")
    assert "Draft not found" in flash(browser)
