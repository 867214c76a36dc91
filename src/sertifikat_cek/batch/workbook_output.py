"""A workbook out (-o result.xlsx) through xlsxwriter in constant-memory mode, imported only
here: the input's columns with their values as they were, the result columns (due as a real
date), a bold frozen header with filters, the verdict coloured by state, and a second sheet
`Ringkasan` with the summary.

A sheet holds at most 1,048,576 rows: the rows after that go on in a sheet `Hasil 2` (and so
on), with the header again, so no row is lost. A text longer than a cell may hold (32,767
characters) is cut there, and that row's `error` cell says so."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from sertifikat_cek.batch.rows import Decided, Failure, Summary

MAX_ROWS = 1_048_576
MAX_TEXT = 32_767
SHEET, SUMMARY_SHEET = "Hasil", "Ringkasan"
STATE_COLOURS = {  # background of the verdict cell, by state
    "done": "#C6EFCE",
    "waiting": "#FFEB9C",
    "overdue": "#FFC7CE",
    "missing": "#F8CBAD",
    "unknown": "#D9D9D9",
}
ERROR_COLOUR = "#FF0000"


class XlsxSink:
    """Rows out as a workbook: write() each row in order, then close(summary)."""

    def __init__(self, path: str, header: Sequence[str], result_columns: Sequence[str]) -> None:
        import os

        import xlsxwriter

        from sertifikat_cek.errors import InputError

        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            raise InputError(f"cannot be written: no folder {folder!r} to write in", where=path)
        self.path = path
        self.book = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "nan_inf_to_errors": True,
            },
        )
        book = self.book
        self.bold = book.add_format({"bold": True})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.time = book.add_format({"num_format": "hh:mm:ss"})
        self.states = {
            state: book.add_format({"bg_color": colour}) for state, colour in STATE_COLOURS.items()
        }
        self.error_format = book.add_format({"font_color": ERROR_COLOUR})
        self.header = [*header, *result_columns]
        self.width = len(header)
        self.sheets = 0
        self.sheet = None
        self.row = 0
        self._due_dates: dict[str, date] = {}
        self._new_sheet()

    def _new_sheet(self) -> None:
        if self.sheet is not None:
            self._finish_sheet()
        self.sheets += 1
        name = SHEET if self.sheets == 1 else f"{SHEET} {self.sheets}"
        self.sheet = self.book.add_worksheet(name)
        self.sheet.freeze_panes(1, 0)
        for column, name in enumerate(self.header):
            self.sheet.write_string(0, column, name, self.bold)
        self.row = 1

    def _finish_sheet(self) -> None:
        self.sheet.autofilter(0, 0, max(self.row - 1, 1), len(self.header) - 1)

    def write(self, values: Sequence, result: Decided | Failure, error: str) -> None:
        """One row: its values as they were (beyond the header's width after `error`), then the
        result columns."""
        if self.row >= MAX_ROWS:
            self._new_sheet()
        sheet, row, width = self.sheet, self.row, self.width
        cut = []
        for column, value in enumerate(values[:width]):
            if self._value(sheet, row, column, value):
                cut.append(self.header[column])
        column = width
        if error or cut:
            if cut:
                note = f"a cell of {', '.join(map(repr, cut))} was cut at {MAX_TEXT} characters"
                error = f"{error}; {note}" if error else note
            columns = len(self.header) - width
            sheet.write_string(row, width + columns - 1, error[:MAX_TEXT], self.error_format)
        if result.__class__ is Decided:
            cells = result.payload
            for index, text in enumerate(cells):
                if not text:
                    continue
                if index == 0:
                    colour = self.states.get(cells[2]) if len(cells) > 2 else None
                    sheet.write_string(row, column, text, colour)
                elif index == 3:
                    sheet.write_datetime(row, column + index, self._due(text), self.date)
                else:
                    sheet.write_string(row, column + index, text[:MAX_TEXT])
        extra = len(self.header)
        for offset, value in enumerate(values[width:]):
            self._value(sheet, row, extra + offset, value)
        self.row += 1

    def _due(self, text: str) -> date:
        day = self._due_dates.get(text)
        if day is None:
            day = self._due_dates[text] = date.fromisoformat(text)
        return day

    def _value(self, sheet, row: int, column: int, value) -> bool:
        """Write one input value with its type; True when a text was cut."""
        if value is None or value == "":
            return False
        if value.__class__ is str:
            sheet.write_string(row, column, value)
            return len(value) > MAX_TEXT
        if isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, datetime):
            sheet.write_datetime(row, column, value, self.datetime)
        elif isinstance(value, date):
            sheet.write_datetime(row, column, value, self.date)
        elif isinstance(value, time):
            sheet.write_datetime(row, column, value, self.time)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value)
        else:
            sheet.write_string(row, column, str(value))
        return False

    def abandon(self) -> None:
        """A run that stopped: nothing is written (xlsxwriter writes the file only at close)."""
        self.book.fileclosed = True

    def close(self, summary: Summary, lang: str, facts: Sequence[tuple[str, str]] = ()) -> None:
        """The summary sheet, then the file (only now is the workbook written)."""
        self._finish_sheet()
        sheet = self.book.add_worksheet(SUMMARY_SHEET)
        words = SUMMARY_WORDS[lang]
        row = 0
        for key, value in (
            (words["rows"], summary.rows),
            (words["diagnosed"], summary.diagnosed),
            (words["errors"], summary.errors),
            (words["blank"], summary.blank),
            (words["padded"], summary.padded),
        ):
            sheet.write_string(row, 0, key)
            sheet.write_number(row, 1, value)
            row += 1
        for key, value in facts:
            sheet.write_string(row, 0, key)
            sheet.write_string(row, 1, value)
            row += 1
        for title, counts in (
            (words["verdict"], summary.verdicts),
            (words["platform"], summary.platforms),
        ):
            row += 1
            sheet.write_string(row, 0, title, self.bold)
            sheet.write_string(row, 1, words["count"], self.bold)
            row += 1
            for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
                sheet.write_string(row, 0, key)
                sheet.write_number(row, 1, count)
                row += 1
        if summary.first_errors:
            row += 1
            # several inputs: the one each row is in, first
            sources = any(error.get("source") for error in summary.first_errors)
            titles = (words["row"], words["column"], words["message"])
            if sources:
                titles = (words["source"], *titles)
            for column, title in enumerate(titles):
                sheet.write_string(row, column, title, self.bold)
            row += 1
            for error in summary.first_errors:
                at = 0
                if sources:
                    sheet.write_string(row, 0, error.get("source") or "")
                    at = 1
                sheet.write_number(row, at, error["row"])
                column = error["column"] or ""
                if column and error.get("column_letter"):
                    column += f" ({error['column_letter']})"
                sheet.write_string(row, at + 1, column)
                sheet.write_string(row, at + 2, error["message"][:MAX_TEXT])
                row += 1
        sheet.set_column(0, 0, 32)
        try:
            self.book.close()
        except Exception as error:  # xlsxwriter's FileCreateError, an OSError underneath
            from sertifikat_cek.errors import InputError

            reason = getattr(error.__cause__, "strerror", None) or _first_line(error)
            raise InputError(f"cannot be written: {reason}", where=self.path) from None


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


SUMMARY_WORDS = {
    "id": {
        "rows": "baris dibaca",
        "diagnosed": "terdiagnosis",
        "errors": "dengan kesalahan",
        "blank": "baris kosong dilewati",
        "padded": "baris pendek dilengkapi",
        "verdict": "verdict",
        "platform": "platform",
        "count": "baris",
        "source": "sumber",
        "row": "baris",
        "column": "kolom",
        "message": "kesalahan pertama",
    },
    "en": {
        "rows": "rows read",
        "diagnosed": "diagnosed",
        "errors": "with errors",
        "blank": "blank rows skipped",
        "padded": "short rows padded",
        "verdict": "verdict",
        "platform": "platform",
        "count": "rows",
        "source": "source",
        "row": "row",
        "column": "column",
        "message": "first errors",
    },
}
