"""The dashboard's journeys as people take them, in Chromium against the live server: every
figure a page shows is read off the rendered page and checked against the page's JSON twin
for the same viewer, every step is a click or a key press on the page itself (no ``goto``
after the first page), and every page visited passes axe-core.

Figures are compared as the page writes them (``web.formatting``): the twin holds them in
full, so a page that rounded, hid or mislabelled a figure differently would fail here. The
CSV download is compared in full, figure for figure."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from oneworkforce.web import formatting as fmt
from oneworkforce.web.pages.metric import POINT_WORDS, RULE_WORDS
from tests.web.conftest import viewer

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Locator, Page

PUBLIC: dict[str, str] = {}
ORG = "SYNA1"  # an acute trust of the synthetic ICS, with every staff group
ORG_LEAD = viewer("org_lead", ORG)
ANALYST = viewer("ics_analyst")
ROLE_WORDS = {
    "public": "Viewing as the public",
    "org_lead": f"Viewing as the workforce lead of {ORG}",
    "ics_analyst": "Viewing as an ICS analyst",
}

Shot = Callable[[str], "Path"]
Axe = Callable[["Page"], None]

# Each body row of a page's table: its cells' text as a screen reader gets it (icons are
# aria-hidden, so their letters are left out) and each cell's link, keyed by ``data-key``
# (the row header is "first").
READ_TABLE = """name => {
  const table = document.querySelector(`table[data-table="${name}"]`);
  if (!table) return null;
  const text = element => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll("svg").forEach(icon => icon.remove());
    return copy.textContent.replace(/\\s+/g, " ").trim();
  };
  return {
    caption: text(table.caption),
    rows: [...table.tBodies[0].rows].map(row => {
      const cells = {}, links = {};
      for (const cell of row.cells) {
        const key = cell.dataset.key || "first";
        cells[key] = text(cell);
        const link = cell.querySelector("a");
        if (link) links[key] = link.getAttribute("href");
      }
      return {cells, links};
    }),
  };
}"""


@dataclass(frozen=True)
class Shown:
    """A table as the page shows it."""

    caption: str
    cells: list[dict[str, str]]
    links: list[dict[str, str]]


def read_table(page: Page, name: str) -> Shown:
    found = page.evaluate(READ_TABLE, name)
    assert found is not None, f"{page.url} has no table {name!r}"
    rows = found["rows"]
    return Shown(found["caption"], [r["cells"] for r in rows], [r["links"] for r in rows])


def twin(page: Page, path: str, **params: str) -> dict[str, Any]:
    """The JSON twin, asked through the page's own context: the same server, the same viewer
    headers, so the same viewer as the page."""
    response = page.request.get(path, params=params)
    assert response.ok, f"{path} {params}: {response.status} {response.text()[:500]}"
    return response.json()


def target_of(href: str) -> tuple[str, dict[str, str]]:
    """A link's path and query, decoded, so the same link written either way compares equal."""
    parts = urlsplit(href)
    return parts.path, dict(parse_qsl(parts.query))


def slice_of(href: str) -> dict[str, str]:
    """The slice a link's ``where`` names, as a mapping."""
    where = target_of(href)[1].get("where", "")
    return dict(part.split("=", 1) for part in where.split(",") if part)


def link_slice(href: str) -> tuple[str, dict[str, str]]:
    return target_of(href)[0], slice_of(href)


def text_of(locator: Locator) -> str:
    return " ".join(locator.inner_text().split())


def follow(page: Page, link: Locator, url: str | re.Pattern[str]) -> None:
    """Click a link as a person would and wait for the page it leads to."""
    link.click()
    page.wait_for_url(url)


def choose_scope(page: Page, where: str, button: str) -> None:
    """Pick a scope in the page's form and submit it, leaving the rest of the form empty, as
    a person would."""
    page.get_by_label("Scope", exact=True).select_option(value=where)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(lambda url: dict(parse_qsl(urlsplit(url).query)).get("where") == where)


def shifted(month: str, by: int) -> str:
    year, number = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + by, 12)
    return f"{year:04d}-{number + 1:02d}"


def headline_words(value: float | None, unit: str, month: str | None) -> str:
    """The big figure at the top of a metric or drill-down page."""
    return f"{fmt.number(value, unit)} in {fmt.month_name(month)}"


def headline_cells(headline: dict[str, Any]) -> dict[str, str]:
    """An overview or board pack headline row as the page must write it."""
    spc, unit = headline["spc"] or {}, headline["unit"]
    goal = spc.get("target")
    return {
        "first": headline["name"],
        "value": fmt.number(headline["value"], unit),
        "month": fmt.month_name(headline["month"]),
        "variation": fmt.variation(spc.get("variation")),
        "assurance": fmt.assurance(spc["assurance"]) if spc.get("assurance") else "no target",
        "target": "none set" if goal is None else fmt.number(goal, unit),
        "target_status": headline["target"]["status"] if headline["target"] else "none set",
    }


def assert_headlines(shown: Shown, headlines: list[dict[str, Any]], where: str) -> None:
    assert shown.cells == [headline_cells(h) for h in headlines]
    for links, h in zip(shown.links, headlines, strict=True):
        assert target_of(links["first"]) == (
            f"/metrics/{h['metric']}",
            {"where": where} if where else {},
        )
    # Not a table of blanks: the fixture has figures for most headline metrics.
    assert sum(h["value"] is not None for h in headlines) >= 5


def assert_viewer(page: Page, answer: dict[str, Any], role: str) -> None:
    """The page and its twin were answered for the viewer the test asked as."""
    assert answer["viewer"]["role"] == role
    assert text_of(page.locator(".owf-viewer")).startswith(ROLE_WORDS[role])


def assert_json_link(page: Page, path: str, params: dict[str, str]) -> None:
    """The page's link to its JSON twin asks the twin the test compared against, with no
    empty form fields carried over (the API reads ``to=`` as a malformed month)."""
    href = page.get_by_role("link", name="This page as JSON").get_attribute("href") or ""
    assert target_of(href) == (path, params)


@pytest.fixture(autouse=True)
def script_errors(page: Page) -> Iterator[list[str]]:
    """Fail a journey on any script error or failed request in the browser: a page whose
    chart script broke would still show its tables, and nothing else would notice."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    yield errors
    assert not errors, "\n".join(errors)


# 1. The overview ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer_headers", "role", "where"),
    [
        pytest.param(PUBLIC, "public", "", id="public-system"),
        pytest.param(ORG_LEAD, "org_lead", f"org={ORG}", id="org-lead-own-org"),
        pytest.param(ANALYST, "ics_analyst", "place=Riverford", id="analyst-place"),
    ],
)
def test_overview_shows_the_headline_figures_of_its_twin(
    page: Page, role: str, where: str, screenshot: Shot, check_accessibility: Axe
) -> None:
    page.goto("/")
    screenshot("overview")
    check_accessibility(page)
    if where:
        choose_scope(page, where, "Show")
        screenshot(f"overview for {where}")
        check_accessibility(page)

    answer = twin(page, "/api/overview", **({"where": where} if where else {}))
    assert_viewer(page, answer, role)
    assert_json_link(page, "/api/overview", {"where": where} if where else {})
    assert answer["where"] == slice_of(f"?where={where}")
    names = {o["org"]: o["name"] for o in twin(page, "/api/organisations")["organisations"]}
    scope = fmt.slice_words(answer["where"], names)
    assert text_of(page.locator("h1 .nhsuk-caption-l")) == scope
    shown = read_table(page, "headlines")
    assert shown.caption == f"Headline metrics for {scope}"
    assert_headlines(shown, answer["headlines"], where)
    # The metrics with no figures are listed with the reason, rather than left blank.
    problems = [f"{h['name']}: {h['problem']}" for h in answer["headlines"] if h["problem"]]
    assert problems, "the fixture has metrics with no figures; the list must show them"
    listed = page.locator("h2:text-is('Metrics without a chart') + ul > li")
    assert [" ".join(t.split()) for t in listed.all_inner_texts()] == problems


# 2. The drill-down ----------------------------------------------------------------------------


def pick(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The slice to go down into: the largest shown, so its figures are not hidden."""
    shown = [r for r in rows if r["value"] is not None]
    assert shown, "every slice is hidden: nothing to drill into"
    return max(shown, key=lambda r: r["value"])


def assert_drill_page(page: Page, answer: dict[str, Any], metric: str) -> None:
    top = answer["headline"]
    unit = top["unit"]
    assert text_of(page.locator(".owf-headline")) == headline_words(
        top["value"], unit, top["month"]
    )
    shown = read_table(page, "slices")
    assert shown.cells == [
        {
            "first": r["label"],
            "value": fmt.number(r["value"], unit, r["suppressed"]),
            "month": fmt.month_name(r["month"]),
            "variation": fmt.variation(r["variation"]),
            "chart": f"SPC chart of {r['label']}",
        }
        for r in answer["rows"]
    ]
    for links, r in zip(shown.links, answer["rows"], strict=True):
        if r["can_drill"]:
            assert link_slice(links["first"]) == (f"/drill/{metric}", r["where"])
        else:
            assert "first" not in links
        assert link_slice(links["chart"]) == (f"/metrics/{metric}", r["where"])


@pytest.mark.parametrize(
    ("viewer_headers", "role"),
    [
        pytest.param(PUBLIC, "public", id="public"),
        pytest.param(ANALYST, "ics_analyst", id="analyst"),
    ],
)
def test_drill_down_from_the_system_to_a_staff_group_by_clicking(
    page: Page, role: str, screenshot: Shot, check_accessibility: Axe
) -> None:
    metric = "headcount"
    page.goto("/")
    follow(
        page,
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Drill down"),
        f"**/drill/{metric}",
    )
    where: dict[str, str] = {}
    hidden = 0
    for level in ("place", "org", "staff_group"):
        query = fmt.query_slice(where)
        answer = twin(page, f"/api/drill/{metric}", where=query)
        assert_viewer(page, answer, role)
        assert (answer["where"], answer["level"]) == (where, level)
        assert_json_link(page, f"/api/drill/{metric}", {"where": query} if query else {})
        assert_drill_page(page, answer, metric)
        hidden += sum(r["suppressed"] for r in answer["rows"])
        screenshot(f"drill down by {level}")
        check_accessibility(page)

        row = pick(answer["rows"])
        table = page.locator('table[data-table="slices"]')
        if row["can_drill"]:
            link = table.get_by_role("link", name=row["label"], exact=True)
            follow(page, link, re.compile(rf"/drill/{metric}\?where="))
        else:  # the lowest level: a staff group's figures are on its metric page
            assert level == "staff_group"
            link = table.get_by_role("link", name=f"SPC chart of {row['label']}", exact=True)
            follow(page, link, re.compile(rf"/metrics/{metric}\?where="))
        assert slice_of(page.url) == row["where"]
        where = row["where"]

    # The staff group's own page ends on the figure its row showed.
    bottom = twin(page, f"/api/drill/{metric}", where=fmt.query_slice(where))
    assert bottom["level"] is None
    top = bottom["headline"]
    assert (top["value"], top["month"]) == (row["value"], row["month"])
    assert text_of(page.locator(".owf-headline")) == headline_words(
        top["value"], top["unit"], top["month"]
    )
    screenshot("staff group")
    check_accessibility(page)
    # The public see small groups hidden on the way down; an analyst sees every one.
    assert (hidden > 0) == (role == "public")


# 3 and 4. A metric page and its CSV -----------------------------------------------------------


def assert_points_table(shown: Shown, points: list[dict[str, Any]], unit: str) -> None:
    assert shown.cells == [
        {
            "first": fmt.month_name(p["month"]),
            "value": fmt.number(p["value"], unit),
            "mean": fmt.number(p["mean"], unit),
            "lower": fmt.number(p["lower"], unit),
            "upper": fmt.number(p["upper"], unit),
            "signal": POINT_WORDS[p["point_type"]],
            "rules_text": ", ".join(RULE_WORDS[r] for r in p["rules"]),
        }
        for p in points
    ]


def assert_downloaded_points(rows: list[dict[str, str]], points: list[dict[str, Any]]) -> None:
    """The CSV holds the API's points with the figures in full, not as the page rounds them."""
    figures = ("value", "mean", "lower", "upper", "near_lower", "near_upper")
    assert [r["month"] for r in rows] == [p["month"] for p in points]
    for row, point in zip(rows, points, strict=True):
        assert {k: float(row[k]) for k in figures} == {k: point[k] for k in figures}
        assert row["point_type"] == point["point_type"]
        assert row["signal"] == POINT_WORDS[point["point_type"]]
        assert row["rules_text"] == ", ".join(RULE_WORDS[r] for r in point["rules"])
        assert (int(row["period"]), row["baseline"]) == (point["period"], str(point["baseline"]))


@pytest.mark.parametrize(
    ("viewer_headers", "role", "where", "name"),
    [
        pytest.param(PUBLIC, "public", "", "Sickness absence rate", id="public-system"),
        pytest.param(
            ORG_LEAD, "org_lead", f"org={ORG}", "Staff in post (headcount)", id="org-lead-own-org"
        ),
    ],
)
def test_metric_page_and_its_csv_match_the_spc_twin(
    page: Page,
    role: str,
    where: str,
    name: str,
    screenshot: Shot,
    check_accessibility: Axe,
) -> None:
    page.goto("/")
    if where:
        choose_scope(page, where, "Show")
    headlines = twin(page, "/api/overview", **({"where": where} if where else {}))["headlines"]
    metric = next(h for h in headlines if h["name"] == name)
    follow(
        page,
        page.locator('table[data-table="headlines"]').get_by_role("link", name=name, exact=True),
        re.compile(rf"/metrics/{metric['metric']}(\?|$)"),
    )
    assert slice_of(page.url) == slice_of(f"?where={where}")
    page.wait_for_selector("#spc-chart .main-svg")  # the chart is drawn, from local assets
    screenshot("metric page")
    check_accessibility(page)

    chart = twin(
        page, f"/api/metrics/{metric['metric']}/spc", **({"where": where} if where else {})
    )
    assert_viewer(page, chart, role)
    assert_json_link(
        page, f"/api/metrics/{metric['metric']}/spc", {"where": where} if where else {}
    )
    points, unit = chart["points"], metric["unit"]
    assert len(points) >= 12, "too few points for the journey to prove anything"
    last = points[-1]
    assert text_of(page.locator("h1")).startswith(name)
    assert text_of(page.locator(".owf-headline")) == headline_words(
        last["value"], unit, last["month"]
    )
    # The overview's figure is the chart's last point.
    assert (metric["value"], metric["month"]) == (last["value"], last["month"])
    assert page.locator(".owf-signal > span").all_inner_texts()[0] == fmt.variation(
        chart["variation"]
    )
    assert_points_table(read_table(page, "spc"), points, unit)

    # The chart: labelled with its summary, which is shown beside it, and drawn from the
    # same figures as the table.
    drawn = page.locator("#spc-chart")
    assert drawn.get_attribute("role") == "img"
    summary = text_of(page.locator("#spc-chart-summary"))
    assert drawn.get_attribute("aria-label") == summary
    for words in (
        headline_words(last["value"], unit, last["month"]),
        f"{len(points)} months charted",
        fmt.variation(chart["variation"]),
        f"limits from {fmt.number(last['lower'], unit)} to {fmt.number(last['upper'], unit)}",
    ):
        assert words in summary
    assert drawn.evaluate("chart => chart.data[0].y") == [p["value"] for p in points]

    # 4. The figures table's CSV link downloads the same rows.
    wrap = page.locator('.owf-table-wrap:has(table[data-table="spc"])')
    with page.expect_download() as started:
        wrap.get_by_role("link", name=re.compile(r"^CSV")).click()
    download = started.value
    assert download.failure() is None
    assert download.suggested_filename == "metrics-spc.csv"
    with open(download.path(), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert_downloaded_points(rows, points)
    screenshot("after the download")


# 5. The board pack ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewer_headers", [ANALYST], ids=["analyst"])
def test_board_pack_made_through_its_form_matches_its_twin(
    page: Page, screenshot: Shot, check_accessibility: Axe
) -> None:
    page.goto("/")
    follow(
        page,
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Board pack"),
        "**/board-pack",
    )
    check_accessibility(page)
    screenshot("board pack, latest month")

    latest = next(
        e["last_month"]
        for e in twin(page, "/api/status")["extracts"]
        if e["extract"] == "staff_in_post"
    )
    month, place = shifted(latest, -2), "Riverford"  # not the default, so the form must count
    page.get_by_label("Scope", exact=True).select_option(label=f"Place: {place}")
    page.get_by_label("Month", exact=True).fill(month)
    page.get_by_role("button", name="Make the pack").click()
    page.wait_for_url(re.compile(rf"month={month}"))
    page.wait_for_selector(".owf-chart .main-svg")
    screenshot(f"board pack for {place}, {month}")
    check_accessibility(page)

    where = f"place={place}"
    pack = twin(page, "/api/board-pack", where=where, month=month)
    assert_viewer(page, pack, "ics_analyst")
    assert_json_link(page, "/api/board-pack", {"where": where, "month": month})
    assert (pack["where"], pack["end"]) == ({"place": place}, month)
    assert text_of(page.locator("h1 .nhsuk-caption-l")) == (
        f"{place} (place), {fmt.month_name(month)}"
    )
    headlines = pack["headlines"]
    assert_headlines(read_table(page, "headlines"), headlines, where)
    assert max(h["month"] for h in headlines if h["month"]) == month

    charted = [h for h in headlines if h["spc"] and h["spc"]["points"]]
    sections = page.locator("section:has(.owf-chart)")
    assert sections.count() == len(charted)
    for section, h in zip(sections.all(), charted, strict=True):
        assert text_of(section.locator("h2")) == h["name"]
        assert text_of(section.locator(".owf-headline")) == headline_words(
            h["value"], h["unit"], h["month"]
        )
    targets = [row["first"] for row in read_table(page, "targets").cells]
    assert targets == ([t["name"] for t in pack["targets"]] or ["No rows."])


# 6. The keyboard ------------------------------------------------------------------------------


# The focused link's look beside another link of the same kind that is not focused. A ring
# is a box shadow or an outline that can be seen: NHS.UK gives focused links a transparent
# outline (for Windows' high contrast mode), which on its own shows nothing.
FOCUS_STYLE = r"""link => {
  const look = element => {
    const s = getComputedStyle(element);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 &&
      !/^(transparent|rgba\(.*,\s*0\))$/.test(s.outlineColor);
    return {ring: s.boxShadow !== "none" || outline, boxShadow: s.boxShadow,
            outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            background: s.backgroundColor, colour: s.color};
  };
  const other = [...document.querySelectorAll("main a[href^='/metrics/']")].find(a => a !== link);
  return {focusVisible: link.matches(":focus-visible"), focused: look(link),
          unfocused: other ? look(other) : null};
}"""

# Keyboard activation is a click with detail 0; a mouse's has 1 or more, after a mousedown.
RECORD_POINTER = """() => {
  sessionStorage.setItem("mouse", "0");
  addEventListener("mousedown", () => sessionStorage.setItem("mouse", "1"), true);
  addEventListener("click", e => sessionStorage.setItem("click", String(e.detail)), true);
}"""


def focused(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          return {tag: e.tagName.toLowerCase(), id: e.id, href: e.getAttribute("href"),
                  text: e.textContent.replace(/\\s+/g, " ").trim(),
                  inMain: !!e.closest("#maincontent"),
                  visible: e.getBoundingClientRect().width > 1 && e.getBoundingClientRect().height > 1};
        }"""
    )


def test_keyboard_alone_skips_to_the_content_and_opens_a_metric(
    page: Page, screenshot: Shot, check_accessibility: Axe
) -> None:
    page.goto("/")
    check_accessibility(page)
    page.evaluate(RECORD_POINTER)

    page.keyboard.press("Tab")
    skip = focused(page)
    assert (skip["text"], skip["href"], skip["visible"]) == (
        "Skip to main content",
        "#maincontent",
        True,
    )
    screenshot("skip link focused")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "maincontent"
    screenshot("skipped to the main content")

    stops: list[dict[str, Any]] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if (stops[-1]["href"] or "").startswith("/metrics/"):
            break
    link = stops[-1]
    assert (link["href"] or "").startswith("/metrics/"), f"no metric link in {stops}"
    # The skip link skipped the header: every stop after it is in the main content.
    assert all(stop["inMain"] for stop in stops), stops
    style = page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
    assert style["focusVisible"] and style["unfocused"] is not None, style
    ring, plain = style["focused"], style["unfocused"]
    assert ring["ring"] and not plain["ring"], style
    assert ring["background"] != plain["background"] or ring["colour"] != plain["colour"], style
    screenshot("metric link focused")

    page.keyboard.press("Enter")
    path = target_of(link["href"])[0]
    page.wait_for_url(lambda url: urlsplit(url).path == path)
    assert text_of(page.locator("h1")).startswith(link["text"])
    assert page.evaluate("[sessionStorage.mouse, sessionStorage.click]") == ["0", "0"]
    screenshot("metric page opened by keyboard")
    check_accessibility(page)
