"""The projection written as a plain loop over runs, months and cells.

It follows the same steps as ``engine.project`` with the same random levels, one number at a
time, so tests can check the vectorised engine against it and the benchmark can measure what
vectorising gains. It is far too slow for use.
"""

from __future__ import annotations

import numpy as np

from oneworkforce.planning.engine import EngineInputs, lognormal_levels


def project_loop(inputs: EngineInputs, runs: int, seed: int = 0) -> np.ndarray:
    """FTE for each run, month and cell (runs x months x cells)."""
    rng = np.random.default_rng(seed)
    leave_level = lognormal_levels(rng, inputs.leave_cv, runs)
    joiner_level = lognormal_levels(rng, inputs.joiner_cv, runs)
    part_level = lognormal_levels(rng, inputs.participation_cv, runs)
    cells = len(inputs.heads)
    routes = inputs.joiners.shape[1]
    destinations = [
        [(j, float(inputs.moves[i, j])) for j in range(cells) if inputs.moves[i, j] > 0]
        for i in range(cells)
    ]
    out_share = [sum(share for _, share in row) for row in destinations]
    group = [int(g) for g in inputs.group]
    fte = np.empty((runs, inputs.months, cells))
    for r in range(runs):
        stock = [float(h) for h in inputs.heads]
        for t in range(inputs.months):
            following = [0.0] * cells
            for i in range(cells):
                rate = inputs.leave[i] * inputs.leave_multiplier[t, i] * leave_level[r, group[i]]
                scale = 1.0
                if min(rate, 1.0) + out_share[i] > 1.0:
                    scale = 1.0 / (min(rate, 1.0) + out_share[i])
                    rate = min(rate, 1.0) * scale
                following[i] += stock[i] * (1.0 - rate - out_share[i] * scale)
                for j, share in destinations[i]:
                    following[j] += stock[i] * scale * share
                for k in range(routes):
                    following[i] += inputs.joiners[t, k, i] * joiner_level[r, k, group[i]]
            for i in range(cells):
                stock[i] = max(following[i] + inputs.conversions[t, i], 0.0)
                fte[r, t, i] = (
                    stock[i]
                    * inputs.participation[i]
                    * part_level[r, group[i]]
                    * inputs.participation_multiplier[t, i]
                )
    return fte
