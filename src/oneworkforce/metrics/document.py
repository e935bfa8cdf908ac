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

An output marked for sharing (`--share`, or `shared=True`) hides every count of people
under the threshold (5 unless set with `--threshold` or `threshold=`), from 1 up, with the
rate built on it, and then hides the next smallest cell wherever a hidden cell could be
worked out from a total and its siblings (along each dimension, within each month, until no
group has a single hidden cell). Rates on fewer than 30 people are flagged
`small_denominator`. Metrics whose numerator is not a count of people (FTE, days, hours,
money) are marked below and are not suppressed. Sickness absence rates on 330 or fewer FTE
days available are suppressed, as NHS England's publication does. The rules live in one
module, `src/oneworkforce/metrics/disclosure.py`, driven by named constants.

## Sources and decisions

The primary sources the definitions follow:

- NHS England, *NHS Workforce Statistics*, methodology and data quality statement:
  headcount (each person once at each level), FTE, leavers and joiners by comparing snapshots
  12 months apart, leaver rate over the mean of the start and end headcounts, stability index.
  <https://digital.nhs.uk/data-and-information/publications/statistical/nhs-workforce-statistics>
- NHS England, *NHS Vacancy Statistics*, methodology: vacancies are funded establishment not
  filled by permanent or fixed-term staff; bank and agency cover still counts as vacant.
  <https://digital.nhs.uk/data-and-information/publications/statistical/nhs-vacancies-survey>
- NHS England, *NHS Sickness Absence Rates*, methodology: sum of FTE days lost over sum of
  FTE days available in calendar days, rounded to 2 decimal places when published; rows with
  330 or fewer FTE days available suppressed.
  <https://digital.nhs.uk/data-and-information/publications/statistical/nhs-sickness-absence-rates>
- NHS Employers, *Managing sickness absence*: long-term absence is an episode of four weeks
  (28 calendar days) or more. <https://www.nhsemployers.org/topics/retention-and-staff-experience/health-and-wellbeing>
- Skills for Health, *Core Skills Training Framework* (England) v1.1: the subjects and their
  usual renewal periods. <https://www.skillsforhealth.org.uk/info-hub/statutory-mandatory-training-guide/>
- NHS England, *Workforce Race Equality Standard* technical guidance: the White / BME / not
  stated grouping of ethnic categories used by the `ethnic_group` dimension.
  <https://www.england.nhs.uk/about/equality/equality-hub/workforce-equality-data-standards/equality-standard/>

Decisions where the sources leave a choice:

- Leaver rates divide by the mean of the start and end headcounts (England), not the start
  headcount (Scotland). An organisation missing either snapshot is left out of a period.
- A person with several assignments is counted once in every group; assignment-level
  dimensions (band, occupation, contract type, service band) can place one person in two
  groups, so totals are not the sum of their parts.
- Bank and agency FTE convert hours at 37.5 a week over the calendar weeks of the month.
- Training compliance counts every CSTF subject as required of every permanent and
  fixed-term member of staff, and completions recorded by any partner (the staff passport).
- Length of service counts calendar months from the month of the start date in the
  organisation.
- International recruits are people who first qualified outside the UK; retention of
  locally trained staff follows newly qualified staff (in post within 12 months of
  qualifying) across every partner.
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
