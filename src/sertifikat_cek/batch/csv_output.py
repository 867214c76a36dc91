"""The output of `batch`: each row's text as CSV (the input's columns, then the result columns)
or as a JSON line, and the UTF-8 stream it goes to."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import BinaryIO

from sertifikat_cek.batch.rows import RESULT_COLUMNS, Decided, Failure


class Output:
    """Where rows go: UTF-8 text on a binary stream (a BOM when the input had one)."""

    def __init__(self, stream: BinaryIO, bom: bool) -> None:
        self.text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
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

    def row(self, line: int, cells: list[str], result: Decided | Failure, error: str) -> str:
        """The output line of any row: diagnosed or not, ragged or not."""
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


class JsonlSink:
    """Rows out as JSON lines: the diagnose JSON of the row, its `line` and its `row`."""

    joins_lines = False

    def __init__(self, header: Sequence[str]) -> None:
        self.keys = _unique_keys(header)
        self.width = len(header)

    def header_text(self) -> str:
        return ""

    def row(self, line: int, cells: list[str], result: Decided | Failure, error: str) -> str:
        row = dict(zip(self.keys, cells, strict=False))
        for index in range(len(self.keys), len(cells)):
            row[f"column_{index + 1}"] = cells[index]
        row_json = json.dumps(row, ensure_ascii=False)
        if error:
            column = json.dumps(result.column, ensure_ascii=False)
            return (
                f'{{"verdict": null, "line": {line}, "row": {row_json}, '
                f'"error": {json.dumps(error, ensure_ascii=False)}, "error_column": {column}}}\n'
            )
        return f'{result.payload}, "line": {line}, "row": {row_json}, "error": null}}\n'


def _unique_keys(header: Sequence[str]) -> list[str]:
    keys: list[str] = []
    for index, name in enumerate(header):
        key = name or f"column_{index + 1}"
        while key in keys:
            key = f"{key}_{index + 1}"
        keys.append(key)
    return keys


def jsonl_payload(diagnosis_json: dict) -> str:
    """A diagnosis as the start of a JSON object, left open for the row's own keys."""
    return json.dumps(diagnosis_json, ensure_ascii=False)[:-1]
