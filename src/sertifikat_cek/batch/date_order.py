"""Decides per date column of an export whether its numeric dates are written day-first,
month-first or year-first, and reads each cell in that order (pure functions).

The evidence, strongest first: the column's own cells that only one order can read (25/3/2021,
3/25/2021); the orders the other date columns were decided in; hints of the file's locale (the
header's language, a `;` delimiter). A column whose cells read either way and whose hints do
not agree stops the run (exit 2) unless --date-order says the order. After the decision a cell
is read in its column's order; one that only the other order can read is that row's error,
never a silent misread. A year-first date (2021-03-05, 2021/03/05) reads the same in any order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sertifikat_cek.errors import InputError

DMY, MDY, YMD = "dmy", "mdy", "ymd"
ORDERS = (DMY, MDY, YMD)
ORDER_NAMES = {DMY: "day-first", MDY: "month-first", YMD: "year-first"}
# How an order was decided (the summary says it).
FROM_CELLS, FROM_COLUMNS, FROM_HINTS, FROM_OPTION, NOT_NEEDED = (
    "cells",
    "other columns",
    "hints",
    "--date-order",
    "not needed",
)
_DAY_MONTH = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?!\d)")
_YEAR_FIRST = re.compile(r"(?<![\d/.\-])(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?![\d/.\-])")
MONTHS_EN = "January February March April May June July August September October November December"


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def readings(text: str) -> frozenset[str] | None:
    """The orders that can read a cell's numeric date (an empty set: none can); None when the
    cell has no numeric date (empty, a month name, a serial day number, yes/no)."""
    match = _DAY_MONTH.search(text)
    if match is not None:
        first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        found = set()
        if _valid(year, second, first):
            found.add(DMY)
        if _valid(year, first, second):
            found.add(MDY)
        return frozenset(found)
    match = _YEAR_FIRST.search(text)
    if match is not None:
        year, month, day = (int(match.group(i)) for i in (1, 3, 4))
        return frozenset({YMD}) if _valid(year, month, day) else frozenset()
    return None


# The first block's cells repeat (a few hundred dates): each distinct short text read once.
_readings_kept = lru_cache(maxsize=16384)(readings)


@dataclass
class Evidence:
    """What the first rows of one date column show: example (row, cell) per kind."""

    column: str
    only: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # dmy / mdy / ymd
    either: list[tuple[int, str]] = field(default_factory=list)  # readable day- or month-first

    def add(self, row: int, text: str) -> None:
        found = _readings_kept(text) if len(text) <= 64 else readings(text)
        if not found:
            return
        if found == {DMY, MDY}:
            if len(self.either) < 2:
                self.either.append((row, text))
            return
        (order,) = found
        examples = self.only.setdefault(order, [])
        if len(examples) < 2:
            examples.append((row, text))


@dataclass(frozen=True)
class ColumnOrder:
    """The decided order of one column: `order` as reported (None: no numeric date seen and
    no order known), `how` it was decided, the cells that decided it, and `day_month`: how a
    cell like 3/5/2021 is read (None: it is that row's error, the order being unknown)."""

    column: str
    order: str | None
    how: str
    examples: tuple[str, ...] = ()
    day_month: str | None = None
    strict: bool = False  # --date-order ymd: a cell like 3/5/2021 is an error

    def describe(self) -> str:
        name = ORDER_NAMES.get(self.order, "no numeric dates") if self.order else None
        if name is None:
            return f"{self.column!r}: no numeric dates in the first rows"
        if self.how == FROM_CELLS and self.examples:
            return f"{self.column!r}: {name} (from cells such as {self.examples[0]!r})"
        how = "; ".join(hint_text(part) for part in self.how.split("; "))
        return f"{self.column!r}: {name} (from {how})"


def decide_orders(
    evidence: Sequence[Evidence],
    hints: Sequence[tuple[str, str]] = (),
    given: str | None = None,
    where: str = "input",
) -> dict[str, ColumnOrder]:
    """Each column's order from its evidence; `hints` are (order, why) of the file's locale,
    `given` the --date-order. InputError (exit 2) when a column's cells disagree, or read
    either way and nothing else tells which."""
    if given is not None:
        day_month = given if given != YMD else None
        return {
            e.column: ColumnOrder(e.column, given, FROM_OPTION, (), day_month, given == YMD)
            for e in evidence
        }
    decided: dict[str, ColumnOrder] = {}
    for e in evidence:
        day, month = e.only.get(DMY), e.only.get(MDY)
        if day and month:
            raise InputError(
                f"column {e.column!r} has dates only day-first can read ({day[0][1]!r}, row "
                f"{day[0][0]}) and dates only month-first can read ({month[0][1]!r}, row "
                f"{month[0][0]}); give --date-order dmy or --date-order mdy (the cells the "
                "other order reads become those rows' errors)",
                where=where,
            )
        if day or month:
            order = DMY if day else MDY
            decided[e.column] = ColumnOrder(
                e.column, order, FROM_CELLS, tuple(t for _, t in (day or month)), order
            )
    by_cells = {c.order for c in decided.values()}
    hint_orders = {order for order, _ in hints if order in (DMY, MDY)}
    fallback: ColumnOrder | None = None
    if len(by_cells) == 1:
        (order,) = by_cells
        fallback = ColumnOrder("", order, FROM_COLUMNS, (), order)
    elif len(hint_orders) == 1 and not by_cells:
        (order,) = hint_orders
        why = "; ".join(why for o, why in hints if o == order)
        fallback = ColumnOrder("", order, why, (), order)
    result: dict[str, ColumnOrder] = {}
    for e in evidence:
        if e.column in decided:
            result[e.column] = decided[e.column]
            continue
        if e.either and fallback is None:
            raise _ambiguous(e, hints, where)
        if e.either:
            result[e.column] = ColumnOrder(
                e.column, fallback.order, fallback.how, (), fallback.day_month
            )
        elif e.only.get(YMD):
            day_month = fallback.day_month if fallback else None
            examples = tuple(t for _, t in e.only[YMD])
            result[e.column] = ColumnOrder(e.column, YMD, FROM_CELLS, examples, day_month)
        elif fallback is not None:
            result[e.column] = ColumnOrder(
                e.column, fallback.order, fallback.how, (), fallback.day_month
            )
        else:
            result[e.column] = ColumnOrder(e.column, None, NOT_NEEDED)
    return result


def hint_text(key: str) -> str:
    """A hint's key (language:en, delimiter) in words."""
    if key.startswith("language:"):
        return f"the header's language ({key.partition(':')[2]})"
    return "the ';' delimiter (Excel in a day-first locale)" if key == "delimiter" else key


def _ambiguous(e: Evidence, hints: Sequence[tuple[str, str]], where: str) -> InputError:
    cells = " and ".join(f"{text!r} (row {row})" for row, text in e.either[:2])
    text = e.either[0][1]
    match = _DAY_MONTH.search(text)
    first, second, year = int(match.group(1)), int(match.group(3)), match.group(4)
    months = MONTHS_EN.split()
    told = (
        "; the file's hints disagree: "
        + ", ".join(f"{hint_text(why)} says {o}" for o, why in hints)
        if hints
        else ""
    )
    return InputError(
        f"cannot tell the date order of column {e.column!r}: its cells {cells} read both "
        f"day-first and month-first{told}; give --date-order dmy (then {text!r} is "
        f"{first} {months[second - 1]} {year}) or --date-order mdy (then it is "
        f"{second} {months[first - 1]} {year})",
        where=where,
    )


def cell_reader(order: ColumnOrder) -> Callable[[str], str] | None:
    """What turns a cell of the column into text the day-first date parser reads as meant, or
    raises InputError for a cell its order cannot read; None when every cell can go as it is
    (day-first, or no order needed and none known)."""
    day_month, column = order.day_month, order.column

    def read(text: str) -> str:
        match = _DAY_MONTH.search(text)
        if match is None:
            year_first = _YEAR_FIRST.search(text)
            if year_first is not None and year_first.group(2) != "-":
                y, m, d = (year_first.group(i) for i in (1, 3, 4))
                return _replace(text, year_first, f"{y}-{int(m):02d}-{int(d):02d}")
            return text
        found = readings(text) or frozenset()
        if order.strict:
            raise InputError(
                f"{text!r} is not year-first, and column {column!r} is read year-first "
                "(--date-order ymd); correct the cell or give another --date-order"
            )
        if day_month == DMY or (day_month is None and found == {DMY}):
            return text
        if day_month == MDY or (day_month is None and found == {MDY}):
            if MDY in found:
                first, sep, second = match.group(1), match.group(2), match.group(3)
                return _replace(text, match, f"{second}{sep}{first}{sep}{match.group(4)}")
            if DMY in found:
                raise InputError(
                    f"{text!r} reads only day-first, but column {column!r} is read month-first "
                    f"({_decided(order)}); correct the cell, or give --date-order"
                )
            raise InputError(
                f"cannot read {text!r} as a month-first date (MM/DD/YYYY, as column "
                f"{column!r} is read): {_why_not(match)}"
            )
        if not found:
            return text  # neither order reads it: the date parser says why
        raise InputError(
            f"{text!r} reads both day-first and month-first, and the first rows of column "
            f"{column!r} did not show which; give --date-order dmy or --date-order mdy"
        )

    if day_month == DMY and not order.strict:
        return _year_first_only
    return read


def _year_first_only(text: str) -> str:
    """A cell of a day-first column: only 2021/03/05 and 2021.03.05 made ISO."""
    if "/" not in text and "." not in text:
        return text
    match = _YEAR_FIRST.search(text)
    if match is None or match.group(2) == "-" or _DAY_MONTH.search(text):
        return text
    y, m, d = (match.group(i) for i in (1, 3, 4))
    return _replace(text, match, f"{y}-{int(m):02d}-{int(d):02d}")


def _replace(text: str, match: re.Match, new: str) -> str:
    return text[: match.start()] + new + text[match.end() :]


def _decided(order: ColumnOrder) -> str:
    if order.how == FROM_CELLS and order.examples:
        return f"decided from its first rows, e.g. {order.examples[0]!r}"
    return "decided from " + "; ".join(hint_text(part) for part in order.how.split("; "))


def _why_not(match: re.Match) -> str:
    month, day, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if not 1 <= month <= 12:
        return f"month {month} does not exist"
    return f"day {day} does not exist in {MONTHS_EN.split()[month - 1]} {year}"


def readers(orders: Mapping[str, ColumnOrder]) -> dict[str, Callable[[str], str]]:
    """The cell reader of each column that needs one (by column name)."""
    found = {}
    for name, order in orders.items():
        reader = cell_reader(order)
        if reader is not None:
            found[name] = reader
    return found


def collect(columns: Sequence[tuple[int, str]], rows: Iterable[tuple[int, list[str]]]):
    """The Evidence of each (index, name) date column over `rows` of (row number, cells)."""
    evidence = [Evidence(name) for _, name in columns]
    for number, cells in rows:
        for (index, _), found in zip(columns, evidence, strict=True):
            if index < len(cells) and cells[index]:
                found.add(number, cells[index])
    return evidence
