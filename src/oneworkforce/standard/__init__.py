"""Data standard v1: extract definitions, column types and code lists."""

from oneworkforce.errors import OneWorkforceError
from oneworkforce.standard.extracts import EXTRACTS
from oneworkforce.standard.model import Column, Extract, normalise_header

__all__ = ["EXTRACTS", "Column", "Extract", "get_extract", "normalise_header"]


def get_extract(name: str) -> Extract:
    """The extract called ``name``, with a helpful message if there is none."""
    key = normalise_header(name)
    if key in EXTRACTS:
        return EXTRACTS[key]
    known = ", ".join(EXTRACTS)
    raise OneWorkforceError(f"Unknown extract '{name}'. The data standard has: {known}.")
