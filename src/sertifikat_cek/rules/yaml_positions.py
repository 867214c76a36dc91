"""YAML reading that remembers where each key and item stood, for file:line:column messages.

It is PyYAML's SafeLoader (its libyaml twin CSafeLoader when present: no Python objects can be
built from a file), whose mappings and sequences are returned as dict and list subclasses carrying
the parser's marks. Every rule file is composed first and measured before it is built
(`load_bounded`): a file nested deeper than MAX_DEPTH, or whose aliases would expand it to more
than MAX_NODES_PER_BYTE nodes per byte (a "billion laughs" bomb), is a RulesError at the place
where the limit is passed, before anything is expanded."""

from __future__ import annotations

import yaml

from sertifikat_cek.errors import RulesError
from sertifikat_cek.rules.positions import MarkedDict, MarkedList, Position

# Rule files are a dozen levels deep at most; libyaml itself refuses flow nesting past 1000.
MAX_DEPTH = 64
# A rule file has about one node per 5 bytes; aliases may repeat parts, not multiply the file.
MAX_NODES_PER_BYTE = 4
MIN_NODES = 10_000


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


class DateSafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's SafeLoader (libyaml's when present: the pure-Python scanner takes time that grows
    with the square of the nesting), with a date that does not exist as a YAML error at its
    place."""


DateSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_date)
_MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_date)
_MarkedLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def _mark_at(origin: str, node) -> str:
    return f"{origin}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def check_size(node, origin: str, text_length: int) -> None:
    """Refuse a composed document nested deeper than MAX_DEPTH or whose aliases expand it past
    MAX_NODES_PER_BYTE nodes per byte: measured on the node graph, where an alias is one shared
    node (so the measure costs one visit per node, whatever the expansion)."""
    limit = max(MIN_NODES, MAX_NODES_PER_BYTE * text_length)
    sizes: dict[int, int] = {}  # id(node) -> nodes it expands to
    # iterative post-order walk: (node, depth, children done)
    stack = [(node, 1, False)]
    while stack:
        current, depth, done = stack.pop()
        if id(current) in sizes:
            continue
        if depth > MAX_DEPTH:
            raise RulesError(
                f"nested more than {MAX_DEPTH} levels deep; a rule file needs a dozen at most",
                where=_mark_at(origin, current),
            )
        value = current.value
        if isinstance(current, yaml.MappingNode):
            children = [child for pair in value for child in pair]
        elif isinstance(current, yaml.SequenceNode):
            children = value
        else:
            sizes[id(current)] = 1
            continue
        if not done:
            stack.append((current, depth, True))
            stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)
            continue
        size = 1 + sum(sizes.get(id(child), 1) for child in children)
        if size > limit:
            raise RulesError(
                f"its aliases expand it to more than {limit:,} nodes (over {MAX_NODES_PER_BYTE} "
                "per byte of the file): refused before it is expanded; write the values out",
                where=_mark_at(origin, current),
            )
        sizes[id(current)] = size


def _yaml_error(error: yaml.YAMLError, origin: str, prefix: str) -> RulesError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    where = f"{origin}:{mark.line + 1}:{mark.column + 1}" if mark else origin
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return RulesError(f"{prefix}{problem}", where=where)


def load_bounded(text: str, origin: str, loader_class=None, prefix: str = "YAML syntax error: "):
    """Parse `text` (from `origin`) with a safe loader (the marked one by default), refusing a
    document too deep or too expanded (check_size) before it is built; a syntax error names
    file:line:column."""
    loader = (loader_class or _MarkedLoader)(text)
    loader.origin = origin
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_size(node, origin, len(text))
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        raise _yaml_error(error, origin, prefix) from None
    except RecursionError:  # the pure-Python composer, past Python's own depth
        raise RulesError(
            f"nested more than {MAX_DEPTH} levels deep; a rule file needs a dozen at most",
            where=origin,
        ) from None
    finally:
        loader.dispose()


def load_marked(text: str, origin: str):
    """Parse `text` (from `origin`) with the safe loader; a syntax error names file:line:column."""
    return load_bounded(text, origin)
