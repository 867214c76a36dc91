"""Workbooks in (.xlsx .xlsm .xlsb .xls .ods) through python-calamine, imported only here: the
sheet asked for, its header row, then its rows as typed cells and as the texts batch reads.

A date cell is a date (its text ISO, 2021-03-05, which reads the same in any date order), a
number its shortest text (44260, 3.5), a boolean TRUE / FALSE, an empty cell "". Rows are
numbered as the spreadsheet numbers them (the first row is 1), columns by their letters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import BinaryIO

from sertifikat_cek.errors import InputError


def column_letter(index: int) -> str:
    """A column's letters: 0 is A, 25 Z, 26 AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: object) -> str:
    """A typed cell as the text batch reads (and a CSV output writes)."""
    if value is None or value == "":
        return ""
    if value.__class__ is str:
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.second or value.microsecond:
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


@dataclass
class Sheet:
    """One sheet, ready to stream: its header (texts), where it is, and its rows."""

    name: str  # the input's name for messages
    sheet: str
    header: list[str]
    header_row: int  # the spreadsheet's number of the header row
    first_column: int  # the index of the sheet's first used column (0: A)
    rows: Iterator[tuple[int, list]]  # (spreadsheet row number, typed cells)

    def where(self, row: int, column: int | None = None) -> str:
        """`name`, sheet, row (and column letter) for a message."""
        cell = f"row {row}"
        if column is not None:
            cell = f"{column_letter(self.first_column + column)}{row}"
        return f"{self.name}: sheet {self.sheet!r}, {cell}"


def open_sheet(
    path: str, stream: BinaryIO | None, sheet: str | None, kind: str | None = None
) -> Sheet:
    """The sheet `sheet` (a name, or its number from 1; default the first) of a workbook file,
    or of the bytes of `stream`; InputError when it cannot be read."""
    import python_calamine

    name = "<stdin>" if path == "-" else path
    try:
        if stream is not None:
            book = python_calamine.CalamineWorkbook.from_filelike(stream)
        else:
            book = python_calamine.CalamineWorkbook.from_path(path)
    except Exception as error:  # calamine's errors: a broken or password-protected file
        from sertifikat_cek.batch.file_kind import NAMES

        what = f"is {NAMES[kind]} by its name or first bytes, but " if kind in NAMES else ""
        raise InputError(
            f"{what}cannot be read as a workbook ({type(error).__name__}: "
            f"{_first_line(error)}); is it a workbook saved by Excel, LibreOffice or Google "
            "Sheets, and not protected by a password?",
            where=name,
        ) from None
    names = list(book.sheet_names)
    chosen = _sheet_name(names, sheet, name)
    try:
        data = book.get_sheet_by_name(chosen)
    except Exception as error:
        raise InputError(
            f"sheet {chosen!r} cannot be read: {_first_line(error)}", where=name
        ) from None
    start_column = (data.start or (0, 0))[1]
    rows = _guarded(_numbered(data), name, chosen)
    for number, cells in rows:
        header = [cell_text(c).strip() if isinstance(c, str) else cell_text(c) for c in cells]
        if any(header):
            while header and not header[-1]:
                header.pop()
            return Sheet(name, chosen, header, number, start_column, rows)
    raise InputError(
        f"sheet {chosen!r} is empty: a header row and rows below it are expected", where=name
    )


def _numbered(data) -> Iterator[tuple[int, list]]:
    """The sheet's rows with the numbers the spreadsheet shows. python-calamine's iter_rows
    starts at the sheet's row 1, the empty rows above the used area included, though its
    columns start at the area's first (python-calamine issue 177); should it start at the area
    (`start`) one day, its first row is not empty, and is numbered so."""
    start_row = (data.start or (0, 0))[0]
    rows = iter(data.iter_rows())
    first = next(rows, None)
    if first is None:
        return
    number = 1 if start_row == 0 or not any(map(cell_text, first)) else start_row + 1
    yield number, first
    yield from enumerate(rows, start=number + 1)


def _guarded(rows: Iterator[tuple[int, list]], name: str, sheet: str) -> Iterator[tuple[int, list]]:
    """The rows; a sheet that breaks while it is read is an InputError after the rows before."""
    number = 0
    try:
        for number, cells in rows:
            yield number, cells
    except Exception as error:  # calamine's errors: broken XML or data in the sheet
        raise InputError(
            f"sheet {sheet!r} cannot be read after row {number}: {_first_line(error)}",
            where=name,
        ) from None


def _sheet_name(names: list[str], sheet: str | None, where: str) -> str:
    if not names:
        raise InputError("the workbook has no sheets", where=where)
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return names[int(sheet) - 1]
    folded = [n for n in names if n.casefold() == sheet.casefold()]
    if folded:
        return folded[0]
    listed = ", ".join(f"{i}={n!r}" for i, n in enumerate(names, start=1))
    raise InputError(f"no sheet {sheet!r}; the sheets are: {listed}", where="--sheet")


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else "unknown error"
