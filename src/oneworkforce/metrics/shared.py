"""Intermediate tables that several metrics share, computed once when metrics run as a pack.

The leaver rate, the stability index and the leaver count of one scope all come from the same
snapshot comparison; the vacancy measures from the same establishment-against-staff join.
Computed one metric at a time, each repeats that work. ``shared_intermediates`` wraps the
warehouse tables so that the first metric to need an intermediate materialises it on the
engine (Ibis ``cache``: a temporary table on DuckDB, a cached DataFrame on Spark) and the
rest read it. Outside a pack the intermediates are plain expressions, so nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager

import ibis

from oneworkforce.metrics.model import Tables


class PackTables(Mapping[str, ibis.Table]):
    """Warehouse tables plus the intermediates materialised from them so far."""

    def __init__(self, tables: Tables) -> None:
        self._tables = dict(tables)
        self.intermediates: dict[Hashable, ibis.Table] = {}

    def __getitem__(self, name: str) -> ibis.Table:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def release(self) -> None:
        """Drop every materialised intermediate from the engine."""
        for table in self.intermediates.values():
            table.release()
        self.intermediates.clear()


def reuse(tables: Tables, key: Hashable, build: Callable[[], ibis.Table]) -> ibis.Table:
    """``build()``, materialised once per pack under ``key``; a plain expression otherwise.

    ``key`` must name everything the intermediate depends on (the dimensions, the scope).
    """
    if not isinstance(tables, PackTables):
        return build()
    if key not in tables.intermediates:
        tables.intermediates[key] = build().cache()
    return tables.intermediates[key]


@contextmanager
def shared_intermediates(tables: Tables) -> Iterator[PackTables]:
    """Tables whose shared intermediates live until the block ends."""
    pack = tables if isinstance(tables, PackTables) else PackTables(tables)
    try:
        yield pack
    finally:
        if pack is not tables:
            pack.release()
