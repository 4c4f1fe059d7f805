"""Start-up leaves the heap frozen (service.core.heap): full collections skip what it built."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from service.core.heap import YOUNG_THRESHOLD
from service.main import create_app
from tests.conftest import make_settings


def test_the_api_freezes_what_start_up_built(database_url: str) -> None:
    threshold = gc.get_threshold()
    gc.set_threshold(700, *threshold[1:])
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        with TestClient(create_app(make_settings(database_url))) as client:
            assert client.get("/healthz").status_code == 200
            frozen = gc.get_freeze_count()
            young = gc.get_threshold()[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
    # The app, its routes, models and the libraries behind them: far more than a handful.
    assert frozen > 50_000, frozen
    # And young collections no longer run several times inside one request.
    assert young == YOUNG_THRESHOLD
