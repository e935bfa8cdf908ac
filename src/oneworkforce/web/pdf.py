"""HTML to PDF with WeasyPrint, fetching nothing: the print template carries its styles inline
and its charts as ``data:`` URIs, and any other address it might name is refused, so a PDF
never depends on (or leaks to) another server.

WeasyPrint needs the Pango library from the system (Debian: ``libpango-1.0-0`` and
``libpangoft2-1.0-0``). It is imported only when a PDF is asked for, so the rest of the app
runs without it, and its absence becomes a 503 with the fix, not a traceback."""

from __future__ import annotations

import logging
import threading
from typing import Any

from oneworkforce.errors import ConfigurationError

log = logging.getLogger(__name__)
LOCAL_SCHEMES = ("data:",)
MISSING = (
    "PDFs cannot be made on this server: WeasyPrint, or the Pango library it needs, is "
    "missing ({problem}). On Debian or Ubuntu install them with `apt-get install "
    "libpango-1.0-0 libpangoft2-1.0-0` and `pip install weasyprint` (docs/web.md), then restart "
    "`oneworkforce serve`. Meanwhile the HTML board pack prints to PDF from the browser."
)


# One PDF at a time: layout is CPU-bound under the GIL anyway, and Pango and fontconfig have
# crashed under concurrent use in other deployments.
_RENDER = threading.Lock()


class PdfUnavailableError(ConfigurationError):
    """WeasyPrint or the system libraries it needs are not installed (answered as 503)."""


def require() -> Any:
    """WeasyPrint, imported; or PdfUnavailableError saying what to install. The route calls
    this first, so a server without it answers at once, before working out any figures."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: a system library failed to load
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PdfUnavailableError(MISSING.format(problem=problem)) from exc
    return weasyprint


def _local_fetcher(weasyprint: Any, asked: list[str]) -> Any:
    """A URL fetcher that serves ``data:`` URIs and refuses every other address (WeasyPrint
    then leaves the resource out and logs a warning)."""

    class LocalFetcher(weasyprint.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            asked.append(url)
            if not url.startswith(LOCAL_SCHEMES):
                log.warning("PDF: refused to fetch %s (only inline resources are used)", url)
                raise ValueError(f"not fetched: {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("data",))


def html_to_pdf(html: str, asked: list[str] | None = None) -> bytes:
    """The PDF of a self-contained HTML document. ``asked`` collects every URL WeasyPrint
    asked for (each refused unless inline), so tests can see that nothing was fetched."""
    weasyprint = require()
    fetcher = _local_fetcher(weasyprint, asked if asked is not None else [])
    with _RENDER:
        document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
        return document.write_pdf(pdf_tags=True)  # tagged: headings, tables, alt text
