"""Where people work and where movers go: partner sizes, staff mixes, move destinations.

A mover goes to another partner with a probability proportional to the size of the staff
group they would join there, halved across the NHS / non-NHS boundary; moving sector can
change the staff group (a trust nurse becomes a practice nurse).
"""

from __future__ import annotations

import numpy as np

from oneworkforce.synth import demography as M
from oneworkforce.synth.organisations import ORGANISATIONS, SECTOR_MIX, group_in_sector

ORG_SHARE = np.array([o.share for o in ORGANISATIONS]) / sum(o.share for o in ORGANISATIONS)
ORG_TRUST = np.array([o.is_trust for o in ORGANISATIONS])
MIX = np.zeros((len(ORGANISATIONS), len(M.GROUPS)))  # staff group shares of each partner
for _o, _org in enumerate(ORGANISATIONS):
    for _g, _w in SECTOR_MIX[_org.sector].items():
        MIX[_o, M.GROUPS.index(_g)] = _w
MIX /= MIX.sum(axis=1, keepdims=True)


def _move_tables() -> tuple[np.ndarray, np.ndarray]:
    """Weights of destination partners and the staff group taken there, by (org, group)."""
    n_org, n_grp = len(ORGANISATIONS), len(M.GROUPS)
    weight = np.zeros((n_org, n_grp, n_org))
    group = np.full((n_org, n_grp, n_org), -1)
    for o, own in enumerate(ORGANISATIONS):
        for g, code in enumerate(M.GROUPS):
            for d, dest in enumerate(ORGANISATIONS):
                new = group_in_sector(code, dest.sector, own.sector) if d != o else None
                if new is not None:
                    affinity = 1.0 if own.is_trust == dest.is_trust else 0.5
                    group[o, g, d] = M.GROUPS.index(new)
                    weight[o, g, d] = ORG_SHARE[d] * MIX[d, group[o, g, d]] * affinity
    return weight, group


MOVE_WEIGHT, MOVE_GROUP = _move_tables()
