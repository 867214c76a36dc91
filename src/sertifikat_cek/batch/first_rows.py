"""What batch learns from the header and the first block before it decides a row: the columns,
each date column's order, and the warnings about columns it does not read."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice

from sertifikat_cek.batch import date_order
from sertifikat_cek.batch.columns import AS_OF, IGNORE, ColumnMap, map_columns
from sertifikat_cek.batch.header_words import language_hints
from sertifikat_cek.errors import InputError
from sertifikat_cek.rules.columns import ColumnWords
from sertifikat_cek.rules.ruleset import RuleSet

SAMPLE_ROWS = 20000  # rows of the first block looked at
_DIGIT = re.compile(r"\d")


@dataclass
class Plan:
    """The column map, the date order per date column (by field) and their cell readers, the
    warnings for stderr."""

    columns: ColumnMap
    orders: dict[str, date_order.ColumnOrder] = field(default_factory=dict)
    readers: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def orders_json(self) -> dict[str, dict]:
        return {
            order.column: {"field": name, "order": order.order, "from": order.how}
            for name, order in self.orders.items()
        }


def csv_rows(lines: Sequence[str], delimiter: str, first_row: int) -> list[tuple[int, list[str]]]:
    """The records of the first block's lines as (spreadsheet row, cells), as far as they read
    (each record is a row, a blank one too: the first is row `first_row`)."""
    rows = []
    try:
        for number, cells in enumerate(csv.reader(lines, delimiter=delimiter), first_row):
            if len(rows) >= SAMPLE_ROWS:
                break
            rows.append((number, cells))
    except csv.Error:
        pass  # the stream reports it at its line
    return rows


def date_fields(rules: RuleSet, columns: ColumnMap) -> list[str]:
    """The mapped fields that hold dates: the rules' date inputs and the as-of column."""
    answers = rules.answers
    found = [n for n in rules.inputs if n in columns.fields and answers.get(n, "date") == "date"]
    return [*found, AS_OF] if AS_OF in columns.fields else found


def plan(
    header: Sequence[str],
    rows: Iterable[tuple[int, list[str]]],
    rules: RuleSet,
    known: Sequence[str],
    overrides: Mapping[str, str],
    words: ColumnWords,
    given_order: str | None = None,
    delimiter: str | None = None,
    where: str = "input",
    written: Iterable[tuple[int, list[str]]] | None = None,
) -> Plan:
    """The Plan of one input; InputError (exit 2) for a header batch cannot read, no event
    column (and no --map), or a date column whose order cannot be told. `written`: the rows'
    cells written as text, when they differ from `rows` (a workbook's date cells are dates)."""
    columns = map_columns(header, known, overrides, words)
    rows = list(rows)
    result = Plan(columns)
    dates = date_fields(rules, columns)
    hints = language_hints(header, words)
    if delimiter == ";":
        hints.append((date_order.DMY, "delimiter"))
    named = [(columns.fields[n], header[columns.fields[n]]) for n in dates]
    evidence = date_order.collect(named, rows if written is None else written)
    decided = date_order.decide_orders(evidence, hints, given_order, where)
    for name, (_, column) in zip(dates, named, strict=True):
        result.orders[name] = decided[column]
    result.readers = date_order.readers(result.orders)
    looks = _date_like(header, rows, columns, overrides)
    answers = rules.answers
    date_inputs = [n for n in rules.inputs if answers.get(n, "date") == "date"]
    free = [n for n in date_inputs if n not in columns.fields]
    events = [n for n in date_inputs if n in columns.fields]
    if not events and not overrides:
        found = "; ".join(_ready_map(header[i], free) for i in looks) or (
            "--map 'COLUMN=completed' (or another field)"
        )
        raise InputError(
            "no column holds an event date (completed, rated, reported ...) so every row "
            f"would be unknown; say which column does: {found}; or give --map "
            "'COLUMN=ignore' to go on without",
            where=where,
        )
    for index in looks:
        if free:
            result.warnings.append(
                f"column {header[index]!r} looks like dates but is not read; to read it: "
                + _ready_map(header[index], free)
            )
    return result


def _ready_map(column: str, free: Sequence[str]) -> str:
    quoted = column.replace("'", "'\\''")
    others = f" (or {', '.join(free[1:])})" if len(free) > 1 else ""
    return f"--map '{quoted}={free[0]}'{others}" if free else ""


def _date_like(header, rows, columns: ColumnMap, overrides) -> list[int]:
    """Columns not mapped (nor ignored) whose non-empty cells mostly read as dates."""
    from sertifikat_cek.calendar.dates import parse_moment

    used = set(columns.fields.values())
    ignored = {name for name, wanted in overrides.items() if wanted.strip().casefold() == IGNORE}
    found = []
    for index, name in enumerate(header):
        if index in used or name in ignored or f"#{index + 1}" in ignored:
            continue
        filled = (cells[index] for _, cells in rows if index < len(cells) and cells[index].strip())
        sample = list(islice(filled, 200))  # the first 200 only: not every row read
        if not sample:
            continue
        dated = undated = 0
        # each distinct text read once, the commonest first, until the majority is certain (a
        # failed reading can cost 0.2 ms); one without a digit is no date in any accepted form
        for text, count in Counter(sample).most_common():
            if _reads_as_date(text, parse_moment):
                dated += count
            else:
                undated += count
            if dated * 2 > len(sample):
                found.append(index)
                break
            if undated * 2 >= len(sample):
                break
    return found


def _reads_as_date(text: str, parse_moment) -> bool:
    if _DIGIT.search(text) is None:
        return False
    try:
        parse_moment(text)
    except InputError:
        return bool(date_order.readings(text))
    return True
