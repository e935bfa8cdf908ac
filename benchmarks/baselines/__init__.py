"""Baselines the metric engine is measured against, one function per metric id.

``sql_pack.SQL`` holds hand-written DuckDB SQL and ``pandas_pack.PANDAS`` plain pandas. Each
returns, for the dimensions asked for (``org`` and ``staff_group``), one row per slice and
month with ``numerator``, ``denominator`` and ``value``, like ``metric_expression``. A metric
in the catalogue without an entry here is reported as having no baseline; to add one, write
the function and add it to the dict.
"""
