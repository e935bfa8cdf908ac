"""The projection: stocks and flows month by month, every Monte Carlo run at once.

Pure numpy, no I/O. People are held by cell (organisation x staff group x age group) in an
array of runs x cells; each month, in this order, from the stock at the start of the month:

    leavers   = stock x leaver rate                     (out of the system)
    moves     = stock @ move shares                     (between cells: other partners,
                                                         other staff groups, turning 55)
    stock     = stock - leavers - moves out + moves in + joiners + conversions
    FTE       = stock x FTE per head

Runs differ only in the levels drawn for their rates: one draw per run and staff group for
leavers and FTE per head, and per run, route and staff group for joiners, each lognormal
with mean 1 and the coefficient of variation estimated from the history. Moves between
cells are the same in every run (small flows, estimated from few events).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class EngineInputs:
    """Everything the projection needs, as arrays. C cells, T months, K joiner routes, G
    staff groups; ``group`` maps each cell to its staff group."""

    heads: np.ndarray  # (C,) people at the base month
    participation: np.ndarray  # (C,) FTE per head
    leave: np.ndarray  # (C,) monthly leaver rate
    moves: np.ndarray  # (C, C) monthly move shares, zero diagonal
    joiners: np.ndarray  # (T, K, C) expected joiners each month (seasonality, levers applied)
    leave_multiplier: np.ndarray  # (T, C) scenario change to leaver rates
    participation_multiplier: np.ndarray  # (T, C)
    conversions: np.ndarray  # (T, C) people converted into (+) or out of (-) a cell
    group: np.ndarray  # (C,) staff group number of each cell
    leave_cv: np.ndarray  # (G,)
    joiner_cv: np.ndarray  # (K, G)
    participation_cv: np.ndarray  # (G,)

    @property
    def months(self) -> int:
        return self.joiners.shape[0]


@dataclass(frozen=True)
class Projection:
    """Heads and FTE for each run, month and cell (float32: runs x months x cells), and the
    mean flows over runs (months x cells; joiners months x routes x cells)."""

    heads: np.ndarray
    fte: np.ndarray
    leavers: np.ndarray
    joiners: np.ndarray
    moves_in: np.ndarray
    moves_out: np.ndarray


def lognormal_levels(rng: np.random.Generator, cv: np.ndarray, runs: int) -> np.ndarray:
    """Levels with mean 1 and the given coefficients of variation: runs x cv.shape.

    With one run, every level is 1: a single run is the central projection.
    """
    if runs == 1:
        return np.ones((1, *cv.shape))
    sigma = np.sqrt(np.log1p(np.square(cv)))
    draws = rng.standard_normal((runs, *cv.shape))
    return np.exp(sigma * draws - sigma**2 / 2)


def project(inputs: EngineInputs, runs: int, seed: int = 0) -> Projection:
    """Project every run together; the same seed always gives the same result."""
    rng = np.random.default_rng(seed)
    group = inputs.group
    leave_level = lognormal_levels(rng, inputs.leave_cv, runs)[:, group]  # (R, C)
    joiner_level = lognormal_levels(rng, inputs.joiner_cv, runs)[:, :, group]  # (R, K, C)
    part_level = lognormal_levels(rng, inputs.participation_cv, runs)[:, group]  # (R, C)

    months, cells = inputs.months, inputs.heads.shape[0]
    heads = np.empty((runs, months, cells), dtype=np.float32)
    fte = np.empty((runs, months, cells), dtype=np.float32)
    leavers = np.empty((months, cells))
    moves_in = np.empty((months, cells))
    moves_out = np.empty((months, cells))
    # Mean joiners over runs: each month's expected joiners times the mean level drawn.
    joined = inputs.joiners * joiner_level.mean(axis=0)[None]
    out_share = inputs.moves.sum(axis=1)
    participation = inputs.participation * part_level  # (R, C)
    leave = inputs.leave * leave_level  # (R, C)
    may_exceed = bool(
        ((leave * inputs.leave_multiplier.max(axis=0)).max(axis=0) + out_share > 1).any()
    )
    stock = np.broadcast_to(inputs.heads, (runs, cells)).astype(np.float64)
    for t in range(months):
        rate = leave * inputs.leave_multiplier[t]
        moving = stock
        if may_exceed:
            # Leavers and moves cannot take more than everyone: scale both down if they would.
            excess = np.maximum(np.minimum(rate, 1.0) + out_share, 1.0)
            rate = np.minimum(rate, 1.0) / excess
            moving = stock / excess
        left = stock * rate
        arriving = moving @ inputs.moves
        new = np.einsum("kc,rkc->rc", inputs.joiners[t], joiner_level)
        stock = stock - left - moving * out_share + arriving + new
        if inputs.conversions[t].any():
            stock += inputs.conversions[t]
        np.maximum(stock, 0.0, out=stock)
        heads[:, t] = stock
        fte[:, t] = stock * participation * inputs.participation_multiplier[t]
        leavers[t] = left.mean(axis=0)
        moving_mean = moving.mean(axis=0)
        moves_in[t] = moving_mean @ inputs.moves
        moves_out[t] = moving_mean * out_share
    return Projection(heads, fte, leavers, joined, moves_in, moves_out)
