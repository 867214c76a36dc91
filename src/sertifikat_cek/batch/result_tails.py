"""The encoded result tails of the columnar path by result key, in a dense table by (result
combination, due day): a block's rows find their tails by one lookup, where a search in the
sorted keys cost each row a binary search (about 5% of a worker's time). Used by
batch.columnar."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sertifikat_cek.decide.arrays import sorted_distinct

DUE_BITS = 21  # a result key: combination << DUE_BITS | due ordinal (0: no due date)
DUE_MASK = (1 << DUE_BITS) - 1


class TailTable:
    """Per result combination (group, verdict stage, state, unconfirmed: a row) and due day (a
    column: 0 for none, then one per day from `low`), the index of its tail in `tails`, -1 for
    a key not met yet. Bounded: started again when it would hold more than LIMIT cells."""

    LIMIT = 2_000_000  # cells: 8 MiB at most (a run's due days span a few hundred days)

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.row_of = np.zeros(0, dtype=np.int64)  # combination -> row, -1 none
        self.table = np.zeros((0, 1), dtype=np.int32)
        self.low = self.high = 0  # the due days of columns 1 and last (none yet: 0)
        self.tails: list[bytes] = []
        self.tail_array = np.zeros(0, dtype=object)

    def lookup(
        self, combination: np.ndarray, due: np.ndarray, make: Callable[[int], bytes]
    ) -> np.ndarray:
        """Each row's tail (an object array); `make(key)` gives a key's tail the first time."""
        at = self._find(combination, due)
        missing = at < 0
        if missing.any():
            if not self._add((combination[missing] << DUE_BITS) | due[missing], make):
                self._clear()  # bounded: start again, with this block's keys only
                if not self._add((combination << DUE_BITS) | due, make):
                    return _made_here((combination << DUE_BITS) | due, make)
            at = self._find(combination, due)
        return self.tail_array[at]

    def _find(self, combination: np.ndarray, due: np.ndarray) -> np.ndarray:
        """Each row's index in `tails`, -1 where its key is not in the table."""
        if not len(self.tails):
            return np.full(len(combination), -1, dtype=np.int64)
        known = combination < len(self.row_of)
        row = np.where(known, self.row_of.take(combination, mode="clip"), -1)
        width = self.table.shape[1]
        column = np.where(due == 0, 0, due - self.low + 1)
        # a due day is in column 1 or later: the day before `low` (column 0) is not in the table
        inside = (row >= 0) & (column < width) & ((column >= 1) | (due == 0))
        cell = np.where(inside, row * width + column, 0)
        return np.where(inside, self.table.ravel().take(cell), -1)

    def _add(self, keys: np.ndarray, make: Callable[[int], bytes]) -> bool:
        """The keys (some perhaps known) into the table with their tails; False when the table
        would grow past LIMIT (nothing changed then)."""
        keys = sorted_distinct(keys)
        combinations, dues = keys >> DUE_BITS, keys & DUE_MASK
        dated = dues[dues > 0]
        low, high = self.low, self.high
        if len(dated):
            low = int(dated.min()) if not low else min(low, int(dated.min()))
            high = max(high, int(dated.max()))
        width = high - low + 2 if low else 1
        new = sorted_distinct(combinations)
        if len(self.row_of):
            known = new < len(self.row_of)
            known[known] = self.row_of[new[known]] >= 0
            new = new[~known]
        rows = len(self.table) + len(new)
        if rows * width > self.LIMIT:
            return False
        if width != self.table.shape[1] or low != self.low:  # the days reach further: re-laid
            table = np.full((len(self.table), width), -1, dtype=np.int32)
            table[:, 0] = self.table[:, 0]
            if self.low:
                start = self.low - low + 1
                table[:, start : start + self.table.shape[1] - 1] = self.table[:, 1:]
            self.table, self.low, self.high = table, low, high
        if len(new):
            self.row_of = _grown(self.row_of, int(new.max()) + 1)
            self.row_of[new] = np.arange(len(self.table), rows)
            self.table = np.vstack([self.table, np.full((len(new), width), -1, dtype=np.int32)])
        fresh = self._find(combinations, dues) < 0
        keys = keys[fresh]
        first = len(self.tails)
        self.tails.extend(make(key) for key in keys.tolist())
        row = self.row_of[keys >> DUE_BITS]
        due = keys & DUE_MASK
        self.table[row, np.where(due == 0, 0, due - self.low + 1)] = np.arange(
            first, len(self.tails)
        )
        self.tail_array = np.empty(len(self.tails), dtype=object)
        self.tail_array[:] = self.tails
        return True


def _made_here(keys: np.ndarray, make: Callable[[int], bytes]) -> np.ndarray:
    """Each row's tail without the table (a block whose keys alone would overflow it)."""
    distinct = sorted_distinct(keys)
    tails = np.empty(len(distinct), dtype=object)
    tails[:] = [make(key) for key in distinct.tolist()]
    return tails[np.searchsorted(distinct, keys)]


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    """`array` at least `size` long, new places -1."""
    if len(array) >= size:
        return array
    grown = np.full(size, -1, dtype=np.int64)
    grown[: len(array)] = array
    return grown
