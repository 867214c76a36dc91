"""Columns found by the words of their names (rules/columns.yaml), or the user told: warnings
with a ready --map, a stop when no column holds an event, --map by position."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sertifikat_cek.batch import columns as batch_columns
from sertifikat_cek.batch.header_words import field_by_words, language_hints, word_table
from sertifikat_cek.cli import app
from sertifikat_cek.errors import InputError
from sertifikat_cek.rules.columns import check_columns
from tests.cli_runner import make_runner

ROOT = Path(__file__).resolve().parents[1]
KNOWN = (
    "platform",
    "completed",
    "rated",
    "institution_reported",
    "platform_reported",
    "name_matches",
    "as_of",
)
runner = make_runner()


def run(*args, input=None):
    return runner.invoke(app, ["batch", *args], input=input, prog_name="sertifikat-cek")


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("Tanggal Selesai Pelatihan", "completed"),
        ("Tgl Rating", "rated"),
        ("Tgl Lapor LP", "institution_reported"),
        ("Tgl Lapor LK", "institution_reported"),
        ("Completion Date", "completed"),
        ("Nama Platform", "platform"),
        ("Laporan Platform", "platform_reported"),
        ("Date Reported by Platform", "platform_reported"),
        ("Institution_Reported", "institution_reported"),
        ("Check Date", "as_of"),
        ("Tanggal Cek", "as_of"),
        ("AS-OF", "as_of"),
        ("Nama Peserta", None),
        ("Tanggal Lapor", None),  # to whom? neither report
        ("Catatan", None),
    ],
)
def test_header_names_match_by_their_words(name, field):
    assert field_by_words(name, KNOWN, word_table()) == field


def test_the_header_language_hints_the_date_order():
    table = word_table()
    assert language_hints(["Platform", "Tgl Selesai", "Nama Peserta"], table) == [
        ("dmy", "language:id")
    ]
    assert language_hints(["Platform", "Completion Date"], table) == [("mdy", "language:en")]
    assert language_hints(["Platform", "Rating"], table) == []


def test_duplicate_header_names_are_mapped_by_position():
    header = ["Platform", "Tanggal", "Tanggal", "Tanggal"]
    columns = batch_columns.map_columns(header, KNOWN, {"#3": "completed", "#4": "as_of"})
    assert columns.fields == {"platform": 0, "completed": 2, "as_of": 3}
    with pytest.raises(InputError, match="there is no column #9") as caught:
        batch_columns.map_columns(header, KNOWN, {"#9": "completed"})
    assert caught.value.where == "--map"


def test_no_event_column_stops_with_a_ready_map(tmp_path):
    data = "Platform;Nama;Tgl Lulus\nTokopedia;Budi;05/03/2021\nTokopedia;Ani;06/03/2021\n"
    out = tmp_path / "out.csv"
    result = run("-", "-o", str(out), input=data)
    assert result.exit_code == 2
    assert "no column holds an event date" in result.stderr
    assert "--map 'Tgl Lulus=completed' (or rated, institution_reported" in result.stderr
    assert not out.exists()
    told = run("-", "--map", "Tgl Lulus=completed", "--as-of", "2021-03-10", input=data)
    assert told.exit_code == 0, told.stderr


def test_a_date_column_not_read_is_warned_about_with_a_ready_map():
    data = "Platform;Tgl Selesai;Tgl Lulus\nTokopedia;05/03/2021;05/03/2021\n"
    result = run("-", "--as-of", "2021-03-10", "--lang", "en", input=data)
    assert result.exit_code == 0
    assert (
        "warning: column 'Tgl Lulus' looks like dates but is not read; to read it: "
        "--map 'Tgl Lulus=rated'" in result.stderr
    )


def test_the_issue_headers_are_read_without_a_map():
    data = (
        "Nama Platform;Tanggal Selesai Pelatihan;Tgl Rating;Tgl Lapor LP;Tanggal Cek\n"
        "Tokopedia;01/03/2021;01/03/2021;15/03/2021;16/03/2021\n"
    )
    result = run("-", "--lang", "en", input=data)
    assert result.exit_code == 0, result.stderr
    assert "'Tgl Lapor LP'=institution_reported" in result.stderr
    assert "platform_report_waiting" in result.stdout


def test_a_broken_word_table_is_reported_at_its_line_and_column(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "columns.yaml").write_text(
        "fields:\n  platform:\n    - [platform]\n  finished:\n    - [selesai]\n"
        "languages:\n  id: {date_order: dym, words: [tanggal]}\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in check_columns(rules)]
    assert any(
        p.startswith(f"{rules / 'columns.yaml'}:4:3: 'finished' is not a field") for p in problems
    )
    assert any(":7:" in p and "date_order must be one of dmy, mdy, ymd" in p for p in problems)
    checked = runner.invoke(app, ["rules", "check", "--rules-dir", str(rules)])
    assert checked.exit_code != 0
