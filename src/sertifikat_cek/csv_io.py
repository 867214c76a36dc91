"""The CSV shell of `batch`: bytes to lines (encoding, BOM), the delimiter, streaming rows out.

Nothing here decides a case (rows go to `batch.BatchDecider` through `batch_stream`). The file
is never held in memory: it is decoded in chunks, and rows are written as they are decided."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from sertifikat_cek.batch import RESULT_COLUMNS, Decided, Failure, normalise_header
from sertifikat_cek.errors import InputError

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
CHUNK_BYTES = 256 * 1024
HEAD_LINES, HEAD_BYTES = 50, 64 * 1024
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters str.splitlines() breaks on that are not line ends in a CSV file.
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CSV_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass
class Source:
    """An opened input: its name for messages, its bytes, and the encoding chosen."""

    name: str
    stream: BinaryIO
    encoding: str = "utf-8"
    bom: bool = False
    bytes_read: int = 0
    size: int | None = None
    lines_read: int = 0


def open_source(path: str, stdin: BinaryIO | None = None) -> Source:
    """The input file (or standard input for '-'); InputError when it cannot be opened."""
    if path == "-":
        return Source("<stdin>", stdin if stdin is not None else sys.stdin.buffer)
    file = Path(path)
    try:
        stream = file.open("rb")
    except FileNotFoundError:
        raise InputError("no such file; check the path", where=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a CSV file", where=path) from None
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", where=path) from None
    try:
        size = file.stat().st_size
    except OSError:
        size = None
    return Source(path, stream, size=size)


def check_encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(
            f"unknown encoding {name!r}; use e.g. utf-8, cp1252, latin-1 or utf-16",
            where="--encoding",
        ) from None


def _cut(text: str, final: bool) -> int:
    """Where the complete lines of `text` end (a '\\r' at the very end may be half a '\\r\\n')."""
    if final:
        return len(text)
    end = text.rfind("\n")
    if end >= 0:
        return end + 1
    end = text.rfind("\r", 0, len(text) - 1)
    return end + 1


def _split(text: str) -> list[str]:
    """Lines as csv.reader wants them: ends kept, broken only at \\r\\n, \\r and \\n."""
    if _ODD_BREAKS.search(text) is None:
        return text.splitlines(True)
    return _CSV_LINES.findall(text)


def text_lines(source: Source, encoding: str | None) -> Iterator[str]:
    """The input's lines, decoded in chunks. Without `encoding`: UTF-8, or what a BOM says.

    A decode error is an InputError naming the line and suggesting --encoding."""
    head = source.stream.read(CHUNK_BYTES)
    source.bytes_read = len(head)
    if encoding is None:
        encoding = next((name for bom, name in BOMS if head.startswith(bom)), "utf-8")
    else:
        encoding = check_encoding(encoding)
    if encoding in ("utf-8", "utf-8-sig", "utf_8"):
        encoding = "utf-8"
        if head.startswith(codecs.BOM_UTF8):
            head, source.bom = head[len(codecs.BOM_UTF8) :], True
    source.encoding = encoding
    return _decoded(source, head, codecs.getincrementaldecoder(encoding)())


def _decoded(source: Source, data: bytes, decoder) -> Iterator[str]:
    pending = ""
    while True:
        final = not data
        try:
            text = pending + decoder.decode(data, final=final)
        except UnicodeDecodeError as error:
            valid = pending + error.object[: error.start].decode(source.encoding, "replace")
            complete = len(_split(valid)) - (1 if valid and valid[-1] not in "\r\n" else 0)
            raise InputError(
                f"cannot decode the bytes {error.object[error.start : error.start + 4]!r} as "
                f"{source.encoding} ({error.reason}); give the file's encoding with --encoding, "
                "e.g. --encoding cp1252 (Excel on Windows) or --encoding latin-1",
                where=f"{source.name}:{source.lines_read + complete + 1}",
            ) from None
        end = _cut(text, final)
        lines, pending = _split(text[:end]), text[end:]
        source.lines_read += len(lines)
        yield from lines
        if final:
            return
        data = source.stream.read(CHUNK_BYTES)
        source.bytes_read += len(data)


def delimiter_option(value: str | None) -> str | None:
    if value is None:
        return None
    value = DELIMITER_NAMES.get(value.casefold(), value)
    if len(value) != 1 or value in '"\r\n':
        raise InputError(
            f"{value!r} cannot be a delimiter; use one character such as , ; | or 'tab'",
            where="--delimiter",
        )
    return value


def detect_delimiter(lines: Sequence[str], known_names: Iterable[str]) -> str:
    """The delimiter among , ; tab | that the header line best supports.

    The header is the best witness: the right delimiter splits it into names the tool knows
    (Platform Digital, Tgl Selesai ...). Then the rows below should have as many cells as the
    header; then more columns win. Quoted text with commas and dates with spaces do not fool
    it, as they fool csv.Sniffer."""
    known = {normalise_header(name) for name in known_names}

    def score(delimiter: str) -> tuple:
        rows = [row for row in csv.reader(lines, delimiter=delimiter) if any(row)]
        if not rows:
            return (0, 0, 0.0, 0)
        header, rest = rows[0], rows[1:-1] if len(rows) > 2 else rows[1:]
        width = len(header)
        names = sum(1 for name in header if normalise_header(name) in known)
        steady = sum(1 for row in rest if len(row) == width) / len(rest) if rest else 1.0
        return (names, int(width > 1), steady, width)

    return max(DELIMITERS, key=score)


def read_head(lines: Iterator[str]) -> list[str]:
    """The first lines of the input (up to HEAD_LINES or HEAD_BYTES), to detect the delimiter."""
    head: list[str] = []
    size = 0
    for line in lines:
        head.append(line)
        size += len(line)
        if len(head) >= HEAD_LINES or size >= HEAD_BYTES:
            break
    return head


@dataclass
class Table:
    """A CSV input ready to stream: its header, delimiter and the reader positioned after it."""

    header: list[str]
    delimiter: str
    detected: bool
    reader: Iterator[list[str]]
    header_line: int = 1


def open_table(
    source: Source,
    encoding: str | None,
    delimiter: str | None,
    known_names: Iterable[str],
) -> Table:
    """Decode, detect the delimiter and read the header (blank lines before it skipped)."""
    lines = text_lines(source, encoding)
    head = read_head(lines)
    detected = delimiter is None
    if detected:
        delimiter = detect_delimiter(head, known_names)
    reader = csv.reader(chain(head, lines), delimiter=delimiter)
    header, line = None, 0
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                header = row
                break
            line = reader.line_num
    except csv.Error as error:
        raise InputError(f"{error}", where=f"{source.name}:{reader.line_num}") from None
    if header is None:
        raise InputError(
            "the file is empty: a CSV export with a header line is expected", where=source.name
        )
    return Table(header, delimiter, detected, reader, line + 1)


def records(table: Table, source: Source) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) of every record after the header, blank ones included."""
    reader = table.reader
    previous = reader.line_num
    try:
        for cells in reader:
            yield previous + 1, cells
            previous = reader.line_num
    except csv.Error as error:
        raise InputError(
            f"{error} (an opening quote without its closing quote?)",
            where=f"{source.name}:{previous + 1}",
        ) from None


class Output:
    """Where rows go: UTF-8 text on a binary stream (a BOM when the input had one)."""

    def __init__(self, stream: BinaryIO, bom: bool) -> None:
        self.text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
        if bom:
            self.text.write("\ufeff")

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


class CsvSink:
    """Rows out as CSV: the input's columns, then the result columns, same delimiter."""

    def __init__(
        self, header: Sequence[str], delimiter: str, result_columns: Sequence[str] = RESULT_COLUMNS
    ) -> None:
        self.header, self.delimiter = list(header), delimiter
        self.result_columns = tuple(result_columns)  # the last one is always `error`
        self.width = len(header)
        self.blank_result = [""] * (len(self.result_columns) - 1)
        self.text = self.writer = None

    def open(self, text: io.TextIOBase, with_header: bool = True) -> CsvSink:
        self.text = text
        self.writer = csv.writer(text, delimiter=self.delimiter, lineterminator="\r\n")
        if with_header:
            self.writer.writerow([*self.header, *self.result_columns])
        return self

    def row(self, line: int, cells: list[str], result: Decided | Failure, error: str) -> list:
        extra = cells[self.width :] if len(cells) > self.width else ()
        if len(cells) != self.width:  # ragged: keep every cell, our columns still line up
            cells = cells[: self.width] + [""] * (self.width - len(cells))
        if error:
            cells.extend(self.blank_result)
            cells.append(error)
        else:
            cells.extend(result.payload)
            cells.append("")
        cells.extend(extra)
        return cells

    def write(self, rows: list) -> None:
        self.writer.writerows(rows)


class JsonlSink:
    """Rows out as JSON lines: the diagnose JSON of the row, its `line` and its `row`."""

    def __init__(self, header: Sequence[str]) -> None:
        self.keys = _unique_keys(header)
        self.width = len(header)
        self.text = None

    def open(self, text: io.TextIOBase, with_header: bool = True) -> JsonlSink:
        self.text = text
        return self

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

    def write(self, rows: list) -> None:
        self.text.write("".join(rows))


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
