"""The web application (FastAPI): a JSON API over the library, never the reverse."""

from oneworkforce.web.app import create_app

__all__ = ["create_app"]
