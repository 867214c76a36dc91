"""Rendering of calendar results for people: rich tables on a terminal, aligned text in a pipe."""

from __future__ import annotations

import sys
from datetime import date

from sertifikat_cek.calendar.dates import format_date
from sertifikat_cek.texts import WEEKDAY_NAMES, text


def long_date(day: date, lang: str) -> str:
    """Selasa, 25 Mei 2021 / Tuesday, 25 May 2021."""
    return f"{WEEKDAY_NAMES[lang][day.weekday()]}, {format_date(day, lang)}"


def notice_text(notice, lang: str) -> str:
    values = {"year": notice.year, "name": notice.name}
    if notice.day is not None:
        values["date"] = format_date(notice.day, lang)
    return text(f"notice.{notice.code}", lang, **values)


def _rows(days, lang: str) -> list[tuple[str, str, str, str]]:
    rows = []
    for day_off in days:
        weekday = WEEKDAY_NAMES[lang][day_off.day.weekday()]
        name = weekday if day_off.kind == "weekend" else day_off.name
        rows.append((day_off.day.isoformat(), weekday, name, text(f"kind.{day_off.kind}", lang)))
    return rows


def _print_table(title: str | None, days, lang: str) -> None:
    """A table of days: drawn by rich on a terminal; in a pipe, plain columns (no rich import,
    which would cost more start-up time than the whole calculation)."""
    headers = tuple(text(column, lang) for column in ("date", "weekday", "name", "kind"))
    rows = _rows(days, lang)
    if sys.stdout.isatty():
        from rich.table import Table

        from sertifikat_cek.cli.common import console

        table = Table(title=title, title_justify="left")
        for header in headers:
            table.add_column(header)
        for row in rows:
            table.add_row(*row)
        console().print(table)
        return
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=False)]
    if title:
        sys.stdout.write(f"{title}:\n")
    for row in (headers, *rows):
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        sys.stdout.write(line.rstrip() + "\n")


def render_notices(notices, lang: str) -> None:
    """Notices are messages: one line each on stderr."""
    for notice in notices:
        sys.stderr.write(f"{text('warnings', lang)}: {notice_text(notice, lang)}\n")


def render_addition(result, lang: str) -> None:
    unit = text(result.unit, lang)
    sys.stdout.write(
        f"{result.start.isoformat()} + {result.days} {unit} = {result.date.isoformat()} "
        f"({long_date(result.date, lang)})\n"
    )
    if result.skipped:
        _print_table(text("skipped", lang), result.skipped, lang)
    else:
        sys.stdout.write(text("none_skipped", lang) + "\n")
    render_notices(result.notices, lang)


def render_between(calendar, start: date, end: date, count: int, notices, lang: str) -> None:
    sys.stdout.write(
        text("between", lang, count=count, start=start.isoformat(), end=end.isoformat()) + "\n"
    )
    skipped = calendar.days_off_between(start, end)
    if skipped:
        _print_table(None, skipped, lang)
    render_notices(notices, lang)


def render_holidays(year: int, days, notices, lang: str) -> None:
    _print_table(text("holidays_title", lang, year=year), days, lang)
    render_notices(notices, lang)
