"""`batch` reads its input in blocks of whole lines and, with --jobs, hands raw blocks to worker
processes. Whatever the block size and the number of workers, a user gets every record that
Python's csv module reads in the WHOLE file, in order, cells untouched, followed by the result
columns; and the same bytes and the same summary as a run with the default block size.

The oracle is `csv.reader(io.StringIO(text, newline=""))` over the whole input; blocks are made
small by setting `csv_io.CHUNK_BYTES` (and the header read-ahead `csv_io.HEAD_LINES`), so that
they end inside quoted line breaks, between a '\\r' and its '\\n', and around multi-byte
characters. Workers are forked after the constants are set, so they see them too."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import json
import os
import pickle
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from cli_runner import make_runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sertifikat_cek.batch import csv_input as csv_io
from sertifikat_cek.batch import stream as batch_stream
from sertifikat_cek.batch.blocks import BlockDecider
from sertifikat_cek.cli import app, batch_cmd

AS_OF = "2021-04-01"
RESULT_COLUMNS = ["verdict", "stage", "state", "due", "contact", "error"]
REPLY_COLUMNS = ["verdict", "stage", "state", "due", "contact", "reply", "error"]
HEADER = [
    "No",
    "Nama Peserta",
    "Platform Digital",
    "Tgl Selesai",
    "Tanggal Rating",
    "Laporan Lembaga",
    "Laporan Platform",
    "Tanggal Cek",
    "Catatan",
]
T = TypeVar("T")
PLATFORMS = ["Tokopedia", "Bukalapak", "Kemnaker", "Pijar Mahir"]
DATES = ["", "belum", "ya", "05/03/2021", "8 Maret 2021 14:30", "2021-03-08", "44260", "31/02/2021"]


def examples(count: int) -> settings:
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


runner = make_runner()


# -- running batch, with a block size and a number of workers -----------------------------------


@dataclass
class Run:
    code: int
    out: bytes  # the raw bytes: the text a cell holds ("\r\n" too) exactly as written
    stderr: str
    summary: dict  # --summary-json, without the names of the input and output
    parallel: bool  # worker processes were used
    redecided: int  # blocks decided again on this process (a record cut at a block end)


class Hung(AssertionError):
    """A run that did not end in time (killed, with its worker processes)."""


def in_child(function: Callable[[], T], timeout: float) -> T:
    """function() run in a forked child process (its own process group), its result or its
    exception handed back; Hung when it has not ended after `timeout` seconds."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never back into pytest
        try:
            os.close(read)
            os.setpgid(0, 0)
            try:
                outcome = ("value", function())
            except BaseException as error:
                outcome = ("error", error)
            try:
                payload = pickle.dumps(outcome)
            except Exception:
                payload = pickle.dumps(("error", AssertionError(repr(outcome[1]))))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write)
    chunks, deadline = [], time.monotonic() + timeout
    with os.fdopen(read, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)  # the child and its workers
                os.waitpid(pid, 0)
                raise Hung(f"still running after {timeout} s")
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise value
    return value


def batch(data: bytes, *args: str, jobs: int | None = 1, **options) -> Run:
    """`batch_here`; with worker processes, in a forked child, so that a run that never ends
    fails its test (after a minute) instead of stopping the whole suite."""
    if jobs == 1:
        return batch_here(data, *args, jobs=jobs, **options)
    return in_child(lambda: batch_here(data, *args, jobs=jobs, **options), 60)


def batch_here(
    data: bytes,
    *args: str,
    jobs: int | None = 1,
    block: int | None = None,
    head_lines: int | None = None,
    path: Path | None = None,
) -> Run:
    """`sertifikat-cek batch` on `data` (standard input, or `path` when given) with blocks of
    `block` bytes, the header read-ahead cut to `head_lines` lines, and `jobs` workers (None:
    the default choice), in this process. Nothing may escape as a traceback."""
    try:
        from sertifikat_cek.batch.columnar import ColumnarBlocks
    except ImportError:  # a test of batch without numpy and pyarrow
        ColumnarBlocks = None

    seen = {"parallel": 0, "redecided": 0}
    real_parallel, real_job = batch_stream._stream_parallel, BlockDecider.decide_job
    real_columnar_job = ColumnarBlocks.decide_job if ColumnarBlocks else None

    def parallel(*a):
        seen["parallel"] += 1
        return real_parallel(*a)

    def decide_job(self, job):
        # Only this process's calls are counted here: a forked worker counts in its own copy,
        # so what is seen is the blocks the main process decided again.
        seen["redecided"] += 1
        return real_job(self, job)

    def columnar_job(self, job):
        seen["redecided"] += 1
        return real_columnar_job(self, job)

    with tempfile.TemporaryDirectory() as work, pytest.MonkeyPatch.context() as patch:
        if block is not None:
            patch.setattr(csv_io, "CHUNK_BYTES", block)
        if head_lines is not None:
            patch.setattr(csv_io, "HEAD_LINES", head_lines)
        patch.setattr(batch_stream, "_stream_parallel", parallel)
        patch.setattr(BlockDecider, "decide_job", decide_job)
        if ColumnarBlocks is not None:
            patch.setattr(ColumnarBlocks, "decide_job", columnar_job)
        summary_path = Path(work) / "summary.json"
        source = "-"
        if path is not None:
            path.write_bytes(data)
            source = str(path)
        options = ["--as-of", AS_OF, "--summary-json", str(summary_path), *args]
        if jobs is not None:
            options += ["--jobs", str(jobs)]
        result = runner.invoke(
            app,
            ["batch", source, *options],
            input=data if path is None else None,
            prog_name="sertifikat-cek",
        )
        summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    summary.pop("output", None)
    summary.pop("input", None)
    return Run(
        result.exit_code,
        result.stdout_bytes,
        result.stderr,
        summary,
        seen["parallel"] > 0,
        seen["redecided"],
    )


# -- the oracle: Python's csv module over the whole text ----------------------------------------


def numbered_records(text: str, delimiter: str = ";") -> list[tuple[int, int, list[str]]]:
    """(the line it starts on, its spreadsheet row, its cells) of every non-blank record of the
    whole text, as csv.reader reads it; lines are counted as io's universal newlines split
    them, rows one per record csv.reader gives (a blank line is an empty record: a row)."""
    count = 0

    def lines() -> Iterator[str]:
        nonlocal count
        for line in io.StringIO(text, newline=""):
            count += 1
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    found = []
    for number in itertools.count(1):
        start = count + 1  # csv.reader takes a line only when it needs one
        row = next(reader, None)
        if row is None:
            return found
        if any(row):
            found.append((start, number, row))
    raise AssertionError("unreachable")


def records(text: str, delimiter: str = ";") -> list[tuple[int, list[str]]]:
    """(the line it starts on, its cells) of every non-blank record of the whole text."""
    return [(line, cells) for line, _, cells in numbered_records(text, delimiter)]


def place(row: int, line: int) -> str:
    """How an error names a record: its row, and its line when that is another number."""
    return f"row {row}" if row == line else f"row {row} (line {line})"


def output_rows(out: bytes, delimiter: str = ";") -> list[list[str]]:
    text = out.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def assert_rows_are_the_records(
    text: str, run: Run, delimiter: str = ";", results: list[str] = RESULT_COLUMNS
) -> None:
    """Every non-blank record of `text` comes out, in order: its cells, then the result
    columns (cells beyond the header's width after them); an `error` names the record's row
    and, when another number, its first line."""
    expected = numbered_records(text, delimiter)
    header = expected[0][2]
    width, added = len(header), len(results)
    got = output_rows(run.out, delimiter)
    assert got[0] == [*header, *results]
    assert len(got) == len(expected), "rows in must equal rows out"
    for (line, number, cells), row in zip(expected[1:], got[1:], strict=True):
        assert row[:width] == (cells + [""] * width)[:width], line
        assert row[width + added :] == cells[width:], line
        result = row[width : width + added]
        assert len(result) == added
        error = result[-1]
        if error:
            assert re.match(rf"{re.escape(place(number, line))}[,:]", error), (number, line, error)
            assert result[0] == "", "a row with an error has no verdict"
        else:
            assert len(cells) <= width and result[0], line  # a short row is padded
    summary = run.summary
    if summary:
        assert summary["rows"] == len(expected) - 1
        assert summary["errors"] == sum(1 for row in got[1:] if row[width + added - 1])


def write_rows(rows: list[list[str]], ends: list[str], delimiter: str = ";") -> str:
    """Rows as csv.writer writes them, each with its own line end."""
    buffer = io.StringIO()
    for row, end in zip(rows, ends, strict=True):
        csv.writer(buffer, delimiter=delimiter, lineterminator=end).writerow(row)
    return buffer.getvalue()


# -- a realistic export: Excel's CRLF, quoted notes with line breaks, non-ASCII, bad rows -----


def realistic_text(count: int = 300, end: str = "\r\n") -> str:
    names = ["Budi Santoso", "José Ñúñez", "Siti Nur’aini", "Ayu 🎉 Lestari", "Ölçer, Dewi"]
    notes = [
        "",
        'LP bilang:\r\n"tunggu"; 3 hari',
        "baris satu\nbaris dua",
        "sudah lapor, belum ada",
        "catatan; panjang\r\n\r\ndengan baris kosong",
        "🎉",
    ]
    rows = [HEADER]
    for number in range(count):
        platform = PLATFORMS[number % 4]
        day = f"{number % 28 + 1:02d}/03/2021"
        rated = ["", "belum", day, "44260"][number % 4]
        institution = ["", day, "belum"][number % 3]
        checked = ["", "30/03/2021", "1 April 2021"][number % 3]
        row = [
            str(number),
            names[number % 5],
            platform,
            day,
            rated,
            institution,
            "",
            checked,
            notes[number % 6],
        ]
        if number % 37 == 5:
            row[3] = "31/02/2021"  # a bad date: an error row
        if number % 41 == 7:
            row = row[:5]  # ragged: fewer cells
        if number % 43 == 9:
            row = [*row, "extra", "lagi"]  # ragged: more cells
        rows.append(row)
        if number % 29 == 3:
            rows.append([])  # a blank line
    text = write_rows(rows, [end] * len(rows))
    # a stray quote in an unquoted cell, as spreadsheets leave them
    return text.replace("Budi Santoso", 'Budi 5" monitor', 7)


@functools.cache
def realistic_baseline(*args: str) -> Run:
    """The run with the default block size on this process: what every other run must equal."""
    return batch(realistic_text().encode(), *args, jobs=1)


def test_the_realistic_export_comes_out_record_for_record():
    text = realistic_text()
    run = realistic_baseline()
    assert run.code == 1  # the bad rows
    assert_rows_are_the_records(text, run)
    assert len(records(text)) > 300 and text.count('5" monitor') == 7


# 1. The same output bytes and summary whatever the block size and the number of workers.


@examples(40)
@given(block=st.integers(min_value=7, max_value=200), jobs=st.sampled_from([1, 2]))
def test_any_block_size_and_workers_give_the_same_bytes_and_summary(block, jobs):
    expected = realistic_baseline()
    run = batch(realistic_text().encode(), jobs=jobs, block=block)
    assert run.parallel is (jobs > 1)
    assert (run.code, run.out, run.summary) == (expected.code, expected.out, expected.summary)
    assert run.stderr == expected.stderr  # the summary on stderr too


@pytest.mark.parametrize("block", [7, 64])
def test_default_workers_for_a_big_input_give_the_same_bytes(tmp_path, block):
    expected = realistic_baseline()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch_cmd, "PARALLEL_FROM_BYTES", 0)  # every file counts as big
        patch.setattr(batch_cmd.os, "cpu_count", lambda: 2)
        run = batch(realistic_text().encode(), jobs=None, block=block, path=tmp_path / "in.csv")
    assert run.parallel
    assert (run.code, run.out, run.summary) == (expected.code, expected.out, expected.summary)


# 2. Random tables, stray quotes, random line ends, small blocks: the records, cell for cell.

CELL = st.one_of(
    st.sampled_from(PLATFORMS + DATES),
    st.sampled_from(
        [
            "José Ñúñez",
            "Sukses 🎉",
            'kata LP: "tunggu"',
            "baris\nbaru",
            "baris\r\nbaru",
            "akhir\r",
            "a;b",
            "a,b",
            " spasi ",
            '"',
            "=1+1",
            "\u2028",
            "\x85\x0c\x1c",
        ]
    ),
    st.text(alphabet=st.sampled_from(list('ab ;,\t"\r\né🎉\u2028\x85')), max_size=10),
)
# Cells written as they are, unquoted: a stray quote inside a cell, rarely one that opens a
# quoted field and is never closed.
STRAY = st.sampled_from(['5" monitor', 'a"b', 'x""y"', "ok", '"buka'])
RAW = "\x00{}\x00"  # a place holder csv.writer writes as it is


@st.composite
def tables(draw, delimiter: str) -> str:
    rows = [HEADER]
    strays = []
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        width = draw(st.sampled_from([len(HEADER)] * 6 + [0, 1, 5, 11]))  # blank, ragged
        row = [draw(CELL) for _ in range(width)]
        if row and draw(st.integers(0, 4)) == 0:
            where = draw(st.integers(0, width - 1))
            strays.append(draw(STRAY))
            row[where] = RAW.format(len(strays) - 1)
        rows.append(row)
    ends = st.sampled_from(["\n", "\r\n", "\r"])
    text = write_rows(rows, draw(st.lists(ends, min_size=len(rows), max_size=len(rows))), delimiter)
    for index, stray in enumerate(strays):
        text = text.replace(RAW.format(index), stray)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line end after the last row
    return text


@examples(50)
@given(
    data=st.data(),
    delimiter=st.sampled_from(csv_io.DELIMITERS),
    bom=st.booleans(),
    block=st.integers(min_value=7, max_value=200),
    head_lines=st.sampled_from([1, 3, 50]),
)
def test_random_tables_come_out_record_for_record_with_any_blocks(
    data, delimiter, bom, block, head_lines
):
    text = data.draw(tables(delimiter), label="text")
    raw = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    runs = [
        batch(raw, "-d", delimiter, jobs=jobs, block=block, head_lines=head_lines)
        for jobs in (1, 2)
    ]
    for run in runs:
        assert run.code in (0, 1), run.stderr
        assert_rows_are_the_records(text, run, delimiter)
        assert run.out.startswith("\ufeff".encode()) is bom  # a BOM in, a BOM out
    assert runs[1].parallel
    assert (runs[0].out, runs[0].summary) == (runs[1].out, runs[1].summary)


# 3. Line ends.


def line_end_table(end: str) -> str:
    rows = [HEADER]
    for number in range(120):
        row = [str(number), "Ani", PLATFORMS[number % 4], f"{number % 28 + 1:02d}/03/2021"]
        row += ["belum" if number % 2 else "", "", "", "30/03/2021", 'kata "LP"; ok']
        if number % 17 == 4:
            row[3] = "31/02/2021"
        rows.append(row)
    return write_rows(rows, [end] * len(rows))


@pytest.mark.parametrize("last_end", [True, False], ids=["final-line-end", "no-final-line-end"])
@pytest.mark.parametrize(("block", "jobs"), [(None, 1), (7, 1), (7, 2), (50, 2), (133, 2)])
def test_lf_crlf_and_cr_only_files_give_the_same_rows(block, jobs, last_end):
    outputs = []
    for end in ("\n", "\r\n", "\r"):
        text = line_end_table(end)
        if not last_end:
            text = text.removesuffix(end)
        run = batch(text.encode(), jobs=jobs, block=block, head_lines=3)
        assert run.code == 1, run.stderr
        assert_rows_are_the_records(text, run)
        assert output_rows(run.out)[-1][0] == "119"  # the last row is kept
        outputs.append((output_rows(run.out), run.summary))
    assert "\n" not in line_end_table("\r")
    assert outputs[0] == outputs[1] == outputs[2]


# 4. A decode error far into the file: exit 2, its line named, every row before it written.


def text_with_notes(count: int, end: str) -> list[str]:
    """Lines (with their ends) of a table whose notes hold quoted line breaks."""
    rows = [HEADER]
    for number in range(count):
        note = "dua\nbaris" if number % 3 == 0 else ("José" if number % 3 == 1 else "")
        rows.append(
            [str(number), "Ñoño", PLATFORMS[number % 4], "05/03/2021", "", "", "", "", note]
        )
    return list(io.StringIO(write_rows(rows, [end] * len(rows)), newline=""))


def record_starts(lines: list[str]) -> list[int]:
    """Indexes of the lines that start a record (not inside a quoted line break)."""
    text = "".join(lines)
    return [line - 1 for line, _ in records(text)]


BAD_BYTES = [b"\xe9", b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\xf0\x9f\x8e"]


@examples(40)
@given(
    pick=st.integers(min_value=60, max_value=500),
    bad=st.sampled_from(BAD_BYTES),
    place=st.sampled_from(["start", "middle", "end"]),
    end=st.sampled_from(["\n", "\r\n", "\r"]),
    block=st.integers(min_value=7, max_value=200),
    jobs=st.sampled_from([1, 2]),
)
def test_a_decode_error_far_in_the_file_names_its_line_after_the_rows_before_it(
    pick, bad, place, end, block, jobs
):
    lines = text_with_notes(400, end)
    # beyond the header read-ahead (see test_a_decode_error_in_the_first_block_...)
    starts = [index for index in record_starts(lines) if index >= 120]
    index = starts[pick % len(starts)]  # a line that starts a record
    line = lines[index].encode()
    cut = {"start": 0, "middle": len(line) // 2, "end": len(line.rstrip(b"\r\n"))}[place]
    before = "".join(lines[:index])
    data = before.encode() + line[:cut] + bad + line[cut:] + "".join(lines[index + 1 :]).encode()
    run = batch(data, jobs=jobs, block=block)
    assert run.code == 2
    errors = [text for text in run.stderr.splitlines() if "error:" in text]
    assert len(errors) == 1 and errors[0] == run.stderr.splitlines()[-1]
    assert f"<stdin>:{index + 1}:" in errors[0] and "--encoding" in errors[0]
    assert_rows_are_the_records(before, run)  # every row before that line, none after


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_decode_error_in_a_file_after_many_blocks_with_workers(tmp_path, jobs):
    lines = text_with_notes(3000, "\r\n")
    index = record_starts(lines)[-500]
    before = "".join(lines[:index])
    data = before.encode() + b"Bukalapak;Jos\xe9\r\n" + "".join(lines[index:]).encode()
    run = batch(data, jobs=jobs, block=997, path=tmp_path / "cases.csv")
    assert run.code == 2 and run.parallel is (jobs > 1)
    assert f"cases.csv:{index + 1}:" in run.stderr.splitlines()[-1]
    assert_rows_are_the_records(before, run)


@pytest.mark.parametrize(("block", "jobs"), [(None, 1), (16, 1), (16, 2)])
def test_a_record_holding_an_undecodable_line_is_not_written_cut_short(block, jobs):
    header = "Platform Digital;Tgl Selesai;Catatan\n"
    rows = "".join(f"Tokopedia;05/03/2021;n{number}\n" for number in range(60))
    before = header + rows
    data = (before + 'Bukalapak;05/03/2021;"baris satu\nbaris dua ').encode()
    data += b'Jos\x81"\nPijar Mahir;05/03/2021;x\n'  # 0x81: neither UTF-8 nor cp1252
    run = batch(data, jobs=jobs, block=block)
    assert run.code == 2
    assert "<stdin>:63:" in run.stderr.splitlines()[-1]  # the line of the byte 0x81
    assert_rows_are_the_records(before, run)


def many_rows(count: int, bad_at: int | None = None) -> bytes:
    """A plain export of `count` rows; data row `bad_at` (file line bad_at + 2) holds a byte
    0x81 that is neither UTF-8 nor cp1252 (an ASCII file with a 0xe9 is read as cp1252)."""
    lines = ["No;Platform Digital;Tgl Selesai;Laporan Lembaga;Catatan"]
    lines += [f"{n};{PLATFORMS[n % 4]};05/03/2021;;catatan untuk baris {n}" for n in range(count)]
    if bad_at is not None:
        lines[bad_at + 1] = "x;Tokopedia;Jos\udc81;;"
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape")


def test_a_decode_error_in_the_first_block_stops_a_run_that_would_use_workers(monkeypatch):
    data = many_rows(40_000, bad_at=5_000)  # 2.3 MB; the bad line is 5002, in the first block
    monkeypatch.setattr(batch_cmd.os, "cpu_count", lambda: 2)
    run = batch(data, jobs=None)  # standard input: workers by default
    # (it once went on with workers from the next block: exit 0, rows lost, no error)
    assert run.code == 2
    assert "<stdin>:5002:" in run.stderr.splitlines()[-1]
    assert_rows_are_the_records(data[: data.index(b"\nx;Tokopedia") + 1].decode(), run)


def test_a_decode_error_in_the_first_block_stops_a_run_without_workers():
    data = many_rows(40_000, bad_at=5_000)
    run = batch(data, jobs=1)
    assert run.code == 2 and "<stdin>:5002:" in run.stderr.splitlines()[-1]
    assert_rows_are_the_records(data[: data.index(b"\nx;Tokopedia") + 1].decode(), run)


# A run that stops early while workers are still sending their results back (a decode error,
# a closed pipe) ends, with the right exit code, instead of hanging (a 60 s limit catches a
# hang; how fast it stops is measured by hand, not asserted: no test here times anything).


def cli() -> list[str]:
    script = Path(sys.executable).parent / "sertifikat-cek"
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "sertifikat_cek"]


def timed_cli(*args: str, close_after_first_line: bool = False) -> tuple[int, float, bytes]:
    """The real command in its own process group: exit code, seconds, the first output line;
    killed (with its workers) after 60 s."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}
    started = time.monotonic()
    process = subprocess.Popen(
        [*cli(), "batch", *args, "--as-of", AS_OF],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    first = process.stdout.readline()
    if close_after_first_line:
        process.stdout.close()  # like `| head -1`
    else:
        process.stdout.read()
        process.stdout.close()
    try:
        code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise Hung("still running after 60 s") from None
    return code, time.monotonic() - started, first


def test_a_closed_pipe_with_workers_ends_the_run(tmp_path):
    path = tmp_path / "many.csv"
    path.write_bytes(many_rows(150_000))  # 8 MB
    code, _, first = timed_cli(str(path), "--jobs", "4", close_after_first_line=True)
    assert code == 0 and first.startswith(b"No;Platform Digital")


def test_a_decode_error_with_busy_workers_ends_the_run(tmp_path):
    path = tmp_path / "many.csv"
    path.write_bytes(many_rows(150_000, bad_at=20_000))  # the bad byte 1 MB in
    code, _, _ = timed_cli(str(path), "--jobs", "4", "-o", os.devnull)
    assert code == 2


# 5. UTF-16 with a BOM: the one-decoder path; the same output as the UTF-8 file.


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize(
    ("block", "jobs", "end"), [(None, 1, "\r\n"), (7, 1, "\r\n"), (13, 2, "\r"), (64, 2, "\n")]
)
def test_utf16_and_utf32_with_a_bom_give_what_the_utf8_file_gives(encoding, block, jobs, end):
    text = realistic_text(120, end)
    bom = "\ufeff".encode(encoding)
    expected = batch(text.encode("utf-8"), jobs=1)
    run = batch(bom + text.encode(encoding), jobs=jobs, block=block)
    assert not run.parallel  # its blocks cannot be cut at line-end bytes
    assert (run.code, run.out) == (expected.code, expected.out)
    del run.summary["encoding"], expected.summary["encoding"]
    assert run.summary == expected.summary
    assert_rows_are_the_records(text, run)


def utf16_with_a_lone_surrogate(encoding: str, bad_line: int) -> tuple[bytes, str]:
    lines = [";".join(["Platform Digital", "Tgl Selesai", "Catatan"]) + "\n"]
    lines += [f"Tokopedia;0{number % 9 + 1}/03/2021;n{number}\n" for number in range(300)]
    lone = "\ud800".encode(encoding, "surrogatepass")
    before = "".join(lines[: bad_line - 1])
    data = "\ufeff".encode(encoding) + before.encode(encoding) + lone
    return data + "".join(lines[bad_line - 1 :]).encode(encoding), before


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("block", [64, 1000])
def test_a_utf16_or_utf32_decode_error_after_the_first_block_names_its_line(encoding, block):
    data, before = utf16_with_a_lone_surrogate(encoding, 201)
    run = batch(data, block=block)
    assert run.code == 2
    assert "<stdin>:201:" in run.stderr.splitlines()[-1]
    assert_rows_are_the_records(before, run)  # the 199 rows before line 201


# 6. A quoted line break exactly at a block end, with workers: decided again, same output.


@pytest.mark.parametrize("plain", [True, False], ids=["plain-rows", "quoted-line-breaks"])
def test_a_slow_worker_does_not_hold_the_other_one_up(tmp_path, plain):
    """A worker that another process slows (here: one that sleeps on every Job) does fewer
    Jobs: the other one is sent the next Job whenever it has room, and the rows still come out
    in input order, byte for byte those of one process. The other worker runs as far ahead as
    it may: its results fill its shared slots (plain rows: the arrays decide every Job), and the
    Jobs out fill the input's ring (quoted line breaks: some Jobs are decided again here, from
    their bytes in the ring)."""
    from sertifikat_cek.batch.columnar import ColumnarBlocks

    text = many_rows(3000) if plain else realistic_text().encode()
    expected = batch(text, jobs=1)
    log, slow = tmp_path / "jobs.log", tmp_path / "slow"
    parent = os.getpid()

    def logged(real):
        def decide_job(self, job):
            me = os.getpid()
            if os.getppid() != parent:  # a worker, forked by the run (which batch() forks)
                with contextlib.suppress(FileExistsError):
                    os.close(os.open(slow, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                    slow.write_text(str(me))  # the first worker to decide a Job is the slow one
                if slow.read_text() == str(me):
                    time.sleep(0.01)
                with open(log, "a") as out:
                    out.write(f"{me}\n")
            return real(self, job)

        return decide_job

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ColumnarBlocks, "decide_job", logged(ColumnarBlocks.decide_job))
        patch.setattr(BlockDecider, "decide_job", logged(BlockDecider.decide_job))
        size = 400 if plain else 100  # Jobs of a few rows: many of them
        patch.setattr(batch_stream, "CHUNK_BYTES", size)
        run = batch(text, jobs=2, block=size)
    assert run.parallel
    assert (run.code, run.out, run.summary) == (expected.code, expected.out, expected.summary)
    jobs = log.read_text().split()
    slow_jobs = jobs.count(slow.read_text())
    assert len(set(jobs)) == 2 and len(jobs) > 40
    assert len(jobs) - slow_jobs > 2 * slow_jobs  # in lockstep, each did half


def test_a_block_cut_inside_a_quoted_line_break_gives_the_same_rows_with_workers():
    lines = text_with_notes(200, "\n")
    text = "".join(lines)
    expected = batch(text.encode(), jobs=1)
    assert_rows_are_the_records(text, expected)
    redecided = 0
    for block in range(7, 71, 3):  # cut points every 3 bytes: some fall inside "dua\nbaris"
        run = batch(text.encode(), jobs=2, block=block, head_lines=3)
        assert run.parallel
        assert (run.code, run.out, run.summary) == (expected.code, expected.out, expected.summary)
        redecided += run.redecided
    assert redecided > 0  # some blocks did end inside "dua\nbaris"


def test_a_record_longer_than_several_blocks_is_decided_again_whole():
    note = "".join(f"baris {number}\r\n" for number in range(60))  # about 600 bytes
    rows = [HEADER] + [
        [str(number), "Ani", "Tokopedia", "", "", "05/03/2021", "", "", note if number % 7 else ""]
        for number in range(40)
    ]
    text = write_rows(rows, ["\r\n"] * len(rows))
    expected = batch(text.encode(), jobs=1)
    assert_rows_are_the_records(text, expected)
    run = batch(text.encode(), jobs=2, block=50, head_lines=3)
    assert run.redecided > 0
    assert (run.out, run.summary) == (expected.out, expected.summary)


# 7. An unterminated quote: csv.reader (not strict) reads it to the end of the file.


@pytest.mark.parametrize("tail", ["\n", "\r\n", ""], ids=["lf", "crlf", "no-line-end"])
@pytest.mark.parametrize("where", ["last-row", "middle"])
@pytest.mark.parametrize(("block", "jobs"), [(None, 1), (7, 1), (9, 2), (64, 2)])
def test_an_unterminated_quote_keeps_its_row_and_nothing_crashes(tail, where, block, jobs):
    open_row = '120;Ani;Tokopedia;05/03/2021;;;;;"catatan tanpa penutup\nlagi' + tail
    text = "".join(text_with_notes(120, "\n")) + open_row
    if where == "middle":  # it takes in every line after it, up to the end of the file
        plain = "".join(f"{n};Ani;Bukalapak;05/03/2021;;;;;\n" for n in range(121, 200))
        text = text.removesuffix(tail) + "\n" + plain
    run = batch(text.encode(), jobs=jobs, block=block, head_lines=3)
    assert run.code in (0, 1), run.stderr
    assert_rows_are_the_records(text, run)
    assert output_rows(run.out)[-1][0] == "120"


# 8. JSON lines: the same bytes with workers and small blocks; each line is its record.


@pytest.mark.parametrize(("block", "jobs"), [(7, 1), (7, 2), (61, 2), (200, 2)])
def test_jsonl_is_the_same_with_workers_and_small_blocks(block, jobs):
    expected = realistic_baseline("--format", "jsonl")
    run = batch(realistic_text().encode(), "--format", "jsonl", jobs=jobs, block=block)
    assert run.parallel is (jobs > 1)
    assert (run.code, run.out, run.summary) == (expected.code, expected.out, expected.summary)


def test_jsonl_lines_are_the_records_with_their_first_line():
    text = realistic_text()
    run = realistic_baseline("--format", "jsonl")
    expected = numbered_records(text)
    objects = [json.loads(line) for line in run.out.decode("utf-8").splitlines()]
    assert len(objects) == len(expected) - 1
    width = len(expected[0][2])
    for (line, number, cells), data in zip(expected[1:], objects, strict=True):
        assert (data["line"], data["row_number"]) == (line, number)
        padded = cells + [""] * (width - len(cells))  # a short row gets every header key
        assert list(data["row"].values()) == padded
        assert (data["verdict"] is None) is (data["error"] is not None)


# 9. --reply: the same with workers and small blocks.


@pytest.mark.parametrize(("block", "jobs"), [(7, 1), (7, 2), (97, 2)])
def test_reply_is_the_same_with_workers_and_small_blocks(block, jobs):
    expected = realistic_baseline("--reply")
    assert_rows_are_the_records(realistic_text(), expected, results=REPLY_COLUMNS)
    run = batch(realistic_text().encode(), "--reply", jobs=jobs, block=block)
    assert run.parallel is (jobs > 1)
    assert (run.code, run.out, run.summary) == (expected.code, expected.out, expected.summary)


# Other cuttable encodings: a latin-1 byte 0x85 is U+0085, which str.splitlines breaks on and
# csv does not.


@pytest.mark.parametrize(("block", "jobs"), [(None, 1), (7, 1), (11, 2)])
def test_latin1_blocks_with_next_line_characters_keep_every_record(block, jobs):
    rows = [HEADER] + [
        [str(n), "José\x85Ñ", PLATFORMS[n % 4], "05/03/2021", "", "", "", "", "a\x85b\x0cc"]
        for n in range(150)
    ]
    text = write_rows(rows, ["\r\n"] * len(rows))
    run = batch(text.encode("latin-1"), "--encoding", "latin-1", jobs=jobs, block=block)
    assert run.code == 0, run.stderr
    assert run.parallel is (jobs > 1)
    assert_rows_are_the_records(text, run)


def test_the_oracle_counts_lines_as_a_reader_of_the_file_would():
    text = 'a;b\r\n"x\ry";z\n\nc;d\re;f'
    assert records(text) == [(1, ["a", "b"]), (2, ["x\ry", "z"]), (5, ["c", "d"]), (6, ["e", "f"])]
