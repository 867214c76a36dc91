"""Working days (hari kerja, DOMAIN.md section 3).

Known answers come from the decrees and the article; everything else is checked against
independent oracles: numpy's business-day functions fed with the holiday dates read straight from
the `holidays` package (plus the bundled calendar.yaml), and plain `datetime` arithmetic.
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

import holidays
import numpy as np
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sertifikat_cek.calendar.dates import Moment, parse_moment
from sertifikat_cek.calendar.holiday_table import (
    SNAPSHOT_FILE,
    build_table,
    cache_key,
    table_to_json,
)
from sertifikat_cek.calendar.workdays import WorkingCalendar
from sertifikat_cek.errors import InputError, RulesError
from sertifikat_cek.rules.location import bundled_rules_dir, working_calendar

WEEKMASK = "1111100"  # Monday to Friday
ORACLE_YEARS = range(2019, 2033)  # covers 2020..2030 plus 60 working days either side


# -- the calendar under test and its oracles ----------------------------------------------------
def calendar() -> WorkingCalendar:
    """The calendar of the bundled rules (the bundled directory by name, so that a
    SERTIFIKAT_CEK_RULES_DIR in the environment of whoever runs the tests cannot change it)."""
    return working_calendar(bundled_rules_dir())


def bundled_overrides() -> dict:
    text = (bundled_rules_dir() / "calendar.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@cache
def oracle_holidays() -> np.ndarray:
    """Public holidays and cuti bersama straight from the `holidays` package (its `public` and
    `government` categories), with the bundled calendar.yaml's add/remove applied by hand."""
    found = set(
        holidays.country_holidays("ID", years=ORACLE_YEARS, categories=("public", "government"))
    )
    overrides = bundled_overrides()
    found -= {item["date"] for item in overrides.get("remove") or []}
    found |= {item["date"] for item in overrides.get("add") or []}
    return np.array(sorted(found), dtype="datetime64[D]")


def busday_offset(start: date, n: int, roll: str) -> date:
    day = np.datetime64(start, "D")
    return np.busday_offset(day, n, roll=roll, weekmask=WEEKMASK, holidays=oracle_holidays()).item()


def busday_count(begin: date, end: date) -> int:
    begin64, end64 = np.datetime64(begin, "D"), np.datetime64(end, "D")
    return int(np.busday_count(begin64, end64, weekmask=WEEKMASK, holidays=oracle_holidays()))


def is_busday(day: date) -> bool:
    day64 = np.datetime64(day, "D")
    return bool(np.is_busday(day64, weekmask=WEEKMASK, holidays=oracle_holidays()))


def estimated_in_package(year: int) -> set[date]:
    """The dates the `holidays` package itself labels as estimated (perkiraan) in `year`."""
    entries = holidays.country_holidays(
        "ID", years=year, categories=("public", "government"), language="id"
    )
    return {day for day, name in entries.items() if "perkiraan" in name}


def cuti_bersama_in_package(year: int) -> set[date]:
    return set(holidays.country_holidays("ID", years=year, categories=("government",)))


starts = st.dates(date(2020, 1, 1), date(2030, 12, 31))
counts = st.integers(1, 60)


# -- known answers ------------------------------------------------------------------------------
KNOWN = [
    pytest.param(
        date(2021, 5, 11), 7, date(2021, 5, 25), id="Idul Fitri 2021: 12 May cuti, 13-14 May off"
    ),
    pytest.param(date(2021, 3, 6), 1, date(2021, 3, 8), id="Saturday + 1 is Monday, not Tuesday"),
    pytest.param(date(2021, 3, 11), 1, date(2021, 3, 12), id="a holiday start does not count"),
    pytest.param(date(2026, 3, 17), 1, date(2026, 3, 25), id="Nyepi and Idul Fitri 2026"),
    pytest.param(date(2021, 3, 5), 1, date(2021, 3, 8), id="worked example: Friday LP report"),
    pytest.param(date(2021, 3, 8), 7, date(2021, 3, 18), id="worked example: 11 March Isra Miraj"),
    pytest.param(date(2020, 12, 23), 1, date(2020, 12, 28), id="24 Dec cuti, 25 Dec Christmas"),
    pytest.param(date(2020, 12, 30), 1, date(2021, 1, 4), id="31 Dec 2020 cuti, 1 Jan New Year"),
    pytest.param(date(2020, 12, 23), 4, date(2021, 1, 4), id="across Christmas and New Year"),
]


@pytest.mark.parametrize(("start", "n", "expected"), KNOWN)
def test_add_working_days_known_answers(start: date, n: int, expected: date) -> None:
    assert calendar().add_working_days(start, n) == expected


@pytest.mark.parametrize(("start", "n", "expected"), KNOWN)
def test_counting_back_the_known_answers_gives_n(start: date, n: int, expected: date) -> None:
    assert calendar().working_days_between(start, expected) == n


def test_idul_fitri_2021_skips_a_cuti_bersama_day_and_two_holidays() -> None:
    addition = calendar().explain_add(date(2021, 5, 11), 7)
    kinds = {day_off.day: day_off.kind for day_off in addition.skipped}
    assert kinds[date(2021, 5, 12)] == "cuti_bersama"
    assert kinds[date(2021, 5, 13)] == "public"
    assert kinds[date(2021, 5, 14)] == "public"
    assert kinds[date(2021, 5, 15)] == kinds[date(2021, 5, 16)] == "weekend"


def test_christmas_and_new_year_2020_are_off_with_their_kinds() -> None:
    cal = calendar()
    expected = {
        date(2020, 12, 24): "cuti_bersama",
        date(2020, 12, 25): "public",
        date(2020, 12, 31): "cuti_bersama",
        date(2021, 1, 1): "public",
    }
    for day, kind in expected.items():
        assert not cal.is_working_day(day), day
        assert cal.day_off(day).kind == kind, day
    # The days in between are ordinary working days.
    for day in (date(2020, 12, 28), date(2020, 12, 29), date(2020, 12, 30), date(2021, 1, 4)):
        assert cal.is_working_day(day), day


def test_the_worked_example_skips_isra_miraj_and_one_weekend() -> None:
    addition = calendar().explain_add(date(2021, 3, 8), 7)
    assert addition.date == date(2021, 3, 18)
    assert addition.unit == "working_days"
    skipped = [day_off.day for day_off in addition.skipped]
    assert skipped == [date(2021, 3, 11), date(2021, 3, 13), date(2021, 3, 14)]


def test_between_is_signed_and_zero_for_the_same_day() -> None:
    cal = calendar()
    assert cal.working_days_between(date(2021, 3, 18), date(2021, 3, 8)) == -7
    assert cal.working_days_between(date(2021, 3, 8), date(2021, 3, 8)) == 0
    # Saturday to Sunday: nothing to count; Friday to Monday: only the Monday.
    assert cal.working_days_between(date(2021, 3, 6), date(2021, 3, 7)) == 0
    assert cal.working_days_between(date(2021, 3, 5), date(2021, 3, 8)) == 1


def test_adding_zero_gives_the_start_back() -> None:
    assert calendar().add_working_days(date(2021, 3, 6), 0) == date(2021, 3, 6)


# -- numpy as the oracle ------------------------------------------------------------------------
def test_every_day_2020_to_2030_is_a_working_day_exactly_when_numpy_says_so() -> None:
    cal = calendar()
    day = date(2020, 1, 1)
    disagreements = []
    while day <= date(2030, 12, 31):
        if cal.is_working_day(day) != is_busday(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []


@settings(max_examples=300, deadline=None)
@given(start=starts, n=counts)
def test_add_working_days_matches_numpy_busday_offset_backward(start: date, n: int) -> None:
    # roll="backward" first moves a non-working start back to the previous working day, then
    # counts n working days: the n-th working day strictly after the start (Excel's WORKDAY).
    assert calendar().add_working_days(start, n) == busday_offset(start, n, roll="backward")


@settings(max_examples=200, deadline=None)
@given(start=starts, n=counts)
def test_subtracting_working_days_matches_numpy_busday_offset_forward(start: date, n: int) -> None:
    # Going back, the mirror image: a non-working start rolls forward, then n days back.
    assert calendar().add_working_days(start, -n) == busday_offset(start, -n, roll="forward")


@settings(max_examples=300, deadline=None)
@given(start=starts, end=starts)
def test_working_days_between_matches_numpy_busday_count(start: date, end: date) -> None:
    # numpy.busday_count(begin, end) counts the working days in [begin, end): begin included,
    # end excluded. Ours counts (start, end]: start excluded, end included. For whole days,
    # (start, end] is the same set as [start + 1, end + 1), so for start <= end ours is
    # busday_count(start + 1, end + 1). For end < start ours is minus the count of (end, start],
    # i.e. -busday_count(end + 1, start + 1). (numpy's own reversed call is not simply the
    # negated forward one: busday_count(Mon, Sat) is -1 while busday_count(Sat, Mon) is 0, so
    # the oracle only ever calls it forwards.)
    one = timedelta(days=1)
    if start <= end:
        expected = busday_count(start + one, end + one)
    else:
        expected = -busday_count(end + one, start + one)
    assert calendar().working_days_between(start, end) == expected


# -- round trips --------------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(start=starts, n=counts)
def test_add_then_count_gives_n_back(start: date, n: int) -> None:
    cal = calendar()
    assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


@settings(max_examples=200, deadline=None)
@given(start=starts, gap=st.integers(1, 120))
def test_count_then_add_reaches_any_later_working_day(start: date, gap: int) -> None:
    cal = calendar()
    end = start + timedelta(days=gap)
    assume(cal.is_working_day(end))
    assert cal.add_working_days(start, cal.working_days_between(start, end)) == end


# -- the daily batch (Bukalapak's 14:00) --------------------------------------------------------
CUTOFF = time(14, 0)
FRIDAY = date(2021, 3, 5)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(Moment(FRIDAY, time(13, 59)), FRIDAY, id="13:59 same day"),
        pytest.param(Moment(FRIDAY, time(14, 0)), FRIDAY, id="14:00 exactly, same day"),
        pytest.param(Moment(FRIDAY, time(14, 1)), date(2021, 3, 6), id="14:01 next day"),
        pytest.param(Moment(FRIDAY), date(2021, 3, 6), id="date only reads as 23:59"),
        pytest.param(Moment(FRIDAY, time(0, 0)), FRIDAY, id="midnight same day"),
        pytest.param(Moment(FRIDAY, time(23, 59)), date(2021, 3, 6), id="23:59 next day"),
    ],
)
def test_batch_day_on_both_sides_of_the_cutoff(moment: Moment, expected: date) -> None:
    assert WorkingCalendar.batch_day(moment, CUTOFF) == expected


def test_batch_day_uses_the_wib_time_of_a_wita_event() -> None:
    # 14:30 WITA is 13:30 WIB: still in the same day's 14:00 (WIB) batch.
    assert calendar().batch_day(parse_moment("5 Maret 2021 14:30 WITA"), CUTOFF) == FRIDAY
    assert calendar().batch_day(parse_moment("5 Maret 2021 14:30 WIB"), CUTOFF) == date(2021, 3, 6)


# -- calendar days ------------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(start=st.dates(date(2011, 1, 1), date(2044, 12, 31)), n=st.integers(-366, 366))
def test_calendar_day_addition_is_plain_date_arithmetic(start: date, n: int) -> None:
    assert calendar().add_calendar_days(start, n) == start + timedelta(days=n)


def test_h_plus_one_calendar_day_lands_on_a_saturday() -> None:
    # Kemnaker's "H+1" is automatic and counts calendar days: Friday + 1 is Saturday.
    addition = calendar().explain_add(FRIDAY, 1, calendar_days=True)
    assert addition.date == date(2021, 3, 6)
    assert addition.unit == "calendar_days"


# -- notices ------------------------------------------------------------------------------------
def test_a_window_touching_an_estimated_2027_holiday_warns_about_it() -> None:
    estimated = sorted(estimated_in_package(2027))
    if not estimated:
        pytest.skip("the installed holidays package has no estimated 2027 dates any more")
    day = estimated[0]
    addition = calendar().explain_add(day - timedelta(days=1), 1)
    assert addition.date > day  # the window (start, result] contains the estimated day
    flagged = [n for n in addition.notices if n.code == "estimated_holiday"]
    assert day in {n.day for n in flagged}
    assert all(n.name for n in flagged)


@pytest.mark.parametrize("month", range(1, 13))
def test_estimated_notices_are_exactly_the_packages_estimated_days(month: int) -> None:
    first = date(2027, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    notices = calendar().notices(first, last)
    flagged = {n.day for n in notices if n.code == "estimated_holiday"}
    # notices() looks at the whole window, both ends included.
    assert flagged == {d for d in estimated_in_package(2027) if first <= d <= last}


def test_a_window_in_2028_warns_that_cuti_bersama_is_not_known_yet() -> None:
    if cuti_bersama_in_package(2028):
        pytest.skip("the installed holidays package has cuti bersama data for 2028")
    addition = calendar().explain_add(date(2028, 1, 3), 3)
    years = [n.year for n in addition.notices if n.code == "no_cuti_bersama_data"]
    assert years == [2028]


def test_a_window_across_new_year_warns_only_for_the_year_without_data() -> None:
    if cuti_bersama_in_package(2028) or not cuti_bersama_in_package(2027):
        pytest.skip("the installed holidays package changed its cuti bersama years")
    notices = calendar().notices(date(2027, 12, 20), date(2028, 1, 10))
    assert [n.year for n in notices if n.code == "no_cuti_bersama_data"] == [2028]


def test_a_window_in_2021_has_no_notices() -> None:
    assert calendar().explain_add(date(2021, 5, 11), 7).notices == ()


# -- calendar.yaml overrides --------------------------------------------------------------------
def calendar_from_yaml(tmp_path: Path, text: str) -> WorkingCalendar:
    path = tmp_path / "calendar.yaml"
    path.write_text(text, encoding="utf-8")
    return WorkingCalendar(build_table(path.read_text(encoding="utf-8"), str(path)))


ORDINARY_WEDNESDAY = date(2027, 11, 10)  # Hari Pahlawan: commemorated, not a day off
DECREE = "SKB Menteri Agama, Menteri Ketenagakerjaan dan MenPAN-RB No. 9 Tahun 2026"


def test_an_added_override_day_is_not_a_working_day(tmp_path: Path) -> None:
    assert calendar().is_working_day(ORDINARY_WEDNESDAY)  # before the override
    cal = calendar_from_yaml(
        tmp_path,
        f"add:\n"
        f"  - date: {ORDINARY_WEDNESDAY.isoformat()}\n"
        f"    name: Cuti Bersama Contoh\n"
        f'    decree: "{DECREE}"\n'
        f"remove: []\n",
    )
    assert not cal.is_working_day(ORDINARY_WEDNESDAY)
    day_off = cal.day_off(ORDINARY_WEDNESDAY)
    assert (day_off.kind, day_off.name, day_off.decree) == (
        "override",
        "Cuti Bersama Contoh",
        DECREE,
    )
    assert cal.add_working_days(ORDINARY_WEDNESDAY - timedelta(days=1), 1) == date(2027, 11, 11)
    assert day_off in cal.holidays_in_year(2027)


def test_removing_a_cuti_bersama_day_makes_it_a_working_day(tmp_path: Path) -> None:
    cancelled = date(2021, 5, 12)
    assert calendar().day_off(cancelled).kind == "cuti_bersama"  # before the override
    cal = calendar_from_yaml(
        tmp_path,
        "add: []\n"
        "remove:\n"
        f"  - date: {cancelled.isoformat()}\n"
        "    name: Cuti Bersama Hari Raya Idul Fitri (dibatalkan)\n"
        '    decree: "SKB Nomor 1 Tahun 2021 (perubahan)"\n',
    )
    assert cal.is_working_day(cancelled)
    assert cal.add_working_days(date(2021, 5, 11), 1) == cancelled
    assert cal.add_working_days(date(2021, 5, 11), 7) == date(2021, 5, 24)


def test_adding_a_decree_for_a_year_without_data_silences_its_notice(tmp_path: Path) -> None:
    if cuti_bersama_in_package(2028):
        pytest.skip("the installed holidays package has cuti bersama data for 2028")
    cal = calendar_from_yaml(
        tmp_path,
        "add:\n"
        "  - date: 2028-01-03\n"
        "    name: Cuti Bersama Tahun Baru\n"
        '    decree: "SKB Tahun 2027"\n',
    )
    notices = cal.notices(date(2028, 1, 1), date(2028, 1, 31))
    assert "no_cuti_bersama_data" not in {n.code for n in notices}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param(
            "add:\n  - date: 2027-12-31\n    name: Cuti\n   decree: x\n", 4, 4, id="indent"
        ),
        pytest.param("add:\n  - date: 2027-12-31\n\tname: x\n", 3, 1, id="tab"),
        pytest.param(
            "add:\n  - {date: 2027-02-30, name: x, decree: y}\n", 2, 12, id="no-such-date"
        ),
    ],
)
def test_a_yaml_typo_names_the_file_line_and_column(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    with pytest.raises(RulesError) as caught:
        calendar_from_yaml(tmp_path, text)
    assert f"{tmp_path / 'calendar.yaml'}:{line}:{column}" in str(caught.value)


def test_an_entry_without_a_decree_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as caught:
        calendar_from_yaml(tmp_path, "add:\n  - date: 2027-12-31\n    name: Cuti\n")
    assert "decree" in str(caught.value)
    assert "calendar.yaml" in str(caught.value)


def test_an_entry_with_a_time_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as caught:
        calendar_from_yaml(tmp_path, "add:\n  - {date: 2027-12-31 10:00:00, name: x, decree: y}\n")
    assert "'date' must be YYYY-MM-DD" in str(caught.value)
    assert "add[1]" in str(caught.value)


def test_add_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as caught:
        calendar_from_yaml(tmp_path, "add: 5\n")
    assert "'add' must be a list" in str(caught.value)
    assert "calendar.yaml" in str(caught.value)


# -- the bundled snapshot -----------------------------------------------------------------------
def test_the_bundled_snapshot_is_what_build_table_computes() -> None:
    calendar_yaml = (bundled_rules_dir() / "calendar.yaml").read_text(encoding="utf-8")
    snapshot_text = (
        resources.files("sertifikat_cek.calendar").joinpath(SNAPSHOT_FILE).read_text("utf-8")
    )
    snapshot = json.loads(snapshot_text)
    key = cache_key(calendar_yaml)
    if snapshot["key"] != key:
        pytest.skip(
            f"the snapshot was made for {snapshot['key']!r}, this installation is {key!r}: "
            "the calendar is computed afresh, so the snapshot is not used"
        )
    assert json.loads(table_to_json(build_table(calendar_yaml), key)) == snapshot


# -- dates outside the calendar -----------------------------------------------------------------
OUTSIDE = {
    "start before 2010": lambda c: c.add_working_days(date(2009, 12, 31), 1),
    "start after 2045": lambda c: c.add_working_days(date(2046, 1, 1), 1),
    "result after 2045": lambda c: c.add_working_days(date(2045, 12, 29), 5),
    "result before 2010": lambda c: c.add_working_days(date(2010, 1, 4), -5),
    "huge n": lambda c: c.add_working_days(date(2021, 1, 1), 10**12),
    "calendar days after 2045": lambda c: c.add_calendar_days(date(2045, 12, 30), 5),
    "calendar days past year 9999": lambda c: c.add_calendar_days(date(2021, 1, 1), 10**12),
    "explain_add": lambda c: c.explain_add(date(2046, 1, 1), 1),
    "between, end after 2045": lambda c: c.working_days_between(date(2021, 1, 1), date(2046, 1, 1)),
    "between, start before 2010": lambda c: c.working_days_between(
        date(2009, 1, 1), date(2021, 1, 1)
    ),
    "is_working_day": lambda c: c.is_working_day(date(1999, 1, 1)),
    "holidays of 2050": lambda c: c.holidays_in_year(2050),
    "holidays of year 0": lambda c: c.holidays_in_year(0),
}


@pytest.mark.parametrize("call", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_dates_outside_the_calendar_are_input_errors(call) -> None:
    cal = calendar()
    with pytest.raises(InputError) as caught:  # not IndexError, OverflowError or ValueError
        call(cal)
    assert str(cal.first.year) in str(caught.value)
    assert str(cal.last.year) in str(caught.value)
