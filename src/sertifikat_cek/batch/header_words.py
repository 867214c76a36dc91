"""Header names to fields by the words they contain, and the header's language, from the word
table of rules/columns.yaml."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from sertifikat_cek.rules.columns import ColumnWords, header_words, load_columns


def word_table(directory: str | Path | None = None) -> ColumnWords:
    """The checked word table of a rule directory (the bundled one by default)."""
    from sertifikat_cek.rules.location import bundled_rules_dir

    return load_columns(Path(directory) if directory else bundled_rules_dir())


def field_by_words(name: str, known: Sequence[str], table: ColumnWords) -> str | None:
    """The field whose longest matching pattern is longer than any other field's, or None
    (no field matches, or two match equally)."""
    words = frozenset(header_words(name))
    if not words:
        return None
    if "_".join(header_words(name)) in known:  # the field's own name: as_of, completed
        return "_".join(header_words(name))
    best: dict[str, int] = {}
    for field_name in known:
        for pattern in table.fields.get(field_name, ()):
            if pattern.matches(words):
                best[field_name] = max(best.get(field_name, 0), len(pattern.groups))
    if not best:
        return None
    top = max(best.values())
    winners = [f for f, size in best.items() if size == top]
    return winners[0] if len(winners) == 1 else None


def recogniser(known: Sequence[str], table: ColumnWords, also: Iterable[str] = ()):
    """Whether a header name is one batch reads (what delimiter detection counts)."""
    told = {" ".join(header_words(name)) for name in also}

    def recognised(name: str) -> bool:
        return (
            " ".join(header_words(name)) in told or field_by_words(name, known, table) is not None
        )

    return recognised


def language_hints(header: Sequence[str], table: ColumnWords) -> list[tuple[str, str]]:
    """(date order, "language:CODE") for the language most of the header's words are in (at least twice
    as many as in any other language); none when there is no clear one."""
    counts = {
        code: sum(1 for name in header for word in header_words(name) if word in language.words)
        for code, language in table.languages.items()
    }
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0:
        return []
    code, count = ranked[0]
    if len(ranked) > 1 and count < 2 * ranked[1][1]:
        return []
    return [(table.languages[code].date_order, f"language:{code}")]
