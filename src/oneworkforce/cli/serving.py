"""Serving the dashboard, for `oneworkforce serve` and the end of `oneworkforce demo`."""

from __future__ import annotations

import socket

from oneworkforce.cli import output
from oneworkforce.config import Settings
from oneworkforce.errors import ConfigurationError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_dashboard(settings: Settings, host: str, port: int, what: str = "OneWorkforce") -> None:
    """Serve the web pages and their API until interrupted, after saying where."""
    import uvicorn

    from oneworkforce.web import create_app
    from oneworkforce.web.assets import missing_assets

    _check_port_free(host, port)
    if host not in LOOPBACK:
        output.warn(
            "the API trusts the X-OneWorkforce-Role and X-OneWorkforce-Org headers: put a "
            "proxy that signs people in and sets them in front of it (see docs/api.md)."
        )
    missing = missing_assets()
    if missing:
        output.warn(missing)
    shown = f"[{host}]" if ":" in host else host
    output.console.print(
        f"{what}: http://{shown}:{port}/ (API docs: /api/docs). Press Ctrl+C to stop."
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _check_port_free(host: str, port: int) -> None:
    """A clear message, not a server error, when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigurationError(
                f"Cannot serve on {host}:{port}: {exc.strerror or exc}. Choose another port "
                "with --port."
            ) from None
