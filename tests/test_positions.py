"""Positions people can find (issue 13): an error names the row a spreadsheet shows when it
opens the file, and the file line when the record starts on another one.

Rows are counted as Excel and LibreOffice number them: the header is row 1; each CSV record is
one row, a blank line too, however many line breaks its quoted cells hold; Excel's `sep=;`
first line is no row. The same numbers come out of the block streamer (one process or worker
processes) and the row-by-row path (--only-errors, --verdict, several inputs), in the `error`
cell, the summary on stderr, --summary-json and JSON lines. The oracle is csv.reader over the
whole file, counting its records."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import openpyxl
import pytest
from cli_runner import make_runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from test_batch_blocks import batch

from sertifikat_cek.batch import csv_input as csv_io
from sertifikat_cek.batch import stream as batch_stream
from sertifikat_cek.cli import app

runner = make_runner()
SCHEMAS = Path(__file__).resolve().parents[1] / "schema"
HEADER = ["No", "Platform Digital", "Tgl Selesai", "Catatan"]
BAD = "31/02/2021"  # a date that does not exist: that row's error
NOTES = ["", "ok", "baris satu\nbaris dua", "a\r\nb\r\n\r\nc", 'kata LP: "tunggu"; lagi']


def places(text: str, delimiter: str = ";") -> dict[str, tuple[int, int]]:
    """Every data record's (spreadsheet row, file line), by its `No` cell: csv.reader over the
    whole text counts the records (a blank line is one) and the lines (as io splits them);
    Excel's `sep=` line is a line but no row."""
    count = 0

    def lines():
        nonlocal count
        for line in io.StringIO(text, newline=""):
            count += 1
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    sep = text[:4].casefold() == "sep="
    found, row, header = {}, 0, False
    while True:
        start = count + 1  # csv.reader takes a line only when it needs one
        cells = next(reader, None)
        if cells is None:
            return found
        if sep and start == 1:
            continue  # Excel hides it: no row
        row += 1
        if not header:
            header = any(cell.strip() for cell in cells)  # blank rows before it are rows
        elif any(cells):
            found[cells[0]] = (row, start)


def place(row: int, line: int) -> str:
    return f"row {row}" if row == line else f"row {row} (line {line})"


def export(
    count: int,
    *,
    notes=lambda n: NOTES[n % len(NOTES)],
    bad=lambda n: n % 7 == 3,
    blank=lambda n: n % 11 == 5,
    end: str = "\n",
    sep: bool = False,
) -> str:
    """An export of `count` rows numbered in `No`: multi-line notes, bad dates and blank lines
    where the functions say, each line ending in `end`; Excel's `sep=;` first when `sep`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator=end)
    # csv.writer quotes a line break only when it is in the line end: quote it always, as
    # spreadsheets do
    breaks = csv.writer(buffer, delimiter=";", lineterminator=end, quoting=csv.QUOTE_ALL)
    if sep:
        buffer.write("sep=;" + end)
    writer.writerow(HEADER)
    for number in range(count):
        day = BAD if bad(number) else f"{number % 28 + 1:02d}/03/2021"
        note = notes(number)
        (breaks if "\r" in note or "\n" in note else writer).writerow(
            [f"n{number}", "Tokopedia", day, note]
        )
        if blank(number):
            buffer.write(end)
    return buffer.getvalue()


def error_cells(out: bytes, column: str = "error") -> dict[str, str]:
    """The `error` cell of each output row that has one, by its `No` cell."""
    text = out.decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    return {row["No"]: row[column] for row in rows if row[column]}


def invoke(*args: str, input: bytes | None = None):
    return runner.invoke(app, ["batch", *args], input=input, prog_name="sertifikat-cek")


def assert_named_by_row(text: str, errors: dict[str, str], expected_bad: int) -> None:
    """Every error cell starts with its record's row (and line when another number)."""
    where = places(text)
    assert len(errors) == expected_bad
    for number, error in errors.items():
        row, line = where[number]
        assert error.startswith(place(row, line) + ", column 'Tgl Selesai': "), error


# -- the example -------------------------------------------------------------------


def test_a_row_after_a_multi_line_cell_is_named_by_its_row_and_its_line(tmp_path):
    path = tmp_path / "ml.csv"
    path.write_text('Platform,Completed,Note\nTokopedia,2021-03-05,"a\nb"\nTokopedia,bad,x\n')
    en = invoke(str(path), "--as-of", "2021-03-20", "--lang", "en")
    assert en.exit_code == 1
    last = list(csv.reader(io.StringIO(en.stdout, newline="")))[-1]
    assert last[-1].startswith("row 3 (line 4), column 'Completed': cannot read 'bad'")
    assert "  row 3 (line 4), column 'Completed': cannot read 'bad'" in en.stderr
    id_ = invoke(str(path), "--as-of", "2021-03-20")
    assert "  baris 3 (baris berkas 4), kolom 'Completed': cannot read 'bad'" in id_.stderr


def test_a_row_on_its_own_line_is_named_by_its_row_alone(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("Platform,Completed\nTokopedia,2021-03-05\nTokopedia,bad\n")
    result = invoke(str(path), "--as-of", "2021-03-20", "--lang", "en")
    assert "row 3, column 'Completed': cannot read 'bad'" in result.stdout
    assert "(line" not in result.stdout + result.stderr
    assert "  baris 3, kolom 'Completed'" in invoke(str(path), "--as-of", "2021-03-20").stderr


# -- the shapes of real exports, on every path -----------------------------------------------

SHAPES = {
    "multi-line cells": export(40, blank=lambda n: False),
    "sep= first line": export(40, notes=lambda n: "", blank=lambda n: False, sep=True),
    "blank lines": export(40, notes=lambda n: ""),
    "CRLF, multi-line cells, blank lines, sep=": export(40, end="\r\n", sep=True),
    "CR only": export(40, end="\r"),
    "blank lines before the header": "\n\r\n" + export(40),
}


def several(text: str, tmp_path: Path) -> dict[str, str]:
    """The error cells of the text read as the second of two inputs (the row path)."""
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(";".join(HEADER) + "\nm0;Tokopedia;05/03/2021;\n", encoding="utf-8")
    second.write_bytes(text.encode())
    result = invoke(str(first), str(second), "--as-of", "2021-04-01", "--lang", "en")
    assert result.exit_code == 1, result.stderr
    return error_cells(result.stdout_bytes)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_path_names_the_rows_a_spreadsheet_shows(shape, tmp_path):
    text = SHAPES[shape]
    bad = sum(1 for n in range(40) if n % 7 == 3)
    runs = {
        "one process": batch(text.encode(), "--lang", "en", jobs=1),
        "workers, small blocks": batch(text.encode(), "--lang", "en", jobs=2, block=97),
        "--only-errors": batch(text.encode(), "--lang", "en", "--only-errors"),
        "--verdict": batch(
            text.encode(),
            "--lang",
            "en",
            "--verdict",
            "institution_report_unknown",
            "--only-errors",
        ),
    }
    for how, run in runs.items():
        assert run.code == 1, (how, run.stderr)
        assert_named_by_row(text, error_cells(run.out), bad)
        firsts = [(e["row"], e["line"]) for e in run.summary["first_errors"]]
        assert firsts == sorted(places(text)[n] for n in error_cells(run.out))[:10], how
    assert error_cells(runs["one process"].out) == error_cells(runs["--only-errors"].out)
    assert runs["one process"].out == runs["workers, small blocks"].out
    assert_named_by_row(text, several(text, tmp_path), bad)


def test_blank_lines_are_rows_as_a_spreadsheet_shows_them(tmp_path):
    text = "Platform;Tgl Selesai\n\n\nTokopedia;31/02/2021\n"
    run = batch(text.encode(), "--lang", "en")
    assert "row 4, column 'Tgl Selesai'" in run.out.decode()  # rows 2 and 3 are empty
    assert run.summary["blank_rows_skipped"] == 2


# -- a file of many blocks: --jobs 1 and --jobs 2 ------------------------------------------


def test_many_blocks_with_multi_line_cells_early_and_errors_late_give_one_output(tmp_path):
    # ~2.3 MiB: about nine blocks of csv_input.CHUNK_BYTES, five Jobs of JOB_BLOCKS; line
    # breaks in the cells of the first ~500 KiB only, errors in the last ~1.4 MiB only
    rng = random.Random(13)
    size, early, late = 30_000, 12_000, 16_000
    notes = [rng.choice(["x\ny", "a\r\nb\nc", "ok"]) for _ in range(early)]
    notes += ["catatan biasa dari helpdesk: sudah dihubungi lewat WA, menunggu LP"] * (size - early)
    text = export(
        size,
        notes=notes.__getitem__,
        bad=lambda n: n > late and n % 97 == 0,
        blank=lambda n: n % 1000 == 7,
    )
    job_size = batch_stream.JOB_BLOCKS * csv_io.CHUNK_BYTES
    assert len(text) > 4 * job_size
    assert text.index(f"n{early};") < job_size < text.index(f"n{late};")
    path = tmp_path / "big.csv"
    one = batch(text.encode(), jobs=1, path=path)
    two = batch(text.encode(), jobs=2, path=path)
    assert two.parallel
    assert (one.code, one.out, one.summary, one.stderr) == (
        two.code,
        two.out,
        two.summary,
        two.stderr,
    )
    bad = sum(1 for n in range(size) if n > late and n % 97 == 0)
    assert_named_by_row(text, error_cells(two.out), bad)
    # the oracle, counted another way: the first bad row is below the header, the rows before
    # it and the blank lines among them; its line further down by every line break in a cell
    first = next(n for n in range(late + 1, size) if n % 97 == 0)
    row, line = places(text)[f"n{first}"]
    assert row == first + 2 + sum(1 for n in range(first) if n % 1000 == 7)
    assert line == row + sum(note.count("\n") for note in notes)


@pytest.mark.parametrize(("block", "jobs"), [(None, 1), (300, 2)])
def test_json_lines_name_each_rows_line_and_row_whatever_the_workers(block, jobs):
    text = export(60)
    run = batch(text.encode(), "--format", "jsonl", jobs=jobs, block=block)
    where = places(text)
    objects = [json.loads(line) for line in run.out.decode().splitlines()]
    assert len(objects) == len(where)
    for data in objects:
        assert (data["row_number"], data["line"]) == where[data["row"]["No"]]
    same = batch(text.encode(), "--format", "jsonl", jobs=1, block=block)
    assert run.out == same.out


def test_a_json_line_keeps_its_row_number_whatever_its_cells_say():
    # a column named row_number, cells that look like the key: only the line's own number moves
    text = "No;Platform Digital;Tgl Selesai;row_number;Catatan\n" + "".join(
        f'n{n};Tokopedia;05/03/2021;{n};"""row_number"": 1,\n""line"": 2"\n' for n in range(40)
    )
    where = places(text)
    runs = [batch(text.encode(), "--format", "jsonl", jobs=jobs, block=150) for jobs in (1, 2)]
    assert runs[0].out == runs[1].out
    for data in map(json.loads, runs[1].out.decode().splitlines()):
        assert (data["row_number"], data["line"]) == where[data["row"]["No"]]
        assert data["row"]["row_number"] == data["row"]["No"][1:]


# -- the JSON a program reads: --summary-json, JSON lines against their schemas ---------------


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


BATCH_KEYS = ("line", "row_number", "row", "error")


def assert_valid_lines(out: str) -> list[dict]:
    rows, diagnosis = validator("batch-row.schema.json"), validator("diagnosis.schema.json")
    objects = [json.loads(line) for line in out.splitlines()]
    for data in objects:
        rows.validate(data)
        if data["error"] is None:  # the rest is what diagnose --json prints for the case
            diagnosis.validate({k: v for k, v in data.items() if k not in BATCH_KEYS})
    return objects


def sheet(path: Path) -> Path:
    """A workbook whose header is in row 2 (row 1 empty), a cell with a line break in row 3
    and a bad date in row 4."""
    book = openpyxl.Workbook()
    rows = [HEADER, ["n0", "Tokopedia", "05/03/2021", "baris satu\nbaris dua"]]
    rows.append(["n1", "Tokopedia", BAD, ""])
    for number, cells in enumerate(rows, start=2):
        for column, value in enumerate(cells, start=1):
            book.active.cell(row=number, column=column, value=value)
    book.save(path)
    return path


def test_json_lines_match_their_schema_from_a_csv_and_from_a_workbook(tmp_path):
    text = export(20)
    csv_lines = assert_valid_lines(batch(text.encode(), "--format", "jsonl").out.decode())
    assert {d["verdict"] is None for d in csv_lines} == {True, False}
    filtered = batch(text.encode(), "--format", "jsonl", "--only-errors").out.decode()
    assert assert_valid_lines(filtered) == [d for d in csv_lines if d["error"]]
    result = invoke(str(sheet(tmp_path / "k.xlsx")), "--format", "jsonl", "--as-of", "2021-04-01")
    book_lines = assert_valid_lines(result.stdout)
    assert [(d["line"], d["row_number"]) for d in book_lines] == [(None, 3), (None, 4)]
    assert book_lines[1]["error"].startswith("row 4, column 'Tgl Selesai' (C): ")


def test_the_summary_json_gives_each_first_errors_row_and_line(tmp_path):
    path = tmp_path / "ml.csv"
    path.write_text('Platform;Tgl Selesai;Catatan\nTokopedia;05/03/2021;"a\nb"\nTokopedia;x;\n')
    summary = tmp_path / "s.json"
    invoke(str(path), "--summary-json", str(summary), "--as-of", "2021-04-01", "-o", "/dev/null")
    (first,) = json.loads(summary.read_text())["first_errors"]
    assert (first["row"], first["line"], first["column"]) == (3, 4, "Tgl Selesai")
    invoke(str(sheet(tmp_path / "k.xlsx")), "--summary-json", str(summary), "-o", "/dev/null")
    (first,) = json.loads(summary.read_text())["first_errors"]
    assert (first["row"], first["line"]) == (4, None)  # a workbook has rows, not lines


# -- random exports ------------------------------------------------------------------------


@st.composite
def exports(draw) -> tuple[str, int]:
    count = draw(st.integers(min_value=1, max_value=30))
    notes = draw(st.lists(st.sampled_from(NOTES), min_size=count, max_size=count))
    bad = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    blank = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    text = export(
        count,
        notes=notes.__getitem__,
        bad=bad.__getitem__,
        blank=blank.__getitem__,
        end=draw(st.sampled_from(["\n", "\r\n", "\r"])),
        sep=draw(st.booleans()),
    )
    return text, sum(bad)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=exports(), block=st.sampled_from([None, 31, 120]))
def test_any_export_names_its_errors_by_the_rows_csv_reader_counts(case, block):
    text, bad = case
    streamed = batch(text.encode(), "--lang", "en", jobs=1, block=block)
    filtered = batch(text.encode(), "--lang", "en", "--only-errors", block=block)
    assert_named_by_row(text, error_cells(streamed.out), bad)
    assert error_cells(filtered.out) == error_cells(streamed.out)
    assert streamed.summary["first_errors"] == filtered.summary["first_errors"]
