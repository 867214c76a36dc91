"""The columnar path of a CSV block: the decision columns tokenized by pyarrow's C reader, each
distinct cell read once by the project's own readers, the cases decided as arrays
(decide.arrays), each line's own text passed through with one formatted tail per result.

It stands in front of a BlockDecider (`decide`, `decide_job`: the same calls and results) and
claims only what it decides exactly as the row path would. A block it cannot read the same way
as csv.reader (a quoted line break, a lone carriage return, a NUL, an overlong line, bytes
that are not in the encoding) goes to the row path whole; a row it does not claim (any cell the
readers refuse, a ragged, short or blank row, an unknown platform, an event after the as-of
moment, a due date outside the calendar) goes to the row path alone, with the same words and
counts. numpy and pyarrow (not pyarrow.compute: 20-50 ms more) are imported only when this
module is."""

from __future__ import annotations

import codecs
import csv
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from sertifikat_cek.batch.block_parts import Block, RecordFeed, longest_over
from sertifikat_cek.batch.blocks import BlockDecider, BlockResult, Job
from sertifikat_cek.batch.cell_codes import UNREADABLE, AsOfCodes, CellCodes, east_of, second_of
from sertifikat_cek.batch.columns import AS_OF, PLATFORM
from sertifikat_cek.batch.csv_input import CHUNK_BYTES, FIELD_LIMIT
from sertifikat_cek.batch.result_tails import TailTable
from sertifikat_cek.batch.rows import Decided, Summary, csv_cells
from sertifikat_cek.decide.arrays import STATE_NAMES, ArrayDecider, AsOfColumns

READ_BLOCK = 1 << 26  # pyarrow's block: larger than any block of ours, so one chunk
# A Job holds about this many rows, in whole 256 KiB blocks (from 2 to 6: 512 KiB to 1.5 MiB).
# Array code pays a fixed cost per call, and per distinct cell of a block (a wide export has as
# many distinct dates in a small block as in a large one); the arrays of many more rows no
# longer fit the CPU's caches. Measured on the benchmark's exports: 4 blocks best for the narrow
# one (7 columns, 50 bytes a row); for the 12-column ones 6, 7 and 8 alike in speed, but each
# block more is 3 MiB more peak memory (the Jobs in flight, the result being written).
ROWS_PER_JOB = 20_000
FEWEST_BLOCKS, MOST_BLOCKS = 2, 6


def count_lines(data, scratch: np.ndarray | None = None) -> int:
    """csv_input.line_count, with numpy: the lines (ended by \n, \r\n or \r) of a block of
    bytes (what the streamer numbers Jobs by, on the process that reads the input); `scratch`,
    a bool array at least as long, is reused for the comparisons (no new pages a Job)."""
    codes = np.frombuffer(data, dtype=np.uint8)
    found = np.empty(len(codes), dtype=bool) if scratch is None else scratch[: len(codes)]
    count = int(np.count_nonzero(np.equal(codes, 10, out=found)))
    returns = int(np.count_nonzero(np.equal(codes, 13, out=found)))
    if returns:  # a \r ends a line of its own unless a \n follows it: the \r\n pairs, as
        # two-byte words from an even and from an odd start, are not counted twice
        for start in (0, 1):
            words = (len(codes) - start) // 2
            pairs = np.frombuffer(data, dtype="<u2", count=words, offset=start)
            count -= int(np.count_nonzero(np.equal(pairs, 0x0A0D, out=found[:words])))
        count += returns
    return count + 1 if len(data) and data[-1:] not in (b"\n", b"\r") else count


def job_blocks(sample: list[str]) -> int:
    """The blocks of a Job, for lines as long as those of `sample` (the input's first lines)."""
    chars = sum(map(len, sample)) / len(sample) if sample else 100
    wanted = round(ROWS_PER_JOB * chars / CHUNK_BYTES)
    return max(FEWEST_BLOCKS, min(MOST_BLOCKS, wanted))


class ColumnarBlocks:
    """A BlockDecider's blocks, decided as arrays where that gives the same output."""

    def __init__(self, blocks: BlockDecider, sample: list[str] | None = None) -> None:
        self.blocks = blocks
        decider = self.decider = blocks.decider
        self.sink, self.delimiter = blocks.sink, blocks.delimiter
        self.arrays = ArrayDecider(decider.rules, decider.calendar)
        self.platform_index = {p: i for i, p in enumerate(self.arrays.platform_ids)}
        fields = decider.columns.fields
        self.width = blocks.sink.width
        names = [f"c{i}" for i in range(self.width)]
        self.column_names = names
        self.platform_column = names[fields[PLATFORM]]
        self.inputs = [(name, names[fields[name]]) for name in decider.inputs]
        self.as_of_column = names[fields[AS_OF]] if AS_OF in fields else None
        wanted = [self.platform_column, *(c for _, c in self.inputs)]
        if self.as_of_column:
            wanted.append(self.as_of_column)
        self.wanted = list(dict.fromkeys(wanted))
        default = decider.default_as_of
        self.default_as_of = (default.day.toordinal(), second_of(default), east_of(default))
        # the columnar path gives CSV cells only: JSON lines and replies go row by row; a result
        # key keeps a verdict's stage in 5 bits (see _result_tails, _count)
        longest = max(len(c.stage_ids) for p in decider.rules.platforms.values() for c in p.chains)
        self.usable = blocks.sink.joins_lines and decider.render is csv_cells and longest < 32
        # the inputs by the Token map that reads them: one CellCodes, one unification per block
        groups: dict[int, tuple[CellCodes, list[tuple[str, str]]]] = {}
        for name, column in self.inputs:
            tokens = decider.token_maps[name]
            groups.setdefault(id(tokens), (CellCodes(tokens), []))[1].append((name, column))
        self.code_groups = list(groups.values())
        # the tails of the result keys met (see _result_tails)
        self._tail_table = TailTable()
        self.job_blocks = job_blocks(sample or [])
        self._tails: dict[Decided, bytes] = {}
        self.as_of_codes = (
            AsOfCodes(decider.token_maps[AS_OF], self.default_as_of) if self.as_of_column else None
        )
        self.claimed_rows = 0  # rows decided as arrays (for tests and the benchmark)
        self._scratch = np.empty(0, dtype=bool)  # count_lines's

    def count_lines(self, data) -> int:
        """count_lines, with this decider's scratch array (the streamer's count of Jobs)."""
        if len(self._scratch) < len(data):
            self._scratch = np.empty(len(data), dtype=bool)
        return count_lines(data, self._scratch)

    # -- the BlockDecider's calls --------------------------------------------------------------
    def decide_job(self, job: Job) -> BlockResult:
        if self.usable and job.data is not None:
            data = self._utf8(job)
            if data is not None:
                result = self._decide_bytes(data, job.first_line, job.first_row, job.final)
                if result is not None:
                    return result
        return self.blocks.decide_job(job)

    def decide(
        self, lines: list[str], first_line: int, final: bool = True, *, first_row: int
    ) -> BlockResult:
        if self.usable:
            try:
                data = "".join(lines).encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: the row path says what it does
                data = None
            if data is not None:
                result = self._decide_bytes(data, first_line, first_row, final)
                if result is not None:
                    return result
        return self.blocks.decide(lines, first_line, final, first_row=first_row)

    def first_job(self, job: Job) -> BlockResult:
        """The input's first Job, on the reading process before the workers are forked (as
        decide_job)."""
        return self.decide_job(job)

    def renumbered(self, result: BlockResult, shift: int) -> BlockResult:
        return self.blocks.renumbered(result, shift)

    def _utf8(self, job: Job) -> bytes | None:
        """A Job's text as UTF-8 bytes; None when its bytes are not all in the encoding (the
        row path decides the lines before the bad byte, then says where it is)."""
        head = "".join(job.lines).encode("utf-8") if job.lines else b""
        try:
            if codecs.lookup(self.blocks.encoding).name == "utf-8":
                job.data.decode("utf-8")  # checked, not kept: UTF-8 goes through as it is
                return head + job.data
            return head + job.data.decode(self.blocks.encoding).encode("utf-8")
        except (UnicodeDecodeError, UnicodeEncodeError, LookupError):
            return None

    # -- one block ----------------------------------------------------------------------------
    def _decide_bytes(
        self, data: bytes, first_line: int, first_row: int, final: bool
    ) -> BlockResult | None:
        """The output of a block of whole lines (UTF-8), or None when it must go to the row
        path whole."""
        if not data or b"\0" in data:
            return None
        ends = data.endswith(b"\n")
        if not final and not ends:
            return None
        # lines without their line ends: all \n, or all \r\n (another mix goes to the row path:
        # a record's own text keeps its line ends)
        bodies = data.splitlines()  # at \n, \r\n and \r
        returns = 0
        if b"\r" in data:  # a lone \r makes one line too many; a lone \n one \r too few
            codes = np.frombuffer(data, dtype=np.uint8)
            if len(self._scratch) < len(codes):
                self._scratch = np.empty(len(codes), dtype=bool)
            found = self._scratch[: len(codes)]
            newlines = int(np.count_nonzero(np.equal(codes, 10, out=found)))
            returns = int(np.count_nonzero(np.equal(codes, 13, out=found)))
            broken = ends or data.endswith(b"\r")  # the last line has its line end
            if returns != newlines or len(bodies) != newlines + (0 if broken else 1):
                return None
        if longest_over(data, bodies, FIELD_LIMIT):  # bytes: at least as many as characters
            return None
        self.end = b"\r\n" if returns else b"\n"
        block = Block(bodies, ends, first_line, first_row, final)
        lines = range(len(bodies))
        if self._fast(data, block, lines, range(first_row, first_row + len(bodies))):
            return block.result()
        block = Block(bodies, ends, first_line, first_row, final)
        return self._records(block)

    def _records(self, block: Block) -> BlockResult | None:
        """A block whose records are not all lines: csv.reader finds the records that hold a
        quoted line end (it reads only from lines with a quote, as the row path does); the
        one-line records are decided as arrays together, the others through the row path."""
        bodies, count = block.bodies, len(block.bodies)
        feed = RecordFeed(lambda i: self._line(block, i), count)
        spans: dict[int, int] = {}  # first line -> end of a record of several lines, or open
        after = 0  # the first line not yet in a record
        for start in [i for i, body in enumerate(bodies) if b'"' in body]:
            if start < after:
                continue
            feed.pos, feed.ran_out = start, False
            try:
                next(csv.reader(feed, delimiter=self.delimiter))
            except csv.Error:  # the row path says what is wrong, and stops there
                feed.ran_out, feed.pos = True, count
            if feed.ran_out:  # open to the end of the block
                spans[start] = count
                break
            after = feed.pos
            if after > start + 1:
                spans[start] = after
        # the one-line records, with their rows; then each longer record on the row path
        singles, rows, row, index = [], [], block.first_row, 0
        while index < count:
            if index in spans:
                stop = spans[index]
                last = stop == count
                lines = [self._line(block, i) for i in range(index, stop)]
                alone = self.blocks.decide(
                    lines, block.first_line + index, block.final or not last, first_row=row
                )
                block.alone(index, alone)
                row += alone.records
                if alone.error is not None:  # the row path stopped at this record
                    block.stop(index)
                    break
                index = stop
                continue
            singles.append(index)
            rows.append(row)
            row += 1
            index += 1
        if singles:
            data = self.end.join([bodies[i] for i in singles]) + self.end
            if not self._fast(data, block, singles, rows, complete=True):
                return None  # pyarrow reads these lines otherwise: the row path, whole
        return block.result()

    def _line(self, block: Block, index: int) -> str:
        """A line of the block as the row path takes it: its text and line end."""
        last = index == len(block.bodies) - 1
        return (block.bodies[index] + (self.end if block.ends or not last else b"")).decode()

    def _fast(self, data, block: Block, lines, rows, complete: bool = False) -> bool:
        """The lines `lines` of the block (whose text is `data`, in order) as arrays, each a
        record of row `rows[i]`: their outputs into `block`; False when pyarrow's records are
        not those lines. With `complete`, every line is a whole record (none goes on)."""
        count = len(lines)
        table, invalid = self._read(data)
        if table is None or table.num_rows + len(invalid) != count:
            return False  # a quoted line break: records are not lines here
        at = np.arange(count)
        if invalid:
            at = np.delete(at, np.asarray(invalid, dtype=np.int64) - 1)
        platform, events, as_of = self._columns(table)
        result = self.arrays.decide(platform, events, as_of)
        bodies = block.bodies
        last_line = lines[-1]
        # the block's last line goes to the row path alone when it holds a quote: its record
        # may go on in the next block
        if not complete and b'"' in bodies[last_line] and len(at) and at[-1] == count - 1:
            result.claimed[-1] = False
        claimed = np.flatnonzero(result.claimed)
        tails = np.full(count, b"", dtype=object)
        summary = block.summary
        if len(claimed):
            tails[at[claimed]] = self._result_tails(result, claimed)
            self._count(result, claimed, summary)
            summary.rows += len(claimed)
            self.claimed_rows += len(claimed)
        block.put(lines, tails.tolist())
        block.records += count
        # every other line, through the row path alone
        left = np.ones(count, dtype=bool)
        left[at[claimed]] = False
        for j in np.flatnonzero(left).tolist():
            index = lines[j]
            last = index == len(bodies) - 1
            alone = self.blocks.decide(
                [self._line(block, index)],
                block.first_line + index,
                block.final or not last,
                first_row=rows[j],
            )
            block.records -= 1
            block.alone(index, alone)
        return True

    def _count(self, result, claimed: np.ndarray, summary: Summary) -> None:
        """The claimed rows per verdict, per platform and with rules_unconfirmed, counted by
        (group, verdict stage, state): a few dozen keys, not one per due date."""
        keys = (result.group[claimed] * 32 + result.verdict[claimed]) * 8 + result.state[claimed]
        counts = np.bincount(keys)  # keys < 256 per group met: a short table, no sort
        distinct = np.flatnonzero(counts)
        verdicts, platforms = summary.verdicts, summary.platforms
        for key, rows_of in zip(distinct.tolist(), counts[distinct].tolist(), strict=True):
            group, rest = divmod(key, 256)
            stage, state = divmod(rest, 8)
            verdict = f"{result.stages[group][stage].id}_{STATE_NAMES[state]}"
            platform = result.platform_of_group[group]
            verdicts[verdict] = verdicts.get(verdict, 0) + rows_of
            platforms[platform] = platforms.get(platform, 0) + rows_of
        summary.unconfirmed += int(np.count_nonzero(result.unconfirmed[claimed]))

    def _tail(self, decided: Decided) -> bytes:
        """The result columns of a diagnosed row, encoded (kept by result)."""
        tail = self._tails.get(decided)
        if tail is None:
            if len(self._tails) >= 4096:
                self._tails.clear()
            tail = self._tails[decided] = self.sink.tail(decided).encode("utf-8", "replace")
        return tail

    def _read(self, data: bytes):
        """The decision columns of the block's lines, and the 1-based numbers of the rows
        whose cell count is not the header's (they go to the row path)."""
        invalid: list[int] = []

        def refuse(row) -> str:
            invalid.append(row.number)
            return "skip"

        try:
            table = pa_csv.read_csv(
                pa.BufferReader(data),
                read_options=pa_csv.ReadOptions(
                    column_names=self.column_names, use_threads=False, block_size=READ_BLOCK
                ),
                parse_options=pa_csv.ParseOptions(
                    delimiter=self.delimiter,
                    quote_char='"',
                    double_quote=True,
                    escape_char=False,
                    newlines_in_values=True,
                    ignore_empty_lines=False,
                    invalid_row_handler=refuse,
                ),
                convert_options=pa_csv.ConvertOptions(
                    # each column's distinct texts found by the reader itself, in C
                    column_types=dict.fromkeys(self.wanted, pa.dictionary(pa.int32(), pa.string())),
                    include_columns=self.wanted,
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                    null_values=[],
                    check_utf8=False,
                ),
            )
        except pa.ArrowInvalid:
            return None, invalid
        if any(number is None for number in invalid):
            return None, invalid
        return table, invalid

    def _distinct(self, table, column: str) -> tuple[list[str], np.ndarray]:
        """A column's distinct cell texts and, per row, the index of its text."""
        chunks = table.column(column).chunks
        if not chunks:
            return [], np.zeros(0, dtype=np.int64)
        if len(chunks) == 1:
            encoded = chunks[0]
        else:  # not with one read block; combine_chunks imports pyarrow.compute
            encoded = table.column(column).combine_chunks().dictionary_encode()
        if len(encoded) == 0:
            return [], np.zeros(0, dtype=np.int64)
        return encoded.dictionary.to_pylist(), encoded.indices.to_numpy(zero_copy_only=False)

    def _columns(self, table):
        """The platform index, each input's EventColumns and the as-of columns, per row."""
        texts, index = self._distinct(table, self.platform_column)
        read = self.decider.platform_of
        codes = [
            self.platform_index.get(p, -1) if p.__class__ is str else -1 for p in map(read, texts)
        ]
        platform = np.asarray(codes, dtype=np.int64)[index]
        events = {}
        for codes, inputs in self.code_groups:
            found = codes.columns([table.column(column).chunks for _, column in inputs])
            for (name, _), columns in zip(inputs, found, strict=True):
                platform = np.where(columns.status == UNREADABLE, -1, platform)
                events[name] = columns
        events = {name: events[name] for name, _ in self.inputs}  # in column order
        rows = table.num_rows
        if self.as_of_column is None:
            day, second, east = self.default_as_of
            as_of = AsOfColumns(
                np.full(rows, day, dtype=np.int64),
                np.full(rows, second, dtype=np.int64),
                np.full(rows, east, dtype=np.int64),
            )
        else:
            chunks = table.column(self.as_of_column).chunks
            [(day, second, east)] = self.as_of_codes.take([chunks])
            platform = np.where(day < 0, -1, platform)
            as_of = AsOfColumns(day, second, east)
        return platform, events, as_of

    def _result_tails(self, result, claimed: np.ndarray) -> np.ndarray:
        """The encoded tail of each claimed row's result, through the table of the result keys
        met so far (a key per distinct result: a few thousand in a run); a key not met before
        gets its shared Decided and tail here."""
        group = result.group[claimed]
        verdict = result.verdict[claimed]
        state = result.state[claimed].astype(np.int64)
        unconfirmed = result.unconfirmed[claimed].astype(np.int64)
        combination = ((group * 32 + verdict) * 8 + state) * 2 + unconfirmed
        return self._tail_table.lookup(
            combination, result.due[claimed], lambda key: self._tail(self._decided(result, key))
        )

    def _decided(self, result, key: int) -> Decided:
        """The shared Decided of a result key (see _result_tails)."""
        d, rest = key & 0x1FFFFF, key >> 21
        u, rest = rest & 1, rest >> 1
        s, rest = rest % 8, rest // 8
        g, v = rest // 32, rest % 32
        stage = result.stages[g][v]
        contact = result.contact_of_group[g][v, s]
        return self.decider.shared_result(
            result.platform_of_group[g],
            stage.id,
            STATE_NAMES[s],
            date.fromordinal(d) if d else None,
            contact or None,
            bool(u),
        )
