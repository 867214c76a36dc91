"""The date parser: every form people type or export, WIB conversion, and its error messages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sertifikat_cek.calendar.dates import (
    Moment,
    Reading,
    format_date,
    parse_date,
    parse_moment,
    read_moment,
)
from sertifikat_cek.errors import DateError, InputError

# Written out here, not imported, so that the tests do not share the parser's own tables.
BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
BULAN_SINGKAT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
WIB = ZoneInfo("Asia/Jakarta")
ZONES = {"WIB": WIB, "WITA": ZoneInfo("Asia/Makassar"), "WIT": ZoneInfo("Asia/Jayapura")}

FIFTH_OF_MARCH = date(2021, 3, 5)


# -- accepted forms -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-05", FIFTH_OF_MARCH),
        ("05/03/2021", FIFTH_OF_MARCH),
        ("05-03-2021", FIFTH_OF_MARCH),
        ("5.3.2021", FIFTH_OF_MARCH),
        ("5 Maret 2021", FIFTH_OF_MARCH),
        ("17 Agt 2021", date(2021, 8, 17)),
        ("1 Des 2021", date(2021, 12, 1)),
        ("5 Nopember 2021", date(2021, 11, 5)),
        ("3 Pebruari 2021", date(2021, 2, 3)),
        ("5 March 2021", FIFTH_OF_MARCH),
        ("March 5, 2021", FIFTH_OF_MARCH),
        ("Jumat, 5 Maret 2021", FIFTH_OF_MARCH),
        ("  5   maret   2021  ", FIFTH_OF_MARCH),
        ("5 MARET 2021", FIFTH_OF_MARCH),
    ],
)
def test_every_accepted_date_form(text: str, expected: date) -> None:
    assert parse_moment(text) == Moment(expected)
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("5 Maret 2021 14:30", Moment(FIFTH_OF_MARCH, time(14, 30)), id="colon"),
        pytest.param("5 Maret 2021 14.30", Moment(FIFTH_OF_MARCH, time(14, 30)), id="dot"),
        pytest.param("2021-03-05 14:30", Moment(FIFTH_OF_MARCH, time(14, 30)), id="iso"),
        pytest.param("05/03/2021 14:30", Moment(FIFTH_OF_MARCH, time(14, 30)), id="numeric"),
        pytest.param("March 5, 2021 14:30", Moment(FIFTH_OF_MARCH, time(14, 30)), id="english"),
        pytest.param("5 Maret 2021 14:30 WIB", Moment(FIFTH_OF_MARCH, time(14, 30)), id="WIB"),
        pytest.param("5 Maret 2021 14:30 WITA", Moment(FIFTH_OF_MARCH, time(13, 30)), id="WITA"),
        pytest.param("5 Maret 2021 14:30 WIT", Moment(FIFTH_OF_MARCH, time(12, 30)), id="WIT"),
        pytest.param("5 Maret 2021 14.30 wita", Moment(FIFTH_OF_MARCH, time(13, 30)), id="wita"),
        pytest.param(
            "1 Maret 2021 01:30 WIT", Moment(date(2021, 2, 28), time(23, 30)), id="WIT midnight"
        ),
        pytest.param(
            "1 Januari 2021 00:15 WITA",
            Moment(date(2020, 12, 31), time(23, 15)),
            id="WITA new year",
        ),
    ],
)
def test_times_are_read_as_wib(text: str, expected: Moment) -> None:
    assert parse_moment(text) == expected


def test_a_time_crossing_midnight_moves_the_date_too() -> None:
    # 01:30 in Papua (WIT) on 1 March is 23:30 in Jakarta on 28 February.
    assert parse_date("1 Maret 2021 01:30 WIT") == date(2021, 2, 28)


def test_relative_words_need_today() -> None:
    today = date(2021, 3, 1)
    assert parse_moment("hari ini", today=today) == Moment(today)
    assert parse_moment("Hari  Ini", today=today) == Moment(today)
    assert parse_moment("kemarin", today=today) == Moment(date(2021, 2, 28))
    with pytest.raises(DateError):
        parse_moment("kemarin")  # without today there is nothing to count from


def test_format_date_in_both_languages() -> None:
    assert format_date(date(2021, 3, 18)) == "18 Maret 2021"
    assert format_date(date(2021, 3, 18), "id") == "18 Maret 2021"
    assert format_date(date(2021, 3, 18), "en") == "18 March 2021"


# -- rejected input -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2021-02-30", id="30 February"),
        pytest.param("Maret 2021", id="no day"),
        pytest.param("12/31/2021", id="month first"),
        pytest.param("31/31/2021", id="month 31"),
        pytest.param("2021-03-05 25:00", id="hour 25"),
        pytest.param("5 Maret 2021 25:00", id="hour 25 after a month name"),
        pytest.param("5 Maret 2021 14:60", id="minute 60"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("garbage", id="garbage"),
        pytest.param("sertifikat belum muncul 2021", id="words"),
        pytest.param("14:30", id="time only"),
        pytest.param("0001-01-01 00:30 WITA", id="before year 1 in WIB"),
        pytest.param("31/12/9999 23:30 UTC", id="after year 9999 in WIB"),
        pytest.param("2021-03-05 14:30 +99:99", id="impossible offset"),
    ],
)
def test_rejected_input_quotes_it_and_lists_the_forms(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_moment(text)
    message = str(caught.value)
    assert f"'{text}'" in message or f'"{text}"' in message
    for form in ("2021-03-05", "05/03/2021", "5 Maret 2021", "14:30", "WIB"):
        assert form in message
    assert isinstance(caught.value, InputError)  # the shell turns it into exit code 2


# -- properties ---------------------------------------------------------------------------------
def writings(day: date) -> dict[str, str]:
    return {
        "iso": day.isoformat(),
        "dd/mm/yyyy": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "dd-mm-yyyy": f"{day.day:02d}-{day.month:02d}-{day.year}",
        "d.m.yyyy": f"{day.day}.{day.month}.{day.year}",
        "d bulan yyyy": f"{day.day} {BULAN[day.month - 1]} {day.year}",
        "d singkatan yyyy": f"{day.day} {BULAN_SINGKAT[day.month - 1]} {day.year}",
        "hari, d bulan yyyy": f"{HARI[day.weekday()]}, {day.day} {BULAN[day.month - 1]} {day.year}",
        "d month yyyy": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
        "month d, yyyy": f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
    }


dates = st.dates(date(2015, 1, 1), date(2040, 12, 31))


@settings(max_examples=150, deadline=None)
@given(day=dates, case=st.sampled_from([str, str.lower, str.upper]))
def test_every_writing_of_a_date_reads_back_as_that_date(day: date, case) -> None:
    for form, text in writings(day).items():
        assert parse_moment(case(text)) == Moment(day), form
        assert read_moment(case(text), day) == Reading(Moment(day)), form  # nothing counted


@settings(max_examples=150, deadline=None)
@given(day=dates, lang=st.sampled_from(["id", "en"]))
def test_format_date_reads_back(day: date, lang: str) -> None:
    assert parse_date(format_date(day, lang)) == day


@settings(max_examples=200, deadline=None)
@given(
    day=dates,
    clock=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    zone=st.sampled_from(sorted(ZONES)),
    separator=st.sampled_from([":", "."]),
)
def test_zoned_times_agree_with_zoneinfo(day: date, clock: time, zone: str, separator) -> None:
    text = f"{day.day} {BULAN[day.month - 1]} {day.year} {clock:%H}{separator}{clock:%M} {zone}"
    in_wib = datetime.combine(day, clock, ZONES[zone]).astimezone(WIB)
    assert parse_moment(text) == Moment(in_wib.date(), in_wib.time().replace(tzinfo=None))


def test_now_in_wib_is_the_tz_databases_clock_for_asia_jakarta() -> None:
    """now_wib uses a fixed UTC+7 offset (no zoneinfo import at start-up): the same clock."""
    from sertifikat_cek.cli.common import now_wib

    for _ in range(3):  # a minute may turn between the two readings
        before = datetime.now(WIB)
        now = now_wib()
        if datetime.now(WIB).minute == before.minute:
            break
    assert now == Moment(before.date(), before.time().replace(second=0, microsecond=0, tzinfo=None))


FRAGMENTS = st.sampled_from(
    [
        *BULAN,
        *BULAN_SINGKAT,
        *MONTHS,
        *HARI,
        "2021",
        "0001",
        "9999",
        "31",
        "12",
        "5",
        "00",
        "25",
        ":",
        "/",
        ".",
        "-",
        ",",
        " ",
        "T",
        "WIB",
        "WITA",
        "WIT",
        "UTC",
        "Z",
        "+14:00",
        "-12:00",
        "+0900",
        "pukul",
        "jam",
        "am",
        "pm",
        "hari ini",
        "kemarin",
        "hari lalu",
        "minggu lalu",
        "days ago",
        "tanggal",
        "99999",
        "\u00a0",
        "٣",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=40),
        st.lists(FRAGMENTS, max_size=10).map("".join),
        st.lists(FRAGMENTS, max_size=8).map(" ".join),
    )
)
def test_arbitrary_text_raises_nothing_but_date_error(text: str) -> None:
    try:
        moment = parse_moment(text, today=date(2021, 3, 5))
    except DateError:
        return
    assert isinstance(moment.day, date)
    assert moment.time is None or isinstance(moment.time, time)


def test_a_date_only_moment_has_no_time_and_midnight_is_a_time() -> None:
    plain, timed = parse_moment("5 Maret 2021"), parse_moment("5 Maret 2021 00:00")
    assert plain == Moment(FIFTH_OF_MARCH, None)
    assert timed == Moment(FIFTH_OF_MARCH, time(0, 0))


def test_an_iso_date_with_a_bad_month_is_not_told_to_put_the_day_first() -> None:
    with pytest.raises(DateError) as iso:
        parse_moment("2021-13-01")
    assert "month 13 does not exist" in str(iso.value)
    assert "day comes first" not in str(iso.value)
    with pytest.raises(DateError) as us:
        parse_moment("12/31/2021")
    assert "day comes first" in str(us.value)


# -- forms counted from the as-of day ----------------------------------------------------------
def latest_not_after(month: int, day: int, as_of: date) -> date:
    """Written here from the definition: the latest `day month` of any year not after as-of."""
    found = []
    for year in range(as_of.year - 10, as_of.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= as_of:
            found.append(candidate)
    return max(found)


pairs = st.tuples(st.dates(date(2020, 1, 1), date(2026, 12, 31)), st.integers(0, 2600)).map(
    lambda pair: (pair[0], min(pair[0] + timedelta(days=pair[1]), date(2026, 12, 31)))
)


@settings(max_examples=300, deadline=None)
@given(pair=pairs, form=st.sampled_from(["id", "short", "en", "numeric", "month first"]))
def test_a_date_without_a_year_is_the_latest_such_date_not_after_the_as_of_day(pair, form) -> None:
    day, as_of = pair
    written = {
        "id": f"{day.day} {BULAN[day.month - 1]}",
        "short": f"{day.day} {BULAN_SINGKAT[day.month - 1]}",
        "en": f"{day.day} {MONTHS[day.month - 1]}",
        "numeric": f"{day.day:02d}/{day.month:02d}",
        "month first": f"{MONTHS[day.month - 1]} {day.day}",
    }[form]
    reading = read_moment(written, as_of)
    assert reading.moment == Moment(latest_not_after(day.month, day.day, as_of))
    assert reading.moment.day <= as_of and reading.taken == "year"
    if as_of - day < timedelta(days=365):
        assert reading.moment.day == day  # within a year: the date meant


@settings(max_examples=300, deadline=None)
@given(pair=pairs, lang=st.sampled_from(["id", "id long", "en"]))
def test_n_days_ago_is_that_many_days_before_the_as_of_day(pair, lang) -> None:
    day, as_of = pair
    n = (as_of - day).days
    written = {"id": f"{n} hari lalu", "id long": f"{n} hari yang lalu", "en": f"{n} days ago"}
    assert read_moment(written[lang], as_of) == Reading(Moment(day), "days")


@settings(max_examples=300, deadline=None)
@given(pair=pairs)
def test_tanggal_n_is_this_month_or_the_month_before_when_it_would_be_later(pair) -> None:
    day, as_of = pair
    if day.day <= as_of.day:
        expected = as_of.replace(day=day.day)
    else:
        before = as_of.replace(day=1) - timedelta(days=1)  # the last day of the month before
        expected = before.replace(day=day.day) if day.day <= before.day else None
    if expected is None:
        with pytest.raises(DateError, match="write the month too"):
            read_moment(f"tanggal {day.day}", as_of)
        return
    assert read_moment(f"tanggal {day.day}", as_of) == Reading(Moment(expected), "month")
    assert read_moment(f"tgl {day.day}", as_of).moment.day == expected
    assert expected <= as_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hari ini", date(2021, 3, 12)),
        ("today", date(2021, 3, 12)),
        ("kemarin", date(2021, 3, 11)),
        ("Yesterday", date(2021, 3, 11)),
        ("minggu lalu", date(2021, 3, 5)),
        ("last week", date(2021, 3, 5)),
        ("2 minggu lalu", date(2021, 2, 26)),
        ("1 week ago", date(2021, 3, 5)),
        ("0 hari lalu", date(2021, 3, 12)),
    ],
)
def test_words_counted_back_from_the_as_of_day(text: str, expected: date) -> None:
    assert read_moment(text, date(2021, 3, 12)) == Reading(Moment(expected), "days")


def test_counted_forms_take_a_time_and_a_zone_too() -> None:
    as_of = date(2021, 3, 12)
    assert parse_moment("kemarin 14.30", today=as_of) == Moment(date(2021, 3, 11), time(14, 30))
    assert parse_moment("5 Maret 14:30 WITA", today=as_of) == Moment(FIFTH_OF_MARCH, time(13, 30))
    assert parse_moment("tanggal 5 pukul 10:00", today=as_of) == Moment(FIFTH_OF_MARCH, time(10, 0))


def test_29_february_without_a_year_is_the_latest_leap_day_not_after_the_as_of_day() -> None:
    assert parse_moment("29 Februari", today=date(2021, 3, 1)) == Moment(date(2020, 2, 29))
    assert parse_moment("29 Februari", today=date(2024, 2, 28)) == Moment(date(2020, 2, 29))
    assert parse_moment("29 Februari", today=date(2024, 2, 29)) == Moment(date(2024, 2, 29))


def test_a_full_date_takes_nothing_from_the_as_of_day() -> None:
    assert read_moment("5 Maret 2020", date(2021, 3, 12)) == Reading(Moment(date(2020, 3, 5)))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("5 Maret", "counted from the as-of day is not read here"),
        ("2 hari lalu", "counted from the as-of day is not read here"),
        ("tanggal 5", "counted from the as-of day is not read here"),
        ("minggu lalu", "counted from the as-of day is not read here"),
    ],
)
def test_counted_forms_without_an_as_of_day_say_so(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_moment(text)


def test_a_day_that_no_month_has_is_refused_without_a_year_too() -> None:
    with pytest.raises(DateError, match="day 31 does not exist in April"):
        parse_moment("31 April", today=date(2021, 5, 1))
    with pytest.raises(DateError, match="day 31 does not exist in February 2021"):
        parse_moment("tanggal 31", today=date(2021, 3, 12))
