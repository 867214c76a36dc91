"""The fuzz targets: each runs the CLI (in this process, through typer's runner) on one hostile
input and asserts what every run must keep: no traceback, an exit code of 0, 1 or 2, one error
line on exit 2, no hang, the input unchanged, and for batch exactly one output record per
input record, the same bytes with --jobs 1 and 2, and no output left by a run that ended 2."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cli_runner import make_runner

from sertifikat_cek.cli import app
from sertifikat_cek.rules.location import bundled_rules_dir

# A run longer than this is a hang (the slowest honest input here takes well under a second).
HANG_SECONDS = 30
runner = make_runner()


class Hang(AssertionError):
    pass


@contextlib.contextmanager
def deadline(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail, instead of waiting for ever, when the body runs past `seconds`."""

    def expired(_signum, _frame):
        raise Hang(f"no exit within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A temporary directory the run works in (its relative outputs land there)."""
    directory = Path(tempfile.mkdtemp(prefix="sertifikat-fuzz-"))
    here = os.getcwd()
    os.chdir(directory)
    try:
        yield directory
    finally:
        os.chdir(here)
        shutil.rmtree(directory, ignore_errors=True)


def invoke(args: list[str], stdin: bytes | None = None):
    with deadline():
        result = runner.invoke(app, args, input=stdin, prog_name="sertifikat-cek")
    return result


def check_run(args: list[str], result) -> None:
    """The properties of any run (`rules check` reports every problem, one a line: exempt from
    the one error line)."""
    exception = result.exception
    if exception is not None and not isinstance(exception, SystemExit):
        raise AssertionError(f"{args!r} raised {exception!r}") from exception
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr[-500:])
    assert "Traceback" not in result.stderr, (args, result.stderr[-2000:])
    if result.exit_code == 2 and args[:2] != ["rules", "check"]:
        errors = [line for line in result.stderr.splitlines() if "error:" in line]
        assert len(errors) == 1, (args, result.stderr[-2000:])


# -- command lines ------------------------------------------------------------------------------


def command_line(args: list[str]) -> None:
    with scratch() as directory:
        before = {p.name for p in directory.iterdir()}
        result = invoke(args, stdin=b"")
        check_run(args, result)
        left = {p.name for p in directory.iterdir()} - before
        assert not any(name.endswith(".part") for name in left), left
        if result.exit_code == 2:
            assert not left, (args, left)  # nothing written by a run that ended with exit 2


# -- CSV bytes and mutated exports ----------------------------------------------------------


def records(text: str, delimiter: str) -> list[list[str]]:
    """The oracle: the records Python's csv module reads in the whole text (blank ones out)."""
    csv.field_size_limit(128 * 1024)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [row for row in reader if any(row)]


def _decoded(data: bytes, encoding: str) -> str:
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


def batch_bytes(data: bytes, delimiter: str | None = None, jobs: tuple[str, ...] = ("1",)) -> None:
    """Batch on these bytes, as CSV and as JSON lines: every record once, in order."""
    with scratch() as directory:
        source = directory / "in.csv"
        source.write_bytes(data)
        outputs = {}
        for output_format in ("csv", "jsonl"):
            for job in jobs:
                out = directory / f"out-{output_format}-{job}"
                summary = directory / f"summary-{output_format}-{job}.json"
                args = ["batch", str(source), "-o", str(out), "--summary-json", str(summary)]
                args += ["--format", output_format, "--jobs", job, "--as-of", "2021-04-01"]
                if delimiter is not None:
                    args += ["--delimiter", delimiter]
                result = invoke(args)
                check_run(args, result)
                assert source.read_bytes() == data  # the input is never written
                if result.exit_code == 2:
                    assert not out.exists() and not summary.exists(), args
                    outputs[output_format, job] = None
                    continue
                report = json.loads(summary.read_text(encoding="utf-8"))
                written = out.read_bytes()
                outputs[output_format, job] = written
                _one_record_each(data, report, written, output_format)
        for output_format in ("csv", "jsonl"):
            seen = {outputs[output_format, job] for job in jobs}
            assert len(seen) == 1, f"--jobs {jobs} gave different {output_format} output"


def _one_record_each(data: bytes, report: dict, written: bytes, output_format: str) -> None:
    text = _decoded(data, report["encoding"])
    expected = records(text, report["delimiter"])
    header, rows = expected[0], expected[1:]
    assert report["rows"] == len(rows), (report["rows"], len(rows))
    out_text = written.decode("utf-8")
    if output_format == "jsonl":
        lines = out_text.splitlines()  # splitlines breaks on U+2028 too: none may be raw
        assert len(lines) == len(rows), (len(lines), len(rows))
        width = len(header)
        for line, row in zip(lines, rows, strict=True):
            record = json.loads(line)
            # a row short of trailing cells is padded with empty ones (issue 13), never cut
            assert list(record["row"].values()) == row + [""] * (width - len(row))
    else:
        got = records(out_text.lstrip("\ufeff"), report["delimiter"])
        assert len(got) == len(rows) + 1, (len(got), len(rows) + 1)
        width = len(header)
        for out_row, row in zip(got[1:], rows, strict=True):
            assert out_row[: min(width, len(row))] == row[:width]


# -- rule directories -----------------------------------------------------------------------------


def rule_dir(edit: tuple[str, str, object]) -> None:
    name, kind, value = edit
    with scratch() as directory:
        rules = directory / "rules"
        shutil.copytree(bundled_rules_dir(), rules)
        path = rules / name
        text = path.read_text(encoding="utf-8")
        if kind == "truncate":
            path.write_text(text[: int(len(text) * value)], encoding="utf-8")
        elif kind == "empty":
            path.write_text("", encoding="utf-8")
        elif kind in ("bomb", "deep"):
            path.write_text(value, encoding="utf-8")
        elif kind == "bytes":
            path.write_bytes(value)
        elif kind == "fifo":
            path.unlink()
            os.mkfifo(path)
        elif kind == "directory":
            path.unlink()
            path.mkdir()
        else:
            lines = text.splitlines()
            index, replacement = value
            if lines:
                lines[index % len(lines)] = replacement
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for args in (
            ["rules", "check", str(rules)],
            ["rules", "list", "--rules-dir", str(rules)],
            ["calendar", "add", "2021-03-05", "7", "--rules-dir", str(rules)],
            ["info", "contacts", "--rules-dir", str(rules)],
            [
                *("diagnose", "--platform", "tokopedia", "--completed", "2021-03-05"),
                *("--as-of", "2021-03-20", "--reply", "--rules-dir", str(rules)),
            ],
        ):
            result = invoke(args)
            check_run(args, result)
            assert result.exit_code in (0, 2), (args, result.exit_code)
