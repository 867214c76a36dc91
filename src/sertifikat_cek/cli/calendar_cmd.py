"""`sertifikat-cek calendar`: Indonesian working-day arithmetic from the command line."""

from __future__ import annotations

import typer

from sertifikat_cek.cli.common import (
    JSON_OPTION,
    LANG_OPTION,
    RULES_DIR_OPTION,
    Lang,
    calendar_for,
    parse_date_argument,
    write_json,
)
from sertifikat_cek.errors import InputError

app = typer.Typer(
    help="Hari kerja Indonesia (libur nasional dan cuti bersama) / Indonesian working days.",
    no_args_is_help=True,
)


def _in_range(calendar, day, argument: str) -> None:
    """A date outside the calendar is an error about the argument that gave it."""
    if not calendar.first <= day <= calendar.last:
        raise InputError(
            f"{day.isoformat()} is outside the working-day calendar "
            f"({calendar.first.year} to {calendar.last.year}); use a date in that range",
            where=argument,
        )


def _notice_json(notice, lang: str) -> dict:
    from sertifikat_cek.render.calendar import notice_text

    return {**notice.as_json(), "message": notice_text(notice, lang)}


@app.command("add")
def add(
    date: str = typer.Argument(..., help="Start date (H), e.g. 2021-05-11 or 11 Mei 2021."),
    days: int = typer.Argument(..., help="How many days to add (N)."),
    calendar_days: bool = typer.Option(
        False, "--calendar-days", help="Add calendar days (H+N) instead of working days."
    ),
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """The N-th working day after DATE (DATE itself never counts), and the days it skipped."""
    start = parse_date_argument(date, "DATE").day
    calendar = calendar_for(rules_dir)
    _in_range(calendar, start, "DATE")
    try:
        result = calendar.explain_add(start, days, calendar_days=calendar_days)
    except InputError as error:  # the start is valid: N takes the result out of the calendar
        raise error.located("DAYS") from None
    if json_output:
        write_json(
            {
                "start": result.start.isoformat(),
                "days": result.days,
                "unit": result.unit,
                "date": result.date.isoformat(),
                "skipped": [d.as_json() for d in result.skipped],
                "warnings": [_notice_json(n, lang.value) for n in result.notices],
            }
        )
        return
    from sertifikat_cek.render.calendar import render_addition

    render_addition(result, lang.value)


@app.command("between")
def between(
    start: str = typer.Argument(..., help="First date (not counted)."),
    end: str = typer.Argument(..., help="Last date (counted)."),
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """The working days after START up to and including END (negative when END is earlier)."""
    first = parse_date_argument(start, "START").day
    last = parse_date_argument(end, "END").day
    calendar = calendar_for(rules_dir)
    _in_range(calendar, first, "START")
    _in_range(calendar, last, "END")
    count = calendar.working_days_between(first, last)
    notices = calendar.notices(first, last)
    if json_output:
        write_json(
            {
                "start": first.isoformat(),
                "end": last.isoformat(),
                "working_days": count,
                "counts": "after start, up to and including end",
                "non_working_days": [d.as_json() for d in calendar.days_off_between(first, last)],
                "warnings": [_notice_json(n, lang.value) for n in notices],
            }
        )
        return
    from sertifikat_cek.render.calendar import render_between

    render_between(calendar, first, last, count, notices, lang.value)


@app.command("holidays")
def holidays_command(
    year: int = typer.Argument(..., help="The year, e.g. 2021."),
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """The year's public holidays and cuti bersama days (non-working days other than weekends)."""
    from datetime import date

    calendar = calendar_for(rules_dir)
    try:
        days = calendar.holidays_in_year(year)
    except InputError as error:
        raise error.located("YEAR") from None
    notices = calendar.notices(date(year, 1, 1), date(year, 12, 31))
    if json_output:
        write_json([d.as_json() for d in days])
        return
    from sertifikat_cek.render.calendar import render_holidays

    render_holidays(year, days, notices, lang.value)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="calendar")
