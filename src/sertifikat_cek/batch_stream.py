"""Streams a CSV table's lines, block by block, through the block decider into the output, in
input order, on this process or on worker processes; and the progress bar that shows it."""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator
from typing import TextIO

from sertifikat_cek.batch import Summary
from sertifikat_cek.batch_block import BlockDecider, BlockResult, Job
from sertifikat_cek.csv_io import Source, Table, line_count
from sertifikat_cek.errors import InputError


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


def stream_rows(
    table: Table,
    source: Source,
    decide: BlockDecider,
    out: TextIO,
    summary: Summary,
    progress: Progress | None = None,
    jobs: int = 1,
) -> Summary:
    """Every row after the header, decided and written to `out` in input order.

    With jobs > 1 (and an encoding whose blocks can be cut at line ends), blocks of the file's
    bytes go to that many worker processes (forked, so they share the loaded rules), each of
    which decodes, reads, decides and formats its block; this process only reads blocks and
    writes results, in order."""
    parallel = (
        jobs > 1
        and table.blocks.raw is not None
        and table.error is None
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if parallel:
        return _stream_parallel(table, source, decide, out, summary, progress, jobs)
    if progress is not None:
        progress.start()
    return _stream_here(table, source, decide, out, summary, progress)


def _take(result: BlockResult, source, out, summary, progress) -> None:
    """Write a decided block and count it; raise the problem that stopped it, if any."""
    out.write(result.text)
    summary.merge(result.summary)
    if progress is not None:
        progress.update(summary.rows, source.bytes_read)
    if result.error is not None:
        message, where = result.error
        raise InputError(message, where=where)


def _stream_here(table, source, decide, out, summary, progress) -> Summary:
    lines, line = table.rest, table.rest_line
    decoded = table.blocks.lines()
    problem = table.error
    while True:
        following = None
        if problem is None:
            try:
                following = next(decoded, None)
            except InputError as error:  # the lines before it are decided first
                problem = error
        final = following is None
        result = decide.decide(lines, line, final)
        _take(result, source, out, summary, progress)
        if final:
            break
        lines = [*result.rest, *following] if result.rest else following
        line += result.consumed
    if problem is not None:
        raise problem
    return summary


def jobs_of(table: Table) -> Iterator[Job]:
    """The input after its header as Jobs: the lines already decoded with the first block of
    bytes, then a block each; the last one marked final."""
    raw = table.blocks.raw
    lines, line = table.rest, table.rest_line
    data = next(raw, None)
    while True:
        following = next(raw, None) if data is not None else None
        final = following is None
        yield Job(lines, data or b"", line, final)
        if final:
            return
        line += len(lines) + line_count(data)
        lines, data = [], following


# What forked workers decide with: set just before the pool is made, inherited by fork.
_WORKER: dict[str, BlockDecider] = {}


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops the pool


def _work(job: Job) -> BlockResult:
    return _WORKER["decide"].decide_job(job)


def _stream_parallel(table, source, decide, out, summary, progress, jobs) -> Summary:
    _WORKER["decide"] = decide
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_worker_start) as pool:  # before any progress thread
        if progress is not None:
            progress.start()
        pending: deque[tuple] = deque()
        carry: list[str] = []

        def collect() -> None:
            nonlocal carry
            handle, job = pending.popleft()
            if carry:
                # The block was cut inside a quoted line end, so the worker read this one from
                # a wrong start: decide it here, from the start of the open record (rare).
                job = Job([*carry, *job.lines], job.data, job.first_line - len(carry), job.final)
                result = decide.decide_job(job)
            else:
                result = handle.get()
            carry = result.rest
            _take(result, source, out, summary, progress)

        for job in jobs_of(table):
            pending.append((pool.apply_async(_work, (job,)), job))
            while len(pending) > jobs + 1:
                collect()
        while pending:
            collect()
    return summary
