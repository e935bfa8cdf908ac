"""Disclosure control for outputs marked for sharing: one short module, driven by constants.

Small counts of people could identify them, so in a shared output:

1. Primary suppression: a count of people from 1 to ``THRESHOLD - 1`` is hidden, with every
   figure derived from it (a rate whose numerator is hidden is hidden too).
2. Secondary suppression: a hidden cell could be worked out from a total and its siblings,
   so along each dimension, within each month and value of the other dimensions, a group of
   cells with exactly one hidden cell has its next smallest cell hidden too. This repeats
   until no group has a single hidden cell.
3. Rates on a denominator below ``SMALL_DENOMINATOR`` are flagged as unreliable.
4. A metric may carry its publication's own rule: sickness absence rates on 330 or fewer FTE
   days available are suppressed, as NHS England's publication does.
5. A metric that compares groups of people (a pay gap, a relative likelihood) returns the
   size of its smallest group as ``smallest_group``; the value is hidden when that group has
   fewer people than the threshold, since it would reveal their pay or their cases.

A reader may already know some cells: an organisation's workforce lead knows their own
organisation's figures. Those cells (``known``) are shown as they are, and they are never
hidden to protect another cell, since hiding them from that reader would protect nothing;
the next smallest cell the reader does not know is hidden instead.

Zero is shown: it reveals no one. Record-level data never leaves the warehouse this way:
metrics only return aggregates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from oneworkforce.metrics.model import MetricError

THRESHOLD = 5  # counts of people below this (and above 0) are suppressed
SMALL_DENOMINATOR = 30  # rates on fewer people than this are flagged


def apply_disclosure_control(
    frame: pd.DataFrame,
    by: list[str],
    counts_people: bool,
    threshold: int = THRESHOLD,
    suppress_denominator_at_most: float | None = None,
    known: pd.Series | None = None,
) -> pd.DataFrame:
    """The frame with ``suppressed`` and ``small_denominator`` columns, hidden cells empty.

    ``known`` (a boolean series on the frame's index) marks cells the reader already knows:
    they are shown in full and never hidden to protect another cell.
    """
    if threshold < 1:
        raise MetricError("The disclosure threshold must be a whole number of at least 1.")
    out = frame.copy()
    hideable = pd.Series(True, index=out.index)
    if known is not None:
        hideable &= ~known.astype(bool)
    if not counts_people:
        out["suppressed"] = False
        out["small_denominator"] = False
    else:
        out = _suppress_small_counts(out, by, threshold, hideable)
    if "smallest_group" in out.columns:
        few = (out["smallest_group"] > 0) & (out["smallest_group"] < threshold) & hideable
        out.loc[few, ["numerator", "denominator", "value"]] = np.nan
        out["suppressed"] = out["suppressed"] | few
    if suppress_denominator_at_most is not None:
        few = out["denominator"].notna() & (out["denominator"] <= suppress_denominator_at_most)
        few &= hideable
        out.loc[few, ["numerator", "value"]] = np.nan
        out["suppressed"] = out["suppressed"] | few
    return out


def _suppress_small_counts(
    out: pd.DataFrame, by: list[str], threshold: int, hideable: pd.Series
) -> pd.DataFrame:
    count = out["numerator"]
    hidden = (count > 0) & (count < threshold) & hideable
    hidden = _secondary(out, by, hidden, hideable)
    out["suppressed"] = hidden
    out.loc[hidden, ["numerator", "value"]] = np.nan
    denominator = out["denominator"]
    out["small_denominator"] = denominator.notna() & (denominator < SMALL_DENOMINATOR)
    # A denominator small enough to be suppressed itself is hidden with its cell.
    small = (denominator > 0) & (denominator < threshold) & hideable
    out.loc[small, ["numerator", "denominator", "value"]] = np.nan
    out["suppressed"] = out["suppressed"] | small
    return out


def _secondary(
    frame: pd.DataFrame, by: list[str], hidden: pd.Series, hideable: pd.Series
) -> pd.Series:
    hidden = hidden.copy()
    changed = True
    while changed:
        changed = False
        for dimension in by:
            others = [d for d in by if d != dimension] + ["month_index"]
            for _, group in frame.groupby(others, dropna=False, sort=False):
                flags = hidden.loc[group.index]
                if flags.sum() != 1 or len(group) < 2:
                    continue
                # Only cells the reader does not already know can protect the hidden one.
                candidates = group.loc[~flags & hideable.loc[group.index], "numerator"]
                if candidates.empty:
                    continue
                hidden.loc[candidates.idxmin()] = True
                changed = True
    return hidden
