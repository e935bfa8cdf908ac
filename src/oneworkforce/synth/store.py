"""A growable struct of numpy arrays: people, posts and episodes are appended month by month."""

from __future__ import annotations

import numpy as np


class Store:
    """Columns that grow together; ``self[name]`` is a writable view of the filled part
    (valid until the next ``add``)."""

    def __init__(self, dtypes: dict[str, type | np.dtype], fill: dict[str, int] | None = None):
        self._dtypes = {k: np.dtype(v) for k, v in dtypes.items()}
        self._fill = fill or {}
        self._data = {k: self._new(k, 1024) for k in self._dtypes}
        self.n = 0

    def _new(self, name: str, size: int) -> np.ndarray:
        return np.full(size, self._fill.get(name, 0), dtype=self._dtypes[name])

    def __getitem__(self, name: str) -> np.ndarray:
        return self._data[name][: self.n]

    def add(self, columns: dict[str, np.ndarray]) -> np.ndarray:
        """Append rows (columns not given take their fill value); returns their indices."""
        size = len(next(iter(columns.values())))
        need = self.n + size
        capacity = len(next(iter(self._data.values())))
        if need > capacity:
            new_cap = max(need, capacity * 2)
            for k, arr in self._data.items():
                grown = self._new(k, new_cap)
                grown[: self.n] = arr[: self.n]
                self._data[k] = grown
        for k, v in columns.items():
            self._data[k][self.n : need] = v
        rows = np.arange(self.n, need)
        self.n = need
        return rows

    def freeze(self) -> dict[str, np.ndarray]:
        """The filled columns, trimmed to size."""
        return {k: v[: self.n].copy() for k, v in self._data.items()}
