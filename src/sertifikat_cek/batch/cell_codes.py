"""A CSV column's cells as the arrays take them: each distinct text read once, over the run,
through the row path's own Token maps (the same date parser, date orders, words and Excel
serials), into (status, day ordinal, second) codes; the as-of column's into (day, second, day
in WIT). Used by batch.columnar."""

from __future__ import annotations

import numpy as np

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
    """An input column's cell texts as (status, day, second) codes, each distinct text read
    once over the run through the row path's Token map (bounded: cleared when full)."""

    LIMIT = 200_000
    UNCLAIMED = (UNREADABLE, 0, NO_TIME)

    def __init__(self, tokens) -> None:
        self.tokens = tokens
        self.position: dict[str, int] = {}
        self.rows: list[tuple[int, int, int]] = []
        self.tables = tuple(np.zeros(0, dtype=np.int64) for _ in range(3))

    def take(self, texts: list[str], index: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per row, its text's codes: three arrays (status, day, second)."""
        if len(self.position) + len(texts) > self.LIMIT:
            self.position.clear()
            self.rows.clear()
            self.tables = tuple(np.zeros(0, dtype=np.int64) for _ in range(3))
        position, rows = self.position, self.rows
        found = list(map(position.get, texts))
        if None in found:
            for at, text in enumerate(texts):
                if found[at] is None:
                    found[at] = len(rows)
                    if len(text) > CACHED_CHARS:  # the row path reads it, once
                        rows.append(self.UNCLAIMED)
                        continue
                    rows.append(self.read(text))
                    position[text] = found[at]
        have = len(self.tables[0])
        if have != len(rows):  # the codes of the texts new here, after the others
            new = np.asarray(rows[have:], dtype=np.int64).reshape(-1, 3)
            self.tables = tuple(
                np.concatenate([table, new[:, i]]) for i, table in enumerate(self.tables)
            )
        at = np.asarray(found, dtype=np.int64).take(index)
        return tuple(table.take(at) for table in self.tables)

    def read(self, text: str) -> tuple[int, int, int]:
        return _event_codes(self.tokens[text])

    def columns(self, texts: list[str], index: np.ndarray) -> EventColumns:
        return EventColumns(*self.take(texts, index))


class AsOfCodes(CellCodes):
    """The as-of column's cell texts as (day, second, day in WIT) codes; (-1, ..) unreadable."""

    UNCLAIMED = (-1, NO_TIME, -1)

    def take(self, texts, index, default):
        self.default = default
        return super().take(texts, index)

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
