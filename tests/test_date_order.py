"""Dates read the way the file was written: each date column's order decided from its first
rows (or the file's hints, or --date-order), and no cell ever read in the wrong order."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sertifikat_cek.batch import date_order
from sertifikat_cek.batch.date_order import DMY, MDY, YMD, Evidence, decide_orders
from sertifikat_cek.calendar.dates import parse_moment
from sertifikat_cek.cli import app
from sertifikat_cek.errors import InputError
from tests.cli_runner import make_runner

runner = make_runner()


def run_cli(args, input=None):
    return runner.invoke(app, args, input=input, prog_name="sertifikat-cek")


US_EXPORT = (
    "Platform,Completed,Institution Reported,Platform Reported,As Of\n"
    "Tokopedia,3/5/2021,3/5/2021,3/8/2021,3/12/2021\n"
)


def batch(*args, data: str | bytes = US_EXPORT):
    return run_cli(["batch", "-", *args], input=data)


def evidence(column: str, *cells: str) -> Evidence:
    found = Evidence(column)
    for row, text in enumerate(cells, start=2):
        found.add(row, text)
    return found


def test_the_us_google_sheets_export_of_the_issue_is_read_month_first():
    result = batch("--lang", "en")
    assert result.exit_code == 0, result.stderr
    row = result.stdout.splitlines()[1].split(",")
    assert row[5:9] == ["certificate_waiting", "certificate", "waiting", "2021-03-18"]
    assert "month-first (MM/DD/YYYY): 'Completed'" in result.stderr
    assert "from the header's language (en); no cell decides it" in result.stderr


def test_a_cell_only_month_first_reads_decides_the_column_and_the_file():
    decided = decide_orders([evidence("A", "3/5/2021", "3/25/2021"), evidence("B", "4/4/2021")])
    assert decided["A"].order == MDY and decided["A"].how == "cells"
    assert decided["B"].order == MDY and decided["B"].how == "other columns"


def test_cells_beat_the_hints():
    decided = decide_orders([evidence("A", "25/3/2021", "3/5/2021")], [(MDY, "language:en")])
    assert decided["A"].order == DMY


def test_a_column_with_both_kinds_of_cells_stops_the_run():
    with pytest.raises(InputError, match=r"'25/3/2021', row 2.*'3/25/2021', row 3.*--date-order"):
        decide_orders([evidence("A", "25/3/2021", "3/25/2021")])


def test_cells_that_read_either_way_and_no_hint_stop_the_run_naming_two_cells():
    with pytest.raises(InputError) as caught:
        decide_orders([evidence("Tanggal", "3/5/2021", "4/6/2021")])
    message = caught.value.message
    assert "column 'Tanggal'" in message
    assert "'3/5/2021' (row 2) and '4/6/2021' (row 3)" in message
    assert "--date-order dmy (then '3/5/2021' is 3 May 2021)" in message
    assert "--date-order mdy (then it is 5 March 2021)" in message


def test_disagreeing_hints_decide_nothing():
    with pytest.raises(InputError, match="hints disagree"):
        decide_orders([evidence("A", "3/5/2021")], [(MDY, "language:en"), (DMY, "delimiter")])


def test_the_cli_stops_before_writing_anything_when_the_order_cannot_be_told(tmp_path):
    data = "Mitra,Rating\nTokopedia,3/5/2021\n"  # words of no one language, ',' delimiter
    out = tmp_path / "out.csv"
    result = run_cli(["batch", "-", "-o", str(out)], input=data)
    assert result.exit_code == 2
    assert "cannot tell the date order of column 'Rating'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    told = run_cli(["batch", "-", "--date-order", "mdy", "--as-of", "2021-06-01"], input=data)
    assert told.exit_code == 0, told.stderr
    assert "dari --date-order" in told.stderr


def test_a_later_cell_the_decided_order_cannot_read_is_that_rows_error(monkeypatch):
    from sertifikat_cek.batch import csv_input

    monkeypatch.setattr(csv_input, "CHUNK_BYTES", 128)  # the first block: a few rows
    monkeypatch.setattr(csv_input, "HEAD_LINES", 2)
    rows = "".join(f"Tokopedia,3/{day}/2021,,,3/28/2021\n" for day in range(13, 20))
    data = US_EXPORT.splitlines(True)[0] + rows + "Tokopedia,25/3/2021,,,3/28/2021\n"
    result = batch("--lang", "en", data=data)
    assert result.exit_code == 1
    last = result.stdout.splitlines()[-1]
    assert "'25/3/2021' reads only day-first, but column 'Completed' is read month-first" in last
    assert "decided from its first rows, e.g. '3/13/2021'" in last
    assert result.stdout.count("certificate") + result.stdout.count("unknown") >= 7


def test_date_order_ymd_makes_day_month_cells_errors_and_reads_slashed_year_first():
    data = "Platform,Completed\nTokopedia,2021/03/05\nTokopedia,05/03/2021\n"
    result = batch("--date-order", "ymd", "--as-of", "2021-03-20", "--lang", "en", data=data)
    assert result.exit_code == 1
    first, second = result.stdout.splitlines()[1:]
    assert ",error" not in first and first.endswith(",")
    assert "is not year-first" in second


def test_day_first_exports_are_read_as_before():
    data = "Platform;Tgl Selesai;Tanggal Cek\nTokopedia;05/03/2021;12/03/2021\n"
    result = batch("--lang", "en", data=data)
    assert result.exit_code == 0
    assert "day-first (DD/MM/YYYY): 'Tgl Selesai', 'Tanggal Cek'" in result.stderr


def test_the_summary_json_says_each_columns_order(tmp_path):
    summary = tmp_path / "s.json"
    result = batch("--summary-json", str(summary), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 0
    import json

    orders = json.loads(summary.read_text())["date_orders"]
    assert orders["Completed"] == {"field": "completed", "order": "mdy", "from": "language:en"}


# -- never a silent misread -------------------------------------------------------------------

FORMS = {
    DMY: lambda d, sep: f"{d.day}{sep}{d.month}{sep}{d.year}",
    MDY: lambda d, sep: f"{d.month}{sep}{d.day}{sep}{d.year}",
    YMD: lambda d, sep: f"{d.year}{sep}{d.month:02d}{sep}{d.day:02d}",
}


@settings(max_examples=300, deadline=None)
@given(
    order=st.sampled_from([DMY, MDY, YMD]),
    sep=st.sampled_from(["/", "-", "."]),
    days=st.lists(st.dates(date(2000, 1, 1), date(2030, 12, 31)), min_size=1, max_size=30),
    first=st.integers(0, 30),
    told=st.booleans(),
    typo=st.booleans(),
)
def test_random_date_columns_in_each_order_are_never_misread(order, sep, days, first, told, typo):
    """Whatever the order decided from the first rows (or told right by --date-order), a cell
    is read as the date it was written as, or it is an error; never another date. (A typing
    slip in the other order that still reads in the column's order cannot be told apart.)"""
    given_order = order if told else None
    cells = [FORMS[order](day, sep) for day in days]
    truth = list(days)
    if typo:  # a cell written in the other day/month order, as a typing slip would
        other = {DMY: MDY, MDY: DMY, YMD: DMY}[order]
        cells.append(FORMS[other](days[0], sep))
        truth.append(None)  # which date was meant is not knowable: any reading but an error
    sample = evidence("Tgl", *cells[:first])
    try:
        decided = decide_orders([sample], (), given_order)["Tgl"]
    except InputError:
        return  # stopped before anything is written: not a misread
    reader = date_order.cell_reader(decided)
    for text, meant in zip(cells, truth, strict=True):
        try:
            read = parse_moment(reader(text) if reader else text).day
        except InputError:
            continue
        if meant is None:
            continue
        assert read == meant, (text, decided)


def test_diagnose_stays_day_first():
    result = run_cli(
        [
            "diagnose",
            "--platform",
            "tokopedia",
            "--completed",
            "3/5/2021",
            "--as-of",
            "2021-06-01",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.stderr
    assert '"date": "2021-05-03"' in result.stdout  # 3 May, as before


@settings(max_examples=25, deadline=None)
@given(
    order=st.sampled_from([DMY, MDY]),
    days=st.lists(st.dates(date(2015, 1, 1), date(2029, 12, 31)), min_size=1, max_size=25),
    block=st.sampled_from([64, 256, 256 * 1024]),
)
def test_a_date_column_through_batch_is_never_misread(order, days, block):
    """The whole run (first block, decision, rows after it): each row's date is the one it was
    written as, or the row is an error, or the run stops before writing (exit 2)."""
    import json

    from sertifikat_cek.batch import csv_input

    rows = "".join(f"Bukalapak,{FORMS[order](day, '/')}\n" for day in days)
    saved = csv_input.CHUNK_BYTES, csv_input.HEAD_LINES
    csv_input.CHUNK_BYTES, csv_input.HEAD_LINES = block, 2  # a first block of a few rows
    try:
        result = run_cli(
            ["batch", "-", "--format", "jsonl", "--as-of", "2031-01-01", "--jobs", "1"],
            input="Mitra,Rating\n" + rows,  # no language, ',' : no hints
        )
    finally:
        csv_input.CHUNK_BYTES, csv_input.HEAD_LINES = saved
    if result.exit_code == 2:
        assert "cannot tell the date order" in result.stderr or "only" in result.stderr
        assert result.stdout == ""
        return
    lines = result.stdout.splitlines()
    assert len(lines) == len(days)
    for line, day in zip(lines, days, strict=True):
        data = json.loads(line)
        if data["error"] is not None:
            continue
        # the rating's date is the case day (the only dated input), in every chain variant
        # (from 25 November 2022 the rating is no stage of the chain, yet its date still counts)
        assert data["rules_variant"]["case_day"] == day.isoformat(), (data["row"], order)


CELLS = st.sampled_from(
    ["", "05/03/2021", "13/03/2021", "03/13/2021", "2021-03-05", "5 Maret 2021", "x", "1/2/2021"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELLS, max_size=4), max_size=30))
def test_collect_gives_the_evidence_of_every_cell_in_row_order(table):
    """collect reads each distinct text once; its Evidence is what adding every cell, row by
    row, gives (the oracle: Evidence.add on each cell)."""
    columns = [(0, "A"), (2, "C"), (3, "D")]
    rows = list(enumerate(table, 2))
    expected = [Evidence(name) for _, name in columns]
    for number, cells in rows:
        for (index, _), found in zip(columns, expected, strict=True):
            if index < len(cells) and cells[index]:
                found.add(number, cells[index])
    assert date_order.collect(columns, rows) == expected


WORDS_WITHOUT_DIGITS = st.sampled_from(
    [
        "Maret",
        "March",
        "Agt",
        "hari ini",
        "kemarin",
        "today",
        "yesterday",
        "WIB",
        "-",
        "/",
        ".",
        " ",
        ":",
        "ya",
        "belum",
        "T",
        "Z",
        "am",
        "pm",
        "minggu lalu",
        "januari",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        WORDS_WITHOUT_DIGITS | st.text(st.characters(categories=["L", "P", "Zs"]), max_size=6),
        max_size=5,
    ).map("".join)
)
def test_a_cell_without_a_digit_never_reads_as_a_date(text):
    """The header check for unread date columns skips cells without a digit: no accepted form
    of a date (numeric, month names, Excel serials) is written without one."""
    from sertifikat_cek.errors import InputError

    assert not date_order.readings(text)
    with pytest.raises(InputError):
        parse_moment(text)


NOTE_CELLS = [
    "05/03/2021",
    "2021-03-06",
    "44395",
    "7 Maret 2021",
    "TKT-9777560",
    "17",
    "ya",
    "",
    " ",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(NOTE_CELLS), min_size=2, max_size=2), max_size=260),
    st.integers(0, 3),
)
def test_a_column_is_date_like_when_most_of_its_first_200_cells_read_as_dates(cells, ragged):
    """The unread-date-column check stops reading a column once its majority is certain: the
    columns it finds are those whose first 200 non-empty cells mostly read as dates (each
    cell counted, read here one by one)."""
    from sertifikat_cek.batch.columns import map_columns
    from sertifikat_cek.batch.first_rows import _date_like

    header = ["Platform", "Tgl Selesai", "Catatan", "Tiket"]
    rows = [
        (n + 2, ["Tokopedia", "05/03/2021", *pair][: 4 - (n % 4 == 0) * ragged])
        for n, pair in enumerate(cells)
    ]
    columns = map_columns(header, ("platform", "completed"), {})

    def reads(text: str) -> bool:
        try:
            parse_moment(text)
            return True
        except InputError:
            return bool(date_order.readings(text))

    wanted = []
    for index in (2, 3):
        filled = [c[index] for _, c in rows if index < len(c) and c[index].strip()][:200]
        if filled and sum(map(reads, filled)) * 2 > len(filled):
            wanted.append(index)
    assert _date_like(header, rows, columns, {}) == wanted
