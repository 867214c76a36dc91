"""The one date parser of the tool: turns what people type or export into a WIB date and time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sertifikat_cek.errors import DateError

ACCEPTED_FORMS = (
    "2021-03-05, 05/03/2021, 05-03-2021, 5.3.2021, 5 Maret 2021, 17 Agt 2021, 5 March 2021, "
    "March 5, 2021; optionally followed by a time 14:30 or 14.30 and WIB/WITA/WIT"
)

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "january", "jan"),
        ("februari", "pebruari", "february", "feb", "peb"),
        ("maret", "march", "mar"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("agustus", "august", "agt", "ags", "agu", "aug", "agst"),
        ("september", "sept", "sep"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "december", "des", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

WEEKDAYS = (
    ("senin", "monday", "mon", "sen"),
    ("selasa", "tuesday", "tue", "tues", "sel"),
    ("rabu", "wednesday", "wed", "rab"),
    ("kamis", "thursday", "thu", "thur", "thurs", "kam"),
    ("jumat", "jum'at", "friday", "fri", "jum"),
    ("sabtu", "saturday", "sat", "sab"),
    ("minggu", "ahad", "sunday", "sun", "min"),
)
_WEEKDAY_WORDS = {word for names in WEEKDAYS for word in names}

MONTH_NAMES = {
    "id": [
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
    ],
    "en": [
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
    ],
}

# Hours each zone is ahead of WIB (UTC+7).
ZONE_SHIFT_HOURS = {"wib": 0, "wita": 1, "wit": 2}
WIB_UTC_OFFSET = timedelta(hours=7)

# Words counted from the as-of day (accepted only when one is given): days after it (negative).
RELATIVE_DAYS = {
    "hari ini": 0,
    "today": 0,
    "sekarang": 0,
    "now": 0,
    "kemarin": -1,
    "yesterday": -1,
    "minggu lalu": -7,
    "seminggu lalu": -7,
    "seminggu yang lalu": -7,
    "pekan lalu": -7,
    "last week": -7,
    "a week ago": -7,
}
RELATIVE_FORMS = (
    "5 Maret (no year), tanggal 5, hari ini, kemarin, 2 hari lalu, minggu lalu, today, "
    "yesterday, 2 days ago, last week"
)
LEAP_SEARCH_YEARS = 8  # 29 February without a year: the latest leap year is at most 8 years back


@dataclass(frozen=True)
class Reading:
    """A moment as read, and what was taken from the as-of day to read it: None (nothing, the
    text was a full date), "year" (a date without a year), "month" (tanggal 5: the month and the
    year) or "days" (kemarin, 2 hari lalu: counted back from the as-of day)."""

    moment: Moment
    taken: str | None = None


@dataclass(frozen=True)
class Moment:
    """A day in WIB, with the time of day (WIB) when it is known."""

    day: date
    time: time | None = None

    def isoformat(self) -> str:
        if self.time is None:
            return self.day.isoformat()
        clock = "%H:%M:%S" if self.time.second else "%H:%M"
        return f"{self.day.isoformat()}T{self.time.strftime(clock)}"


# Pattern strings: re compiles each on first use and caches it (compiling them all at import
# would cost a command that reads one ISO date several milliseconds of start-up).
_TIME = r"(?:(?:\s*,\s*|\s+|t)(?:(?:pukul|jam|pk\.?)\s*)?(?P<hh>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<ss>\d{2}))?)?"
_ZONE = r"(?:\s*(?P<zone>wib|wita|wit|z|utc|[+-]\d{2}:?\d{2}))?"
_ISO = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME + _ZONE
_NUMERIC_DAY_FIRST = (
    r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})" + _TIME + _ZONE
)
_DAY_MONTH_NAME = (
    r"(?P<d>\d{1,2})\s*[ -]\s*(?P<mname>[a-z']+)\.?\s*[ ,-]\s*(?P<y>\d{4})" + _TIME + _ZONE
)
_MONTH_NAME_DAY = r"(?P<mname>[a-z]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})" + _TIME + _ZONE
_STRICT = (_ISO, _NUMERIC_DAY_FIRST, _DAY_MONTH_NAME, _MONTH_NAME_DAY)
_DAY_WORD = r"(?:(?:tanggal|tgl\.?)\s*)?"
_NAMED_ZONE = r"(?:\s*(?P<zone>wib|wita|wit|z|utc))?"  # 05-03-2021: -2021 is no UTC offset here
_NO_YEAR = (
    _DAY_WORD + r"(?P<d>\d{1,2})\s*[ -]\s*(?P<mname>[a-z']+)\.?" + _TIME + _NAMED_ZONE,
    r"(?P<mname>[a-z]+)\.?\s+(?P<d>\d{1,2})" + _TIME + _NAMED_ZONE,
    _DAY_WORD + r"(?P<d>\d{1,2})(?P<sep>[/-])(?P<m>\d{1,2})" + _TIME + _NAMED_ZONE,
)
_DAY_OF_MONTH = r"(?:tanggal|tgl\.?)\s*(?P<d>\d{1,2})" + _TIME + _ZONE
_AGO = (
    r"(?P<n>\d{1,5})\s*(?P<unit>hari|minggu|pekan|days?|weeks?)\s+(?:yang\s+)?(?:lalu|ago)"
    + _TIME
    + _ZONE
)
_WORD = r"(?P<word>[a-z ]+?)" + _TIME + _ZONE
_LEADING_WEEKDAY = r"^(?P<w>[a-z']+)\s*,?\s+(?=\d|[a-z])"


# The longest text read as a date ("Senin, 17 Agustus 2021 pukul 14.30 WITA" has 39): a longer
# one is refused at once, so that a hostile cell costs no more than its length to refuse.
MAX_DATE_CHARS = 100
QUOTED_CHARS = 60


def quoted(text: str) -> str:
    """A text as messages quote it: repr, and a long one cut (a cell may hold 100 KiB)."""
    if len(text) <= QUOTED_CHARS:
        return repr(text)
    return repr(text[: QUOTED_CHARS - 1]) + f"... ({len(text):,} characters)"


def _fail(text: str, reason: str) -> DateError:
    return DateError(
        f"cannot read {quoted(text)} as a date: {reason}; accepted forms: {ACCEPTED_FORMS}"
    )


def _normalise(text: str) -> str:
    cleaned = " ".join(text.strip().lower().split())
    match = re.match(_LEADING_WEEKDAY, cleaned)
    if match and match.group("w") in _WEEKDAY_WORDS:
        cleaned = cleaned[match.end() :]
    return cleaned


def _build(text: str, year: int, month: int, day: int, groups: dict[str, str | None]) -> Moment:
    if not 1 <= month <= 12:
        day_first = groups.get("sep") is not None  # 12/31/2021: a month-first habit
        hint = " (the day comes first: DD/MM/YYYY)" if day_first and 1 <= day <= 12 else ""
        raise _fail(text, f"month {month} does not exist{hint}")
    try:
        the_day = date(year, month, day)
    except ValueError:
        raise _fail(
            text, f"day {day} does not exist in {MONTH_NAMES['en'][month - 1]} {year}"
        ) from None
    if groups.get("hh") is None:
        return Moment(the_day)
    hour, minute, second = int(groups["hh"]), int(groups["mi"]), int(groups.get("ss") or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _fail(text, f"{hour:02d}:{minute:02d} is not a time of day")
    try:
        stamp = datetime(year, month, day, hour, minute, second) - _zone_shift(
            text, groups.get("zone")
        )
    except OverflowError:  # 0001-01-01 00:30 WITA is still in year 0 in WIB
        raise _fail(text, "in WIB it falls outside the years 1 to 9999") from None
    return Moment(stamp.date(), stamp.time())  # seconds count at a daily batch's cut-off


def _zone_shift(text: str, zone: str | None) -> timedelta:
    """How far the given zone is ahead of WIB."""
    if zone is None or zone in ZONE_SHIFT_HOURS:
        return timedelta(hours=ZONE_SHIFT_HOURS.get(zone or "wib", 0))
    if zone in ("z", "utc"):
        return -WIB_UTC_OFFSET
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:  # UTC offsets run from -12:00 to +14:00
        raise _fail(text, f"{zone} is not a UTC offset")
    offset = timedelta(hours=hours, minutes=minutes)
    return sign * offset - WIB_UTC_OFFSET


def _strict(text: str, cleaned: str) -> Moment | None:
    for pattern in _STRICT:
        match = re.fullmatch(pattern, cleaned)
        if match is None:
            continue
        groups = match.groupdict()
        if "mname" in groups:
            month = MONTHS.get(groups["mname"].rstrip("."))
            if month is None:
                continue
        else:
            month = int(groups["m"])
        return _build(text, int(groups["y"]), month, int(groups["d"]), groups)
    return None


def _with_dateutil(text: str, cleaned: str) -> Moment:
    """The lenient fallback: dateutil with Indonesian month and day names, day first."""
    from dateutil import parser as dateutil_parser

    if not re.search(r"\d{4}", cleaned):
        raise _fail(text, "the year must have four digits")
    info = _parserinfo()
    defaults = (datetime(2001, 1, 1, 0, 0), datetime(2002, 2, 2, 1, 1))
    try:
        readings = [dateutil_parser.parse(cleaned, parserinfo=info, default=d) for d in defaults]
    except (ValueError, OverflowError, TypeError):
        raise _fail(text, "it is not a date in any known form") from None
    first, second = readings
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        raise _fail(text, "the day, month or year is missing")
    has_time = (first.hour, first.minute) == (second.hour, second.minute)
    stamp = first
    if first.tzinfo is not None:
        try:
            stamp = (first - first.utcoffset() + WIB_UTC_OFFSET).replace(tzinfo=None)
        except OverflowError:
            raise _fail(text, "in WIB it falls outside the years 1 to 9999") from None
    if not has_time:
        return Moment(stamp.date())
    return Moment(stamp.date(), stamp.time().replace(microsecond=0))


@lru_cache(maxsize=1)
def _parserinfo():
    from dateutil import parser as dateutil_parser

    class IndonesianParserInfo(dateutil_parser.parserinfo):
        MONTHS = [
            tuple(name for name, number in MONTHS.items() if number == month)
            for month in range(1, 13)
        ]
        WEEKDAYS = [tuple(names) for names in WEEKDAYS]
        JUMP = [*dateutil_parser.parserinfo.JUMP, "pukul", "jam", "tanggal", "tgl"]
        TZOFFSET = {"WIB": 7 * 3600, "WITA": 8 * 3600, "WIT": 9 * 3600}

    return IndonesianParserInfo(dayfirst=True)


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> Moment:
    cleaned = _normalise(text)
    if not cleaned:
        raise _fail(text, "it is empty")
    moment = _strict(text, cleaned)
    if moment is not None:
        return moment
    if re.fullmatch(r"[\d\s/.:,-]+", cleaned):
        raise _fail(text, "the numbers are not in day-month-year order with a 4-digit year")
    return _with_dateutil(text, cleaned)


def _relative(text: str, as_of: date) -> Reading | None:
    """A form counted from the as-of day, or None when the text is none of them."""
    cleaned = " ".join(text.strip().lower().split())
    match = re.fullmatch(_WORD, cleaned)
    if match and match.group("word") in RELATIVE_DAYS:
        day = _shifted(text, as_of, RELATIVE_DAYS[match.group("word")])
        return Reading(_build(text, day.year, day.month, day.day, match.groupdict()), "days")
    match = re.fullmatch(_AGO, cleaned)
    if match:
        weeks = match.group("unit") in ("minggu", "pekan", "week", "weeks")
        day = _shifted(text, as_of, -int(match.group("n")) * (7 if weeks else 1))
        return Reading(_build(text, day.year, day.month, day.day, match.groupdict()), "days")
    match = re.fullmatch(_DAY_OF_MONTH, cleaned)
    if match:
        return Reading(
            _day_of_month(text, int(match.group("d")), as_of, match.groupdict()), "month"
        )
    cleaned = _normalise(text)
    if re.search(r"\d{4}", cleaned):  # a year is written: not a date without one
        return None
    for pattern in _NO_YEAR:
        match = re.fullmatch(pattern, cleaned)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("mname") is not None:
            month = MONTHS.get(groups["mname"].rstrip("."))
            if month is None:
                continue
        else:
            month = int(groups["m"])
        day = int(groups["d"])
        return Reading(_build(text, _latest_year(month, day, as_of), month, day, groups), "year")
    return None


def _shifted(text: str, as_of: date, days: int) -> date:
    try:
        return as_of + timedelta(days=days)
    except OverflowError:
        raise _fail(text, "it falls outside the years 1 to 9999") from None


def _latest_year(month: int, day: int, as_of: date) -> int:
    """The year of the latest `day month` not after the as-of day (the as-of year when the day
    does not exist in any year, so that _build says why)."""
    for year in range(as_of.year, max(as_of.year - LEAP_SEARCH_YEARS, 0), -1):
        try:
            if date(year, month, day) <= as_of:
                return year
        except ValueError:
            continue
    return as_of.year


def _day_of_month(text: str, day: int, as_of: date, groups: dict) -> Moment:
    """`tanggal 5`: the 5th of the as-of month, or of the month before when that is later."""
    year, month = as_of.year, as_of.month
    if day > as_of.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if year < 1 or not 1 <= day <= 31:
        raise _fail(text, f"day {day} does not exist")
    try:
        date(year, month, day)
    except ValueError:
        raise _fail(
            text,
            f"day {day} does not exist in {MONTH_NAMES['en'][month - 1]} {year}; "
            "write the month too",
        ) from None
    return _build(text, year, month, day, groups)


def read_moment(text: str, as_of: date | None = None) -> Reading:
    """Read a date, optionally with a time and a zone, as a WIB moment, and say what was taken
    from the as-of day to read it.

    With `as_of`, the forms counted from it are accepted too (RELATIVE_FORMS): a date without a
    year is the latest such date not after the as-of day. Nothing here reads the clock: the
    caller passes the as-of day. Raises DateError quoting the input and listing the forms."""
    if len(text) > MAX_DATE_CHARS and len(text.strip()) > MAX_DATE_CHARS:
        raise _fail(text, f"a date has at most {MAX_DATE_CHARS} characters")
    if as_of is not None:
        reading = _relative(text, as_of)
        if reading is not None:
            return reading
        try:
            return Reading(_parse_cached(text))
        except DateError as error:
            if re.search(r"\d{4}", text):  # a date with its year: the counted forms do not help
                raise
            raise DateError(
                f"{error.message}; or, counted from the as-of day: {RELATIVE_FORMS}"
            ) from None
    try:
        return Reading(_parse_cached(text))
    except DateError:
        if _counted_from_a_day(text):
            raise _fail(
                text, "a date counted from the as-of day is not read here; write it in full"
            ) from None
        raise


def _counted_from_a_day(text: str) -> bool:
    try:
        return _relative(text, date(2001, 1, 1)) is not None
    except DateError:
        return True


def parse_moment(text: str, *, today: date | None = None) -> Moment:
    """Read a date, optionally with a time and a zone, as a WIB moment.

    With `today` (the as-of day), the forms counted from it are accepted too (read_moment).
    Raises DateError quoting the input and listing the accepted forms.
    """
    return read_moment(text, today).moment


def easternmost_day(moment: Moment) -> date:
    """The calendar day it is in WIT (UTC+9, Indonesia's easternmost zone) at a WIB moment: a
    date-only event up to that day has happened somewhere in Indonesia (a participant in Papua
    types today's date at 00:30, which is 22:30 of the day before in WIB)."""
    if moment.time is None:
        return moment.day
    shifted = datetime.combine(moment.day, moment.time) + timedelta(
        hours=max(ZONE_SHIFT_HOURS.values())
    )
    return shifted.date()


def parse_date(text: str) -> date:
    """Read a date (a time, if given, is allowed and dropped)."""
    return parse_moment(text).day


def format_date(day: date, lang: str = "id") -> str:
    """A date written for people: 18 Maret 2021 / 18 March 2021."""
    return f"{day.day} {MONTH_NAMES[lang][day.month - 1]} {day.year}"


def format_moment(moment: Moment, lang: str = "id") -> str:
    text = format_date(moment.day, lang)
    if moment.time is not None:
        text += f" {moment.time.strftime('%H:%M')} WIB"
    return text
