"""Where each key and item of a rule file stood: the positions that file:line:column messages name.

`yaml_positions` fills them in while it parses; everything that only reads them (the checkers,
the readers, the rule examples) imports this module, which needs no YAML parser."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Position:
    """A place in a rule file; line 0 means the file (or directory) as a whole."""

    file: str
    line: int  # 1-based; 0: no line
    column: int  # 1-based; 0: no column

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"

    @classmethod
    def parse(cls, text: str) -> Position:
        """The position written `file:line:column` (as str() writes it), or the whole file."""
        file, _, rest = text.rpartition(":")
        head, _, line = file.rpartition(":")
        if head and line.isdigit() and rest.isdigit():
            return cls(head, int(line), int(rest))
        return cls(text, 0, 0)


class MarkedDict(dict):
    """A mapping that knows where it, each key and each value stood."""

    position: Position
    key_positions: dict
    value_positions: dict
    duplicates: list

    def where(self, key=None) -> Position:
        if key is None:
            return self.position
        return self.value_positions.get(key) or self.key_positions.get(key) or self.position

    def key_where(self, key) -> Position:
        return self.key_positions.get(key) or self.position


class MarkedList(list):
    """A sequence that knows where it and each item stood."""

    position: Position
    item_positions: list

    def where(self, index=None) -> Position:
        if index is None or index >= len(self.item_positions):
            return self.position
        return self.item_positions[index]
