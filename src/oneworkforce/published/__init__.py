"""Published national statistics, imported beside (never into) the partners' own data."""

from oneworkforce.published.sickness import (
    PublishedImport,
    compare_sickness,
    import_sickness_rates,
    published_sickness,
    published_tables,
)

__all__ = [
    "PublishedImport",
    "compare_sickness",
    "import_sickness_rates",
    "published_sickness",
    "published_tables",
]
