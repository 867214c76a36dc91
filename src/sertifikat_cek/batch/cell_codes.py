"""A CSV column's cells as the arrays take them: each distinct text read once, over the run,
through the row path's own Token maps (the same date parser, date orders, words and Excel
serials), into (status, day ordinal, second) codes; the as-of column's into (day, second, day
in WIT). Used by batch.columnar."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from sertifikat_cek.batch.rows import CACHED_CHARS
from sertifikat_cek.calendar.dates import Moment, easternmost_day
from sertifikat_cek.decide.arrays import DATED, NO, NO_TIME, UNKNOWN, YES, EventColumns
from sertifikat_cek.decide.explain import HAPPENED, NOT_HAPPENED, Event

UNREADABLE = -1  # an input cell's status code when the reader refused it


def second_of(moment) -> int:
    clock = moment.time
    if clock is None:
        return NO_TIME
    return clock.hour * 3600 + clock.minute * 60 + clock.second


class CellCodes:
    """Input columns' cell texts as (status, day, second) codes, each distinct text read once
    over the run through the row path's Token map (bounded: cleared when full). Columns read
    by one Token map (the same answer and date order) share one CellCodes.

    The texts met are kept as an Arrow string array, in code order; a block's dictionary-encoded
    columns are unified with it by Arrow (in C: no Python string per distinct cell), so that
    each cell's index is its text's code, and only the texts new in the block reach Python."""

    LIMIT = 200_000
    UNCLAIMED = (UNREADABLE, 0, NO_TIME)

    def __init__(self, tokens) -> None:
        self.tokens = tokens
        self._clear()

    def _clear(self) -> None:
        self.known = pa.array([], pa.string())  # the texts met: the code of each is its place
        self.tables = tuple(np.zeros(0, dtype=np.int64) for _ in range(3))
        self._before = None  # `known` as an empty dictionary column (made again when it grows)

    def take(self, columns: list[list]) -> list[tuple[np.ndarray, ...]]:
        """Per column (the chunks of a dictionary<int32, string> column), per row, its text's
        codes: three arrays (status, day, second)."""
        chunks = [chunk for column in columns for chunk in column]
        if len(self.known) + sum(len(chunk.dictionary) for chunk in chunks) > self.LIMIT:
            self._clear()
        before = self._before
        if before is None:
            before = self._before = pa.DictionaryArray.from_arrays(
                pa.array([], pa.int32()), self.known
            )
        # Arrow keeps the first chunk's dictionary as it is, in order, and appends the others'
        # new texts: the codes met before keep their places
        unified = pa.table([pa.chunked_array([before, *chunks])], names=["c"]).unify_dictionaries()
        unified = unified.column(0).chunks[1:]
        if unified:
            texts = unified[0].dictionary
            have = len(self.known)
            if len(texts) > have:  # the codes of the texts new here, after the others
                new = [
                    self.UNCLAIMED if len(text) > CACHED_CHARS else self.read(text)
                    for text in texts.slice(have).to_pylist()
                ]
                rows = np.asarray(new, dtype=np.int64).reshape(-1, 3)
                self.tables = tuple(
                    np.concatenate([table, rows[:, i]]) for i, table in enumerate(self.tables)
                )
                self.known, self._before = texts, None
        found, at = [], 0
        for column in columns:
            parts = [chunk.indices.to_numpy() for chunk in unified[at : at + len(column)]]
            at += len(column)
            index = parts[0] if len(parts) == 1 else np.concatenate([np.zeros(0, np.int32), *parts])
            index = index.astype(np.intp)  # once: take would convert it for each table
            found.append(tuple(table.take(index) for table in self.tables))
        return found

    def read(self, text: str) -> tuple[int, int, int]:
        return _event_codes(self.tokens[text])

    def columns(self, columns: list[list]) -> list[EventColumns]:
        return [EventColumns(*codes) for codes in self.take(columns)]


class AsOfCodes(CellCodes):
    """The as-of column's cell texts as (day, second, day in WIT) codes; (-1, ..) unreadable."""

    UNCLAIMED = (-1, NO_TIME, -1)

    def __init__(self, tokens, default: tuple[int, int, int]) -> None:
        super().__init__(tokens)
        self.default = default  # the codes of an empty cell: the run's as-of moment

    def read(self, text: str) -> tuple[int, int, int]:
        moment = self.tokens[text].value
        if moment is None:
            return self.default
        if moment.__class__ is not Moment:
            return self.UNCLAIMED  # unreadable
        return (moment.day.toordinal(), second_of(moment), east_of(moment))


def east_of(moment) -> int:
    return easternmost_day(moment).toordinal()


def _event_codes(token) -> tuple[int, int, int]:
    """A cell's Token as (status code, day ordinal, second of the day)."""
    if not token.text:
        return UNKNOWN, 0, NO_TIME
    event = token.value
    if event.__class__ is not Event:
        return UNREADABLE, 0, NO_TIME
    if event.status == HAPPENED:
        moment = event.moment
        if moment is None:
            return YES, 0, NO_TIME
        return DATED, moment.day.toordinal(), second_of(moment)
    if event.status == NOT_HAPPENED:
        return NO, 0, NO_TIME
    return UNKNOWN, 0, NO_TIME
