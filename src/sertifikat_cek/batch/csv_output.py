"""The output of `batch`: each row's text as CSV (the input's columns, then the result columns)
or as a JSON line, and the UTF-8 stream it goes to."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import BinaryIO

from sertifikat_cek.batch.rows import RESULT_COLUMNS, Decided, Failure


class _KeptOpen(io.BufferedIOBase):
    """A binary stream's writes, without its close: the text layer on top of it may be dropped
    after a failed write (a closed pipe, a full disk) without closing standard output."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self.stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return self.stream.write(data)

    def flush(self) -> None:
        if not self.closed:
            self.stream.flush()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            super().close()


class Output:
    """Where rows go: UTF-8 text on a binary stream (a BOM when the input had one)."""

    def __init__(self, stream: BinaryIO, bom: bool) -> None:
        self.text = io.TextIOWrapper(
            _KeptOpen(stream), encoding="utf-8", errors="replace", newline="", write_through=False
        )
        if bom:
            self.text.write("\ufeff")

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


class _LastLine:
    """What a csv.writer writes, kept: the writer formats one line at a time for us."""

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text = text


class CsvSink:
    """Rows out as CSV: the input's columns, then the result columns, same delimiter.

    `tail` is the text of the result columns of a diagnosed row: batch_block writes a diagnosed
    record as its own text followed by its tail, so its cells read back as they were read (for
    a line with no quote character, that is also exactly what csv.writer would write)."""

    joins_lines = True  # the input line + tail is the output line (see batch_block)
    names_rows = False  # only an error cell says where its row is

    def __init__(
        self, header: Sequence[str], delimiter: str, result_columns: Sequence[str] = RESULT_COLUMNS
    ) -> None:
        self.header, self.delimiter = list(header), delimiter
        self.result_columns = tuple(result_columns)  # the last one is always `error`
        self.width = len(header)
        self.blank_result = [""] * (len(self.result_columns) - 1)
        self._line = _LastLine()
        self._writer = csv.writer(self._line, delimiter=delimiter, lineterminator="\r\n")

    def line(self, cells: Sequence[str]) -> str:
        """One CSV line, as csv.writer writes it."""
        self._writer.writerow(cells)
        return self._line.text

    def header_text(self) -> str:
        return self.line([*self.header, *self.result_columns])

    def tail(self, result: Decided) -> str:
        """The result columns of a diagnosed row, with the delimiter before them."""
        return self.line(["", *result.payload, ""])

    def row(
        self,
        number: int,
        line: int | None,
        cells: list[str],
        result: Decided | Failure,
        error: str,
    ) -> str:
        """The output line of any row (spreadsheet row `number`, file `line`): diagnosed or
        not, ragged or not."""
        extra = cells[self.width :] if len(cells) > self.width else ()
        if len(cells) != self.width:  # ragged: keep every cell, our columns still line up
            cells = cells[: self.width] + [""] * (self.width - len(cells))
        else:
            cells = list(cells)
        if error:
            cells.extend(self.blank_result)
            cells.append(error)
        else:
            cells.extend(result.payload)
            cells.append("")
        cells.extend(extra)
        return self.line(cells)


# Characters JSON may leave raw that some readers take for a line end (str.splitlines breaks on
# them), and lone surrogates, which UTF-8 cannot encode: written as \uXXXX escapes.
_UNSAFE_IN_JSON = re.compile("[\x85\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value) -> str:
    """JSON on one line whatever the text holds: UTF-8 as it is, but for line-like separators
    and lone surrogates, escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(_escape, text) if _UNSAFE_IN_JSON.search(text) else text


_ROW_NUMBER = '"row_number": '


class JsonlSink:
    """Rows out as JSON lines: the diagnose JSON of the row, its `line` (the file line it
    starts on; null for a workbook), its `row_number` (the spreadsheet's) and its `row`, which
    holds every cell of the record: by header name (a repeated name as name, name_2, ...; an
    empty one as column_N), cells past the header as column_N."""

    joins_lines = False
    names_rows = True  # every line says where its row is

    def __init__(self, header: Sequence[str]) -> None:
        self.keys = unique_keys(header)
        self.width = len(header)

    def header_text(self) -> str:
        return ""

    def _keys(self, count: int) -> list[str]:
        if count > len(self.keys):  # a long row: more keys, none equal to a header's
            self.keys = unique_keys([*self.keys, *([""] * (count - len(self.keys)))])
        return self.keys

    def renumber(self, text: str, number: int) -> str:
        """A diagnosed row's line (as `row` wrote it) with another row number. Its first
        `"row_number": ` is its own: the diagnosis before it has no such key, and in a JSON
        string both quotes would be escaped."""
        start = text.index(_ROW_NUMBER) + len(_ROW_NUMBER)
        return text[:start] + str(number) + text[text.index(",", start) :]

    def row(
        self,
        number: int,
        line: int | None,
        cells: list[str],
        result: Decided | Failure,
        error: str,
    ) -> str:
        row_json = json_text(dict(zip(self._keys(len(cells)), cells, strict=False)))
        place = f'"line": {json_text(line)}, "row_number": {number}, "row": {row_json}'
        if error:
            column = json_text(result.column)
            return (
                f'{{"verdict": null, {place}, '
                f'"error": {json_text(error)}, "error_column": {column}}}\n'
            )
        return f'{result.payload}, {place}, "error": null}}\n'


def unique_keys(header: Sequence[str]) -> list[str]:
    """One distinct key per header cell: the name; an empty name column_N (N its position);
    the second and later of a repeated key key_2, key_3, ... (skipping any taken key)."""
    keys: list[str] = []
    taken: set[str] = set()
    counts: dict[str, int] = {}
    for index, name in enumerate(header):
        base = name or f"column_{index + 1}"
        key = base
        if key in taken:
            number = counts.get(base, 1)
            while key in taken:
                number += 1
                key = f"{base}_{number}"
            counts[base] = number
        taken.add(key)
        keys.append(key)
    return keys


def jsonl_payload(diagnosis_json: dict) -> str:
    """A diagnosis as the start of a JSON object, left open for the row's own keys."""
    return json_text(diagnosis_json)[:-1]
