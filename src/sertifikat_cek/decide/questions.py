"""The guided questions' wording (rules/questions.yaml) as plain values, read and checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
    suggest,
)
from sertifikat_cek.rules.ruleset import Text

FILE = "questions.yaml"
KINDS = ("date", "yes", "no", "unknown")
WORD_KINDS = ("yes", "no", "unknown", "other")  # other: the platform question's last choice
TOP_KEYS = {"intro", "platform", "inputs", "words", "reasons", "messages"}
QUESTION_PLACEHOLDERS = frozenset({"platform", "institution", "stage"})
REASONS: dict[str, frozenset[str]] = {
    "empty": frozenset(),
    "unknown_platform": frozenset({"answer", "number", "other"}),
    "did_you_mean": frozenset({"name"}),
    "not_a_date": frozenset({"answer", "detail"}),
    "not_yes_no": frozenset({"answer"}),
    "not_accepted": frozenset({"answer", "accepted"}),
    "future": frozenset({"answer", "date", "as_of"}),
    "invalid": frozenset({"answer", "detail"}),
}
MESSAGES: dict[str, frozenset[str]] = {
    "choices": frozenset({"choices"}),
    "again": frozenset(),
    "equivalent": frozenset(),
    "read_as": frozenset({"answer", "date", "as_of"}),
    "read_as_month": frozenset({"answer", "date", "as_of"}),
    "read_as_year": frozenset({"answer", "date", "year", "as_of"}),
    "other_ending": frozenset({"platforms", "contact"}),
    "other_channels": frozenset({"contact"}),
    "cancelled": frozenset(),
}


@dataclass(frozen=True)
class Question:
    """How one input is asked, what it accepts, and its rewording for some platforms."""

    input: str
    ask: Text
    hint: Text
    accepts: tuple[str, ...]
    platforms: Mapping[str, Mapping[str, Text]] = field(default_factory=dict)

    def wording(self, platform_id: str) -> tuple[Text, Text]:
        """The question and its hint for a platform."""
        own = self.platforms.get(platform_id, {})
        return own.get("ask", self.ask), own.get("hint", self.hint)


@dataclass(frozen=True)
class Questions:
    intro: Text
    platform_ask: Text
    platform_hint: Text
    inputs: Mapping[str, Question]
    words: Mapping[str, frozenset[str]]  # yes / no / unknown -> extra words, casefolded
    reasons: Mapping[str, Text]
    messages: Mapping[str, Text]
    platform_other: Text | None = None  # the platform question's last choice: lainnya / tidak tahu


def _word(value: object) -> str:
    """YAML reads bare yes/no as booleans; take them as the words they were."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return " ".join(str(value).casefold().split())


@lru_cache(maxsize=8)
def _read(directory: Path) -> tuple[Questions | None, list[Problem]]:
    check, data = open_rule_file(directory, FILE)
    if data is None:
        return None, check.problems
    top = check.mapping(data, check.top(), FILE, TOP_KEYS, tuple(sorted(TOP_KEYS)))
    if top is None:
        return None, check.problems
    facts = programme_facts(check.path.parent)  # the folder of the file read

    intro = check.text(top.get("intro"), top.where("intro"), "'intro'", ())
    platform = check.mapping(
        top.get("platform"),
        top.where("platform"),
        "'platform'",
        {"ask", "hint", "other"},
        ("ask", "hint", "other"),
    )
    platform_ask = platform_hint = platform_other = None
    if platform is not None:
        platform_ask = check.text(platform.get("ask"), platform.where("ask"), "platform ask", ())
        platform_hint = check.text(
            platform.get("hint"), platform.where("hint"), "platform hint", ()
        )
        platform_other = check.text(
            platform.get("other"), platform.where("other"), "platform other", ()
        )

    inputs: dict[str, Question] = {}
    entries = check.mapping(top.get("inputs"), top.where("inputs"), "'inputs'", None)
    for name, value in (entries or {}).items():
        if facts.inputs and name not in facts.inputs:
            check.problem(
                entries.key_where(name),
                f"unknown input {name!r}{suggest(name, facts.inputs)}; "
                f"the inputs of prakerja.yaml are {', '.join(sorted(facts.inputs))}",
            )
            continue
        question = _question(check, str(name), value, entries.where(name), facts)
        if question is not None:
            inputs[str(name)] = question
    for name in sorted(set(facts.inputs) - set(entries or {})):
        if entries is not None:
            check.problem(
                entries.where(), f"no question for the input {name!r}; add inputs: {name}: ..."
            )

    words: dict[str, frozenset[str]] = {kind: frozenset() for kind in WORD_KINDS}
    word_data = check.mapping(top.get("words"), top.where("words"), "'words'", None)
    seen: dict[str, str] = {}
    for key, items in (word_data or {}).items():
        kind = _word(key)
        if kind not in WORD_KINDS:
            check.problem(
                word_data.key_where(key),
                f"unknown kind of word {key!r}; use {', '.join(WORD_KINDS)} (in quotes)",
            )
            continue
        listed = check.sequence(items, word_data.where(key), f"words for {kind!r}") or []
        for index, item in enumerate(listed):
            word = _word(item)
            if word in seen and seen[word] != kind:
                check.problem(
                    listed.where(index), f"{word!r} is both a {seen[word]!r} and a {kind!r} word"
                )
            seen[word] = kind
        words[kind] = frozenset(_word(item) for item in listed)

    reasons = check.texts(top, "reasons", REASONS)
    messages = check.texts(top, "messages", MESSAGES)
    if check.problems or None in (intro, platform_ask, platform_hint, platform_other):
        return None, check.problems
    return (
        Questions(
            intro,
            platform_ask,
            platform_hint,
            MappingProxyType(inputs),
            MappingProxyType(words),
            MappingProxyType(reasons),
            MappingProxyType(messages),
            platform_other,
        ),
        [],
    )


def _question(check: Checker, name: str, value, position, facts) -> Question | None:
    entry = check.mapping(
        value,
        position,
        f"the question for {name!r}",
        {"ask", "hint", "accepts", "platforms"},
        ("ask", "hint", "accepts"),
    )
    if entry is None or not {"ask", "hint", "accepts"} <= set(entry):
        return None
    ask = check.text(entry["ask"], entry.where("ask"), f"{name}: ask", QUESTION_PLACEHOLDERS)
    hint = check.text(entry["hint"], entry.where("hint"), f"{name}: hint", QUESTION_PLACEHOLDERS)
    accepts: list[str] = []
    listed = check.sequence(entry["accepts"], entry.where("accepts"), f"{name}: accepts") or []
    for index, item in enumerate(listed):
        kind = _word(item)
        if kind not in KINDS:
            check.problem(
                listed.where(index),
                f"{name}: unknown kind of answer {item!r}; use {', '.join(KINDS)}",
            )
        elif kind == "date" and facts.inputs.get(name) == "yes_no":
            check.problem(
                listed.where(index), f"{name} is answered yes or no (prakerja.yaml): not a date"
            )
        else:
            accepts.append(kind)
    if not accepts:
        check.problem(entry.where("accepts"), f"{name}: accepts needs at least one kind")
    platforms: dict[str, Mapping[str, Text]] = {}
    own = None
    if "platforms" in entry:
        own = check.mapping(
            entry["platforms"], entry.where("platforms"), f"{name}: platforms", None
        )
    for platform_id, wording in (own or {}).items():
        if facts.platform_ids and platform_id not in facts.platform_ids:
            check.problem(
                own.key_where(platform_id),
                f"{name}: no platform {platform_id!r} in platforms/; known: "
                f"{', '.join(sorted(facts.platform_ids))}",
            )
            continue
        texts = check.mapping(
            wording, own.where(platform_id), f"{name}: {platform_id}", {"ask", "hint"}
        )
        found = {}
        for key, text in (texts or {}).items():
            if key in ("ask", "hint"):
                made = check.text(
                    text, texts.where(key), f"{name}: {platform_id}: {key}", QUESTION_PLACEHOLDERS
                )
                if made:
                    found[key] = made
        platforms[str(platform_id)] = MappingProxyType(found)
    if ask is None or hint is None:
        return None
    return Question(name, ask, hint, tuple(accepts), MappingProxyType(platforms))


def check_questions(directory: Path) -> list[Problem]:
    """Every problem of the rule directory's questions.yaml (none when it has no such file)."""
    if not (directory / FILE).is_file():
        return []
    return list(_read(directory)[1])


@lru_cache(maxsize=8)
def load_questions(directory: Path) -> Questions:
    """The checked questions of a rule directory (the bundled ones when it has none)."""
    questions = prebuilt.section(directory, "questions")
    if questions is None:
        questions, problems = _read(directory)
        raise_problems(problems)
    return questions
