"""The batch core: header names to fields, cell values, Excel serials, the formula guard, and
rows decided exactly as `build_case` + `decide` decide them, cache or no cache."""

from __future__ import annotations

import csv
import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sertifikat_cek.batch import columns as batch_columns
from sertifikat_cek.batch import rows as batch
from sertifikat_cek.calendar.dates import parse_moment
from sertifikat_cek.cli.common import rules_and_calendar
from sertifikat_cek.decide.case_input import build_case
from sertifikat_cek.decide.explain import decide
from sertifikat_cek.errors import InputError

RULES, CALENDAR = rules_and_calendar(None)
KNOWN = batch_columns.field_names(RULES)
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kasus.csv"
AS_OF = parse_moment("2021-04-30")


# -- header names ----------------------------------------------------------------------------

# The aliases the issue lists, written as an export might write them.
ISSUE_ALIASES = {
    "platform": ["platform", "Platform Digital", "MITRA"],
    "completed": ["completed", "Tanggal Selesai", "tgl_selesai", "Selesai"],
    "rated": ["rated", "Tanggal-Rating", "Rating", "ULASAN"],
    "institution_reported": ["institution reported", "Laporan Lembaga", "lapor_lembaga"],
    "platform_reported": ["Platform-Reported", "Laporan Platform", "LAPOR PLATFORM"],
    "name_matches": ["name_matches", "Nama Sesuai"],
    "as_of": ["as-of", "Tanggal Cek", "AS OF"],
}


@pytest.mark.parametrize(
    ("field", "name"), [(f, n) for f, names in ISSUE_ALIASES.items() for n in names]
)
def test_each_alias_names_its_field_whatever_case_and_separators(field, name):
    header = ["No", name] if field == "platform" else ["Platform", name]
    columns = batch_columns.map_columns(header, KNOWN)
    assert columns.fields[field] == 1


def test_unknown_columns_are_not_mapped():
    columns = batch_columns.map_columns(["Platform", "Nama Peserta", "NIK", "Catatan"], KNOWN)
    assert columns.fields == {"platform": 0}


def test_a_header_without_a_platform_column_is_refused_with_the_fix():
    with pytest.raises(InputError) as caught:
        batch_columns.map_columns(["Nama", "Tgl Selesai"], KNOWN)
    assert "no platform column" in str(caught.value)
    assert "--map" in str(caught.value)


def test_map_names_any_column_and_takes_aliases_as_field_names():
    columns = batch_columns.map_columns(
        ["Kanal", "Tgl Lulus", "Tgl Selesai"],
        KNOWN,
        {"Kanal": "platform", "tgl lulus": "tanggal selesai", "Tgl Selesai": "ignore"},
    )
    assert columns.fields == {"platform": 0, "completed": 1}


def test_two_columns_for_one_field_must_be_told_apart_with_map():
    with pytest.raises(InputError, match="--map"):
        batch_columns.map_columns(["Platform", "Rating", "Tanggal Rating"], KNOWN)
    columns = batch_columns.map_columns(
        ["Platform", "Rating", "Tanggal Rating"], KNOWN, {"Rating": "ignore"}
    )
    assert columns.fields == {"platform": 0, "rated": 2}


@pytest.mark.parametrize(
    ("overrides", "words"),
    [({"Nope": "completed"}, "no column 'Nope'"), ({"Tgl": "lulus"}, "is not a field")],
)
def test_a_bad_map_says_what_is_wrong(overrides, words):
    with pytest.raises(InputError, match=words) as caught:
        batch_columns.map_columns(["Platform", "Tgl"], KNOWN, overrides)
    assert caught.value.where == "--map"


# -- cell values -----------------------------------------------------------------------------


def excel_oracle(serial: float) -> datetime:
    """Excel's day numbers as its documentation gives them: 1 is 1900-01-01 and 1900 is
    (wrongly) a leap year, so from day 61 on, day 0 is 1899-12-30."""
    return datetime(1899, 12, 30) + timedelta(days=serial)


@given(st.integers(min_value=36526, max_value=73050))
def test_excel_serials_in_range_are_the_dates_excel_shows(serial):
    assert batch.excel_serial_text(str(serial)) == excel_oracle(serial).date().isoformat()


@given(st.integers(min_value=36526, max_value=73049), st.integers(min_value=1, max_value=86399))
def test_an_excel_serials_fraction_is_the_time_to_the_second(serial, second):
    fraction = f"{second / 86400:.9f}".removeprefix("0.")  # as a spreadsheet export writes it
    expected = excel_oracle(serial) + timedelta(seconds=second)
    clock = "%H:%M:%S" if expected.second else "%H:%M"
    assert batch.excel_serial_text(f"{serial}.{fraction}") == expected.strftime(f"%Y-%m-%d {clock}")


def test_excel_serial_known_days_and_fractions():
    assert batch.excel_serial_text("44260") == "2021-03-05"  # Friday 5 March 2021
    assert batch.excel_serial_text("44260.75") == "2021-03-05 18:00"
    assert batch.excel_serial_text("44260,5") == "2021-03-05 12:00"  # Indonesian decimal comma
    # 14:00:10, after the 14:00 batch: the seconds are kept (DOMAIN.md 3)
    assert batch.excel_serial_text("44256.583449") == "2021-03-01 14:00:10"


@pytest.mark.parametrize("text", ["12345", "99999", "36525", "2021", "4426", "44260a", ""])
def test_plain_numbers_are_not_read_as_excel_dates(text):
    assert batch.excel_serial_text(text) is None


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_would_start_a_formula_gets_a_quote(start):
    assert batch.guard_cell(start + "SUM(A1)") == "'" + start + "SUM(A1)"


def test_ordinary_text_is_left_alone():
    assert batch.guard_cell("certificate_overdue") == "certificate_overdue"


# -- rows ------------------------------------------------------------------------------------

HEADER = ["No", "Platform", "Selesai", "Rating", "Lapor Lembaga", "Lapor Platform", "Nama Sesuai"]
HEADER += ["Tanggal Cek"]
INPUT_COLUMNS = {
    "completed": 2,
    "rated": 3,
    "institution_reported": 4,
    "platform_reported": 5,
    "name_matches": 6,
}
CELL_VALUES = [
    "",
    " ",
    "belum",
    "Tidak",
    "ya",
    "sudah",
    "2021-03-01",
    "01/03/2021",
    "1 Maret 2021",
    "44256",
    "44257.6",
    "2021-03-02 15:00",
    "05/03/2021 10.00 WITA",
    "2021-03-09",
    "31/02/2021",
    "2099-01-01",
    "bukan tanggal",
]
PLATFORM_VALUES = ["Tokopedia", "bukalapak", "Kemnaker (Sisnaker)", "Pijar", "Shopee", ""]
AS_OF_VALUES = ["", "2021-03-02", "10/03/2021", "44300", "kemarin lusa"]


def reference(cells: list[str]) -> tuple:
    """What diagnose would say for the row: build_case + decide on the cells, Excel serials
    turned into dates first; errors by input name."""

    def text(value: str) -> str:
        stripped = value.strip()
        if stripped.replace(".", "", 1).isdigit() and 36526 <= float(stripped) < 73051:
            moment = excel_oracle(float(stripped))
            return moment.strftime("%Y-%m-%d %H:%M") if "." in stripped else f"{moment.date()}"
        return value

    if not cells[1].strip():  # checked first: without a platform nothing else can be read
        return ("error", "--platform")
    try:
        as_of = parse_moment(text(cells[7])) if cells[7].strip() else AS_OF
    except InputError:
        return ("error", "as_of")
    raw = {name: text(cells[i]) for name, i in INPUT_COLUMNS.items() if cells[i]}
    try:
        diagnosis = decide(RULES, build_case(RULES, cells[1], raw, as_of), CALENDAR)
    except InputError as error:
        return ("error", error.where)
    return (diagnosis.verdict, diagnosis.due, diagnosis.contact.id if diagnosis.contact else None)


def outcome(result) -> tuple:
    if isinstance(result, batch.Failure):
        column = result.column
        names = {HEADER[i]: name for name, i in INPUT_COLUMNS.items()} | {HEADER[7]: "as_of"}
        where = names.get(column, column)
        return ("error", "--platform" if column == "Platform" else where)
    verdict, _, _, due, contact = result.payload
    assert verdict == result.verdict
    return (verdict, date.fromisoformat(due) if due else None, contact or None)


ROW = st.tuples(
    st.sampled_from(PLATFORM_VALUES),
    *[st.sampled_from(CELL_VALUES) for _ in INPUT_COLUMNS],
    st.sampled_from(AS_OF_VALUES),
)


def make_decider(cache_size: int = 64) -> batch.BatchDecider:
    columns = batch_columns.map_columns(HEADER, KNOWN)
    return batch.BatchDecider(RULES, CALENDAR, columns, AS_OF, cache_size=cache_size)


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=30))
def test_rows_are_decided_as_build_case_and_decide_decide_them(rows):
    decider = make_decider(cache_size=8)  # small: rows leave the cache and come back
    for number, row in enumerate(rows * 2):  # every row twice: the second from the cache
        cells = [str(number), row[0], *row[1:]]
        assert outcome(decider.decide_row(cells)) == reference(cells)


def test_an_error_comes_back_for_every_row_that_has_it():
    decider = make_decider()
    cells = ["1", "Tokopedia", "31/02/2021", "", "", "", "", ""]
    first, second = decider.decide_row(cells), decider.decide_row(list(cells))
    assert isinstance(first, batch.Failure) and first == second
    assert first.column == "Selesai"
    assert "31/02/2021" in first.message


def test_the_error_cell_names_the_row_its_line_when_another_number_and_the_column():
    failure = batch.Failure("tgl selesai", "cannot read 'x' as a date")
    assert batch.failure_text(7, 7, failure) == (
        "row 7, column 'tgl selesai': cannot read 'x' as a date"
    )
    assert batch.failure_text(7, 9, failure) == (
        "row 7 (line 9), column 'tgl selesai': cannot read 'x' as a date"
    )
    assert batch.failure_text(7, None, batch.Failure(None, "3 cells")) == "row 7: 3 cells"


def test_a_row_as_of_wins_over_the_default():
    decider = make_decider()
    late = decider.decide_row(["1", "Tokopedia", "", "", "2021-03-05", "2021-03-08", "", ""])
    early = decider.decide_row(
        ["1", "Tokopedia", "", "", "2021-03-05", "2021-03-08", "", "12/03/2021"]
    )
    assert late.verdict == "certificate_overdue"
    assert early.verdict == "certificate_waiting"


# -- the example file -------------------------------------------------------------------------


def reachable_verdicts() -> dict[str, set[str]]:
    """Every verdict the engine gives each platform over a grid of inputs: each input empty,
    no, yes without a date, or one of two dates (one with a time), checked on three days."""
    values = ["", "belum", "ya", "2021-03-01", "2021-03-02 15:00"]
    checks = [parse_moment(t) for t in ("2021-03-02 16:00", "2021-03-04", "2021-04-30")]
    found: dict[str, set[str]] = {}
    for platform in RULES.platforms.values():
        names = sorted(platform.inputs())
        for combo, as_of in itertools.product(itertools.product(values, repeat=len(names)), checks):
            raw = {name: value for name, value in zip(names, combo, strict=True) if value}
            try:
                diagnosis = decide(RULES, build_case(RULES, platform.id, raw, as_of), CALENDAR)
            except InputError:
                continue
            found.setdefault(platform.id, set()).add(diagnosis.verdict)
    return found


def test_the_example_covers_every_verdict_of_every_platform_and_two_bad_rows():
    with EXAMPLE.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))
    header, body = rows[0], rows[1:]
    assert 20 <= len(body) <= 55
    columns = batch_columns.map_columns(header, KNOWN)
    decider = batch.BatchDecider(RULES, CALENDAR, columns, AS_OF)
    seen: dict[str, set[str]] = {}
    failures = 0
    for cells in body:
        result = decider.decide_row(cells)
        if isinstance(result, batch.Failure):
            failures += 1
        else:
            seen.setdefault(result.platform, set()).add(result.verdict)
    assert failures == 2
    assert seen == reachable_verdicts()


def test_summary_merges_parts_in_order():
    first, second = batch.Summary(keep_errors=2), batch.Summary()
    first.rows, second.rows = 3, 4
    first.verdicts, second.verdicts = {"a": 1}, {"a": 2, "b": 1}
    first.add_error(2, 2, batch.Failure(None, "one"))
    second.add_error(9, 11, batch.Failure("X", "two"))
    second.add_error(10, 12, batch.Failure("X", "three"))
    first.merge(second)
    assert (first.rows, first.errors, first.verdicts) == (7, 3, {"a": 3, "b": 1})
    assert [(e["row"], e["line"]) for e in first.first_errors] == [(2, 2), (9, 11)]
