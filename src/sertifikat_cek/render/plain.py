"""The plain report (--plain, or stdout not a terminal) laid out as rich lays it out, without
importing rich: that import is about 20 ms of a diagnose's start-up, more than the decision.

It reproduces rich's layout for what a report holds, and nothing more: lines wrapped at words
(a word longer than the line folded), as `rich.text.Text.wrap` does with overflow "fold"; a
table without a box whose columns fit the width; every character one cell wide. Anything else
(a wide or combining character, a tab, markup brackets in text rich would parse, a table
wider than the line) raises Unsure, and the caller lets rich draw the report as before.
tests/test_plain_render.py checks the two layouts against each other."""

from __future__ import annotations

import re
from itertools import pairwise

PIPE_WIDTH = 100  # the console width in a pipe or a file (cli.common.console)

_WORD = re.compile(r"\s*\S+\s*")  # a word with the whitespace around it, as rich splits lines
_TRAILING_SPACE = re.compile(r"\s+$")
# Characters outside Latin that rich measures as one cell and reports use (quotes, dashes).
_ONE_CELL = frozenset("‘’‚“”„•…–—‹›€")


class Unsure(Exception):
    """Something whose rich layout this module does not reproduce: draw with rich instead."""


def checked(said: str, *, markup: bool = False) -> str:
    """`said` when every character is one cell wide (and, for text rich would read as markup,
    without brackets); otherwise Unsure."""
    for char in said:
        if not (
            " " <= char <= "~"
            or char == "\n"
            or ("\xa0" <= char <= "\u024f" and char != "\xad")
            or char in _ONE_CELL
        ):
            raise Unsure(f"character {char!r}")
    if markup and "[" in said:
        raise Unsure("markup")
    return said


def _breaks(line: str, width: int) -> list[int]:
    """Where rich breaks one line of text to fit `width` (rich._wrap.divide_line, fold=True,
    for one-cell characters)."""
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # longer than any line: folded across lines
            pieces = [word[i : i + width] for i in range(0, len(word), width)]
            for number, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if number == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def wrap(said: str, width: int) -> list[str]:
    """The lines of `said` wrapped to `width` as rich's Text.wrap(width, overflow="fold") gives
    them (whitespace kept at a break when it fits: callers strip it where rich's callers do)."""
    lines: list[str] = []
    for paragraph in checked(said).split("\n"):
        cuts = [0, *_breaks(paragraph, width), len(paragraph)]
        for start, end in pairwise(cuts):
            line = paragraph[start:end]
            if len(line) > width:  # only whitespace past the width is dropped (rstrip_end)
                trailing = _TRAILING_SPACE.search(line)
                if trailing is not None:
                    line = line[: len(line) - min(len(trailing.group()), len(line) - width)]
            lines.append(line[:width])
    return lines


def _items(items: list[tuple[str, str]], indent: int, width: int) -> list[str]:
    """render.diagnosis._items: each item wrapped with a hanging indent after its marker."""
    out = []
    for marker, said in items:
        lead = " " * indent + (f"{marker} " if marker else "")
        for number, line in enumerate(wrap(said, max(width - len(lead), 20))):
            out.append((lead if number == 0 else " " * len(lead)) + line.rstrip())
    return out


def _table(title: str, headers: tuple[str, ...], rows: list[tuple], width: int) -> list[str]:
    """A rich Table with box=None, show_edge=False and pad_edge=False: one space of padding
    each side of a cell, none at the table's edges; the title left-justified to its width."""
    columns = list(zip(headers, *(cells for cells, _ in rows), strict=True))
    for column in columns:
        for cell in column:
            if "\n" in checked(cell, markup=True):
                raise Unsure("a cell of several lines")
    content = [max(len(cell) for cell in column) for column in columns]
    last = len(columns) - 1
    pads = [(0 if i == 0 else 1, 0 if i == last else 1) for i in range(len(columns))]
    table_width = sum(c + left + right for c, (left, right) in zip(content, pads, strict=True))
    if 0 in content or table_width > width:
        raise Unsure("a table rich would shrink (or widen)")
    lines = [line.ljust(table_width) for line in wrap(checked(title, markup=True), table_width)]
    for cells in (headers, *(cells for cells, _ in rows)):
        lines.append(
            "".join(
                " " * left + cell.ljust(size) + " " * right
                for cell, size, (left, right) in zip(cells, content, pads, strict=True)
            )
        )
    return lines


def lay_out(parts: list[tuple], width: int = PIPE_WIDTH) -> str:
    """The report's parts (render.diagnosis.report_parts) as the text rich prints for them
    with --plain at `width` columns; Unsure when that is not certain."""
    lines: list[str] = []
    for kind, *part in parts:
        if kind == "line":  # console.print(text): wrapped to the width, markup read or not
            said, _style, markup = part
            lines += wrap(checked(said, markup=markup), width)
        elif kind == "items":
            items, indent = part
            lines += _items(items, indent, width)
        elif kind == "blank":
            lines.append("")
        elif kind == "footer":
            lines += wrap(part[0], width)
        elif kind == "verdict":
            title, segments, _border = part
            lines += wrap(title, width)
            lines += [line.rstrip() for line in wrap("".join(s for s, _ in segments), width)]
        elif kind == "table":
            title, headers, rows = part
            lines.append("")
            lines += _table(title, headers, rows, width)
        else:
            raise Unsure(f"a part of kind {kind!r}")
    return "".join(line + "\n" for line in lines)
