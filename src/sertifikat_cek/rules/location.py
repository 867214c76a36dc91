"""Where the rule files are: the bundled `rules/`, or a directory the user names."""

from __future__ import annotations

import os
import stat
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
    """A rule file's text; refuses anything but a regular file (a FIFO would block every
    command, a device never end) and files over 1 MiB, and says which file could not be read."""
    try:
        # O_NONBLOCK: opening a FIFO returns at once, so that it can be refused
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            if stat.S_ISDIR(info.st_mode):
                raise RulesError("cannot be read: it is a directory, not a file", where=str(path))
            raise RulesError(
                "is not a regular file (a FIFO, a device or a socket); a rule file must be "
                "a plain file",
                where=str(path),
            )
        with open(fd, "rb") as file:
            if info.st_size > MAX_RULE_FILE_BYTES:
                raise RulesError(
                    f"rule file is {info.st_size} bytes; the limit is {MAX_RULE_FILE_BYTES} "
                    "(1 MiB)",
                    where=str(path),
                )
            data = file.read(MAX_RULE_FILE_BYTES + 1)  # it may grow while read
        if len(data) > MAX_RULE_FILE_BYTES:
            raise RulesError(
                f"rule file is larger than the limit of {MAX_RULE_FILE_BYTES} bytes (1 MiB)",
                where=str(path),
            )
        text = data.decode("utf-8")
        return text.replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
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
