"""NHS Staff Survey: People Promise scores, staff engagement and morale, rankings, pulses.

The modules compute on Ibis tables like the metrics do, so the same definitions run on DuckDB
and PySpark. This package deliberately imports nothing at start-up: the metric catalogue
imports ``oneworkforce.survey.scoring``, which must not import the metrics package back.
"""
