"""Test helpers: edit a copy of the bundled rules, find the line an edit is on and its problem."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from sertifikat_cek.rules.location import bundled_rules_dir


def copy_rules(tmp_path: Path) -> Path:
    """A copy of the bundled rule directory, as tmp_path/rules."""
    target = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), target)
    return target


def edit(directory: Path, file: str, old: str, new: str) -> Path:
    """Replace the first `old` in one rule file; the file's path."""
    path = directory / file
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} is not in {file}"
    path.write_text(content.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, snippet: str, after: str | None = None) -> int:
    """The 1-based number of the first line holding `snippet` (after the line holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and snippet in line) + 1


def first_problem(problems: Iterable[object], expected: str) -> tuple[str, int, int]:
    """The file, line and column of the first problem that says `expected` (there must be one)."""
    said = [str(p) for p in problems]
    found = [p for p in said if expected in p]
    assert found, said
    file, line, column = found[0].split(": ", 1)[0].rsplit(":", 2)
    return file, int(line), int(column)
