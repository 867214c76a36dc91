"""YAML reading that remembers where each key and item stood, for file:line:column messages.

It is PyYAML's SafeLoader (its libyaml twin CSafeLoader when present: no Python objects can be
built from a file), whose mappings and sequences are returned as dict and list subclasses carrying
the parser's marks."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from sertifikat_cek.errors import RulesError


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


def _position(loader, node) -> Position:
    return Position(loader.origin, node.start_mark.line + 1, node.start_mark.column + 1)


class _MarkedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present
    origin = "<rules>"


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    result = MarkedDict()
    result.position = _position(loader, node)
    result.key_positions, result.value_positions, result.duplicates = {}, {}, []
    yield result
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            key = str(key)
        if key in result:
            result.duplicates.append((key, _position(loader, key_node)))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_positions[key] = _position(loader, key_node)
        result.value_positions[key] = _position(loader, value_node)


def _construct_sequence(loader, node):
    result = MarkedList()
    result.position = _position(loader, node)
    result.item_positions = [_position(loader, item) for item in node.value]
    yield result
    result.extend(loader.construct_object(item, deep=True) for item in node.value)


def construct_date(loader, node):
    """A YAML date or timestamp; one that does not exist (2021-02-30) is a YAML error at its place
    instead of PyYAML's bare ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date that exists ({error})", node.start_mark
        ) from None


class DateSafeLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader, with a date that does not exist as a YAML error at its place."""


DateSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_date)
_MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_date)
_MarkedLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_marked(text: str, origin: str):
    """Parse `text` (from `origin`) with the safe loader; a syntax error names file:line:column."""
    loader = _MarkedLoader(text)
    loader.origin = origin
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f"{origin}:{mark.line + 1}:{mark.column + 1}" if mark else origin
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise RulesError(f"YAML syntax error: {problem}", where=where) from None
    finally:
        loader.dispose()
