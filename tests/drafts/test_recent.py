"""The requester's recent drafts kept in the process (service.drafts.recent)."""

from __future__ import annotations

import time
import uuid

import pytest

from service.drafts import recent as recent_module
from service.drafts.recent import RecentDrafts

KEY = (uuid.uuid4(), uuid.uuid4())
ANA, BOB, CARA = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def test_nothing_is_known_until_loaded_and_the_contacts_own_drafts_are_left_out() -> None:
    recent = RecentDrafts()
    assert recent.bodies(KEY, contact_id=ANA) is None
    loaded = recent.put(
        KEY, [(BOB, "to Bob, newest"), (ANA, "to Ana"), (BOB, "to Bob")], contact_id=ANA
    )
    assert loaded == ("to Bob, newest", "to Bob")
    assert recent.bodies(KEY, contact_id=BOB) == ("to Ana",)
    assert recent.bodies(KEY, contact_id=CARA) == ("to Bob, newest", "to Ana", "to Bob")


def test_a_stored_draft_counts_at_once_and_the_oldest_fall_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(recent_module, "OTHER_DRAFTS_LIMIT", 2)
    recent = RecentDrafts()
    recent.put(KEY, [(BOB, "b1"), (BOB, "b0")], contact_id=CARA)
    assert recent.bodies(KEY, contact_id=CARA) == ("b1", "b0")
    recent.add(KEY, contact_id=ANA, body="a1")
    assert recent.bodies(KEY, contact_id=CARA) == ("a1", "b1")
    assert recent.bodies(KEY, contact_id=ANA) == ("b1", "b0")
    recent.add((uuid.uuid4(), KEY[1]), contact_id=ANA, body="another tenant's")
    assert recent.bodies(KEY, contact_id=CARA) == ("a1", "b1")


def test_they_are_read_again_after_the_ttl() -> None:
    recent = RecentDrafts(ttl_s=0.05)
    recent.put(KEY, [(BOB, "b")], contact_id=ANA)
    assert recent.bodies(KEY, contact_id=ANA) == ("b",)
    time.sleep(0.06)
    assert recent.bodies(KEY, contact_id=ANA) is None
