"""An analyst's verdict for a Kartu Prakerja certificate export, with polars and numpy.

    python bench/peers/polars_peer.py IN.csv OUT.csv --as-of 2024-06-30 [--delimiter ';']
        [--map 'COLUMN=FIELD' ...] [--date-order dmy|mdy|ymd] [--holidays FILE]

A peer of `sertifikat-cek batch`, written from /work/shared/DOMAIN.md alone (sections 3 to 5):
it imports polars, numpy and the standard library only, never sertifikat_cek, and it has read
none of the project's decision code or platform rule files. It writes every input column, then
`verdict`, `stage`, `state`, `due`, `contact` and `error`.

How it goes: polars reads the file as text; each distinct cell text of a column is read once in
Python (dates in the forms 2021-03-05, 05/03/2021, 5 Maret 2021, March 5, 2021, 05-03-2021,
Excel serial days, with a time or not; yes/ya/sudah, no/belum/tidak; empty); the rows get their
readings through an Enum cast (each cell's index among the distinct texts) and numpy indexing;
each chain variant's rows are decided as arrays (due dates by numpy.busday_offset over
Indonesian holidays and cuti bersama, states by comparisons, the verdict by first match along
the chain, the contact from a table); only the rows with an error get a message built in Python.

Columns are found by the words of their header names (the word table of rules/columns.yaml,
copied below) or named with --map, as in batch: `--map 'Tgl Lulus=completed'`. Fields:
platform, completed, rated, institution_reported, platform_reported, name_matches, as_of.

Readings DOMAIN.md leaves to the reader, and what this peer chose:
- A column's numeric date order (05/03/2021) is day-first unless --date-order says otherwise or
  a cell of the column reads only month-first (3/25/2021) and none only day-first.
- An Excel serial day is a number from 36526 to 73050 (2000 to 2099); its fraction, if any, is
  the time of day to the nearest second (44260.5 is noon; `,` as the decimal mark too).
- A time may carry a zone (WIB, WITA, WIT, +07:00, Z); it is then turned into WIB, which can
  change the day.
- A row with more cells than the header is read without its extra cells (polars truncates it);
  batch makes it an error. A row with fewer cells is padded with empty cells.
- The holiday table is the project's holiday snapshot JSON (the holidays package with
  rules/calendar.yaml applied), so both count the same working days.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import polars as pl

# --- the words of DOMAIN.md ------------------------------------------------------------------

STAGES = [
    "account_name",
    "completion",
    "rating",
    "institution_report",
    "platform_report",
    "certificate",
]
ACCOUNT, COMPLETION, RATING, INSTITUTION, PLATFORM_REPORT, CERTIFICATE = range(6)
STATES = ["done", "waiting", "overdue", "missing", "unknown"]
DONE, WAITING, OVERDUE, MISSING, UNKNOWN = range(5)
PLATFORMS = ["tokopedia", "bukalapak", "kemnaker", "pijar-mahir"]
TOKOPEDIA, BUKALAPAK, KEMNAKER, PIJAR = range(4)
CONTACTS = ["institution", "platform", "prakerja"]
NOBODY, INSTITUTION_CONTACT, PLATFORM_CONTACT, PRAKERJA = -1, 0, 1, 2

RESULT = ["verdict", "stage", "state", "due", "contact", "error"]

# What a cell says about an event.
EMPTY, NO, YES, DATED, BAD = range(5)

# Events of the export (the stage each one is the event of), in the order errors are named.
EVENTS = {
    "completed": COMPLETION,
    "rated": RATING,
    "institution_reported": INSTITUTION,
    "platform_reported": PLATFORM_REPORT,
}
FIELDS = ["platform", *EVENTS, "name_matches", "as_of"]

# DOMAIN 4.2. A due rule: (kind, anchors, n). "wd": add_working_days(later of the anchors, n);
# "cal": later of the anchors + n calendar days; "batch": the day of the first daily batch at
# n seconds past midnight after the anchor (an anchor without a time is 23:59, next day's batch).
WD, CAL, BATCH = "wd", "cal", "batch"
PROGRAMME_CHANGE = date(2022, 11, 25)
KEMNAKER_RATING_MOVED = date(2021, 3, 18)
CHAINS = [
    # (platform, from, until, [(stage, due rule or None), ...]); dates inclusive, by case day.
    (
        TOKOPEDIA,
        None,
        date(2022, 11, 24),
        [
            (COMPLETION, None),
            (INSTITUTION, (WD, (COMPLETION,), 1)),
            (PLATFORM_REPORT, (WD, (INSTITUTION,), 1)),
            (CERTIFICATE, (WD, (PLATFORM_REPORT,), 7)),
        ],
    ),
    (
        BUKALAPAK,
        None,
        date(2022, 11, 24),
        [
            (COMPLETION, None),
            (RATING, None),
            (INSTITUTION, (CAL, (COMPLETION,), 0)),
            (PLATFORM_REPORT, (BATCH, (INSTITUTION,), 14 * 3600)),
            (CERTIFICATE, (WD, (COMPLETION, RATING), 7)),
        ],
    ),
    (
        KEMNAKER,
        None,
        date(2021, 3, 17),
        [
            (ACCOUNT, None),
            (COMPLETION, None),
            (INSTITUTION, None),
            (RATING, None),
            (PLATFORM_REPORT, (CAL, (INSTITUTION, RATING), 1)),
            (CERTIFICATE, (WD, (PLATFORM_REPORT,), 7)),
        ],
    ),
    (
        KEMNAKER,
        date(2021, 3, 18),
        date(2022, 11, 24),
        [
            (ACCOUNT, None),
            (COMPLETION, None),
            (INSTITUTION, None),
            (RATING, None),
            (PLATFORM_REPORT, (CAL, (INSTITUTION,), 1)),
            (CERTIFICATE, (WD, (PLATFORM_REPORT,), 7)),
        ],
    ),
    (
        PIJAR,
        None,
        date(2022, 11, 24),
        [
            (COMPLETION, None),
            (RATING, None),
            (CERTIFICATE, (WD, (COMPLETION, RATING), 7)),
        ],
    ),
    # From 2022-11-25: every chain without rating; the certificate one working day after the
    # platform's report (Pijar Mahir: three working days after the completion).
    (
        TOKOPEDIA,
        PROGRAMME_CHANGE,
        None,
        [
            (COMPLETION, None),
            (INSTITUTION, (WD, (COMPLETION,), 1)),
            (PLATFORM_REPORT, (WD, (INSTITUTION,), 1)),
            (CERTIFICATE, (WD, (PLATFORM_REPORT,), 1)),
        ],
    ),
    (
        BUKALAPAK,
        PROGRAMME_CHANGE,
        None,
        [
            (COMPLETION, None),
            (INSTITUTION, (CAL, (COMPLETION,), 0)),
            (PLATFORM_REPORT, (BATCH, (INSTITUTION,), 14 * 3600)),
            (CERTIFICATE, (WD, (PLATFORM_REPORT,), 1)),
        ],
    ),
    (
        KEMNAKER,
        PROGRAMME_CHANGE,
        None,
        [
            (ACCOUNT, None),
            (COMPLETION, None),
            (INSTITUTION, None),
            (PLATFORM_REPORT, (CAL, (INSTITUTION,), 1)),
            (CERTIFICATE, (WD, (PLATFORM_REPORT,), 1)),
        ],
    ),
    (
        PIJAR,
        PROGRAMME_CHANGE,
        None,
        [(COMPLETION, None), (CERTIFICATE, (WD, (COMPLETION,), 3))],
    ),
]
# Kemnaker's account_name is a reminder: passed over by the verdict while it is unknown.
REMINDERS = {ACCOUNT}


def contact_table() -> np.ndarray:
    """DOMAIN 5's contact table as [platform, stage, state] -> contact (-1: nobody). Kemnaker's
    rating `missing` gets the LPK only while the advice is to rate in Sisnaker (as-of day up to
    2021-03-17): that exception is applied by the caller."""
    table = np.full((len(PLATFORMS), len(STAGES), len(STATES)), NOBODY, dtype=np.int8)
    table[TOKOPEDIA, INSTITUTION, MISSING] = INSTITUTION_CONTACT
    table[TOKOPEDIA, INSTITUTION, [UNKNOWN, OVERDUE]] = PLATFORM_CONTACT
    table[TOKOPEDIA, PLATFORM_REPORT, [MISSING, UNKNOWN, OVERDUE]] = PLATFORM_CONTACT
    table[TOKOPEDIA, CERTIFICATE, MISSING] = PLATFORM_CONTACT
    table[TOKOPEDIA, CERTIFICATE, OVERDUE] = PRAKERJA
    table[BUKALAPAK, INSTITUTION, [MISSING, UNKNOWN, OVERDUE]] = INSTITUTION_CONTACT
    table[BUKALAPAK, PLATFORM_REPORT, [MISSING, UNKNOWN, OVERDUE]] = PLATFORM_CONTACT
    table[BUKALAPAK, CERTIFICATE, [MISSING, OVERDUE]] = PLATFORM_CONTACT
    table[KEMNAKER, INSTITUTION, [MISSING, UNKNOWN]] = INSTITUTION_CONTACT
    table[KEMNAKER, PLATFORM_REPORT, [MISSING, UNKNOWN, OVERDUE]] = PLATFORM_CONTACT
    table[KEMNAKER, CERTIFICATE, [MISSING, OVERDUE]] = PLATFORM_CONTACT
    table[PIJAR, CERTIFICATE, [MISSING, OVERDUE]] = PLATFORM_CONTACT
    return table


# --- reading cells ---------------------------------------------------------------------------

PLATFORM_NAMES = {
    "tokopedia": TOKOPEDIA,
    "tokped": TOKOPEDIA,
    "bukalapak": BUKALAPAK,
    "kemnaker": KEMNAKER,
    "sisnaker": KEMNAKER,
    "kemnakersisnaker": KEMNAKER,
    "pijarmahir": PIJAR,
}
YES_WORDS = {"yes", "ya", "sudah"}
NO_WORDS = {"no", "belum", "tidak"}
MONTHS = {}
for _number, _names in enumerate(
    [
        "januari january jan",
        "februari pebruari february feb peb",
        "maret march mar",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agu agt ags aug",
        "september sept sep",
        "oktober october okt oct",
        "november nopember nov nop",
        "desember december des dec",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number
TIME = r"(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*(Z|[+-]\d{2}:?\d{2}|WIB|WITA|WIT))?)?"
YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + TIME)
NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})" + TIME)
NAMED = re.compile(r"(\d{1,2})[\s-]+([^\W\d_]+)\.?[\s-]+(\d{4})" + TIME)
NAMED_MDY = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})" + TIME)  # March 5, 2021
SERIAL = re.compile(r"(\d{5})(?:[.,](\d+))?")  # 44260, 44260.5 (noon), 44260,5
EPOCH = date(1970, 1, 1)
EXCEL_EPOCH = date(1899, 12, 30)
END_OF_DAY = 86400  # seconds: a date without a time, as the as-of, is the end of that day


ZONES = {"Z": 0, "WITA": 8 * 60, "WIT": 9 * 60}  # minutes east of UTC; WIB is +07:00


def _moment(day: date, match: re.Match, first: int) -> tuple[int, int] | None:
    """(days since 1970, seconds into the day or -1) of a date and its optional time."""
    hour, minute, second, zone = match.group(first, first + 1, first + 2, first + 3)
    if hour is None:
        return (day - EPOCH).days, -1
    hour, minute, second = int(hour), int(minute), int(second or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    if zone and zone != "WIB":
        if zone in ZONES:
            offset = ZONES[zone]
        else:
            offset = int(zone[1:3]) * 60 + int(zone[-2:])
            offset = -offset if zone[0] == "-" else offset
        moment = datetime(day.year, day.month, day.day, hour, minute, second)
        moment = moment - timedelta(minutes=offset) + timedelta(hours=7)
        day, hour, minute, second = moment.date(), moment.hour, moment.minute, moment.second
    return (day - EPOCH).days, hour * 3600 + minute * 60 + second


def read_date(text: str, order: str) -> tuple[int, int] | None:
    """A date or datetime cell as (days since 1970, seconds or -1); None when it is none."""
    try:
        if match := YMD.fullmatch(text):
            year, month, day = (int(g) for g in match.group(1, 2, 3))
            return _moment(date(year, month, day), match, 4)
        if match := NUMERIC.fullmatch(text):
            if order == "ymd":  # only year-first dates in this column
                return None
            first, second, year = (int(g) for g in match.group(1, 2, 3))
            day, month = (second, first) if order == "mdy" else (first, second)
            return _moment(date(year, month, day), match, 4)
        if match := NAMED.fullmatch(text):
            month = MONTHS.get(match.group(2).lower())
            if month is None:
                return None
            return _moment(date(int(match.group(3)), month, int(match.group(1))), match, 4)
        if match := NAMED_MDY.fullmatch(text):
            month = MONTHS.get(match.group(1).lower())
            if month is None:
                return None
            return _moment(date(int(match.group(3)), month, int(match.group(2))), match, 4)
        if (match := SERIAL.fullmatch(text)) and 36526 <= int(match.group(1)) <= 73050:
            day = (EXCEL_EPOCH + timedelta(days=int(match.group(1))) - EPOCH).days
            if match.group(2) is None:
                return day, -1
            seconds = round(float("0." + match.group(2)) * 86400)  # to the nearest second
            return day + seconds // 86400, seconds % 86400
    except ValueError:  # 31/02/2021, month 13
        return None
    return None


def read_event(text: str, order: str) -> tuple[int, int, int]:
    """(what the cell says, day, seconds) of an event cell."""
    word = text.strip().lower()
    if not word:
        return EMPTY, 0, -1
    if word in NO_WORDS:
        return NO, 0, -1
    if word in YES_WORDS:
        return YES, 0, -1
    moment = read_date(text.strip(), order)
    return (BAD, 0, -1) if moment is None else (DATED, *moment)


def read_as_of_cell(text: str, order: str) -> tuple[int, int, int]:
    """A check date: a date (the end of that day) or a datetime, or empty."""
    if not text.strip():
        return EMPTY, 0, -1
    moment = read_date(text.strip(), order)
    if moment is None:
        return BAD, 0, -1
    return DATED, moment[0], END_OF_DAY if moment[1] < 0 else moment[1]


def read_name_match(text: str) -> tuple[int, int, int]:
    word = text.strip().lower()
    if not word:
        return EMPTY, 0, -1
    if word in YES_WORDS:
        return YES, 0, -1
    if word in NO_WORDS:
        return NO, 0, -1
    return BAD, 0, -1


def read_platform(text: str) -> tuple[int, int, int]:
    code = PLATFORM_NAMES.get(re.sub(r"[^a-z]", "", text.lower()))
    return (BAD if code is None else DATED), (-1 if code is None else code), -1


def column_order(values: list[str]) -> str:
    """dmy, unless a cell reads only month-first and none only day-first."""
    day_first = month_first = False
    for text in values:
        if match := NUMERIC.fullmatch(text.strip()):
            first, second = int(match.group(1)), int(match.group(2))
            day_first |= first > 12 >= second
            month_first |= second > 12 >= first
    return "mdy" if month_first and not day_first else "dmy"


def readings(column: pl.Series, read, dates: str | None = None):
    """Each distinct text of a column read once, spread over the rows: (kind, day, seconds)
    arrays. `dates`: the column's numeric date order, or "auto" to decide it from its cells."""
    text = column.fill_null("")
    distinct = text.unique().to_list()
    if dates == "auto":
        dates = column_order(distinct)
    parsed = [read(value, dates) if dates else read(value) for value in distinct]
    index = text.cast(pl.Enum(distinct)).to_physical().to_numpy()
    kinds, days, seconds = (np.asarray(values)[index] for values in zip(*parsed, strict=True))
    return kinds.astype(np.int8), days.astype(np.int32), seconds.astype(np.int32)


# --- finding the columns ---------------------------------------------------------------------

REPORT = ["lapor", "laporan", "dilaporkan", "reported", "report", "reporting"]
HEADER_WORDS = {
    # rules/columns.yaml: a pattern is a list of word groups; a header matches a pattern when it
    # has a word of every group; the field whose matching pattern has more groups wins.
    "platform": [[["platform", "mitra"]]],
    "completed": [[["selesai", "completed", "completion", "finished"]]],
    "rated": [[["rating", "rated", "ulasan", "review", "dinilai", "penilaian"]]],
    "institution_reported": [
        [REPORT, ["lembaga", "lp", "lk", "lpk", "institution", "provider"]],
    ],
    "platform_reported": [[REPORT, ["platform", "mitra"]]],
    "name_matches": [[["nama", "name"], ["sesuai", "cocok", "matches", "match", "matching"]]],
    "as_of": [
        [["as"], ["of"]],
        [["cek", "check", "checked", "diperiksa"], ["tanggal", "tgl", "date", "per", "on"]],
    ],
}


def field_of(header: str) -> str | None:
    words = set(re.split(r"[^0-9a-z]+", header.lower()))
    scores = {}
    for field, patterns in HEADER_WORDS.items():
        for pattern in patterns:
            if all(words & set(group) for group in pattern):
                scores[field] = max(scores.get(field, 0), len(pattern))
    if not scores:
        return None
    best = max(scores.values())
    winners = [field for field, score in scores.items() if score == best]
    return winners[0] if len(winners) == 1 else None


def map_columns(headers: list[str], maps: list[str]) -> dict[str, str]:
    """field -> header name, from the header words and --map COLUMN=FIELD (#N: the Nth)."""
    chosen: dict[str, str] = {}
    named: dict[str, str] = {}
    for item in maps:
        column, _, field = item.rpartition("=")
        if column.startswith("#") and column[1:].isdigit():
            column = headers[int(column[1:]) - 1]
        if field not in (*FIELDS, "ignore") or column not in headers:
            raise SystemExit(f"polars_peer: --map {item!r}: unknown column or field")
        named[column] = field
    for header in headers:
        field = named.get(header, field_of(header))
        if field and field != "ignore" and field not in chosen:
            chosen[field] = header
    if "platform" not in chosen:
        raise SystemExit("polars_peer: no platform column; use --map COLUMN=platform")
    return chosen


# --- deciding --------------------------------------------------------------------------------


def holiday_calendar(path: Path) -> np.busdaycalendar:
    days = [item["date"] for item in json.loads(path.read_text(encoding="utf-8"))["days"]]
    return np.busdaycalendar(weekmask="1111100", holidays=np.array(days, dtype="datetime64[D]"))


def add_working_days(days: np.ndarray, n: int, calendar: np.busdaycalendar) -> np.ndarray:
    """The n-th working day strictly after each day (DOMAIN 3: roll backward, then n on)."""
    if not len(days):
        return days
    first = int(days.min())
    span = np.arange(first, int(days.max()) + 1).astype("datetime64[D]")  # a table of the days
    table = np.busday_offset(span, n, roll="backward", busdaycal=calendar).astype(np.int32)
    return table[days - first]


def decide_chain(chain, rows: dict[str, np.ndarray], calendar) -> tuple[np.ndarray, ...]:
    """(stage, state, due day, has due) of the verdict of rows that share one chain variant."""
    count = len(rows["as_of_day"])
    as_of = rows["as_of_day"]
    stages = [stage for stage, _ in chain]
    kind = {stage: rows[f"kind{stage}"] for stage in stages if stage != CERTIFICATE}
    kind[CERTIFICATE] = np.full(count, NO, dtype=np.int8)  # never done: known not to have happened
    own_done = {s: (kind[s] == YES) | (kind[s] == DATED) for s in stages}
    later_done = np.zeros(count, dtype=bool)
    done = {}
    for stage in reversed(stages):  # implied: a later stage of the chain is done
        if stage == ACCOUNT:  # a fact, never implied
            done[stage] = kind[stage] == YES
        else:
            done[stage] = own_done[stage] | later_done
            later_done = later_done | own_done[stage]
    states, dues, has_dues = {}, {}, {}
    for stage, rule in chain:
        due = np.zeros(count, dtype=np.int32)
        has_due = np.zeros(count, dtype=bool)
        if rule is not None:
            how, anchors, n = rule
            has_due = np.logical_and.reduce([kind[a] == DATED for a in anchors])
            start = np.maximum.reduce([rows[f"day{a}"] for a in anchors])
            if how == WD:
                due = add_working_days(np.where(has_due, start, 0), n, calendar)
            elif how == CAL:
                due = start + n
            else:  # BATCH: at or before the batch time that day, else the next day's batch
                seconds = rows[f"seconds{anchors[0]}"]
                due = start + ((seconds < 0) | (seconds > n)).astype(np.int32)
        dues[stage], has_dues[stage] = due, has_due
        waiting = has_due & (as_of <= due)
        overdue = has_due & (as_of > due)
        not_happened = np.select([waiting, overdue], [WAITING, OVERDUE], MISSING)
        unknown = np.where(waiting, WAITING, UNKNOWN)
        state = np.where(kind[stage] == NO, not_happened, unknown)
        states[stage] = np.where(done[stage], DONE, state).astype(np.int8)
    certificate_due = has_dues[CERTIFICATE]
    chosen = np.full(count, -1, dtype=np.int8)
    for position, stage in enumerate(stages):
        state = states[stage]
        passed_over = (state == UNKNOWN) if stage in REMINDERS else np.zeros(count, dtype=bool)
        late = (state == MISSING) | (state == OVERDUE)
        pick = np.where(certificate_due, late, (state != DONE) & ~passed_over)
        chosen = np.where((chosen < 0) & pick, position, chosen)
    chosen = np.where(chosen < 0, len(stages) - 1, chosen)  # else the certificate's own state
    stage_ids = np.asarray(stages, dtype=np.int8)[chosen]
    state_table = np.stack([states[s] for s in stages])
    due_table = np.stack([dues[s] for s in stages])
    has_table = np.stack([has_dues[s] for s in stages])
    columns = np.arange(count)
    return (
        stage_ids,
        state_table[chosen, columns],
        due_table[chosen, columns],
        has_table[chosen, columns],
    )


def ordinal(day: date) -> int:
    return (day - EPOCH).days


def diagnose(frame: pl.DataFrame, columns: dict[str, str], options) -> pl.DataFrame:
    """The input's columns and the six result columns."""
    count = frame.height
    empty = pl.Series([""] * count) if count else pl.Series([], dtype=pl.String)
    rows: dict[str, np.ndarray] = {}
    bad: dict[str, np.ndarray] = {}

    def column(field: str) -> pl.Series:
        return frame[columns[field]] if field in columns else empty

    kind, rows["platform"], _ = readings(column("platform"), read_platform)
    bad["platform"] = kind == BAD
    order = options.date_order or "auto"
    for field, stage in EVENTS.items():
        kind, day, seconds = readings(column(field), read_event, order)
        rows[f"kind{stage}"], rows[f"day{stage}"], rows[f"seconds{stage}"] = kind, day, seconds
        bad[field] = kind == BAD
    kind, _, _ = readings(column("name_matches"), read_name_match)
    rows[f"kind{ACCOUNT}"] = np.where(kind == BAD, EMPTY, kind).astype(np.int8)
    bad["name_matches"] = kind == BAD
    kind, day, seconds = readings(column("as_of"), read_as_of_cell, order)
    bad["as_of"] = kind == BAD
    rows["as_of_day"] = np.where(kind == DATED, day, options.as_of_day).astype(np.int32)
    rows["as_of_seconds"] = np.where(kind == DATED, seconds, options.as_of_seconds).astype(np.int32)

    # An event after the as-of moment is an input error (a date-only one on the as-of day never).
    future = {}
    for field, stage in EVENTS.items():
        day, seconds = rows[f"day{stage}"], rows[f"seconds{stage}"]
        later_day = day > rows["as_of_day"]
        later_time = (day == rows["as_of_day"]) & (seconds > rows["as_of_seconds"])
        future[field] = (rows[f"kind{stage}"] == DATED) & (later_day | later_time)
    error = np.logical_or.reduce([*bad.values(), *future.values()])

    # The case day: the dated completion, else the earliest dated event, else the as-of day.
    dated = [rows[f"kind{s}"] == DATED for s in EVENTS.values()]
    days = [
        np.where(d, rows[f"day{s}"], np.iinfo(np.int32).max)
        for d, s in zip(dated, EVENTS.values(), strict=True)
    ]
    earliest = np.minimum.reduce(days)
    case_day = np.where(dated[0], rows[f"day{COMPLETION}"], earliest)
    case_day = np.where(case_day == np.iinfo(np.int32).max, rows["as_of_day"], case_day)

    calendar = holiday_calendar(options.holidays)
    stage = np.full(count, -1, dtype=np.int8)
    state = np.full(count, -1, dtype=np.int8)
    due = np.zeros(count, dtype=np.int32)
    has_due = np.zeros(count, dtype=bool)
    for platform, start, until, chain in CHAINS:
        mask = ~error & (rows["platform"] == platform)
        if start is not None:
            mask &= case_day >= ordinal(start)
        if until is not None:
            mask &= case_day <= ordinal(until)
        where = np.flatnonzero(mask)
        if not len(where):
            continue
        part = {name: values[where] for name, values in rows.items()}
        stage[where], state[where], due[where], has_due[where] = decide_chain(chain, part, calendar)

    decided = stage >= 0
    contact = np.full(count, NOBODY, dtype=np.int8)
    table = contact_table()
    contact[decided] = table[rows["platform"][decided], stage[decided], state[decided]]
    rate_in_sisnaker = rows["as_of_day"] < ordinal(KEMNAKER_RATING_MOVED)
    exception = (
        decided
        & (rows["platform"] == KEMNAKER)
        & (stage == RATING)
        & (state == MISSING)
        & rate_in_sisnaker
    )
    contact[exception] = INSTITUTION_CONTACT

    verdict_code = np.where(decided, stage.astype(np.int16) * len(STATES) + state, -1)
    verdict_names = [f"{a}_{b}" for a in STAGES for b in STATES]
    codes = pl.Series(verdict_code)
    due_days = pl.Series(np.where(decided & has_due, due, 0)).cast(pl.Int32)
    due_text = (
        pl.when(pl.Series(decided & has_due))
        .then(due_days.cast(pl.Date).dt.to_string("%Y-%m-%d"))
        .otherwise(None)
    )
    return frame.with_columns(
        codes.replace_strict(range(len(verdict_names)), verdict_names, default=None).alias(
            "verdict"
        ),
        pl.Series(np.where(decided, stage, -1))
        .replace_strict(range(len(STAGES)), STAGES, default=None)
        .alias("stage"),
        pl.Series(np.where(decided, state, -1))
        .replace_strict(range(len(STATES)), STATES, default=None)
        .alias("state"),
        due_text.alias("due"),
        pl.Series(contact)
        .replace_strict(range(len(CONTACTS)), CONTACTS, default=None)
        .alias("contact"),
        error_messages(frame, columns, bad, future).alias("error"),
    )


def error_messages(frame: pl.DataFrame, columns, bad, future) -> pl.Series:
    """The first error of each row, in column order (null for none): built for those rows only."""
    checks = []
    for field in FIELDS:
        if field not in columns:
            continue
        name = columns[field]
        if field == "platform":
            checks.append((name, bad[field], f"column '{name}': unknown platform '{{}}'"))
            continue
        what = {"as_of": "a date", "name_matches": "yes or no"}.get(field, "a date, yes or no")
        checks.append((name, bad[field], f"column '{name}': cannot read '{{}}' as {what}"))
        if field in future:
            later = f"column '{name}': '{{}}' is after the as-of moment"
            checks.append((name, future[field], later))
    failing = np.logical_or.reduce([mask for _, mask, _ in checks])
    where = np.flatnonzero(failing)
    messages = [None] * len(where)
    for name, mask, form in reversed(checks):
        cells = frame[name].gather(where).fill_null("").to_list()
        for number, (hit, cell) in enumerate(zip(mask[where], cells, strict=True)):
            if hit:
                messages[number] = form.format(cell)
    errors = pl.repeat(None, frame.height, dtype=pl.String, eager=True)
    return errors.scatter(where, pl.Series(messages, dtype=pl.String)) if len(where) else errors


# --- the command -----------------------------------------------------------------------------


def parse_as_of(text: str | None) -> tuple[int, int]:
    if text is None:  # now, WIB
        now = datetime.now(timezone(timedelta(hours=7)))
        return ordinal(now.date()), now.hour * 3600 + now.minute * 60 + now.second
    moment = read_date(text.strip(), "dmy")
    if moment is None:
        raise SystemExit(f"polars_peer: --as-of {text!r} is not a date")
    return moment[0], END_OF_DAY if moment[1] < 0 else moment[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--as-of", help="YYYY-MM-DD[ HH:MM], default now (WIB)")
    parser.add_argument("--delimiter", "-d", default=",")
    parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD")
    parser.add_argument("--date-order", choices=["dmy", "mdy", "ymd"])
    parser.add_argument(
        "--holidays",
        type=Path,
        default=Path(__file__).resolve().parents[2]
        / "src/sertifikat_cek/calendar/holiday_snapshot.json",
        help="the holiday snapshot JSON (default: the project's)",
    )
    options = parser.parse_args(argv)
    options.delimiter = "\t" if options.delimiter in ("tab", "\\t") else options.delimiter
    options.as_of_day, options.as_of_seconds = parse_as_of(options.as_of)
    frame = pl.read_csv(
        options.input,
        separator=options.delimiter,
        infer_schema=False,
        truncate_ragged_lines=True,
        encoding="utf8-lossy",
    )
    columns = map_columns(frame.columns, options.map)
    if frame.height == 0:
        result = frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in RESULT)
    else:
        result = diagnose(frame, columns, options)
    result.write_csv(options.output, separator=options.delimiter)
    errors = result["error"].is_not_null().sum()
    print(f"polars_peer: {result.height} rows, {errors} with errors", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
