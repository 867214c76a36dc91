"""Streams a CSV table's lines, block by block, through the block decider into the output, in
input order, on this process or on worker processes; and the progress bar that shows it."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
import queue
import select
import signal
import threading
from collections import deque
from collections.abc import Iterator
from typing import TextIO

from sertifikat_cek.batch.blocks import BlockDecider, BlockResult, Job
from sertifikat_cek.batch.csv_input import CHUNK_BYTES, Source, Table, line_count
from sertifikat_cek.batch.pipes import Ring, Slots, channel_pair, without_payload
from sertifikat_cek.batch.rows import Summary
from sertifikat_cek.errors import InputError

# A worker's Job: this many blocks (about 512 KiB). One block a Job measured 0.50x the copy on
# the timeline export against 0.55-0.62x; three, 1.2x the memory of a one-process run.
JOB_BLOCKS = 2
# Jobs sent to a worker before its first result is taken: with two, it has the next one when
# it finishes one (with one, it waited for this process to take its result and send another).
IN_FLIGHT = 2
# Results a worker may have done beyond its Jobs in flight while they wait to be written (an
# older Job, on another worker, is not done yet): with none, the workers went in lockstep, and
# the one that shared its CPU with this process held the other one up (which then waited up to
# a fifth of the run, measured). A result waits in its worker's shared slot, not copied.
AHEAD = 2
# A result's slot holds this many times a Job's bytes (the output is about 1.5 to 2.5 times the
# input; only the pages written are ever resident)
RESULT_SLOT_RATIO = 4
# The input ring's slots beyond the Jobs sent and not yet written: the next Job (read, not yet
# sent) and the one jobs_of reads ahead of it
RING_MARGIN = 2


def window(jobs: int) -> int:
    """The Jobs that may be out at once (sent, or done and not yet written), with `jobs`
    workers."""
    return jobs * IN_FLIGHT + AHEAD


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


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def capped_jobs(jobs: int, stderr: TextIO) -> int:
    """--jobs, at most one worker per CPU: a larger number is said on stderr and lowered (a
    million workers would be forked otherwise)."""
    cpus = cpu_count()
    if jobs <= cpus:
        return jobs
    stderr.write(
        f"sertifikat-cek batch: --jobs {jobs} is more than the {cpus} CPUs; using {cpus}\n"
    )
    return cpus


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
    # What exists now (modules, rules, the plan, the deciders: some 50,000 objects) lives to
    # the end: frozen, the garbage collector no longer walks it. A full collection took 50 to
    # 70 ms of each worker (and wrote to the pages it walked, which the fork had shared), and
    # one of a one-process run of 10,000 rows, measured. Collection is on from here (batch
    # may have held it off while it set up).
    gc.freeze()
    gc.enable()
    parallel = (
        jobs > 1
        and table.blocks.raw is not None
        and table.error is None  # a decode error so early: the lines before it, here
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if parallel:
        return _stream_parallel(table, source, decide, out, summary, progress, jobs)
    if progress is not None:
        progress.start()
    if getattr(decide, "job_blocks", None) and table.blocks.raw is not None and not table.error:
        return _stream_jobs_here(table, source, decide, out, summary, progress)
    return _stream_here(table, source, decide, out, summary, progress)


def _take(result: BlockResult, source, out, summary, progress) -> None:
    """Write a decided block and count it; raise the problem that stopped it, if any."""
    if result.text.__class__ is not str:  # encoded where it was decided (the columnar path)
        out.flush()
        out.buffer.write(result.text)
    else:
        out.write(result.text)
    summary.merge(result.summary)
    if progress is not None:
        progress.update(summary.rows, source.bytes_read)
    if result.error is not None:
        message, where = result.error
        raise InputError(message, where=where)


def _stream_here(table, source, decide, out, summary, progress) -> Summary:
    lines, line, row = table.rest, table.rest_line, table.rest_row
    decoded = table.blocks.lines()
    problem = table.error
    while True:
        following = None
        if problem is None:
            try:
                following = next(decoded, None)
            except InputError as error:  # the lines before it are decided first
                problem = error
        end = following is None
        result = decide.decide(lines, line, final=end and problem is None, first_row=row)
        if end:
            result.rest = []  # a record open at an unreadable line is not written
        _take(result, source, out, summary, progress)
        if end:
            break
        lines = [*result.rest, *following] if result.rest else following
        line += result.consumed
        row += result.records
    if problem is not None:
        raise problem
    return summary


def _stream_jobs_here(table, source, decide, out, summary, progress) -> Summary:
    """As the workers would, on this process: Jobs of bytes, decided in order (a decider that
    reads whole blocks at once, the columnar one, wants them larger than decoded blocks), each
    with its true first row."""
    carry: list[str] = []
    row = table.rest_row
    for job in jobs_of(table, decide.job_blocks, decide.count_lines):
        first = job.first_line - len(carry)  # after a Job that ended in a quoted line break
        job = Job([*carry, *job.lines], job.data, first, row, job.final)
        result = decide.decide_job(job)
        carry = result.rest
        row += result.records
        _take(result, source, out, summary, progress)
    return summary


def _in_bytes(job: Job) -> Job:
    """The Job with its bytes copied out of the ring (to be decided in this process)."""
    if job.data.__class__ is bytes:
        return job
    return dataclasses.replace(job, data=bytes(job.data), slot=-1)


def jobs_of(
    table: Table, blocks: int = JOB_BLOCKS, count=line_count, first_blocks: int | None = None
) -> Iterator[Job]:
    """The input after its header as Jobs of `blocks` blocks of bytes, each read at once (the
    first with the lines already decoded), numbered by `count` (line_count or an equal); the
    last Job marked final. Each Job's first row is taken to be as far from its first line as
    the header's row is from its line (the sender corrects it as the records before are
    counted)."""
    source = table.blocks

    def read(size: int) -> tuple[bytes | memoryview | None, int]:
        """The next block, and the slot of the ring it was read into (-1: none)."""
        source.read_size = size * CHUNK_BYTES
        data = next(source.raw, None)
        ring = source.read_into
        return data, (ring.last if ring is not None and data.__class__ is memoryview else -1)

    lines, line = table.rest, table.rest_line
    following, slot = read(first_blocks or blocks)  # the first Job's
    while True:
        data, now = (following, slot) if following is not None else (b"", -1)
        following, slot = read(blocks) if following is not None else (None, -1)
        final = following is None
        yield Job(lines, data, line, line - table.rest_line + table.rest_row, final, now)
        if final:
            return
        line += len(lines) + count(data)
        lines = []


class Workers:
    """Worker processes, forked (so they share the loaded rules), each with two pipes of its
    own (batch.pipes): a Job goes out, its BlockResult comes back, then the next Job. No lock
    is shared between processes, so stopping them at any moment (an error, Ctrl-C, a closed
    pipe) cannot hang."""

    def __init__(
        self, count: int, decide: BlockDecider, job_bytes: int, ring: Ring | None = None
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.links = []
        for _ in range(count):
            # A worker has at most IN_FLIGHT Jobs, and at most IN_FLIGHT + AHEAD Jobs sent and
            # not yet written (see _dispatch): its next result never goes into the slot
            # of one not yet written. Larger payloads take the pipe. With the input's `ring`,
            # Jobs are in its slots already (read there from the file).
            here, there = channel_pair(
                None if ring is not None else Slots(IN_FLIGHT, job_bytes + CHUNK_BYTES),
                Slots(IN_FLIGHT + AHEAD, RESULT_SLOT_RATIO * (job_bytes + CHUNK_BYTES)),
            )
            if ring is not None:
                there.received = ring
                there.release_received = True  # read once: not resident in every worker
            # the child inherits this process's ends of every pipe so far: it closes them, so
            # that a worker sees its pipe closed as soon as this process closes its end
            ends = [link for link, _ in self.links] + [here]
            process = context.Process(target=_serve, args=(there, ends, decide), daemon=True)
            process.start()
            there.close()
            self.links.append((here, process))

    def lost(self, link) -> InputError:
        """The error of a worker that is gone: how it ended, and what to do."""
        process = next(process for here, process in self.links if here is link)
        process.join(timeout=2)
        code = process.exitcode
        how = (
            f"was killed by signal {-code}"
            if code is not None and code < 0
            else f"ended with exit code {code}"
        )
        hint = " (out of memory?)" if code == -signal.SIGKILL else ""
        return InputError(
            f"a worker process {how}{hint}; run again, or with --jobs 1", where="--jobs"
        )

    def close(self, at_once: bool = False) -> None:
        """Stop the workers: after their last Job, or `at_once` (an error, Ctrl-C)."""
        for here, process in self.links:
            if at_once:
                process.kill()
            else:
                with contextlib.suppress(OSError):
                    here.send(None)
            here.close()
        for _, process in self.links:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()


def _send(link, job: Job) -> bool:
    """Send a Job to a worker; False when the worker is gone (said when its result is due)."""
    try:
        link.send(*without_payload(job, "data"), slot=job.slot)
    except OSError:  # a broken pipe to a dead worker, not to our own standard output
        return False
    return True


def _receive(link, workers: Workers) -> tuple[BlockResult | None, tuple[int, int] | None]:
    """A worker's result, None when the worker failed on it (the Job is decided here); and the
    link's slot that holds its text (None: the text is its own), for link.done_with once it is
    written.

    A worker that is gone (killed: out of memory, SIGKILL) stops the run with one line: the
    output would otherwise depend on which process met what."""
    try:
        result, text, held = link.receive_held()
    except (EOFError, OSError):
        raise workers.lost(link) from None
    if result is not None and text is not None:
        result.text = text
    return result, held


def _serve(link, parent_ends, decide: BlockDecider) -> None:
    """A worker: decide each Job that comes, until None or a closed pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's (which removes outputs)
    for end in parent_ends:
        end.close()
    # Jobs are taken off the pipe as they come, by a thread of this worker: the next one is
    # here when this one is done, and the parent never waits to send while this worker waits
    # to send it a result (both would block on full pipes).
    jobs: queue.SimpleQueue = queue.SimpleQueue()

    def receive() -> None:
        try:
            while True:
                job, data = link.receive()
                if job is not None and data is not None:
                    job = dataclasses.replace(job, data=data)
                jobs.put(job)
                if job is None:
                    return
        except (EOFError, OSError):
            jobs.put(None)

    threading.Thread(target=receive, daemon=True).start()
    try:
        while True:
            job = jobs.get()
            if job is None:
                return
            try:
                result = decide.decide_job(job)
            except Exception:  # a bug: the parent decides this Job itself, and shows it
                result = None
            if result is None:
                link.send(None)
            else:
                link.send(*without_payload(result, "text"))
    except (EOFError, OSError):
        return


def _dispatch(workers: Workers, pending: Iterator[Job], take, shift, most: int) -> None:
    """Send the Jobs to the workers as each has room, and `take` their results in input order.

    A worker gets the next Job whenever it has fewer than IN_FLIGHT, whichever worker it is:
    one that another process slows does fewer Jobs, and the others do not wait for it. A result
    that comes before an older one waits in its slot: at most `most` Jobs are out, and at most
    IN_FLIGHT + AHEAD of one worker's (its result slots). `shift()` gives the first row of a
    Job as known when it is sent."""
    links = [link for link, _ in workers.links]
    in_flight = {link: deque() for link in links}  # per worker, the numbers of its Jobs sent
    out = dict.fromkeys(links, 0)  # per worker, its Jobs sent or done, not yet written
    waiting: deque[tuple] = deque()  # (number, link, Job) of each Job out, oldest first
    done: dict[int, tuple] = {}  # a Job's number -> its (result, slot held)
    by_fd = {link.read_fd: link for link in links}
    poller = select.poll()
    for fd in by_fd:
        poller.register(fd, select.POLLIN)
    number = 0
    following = next(pending, None)

    def room() -> list:
        """The workers that can take a Job now."""
        if following is None or len(waiting) >= most:
            return []
        return [w for w in links if len(in_flight[w]) < IN_FLIGHT and out[w] < IN_FLIGHT + AHEAD]

    while following is not None or waiting:
        while free := room():  # the worker with the fewest Jobs first
            link = min(free, key=lambda w: (len(in_flight[w]), out[w]))
            job, known = following, shift()
            if job.first_line - job.first_row != known:
                job = dataclasses.replace(job, first_row=job.first_line - known)
            if not _send(link, job):
                raise workers.lost(link)
            in_flight[link].append(number)
            out[link] += 1
            waiting.append((number, link, job))
            number += 1
            following = next(pending, None)  # fewer than `most` out: its ring slot is free
        while waiting and waiting[0][0] in done:
            finished, link, job = waiting.popleft()
            result, held = done.pop(finished)
            take(result, job)
            out[link] -= 1
            link.done_with(held)
        if not waiting or room():
            continue
        # wait for results: each worker's come in the order it was sent its Jobs
        for fd, _ in poller.poll():
            link = by_fd[fd]
            if not in_flight[link]:  # a message (or end) it was not asked for: it is gone
                raise workers.lost(link)
            done[in_flight[link].popleft()] = _receive(link, workers)


def _stream_parallel(table, source, decide, out, summary, progress, jobs) -> Summary:
    blocks = getattr(decide, "job_blocks", JOB_BLOCKS)
    count = getattr(decide, "count_lines", None)
    # Jobs read from the input straight into a ring of slots that every worker sees (when the
    # lines are counted on views of them: the columnar decider's count): no copy here. A slot
    # is read into again only once its Job is written (the window of Jobs out is RING_MARGIN
    # slots shorter than the ring), so a Job's bytes are still there when its result is taken
    # (and it is decided here).
    ring = Ring(window(jobs) + RING_MARGIN, (blocks + 1) * CHUNK_BYTES) if count else None
    table.blocks.read_into = ring
    try:
        return _stream_workers(
            table, source, decide, out, summary, progress, jobs, blocks, count or line_count, ring
        )
    finally:
        table.blocks.read_into = None


def _stream_workers(table, source, decide, out, summary, progress, jobs, blocks, count, ring):
    pending = jobs_of(table, blocks, count, first_blocks=1)
    # The first Job, of one block, is decided here, before the workers are forked: they
    # inherit what it warmed (the distinct cells it read, the chains and results it met),
    # which each of them would otherwise spend its own first Job on.
    first = next(pending)
    result = decide.first_job(_in_bytes(first))
    _take(result, source, out, summary, progress)
    if first.final:
        return summary
    # before any progress thread: fork copies no thread
    workers = Workers(jobs, decide, blocks * CHUNK_BYTES, ring)
    try:
        if progress is not None:
            progress.start()
        carry: list[str] = result.rest
        # the row of the next record to write, and how many lines it is below its row (more
        # than the header's distance after multi-line cells): what a Job sent now assumes
        row = first.first_row + result.records
        shift = first.first_line + result.consumed - row

        def take(result: BlockResult | None, job: Job) -> None:
            """Write a Job's result, in order."""
            nonlocal carry, row, shift
            if carry or result is None:
                # The block before was cut inside a quoted line break (rare), so the worker
                # read this one from a wrong start; or its worker failed on it (a bug):
                # decide it here (from the open record's start, with its true first row).
                first = job.first_line - len(carry)
                job = Job([*carry, *job.lines], bytes(job.data), first, row, job.final)
                result = decide.decide_job(job)
            elif job.first_row != row and result.marks:
                # multi-line cells the worker could not count moved its rows: the rows it
                # names (errors, JSON lines) are written again with their true numbers
                if result.text.__class__ is memoryview:  # the link's shared slot
                    result.text = bytes(result.text)
                result = decide.renumbered(result, row - job.first_row)
            carry = result.rest
            row += result.records
            shift = job.first_line + result.consumed - row
            _take(result, source, out, summary, progress)

        _dispatch(workers, pending, take, lambda: shift, window(jobs))
    except BaseException:
        workers.close(at_once=True)
        raise
    workers.close()
    return summary
