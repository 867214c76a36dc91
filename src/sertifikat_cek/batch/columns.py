"""Header names to the fields a batch reads: the platform, the rules' inputs, the as-of moment;
by the words of rules/columns.yaml (see `header_words`), by --map COLUMN=FIELD, or by position
(--map '#3=completed')."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sertifikat_cek.batch.header_words import field_by_words, word_table
from sertifikat_cek.errors import InputError
from sertifikat_cek.rules.columns import ColumnWords
from sertifikat_cek.rules.ruleset import RuleSet

PLATFORM, AS_OF, IGNORE = "platform", "as_of", "ignore"
NAME = "name"  # the participant's name, for the reply's greeting: only by --map, never guessed

_HEADER_SEPARATORS = re.compile(r"[\s\-_.]+")


def normalise_header(name: str) -> str:
    """A header name as compared: case ignored, and spaces, dashes, underscores, dots alike."""
    return _HEADER_SEPARATORS.sub(" ", name.replace("\ufeff", "").casefold()).strip()


@dataclass(frozen=True)
class ColumnMap:
    """Which header column holds which field (platform, an input name, as_of)."""

    header: tuple[str, ...]
    fields: Mapping[str, int]  # field -> column index

    def column(self, field_name: str | None) -> str | None:
        index = self.fields.get(field_name) if field_name else None
        return None if index is None else self.header[index]

    def describe(self) -> str:
        return ", ".join(f"{self.header[i]!r}={name}" for name, i in self.fields.items())


def field_names(rules: RuleSet) -> tuple[str, ...]:
    """Every field a column can stand for: the platform, the rules' inputs, the as-of moment,
    and the participant's name (by --map only)."""
    return (PLATFORM, *rules.inputs, AS_OF, NAME)


def _field_for(name: str, known: Sequence[str], table: ColumnWords) -> str | None:
    """The field a header name (or a --map FIELD) stands for, by its words."""
    return field_by_words(name, known, table)


def map_columns(
    header: Sequence[str],
    known: Sequence[str],
    overrides: Mapping[str, str] = {},
    table: ColumnWords | None = None,
) -> ColumnMap:
    """Match header names to fields: first the --map COLUMN=FIELD overrides, then aliases.

    Raises InputError (where='--map' or the header) for an unknown column or field, a field
    two columns claim, and a header without a platform column."""
    header = tuple(header)
    table = table if table is not None else word_table()
    fields: dict[str, int] = {}
    taken: set[int] = set()
    for column, wanted in overrides.items():
        index = _find_column(header, column)
        target = IGNORE if normalise_header(wanted) == IGNORE else _field_for(wanted, known, table)
        if target is None:
            raise InputError(
                f"{wanted!r} is not a field; use one of: {', '.join([*known, IGNORE])}",
                where="--map",
            )
        if target != IGNORE:
            if target in fields:
                raise InputError(
                    f"two columns are mapped to {target!r}: "
                    f"{header[fields[target]]!r} and {header[index]!r}",
                    where="--map",
                )
            fields[target] = index
        taken.add(index)
    claims: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        target = None if index in taken else _field_for(name, known, table)
        if target is not None and target not in fields and target != NAME:
            claims.setdefault(target, []).append(index)
    for target, indexes in claims.items():
        if len(indexes) > 1:
            names = " and ".join(repr(header[i]) for i in indexes)
            raise InputError(
                f"columns {names} both stand for {target!r}; choose one with "
                f"--map {header[indexes[0]]!r}={target} --map {header[indexes[1]]!r}={IGNORE}",
                where="header",
            )
        fields[target] = indexes[0]
    if PLATFORM not in fields:
        others = [d for d in (",", ";", "\t", "|") if len(header) == 1 and d in header[0]]
        hint = (
            f"; the header is one column holding {others[0]!r}: is --delimiter right?"
            if others
            else ""
        )
        raise InputError(
            f"no platform column among {', '.join(repr(h) for h in header)}; name it with "
            f"the word {platform_words(table)}, or use --map COLUMN=platform" + hint,
            where="header",
        )
    order = {name: position for position, name in enumerate(known)}
    return ColumnMap(header, dict(sorted(fields.items(), key=lambda item: order[item[0]])))


def platform_words(table: ColumnWords) -> str:
    """The words a platform column's name may have, for a message: 'platform' or 'mitra'."""
    words = sorted({w for p in table.fields.get(PLATFORM, ()) for g in p.groups for w in g})
    return " or ".join(repr(w) for w in words)


def _find_column(header: Sequence[str], column: str) -> int:
    position = re.fullmatch(r"#(\d+)", column.strip())
    if position is not None:
        index = int(position.group(1)) - 1
        if not 0 <= index < len(header):
            raise InputError(
                f"there is no column {column} (the header has {len(header)} columns; "
                "#1 is the first)",
                where="--map",
            )
        return index
    if column in header:
        return header.index(column)
    wanted = normalise_header(column)
    for index, name in enumerate(header):
        if normalise_header(name) == wanted:
            return index
    raise InputError(
        f"no column {column!r} in the header; the columns are: "
        f"{', '.join(repr(h) for h in header)}",
        where="--map",
    )
