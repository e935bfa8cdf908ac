"""Where the pages' static files come from: all of them from this machine, none from a CDN.

- ``static/build/``: the NHS.UK frontend's stylesheet, script and images, built by
  ``scripts/build-frontend.sh`` (``make setup``); build output, so a checkout that has not
  run it has none, and pages say so (``missing_assets``) instead of rendering unstyled.
- ``static/oneworkforce.js``: our page script (charts, NHS.UK components).
- plotly.js: the file the ``plotly`` Python package ships, served as it is.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().with_name("static")
BUILD_DIR = STATIC_DIR / "build"
STYLESHEET = "oneworkforce.css"
BUILT_FILES = (STYLESHEET, "nhsuk-frontend.min.js", "assets/images/favicon.svg")
STATIC_URL = "/static"
ASSET_URL = f"{STATIC_URL}/build/assets"
PLOTLY_URL = f"{STATIC_URL}/vendor/plotly.min.js"


def missing_assets(build_dir: Path = BUILD_DIR) -> str | None:
    """Why the pages cannot be shown (the built assets are missing), or None when they can."""
    missing = [name for name in BUILT_FILES if not (build_dir / name).is_file()]
    if not missing:
        return None
    return (
        f"The web pages' stylesheet and scripts have not been built ({', '.join(missing)} "
        f"missing from {build_dir}). Run `make setup`, or `bash scripts/build-frontend.sh` "
        "in the checkout, then restart `oneworkforce serve`. The JSON API under /api works "
        "without them."
    )


def plotly_js() -> Path:
    """The minified plotly.js the ``plotly`` package ships."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))
