"""The embedded analytics warehouse (DuckDB through Ibis)."""

from oneworkforce.warehouse.connection import Warehouse, open_warehouse

__all__ = ["Warehouse", "open_warehouse"]
