"""Working-day arithmetic for Indonesia (hari kerja), by bisection over a precomputed array."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, time, timedelta

from sertifikat_cek.calendar.dates import Moment
from sertifikat_cek.calendar.holiday_table import DayOff, HolidayTable
from sertifikat_cek.errors import InputError

WEEKEND_NAMES = {5: "Sabtu", 6: "Minggu"}


@dataclass(frozen=True)
class CalendarNotice:
    """Something the user should know about a window of dates, as a code and its facts."""

    code: str  # "estimated_holiday" or "no_cuti_bersama_data"
    day: date | None = None
    year: int | None = None
    name: str | None = None

    def as_json(self) -> dict:
        return {
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(self).items() if v
        }


@dataclass(frozen=True)
class Addition:
    """The result of adding days to a date: the date, what was skipped, and notices."""

    start: date
    days: int
    unit: str  # "working_days" or "calendar_days"
    date: date
    skipped: tuple[DayOff, ...]
    notices: tuple[CalendarNotice, ...]


class WorkingCalendar:
    """Monday to Friday, less public holidays and cuti bersama, between the table's years."""

    def __init__(self, table: HolidayTable) -> None:
        self.table = table
        self.first = date(table.first_year, 1, 1)
        self.last = date(table.last_year, 12, 31)
        self._off: dict[date, DayOff] = {d.day: d for d in table.days}
        first_ordinal, last_ordinal = self.first.toordinal(), self.last.toordinal()
        weekday0 = self.first.weekday()
        # Built once per process; the arithmetic below never walks day by day.
        off_ordinals = {day.toordinal() for day in self._off}
        self._working: list[int] = [
            ordinal
            for ordinal in range(first_ordinal, last_ordinal + 1)
            if (weekday0 + ordinal - first_ordinal) % 7 < 5 and ordinal not in off_ordinals
        ]
        self._off_sorted: list[date] = sorted(self._off)
        self._due: dict[tuple, date] = {}  # due_day's memo: batches ask the same anchors often

    def working_ordinals(self) -> tuple[int, ...]:
        """Every working day of the calendar as a date ordinal, in order (for array code)."""
        return tuple(self._working)

    # -- checks -------------------------------------------------------------------------------
    def _check(self, day: date) -> None:
        if not self.first <= day <= self.last:
            raise InputError(
                f"{day.isoformat()} is outside the working-day calendar "
                f"({self.first.year} to {self.last.year}); use a date in that range"
            )

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        return day.weekday() < 5 and day not in self._off

    def day_off(self, day: date) -> DayOff | None:
        """Why `day` is not a working day (None when it is one)."""
        if day in self._off:
            return self._off[day]
        if day.weekday() >= 5:
            return DayOff(day, WEEKEND_NAMES[day.weekday()], "weekend")
        return None

    # -- arithmetic ---------------------------------------------------------------------------
    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day strictly after `start` (before it when negative).

        `start` itself never counts, also on a weekend or holiday: Excel's WORKDAY, and
        numpy.busday_offset(start, days, roll="backward"). Zero gives `start` back.
        """
        self._check(start)
        if days == 0:
            return start
        ordinal = start.toordinal()
        if days > 0:
            index = bisect_right(self._working, ordinal) + days - 1
        else:
            index = bisect_left(self._working, ordinal) + days
        if not 0 <= index < len(self._working):
            raise InputError(
                f"{start.isoformat()} {days:+d} working days leaves the calendar "
                f"({self.first.year} to {self.last.year})"
            )
        return date.fromordinal(self._working[index])

    def add_calendar_days(self, start: date, days: int) -> date:
        """Plain date arithmetic (H+N without 'hari kerja')."""
        self._check(start)
        ordinal = start.toordinal() + days  # no date arithmetic yet: it overflows past 9999
        if not self.first.toordinal() <= ordinal <= self.last.toordinal():
            raise InputError(
                f"{start.isoformat()} {days:+d} calendar days leaves the calendar "
                f"({self.first.year} to {self.last.year})"
            )
        return date.fromordinal(ordinal)

    def working_days_between(self, start: date, end: date) -> int:
        """The working days after `start` up to and including `end` (start excluded, end
        included); negative when `end` is before `start`. So for a working day `end` after
        `start`, add_working_days(start, working_days_between(start, end)) == end."""
        self._check(start)
        self._check(end)
        if end < start:
            return -self.working_days_between(end, start)
        return bisect_right(self._working, end.toordinal()) - bisect_right(
            self._working, start.toordinal()
        )

    @staticmethod
    def batch_day(moment: Moment, cutoff: time) -> date:
        """The day of the daily batch at `cutoff` that takes an event at `moment`.

        At or before the cut-off: that day's batch. Later, or a date without a time (read as
        23:59, the latest), the next day's."""
        if moment.time is not None and moment.time <= cutoff:
            return moment.day
        return moment.day + timedelta(days=1)

    def due_day(self, unit: str, days: int, cutoff: time | None, anchor: Moment) -> date:
        """`days` working days (unit working_days) or calendar days after `anchor`'s day, or
        calendar days after its daily batch at `cutoff` (unit daily_batch). Memoised."""
        key = (unit, days, cutoff, anchor.day, anchor.time if cutoff is not None else None)
        due = self._due.get(key)
        if due is None:
            if unit == "working_days":
                due = self.add_working_days(anchor.day, days)
            elif unit == "calendar_days":
                due = self.add_calendar_days(anchor.day, days)
            else:
                due = self.add_calendar_days(self.batch_day(anchor, cutoff), days)
            if len(self._due) >= 100_000:
                self._due.clear()
            self._due[key] = due
        return due

    # -- explanations -------------------------------------------------------------------------
    def days_off_between(self, start: date, end: date) -> list[DayOff]:
        """Non-working days (weekends included) after `start` up to and including `end`."""
        first, last = (start, end) if start <= end else (end, start)
        result: list[DayOff] = []
        day = first + timedelta(days=1)
        while day <= last:  # only for explanations, bounded by the window shown to a person
            reason = self.day_off(day)
            if reason is not None:
                result.append(reason)
            day += timedelta(days=1)
        return result

    def notices(self, start: date, end: date) -> tuple[CalendarNotice, ...]:
        """Estimated holidays inside the window, and years in it with no cuti bersama data."""
        first, last = (start, end) if start <= end else (end, start)
        found: list[CalendarNotice] = []
        for year in range(first.year, last.year + 1):
            if year in self.table.years_without_cuti_bersama:
                found.append(CalendarNotice("no_cuti_bersama_data", year=year))
        lo = bisect_left(self._off_sorted, first)
        hi = bisect_right(self._off_sorted, last)
        for day in self._off_sorted[lo:hi]:
            day_off = self._off[day]
            if day_off.estimated:
                found.append(CalendarNotice("estimated_holiday", day=day, name=day_off.name))
        return tuple(found)

    def explain_add(self, start: date, days: int, *, calendar_days: bool = False) -> Addition:
        if calendar_days:
            result = self.add_calendar_days(start, days)
            unit = "calendar_days"
        else:
            result = self.add_working_days(start, days)
            unit = "working_days"
        return Addition(
            start,
            days,
            unit,
            result,
            tuple(self.days_off_between(start, result)),
            self.notices(start, result),
        )

    def holidays_in_year(self, year: int) -> list[DayOff]:
        if not self.first.year <= year <= self.last.year:  # date(year, 1, 1) fails for year 0
            raise InputError(
                f"{year} is outside the working-day calendar "
                f"({self.first.year} to {self.last.year}); use a year in that range"
            )
        lo = bisect_left(self._off_sorted, date(year, 1, 1))
        hi = bisect_right(self._off_sorted, date(year, 12, 31))
        return [self._off[d] for d in self._off_sorted[lo:hi]]
