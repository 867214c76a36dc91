"""What a review of the batch refactor (blocks, raw-line fast path, worker pipes) found, each
kept as a test: a worker that dies, codecs that are not text encodings, a cell longer than the
128 KiB limit (quoted or not, detected delimiter or not), JSON lines after a BOM, and a stray
opening quote near the top of a big file.

Runs reuse the harness of test_batch_blocks (`batch`: CliRunner in this process, or in a forked
child when workers are used, so a hang fails instead of stopping the suite)."""

from __future__ import annotations

import json
import multiprocessing
import os
import time

import pytest
from cli_runner import make_runner
from test_batch_blocks import HEADER as EXPORT_HEADER
from test_batch_blocks import batch, batch_here, realistic_baseline, realistic_text

from sertifikat_cek.batch import stream as batch_stream
from sertifikat_cek.batch.blocks import BlockDecider
from sertifikat_cek.cli import app

runner = make_runner()
HEADER = "No;Platform Digital;Tgl Selesai;Catatan\n"
LONG = "x" * 140_000  # longer than csv's default field_size_limit (131072)


def invoke(data: bytes, *args: str):
    return runner.invoke(
        app, ["batch", "-", "--as-of", "2021-04-01", *args], input=data, prog_name="sertifikat-cek"
    )


# -- 1. a worker process that dies ----------------------------------------------------------


def _worker_dies_at_its_first_job(self, job):
    if multiprocessing.parent_process() is not None:  # a forked worker, not the main process
        os._exit(1)  # as the OOM killer would end it
    return REAL_DECIDE_JOB(self, job)


def _worker_dies_at_start(link, parent_ends, decide):
    os._exit(1)


def _jobs_after_a_pause(table, *blocks, **options):
    jobs = REAL_JOBS_OF(table, *blocks, **options)
    yield next(jobs)  # the first Job, decided here before the workers are forked
    time.sleep(0.5)  # the workers are gone before the first Job is sent to them
    yield from jobs


REAL_DECIDE_JOB, REAL_JOBS_OF = BlockDecider.decide_job, batch_stream.jobs_of


def test_a_worker_that_dies_mid_job_is_not_reported_as_ctrl_c(monkeypatch):
    expected = realistic_baseline()
    monkeypatch.setattr(BlockDecider, "decide_job", _worker_dies_at_its_first_job)
    run = batch(realistic_text().encode(), jobs=2, block=64)
    # either its blocks are decided here, or one error line and exit 2; never "Ctrl-C"
    assert (run.code, run.out) == (expected.code, expected.out) or (
        run.code == 2 and "error:" in run.stderr
    ), (run.code, run.stderr[-300:])


def test_a_worker_that_dies_before_its_first_job_does_not_end_the_run_with_exit_0(monkeypatch):
    expected = realistic_baseline()
    monkeypatch.setattr(batch_stream, "_serve", _worker_dies_at_start)
    monkeypatch.setattr(batch_stream, "jobs_of", _jobs_after_a_pause)
    run = batch(realistic_text().encode(), jobs=2, block=64)
    assert (run.code, run.out) == (expected.code, expected.out) or (
        run.code == 2 and "error:" in run.stderr
    ), (run.code, run.out[:200], run.stderr[-300:])


# -- 2. bad input: one error line, never a traceback ------------------------------------------


@pytest.mark.parametrize("encoding", ["rot13", "base64", "hex"])
def test_a_codec_that_is_not_a_text_encoding_is_one_error_line(encoding):
    result = invoke(HEADER.encode() + b"1;Tokopedia;05/03/2021;ok\n", "--encoding", encoding)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 2 and "--encoding" in result.stderr


def one_error_line(result, line: int) -> str:
    """The one error line of a run stopped with exit 2, naming `line` of standard input."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 2, result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith("sertifikat-cek: error: ") and f"<stdin>:{line}:" in last, last
    assert "Traceback" not in result.stderr
    return last


def test_a_long_cell_in_the_first_lines_does_not_break_delimiter_detection():
    data = (HEADER + f"1;Tokopedia;05/03/2021;{LONG}\n").encode()
    given, detected = invoke(data, "-d", ";"), invoke(data)
    one_error_line(given, 2)
    one_error_line(detected, 2)
    assert detected.stdout_bytes == given.stdout_bytes


# -- 3. output that a reader takes back as it came --------------------------------------------


def test_jsonl_lines_are_json_when_the_input_had_a_bom():
    result = invoke(
        b"\xef\xbb\xbf" + HEADER.encode() + b"1;Tokopedia;05/03/2021;ok\n", "--format", "jsonl"
    )
    assert result.exit_code == 0, result.stderr
    for line in result.stdout_bytes.decode("utf-8").splitlines():
        json.loads(line)


def test_a_cell_over_the_limit_stops_the_run_the_same_way_quoted_or_not():
    plain = invoke((HEADER + f"1;Tokopedia;05/03/2021;{LONG}\n").encode(), "-d", ";")
    quoted = invoke((HEADER + f'1;Tokopedia;05/03/2021;"{LONG};"\n').encode(), "-d", ";")
    for result in (plain, quoted):
        assert "field larger than field limit" in one_error_line(result, 2)


# -- 4. a stray opening quote near the top of a file ----------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stray_opening_quote_stops_the_run_at_its_line_after_one_pass(monkeypatch, jobs):
    text = ";".join(EXPORT_HEADER) + "\n"
    text += "1;Budi;Tokopedia;05/03/2021;;;;;ok\n"
    text += '2;Ani;Tokopedia;05/03/2021;;;;;"catatan tanpa penutup\n'  # never closed
    text += "".join(f"{n};Ani;Tokopedia;05/03/2021;;;;;ok\n" for n in range(3, 60_000))
    handed: list[int] = []
    real = BlockDecider.decide

    def counting(self, lines, first_line, final=True, **rows):
        handed.append(sum(map(len, lines)))
        return real(self, lines, first_line, final, **rows)

    monkeypatch.setattr(BlockDecider, "decide", counting)
    run = batch_here(text.encode(), jobs=jobs) if jobs == 1 else batch(text.encode(), jobs=jobs)
    # csv.reader reads the rest of the file as one cell until it passes the 128 KiB limit: the
    # run stops there, naming the record's first line; the row before it is written
    assert run.code == 2
    assert "<stdin>:3:" in run.stderr.splitlines()[-1]
    assert "opening quote" in run.stderr.splitlines()[-1]
    assert run.out.count(b"\n") == 2  # the header and row 1
    if jobs == 1:  # reading the open record costs about one pass, not one per block
        assert sum(handed) <= 2 * len(text), f"{sum(handed):,} characters for {len(text):,}"
