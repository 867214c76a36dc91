"""`sertifikat-cek batch` as a user runs it: real exports in, every row out, the same verdicts
as `diagnose`, a summary, exit codes 0/1/2, and no traceback whatever the bytes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_runner import make_runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sertifikat_cek.cli import app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kasus.csv"
# the example's rows (the header is line 1) and its two wrong rows, its last two lines
EXAMPLE_ROWS = len(EXAMPLE.read_text(encoding="utf-8-sig").splitlines()) - 1
BAD_LINES = (EXAMPLE_ROWS, EXAMPLE_ROWS + 1)
RESULT_COLUMNS = ["verdict", "stage", "state", "due", "contact", "error"]
HEADER = "No;Platform Digital;Tgl Selesai;Laporan Lembaga;Laporan Platform;Tanggal Cek"


runner = make_runner()


def run(*args: str, input: bytes | str | None = None):
    return runner.invoke(app, ["batch", *args], input=input, prog_name="sertifikat-cek")


def table(text: str, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter))


def write(tmp_path: Path, text: str | bytes, name: str = "in.csv") -> str:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return str(path)


def batch_rows(tmp_path: Path, text: str | bytes, *args: str, code: int = 0, delimiter=";"):
    result = run(write(tmp_path, text), *args)
    assert result.exit_code == code, result.stderr
    rows = table(result.stdout, delimiter)
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]], result


TOKOPEDIA_ROWS = (
    "1;Tokopedia;01/03/2021;05/03/2021;08/03/2021;12/03/2021\n"
    "2;Tokopedia;01/03/2021;05/03/2021;08/03/2021;19/03/2021\n"
)


# -- the example and diagnose -------------------------------------------------------------------


def excel_date(text: str) -> str:
    """An Excel day number as the date Excel shows (day 0 = 1899-12-30)."""
    return (date(1899, 12, 30) + timedelta(days=int(text))).isoformat()


def diagnose_args(row: dict[str, str]) -> list[str]:
    options = {
        "--platform": row["Platform Digital"],
        "--completed": row["Tgl Selesai"],
        "--rated": row["Tanggal Rating"],
        "--institution-reported": row["Laporan Lembaga"],
        "--platform-reported": row["Laporan Platform"],
        "--name-matches": row["Nama Sesuai"],
        "--as-of": row["Tanggal Cek"],
    }
    args = ["diagnose", "--json"]
    for option, value in options.items():
        if value:
            args += [option, excel_date(value) if value.isdigit() else value]
    return args


def test_every_example_row_gets_the_verdict_due_and_contact_diagnose_gives():
    result = run(str(EXAMPLE))
    assert result.exit_code == 1, result.stderr  # the example has two bad rows on purpose
    rows = table(result.stdout)
    header, body = rows[0], rows[1:]
    assert header[-6:] == RESULT_COLUMNS
    with EXAMPLE.open(encoding="utf-8", newline="") as file:
        original = list(csv.reader(file, delimiter=";"))
    assert [row[: len(original[0])] for row in body] == original[1:]
    compared = 0
    for row in (dict(zip(header, cells, strict=True)) for cells in body):
        alone = runner.invoke(app, diagnose_args(row), prog_name="sertifikat-cek")
        if row["error"]:
            assert alone.exit_code == 2
            continue
        assert alone.exit_code == 0, alone.stderr
        expected = json.loads(alone.stdout)
        assert (row["verdict"], row["due"] or None, row["contact"] or None) == (
            expected["verdict"],
            expected["due"],
            expected["contact"],
        )
        compared += 1
    assert compared == len(body) - 2


def test_jsonl_rows_are_the_diagnose_json_with_the_row_added():
    result = run(str(EXAMPLE), "--format", "jsonl", "--lang", "en")
    assert result.exit_code == 1
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == EXAMPLE_ROWS
    for item in objects:
        row = item["row"]
        if item["error"]:
            assert item["verdict"] is None and item["line"] in BAD_LINES
            continue
        alone = runner.invoke(app, [*diagnose_args(row), "--lang", "en"])
        expected = json.loads(alone.stdout)
        mine = {k: v for k, v in item.items() if k not in ("line", "row_number", "row", "error")}
        # diagnose may add programme-level texts (consequence) beside report.diagnosis_json
        assert mine == {k: v for k, v in expected.items() if k in mine}
        assert set(expected) - set(mine) <= {"consequence", "reply"}
        # no cell of the example holds a line break: each row is one line, after the header
        assert item["row"]["No"] == str(item["line"] - 1) == str(item["row_number"] - 1)


# -- exit codes, summary ----------------------------------------------------------------------


def test_exit_0_when_every_row_is_diagnosed(tmp_path):
    rows, result = batch_rows(tmp_path, HEADER + "\n" + TOKOPEDIA_ROWS)
    assert [r["verdict"] for r in rows] == ["certificate_waiting", "certificate_overdue"]
    assert [r["due"] for r in rows] == ["2021-03-18", "2021-03-18"]  # DOMAIN.md's example
    assert [r["contact"] for r in rows] == ["", "prakerja"]
    assert "2 baris dibaca" in result.stderr


def test_exit_1_when_some_rows_have_errors_and_every_row_is_still_there(tmp_path):
    text = HEADER + "\n" + TOKOPEDIA_ROWS + "3;Tokopedia;31/02/2021;;;12/03/2021\n"
    rows, result = batch_rows(tmp_path, text, "--lang", "en", code=1)
    assert len(rows) == 3
    assert rows[2]["error"].startswith("row 4, column 'Tgl Selesai': cannot read '31/02/2021'")
    assert rows[2]["Tgl Selesai"] == "31/02/2021"
    assert "row 4, column 'Tgl Selesai'" in result.stderr
    assert "3 rows read: 2 diagnosed, 1 with errors" in result.stderr


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\n\r\n  \n", "empty"),
        (b"Nama;Tgl Selesai\nBudi;05/03/2021\n", "no platform column"),
        (b"Platform;Tgl Selesai\nBukalapak;Jos\x81\n", "--encoding"),  # not cp1252 either
    ],
)
def test_exit_2_with_one_line_when_the_file_cannot_be_read(tmp_path, content, words):
    path = tmp_path / "in.csv"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out.csv"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 2
    assert words in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) <= 3  # the reading line, that nothing was written, then one error
    assert "Traceback" not in result.stderr
    assert not out.exists()  # nothing is written when the run ends with exit 2
    if words == "--encoding":  # found after the header: the rows before it are not kept
        assert f"nothing was written to {out}" in result.stderr


def test_the_output_may_not_overwrite_the_input(tmp_path):
    path = write(tmp_path, HEADER + "\n" + TOKOPEDIA_ROWS)
    result = run(path, "-o", path)
    assert result.exit_code == 2 and "--output" in result.stderr
    assert Path(path).read_text(encoding="utf-8").startswith(HEADER)


def test_summary_json_counts_rows_verdicts_and_first_errors(tmp_path):
    summary = tmp_path / "summary.json"
    result = run(str(EXAMPLE), "-o", str(tmp_path / "out.csv"), "--summary-json", str(summary))
    assert result.exit_code == 1
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["rows"] == EXAMPLE_ROWS and data["errors"] == 2
    assert data["diagnosed"] == EXAMPLE_ROWS - 2
    assert sum(data["verdicts"].values()) == EXAMPLE_ROWS - 2
    assert [e["line"] for e in data["first_errors"]] == list(BAD_LINES)
    assert [e["row"] for e in data["first_errors"]] == list(BAD_LINES)  # no multi-line cell
    assert data["delimiter"] == ";" and data["exit_code"] == 1
    assert data["columns"]["completed"] == "Tgl Selesai"


def test_the_summary_speaks_english_when_asked(tmp_path):
    _, result = batch_rows(tmp_path, HEADER + "\n" + TOKOPEDIA_ROWS, "--lang", "en")
    assert "2 rows read: 2 diagnosed, 0 with errors" in result.stderr
    assert "delimiter ';' (detected from the header)" in result.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    _, result = batch_rows(tmp_path, HEADER + "\n" + TOKOPEDIA_ROWS)
    assert "\x1b[" not in result.stderr and "━" not in result.stderr


# -- input realities --------------------------------------------------------------------------


def test_stdin_to_stdout_through_dash():
    text = HEADER + "\n" + TOKOPEDIA_ROWS
    result = run("-", "-o", "-", input=text.encode())
    assert result.exit_code == 0, result.stderr
    assert [row[-6] for row in table(result.stdout)[1:]] == [
        "certificate_waiting",
        "certificate_overdue",
    ]


def test_a_utf8_bom_is_read_and_written_back(tmp_path):
    data = ("\ufeff" + HEADER + "\r\n" + TOKOPEDIA_ROWS).encode("utf-8")
    result = run(write(tmp_path, data))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfNo;Platform Digital")


def test_latin1_with_encoding_option_keeps_the_names(tmp_path):
    text = "Nama;" + HEADER + "\n" + "José Ramos;" + TOKOPEDIA_ROWS.splitlines()[0] + "\n"
    rows, _ = batch_rows(tmp_path, text.encode("latin-1"), "--encoding", "latin-1")
    assert rows[0]["Nama"] == "José Ramos"
    assert rows[0]["verdict"] == "certificate_waiting"


def test_a_decode_error_names_the_line_and_the_option(tmp_path):
    text = HEADER + "\n" + TOKOPEDIA_ROWS + "3;Tokopedia;Jos\x81;;;\n"  # 0x81: not cp1252
    result = run(write(tmp_path, text.encode("latin-1")))
    assert result.exit_code == 2
    assert "in.csv:4:" in result.stderr and "--encoding" in result.stderr


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_detected_and_kept_in_the_output(tmp_path, delimiter):
    text = (HEADER + "\n" + TOKOPEDIA_ROWS).replace(";", delimiter)
    rows, result = batch_rows(tmp_path, text, "--lang", "en", delimiter=delimiter)
    assert [r["verdict"] for r in rows] == ["certificate_waiting", "certificate_overdue"]
    name = "tab" if delimiter == "\t" else repr(delimiter)
    assert f"delimiter {name} (detected from the header)" in result.stderr


def test_delimiter_option_overrides_detection(tmp_path):
    rows, result = batch_rows(
        tmp_path, HEADER + "\n" + TOKOPEDIA_ROWS, "--delimiter", ";", "--lang", "en"
    )
    assert len(rows) == 2 and "from --delimiter" in result.stderr


def test_quoted_fields_with_delimiters_quotes_and_newlines_pass_through(tmp_path):
    text = (
        "No;Nama;Platform Digital;Tgl Selesai;Laporan Lembaga;Laporan Platform;Tanggal Cek\n"
        '1;"Budi; S.Kom";Tokopedia;;05/03/2021;08/03/2021;12/03/2021\n'
        '2;"Sari ""Ani""\nDewi";Tokopedia;;05/03/2021;08/03/2021;31/02/2021\n'
        "3;Joko;Tokopedia;;05/03/2021;08/03/2021;19/03/2021\n"
    )
    rows, _ = batch_rows(tmp_path, text, "--lang", "en", code=1)
    assert [r["Nama"] for r in rows] == ["Budi; S.Kom", 'Sari "Ani"\nDewi', "Joko"]
    # the row with a line break in a cell is row 3 and starts on line 3: one number
    assert rows[1]["error"].startswith("row 3, column 'Tanggal Cek'")
    assert rows[2]["verdict"] == "certificate_overdue"
    result = run(write(tmp_path, text), "--lang", "en")
    assert "row 3, column 'Tanggal Cek'" in result.stderr


def test_crlf_files_read_like_lf_files(tmp_path):
    text = HEADER + "\n" + TOKOPEDIA_ROWS + "3;Tokopedia;31/02/2021;;;12/03/2021\n"
    lf, _ = batch_rows(tmp_path, text, code=1)
    crlf, _ = batch_rows(tmp_path, text.replace("\n", "\r\n"), code=1)
    assert lf == crlf


def test_blank_lines_and_empty_rows_are_skipped_and_counted(tmp_path):
    lines = TOKOPEDIA_ROWS.splitlines()
    text = f"\n{HEADER}\n\n{lines[0]}\n;;;;;\n\r\n{lines[1]}\n\n"
    rows, result = batch_rows(tmp_path, text, "--lang", "en", code=0)
    assert [r["No"] for r in rows] == ["1", "2"]
    assert "4 blank rows skipped" in result.stderr


def test_long_rows_are_errors_that_keep_every_cell_and_short_rows_are_padded(tmp_path):
    text = HEADER + "\n" + "1;Tokopedia;01/03/2021\n" + "2;Tokopedia;;;;12/03/2021;extra;more\n"
    result = run(write(tmp_path, text), "--lang", "en", "--as-of", "2021-03-12")
    assert result.exit_code == 1
    rows = table(result.stdout)
    width = len(HEADER.split(";"))
    assert rows[1][:width] == ["1", "Tokopedia", "01/03/2021", "", "", ""]
    assert rows[1][width] and rows[1][-1] == ""  # diagnosed, not an error
    assert "1 rows short of their trailing empty cells padded" in result.stderr
    assert rows[2][: width + 6][-1].startswith("row 3: 8 cells")
    assert rows[2][width + 6 :] == ["extra", "more"]  # nothing lost: after `error`


def test_header_aliases_in_any_case_and_with_separators(tmp_path):
    text = (
        "MITRA;tgl_selesai;Lapor-Lembaga;LAPORAN PLATFORM;tanggal cek\n"
        "Tokopedia;01/03/2021;05/03/2021;08/03/2021;19/03/2021\n"
    )
    rows, _ = batch_rows(tmp_path, text)
    assert rows[0]["verdict"] == "certificate_overdue"


def test_map_reads_any_column_as_a_field(tmp_path):
    text = "Kanal;Tgl LP;Tgl Kirim;Dicek\nTokopedia;05/03/2021;08/03/2021;19/03/2021\n"
    rows, _ = batch_rows(
        tmp_path,
        text,
        "--map",
        "Kanal=platform",
        "--map",
        "Tgl LP=institution_reported",
        "--map",
        "Tgl Kirim=platform-reported",
        "--map",
        "Dicek=as_of",
    )
    assert rows[0]["verdict"] == "certificate_overdue"


def test_a_bad_map_is_a_usage_error(tmp_path):
    result = run(write(tmp_path, HEADER + "\n" + TOKOPEDIA_ROWS), "--map", "Tgl Lulus")
    assert result.exit_code == 2 and "--map" in result.stderr


def test_excel_serial_dates_read_as_the_days_excel_shows(tmp_path):
    serial = (date(2021, 3, 5) - date(1899, 12, 30)).days  # Excel's day number of 5 March 2021
    text = f"{HEADER}\n1;Tokopedia;;{serial};{serial + 3};{serial + 14}\n"
    rows, _ = batch_rows(tmp_path, text)
    assert (rows[0]["verdict"], rows[0]["due"]) == ("certificate_overdue", "2021-03-18")
    assert rows[0]["Laporan Lembaga"] == str(serial)  # the input cell itself is untouched


def test_the_as_of_option_applies_where_a_row_has_no_check_date(tmp_path):
    text = (
        HEADER
        + "\n1;Tokopedia;;05/03/2021;08/03/2021;\n2;Tokopedia;;05/03/2021;08/03/2021;12/03/2021\n"
    )
    rows, _ = batch_rows(tmp_path, text, "--as-of", "2021-03-19")
    assert [r["verdict"] for r in rows] == ["certificate_overdue", "certificate_waiting"]


def test_cells_the_tool_writes_never_start_a_formula(tmp_path):
    evil = ["=1+1", "+62 821", "-5", "@SUM(A1)", '=HYPERLINK("x")']
    lines = [HEADER]
    for number, value in enumerate(evil, 1):
        lines.append(f"{number};{value};{value};{value};{value};{value}")
        lines.append(f"{number};Tokopedia;{value};;;")
    result = run(write(tmp_path, "\n".join(lines) + "\n"), "--lang", "en")
    assert result.exit_code == 1
    rows = table(result.stdout)
    width = len(HEADER.split(";"))
    written = [cell for row in rows[1:] for cell in row[width:]]
    assert written and not [cell for cell in written if cell and cell[0] in "=+-@"]
    assert [row[1] for row in rows[1::2]] == evil  # the input's own cells pass untouched


# -- robustness ---------------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from(list("ab ;,|\t\"'\r\n=-@0123456789/é")) | st.characters(),
    max_size=12,
)
DATES = st.sampled_from(["", "belum", "ya", "05/03/2021", "44260", "31/02/2021", "2021-03-08"])


def records_in(text: str, delimiter: str) -> list[list[str]]:
    """The non-blank records of `text` as Python's csv module reads them."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [row for row in rows if any(row)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.one_of(TEXT, DATES, st.sampled_from(["Tokopedia", "Bukalapak"])), max_size=8),
        max_size=12,
    )
)
def test_random_rows_all_come_out_in_order_and_nothing_escapes(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER.split(";"))
    writer.writerows(rows)
    text = buffer.getvalue()
    result = run("-", "--as-of", "2021-04-01", input=text.encode("utf-8", "surrogatepass"))
    if result.exit_code == 2:  # only for input that is not UTF-8 (lone surrogates)
        assert "--encoding" in result.stderr
        return
    assert result.exit_code in (0, 1), result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    expected = records_in(text, ";")[1:]
    # the raw bytes: CliRunner's result.stdout turns the "\r\n" written inside cells into "\n"
    got = records_in(result.stdout_bytes.decode("utf-8"), ";")[1:]
    assert len(got) == len(expected)
    width = len(HEADER.split(";"))
    for before, after in zip(expected, got, strict=True):
        assert after[: min(len(before), width)] == before[:width]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from([None, "latin-1"]))
def test_random_bytes_never_escape_as_a_traceback(body, encoding):
    data = b"Platform;Tgl Selesai;Tanggal Cek\n" + body
    args = ["-", "--as-of", "2021-04-01", "--delimiter", ";"]
    if encoding:
        args += ["--encoding", encoding]
    with tempfile.TemporaryDirectory() as work:
        summary = Path(work) / "s.json"
        result = run(*args, "--summary-json", str(summary), input=data)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        if result.exit_code == 2:
            assert encoding is None and "--encoding" in result.stderr
            return
        assert result.exit_code in (0, 1), result.stderr
        guessed = "cp1252 (Excel" in result.stderr  # not UTF-8: the cp1252 reading, announced
        text = data.decode(encoding or ("cp1252" if guessed else "utf-8"))
        assert json.loads(summary.read_text())["rows"] == len(records_in(text, ";")) - 1
        assert len(records_in(result.stdout, ";")) == len(records_in(text, ";"))


# -- a real process: pipes and many rows ---------------------------------------------------------


def cli() -> list[str]:
    script = Path(sys.executable).parent / "sertifikat-cek"
    return (
        [sys.executable, str(script)]
        if script.exists()
        else [sys.executable, "-m", "sertifikat_cek"]
    )


def many_rows(path: Path, count: int) -> None:
    lines = [HEADER]
    for number in range(count):
        day = date(2021, 1, 4) + timedelta(days=number % 200)
        platform = ("Tokopedia", "Bukalapak", "Kemnaker", "Pijar Mahir")[number % 4]
        lines.append(f"{number};{platform};{day:%d/%m/%Y};{day:%d/%m/%Y};;")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_closed_pipe_ends_quietly(tmp_path):
    path = tmp_path / "many.csv"
    many_rows(path, 60_000)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}
    process = subprocess.Popen(
        [*cli(), "batch", str(path), "--as-of", "2021-12-31", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    first = [process.stdout.readline() for _ in range(3)]
    process.stdout.close()  # like `| head -3`
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert first[0].startswith(b"No;Platform Digital")
    assert "Traceback" not in stderr and "Exception" not in stderr


def test_worker_processes_give_the_same_output_in_the_same_order(tmp_path):
    path = tmp_path / "many.csv"
    many_rows(path, 5_000)
    with path.open("a", encoding="utf-8") as file:
        file.write("bad;Tokopedia;31/02/2021;;;\n")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.csv"
        summary = tmp_path / f"s{jobs}.json"
        result = run(
            str(path),
            "-o",
            str(out),
            "-j",
            jobs,
            "--summary-json",
            str(summary),
            "--as-of",
            "2021-06-01",
        )
        assert result.exit_code == 1
        report = json.loads(summary.read_text())
        del report["output"]
        outputs.append((out.read_bytes(), report))
    assert outputs[0] == outputs[1]
    assert outputs[0][1]["rows"] == 5_001 and len(outputs[0][1]["verdicts"]) > 1


@pytest.mark.parametrize(("threshold", "workers"), [(10**9, False), (0, True)])
def test_workers_start_by_default_only_for_big_inputs(tmp_path, monkeypatch, threshold, workers):
    from sertifikat_cek.batch import stream as batch_stream
    from sertifikat_cek.cli import batch_cmd

    monkeypatch.setattr(batch_cmd, "PARALLEL_FROM_BYTES", threshold)
    monkeypatch.setattr(batch_cmd.os, "cpu_count", lambda: 2)
    started = []
    real = batch_stream._stream_parallel
    monkeypatch.setattr(batch_stream, "_stream_parallel", lambda *a: started.append(1) or real(*a))
    path = tmp_path / "cases.csv"
    lines = [HEADER]
    for number in range(1_000):
        day = date(2021, 1, 4) + timedelta(days=number % 300)
        lines.append(f"{number};Tokopedia;;{day:%d/%m/%Y};;{number % 3 + 1}/12/2021")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0, result.stderr
    assert bool(started) is workers
    assert len(table(result.stdout)) == 1_001


def test_a_wrong_delimiter_is_named_as_the_likely_cause(tmp_path) -> None:
    result = run(write(tmp_path, HEADER + "\n1;Tokopedia;;;;\n"), "--delimiter", ",")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "is --delimiter right?" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
