"""`oneworkforce serve`: the API on a real server, as a user starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from tests.cli.test_cli import run

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(home, *args: str, wait_for: str, seconds: float = 240) -> tuple[subprocess.Popen, str]:
    """`oneworkforce ARGS` running in the background, once its output shows ``wait_for``;
    the process and its output so far."""
    process = subprocess.Popen(
        [sys.executable, "-m", "oneworkforce", *args],
        env=os.environ | {"ONEWORKFORCE_HOME": str(home), "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + seconds
    while wait_for not in "".join(lines):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            reader.join(timeout=5)
            pytest.fail(
                f"`oneworkforce {' '.join(args)}` never said {wait_for!r}:\n{''.join(lines)}"
            )
        time.sleep(0.2)
    return process, "".join(lines)


def test_serve_answers_on_the_port_it_was_given(tmp_path):
    home = tmp_path / "home"
    run(home, "init")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "oneworkforce", "serve", "--port", str(port)],
        env=os.environ | {"ONEWORKFORCE_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/status", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert response.status_code == 200
        assert {"staff_in_post", "organisations"} <= {
            e["extract"] for e in response.json()["extracts"]
        }
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "/api/docs" in output and "Traceback" not in output


def test_serve_needs_a_home_set_up(tmp_path):
    done = run(tmp_path / "new", "serve", check_code=1)
    assert "oneworkforce init" in done.stderr
