"""`oneworkforce demo`: synthesise, load and summarise, in its own home folder."""

from __future__ import annotations

import re

from tests.cli.test_cli import run


def test_demo_synthesises_loads_and_summarises_then_reuses(tmp_path):
    home = tmp_path / "home"
    first = run(home, "demo", "--staff", "1200", "--months", "6").stdout
    assert "Synthesising a demo ICS" in first
    loaded = re.search(r"([\d,]+) rows read = ([\d,]+) loaded \+ 0 quarantined", first)
    assert loaded and loaded.group(1) == loaded.group(2)
    assert re.search(r"Staff in post 2026-03: [\d,]+ people", first)
    assert (home / "demo" / "warehouse.duckdb").exists()
    assert not (home / "warehouse.duckdb").exists(), "the demo keeps away from real data"

    second = run(home, "demo", "--staff", "1200", "--months", "6").stdout
    assert "Using the demo ICS already" in second
    status = run(home / "demo", "status", "--json").stdout
    assert '"extract": "staff_in_post"' in status
