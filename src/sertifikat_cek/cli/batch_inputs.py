"""The inputs of a row-by-row `batch` run: each opened (a CSV file or a workbook), its header
mapped and its date orders decided, before anything is written; and how a row's place is said."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from sertifikat_cek.errors import InputError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
SAMPLE_ROWS = 5000  # a workbook's first rows, looked at for the date orders


def workbook_kind(path: str) -> str | None:
    from sertifikat_cek.batch.file_kind import WORKBOOKS, peek, sniff

    if path == "-":
        kind = sniff(peek(sys.stdin.buffer))
        return kind if kind in WORKBOOKS else None
    if path.casefold().endswith(WORKBOOK_SUFFIXES):
        return Path(path).suffix.casefold().lstrip(".")
    try:
        with open(path, "rb") as file:
            kind = sniff(file.read(4096), path)
    except OSError:
        return None  # open_source says what is wrong
    return kind if kind in WORKBOOKS else None


@dataclass
class Input:
    """One opened input: its name, header, plan, rows, and how to name a row's place."""

    name: str
    header: list[str]
    plan: object
    rows: object
    where: object
    reading: str  # the stderr line that says how it is read
    close: object = None
    encoding: str = ""
    delimiter: str = ""
    sheet: str | None = None
    excel: bool = False  # came from Excel (a workbook, sep=, cp1252): a BOM for CSV output
    decider: object = None
    placed: list[int] = field(default_factory=list)  # output column of each header column
    letter: object = None  # a workbook's: header column name -> its column letter


def open_input(path: str, options, rules, known, overrides, words, lang: str) -> Input:
    from sertifikat_cek.batch import first_rows

    kind = workbook_kind(path)
    if kind is not None:
        return _open_workbook(path, options, rules, known, overrides, words, lang, kind)
    from sertifikat_cek.batch import csv_input as csv_io
    from sertifikat_cek.batch import row_loop
    from sertifikat_cek.batch.header_words import recogniser
    from sertifikat_cek.cli.batch_cmd import _delimiter_name, say

    source = csv_io.open_source(path)
    table = csv_io.open_table(
        source,
        options.encoding,
        options.delimiter,
        recogniser(known, words, overrides),
        fallback=True,
    )
    sample = first_rows.csv_rows(table.rest, table.delimiter, table.rest_row)
    plan = _plan(
        table.header,
        sample,
        rules,
        known,
        overrides,
        words,
        options,
        table.delimiter,
        source.name,
        f"{source.name}:{table.header_line}",
    )
    how = say(
        "batch.sep" if table.sep_line else "batch.detected" if table.detected else "batch.given",
        lang,
    )
    if source.guessed:
        sys.stderr.write("sertifikat-cek batch: " + say("batch.cp1252", lang) + "\n")
    reading = say(
        "batch.reading",
        lang,
        name=source.name,
        delimiter=_delimiter_name(table.delimiter),
        how=how,
        encoding=source.encoding + (" (BOM)" if source.bom else ""),
        columns=plan.columns.describe(),
    )

    excel = table.sep_line or source.guessed or source.bom or source.encoding == "cp1252"
    close = None if path == "-" else source.stream.close
    return Input(
        source.name,
        list(table.header),
        plan,
        row_loop.csv_rows(table),
        row_loop.csv_where,
        reading,
        close,
        source.encoding,
        table.delimiter,
        None,
        excel,
    )


def _open_workbook(path, options, rules, known, overrides, words, lang, kind) -> Input:
    import io

    from sertifikat_cek.batch import row_loop, workbook_input
    from sertifikat_cek.cli.batch_cmd import say

    stream = io.BytesIO(sys.stdin.buffer.read()) if path == "-" else None
    if path != "-" and not Path(path).is_file():
        from sertifikat_cek.batch import csv_input as csv_io

        csv_io.open_source(path).stream.close()  # says what is wrong with the path
    sheet = workbook_input.open_sheet(path, stream, options.sheet, kind)
    width = len(sheet.header)
    sample = list(islice(sheet.rows, SAMPLE_ROWS))
    texts = [(n, [workbook_input.cell_text(c) for c in cells]) for n, cells in sample]
    # the date order is told by dates written as text; a date cell is a date already
    written = [(n, [c if isinstance(c, str) else "" for c in cells]) for n, cells in sample]
    plan = _plan(
        sheet.header,
        texts,
        rules,
        known,
        overrides,
        words,
        options,
        None,
        sheet.where(sheet.header_row),
        sheet.where(sheet.header_row),
        written,
    )
    rows = (
        row_loop.Row(number, None, list(cells), [workbook_input.cell_text(c) for c in cells])
        for number, cells in chain(sample, sheet.rows)
    )
    header = sheet.header

    def letter(column: str) -> str:
        return workbook_input.column_letter(sheet.first_column + header.index(column))

    def where(row, column):
        place = f"row {row.number}"
        if column is not None and column in header:
            place += f", column {column!r} ({letter(column)})"
        return place

    columns = ", ".join(
        f"{header[i]!r} ({workbook_input.column_letter(sheet.first_column + i)})={name}"
        for name, i in plan.columns.fields.items()
    )
    reading = say(
        "batch.reading_sheet",
        lang,
        name=sheet.name,
        sheet=sheet.sheet,
        row=sheet.header_row,
        columns=columns,
    )
    del width
    return Input(
        sheet.name,
        header,
        plan,
        rows,
        where,
        reading,
        None,
        "workbook",
        "",
        sheet.sheet,
        True,
        letter=letter,
    )


def _plan(
    header,
    sample,
    rules,
    known,
    overrides,
    words,
    options,
    delimiter,
    where,
    header_at,
    written=None,
):
    from sertifikat_cek.batch import first_rows

    try:
        return first_rows.plan(
            header,
            sample,
            rules,
            known,
            overrides,
            words,
            options.date_order,
            delimiter,
            where=where,
            written=written,
        )
    except InputError as error:
        if error.where != "header":
            raise
        raise error.located(header_at) from None
