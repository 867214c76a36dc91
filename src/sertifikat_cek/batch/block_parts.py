"""A block of the columnar path being written: each line's text and tail interleaved and joined
once, with the row path's results for the lines it decided; and the helpers that find a block's
records (its line lengths, its lines handed to csv.reader one at a time). Used by
batch.columnar."""

from __future__ import annotations

from sertifikat_cek.batch.blocks import BlockResult
from sertifikat_cek.batch.rows import Summary


def longest_over(data: bytes, bodies: list[bytes], limit: int) -> bool:
    """Whether a line of `data` (split into `bodies`) is longer than `limit` bytes: at once
    when every stretch of limit / 2 bytes holds a line end (no line can then be longer), else
    line by line."""
    half = limit // 2
    if all(data.find(b"\n", at, at + half) >= 0 for at in range(0, len(data) - half + 1, half)):
        return False
    return max(map(len, bodies), default=0) > limit


class Block:
    """A block being written: each line's text and tail, interleaved (`parts[2 * i]` and
    `parts[2 * i + 1]`, joined once; a record of several lines: at its first line), the
    counts, and the row path's results for the lines it decided (their marks and summaries,
    taken in line order)."""

    def __init__(self, bodies, ends, first_line, first_row, final) -> None:
        self.bodies, self.ends, self.final = bodies, ends, final
        self.first_line, self.first_row = first_line, first_row
        self.parts: list[bytes] = [b""] * (2 * len(bodies))
        self.summary = Summary()
        self.records = 0
        self.others: dict[int, BlockResult] = {}  # line -> the row path's result for it
        self.end_at = len(bodies)  # lines written (fewer when the row path stopped the run)

    def put(self, lines, tails: list[bytes]) -> None:
        """The lines `lines` (a range or a list of indices) with their tails."""
        parts = self.parts
        if lines.__class__ is range and lines.step == 1:
            parts[2 * lines.start : 2 * lines.stop : 2] = self.bodies[lines.start : lines.stop]
            parts[2 * lines.start + 1 : 2 * lines.stop : 2] = tails
        else:
            bodies = self.bodies
            for index, tail in zip(lines, tails, strict=True):
                parts[2 * index] = bodies[index]
                parts[2 * index + 1] = tail

    def alone(self, index: int, result: BlockResult) -> None:
        self.parts[2 * index] = result.text.encode("utf-8", "replace")
        self.parts[2 * index + 1] = b""
        self.others[index] = result
        self.records += result.records

    def stop(self, index: int) -> None:
        self.end_at = index + 1

    def result(self) -> BlockResult:
        summary, rest, error, marks = self.summary, [], None, []
        parts = self.parts
        if self.end_at < len(self.bodies):
            parts = parts[: 2 * self.end_at]
        if self.others:
            # the bytes of parts[:counted], summed only as far as needed (by the length of their
            # join: twice as fast as adding up each part's length)
            offset, counted = 0, 0
            for index in sorted(self.others):
                alone = self.others[index]
                summary.merge(alone.summary)
                text = alone.text
                if alone.marks:
                    offset += len(b"".join(parts[counted : 2 * index]))
                    counted = 2 * index
                for start, stop, *rest_of_mark in alone.marks:  # str offsets in its text
                    begin = offset + len(text[:start].encode("utf-8", "replace"))
                    size = len(text[start:stop].encode("utf-8", "replace"))
                    marks.append((begin, begin + size, *rest_of_mark))
                if alone.rest:
                    rest = alone.rest
                if alone.error is not None:
                    error = alone.error
        consumed = len(self.bodies) - len(rest) if error is None else self.end_at
        # bytes, as the output's text layer would encode them (errors="replace"): on a worker,
        # the process writing the output only copies them
        return BlockResult(b"".join(parts), summary, consumed, self.records, marks, rest, error)


class RecordFeed:
    """A block's lines handed to csv.reader from a position the caller sets (decoded only when
    taken), so that the caller knows which lines a record took; `ran_out`: it wanted more."""

    def __init__(self, text, count: int) -> None:
        self.text, self.count, self.pos, self.ran_out = text, count, 0, False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pos >= self.count:
            self.ran_out = True
            raise StopIteration
        self.pos += 1
        return self.text(self.pos - 1)
