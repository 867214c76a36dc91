"""Streams a CSV table's rows through the batch decider into a sink, in input order, on this
process or on worker processes; and the progress bar that shows it on a terminal."""

from __future__ import annotations

import io
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from sertifikat_cek.batch import BatchDecider, Decided, Summary, failure_text, ragged
from sertifikat_cek.csv_io import CsvSink, JsonlSink, Source, Table, records
from sertifikat_cek.errors import InputError

WRITE_BATCH = 512
PARALLEL_CHUNK = 1000
PROBE_ROWS = 20_000
PROBE_NEW_CASES = 0.3  # the share of new cases above which workers pay off


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items; on an InputError, the items read so far first, then the error."""
    chunk: list = []
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    except InputError:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


class Progress:
    """A rich progress bar on stderr, only when it is a terminal and NO_COLOR is unset."""

    def __init__(self, stream, total: int | None) -> None:
        from sertifikat_cek.cli.common import colour_allowed

        self.stream, self.total = stream, total
        self.allowed = colour_allowed(stream)
        self.bar = self.task = None

    def start(self) -> None:
        if not self.allowed or self.bar is not None:
            return
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        columns = [TextColumn("{task.description}"), BarColumn()]
        if self.total is not None:
            columns.append(TextColumn("{task.percentage:>3.0f}%"))
        columns += [TextColumn("{task.fields[rows]}"), TimeElapsedColumn()]
        self.bar = RichProgress(*columns, console=Console(file=self.stream), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("batch", total=self.total, rows="0 rows")

    def update(self, rows: int, done_bytes: int) -> None:
        if self.bar is not None:
            completed = done_bytes if self.total is not None else rows
            self.bar.update(self.task, completed=completed, rows=f"{rows:,} rows")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def decide_rows(
    chunk: list[tuple[int, list[str]]],
    decider: BatchDecider,
    sink: CsvSink | JsonlSink,
    summary: Summary,
) -> list:
    """The output rows of `chunk`, in order, counted into `summary`; blank rows skipped."""
    width = sink.width
    decide_row, make_row = decider.decide_row, sink.row
    verdicts, platforms = summary.verdicts, summary.platforms
    out = []
    for start, cells in chunk:
        if not any(cells):
            summary.blank += 1
            continue
        summary.rows += 1
        result = decide_row(cells) if len(cells) == width else ragged(len(cells), width)
        if result.__class__ is Decided:
            verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
            platforms[result.platform] = platforms.get(result.platform, 0) + 1
            out.append(make_row(start, cells, result, ""))
        else:
            summary.add_error(start, result)
            out.append(make_row(start, cells, result, failure_text(start, result)))
    return out


def stream_rows(
    table: Table,
    source: Source,
    decider: BatchDecider,
    sink: CsvSink | JsonlSink,
    summary: Summary,
    progress: Progress | None = None,
    jobs: int = 1,
    probe: bool = False,
) -> Summary:
    """Every row of `table`, decided and written in input order.

    With jobs > 1, chunks of rows are decided by that many worker processes (forked, so they
    share the loaded rules) while this process reads and writes, keeping the input order. With
    `probe`, the first PROBE_ROWS rows are decided here first, and the workers start only if
    most of those rows were new cases: when cases repeat, the cache answers faster than rows
    can be shipped to another process."""
    rows = records(table, source)
    parallel = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
    if progress is not None:
        progress.start()
    if parallel and probe:
        _decide_here(islice(rows, PROBE_ROWS), source, decider, sink, summary, progress)
        hits, misses = decider.cache_counts()
        parallel = summary.rows >= PROBE_ROWS and misses > PROBE_NEW_CASES * (hits + misses)
    if parallel:
        if progress is not None:
            progress.close()  # no thread may run while the workers are forked
        return _stream_parallel(rows, source, decider, sink, summary, progress, jobs)
    return _decide_here(rows, source, decider, sink, summary, progress)


def _decide_here(rows, source, decider, sink, summary, progress) -> Summary:
    for chunk in chunks(rows, WRITE_BATCH):
        sink.write(decide_rows(chunk, decider, sink, summary))
        if progress is not None:
            progress.update(summary.rows, source.bytes_read)
    return summary


# What forked workers decide with: set just before the pool is made, inherited by fork.
_WORKER: dict[str, object] = {}


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops the pool


def _work(chunk: list[tuple[int, list[str]]]) -> tuple[str, Summary]:
    decider, sink = _WORKER["decider"], _WORKER["sink"]
    summary = Summary()
    buffer = io.StringIO()
    sink.open(buffer, with_header=False)
    sink.write(decide_rows(chunk, decider, sink, summary))
    return buffer.getvalue(), summary


def _stream_parallel(rows, source, decider, sink, summary, progress, jobs) -> Summary:
    _WORKER.update(decider=decider, sink=sink)
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_worker_start) as pool:  # before any progress thread
        if progress is not None:
            progress.start()
        pending: deque = deque()

        def collect() -> None:
            text, part = pending.popleft().get()
            sink.text.write(text)
            summary.merge(part)
            if progress is not None:
                progress.update(summary.rows, source.bytes_read)

        try:
            for chunk in chunks(rows, PARALLEL_CHUNK):
                pending.append(pool.apply_async(_work, (chunk,)))
                while len(pending) > jobs + 1:
                    collect()
        except InputError:
            while pending:  # the rows before an unreadable line are done: keep them
                collect()
            raise
        while pending:
            collect()
    return summary
