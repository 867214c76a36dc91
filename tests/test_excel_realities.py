"""The small Excel realities: a `sep=` first line, rows short of their trailing empty cells,
a Windows export in cp1252, a workbook / PDF / zip given as CSV, and the BOM Excel needs."""

from __future__ import annotations

import json

import pytest

from sertifikat_cek.cli import app
from tests.cli_runner import make_runner

runner = make_runner()
EXCEL_CSV = (
    "sep=;\r\n"
    "No;Nama;Platform Digital;Tgl Selesai;Laporan Lembaga;Catatan\r\n"
    "1;José Ñúñez;Tokopedia;05/03/2021;08/03/2021;lapor\r\n"
    "2;Budi;Tokopedia;05/03/2021\r\n"  # Excel left out the empty cells at the end
).encode("cp1252")


def run(*args, input=None):
    return runner.invoke(app, ["batch", *args], input=input, prog_name="sertifikat-cek")


def test_a_cp1252_excel_csv_with_sep_line_and_short_rows_reads_whole(tmp_path):
    summary = tmp_path / "s.json"
    result = run(
        "-",
        "--as-of",
        "2021-03-20",
        "--lang",
        "en",
        "--summary-json",
        str(summary),
        input=EXCEL_CSV,
    )
    assert result.exit_code == 0, result.stderr
    assert "the file is not UTF-8: read as cp1252 (Excel on Windows)" in result.stderr
    assert "delimiter ';' (from Excel's sep= line), encoding cp1252" in result.stderr
    assert "1 rows short of their trailing empty cells padded" in result.stderr
    out = result.stdout_bytes
    assert out.startswith(b"\xef\xbb\xbfNo;Nama;")  # for Excel: a BOM, then UTF-8
    text = out.decode("utf-8-sig").splitlines()
    assert text[1].startswith("1;José Ñúñez;Tokopedia;05/03/2021;08/03/2021;lapor;")
    assert text[2].startswith("2;Budi;Tokopedia;05/03/2021;;;")  # padded, the columns line up
    data = json.loads(summary.read_text())
    assert (data["rows"], data["errors"], data["rows_padded"]) == (2, 0, 1)


def test_no_bom_is_asked_for_and_a_bom_on_request():
    plain = b"Platform;Tgl Selesai\nTokopedia;05/03/2021\n"
    assert not run("-", "--as-of", "2021-03-20", input=plain).stdout_bytes.startswith(b"\xef")
    told = run("-", "--as-of", "2021-03-20", "--bom", input=plain).stdout_bytes
    assert told.startswith(b"\xef\xbb\xbfPlatform")
    off = run("-", "--as-of", "2021-03-20", "--no-bom", input=EXCEL_CSV).stdout_bytes
    assert off.startswith(b"No;")


def test_a_byte_cp1252_cannot_read_is_still_an_error_at_its_line():
    data = b"Platform;Tgl Selesai\nTokopedia;05/03/2021\nTokopedia;Jos\x81\n"
    result = run("-", input=data)
    assert result.exit_code == 2
    assert "<stdin>:3: cannot decode" in result.stderr and "--encoding" in result.stderr


def test_a_utf8_file_with_one_bad_byte_is_not_taken_for_cp1252():
    data = (
        "Platform;Tgl Selesai;Nama\nTokopedia;05/03/2021;Ñoño\n".encode() + b"Tokopedia;;Jos\xe9\n"
    )
    result = run("-", input=data)
    assert result.exit_code == 2 and "<stdin>:3: cannot decode" in result.stderr


@pytest.mark.parametrize(
    ("head", "name", "words"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", "kasus.csv", "an Excel workbook"),
        (
            b"PK\x03\x04\x14\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
            "kasus.csv",
            "an OpenDocument spreadsheet",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00notes.txt", "kasus.csv", "a zip archive"),
        (b"%PDF-1.7\n", "kasus.csv", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60, "kasus.xls.csv", "an old"),
    ],
)
def test_a_workbook_pdf_or_zip_given_as_csv_is_named_never_decoded_as_text(
    tmp_path, head, name, words
):
    path = tmp_path / name
    path.write_bytes(head + b"\x00\xff" * 100)
    result = run(str(path), "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 2
    assert words in result.stderr  # a workbook is read as one: this one is broken
    assert "not a CSV file" in result.stderr or "cannot be read as a workbook" in result.stderr
    assert "cannot decode" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_sheet_asked_of_a_csv_file_is_refused_not_ignored(tmp_path):
    from cli_runner import make_runner

    from sertifikat_cek.cli import app

    path = tmp_path / "kasus.csv"
    path.write_text("Platform;Tgl Selesai\nTokopedia;05/03/2021\n", encoding="utf-8")
    result = make_runner().invoke(app, ["batch", str(path), "--sheet", "3"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"sertifikat-cek: error: --sheet: is for workbooks (.xlsx .xlsm .xls .ods); {str(path)!r} is read as CSV"
    ]
