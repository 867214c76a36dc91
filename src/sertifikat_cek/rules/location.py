"""Where the rule files are: the bundled `rules/`, or a directory the user names."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sertifikat_cek.errors import RulesError

RULES_DIR_ENV = "SERTIFIKAT_CEK_RULES_DIR"
MAX_RULE_FILE_BYTES = 1024 * 1024


def bundled_rules_dir() -> Path:
    """`rules/bundled/` inside the installed wheel, or `rules/` at the top of a source checkout.

    The wheel installs as plain files, so the package's own folder is read directly (importlib's
    resource machinery would cost more start-up time than the whole calendar computation)."""
    packaged = Path(__file__).resolve().parent / "bundled"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise RulesError("the bundled rules are missing from this installation; reinstall the package")


def rules_dir(option: str | os.PathLike | None = None) -> Path:
    """The rule directory to use: the option, else $SERTIFIKAT_CEK_RULES_DIR, else the bundled one."""
    chosen = option if option not in (None, "") else os.environ.get(RULES_DIR_ENV) or None
    if chosen is None:
        return bundled_rules_dir()
    path = Path(chosen)
    where = "--rules-dir" if option not in (None, "") else RULES_DIR_ENV
    if not path.is_dir():
        raise RulesError(f"{str(path)!r} is not a readable directory of rules", where=where)
    if not os.access(path, os.R_OK | os.X_OK):
        raise RulesError(f"{str(path)!r} cannot be read (permission denied)", where=where)
    return path


def read_rule_file(path: Path) -> str:
    """A rule file's text; refuses files over 1 MiB and says which file could not be read."""
    try:
        size = path.stat().st_size
        if size > MAX_RULE_FILE_BYTES:
            raise RulesError(
                f"rule file is {size} bytes; the limit is {MAX_RULE_FILE_BYTES} (1 MiB)",
                where=str(path),
            )
        with path.open(encoding="utf-8") as file:
            text = file.read(MAX_RULE_FILE_BYTES + 1)  # a device such as /dev/zero has no size
        if len(text) > MAX_RULE_FILE_BYTES:
            raise RulesError(
                f"rule file is larger than the limit of {MAX_RULE_FILE_BYTES} bytes (1 MiB)",
                where=str(path),
            )
        return text
    except UnicodeDecodeError as error:
        raise RulesError(f"not UTF-8 text ({error.reason})", where=str(path)) from None
    except OSError as error:
        raise RulesError(f"cannot be read: {error.strerror}", where=str(path)) from None


@lru_cache(maxsize=8)
def working_calendar(directory: Path):
    """The working-day calendar for a rule directory (its calendar.yaml), built once."""
    from sertifikat_cek.calendar.holiday_table import load_table
    from sertifikat_cek.calendar.workdays import WorkingCalendar

    path = directory / "calendar.yaml"
    text = read_rule_file(path) if path.exists() else ""
    return WorkingCalendar(load_table(text, str(path)))
