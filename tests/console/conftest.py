"""Browser fixtures: `askwell serve` in its own process (batch runner included, the model
a local stand-in) and Debian's headless chromium driven through its chromedriver.

The driver's path is given to Selenium explicitly and Selenium Manager is told to stay
offline, so nothing is downloaded when the tests run. Without chromium and chromedriver
the browser tests are skipped, saying so; CI installs both (`apt-get install chromium
chromium-driver`)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col

from service.batches.models import BatchItem
from service.core.db import utcnow
from tests.batches.support import Runner, engine_database, runner_env
from tests.support.databases import unit_of_work
from tests.support.llm_server import LLMServer

CHROMIUM = os.environ.get("ASKWELL_TEST_CHROMIUM") or shutil.which("chromium") or ""
CHROMEDRIVER = os.environ.get("ASKWELL_TEST_CHROMEDRIVER") or shutil.which("chromedriver") or ""
# Set to a directory (docs/console) to keep the screenshots the tests take.
SCREENSHOTS = os.environ.get("ASKWELL_SCREENSHOTS")


def browser_missing() -> str | None:
    if not CHROMIUM or not Path(CHROMIUM).exists():
        return "chromium not installed (apt-get install chromium chromium-driver)"
    if not CHROMEDRIVER or not Path(CHROMEDRIVER).exists():
        return "chromedriver not installed (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed (pip install -e '.[dev]')"
    return None


def skip_without_browser() -> None:
    """Skip, saying why, when the browser is missing; fail instead where it must be there
    (CI sets ASKWELL_TEST_REQUIRE_BROWSER=1)."""
    missing = browser_missing()
    if missing is None:
        return
    if os.environ.get("ASKWELL_TEST_REQUIRE_BROWSER") == "1":
        pytest.fail(missing)
    pytest.skip(missing)


@pytest.fixture(scope="module")
def llm() -> Iterator[LLMServer]:
    # Slow enough that a batch's progress can be watched, fast enough to finish soon.
    with LLMServer(latency_s=0.4) as server:
        yield server


@contextmanager
def serving(
    database_url: str, engine: Engine, llm: LLMServer, directory: Path, *, runs_batches: bool
) -> Iterator[Runner]:
    """`askwell serve` on the suite's database, running batch items itself or not."""
    skip_without_browser()
    if runs_batches:
        # A runner enqueues every queued item it finds; earlier tests' items are not ours.
        with unit_of_work(engine) as session:
            session.execute(
                update(BatchItem)
                .where(col(BatchItem.status) == "queued")
                .values(status="skipped", reason="cancelled", finished_at=utcnow())
            )
    with engine_database(directory) as engine_url:
        env = runner_env(
            database_url,
            engine_url,
            llm.base_url,
            batch_embedded_worker=str(runs_batches).lower(),
            llm_concurrency="2",
        )
        runner = Runner("serve", env, directory / "serve.log").start()
        try:
            yield runner
        finally:
            runner.stop()


@pytest.fixture(scope="module")
def served(
    database_url: str,
    engine: Engine,
    llm: LLMServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Runner]:
    """The console's server for the tests that draft one at a time (no batch runner)."""
    directory = tmp_path_factory.mktemp("console")
    with serving(database_url, engine, llm, directory, runs_batches=False) as runner:
        yield runner


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    skip_without_browser()
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root in a container
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
        "--lang=en",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium: object, served: Runner) -> Iterator[object]:
    """The browser with no cookies and one tab, for one test."""
    driver = chromium
    driver.get(f"{served.base_url}/console/sign-in")  # type: ignore[attr-defined]
    driver.delete_all_cookies()  # type: ignore[attr-defined]
    yield driver
    handles = driver.window_handles  # type: ignore[attr-defined]
    for handle in handles[1:]:
        driver.switch_to.window(handle)  # type: ignore[attr-defined]
        driver.close()  # type: ignore[attr-defined]
    driver.switch_to.window(handles[0])  # type: ignore[attr-defined]
    driver.set_window_size(1280, 1000)  # type: ignore[attr-defined]


@pytest.fixture
def api(served: Runner) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.base_url, timeout=30) as client:
        yield client


def screenshot(driver: object, name: str, directory: Path) -> Path:
    """A full-height screenshot of the page; also kept in $ASKWELL_SCREENSHOTS if set."""
    height = driver.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    width = driver.get_window_size()["width"]  # type: ignore[attr-defined]
    driver.set_window_size(width, max(600, min(int(height) + 140, 4000)))  # type: ignore[attr-defined]
    path = directory / f"{re.sub(r'[^a-z0-9_-]', '', name)}.png"
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    if SCREENSHOTS:
        target = Path(SCREENSHOTS)
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / path.name)
    return path
