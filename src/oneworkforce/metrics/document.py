"""Render the metric catalogue as Markdown (docs/metrics.md is generated from this)."""

from __future__ import annotations

from oneworkforce.metrics.catalogue import CATALOGUE
from oneworkforce.metrics.dimensions import DIMENSIONS

INTRODUCTION = """\
# Workforce metrics

Every metric is declared once in `src/oneworkforce/metrics/` and computed as an Ibis
expression over the warehouse; this page is generated from those declarations (run
`oneworkforce metrics --markdown`). Each result row carries the numerator and denominator as
well as the value, so that larger groups are always computed by adding numerators and
denominators, never by averaging rates. Months are handled as an integer index
(year × 12 + month), which every engine computes the same way.

```bash
oneworkforce metrics vacancy_rate --by place,staff_group --from 2025-04 --to 2026-03
oneworkforce metrics headcount --by org --format xlsx --out headcount.xlsx
```

```python
from oneworkforce.metrics import compute_metric
frame = compute_metric(tables, "vacancy_rate", ["org"], "2025-04", "2026-03")
```

## Disclosure control

An output marked for sharing (`--share`, or `shared=True`) hides every count of people from
1 to 4, with the rate built on it, and then hides the next smallest cell wherever a hidden
cell could be worked out from a total and its siblings (along each dimension, within each
month, until no group has a single hidden cell). Rates on fewer than 30 people are flagged
`small_denominator`. Metrics whose numerator is not a count of people (FTE, days, hours,
money) are marked below and are not suppressed. The rules live in one module,
`src/oneworkforce/metrics/disclosure.py`, driven by named constants.
"""


def render_markdown() -> str:
    parts = [INTRODUCTION, "## Dimensions\n", "| dimension | meaning |", "|---|---|"]
    parts += [f"| `{name}` | {meaning} |" for name, meaning in DIMENSIONS.items()]
    parts.append("\n## Metrics\n")
    for m in CATALOGUE.values():
        parts += [
            f"### {m.id}: {m.name}\n",
            m.definition + "\n",
            f"- Formula: {m.formula}",
            f"- Numerator: {m.numerator}",
            f"- Denominator: {m.denominator or '(none)'}",
            f"- Unit: {m.unit}; good direction: {m.good_direction}",
            f"- Dimensions: {', '.join(sorted(m.dimensions))}",
            f"- Source: {m.source}",
            "- Shared outputs: "
            + (
                "small counts of people suppressed"
                if m.counts_people
                else "not suppressed (the numerator does not count people)"
            ),
        ]
        if m.caveats:
            parts.append(f"- Caveats: {m.caveats}")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
