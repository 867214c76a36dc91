"""The guarantees of docs/reliability.md as a user meets them: the input is never written, an
output is complete or absent, every OS fault is one line, a closed pipe is exit 0 for every
command. Real processes, real file descriptors (a full disk is /dev/full)."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cli_runner import make_runner
from hypothesis import given, settings
from hypothesis import strategies as st

from sertifikat_cek.calendar.dates import ZONE_SHIFT_HOURS
from sertifikat_cek.cli import app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kasus.csv"
HEADER = "No;Platform Digital;Tgl Selesai;Laporan Lembaga;Laporan Platform;Tanggal Cek"
ENV = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}
runner = make_runner()

# One of each command (and --help, --version), each of which writes to stdout.
COMMANDS = [
    ["--version"],
    ["--help"],
    ["diagnose", "--platform", "tokopedia", "--completed", "2021-03-01", "--as-of", "2021-03-20"],
    ["calendar", "holidays", "2025"],
    ["rules", "list"],
    ["info", "contacts"],
    ["batch", str(EXAMPLE)],
]


def cli() -> list[str]:
    script = Path(sys.executable).parent / "sertifikat-cek"
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "sertifikat_cek"]


def run(*args: str):
    return runner.invoke(app, [*args], prog_name="sertifikat-cek")


def rows(count: int, start: int = 0) -> str:
    return "".join(
        f"{n};Tokopedia;05/03/2021;08/03/2021;;20/03/2021\n" for n in range(start, count)
    )


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "error:" in line]


# -- 1. the input is never written ------------------------------------------------------------


def test_an_output_that_is_a_hard_link_to_the_input_is_refused(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(EXAMPLE.read_bytes())
    os.link(source, tmp_path / "link.csv")
    for option in ("-o", "--summary-json"):
        result = run("batch", str(source), option, str(tmp_path / "link.csv"))
        assert result.exit_code == 2
        assert "is the input file" in result.stderr
        assert source.read_bytes() == EXAMPLE.read_bytes()


def test_an_output_that_is_a_symlink_to_the_input_is_refused(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "sym.csv").symlink_to(source)
    result = run("batch", str(source), "-o", str(tmp_path / "sym.csv"))
    assert result.exit_code == 2 and "is the input file" in result.stderr
    assert source.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize("mode", ["ab", "r+b"])
def test_standard_output_redirected_to_the_input_is_refused(tmp_path, mode):
    source = tmp_path / "in.csv"
    source.write_bytes(EXAMPLE.read_bytes())
    with source.open(mode) as out:  # `batch in.csv >> in.csv`, `batch in.csv 1<> in.csv`
        done = subprocess.run(
            [*cli(), "batch", str(source)], stdout=out, stderr=subprocess.PIPE, env=ENV, timeout=60
        )
    assert done.returncode == 2
    assert "standard output is the input file" in done.stderr.decode()
    assert source.read_bytes() == EXAMPLE.read_bytes()


def test_two_outputs_naming_one_file_are_refused(tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", str(EXAMPLE), "-o", str(out), "--summary-json", str(out))
    assert result.exit_code == 2 and "same file as --output" in result.stderr
    assert not out.exists()


def test_an_output_that_cannot_be_written_stops_the_run_before_the_input_is_read(tmp_path):
    # the input is a pipe no one writes to: a run that read it would wait for ever
    target = str(tmp_path / "no-such-dir" / "out.csv")
    for option in ("-o", "--summary-json"):
        process = subprocess.Popen(
            [*cli(), "batch", "-", option, target],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=ENV,
        )
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 2
        process.stdin.close()
        assert f"{target}: cannot be written" in stderr and "Traceback" not in stderr


def test_an_error_after_some_rows_leaves_the_output_as_it_was_and_says_so(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes((HEADER + "\n" + rows(50)).encode() + b"51;Bukalapak;Jos\x81;;;\n")
    out, summary = tmp_path / "out.csv", tmp_path / "summary.json"
    out.write_text("the previous result\n")
    result = run("batch", str(source), "-o", str(out), "--summary-json", str(summary))
    assert result.exit_code == 2
    assert out.read_text() == "the previous result\n" and not summary.exists()
    assert f"nothing was written to {out} or {summary}" in result.stderr
    assert len(error_lines(result.stderr)) == 1
    assert {p.name for p in tmp_path.iterdir()} == {"in.csv", "out.csv"}  # no .part left


def test_a_finished_run_replaces_the_output_keeping_its_permissions(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    out.chmod(0o640)
    result = run("batch", str(EXAMPLE), "-o", str(out), "--as-of", "2021-03-20")
    assert result.exit_code == 1  # two rows of the example are wrong on purpose
    assert out.read_text(encoding="utf-8-sig").startswith("No;")
    assert out.stat().st_mode & 0o777 == 0o640
    assert {p.name for p in tmp_path.iterdir()} == {"out.csv"}  # no temporary file left


def test_an_output_that_is_not_a_regular_file_is_written_directly(tmp_path):
    result = run("batch", str(EXAMPLE), "-o", os.devnull)
    assert result.exit_code == 1
    assert Path(os.devnull).is_char_device()


def _start_batch(tmp_path, *options: str):
    """A batch run reading a pipe we hold open, once it has written some rows."""
    out = tmp_path / "out.csv"
    process = subprocess.Popen(
        [
            *cli(),
            "batch",
            "-",
            "-o",
            str(out),
            "--summary-json",
            str(tmp_path / "s.json"),
            *options,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    process.stdin.write((HEADER + "\n" + rows(2000)).encode())
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.02)
    return process, out


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_or_ctrl_c_mid_run_removes_the_outputs(tmp_path, sent, code):
    process, out = _start_batch(tmp_path, "--jobs", "1")
    time.sleep(0.3)  # reading the rows sent so far, then waiting for more
    process.send_signal(sent)
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == code
    process.stdin.close()
    assert "Traceback" not in stderr
    assert "nothing was written to" in stderr
    assert not out.exists() and not (tmp_path / "s.json").exists()
    assert not any(p.name.endswith(".part") for p in tmp_path.iterdir())


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_a_worker_killed_mid_run_ends_with_one_line_and_no_output(tmp_path):
    process, out = _start_batch(tmp_path, "--jobs", "2")
    # blocks of rows reach both workers (forked after the first Job is decided): ~8 MiB
    # more, then the wait for more input
    process.stdin.write(rows(100_000, 2000).encode())
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(_children(process.pid)[0], signal.SIGKILL)
    try:  # more rows, so that the dead worker's turn comes
        process.stdin.write(rows(80_000, 102_000).encode())
        process.stdin.close()
    except BrokenPipeError:
        pass
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 2
    assert "Traceback" not in stderr
    assert error_lines(stderr) == [
        "sertifikat-cek: error: --jobs: a worker process was killed by signal 9 (out of "
        "memory?); run again, or with --jobs 1"
    ]
    assert not out.exists() and not any(p.name.endswith(".part") for p in tmp_path.iterdir())


# -- 2. every OS error is one line, a closed pipe exit 0 ---------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_full_disk_is_one_line_and_exit_2_for_every_command(command):
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*cli(), *command], stdout=full, stderr=subprocess.PIPE, env=ENV, timeout=60
        )
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert error_lines(stderr) == [
        "sertifikat-cek: error: standard output: No space left on device; free some space or "
        "write to another disk"
    ]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_closed_pipe_is_exit_0_quietly_for_every_command(command):
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first write: `| true`
    try:
        done = subprocess.run(
            [*cli(), *command], stdout=write, stderr=subprocess.PIPE, env=ENV, timeout=60
        )
    finally:
        os.close(write)
    stderr = done.stderr.decode()
    assert done.returncode == 0, stderr
    assert "Traceback" not in stderr and "error" not in stderr


@pytest.mark.parametrize(
    ("command", "closed", "words"),
    [
        (["batch", "-"], 0, "standard input: cannot be read: Bad file descriptor"),
        (["diagnose"], 0, "stdin is not a terminal"),
        (["--version"], 1, "standard output: Bad file descriptor"),
        (["batch", str(EXAMPLE)], 1, "standard output: Bad file descriptor"),
    ],
)
def test_a_closed_standard_stream_is_one_line_and_exit_2(command, closed, words):
    done = subprocess.run(
        [*cli(), *command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
        timeout=60,
        preexec_fn=lambda: os.close(closed),
    )
    stderr = done.stderr.decode()
    assert done.returncode == 2
    assert "Traceback" not in stderr
    assert len(error_lines(stderr)) == 1 and words in error_lines(stderr)[0]


def test_a_closed_stdout_does_not_stop_batch_writing_to_a_file(tmp_path):
    out = tmp_path / "out.csv"
    done = subprocess.run(
        [*cli(), "batch", str(EXAMPLE), "-o", str(out), "--as-of", "2021-03-20"],
        stderr=subprocess.PIPE,
        env=ENV,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 1, done.stderr.decode()
    rows = EXAMPLE.read_text(encoding="utf-8-sig").count("\n")  # the header and every row
    assert out.read_text(encoding="utf-8-sig").count("\n") == rows


# Ctrl-C while the command's modules load: sent from an import hook when typer is imported
# (the first import after the start-up handler; the interpreter's own start-up before the first
# line of the package is not the package's to handle).
INTERRUPTED_IMPORT = """
import os, signal, sys
class Hook:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Hook())
from sertifikat_cek.cli import main
main()
"""


def test_ctrl_c_during_start_up_is_exit_130_without_a_traceback():
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_IMPORT, "--version"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert done.returncode == 130
    assert done.stdout == ""  # it stopped before the command ran
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr


# -- 3. every option is total ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "words"),
    [
        ("utf-16", "--encoding: utf-16 cannot decode the start of the file"),
        ("utf-32", "--encoding: utf-32 cannot decode the start of the file"),
        ("punycode", "--encoding: 'punycode' is not a text encoding"),
        ("idna", "--encoding: 'idna' is not a text encoding"),
        ("undefined", "--encoding: 'undefined' is not a text encoding"),
        ("base64", "--encoding: 'base64' is not a text encoding"),
        ("utf\x008", "is not a text encoding"),
    ],
)
def test_an_encoding_that_cannot_read_the_file_is_a_usage_error(encoding, words):
    result = run("batch", str(EXAMPLE), "--encoding", encoding)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(error_lines(result.stderr)) == 1 and words in result.stderr


def test_jobs_beyond_the_cpu_count_are_said_and_lowered(tmp_path, monkeypatch):
    from sertifikat_cek.batch import stream

    monkeypatch.setattr(stream, "cpu_count", lambda: 2)
    forked = []
    real = stream.Workers.__init__
    monkeypatch.setattr(
        stream.Workers,
        "__init__",
        lambda self, count, *rest: forked.append(count) or real(self, count, *rest),
    )
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "\n" + rows(20_000), encoding="utf-8")
    result = run("batch", str(source), "--jobs", "1000000", "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 0, result.stderr
    assert "--jobs 1000000 is more than the 2 CPUs; using 2" in result.stderr
    assert forked == [2]


@pytest.mark.parametrize("group", [[], ["calendar"], ["rules"], ["info"]])
def test_a_missing_command_is_one_error_line_naming_the_commands(group):
    result = run(*group)
    assert result.exit_code == 2
    [line] = error_lines(result.stderr)
    assert "missing command; give one of: " in line


# -- 4. one output record per input record -----------------------------------------------------


def test_jsonl_row_holds_every_cell_with_duplicate_and_empty_names(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "Platform;Nama;Nama;;Nama_2;Nama\nTokopedia;a;b;c;d;e;f;g\nTokopedia;\u2028x\u2029;y\x85;;;\n",
        encoding="utf-8",
    )
    # no event column: said with --map, else batch stops (exit 2) rather than guess
    result = run(
        "batch",
        str(source),
        "--format",
        "jsonl",
        "--as-of",
        "2021-03-20",
        "--map",
        "Platform=platform",
    )
    lines = result.stdout.splitlines()  # str.splitlines breaks on U+2028 too: not in a line
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert list(first["row"].values()) == ["Tokopedia", "a", "b", "c", "d", "e", "f", "g"]
    assert list(first["row"]) == [
        "Platform",
        "Nama",
        "Nama_2",
        "column_4",
        "Nama_2_2",
        "Nama_3",
        "column_7",
        "column_8",
    ]
    assert second["row"]["Nama"] == "\u2028x\u2029"


# -- 5. bounded, and right at the edges ---------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    minute=st.integers(0, 24 * 60 - 1),
    zone=st.sampled_from(sorted(ZONE_SHIFT_HOURS)),
)
def test_todays_date_typed_in_any_indonesian_zone_is_not_in_the_future(minute, zone):
    as_of = datetime(2021, 3, 10) + timedelta(minutes=minute)  # WIB
    local_today = (as_of + timedelta(hours=ZONE_SHIFT_HOURS[zone])).date()
    result = run(
        "diagnose",
        *("--platform", "tokopedia", "--completed", local_today.isoformat()),
        *("--as-of", as_of.strftime("%Y-%m-%d %H:%M"), "--json"),
    )
    assert result.exit_code == 0, result.stderr
    tomorrow = local_today + timedelta(days=1)
    later = run(
        "diagnose",
        *("--platform", "tokopedia", "--completed", tomorrow.isoformat()),
        *("--as-of", as_of.strftime("%Y-%m-%d %H:%M")),
    )
    if tomorrow > (as_of + timedelta(hours=2)).date():  # tomorrow nowhere in Indonesia yet
        assert later.exit_code == 2 and "cannot be in the future" in later.stderr


def _hostile(path: Path, count: int, size: int = 100 * 1024) -> None:
    """`count` rows, each with a distinct `size`-character cell where a date should be."""
    filler = "lorem ipsum dolor " * (size // 18 + 1)
    with path.open("w", encoding="utf-8") as file:
        file.write("No;Platform Digital;Tgl Selesai;Laporan Lembaga\n")
        for number in range(count):
            file.write(f"{number};Tokopedia;{number:08d}{filler[: size - 8]};\n")


def test_hostile_long_cells_are_read_once_refused_in_linear_work_and_bounded_memory(
    tmp_path, monkeypatch
):
    import tracemalloc

    from sertifikat_cek.calendar import dates
    from sertifikat_cek.decide import case_input

    reads, lenient = [], []
    real_read, real_lenient = case_input._read_event, dates._with_dateutil
    monkeypatch.setattr(case_input, "_read_event", lambda *a: reads.append(1) or real_read(*a))
    monkeypatch.setattr(dates, "_with_dateutil", lambda *a: lenient.append(1) or real_lenient(*a))
    peaks = {}
    for count in (25, 100):
        source, out = tmp_path / f"in{count}.csv", tmp_path / f"out{count}.csv"
        _hostile(source, count)
        reads.clear()
        tracemalloc.start()
        result = run("batch", str(source), "-o", str(out), "--jobs", "1", "--as-of", "2021-03-20")
        peaks[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert result.exit_code == 1
        assert len(reads) == count  # each long cell read once, none kept to be read again
        assert lenient == []  # refused by its length, before any parser walks it
        errors = [line.rsplit(";", 1)[1] for line in out.read_text().splitlines()[1:]]
        assert len(errors) == count
        assert all(len(error) < 400 for error in errors)  # the cell is quoted cut, not whole
    # 4x the rows (10 MiB of cells), not more memory: nothing grows with the cells seen before
    assert peaks[100] < 1.5 * peaks[25], peaks
    assert peaks[100] < 64 * 2**20


def test_a_full_disk_under_an_output_file_leaves_nothing_and_says_where(tmp_path, monkeypatch):
    import errno

    from sertifikat_cek.batch import output_files

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_files.os, "write", full)
    out = tmp_path / "out.csv"
    result = run("batch", str(EXAMPLE), "-o", str(out), "--as-of", "2021-03-20")
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [
        f"sertifikat-cek: error: {out}: No space left on device; free some space or write to "
        "another disk"
    ]
    assert f"nothing was written to {out}" in result.stderr
    assert list(tmp_path.iterdir()) == []  # neither the output nor its temporary file


def test_a_closed_stderr_does_not_stop_a_command():
    done = subprocess.run(
        [*cli(), "calendar", "add", "2021-03-05", "7"],
        capture_output=False,
        stdout=subprocess.PIPE,
        env=ENV,
        timeout=60,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == 0
    assert done.stdout.strip()


def test_an_impossible_utc_offset_is_the_cells_error(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        HEADER + "\n1;Tokopedia;2021-03-05T10:00+25:00;;;20/03/2021\n" + rows(3, 2),
        encoding="utf-8",
    )
    result = run("batch", str(source), "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3  # the header and both rows
    assert "+25:00 is not a UTC offset" in lines[1]
    assert lines[2].endswith(";")  # the other row diagnosed, its error empty


def test_every_test_the_reliability_table_names_exists():
    root = Path(__file__).resolve().parents[1]
    named = set(re.findall(r"`(test_\w+)`", (root / "docs" / "reliability.md").read_text()))
    assert len(named) > 20
    defined = set()
    for path in (root / "tests").rglob("*.py"):
        defined |= set(re.findall(r"^def (test_\w+)", path.read_text(), re.MULTILINE))
    assert named <= defined, sorted(named - defined)


@pytest.mark.parametrize("engine", ["rows", "columns"])
@pytest.mark.parametrize("change", ["grows", "shrinks"])
def test_an_input_that_changes_while_read_is_one_line_and_no_output(
    tmp_path, monkeypatch, change, engine
):
    from sertifikat_cek.batch import stream

    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER + "\n" + rows(30_000), encoding="utf-8")  # > one block of bytes
    real = stream._take

    def take_and_change(*args, **kwargs):
        if not getattr(take_and_change, "done", False):
            take_and_change.done = True
            if change == "grows":
                with source.open("a", encoding="utf-8") as file:
                    file.write(rows(100))
            else:
                os.truncate(source, source.stat().st_size // 2)
        return real(*args, **kwargs)

    monkeypatch.setattr(stream, "_take", take_and_change)
    result = run(
        "batch",
        str(source),
        "-o",
        str(out),
        "--jobs",
        "1",
        "--as-of",
        "2021-03-20",
        "--engine",
        engine,
    )
    assert result.exit_code == 2
    [line] = error_lines(result.stderr)
    assert f"{source}: changed while it was read" in line
    assert not out.exists()


def test_a_closed_pipe_leaves_no_summary_file_and_says_nothing(tmp_path):
    summary = tmp_path / "s.json"
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [*cli(), "batch", str(EXAMPLE), "--summary-json", str(summary)],
            stdout=write,
            stderr=subprocess.PIPE,
            env=ENV,
            timeout=60,
        )
    finally:
        os.close(write)
    assert done.returncode == 0
    assert "nothing was written" not in done.stderr.decode()
    assert list(tmp_path.iterdir()) == []  # the run did not finish: no summary of it


def test_the_row_by_row_path_also_leaves_the_output_as_it_was_on_an_error(tmp_path):
    """Several inputs (or a filter) go row by row: an error there writes nothing either."""
    good, bad = tmp_path / "a.csv", tmp_path / "b.csv"
    good.write_bytes((HEADER + "\n" + rows(5)).encode())
    bad.write_bytes((HEADER + "\n" + rows(5)).encode() + b"6;Bukalapak;Jos\x81;;;\n")
    out, summary = tmp_path / "out.csv", tmp_path / "summary.json"
    out.write_text("the previous result\n")
    result = run("batch", str(good), str(bad), "-o", str(out), "--summary-json", str(summary))
    assert result.exit_code == 2
    assert out.read_text() == "the previous result\n" and not summary.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
    done = run("batch", str(good), str(good), "-o", str(out), "--summary-json", str(summary))
    assert done.exit_code in (0, 1)
    assert out.read_text(encoding="utf-8-sig").count("\n") == 11  # the header and 2 x 5 rows
    assert json.loads(summary.read_text())["rows"] == 10


def test_an_output_handed_to_the_disk_as_it_grows_is_written_whole(tmp_path, monkeypatch):
    """Through the page cache (a file system that refuses O_DIRECT), the temporary file's
    pages go to the disk every WRITE_BACK_BYTES (so that the fsync before the rename has little
    left); every byte still reaches the file, in order."""
    from sertifikat_cek.batch import file_writer, output_files

    monkeypatch.setattr(file_writer, "WRITE_BACK_BYTES", 1000)
    monkeypatch.setattr(file_writer, "direct_on", lambda fd: False)
    calls = []
    real = os.posix_fadvise
    monkeypatch.setattr(os, "posix_fadvise", lambda *a: (calls.append(a[1:3]), real(*a))[1])
    target = output_files.Target(str(tmp_path / "out.csv"), "--output")
    pieces = [bytes([65 + i % 26]) * (37 * i + 1) for i in range(200)]
    for piece in pieces:
        target.stream.write(piece)
    target.finish()
    target.commit()
    assert (tmp_path / "out.csv").read_bytes() == b"".join(pieces)
    assert len(calls) >= 2 and calls[0][0] == 0
    assert all(a + size == b for (a, size), (b, _) in itertools.pairwise(calls))
