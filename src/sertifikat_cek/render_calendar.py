"""Rendering of calendar results for people (rich tables, Indonesian or English)."""

from __future__ import annotations

from datetime import date

from sertifikat_cek.cli.common import console
from sertifikat_cek.dates import format_date
from sertifikat_cek.texts import WEEKDAY_NAMES, text


def long_date(day: date, lang: str) -> str:
    """Selasa, 25 Mei 2021 / Tuesday, 25 May 2021."""
    return f"{WEEKDAY_NAMES[lang][day.weekday()]}, {format_date(day, lang)}"


def notice_text(notice, lang: str) -> str:
    values = {"year": notice.year, "name": notice.name}
    if notice.day is not None:
        values["date"] = format_date(notice.day, lang)
    return text(f"notice.{notice.code}", lang, **values)


def days_table(days, lang: str, title: str | None = None):
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in ("date", "weekday", "name", "kind"):
        table.add_column(text(column, lang))
    for day_off in days:
        table.add_row(
            day_off.day.isoformat(),
            WEEKDAY_NAMES[lang][day_off.day.weekday()],
            WEEKDAY_NAMES[lang][day_off.day.weekday()]
            if day_off.kind == "weekend"
            else day_off.name,
            text(f"kind.{day_off.kind}", lang),
        )
    return table


def render_notices(notices, lang: str) -> None:
    err = console(stderr=True)
    for notice in notices:
        err.print(f"{text('warnings', lang)}: {notice_text(notice, lang)}", markup=False, soft_wrap=True)


def render_addition(result, lang: str) -> None:
    out = console()
    unit = text(result.unit, lang)
    out.print(
        f"{result.start.isoformat()} + {result.days} {unit} = {result.date.isoformat()} "
        f"({long_date(result.date, lang)})",
        markup=False,
    )
    if result.skipped:
        out.print(days_table(result.skipped, lang, text("skipped", lang)))
    else:
        out.print(text("none_skipped", lang))
    render_notices(result.notices, lang)


def render_between(calendar, start: date, end: date, count: int, notices, lang: str) -> None:
    out = console()
    out.print(
        text("between", lang, count=count, start=start.isoformat(), end=end.isoformat()),
        markup=False,
    )
    skipped = calendar.days_off_between(start, end)
    if skipped:
        out.print(days_table(skipped, lang))
    render_notices(notices, lang)


def render_holidays(year: int, days, notices, lang: str) -> None:
    console().print(days_table(days, lang, text("holidays_title", lang, year=year)))
    render_notices(notices, lang)
