"""Turns what a user typed or a CSV cell held into an engine Case, with errors that say where."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from sertifikat_cek.calendar.dates import Moment, Reading, parse_moment, quoted, read_moment
from sertifikat_cek.decide.explain import HAPPENED, NOT_HAPPENED, NOT_KNOWN, Case, Event
from sertifikat_cek.errors import InputError
from sertifikat_cek.rules.ruleset import RuleSet

NO_WORDS = frozenset({"no", "belum", "tidak", "n", "false", "tidak sesuai", "belum ada"})
YES_WORDS = frozenset({"yes", "ya", "y", "sudah", "true", "sesuai", "iya"})
UNKNOWN_WORDS = frozenset({"", "unknown", "tidak tahu", "tdk tahu", "?", "-", "n/a", "na"})
NEVER_HAPPENED = Event(NOT_HAPPENED)
HAPPENED_UNDATED = Event(HAPPENED)


def parse_event(value: str | None, *, answer: str = "date", today: date | None = None) -> Event:
    """An event from its written form: a date or datetime, yes, no, or nothing (unknown).

    `answer` "yes_no" takes only yes or no. Raises InputError (DateError for dates)."""
    if value is None:
        return NOT_KNOWN
    value = str(value)
    if len(value) > CACHED_CHARS:  # not kept: the cache stays small in bytes too
        return _read_event(value, answer, today)
    return _parse_event(value, answer, today)


CACHED_CHARS = 256


def _read_event(value: str, answer: str, today: date | None) -> Event:
    word = " ".join(str(value).strip().casefold().split())
    if word in UNKNOWN_WORDS:
        return NOT_KNOWN
    if word in NO_WORDS:
        return NEVER_HAPPENED
    if word in YES_WORDS:
        return HAPPENED_UNDATED
    if answer == "yes_no":
        raise InputError(
            f"{quoted(value)} is not an answer here; use yes (ya) or no (tidak), or leave it empty"
        )
    return Event(HAPPENED, parse_moment(value, today=today))


# exports repeat a few hundred dates; errors are not cached
_parse_event = lru_cache(maxsize=8192)(_read_event)


def build_case(
    rules: RuleSet,
    platform: str,
    raw_events: Mapping[str, str | Event | None],
    as_of: Moment,
    *,
    today: date | None = None,
) -> Case:
    """A Case from raw input strings (or events already read with parse_event) keyed by input
    name; an InputError names the bad input."""
    answers = rules.answers
    events: dict[str, Event] = {}
    for name, value in raw_events.items():
        if isinstance(value, Event):  # already read (batch reads each distinct cell once)
            events[name] = value
            continue
        try:
            events[name] = parse_event(value, answer=answers.get(name, "date"), today=today)
        except InputError as error:
            raise error.located(name) from None
    return Case(platform, events, as_of)


def counted_dates(rules: RuleSet, raw_events: Mapping[str, str | None], today: date) -> dict:
    """The raw date inputs that were read by counting from `today` (5 Maret without a year,
    tanggal 5, kemarin): input name -> Reading. Unreadable ones are left to build_case."""
    found: dict[str, Reading] = {}
    for name, value in raw_events.items():
        if value is None or rules.answers.get(name, "date") == "yes_no":
            continue
        word = " ".join(str(value).strip().casefold().split())
        if word in UNKNOWN_WORDS or word in NO_WORDS or word in YES_WORDS:
            continue
        try:
            reading = read_moment(str(value), today)
        except InputError:
            continue
        if reading.taken is not None:
            found[name] = reading
    return found
