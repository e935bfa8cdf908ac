"""Browser tests: Playwright drives Debian's Chromium against the app on a live server.

The browser is ``/usr/bin/chromium`` (install it with ``scripts/chromium-for-tests.sh``);
Playwright never downloads one of its own, so the tests need nothing but the package
registries. Without the browser (or without the test extra) the tests skip, unless
``ONEWORKFORCE_REQUIRE_BROWSER=1`` (set by ``make test``), when they fail, so CI cannot pass
by silently skipping.

Fixtures:

- ``live_server``: the app of ``create_app`` on the web tests' synthetic warehouse, served by
  uvicorn on a free loopback port; ``serve_app(app)`` serves any other app the same way.
- ``browser``: one Chromium for the whole run (starting it is the slow part).
- ``page``: a fresh browser context per test, with ``base_url`` set to the live server, so
  tests write ``page.goto("/")``. Requests that leave the machine are refused and fail the
  test: pages must work offline, with every asset served by the app.
- ``viewer_headers``: the headers a signing-in proxy would add to every request of the page's
  context (``page.request`` too), naming who is asking; none, so the public, unless a test
  parametrizes it: ``@pytest.mark.parametrize("viewer_headers", [ANALYST])``.
- ``screenshot("step name")``: saves a numbered screenshot of the page; call it at every step
  of a journey. A failing test also leaves ``failure.png``. Screenshots go to
  ``test-artefacts/screenshots/<test>/`` (``ONEWORKFORCE_TEST_SCREENSHOTS`` to move them).
- ``check_accessibility(page)``: runs axe-core and fails on any serious or critical
  violation, listing each with the elements at fault.

Import Playwright inside tests, or under ``TYPE_CHECKING``, so that a checkout without the
test extra skips these tests rather than failing to collect them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import FastAPI

from oneworkforce.config import Settings
from oneworkforce.web import create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

REQUIRE_BROWSER_VARIABLE = "ONEWORKFORCE_REQUIRE_BROWSER"
SCREENSHOTS_VARIABLE = "ONEWORKFORCE_TEST_SCREENSHOTS"
CHROMIUM = Path("/usr/bin/chromium")
# --no-sandbox: Chromium's sandbox cannot start as root, which CI runs as. The rest stop the
# browser phoning home (component updates, sync, field trials) on a machine with no network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PACKAGES = {"playwright": "playwright", "axe_playwright_python": "axe-playwright-python"}
HOW_TO_INSTALL = "install it with: sudo bash scripts/chromium-for-tests.sh"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FAILING_IMPACTS = ("critical", "serious")
# Playwright waits 30 s by default; a page on loopback that takes a tenth of that is broken.
TIMEOUT_MS = 5_000
SERVER_START_SECONDS = 15

HERE = Path(__file__).parent
STARTUP_KEY = pytest.StashKey[str]()
REPORTS_KEY = pytest.StashKey[dict[str, pytest.TestReport]]()


def browser_required() -> bool:
    return os.environ.get(REQUIRE_BROWSER_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test (``-m "not browser"`` leaves them out)."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Keep each phase's report on the test, so the page fixture knows whether it failed."""
    report = yield
    item.stash.setdefault(REPORTS_KEY, {})[report.when] = report
    return report


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if STARTUP_KEY in config.stash:
        terminalreporter.write_line(config.stash[STARTUP_KEY])


# The live server -------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: FastAPI


def _start(app: FastAPI) -> tuple[uvicorn.Server, threading.Thread, str]:
    """Serve ``app`` from a background thread on a port the system picks, bound before uvicorn
    starts so no other process can take it in between."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"live-server-{port}", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            pytest.fail(f"the live server did not start on 127.0.0.1:{port}", pytrace=False)
        time.sleep(0.01)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="package")
def serve_app() -> Iterator[Callable[[FastAPI], LiveServer]]:
    """Serve any app on a live server of its own, stopped after the last browser test."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def serve(app: FastAPI) -> LiveServer:
        server, thread, url = _start(app)
        running.append((server, thread))
        return LiveServer(url=url, app=app)

    yield serve
    for server, _ in running:
        server.should_exit = True
    for _, thread in running:
        thread.join(timeout=SERVER_START_SECONDS)


@pytest.fixture(scope="package")
def live_server(api_settings: Settings, serve_app: Callable[[FastAPI], LiveServer]) -> LiveServer:
    """The app as ``oneworkforce serve`` runs it, on the web tests' small synthetic ICS."""
    return serve_app(create_app(api_settings))


# The browser -----------------------------------------------------------------------------


def _unavailable(reason: str) -> NoReturn:
    if browser_required():
        pytest.fail(f"{REQUIRE_BROWSER_VARIABLE}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(pytestconfig: pytest.Config) -> Iterator[Browser]:
    """One Chromium for the run: launching it costs far more than a fresh context per test."""
    missing = [package for module, package in PACKAGES.items() if find_spec(module) is None]
    if missing:
        _unavailable(
            f"{', '.join(missing)} not installed; install the test extra: pip install -e '.[test]'"
        )
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"Chromium is not at {CHROMIUM}; {HOW_TO_INSTALL}")

    from playwright.sync_api import Error, sync_playwright

    started = time.perf_counter()
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Error as error:
        playwright.stop()
        pytest.fail(f"{CHROMIUM} is installed but would not start: {error}", pytrace=False)
    pytestconfig.stash[STARTUP_KEY] = (
        f"browser tests: Chromium {chromium.version} started in "
        f"{time.perf_counter() - started:.2f} s"
    )
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def artefacts(request: pytest.FixtureRequest) -> Path:
    """This test's screenshot folder, emptied of an earlier run's pictures."""
    root = os.environ.get(SCREENSHOTS_VARIABLE, "").strip()
    base = Path(root) if root else request.config.rootpath / "test-artefacts" / "screenshots"
    folder = base / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.nodeid).strip("-")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def viewer_headers() -> dict[str, str]:
    """Who the page's requests come from: the public (no headers) unless a test says."""
    return {}


@pytest.fixture
def page(
    browser: Browser,
    live_server: LiveServer,
    artefacts: Path,
    viewer_headers: dict[str, str],
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """A page in a fresh context (no cookies or storage from other tests) on the live server,
    every request of it carrying ``viewer_headers``."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 800},
        extra_http_headers=viewer_headers,
    )
    context.set_default_timeout(TIMEOUT_MS)
    external: list[str] = []

    def refuse_external(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and (
            urlsplit(url).hostname not in LOOPBACK
        ):
            external.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", refuse_external)
    page = context.new_page()
    yield page
    try:
        call = request.node.stash.get(REPORTS_KEY, {}).get("call")
        if call is not None and call.failed:
            page.screenshot(path=artefacts / "failure.png", full_page=True)
    finally:
        context.close()
    if external:
        pytest.fail(
            "the page asked for resources off this machine (serve them from the app):\n"
            + "\n".join(f"  {url}" for url in external),
            pytrace=False,
        )


@pytest.fixture
def screenshot(page: Page, artefacts: Path) -> Callable[[str], Path]:
    """``screenshot("step")`` saves the page as ``NN-step.png``, numbered in journey order."""
    taken = 0

    def take(step: str) -> Path:
        nonlocal taken
        taken += 1
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-") or "step"
        path = artefacts / f"{taken:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


# Accessibility ---------------------------------------------------------------------------


def _describe(violation: dict[str, Any]) -> str:
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}"]
    lines.append(f"  {violation['helpUrl']}")
    for node in violation["nodes"]:
        html = " ".join(node.get("html", "").split())
        lines.append(f"  at {', '.join(map(str, node['target']))}: {html[:160]}")
        summary = node.get("failureSummary") or ""
        lines.extend(f"      {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


@pytest.fixture
def check_accessibility(browser: Browser, artefacts: Path) -> Callable[[Page], None]:
    """``check_accessibility(page)`` fails the test on any serious or critical axe-core
    violation on the page as it stands; the lesser ones are best fixed but do not fail."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: Page) -> None:
        violations = axe.run(page).response["violations"]
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        if not failing:
            return
        (artefacts / "axe-violations.json").write_text(json.dumps(violations, indent=2))
        lesser = len(violations) - len(failing)
        pytest.fail(
            f"axe-core found {len(failing)} serious or critical accessibility violation(s) "
            f"on {page.url}"
            + (f" (and {lesser} lesser, not failed on)" if lesser else "")
            + ":\n"
            + "\n".join(_describe(v) for v in failing)
            + f"\nEvery violation, and screenshots: {artefacts}",
            pytrace=False,
        )

    return check
