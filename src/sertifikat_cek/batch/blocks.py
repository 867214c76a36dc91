"""Decides a block of CSV lines into output text: the loop every row of `batch` goes through,
on this process or on a worker process.

Pure: lines in, text and counts out. A line without a quote character (and no longer than a cell may be) is one
record, split on the delimiter (exactly what csv.reader reads there); any other record is read by csv.reader,
which takes further lines for a line end inside quotes. With CSV output, a diagnosed row is
written back as it came, quotes and all, followed by its result columns, so its cells read back
as they were read. A record still open at the end of a block that is not the last is left for
the next block."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from sertifikat_cek.batch.csv_input import FIELD_LIMIT, LineFeed, decode_block
from sertifikat_cek.batch.csv_output import CsvSink, JsonlSink
from sertifikat_cek.batch.rows import BatchDecider, Decided, Summary, failure_text, ragged

TAILS_KEPT = 4096  # result columns formatted, by result (cleared when full)


@dataclass
class BlockResult:
    """A decided block: its output text and counts, how many of its lines and records it used,
    where its text names row numbers, and the (message, where) of a problem that stops the run
    there."""

    text: str | bytes  # bytes: UTF-8, as the output's text layer would encode it
    summary: Summary
    consumed: int  # lines used; the lines after start a record that the next block completes
    records: int  # records in those lines, blank ones too: the spreadsheet rows they are
    # the rows whose text names their row number (an error; every JSON line), each as (start,
    # end) of its text, row, line, and the cells and result of an error row: what `renumbered`
    # writes again (a diagnosed JSON line only changes its number: no cells kept)
    marks: list[tuple]
    rest: list[str] = field(default_factory=list)  # those lines
    error: tuple[str, str] | None = None


@dataclass(frozen=True)
class Job:
    """A block for a worker: lines already decoded, then bytes to decode; the number of its
    first line; the spreadsheet row its first record is taken to be (a worker cannot count the
    records before its block: when that was wrong, `renumbered` corrects the result); and
    whether it is the input's last block."""

    lines: list[str]
    data: bytes
    first_line: int
    first_row: int
    final: bool
    slot: int = -1  # the slot of the input's ring that holds `data` (a view of it), or -1


class BlockDecider:
    """Decides blocks of one input's lines with one BatchDecider, writing through one sink."""

    def __init__(
        self,
        decider: BatchDecider,
        sink: CsvSink | JsonlSink,
        delimiter: str,
        name: str,
        encoding: str = "utf-8",
    ) -> None:
        self.decider, self.sink, self.delimiter = decider, sink, delimiter
        self.name, self.encoding = name, encoding
        self.feed = LineFeed([])
        self.reader = csv.reader(self.feed, delimiter=delimiter)
        self.tails: dict[Decided, str] = {}  # by identity: results are shared objects

    def decide_job(self, job: Job) -> BlockResult:
        """A Job's block: its bytes decoded (the records wholly before an undecodable byte
        decided, then the decode error), its lines decided."""
        lines, problem = job.lines, None
        if job.data:
            decoded, problem = decode_block(
                job.data, self.encoding, self.name, job.first_line + len(job.lines)
            )
            lines = [*lines, *decoded] if lines else decoded
        result = self.decide(
            lines, job.first_line, job.final and problem is None, first_row=job.first_row
        )
        if problem is not None:
            result.rest = []  # a record open at the unreadable line is not written
            if result.error is None:
                result.error = (problem.message, problem.where)
        return result

    def first_job(self, job: Job) -> BlockResult:
        """The input's first Job, on the reading process before the workers are forked (as
        decide_job)."""
        return self.decide_job(job)

    def decide(
        self, lines: list[str], first_line: int, final: bool = True, *, first_row: int
    ) -> BlockResult:
        """Every record of `lines` (the first is line `first_line` and row `first_row`),
        decided and formatted in order; blank records skipped and counted (each is a row).
        Unless `final`, a record still open at the end is left in `rest`."""
        decide_row, sink, delimiter = self.decider.decide_row, self.sink, self.delimiter
        width, joins, row_text, names = sink.width, sink.joins_lines, sink.row, sink.names_rows
        tails = self.tails
        tally: dict[Decided, int] = {}
        summary = Summary()
        parts: list[str] = []
        append = parts.append
        feed, reader = self.feed, self.reader
        feed.lines = lines
        index, count, error = 0, len(lines), None
        row = first_row - 1  # the row of the record last read
        marks: list[tuple] = []  # (index in parts, row, line, error row's cells and result)
        while index < count:
            line = lines[index]
            start = index
            if '"' not in line and len(line) <= FIELD_LIMIT:
                index += 1
                body = line.rstrip("\r\n")
                cells = body.split(delimiter)
            else:
                feed.pos, feed.ran_out = index, False
                try:
                    cells = next(reader)
                except csv.Error as problem:
                    error = (
                        f"{problem} (an opening quote without its closing quote?)",
                        f"{self.name}:{first_line + index}",
                    )
                    break
                if feed.ran_out and not final:
                    break  # the record goes on in the next block
                index = feed.pos
                # the record's own text (a quoted line end inside it kept), closed quotes and all
                body = line if index == start + 1 else "".join(lines[start:index])
                body = body.rstrip("\r\n") if not feed.ran_out else None
            row += 1
            if not any(cells):
                summary.blank += 1
                continue
            if len(cells) < width:  # Excel leaves out a row's trailing empty cells
                missing = width - len(cells)
                cells = [*cells, *[""] * missing]
                if body is not None:
                    body += delimiter * missing
                summary.padded += 1
            if len(cells) == width:
                result = decide_row(cells)
                if result.__class__ is Decided:
                    tally[result] = tally.get(result, 0) + 1
                    if body is not None and joins:
                        tail = tails.get(result)
                        if tail is None:
                            if len(tails) >= TAILS_KEPT:
                                tails.clear()
                            tail = tails[result] = sink.tail(result)
                        append(body)
                        append(tail)
                    else:
                        number = first_line + start
                        if names:
                            marks.append((len(parts), row, number, None, None))
                        append(row_text(row, number, cells, result, ""))
                    continue
            else:
                result = ragged(len(cells), width)
            number = first_line + start  # its file line
            summary.add_error(row, number, result)
            marks.append((len(parts), row, number, cells, result))
            append(row_text(row, number, cells, result, failure_text(row, number, result)))
        feed.lines = []
        verdicts, platforms = summary.verdicts, summary.platforms
        for result, rows in tally.items():
            verdicts[result.verdict] = verdicts.get(result.verdict, 0) + rows
            platforms[result.platform] = platforms.get(result.platform, 0) + rows
            if result.unconfirmed:
                summary.unconfirmed += rows
        summary.rows = sum(tally.values()) + summary.errors
        rest = lines[index:] if error is None and index < count else []
        records = row - first_row + 1
        return BlockResult(
            "".join(parts), summary, index, records, _spans(parts, marks), rest, error
        )

    def renumbered(self, result: BlockResult, shift: int) -> BlockResult:
        """A block's result with every row number it names `shift` higher: its rows written
        again (the worker that decided it took its first row to be another)."""
        pieces, end = [], 0
        text, sink = result.text, self.sink
        encoded = text.__class__ is bytes  # the columnar path's: marks are byte offsets
        for start, stop, row, line, cells, failure in result.marks:
            row += shift
            if cells is None:  # a diagnosed row: its number is all that changes
                piece = text[start:stop]
                again = sink.renumber(piece.decode() if encoded else piece, row)
            else:
                again = sink.row(row, line, cells, failure, failure_text(row, line, failure))
            pieces += (text[end:start], again.encode("utf-8", "replace") if encoded else again)
            end = stop
        pieces.append(text[end:])
        for first in result.summary.first_errors:
            first["row"] += shift
        joined = b"".join(pieces) if encoded else "".join(pieces)
        result.text, result.marks = joined, []  # its spans were in the old text
        return result


def _spans(parts: list[str], marks: list[tuple]) -> list[tuple]:
    """The marks with their (start, end) in the joined text instead of their index in parts."""
    spans, offset, done = [], 0, 0
    for index, *rest in marks:
        offset += sum(map(len, parts[done:index]))
        end = offset + len(parts[index])
        spans.append((offset, end, *rest))
        offset, done = end, index + 1
    return spans
