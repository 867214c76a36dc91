"""Options and output helpers shared by every command (language, JSON, consoles, rule dirs)."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Any

import typer

from sertifikat_cek.errors import InputError


class Lang(str, Enum):
    id = "id"
    en = "en"


LANG_OPTION = typer.Option(
    Lang.id, "--lang", envvar="SERTIFIKAT_CEK_LANG", help="Output language: id (default) or en."
)
JSON_OPTION = typer.Option(
    False, "--json", help="Write one JSON document to stdout instead of text."
)
RULES_DIR_OPTION = typer.Option(
    None,
    "--rules-dir",
    envvar="SERTIFIKAT_CEK_RULES_DIR",
    help="Use the rules in this directory instead of the bundled ones.",
    show_envvar=True,
)


def colour_allowed(stream) -> bool:
    """Colour and animation only on a terminal, and never when NO_COLOR is set."""
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def console(stderr: bool = False, plain: bool = False):
    """A rich console on stdout (data) or stderr (messages), without colour when not on a
    terminal (or when `plain`); its width is the terminal's, or 100 columns in a pipe."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    plain = plain or not colour_allowed(stream)
    return Console(
        file=stream,
        no_color=plain,
        highlight=False,
        emoji=False,
        force_terminal=False if plain else None,
        width=None if colour_allowed(stream) else 100,
    )


def write_json(data: Any) -> None:
    """One JSON document on stdout (UTF-8, Indonesian text unescaped)."""
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def parse_date_argument(value: str, argument: str, *, today=None):
    """Read a date argument; an unreadable one is an InputError naming the argument.

    With `today` (the as-of day), the forms counted from it are read too (5 Maret, kemarin)."""
    return read_date_argument(value, argument, today=today).moment


def read_date_argument(value: str, argument: str, *, today=None):
    """parse_date_argument's Reading: the moment and what was taken from `today`."""
    from sertifikat_cek.calendar.dates import read_moment

    try:
        return read_moment(value, today)
    except InputError as error:
        raise error.located(argument) from None


def calendar_for(rules_dir_option: str | None):
    """The working-day calendar for --rules-dir (or the bundled one), without validating rules."""
    from sertifikat_cek.rules import location as resources

    return resources.working_calendar(resources.rules_dir(rules_dir_option))


def rules_for(rules_dir_option: str | None):
    """The validated rule set for --rules-dir (or the bundled one), without its calendar."""
    from sertifikat_cek.rules import location as resources
    from sertifikat_cek.rules.cached import load_rules_cached

    return load_rules_cached(resources.rules_dir(rules_dir_option))


def rules_and_calendar(rules_dir_option: str | None):
    """The validated rule set and its working-day calendar for --rules-dir (or the bundled one)."""
    from sertifikat_cek.rules import location as resources
    from sertifikat_cek.rules.cached import load_rules_cached

    directory = resources.rules_dir(rules_dir_option)
    try:
        return load_rules_cached(directory), resources.working_calendar(directory)
    except InputError as error:
        if rules_dir_option in (None, "") or error.where == "--rules-dir":
            raise
        raise InputError(str(error), where="--rules-dir") from None


def now_wib():
    """The current moment in WIB (Asia/Jakarta), to the minute.

    WIB is UTC+7 without daylight saving (as calendar.dates reads it), so a fixed offset gives
    the same clock as the tz database without importing zoneinfo (a few ms of start-up)."""
    from datetime import datetime, timedelta, timezone

    from sertifikat_cek.calendar.dates import Moment

    now = datetime.now(timezone(timedelta(hours=7)))
    return Moment(now.date(), now.time().replace(second=0, microsecond=0))


def option_name(input_name: str) -> str:
    """The command-line option for an input: institution_reported -> --institution-reported."""
    return "--" + input_name.replace("_", "-")
