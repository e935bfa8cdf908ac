"""Metric results kept until the warehouse changes: computed once per load, not per view.

A dashboard asks for the same few hundred figures over and over, and at ICS scale each takes
from a tenth of a second to a few seconds to compute; the warehouse changes only when a load
commits. ``ResultCache`` keeps each metric's full result (every month, in full, before any
disclosure control) under the warehouse's load state, so a request picks its months and
applies its viewer's disclosure control to a kept result in milliseconds, and the first
request after a load finds the cache empty.

Two requests for the same result at once compute it once: the second waits for the first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import pandas as pd

LoadState = Hashable


class ResultCache:
    """Full metric results by (metric, split), for one load state of one warehouse."""

    def __init__(self, max_results: int = 2048) -> None:
        self.max_results = max_results
        self._state: LoadState | None = None
        self._results: OrderedDict[Hashable, pd.DataFrame] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def at(self, state: LoadState) -> ResultCache:
        """The cache for the warehouse as it is now: a new load state empties it."""
        with self._lock:
            if state != self._state:
                self._state = state
                self._results.clear()
                self._computing.clear()
        return self

    @property
    def state(self) -> LoadState | None:
        return self._state

    def __len__(self) -> int:
        return len(self._results)

    def get(self, key: Hashable, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The result under ``key``, computed by ``compute()`` the first time it is asked for.

        The frame returned is shared: callers must not change it in place.
        """
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                self.hits += 1
                return self._results[key]
            state = self._state
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._results:  # computed while this request waited
                    self.hits += 1
                    return self._results[key]
            frame = compute()
            with self._lock:
                self.misses += 1
                if state == self._state:  # no load has committed since it began
                    self._results[key] = frame
                    while len(self._results) > self.max_results:
                        self._results.popitem(last=False)
                    self._computing.pop(key, None)
            return frame
