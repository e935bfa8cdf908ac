"""The browser-test machinery, proved end to end before any real page leans on it: Chromium
loads a page from the live server, the page reads the API on the synthetic warehouse,
keyboard focus moves as a keyboard user expects, and axe-core both passes a sound page and
catches a broken one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from oneworkforce.config import Settings
from oneworkforce.web import create_app

if TYPE_CHECKING:
    from pathlib import Path

    from fastapi import FastAPI
    from playwright.sync_api import Page

    from tests.web.browser.conftest import LiveServer

# A page as the NHS.UK pages will be built: skip link, landmarks, labelled controls, and
# figures fetched from the JSON API by the page itself.
SMOKE_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Warehouse status - OneWorkforce</title></head>
<body>
<a id="skip" href="#main">Skip to main content</a>
<header><nav aria-label="Primary"><a id="home" href="/smoke">OneWorkforce</a></nav></header>
<main id="main" tabindex="-1">
  <h1>Warehouse status</h1>
  <p id="staff-in-post" aria-live="polite">Loading</p>
  <form>
    <label for="metric">Metric</label>
    <input id="metric" name="metric" type="text">
    <button id="show" type="submit">Show</button>
  </form>
</main>
<script>
fetch("/api/status").then(r => r.json()).then(status => {
  const sip = status.extracts.find(e => e.extract === "staff_in_post");
  document.getElementById("staff-in-post").textContent =
    `Staff in post: ${sip.rows} rows from ${sip.organisations} organisations`;
});
</script>
</body>
</html>
"""

# Every fault here is serious or critical to axe-core: no language, no title, an image with
# no text alternative, a text box with no label.
BROKEN_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head>
<body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input type="text"></main></body></html>
"""


@pytest.fixture(scope="module")
def smoke_server(api_settings: Settings, serve_app: Callable[[FastAPI], LiveServer]) -> LiveServer:
    """The real app, with the smoke page added to this module's instance only."""
    app = create_app(api_settings)
    app.add_api_route("/smoke", lambda: HTMLResponse(SMOKE_PAGE), include_in_schema=False)
    return serve_app(app)


def focused(page: Page) -> str:
    return page.evaluate("document.activeElement.id")


def test_page_on_the_live_server_is_keyboard_usable_and_accessible(
    page: Page,
    smoke_server: LiveServer,
    client: TestClient,
    screenshot: Callable[[str], Path],
    check_accessibility: Callable[[Page], None],
) -> None:
    sip = next(
        e for e in client.get("/api/status").json()["extracts"] if e["extract"] == "staff_in_post"
    )

    response = page.goto(f"{smoke_server.url}/smoke")
    assert response is not None and response.ok
    page.wait_for_function(
        "!document.getElementById('staff-in-post').textContent.startsWith('Loading')"
    )
    assert page.text_content("#staff-in-post") == (
        f"Staff in post: {sip['rows']} rows from {sip['organisations']} organisations"
    )
    screenshot("opened")
    check_accessibility(page)

    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(focused(page))
    assert order == ["skip", "home", "metric", "show"]
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "metric"
    screenshot("tabbed through the page")

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "skip"
    page.keyboard.press("Enter")
    assert focused(page) == "main"
    screenshot("skipped to main content")


def test_check_accessibility_fails_on_serious_and_critical_violations(
    page: Page, check_accessibility: Callable[[Page], None]
) -> None:
    page.set_content(BROKEN_PAGE)
    with pytest.raises(pytest.fail.Exception) as failure:
        check_accessibility(page)
    report = str(failure.value)
    for rule in (
        "document-title (serious)",
        "html-has-lang (serious)",
        "image-alt (critical)",
        "label (critical)",
    ):
        assert rule in report
    assert '<input type="text">' in report
