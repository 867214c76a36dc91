"""Reads and checks rules/columns.yaml: the header words that name batch's fields, and the date
order a header's language suggests; every problem at file:line:column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from sertifikat_cek.rules import prebuilt
from sertifikat_cek.rules.checker import Problem
from sertifikat_cek.rules.file_checks import (
    Checker,
    open_rule_file,
    programme_facts,
    raise_problems,
)

FILE = "columns.yaml"
ORDERS = ("dmy", "mdy", "ymd")
EXTRA_FIELDS = ("platform", "as_of")  # fields batch reads that are not inputs of the rules
_WORD = re.compile(r"[^\W_]+")


def header_words(name: str) -> tuple[str, ...]:
    """The words of a header name: case ignored; spaces, dashes, underscores, dots split."""
    return tuple(_WORD.findall(name.replace("\ufeff", "").casefold()))


@dataclass(frozen=True)
class Pattern:
    """Word groups a header must all have (one word of each group)."""

    groups: tuple[frozenset[str], ...]

    def matches(self, words: frozenset[str]) -> bool:
        return all(group & words for group in self.groups)


@dataclass(frozen=True)
class Language:
    date_order: str
    words: frozenset[str]


@dataclass(frozen=True)
class ColumnWords:
    """The checked word table: patterns per field, words and date order per language."""

    fields: MappingProxyType  # field -> tuple[Pattern, ...]
    languages: MappingProxyType  # language code -> Language


def check_columns(directory: Path) -> list[Problem]:
    """Every problem of the rule directory's columns.yaml (none when it has no such file)."""
    if not (directory / FILE).is_file():
        return []
    return list(_read(directory)[1])


@lru_cache(maxsize=8)
def load_columns(directory: Path) -> ColumnWords:
    """The checked word table of `directory` (the bundled one when it has none); RulesError
    at the first problem."""
    words = prebuilt.section(directory, "columns")
    if words is None:
        words, problems = _read(directory)
        raise_problems(problems)
    return words


def _read(directory: Path) -> tuple[ColumnWords | None, list[Problem]]:
    check, data = open_rule_file(directory, FILE)
    if data is None:
        return None, check.problems
    top = check.mapping(data, check.top(), FILE, {"fields", "languages"}, ("fields",))
    if top is None:
        return None, check.problems
    facts = programme_facts(check.path.parent)  # the folder of the file read
    known = (*EXTRA_FIELDS, *facts.inputs) if facts.inputs else None
    fields: dict[str, tuple[Pattern, ...]] = {}
    table = check.mapping(top.get("fields"), top.where("fields"), "'fields'", None)
    for name, patterns in (table or {}).items():
        if known is not None and name not in known:
            check.problem(
                table.key_where(name),
                f"{name!r} is not a field batch reads; use one of: {', '.join(known)}",
            )
            continue
        fields[name] = _patterns(check, patterns, table.where(name), name)
    languages: dict[str, Language] = {}
    listed = top.get("languages")
    if listed is not None:
        table = check.mapping(listed, top.where("languages"), "'languages'", None)
        for code, value in (table or {}).items():
            language = _language(check, value, table.where(code), str(code))
            if language is not None:
                languages[str(code)] = language
    if check.problems:
        return None, check.problems
    return ColumnWords(MappingProxyType(fields), MappingProxyType(languages)), []


def _patterns(check: Checker, value, position, name: str) -> tuple[Pattern, ...]:
    items = check.sequence(value, position, f"the patterns of {name!r}")
    if not items:
        check.problem(position, f"{name!r} needs a list of patterns, e.g. - [tgl|tanggal, selesai]")
        return ()
    found = []
    for index, pattern in enumerate(items):
        where = items.where(index)
        groups = check.sequence(pattern, where, f"a pattern of {name!r}")
        if not groups:
            check.problem(where, f"a pattern of {name!r} must be a list of word groups")
            continue
        words = []
        for number, group in enumerate(groups):
            text = check.string(group, groups.where(number), f"a word group of {name!r}")
            if text is None:
                continue
            alternatives = frozenset(w for part in text.split("|") for w in header_words(part))
            if not alternatives:
                check.problem(groups.where(number), f"{text!r} has no word")
                continue
            words.append(alternatives)
        found.append(Pattern(tuple(words)))
    return tuple(found)


def _language(check: Checker, value, position, code: str) -> Language | None:
    data = check.mapping(
        value, position, f"language {code!r}", {"date_order", "words"}, ("date_order", "words")
    )
    if data is None:
        return None
    order = data.get("date_order")
    if order not in ORDERS:
        check.problem(
            data.where("date_order"),
            f"date_order must be one of {', '.join(ORDERS)}, not {order!r}",
        )
        return None
    items = check.sequence(data.get("words"), data.where("words"), f"the words of {code!r}")
    words = set()
    for index, word in enumerate(items or ()):
        text = check.string(word, items.where(index), f"a word of {code!r}")
        if text is not None:
            words.update(header_words(text))
    return Language(order, frozenset(words))
