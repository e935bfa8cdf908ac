"""Render the metric catalogue as Markdown (docs/metrics.md is generated from this)."""

from __future__ import annotations

from oneworkforce.metrics.catalogue import CATALOGUE
from oneworkforce.metrics.dimensions import DIMENSIONS
from oneworkforce.metrics.disclosure import SMALL_DENOMINATOR, THRESHOLD
from oneworkforce.metrics.model import Metric
from oneworkforce.metrics.sickness import PUBLICATION_MINIMUM_DAYS
from oneworkforce.metrics.staff_survey import SURVEY_MINIMUM

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

An output marked for sharing (`--share`, or `shared=True`) follows the rule each metric
declares (`shared_rule`, given under each metric below as "Shared outputs"). The threshold
is {threshold} unless set with `--threshold` or `threshold=`.

- `small_counts` (counts of people): every count of people under the threshold, from 1
  up, is hidden with the rate built on it, and then the next smallest cell wherever a
  hidden cell could be worked out from a total and its siblings (along each dimension,
  within each month, until no group has a single hidden cell). Rates on fewer than
  {small} people are flagged `small_denominator`.
- `smallest_group` (pay gaps, relative likelihoods, board comparisons): the row carries
  the fewest people the comparison rests on as `smallest_group`, and the figure is hidden
  when that is under the threshold.
- `survey_responses` (NHS Staff Survey results): hidden when they rest on {survey} or fewer
  responses, as the survey reports nothing from so few.
- `denominator` (a publication's own rule): sickness absence rates on {days} or fewer FTE
  days available are hidden, as NHS England's publication does.
- `none`: the numerator is not a count of people (FTE, days, hours, money) and nothing is
  hidden.

The rules live in one module, `src/oneworkforce/metrics/disclosure.py`, driven by named
constants; a metric's `shared_rule` must agree with the settings that drive it.

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


def shared_outputs(m: Metric) -> str:
    """What a shared output does to the metric, in words, from its declared rule."""
    at_most = f"{m.suppress_denominator_at_most or 0:g}"
    return {
        "small_counts": "counts of people under the threshold hidden, with any cell that "
        "would reveal them",
        "smallest_group": "hidden when the smallest group compared (`smallest_group`) has "
        "fewer people than the threshold",
        "survey_responses": f"hidden when based on {at_most} or fewer responses",
        "denominator": f"hidden when the denominator ({m.denominator}) is {at_most} or less",
        "none": "not suppressed: the numerator does not count people",
    }[m.shared_rule]


def render_markdown() -> str:
    introduction = INTRODUCTION.format(
        threshold=THRESHOLD,
        small=SMALL_DENOMINATOR,
        survey=SURVEY_MINIMUM,
        days=PUBLICATION_MINIMUM_DAYS,
    )
    parts = [introduction, "## Dimensions\n", "| dimension | meaning |", "|---|---|"]
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
            f"- Shared outputs (`{m.shared_rule}`): {shared_outputs(m)}",
        ]
        if m.caveats:
            parts.append(f"- Caveats: {m.caveats}")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
