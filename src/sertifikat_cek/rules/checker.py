"""Generic checks for rule files that collect every problem as file:line:column and a message.

The platform rules (rules_loader.py) and the checks of other rule files (questions, replies,
information) share these: a YAML file read with positions, mappings with known keys and "did you
mean" hints, bilingual texts whose {placeholders} are known, and dates."""

from __future__ import annotations

import difflib
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sertifikat_cek.errors import RulesError
from sertifikat_cek.rules.location import read_rule_file
from sertifikat_cek.rules.positions import MarkedDict, MarkedList, Position
from sertifikat_cek.rules.ruleset import PLACEHOLDERS, Text

LANGS = ("id", "en")


@dataclass(frozen=True)
class Problem:
    """One mistake in a rule directory, where it is and what is wrong."""

    position: Position
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.message}"

    def as_json(self) -> dict:
        return {
            "file": self.position.file,
            "line": self.position.line or None,
            "column": self.position.column or None,
            "message": self.message,
        }


def problem_from_error(error: RulesError, file: str) -> Problem:
    """A RulesError (from reading a file) as a Problem at its place, or at the start of `file`
    (or of the file it names) when it gives no line."""
    where = error.where or file
    position = Position.parse(where)
    if position.line > 0:
        return Problem(position, error.message)
    if where.startswith(file + ":"):  # not `file` a directory, `where` a file in it
        # "calendar.yaml: add[2]" -> the file, and the rest of the place in the message
        rest = where[len(file) :].lstrip(": ")
        return Problem(Position(file, 1, 1), f"{rest}: {error.message}")
    return Problem(Position(where, 1, 1), error.message)


def suggest(word: object, choices: Iterable[object]) -> str:
    """' (did you mean 'x'?)' for the closest of `choices`, or '' when none is close."""
    close = difflib.get_close_matches(str(word), sorted(str(c) for c in choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems file by file (in the order the files were first named), then by line and column."""
    problems = list(problems)
    rank: dict[str, int] = {}
    for problem in problems:
        rank.setdefault(problem.position.file, len(rank))
    return sorted(
        problems, key=lambda p: (rank[p.position.file], p.position.line, p.position.column)
    )


class Checker:
    """Turns marked YAML data into values, collecting a Problem for each mistake on the way.

    A validator of another rule file can use it as it is:

        checker = Checker(directory)
        data = checker.load_file(directory / "replies.yaml")
        top = checker.mapping(data, Position(str(path), 1, 1), "replies.yaml", {"replies"})
        ...
        return checker.problems
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problems: list[Problem] = []

    def problem(self, position: Position, message: str) -> None:
        self.problems.append(Problem(position, message))

    def load_file(self, path: Path):
        """The file's data with positions, or None (and a problem) when it cannot be read."""
        from sertifikat_cek.rules.yaml_positions import load_marked  # PyYAML: only to read YAML

        try:
            return load_marked(read_rule_file(path), str(path))
        except RulesError as error:
            self.problems.append(problem_from_error(error, str(path)))
            return None

    def mapping(self, value, position: Position, what: str, allowed: set[str] | None, required=()):
        """`value` if it is a mapping (its unknown, duplicate and missing keys reported)."""
        if not isinstance(value, MarkedDict):
            self.problem(position, f"{what} must be a mapping of keys to values")
            return None
        for key, where in value.duplicates:
            self.problem(where, f"duplicate key {key!r} in {what}")
        for key in value:
            if allowed is not None and key not in allowed:
                self.problem(
                    value.key_where(key),
                    f"unknown key {key!r} in {what}{suggest(key, allowed)}; "
                    f"known: {', '.join(sorted(map(str, allowed)))}",
                )
        for key in required:
            if key not in value:
                self.problem(value.where(), f"{what} needs the key {key!r}")
        return value

    def sequence(self, value, position: Position, what: str) -> MarkedList | None:
        """`value` if it is a list; None (absent) is allowed and gives None."""
        if value is None:
            return None
        if not isinstance(value, MarkedList):
            self.problem(position, f"{what} must be a list")
            return None
        return value

    def string(self, value, position: Position, what: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        self.problem(position, f"{what} must be a non-empty text, not {value!r}")
        return None

    def template(
        self, template: str, position: Position, what: str, placeholders=PLACEHOLDERS
    ) -> bool:
        """Whether `template` uses only known {placeholders}, written plainly (no format)."""
        try:
            fields = [
                (name, spec, conversion)
                for _, name, spec, conversion in string.Formatter().parse(template)
                if name is not None
            ]
        except ValueError as error:
            self.problem(
                position,
                f"broken placeholder in {what}: {error}; write a placeholder as {{due}} "
                "and a brace that is not one as {{ or }}",
            )
            return False
        ok = True
        known = ", ".join(sorted(placeholders))
        for name, spec, conversion in fields:
            if name == "" or name.isdigit():
                self.problem(
                    position, f"placeholder {{{name}}} in {what} has no name; known: {known}"
                )
                ok = False
            elif name not in placeholders:
                self.problem(
                    position,
                    f"unknown placeholder {{{name}}} in {what}{suggest(name, placeholders)}; "
                    f"known: {known}",
                )
                ok = False
            elif spec or conversion:
                self.problem(
                    position,
                    f"placeholder {{{name}{'!' + conversion if conversion else ''}"
                    f"{':' + spec if spec else ''}}} in {what} takes no format; write {{{name}}}",
                )
                ok = False
        return ok

    def text(
        self, value, position: Position, what: str, placeholders=PLACEHOLDERS, also=()
    ) -> Text | None:
        """A message in Indonesian (id) and English (en) with known placeholders only (`also`:
        other keys the same mapping may hold)."""
        data = self.mapping(value, position, what, {*LANGS, *also})
        if data is None:
            return None
        found: dict[str, str | None] = {}
        for lang in LANGS:
            if lang not in data:
                self.problem(data.where(), f"missing translation {lang!r} in {what}")
                found[lang] = None
                continue
            where = data.where(lang)
            message = self.string(data[lang], where, f"{what} ({lang})")
            if message is not None and not self.template(
                message, where, f"{what} ({lang})", placeholders
            ):
                message = None
            found[lang] = message
        if found["id"] is None or found["en"] is None:
            return None
        return Text(found["id"], found["en"])

    def day(self, value, position: Position, what: str) -> date | None:
        if isinstance(value, date) and not isinstance(value, datetime):  # a day, not a moment
            return value
        self.problem(position, f"{what} must be a date written YYYY-MM-DD, not {value!r}")
        return None
