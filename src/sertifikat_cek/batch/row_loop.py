"""Decides rows one at a time, for what the block streamer does not do: workbooks in or out,
several inputs in one output (a `source` column), and the --only-errors / --verdict filters.

Each row is decided by the same BatchDecider as a CSV block's rows; blank rows are skipped and
counted, short rows padded and counted, long rows are errors that keep every cell; the summary
counts every row, whether the filters write it or not."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sertifikat_cek.batch.csv_input import Table
from sertifikat_cek.batch.rows import (
    BatchDecider,
    Decided,
    Failure,
    Summary,
    guard_cell,
    place,
    ragged,
)
from sertifikat_cek.errors import InputError


@dataclass(frozen=True)
class Row:
    """A row as read: its spreadsheet row number, its file line (CSV; None for a workbook),
    its typed cells (a workbook's values; a CSV's texts) and its texts."""

    number: int
    line: int | None
    values: list
    texts: list[str]


Where = Callable[[Row, str | None], str]  # a row (and the column at fault) for its error cell


def csv_where(row: Row, column: str | None) -> str:
    """As the block streamer says it: the row (its file line when another number), the column."""
    return place(row.number, row.line) + (f", column {column!r}" if column else "")


def csv_rows(table: Table) -> Iterator[Row]:
    """A CSV table's records after the header, each with its first file line and its row
    number (the header's row plus one per record, blank ones too: a quoted line break does not
    start a row); a decode error is raised after the rows before it."""
    lines = _Lines(table)
    reader = csv.reader(lines, delimiter=table.delimiter)
    number = table.header_row
    while True:
        start = lines.count
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputError(
                f"{error} (an opening quote without its closing quote?)",
                where=f"{table_name(table)}:{table.rest_line + start}",
            ) from None
        number += 1
        yield Row(number, table.rest_line + start, cells, cells)


class _Lines:
    """The table's lines after the header, counted as csv.reader takes them."""

    def __init__(self, table: Table) -> None:
        self.count = 0
        self._lines = self._all(table)

    @staticmethod
    def _all(table: Table) -> Iterator[str]:
        yield from table.rest
        if table.error is not None:
            raise table.error
        for block in table.blocks.lines():
            yield from block

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        return line


def table_name(table: Table) -> str:
    return table.blocks.source.name


def decide_rows(
    rows: Iterable[Row],
    width: int,
    decider: BatchDecider,
    write: Callable[[Row, Decided | Failure, str], None],
    summary: Summary,
    where: Where,
    keep: Callable[[Decided | Failure], bool] | None = None,
) -> Summary:
    """Every row decided, counted, and written through `write(row, result, error text)` when
    `keep` (the filters) takes it."""
    decide_row = decider.decide_row
    verdicts, platforms = summary.verdicts, summary.platforms
    for row in rows:
        texts = row.texts
        if not any(texts):
            summary.blank += 1
            continue
        if len(texts) > width and not any(texts[width:]):  # a workbook's empty columns
            texts = texts[:width]
            row = Row(row.number, row.line, row.values[:width], texts)
        if len(texts) < width:
            summary.padded += 1
            texts = [*texts, *[""] * (width - len(texts))]
            row = Row(row.number, row.line, [*row.values, *[""] * (width - len(row.values))], texts)
        result = decide_row(texts) if len(texts) == width else ragged(len(texts), width)
        summary.rows += 1
        if result.__class__ is Decided:
            verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
            platforms[result.platform] = platforms.get(result.platform, 0) + 1
            error = ""
        else:
            summary.add_error(row.number, row.line, result)
            error = guard_cell(f"{where(row, result.column)}: {result.message}")
        if keep is None or keep(result):
            write(row, result, error)
    return summary


def keep_rows(only_errors: bool, verdicts: Iterable[str]) -> Callable | None:
    """The --only-errors / --verdict filter (a row is written when either takes it): None when
    every row is written."""
    wanted = frozenset(verdicts)
    if not only_errors and not wanted:
        return None

    def keep(result: Decided | Failure) -> bool:
        if result.__class__ is Failure:
            return only_errors
        return result.verdict in wanted

    return keep
