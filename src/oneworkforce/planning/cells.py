"""The cells a projection runs on: organisation x staff group x age group.

Leaver rates differ most by age (retirement from 55), so each organisation and staff group is
split into two age groups, as NHS England's Long Term Workforce Plan model splits leavers
(under 55, 55 and over). Demand and establishment are kept by organisation and staff group
(a *unit*); places, sectors and the system are sums of units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

AGE_GROUPS = ("under_55", "55_plus")
# Staff age bands (the data standard's staff_age_band) at 55 and over.
OLDER_BANDS = ("55_59", "60_64", "65_69", "70_plus")
LEVELS = ("org", "place", "sector", "system")
ALL_GROUPS = "all"


@dataclass(frozen=True)
class Cells:
    """The cells and units of a projection, in a fixed order shared by every array.

    ``units`` has one row per organisation and staff group (org, place, sector, system,
    staff_group); ``cells`` one per unit and age group, with ``unit`` the unit's row number.
    """

    units: pd.DataFrame
    cells: pd.DataFrame

    @classmethod
    def from_units(cls, units: pd.DataFrame) -> Cells:
        units = (
            units[["org", "place", "sector", "system", "staff_group"]]
            .drop_duplicates(["org", "staff_group"])
            .sort_values(["org", "staff_group"])
            .reset_index(drop=True)
        )
        cells = units.loc[units.index.repeat(len(AGE_GROUPS))].copy()
        cells["age_group"] = np.tile(AGE_GROUPS, len(units))
        cells["unit"] = np.repeat(np.arange(len(units)), len(AGE_GROUPS))
        return cls(units, cells.reset_index(drop=True))

    @property
    def n_cells(self) -> int:
        return len(self.cells)

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def staff_groups(self) -> list[str]:
        return sorted(self.units["staff_group"].unique())

    def cell_index(self) -> dict[tuple[str, str, str], int]:
        """(org, staff_group, age_group) -> cell number."""
        keys = zip(
            self.cells["org"], self.cells["staff_group"], self.cells["age_group"], strict=True
        )
        return {key: i for i, key in enumerate(keys)}

    def unit_index(self) -> dict[tuple[str, str], int]:
        keys = zip(self.units["org"], self.units["staff_group"], strict=True)
        return {key: i for i, key in enumerate(keys)}

    def cell_group(self) -> np.ndarray:
        """Each cell's staff group as a number into ``staff_groups``."""
        order = {g: i for i, g in enumerate(self.staff_groups)}
        return self.cells["staff_group"].map(order).to_numpy()

    def unit_of_cell(self) -> np.ndarray:
        return self.cells["unit"].to_numpy()

    def areas(self, level: str, by_group: bool = True) -> tuple[pd.DataFrame, np.ndarray]:
        """The areas of a level (with staff groups, or all groups together) and a units x
        areas 0/1 matrix that sums units into them."""
        keys = [level, "staff_group"] if by_group else [level]
        frame = self.units[keys].drop_duplicates().sort_values(keys).reset_index(drop=True)
        if not by_group:
            frame["staff_group"] = ALL_GROUPS
        position = {tuple(row): i for i, row in enumerate(frame[keys].itertuples(index=False))}
        matrix = np.zeros((self.n_units, len(frame)))
        for unit, row in enumerate(self.units[keys].itertuples(index=False)):
            matrix[unit, position[tuple(row)]] = 1.0
        out = frame.rename(columns={level: "area"})
        out.insert(0, "level", level)
        return out[["level", "area", "staff_group"]], matrix

    def all_areas(self) -> tuple[pd.DataFrame, np.ndarray]:
        """Every level, by staff group and for all groups: the areas results are reported for."""
        frames, matrices = [], []
        for level in LEVELS:
            for by_group in (True, False):
                frame, matrix = self.areas(level, by_group)
                frames.append(frame)
                matrices.append(matrix)
        return pd.concat(frames, ignore_index=True), np.hstack(matrices)
