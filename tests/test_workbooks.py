"""Workbooks in and out, as a helpdesk lead runs them: files written by openpyxl and xlsxwriter
(dates, times, numbers, empty cells, formulas' cached values), every row out, typed cells kept,
due dates as dates, verdicts coloured; several inputs with a `source` column; the filters."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from sertifikat_cek.cli import app
from tests.cli_runner import make_runner

runner = make_runner()
HEADER = ["No", "Nama", "Platform Digital", "Tgl Selesai", "Laporan Lembaga", "Laporan Platform",
          "Tanggal Cek", "Jam", "Biaya", "Catatan"]  # fmt: skip
ROWS = [
    [1, "José Ñúñez", "Tokopedia", date(2021, 3, 5), date(2021, 3, 5), date(2021, 3, 8),
     date(2021, 3, 12), time(14, 30), 3.5, "=SUM(A1)"],
    [2, "Budi", "Bukalapak", "31/04/2021", None, None, date(2021, 5, 10), None, None, None],
    [3, "Ani", "Tokopedia", datetime(2021, 3, 1, 9, 15), None, None, None, None, 44260, "ok"],
    [None] * 10,  # a blank row: skipped and counted
    [4, "Sari", "Kemnaker", None, None, None, "12/03/2021", None, 1e20, True],
]  # fmt: skip


def run(*args, input=None):
    return runner.invoke(app, ["batch", *args], input=input, prog_name="sertifikat-cek")


def openpyxl_book(path: Path, rows=ROWS, header=HEADER, sheet="Data") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, datetime | date) and not isinstance(cell.value, time):
                cell.number_format = "dd/mm/yyyy"
    book.create_sheet("Lain").append(["x"])
    book.save(path)
    return path


def xlsxwriter_book(path: Path) -> Path:
    """With a formula and its cached value, as Excel saves it."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Ekspor")
    day = book.add_format({"num_format": "d mmm yyyy"})
    ws.write_row(0, 0, ["Platform", "Tgl Selesai", "Tanggal Cek", "Hari"])
    ws.write_string(1, 0, "Tokopedia")
    ws.write_datetime(1, 1, datetime(2021, 3, 1), day)
    ws.write_datetime(1, 2, datetime(2021, 3, 5), day)
    ws.write_formula(1, 3, "=C2-B2", None, 4)
    book.close()
    return path


def read_back(path: Path, sheet: str | int = 0) -> list[list]:
    book = CalamineWorkbook.from_path(str(path))
    data = (
        book.get_sheet_by_index(sheet) if isinstance(sheet, int) else book.get_sheet_by_name(sheet)
    )
    return data.to_python()


def test_a_workbook_in_and_a_workbook_out_keep_every_input_cell(tmp_path):
    source = openpyxl_book(tmp_path / "in.xlsx")
    out = tmp_path / "hasil.xlsx"
    result = run(str(source), "-o", str(out), "--lang", "en")
    assert result.exit_code == 1, result.stderr  # row 3 has an impossible date
    given, got = read_back(source), read_back(out)
    assert got[0] == [*HEADER, "verdict", "stage", "state", "due", "contact", "error"]
    kept = [row for row in given[1:] if any(cell != "" for cell in row)]
    assert len(got) == 1 + len(kept)  # every row but the blank one
    for before, after in zip(kept, got[1:], strict=True):
        assert after[: len(HEADER)] == before  # every input cell as it was, type and all
    assert got[1][len(HEADER) : len(HEADER) + 4] == [
        "certificate_waiting", "certificate", "waiting", date(2021, 3, 18)
    ]  # fmt: skip
    assert got[2][-1].startswith("row 3, column 'Tgl Selesai' (D): cannot read '31/04/2021'")
    assert "Ringkasan" in CalamineWorkbook.from_path(str(out)).sheet_names


def test_the_output_workbook_is_made_for_people(tmp_path):
    out = tmp_path / "hasil.xlsx"
    run(str(openpyxl_book(tmp_path / "in.xlsx")), "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Hasil", "Ringkasan"]
    sheet = book["Hasil"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A1"].font.b and sheet["K1"].font.b
    verdict = sheet.cell(2, len(HEADER) + 1)
    assert verdict.value == "certificate_waiting"
    assert verdict.fill.fgColor.rgb.endswith("FFEB9C")  # waiting: yellow
    due = sheet.cell(2, len(HEADER) + 4)
    assert isinstance(due.value, datetime) and due.value.date() == date(2021, 3, 18)
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row[0]}
    assert summary["baris dibaca"] == 4 and summary["dengan kesalahan"] == 1
    assert summary["certificate_waiting"] == 1


def test_a_workbook_to_csv_gives_real_dates_as_iso_and_rows_by_spreadsheet_number(tmp_path):
    result = run(str(openpyxl_book(tmp_path / "in.xlsx")), "--lang", "en")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[1][:10] == ["1", "José Ñúñez", "Tokopedia", "2021-03-05", "2021-03-05",
                            "2021-03-08", "2021-03-12", "14:30", "3.5", ""]  # fmt: skip
    # (a formula saved without its value, as openpyxl saves it, reads empty: never "=SUM")
    assert rows[3][3] == "2021-03-01 09:15" and rows[3][8] == "44260"
    assert rows[4][:3] == ["4", "Sari", "Kemnaker"] and rows[4][9] == "TRUE"
    assert "sheet 'Data', header in row 1" in result.stderr
    assert "'Platform Digital' (C)=platform" in result.stderr
    assert "row 3, column 'Tgl Selesai'" in result.stderr
    assert "1 blank rows skipped" in result.stderr
    assert result.stdout.startswith("\ufeff")  # from Excel: a BOM for Excel


def test_a_formulas_cached_value_is_read(tmp_path):
    result = run(str(xlsxwriter_book(tmp_path / "f.xlsx")), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    row = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))[1]
    assert row[:4] == ["Tokopedia", "2021-03-01", "2021-03-05", "4"]


def test_a_sheet_by_name_or_number_and_an_unknown_sheet_listed(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Catatan"])
    data = book.create_sheet("Kasus")
    data.append(["Platform", "Tgl Selesai"])
    data.append(["Tokopedia", "05/03/2021"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    for sheet in ("Kasus", "2", "kasus"):
        result = run(str(path), "--sheet", sheet, "--as-of", "2021-03-10")
        assert result.exit_code == 0, result.stderr
    missing = run(str(path), "--sheet", "Data")
    assert missing.exit_code == 2
    assert "--sheet: no sheet 'Data'; the sheets are: 1='Sheet', 2='Kasus'" in missing.stderr


def test_dates_typed_as_text_in_a_workbook_follow_the_date_order(tmp_path):
    path = openpyxl_book(
        tmp_path / "us.xlsx",
        rows=[["Tokopedia", "3/5/2021", "3/5/2021", "3/8/2021", "3/12/2021"]],
        header=["Platform", "Completed", "Institution Reported", "Platform Reported", "As Of"],
    )
    result = run(str(path), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "certificate_waiting,certificate,waiting,2021-03-18" in result.stdout


def test_a_workbook_from_standard_input(tmp_path):
    data = openpyxl_book(tmp_path / "in.xlsx").read_bytes()
    result = run("-", "--lang", "en", input=data)
    assert result.exit_code == 1 and "certificate_waiting" in result.stdout


def test_csv_in_workbook_out(tmp_path):
    source = tmp_path / "kasus.csv"
    source.write_text("Platform;Tgl Selesai;Catatan\nTokopedia;05/03/2021;=1+1\n", encoding="utf-8")
    out = tmp_path / "hasil.xlsx"
    result = run(str(source), "-o", str(out), "--as-of", "2021-03-10")
    assert result.exit_code == 0, result.stderr
    rows = read_back(out)
    assert rows[1][:3] == ["Tokopedia", "05/03/2021", "=1+1"]  # texts stay texts, never formulas


def test_a_run_that_stops_leaves_no_workbook(tmp_path):
    source = tmp_path / "kasus.csv"
    source.write_bytes(
        b"Platform;Tgl Selesai\n" + "Tokopedia;05/03/2021;Ñ\n".encode() + b"x;\x81\n"
    )
    out = tmp_path / "hasil.xlsx"
    result = run(str(source), "-o", str(out))
    assert result.exit_code == 2 and "cannot decode" in result.stderr
    assert not out.exists()


def test_a_workbook_cannot_go_to_standard_output_or_be_jsonl(tmp_path):
    source = openpyxl_book(tmp_path / "in.xlsx")
    result = run(str(source), "-o", str(tmp_path / "x.xlsx"), "--format", "jsonl")
    assert result.exit_code == 2 and "--output" in result.stderr


# -- several inputs, filters ---------------------------------------------------------------


def test_several_inputs_go_into_one_output_with_a_source_column(tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("Platform;Tgl Selesai;Nama\nTokopedia;05/03/2021;Budi\n", encoding="utf-8")
    second = openpyxl_book(tmp_path / "b.xlsx")
    summary = tmp_path / "s.json"
    result = run(str(first), str(second), "--summary-json", str(summary), "--as-of", "2021-06-01")
    assert result.exit_code == 1, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["source", "Platform", "Tgl Selesai", "Nama"]
    assert rows[1][:4] == [str(first), "Tokopedia", "05/03/2021", "Budi"]
    platform = rows[0].index("Platform Digital")
    assert rows[2][0] == str(second) and rows[2][platform] == "Tokopedia"
    assert rows[2][rows[0].index("Nama")] == "José Ñúñez"  # same name, same column
    assert len(rows) == 1 + 1 + 4
    data = json.loads(summary.read_text())
    assert data["rows"] == 5 and [i["input"] for i in data["inputs"]] == [str(first), str(second)]
    assert result.stderr.count("sertifikat-cek batch: ") >= 2  # each input's reading reported


@pytest.mark.parametrize("lang", ["id", "en"])
def test_several_inputs_name_the_input_of_each_error_and_date_order(tmp_path, lang):
    """Row 3 of a.csv and row 3 of b.csv are two rows: each first error on stderr, in the
    summary JSON and on the workbook's summary sheet says which input it is in; the date
    orders come under one heading, each naming its input."""
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("No;Platform;Tgl Selesai\n1;Tokopedia;05/03/2021\n2;Shopee;06/03/2021\n")
    second.write_text("No;Platform;Tgl Selesai\n1;Bukalapak;2021-03-05\n2;Tokopedia;x\n")
    summary, book = tmp_path / "s.json", tmp_path / "out.xlsx"
    args = ["--as-of", "2021-06-01", "--lang", lang, "--summary-json", str(summary)]
    result = run(str(first), str(second), *args)
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    errors = [line for line in lines if "Shopee" in line or "'x'" in line]
    assert len(errors) == 2
    assert errors[0].startswith(f"  {first}, ") and errors[1].startswith(f"  {second}, ")
    heading = "Urutan tanggal per kolom" if lang == "id" else "Date order per column"
    assert sum(heading in line for line in lines) == 1  # one heading, not one per input
    orders = lines[[heading in line for line in lines].index(True) + 1 :]
    assert [line.split(": ")[0].strip() for line in orders] == [str(first), str(second)]
    data = json.loads(summary.read_text())
    assert [e["source"] for e in data["first_errors"]] == [str(first), str(second)]
    assert [e["row"] for e in data["first_errors"]] == [3, 3]
    written = run(str(first), str(second), *args, "-o", str(book))
    assert written.exit_code == 1, written.stderr
    sheet = openpyxl.load_workbook(book)["Ringkasan"]
    cells = [row for row in sheet.iter_rows(values_only=True) if row[0] is not None]
    titles = ("sumber", "baris", "kolom") if lang == "id" else ("source", "row", "column")
    at = [row[:3] for row in cells].index(titles)
    assert [row[:2] for row in cells[at + 1 : at + 3]] == [(str(first), 3), (str(second), 3)]


def test_a_workbook_error_gives_its_column_letter_in_the_summary_too(tmp_path):
    """The output's `error` says `column 'Tgl Selesai' (E)` (the sheet starts at column B
    here); the first errors on stderr, in the summary JSON and on the summary sheet say it
    too."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([None, "No", "Nama", "Platform Digital", "Tgl Selesai"])
    sheet.append([None, 1, "Ani", "Tokopedia", "31/02/2021"])
    source = tmp_path / "kasus.xlsx"
    book.save(source)
    summary, out = tmp_path / "s.json", tmp_path / "out.xlsx"
    result = run(str(source), "--as-of", "2021-06-01", "--summary-json", str(summary))
    assert result.exit_code == 1, result.stderr
    assert "row 2, column 'Tgl Selesai' (E): " in result.stdout
    assert "  baris 2, kolom 'Tgl Selesai' (E): " in result.stderr
    assert json.loads(summary.read_text())["first_errors"][0]["column_letter"] == "E"
    assert run(str(source), "--as-of", "2021-06-01", "-o", str(out)).exit_code == 1
    cells = list(openpyxl.load_workbook(out)["Ringkasan"].iter_rows(values_only=True))
    assert (2, "Tgl Selesai (E)") in [row[:2] for row in cells]


def test_an_input_given_twice_says_its_date_orders_once(tmp_path):
    source = tmp_path / "a.csv"
    source.write_text("No;Platform;Tgl Selesai\n1;Tokopedia;05/03/2021\n")
    result = run(str(source), str(source), "--as-of", "2021-06-01")
    assert result.exit_code == 0, result.stderr
    orders = [line for line in result.stderr.splitlines() if line.startswith(f"  {source}: ")]
    assert len(orders) == 1 and "'Tgl Selesai'" in orders[0]
    assert len(result.stdout.lstrip("\ufeff").splitlines()) == 3  # every row, twice


def test_one_input_names_no_source(tmp_path):
    source = tmp_path / "a.csv"
    source.write_text("No;Platform;Tgl Selesai\n1;Shopee;05/03/2021\n")
    summary = tmp_path / "s.json"
    result = run(str(source), "--as-of", "2021-06-01", "--summary-json", str(summary))
    assert result.exit_code == 1
    assert "  baris 2, kolom 'Platform': " in result.stderr
    assert "source" not in json.loads(summary.read_text())["first_errors"][0]


def test_only_errors_and_verdict_filter_the_output_not_the_summary(tmp_path):
    source = openpyxl_book(tmp_path / "in.xlsx")
    errors = run(str(source), "--only-errors", "--lang", "en")
    lines = errors.stdout.lstrip("\ufeff").splitlines()
    assert len(lines) == 2 and "31/04/2021" in lines[1]
    assert "4 rows read: 3 diagnosed, 1 with errors" in errors.stderr
    waiting = run(str(source), "--verdict", "certificate_waiting", "--lang", "en")
    lines = waiting.stdout.lstrip("\ufeff").splitlines()
    assert len(lines) == 2 and "certificate_waiting" in lines[1]
    both = run(str(source), "--verdict", "certificate_waiting", "--only-errors")
    assert len(both.stdout.splitlines()) == 3


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plain_csv_with_a_filter_still_reads_every_row(tmp_path, jobs):
    source = tmp_path / "kasus.csv"
    body = "".join(f"{n};Tokopedia;05/03/2021\n" for n in range(50)) + "x;Tokopedia;31/02/2021\n"
    source.write_text("No;Platform;Tgl Selesai\n" + body, encoding="utf-8")
    result = run(str(source), "--only-errors", "--jobs", jobs, "--as-of", "2021-04-01")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert "row 52, column 'Tgl Selesai'" in result.stdout


def test_an_unknown_verdict_is_refused_with_a_suggestion():
    result = run("examples/kasus.csv", "--verdict", "certficate_waiting")
    assert result.exit_code == 2
    assert "'certficate_waiting' is not a verdict (did you mean 'certificate_waiting'?)" in (
        result.stderr
    )


def test_a_row_after_a_multi_line_cell_is_named_by_its_row_and_its_line(tmp_path):
    source = tmp_path / "kasus.csv"
    source.write_text(
        'Platform;Tgl Selesai;Catatan\nTokopedia;05/03/2021;"baris satu\nbaris dua"\n'
        "Tokopedia;31/02/2021;x\n",
        encoding="utf-8",
    )
    result = run(str(source), "--only-errors", "--as-of", "2021-04-01", "--lang", "en")
    assert result.exit_code == 1
    assert "row 3 (line 4), column 'Tgl Selesai': cannot read '31/02/2021'" in result.stdout


def ods_book(path: Path) -> Path:
    """The smallest OpenDocument spreadsheet: a zip with its mimetype first and content.xml."""
    import zipfile

    def cell(value):
        if isinstance(value, date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    rows = [["Platform", "Tgl Selesai", "Tanggal Cek"], ["Tokopedia", date(2021, 3, 1), "5/3/2021"]]
    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Kasus">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


@pytest.mark.parametrize("name", ["kasus.ods", "kasus-ods.csv"])  # by its name or its bytes
def test_an_opendocument_spreadsheet_is_read(tmp_path, name):
    result = run(str(ods_book(tmp_path / name)), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    row = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))[1]
    assert row[:3] == ["Tokopedia", "2021-03-01", "5/3/2021"]
    assert "sheet 'Kasus'" in result.stderr
    assert (
        "day-first (DD/MM/YYYY): 'Tgl Selesai', 'Tanggal Cek'" in result.stderr
    )  # Indonesian header


# -- any cells, unchanged --------------------------------------------------------------------


CELLS = st.one_of(
    st.just(None),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(["=SUM(A1)", "+62 812", "-", "@x", "05/03/2021", "3/25/2021", "belum"]),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.datetimes(datetime(1990, 1, 1), datetime(2060, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.dates(date(1990, 1, 1), date(2060, 12, 31)),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELLS, min_size=4, max_size=4), min_size=1, max_size=6))
def test_any_cells_come_back_unchanged_from_a_workbook_round_trip(tmp_path, rows):
    source, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    book = xlsxwriter.Workbook(str(source), {"strings_to_formulas": False})
    sheet = book.add_worksheet()
    day, stamp = (
        book.add_format({"num_format": "dd/mm/yyyy"}),
        book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"}),
    )
    sheet.write_row(0, 0, ["Platform", "Tgl Selesai", "Catatan", "Nilai"])
    for r, row in enumerate(rows, start=1):
        sheet.write_string(r, 0, "Tokopedia")  # every row is a row: never blank
        for c, value in enumerate(row[1:], start=1):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(r, c, value, stamp)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, value, day)
            else:
                sheet.write_number(r, c, value)
    book.close()
    result = run(str(source), "-o", str(out), "--as-of", "2061-01-01", "--date-order", "dmy")
    assert result.exit_code in (0, 1), result.stderr
    given_rows, got = read_back(source), read_back(out)
    assert len(got) == len(given_rows)
    for before, after in zip(given_rows, got, strict=True):
        assert after[:4] == before


def test_rows_beyond_a_sheets_limit_go_on_in_the_next_sheet(tmp_path, monkeypatch):
    from sertifikat_cek.batch import workbook_output

    monkeypatch.setattr(workbook_output, "MAX_ROWS", 3)  # a header and two rows a sheet
    source = tmp_path / "kasus.csv"
    body = "".join(f"Tokopedia;0{day}/03/2021\n" for day in range(1, 6))
    source.write_text("Platform;Tgl Selesai\n" + body, encoding="utf-8")
    out = tmp_path / "hasil.xlsx"
    assert run(str(source), "-o", str(out), "--as-of", "2021-04-01").exit_code == 0
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["Hasil", "Hasil 2", "Hasil 3", "Ringkasan"]
    cells = [row[1] for name in book.sheet_names[:3] for row in read_back(out, name)[1:]]
    assert cells == [f"0{day}/03/2021" for day in range(1, 6)]  # every row, in order


def test_a_text_longer_than_a_cell_holds_is_cut_and_said(tmp_path):
    source = tmp_path / "kasus.csv"
    source.write_text("Platform;Tgl Selesai;Catatan\nTokopedia;05/03/2021;" + "x" * 40000 + "\n",
                      encoding="utf-8")  # fmt: skip
    out = tmp_path / "hasil.xlsx"
    result = run(str(source), "-o", str(out), "--as-of", "2021-04-01")
    assert result.exit_code == 0
    row = read_back(out)[1]
    assert len(row[2]) == 32767
    assert row[-1] == "a cell of 'Catatan' was cut at 32767 characters"
