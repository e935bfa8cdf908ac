"""`oneworkforce demo`: synthesise, load and summarise, in its own home folder."""

from __future__ import annotations

import re

import httpx

from tests.cli.test_cli import run
from tests.cli.test_serve import free_port, start


def test_demo_synthesises_loads_and_summarises_then_reuses(tmp_path):
    home = tmp_path / "home"
    first = run(home, "demo", "--staff", "1200", "--months", "6", "--no-serve").stdout
    assert "Synthesising a demo ICS" in first
    loaded = re.search(r"([\d,]+) rows read = ([\d,]+) loaded \+ 0 quarantined", first)
    assert loaded and loaded.group(1) == loaded.group(2)
    assert re.search(r"Staff in post 2026-03: [\d,]+ people", first)
    assert (home / "demo" / "warehouse.duckdb").exists()
    assert not (home / "warehouse.duckdb").exists(), "the demo keeps away from real data"

    second = run(home, "demo", "--staff", "1200", "--months", "6", "--no-serve").stdout
    assert "Using the demo ICS already" in second
    status = run(home / "demo", "status", "--json").stdout
    assert '"extract": "staff_in_post"' in status


def test_demo_ends_by_serving_the_dashboard_and_saying_where(tmp_path):
    home = tmp_path / "home"
    port = free_port()
    server, lines = start(
        home, "demo", "--staff", "600", "--months", "3", "--port", str(port), wait_for="Ctrl+C"
    )
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", lines).group(0)
        assert url == f"http://127.0.0.1:{port}/"
        page = httpx.get(url, timeout=60)
        assert page.status_code == 200 and "Staff in post" in page.text
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_serving_says_so_when_the_port_is_taken(tmp_path):
    import socket

    run(tmp_path / "home", "init")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run(tmp_path / "home", "serve", "--port", str(port), check_code=2)
    assert f"Cannot serve on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
