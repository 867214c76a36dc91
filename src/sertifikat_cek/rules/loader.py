"""Reads a rule directory and validates it, reporting every problem as file:line:column.

`check_rules(directory)` reads prakerja.yaml and platforms/*.yaml, then runs the validators of
other rule files named in VALIDATORS, and returns the rule set (None when anything is wrong) with
every problem. `load_rules` raises on the first problem; `load_rules_cached` (in `cached`, what
diagnose and batch use) calls it once per directory, or takes the bundled rules pre-built."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from types import MappingProxyType

from sertifikat_cek.errors import RulesError
from sertifikat_cek.rules.cached import load_rules_cached
from sertifikat_cek.rules.checker import (
    Problem,
    problem_from_error,
    sort_problems,
)
from sertifikat_cek.rules.location import read_rule_file
from sertifikat_cek.rules.platform_reader import PLATFORM_KEYS, PlatformReader
from sertifikat_cek.rules.positions import MarkedDict, MarkedList, Position
from sertifikat_cek.rules.programme_reader import PLATFORM_DIR, PROGRAMME_FILE, PROGRAMME_KEYS
from sertifikat_cek.rules.ruleset import (
    Platform,
    RuleSet,
    Text,
    normalise_name,
)

__all__ = [
    "VALIDATORS",
    "Problem",
    "Validator",
    "check_rules",
    "load_rules",
    "load_rules_cached",
    "register_validator",
    "rules_version",
]

PLATFORM_SUFFIXES = (".yaml", ".yml")

# -- validators of other rule files ---------------------------------------------------------------
Validator = Callable[[Path], list[Problem]]

# Checks that check_rules runs after the platform rules, so `rules check`, diagnose and batch all
# validate the same way. Each is a function (directory: Path) -> list[Problem], or its name as
# "module:function" (imported only when rules are checked). A validator that needs the platform
# rules calls check_rules(directory, validators=()).
VALIDATORS: list[Validator | str] = [
    "sertifikat_cek.decide.questions:check_questions",  # rules/questions.yaml (guided questions)
    "sertifikat_cek.decide.replies:check_replies",  # rules/replies.yaml (ready-to-send replies)
    "sertifikat_cek.info.reader:check_info",  # rules/info.yaml (incentives, registration)
    "sertifikat_cek.rules.columns:check_columns",  # rules/columns.yaml (batch header words)
]
DEFAULT_VALIDATORS = list(VALIDATORS)  # those the pre-built rules were checked with


def register_validator(validator: Validator | str) -> Validator | str:
    """Add a validator to VALIDATORS (once); usable as a decorator."""
    if validator not in VALIDATORS:
        VALIDATORS.append(validator)
    return validator


def _resolve(validator: Validator | str) -> Validator:
    if callable(validator):
        return validator
    module, _, name = validator.partition(":")
    return getattr(importlib.import_module(module), name)


def _platform_files(reader: PlatformReader, directory: Path) -> list[Path]:
    platform_dir = directory / PLATFORM_DIR
    where = Position(str(platform_dir), 1, 1)
    if not platform_dir.is_dir():
        reader.problem(where, "no platforms directory: add platforms/<id>.yaml files")
        return []
    try:
        files = sorted(
            path
            for path in platform_dir.iterdir()
            if path.suffix in PLATFORM_SUFFIXES and not path.name.startswith(".")
        )
    except OSError as error:
        reader.problem(where, f"cannot be read: {error.strerror}")
        return []
    if not files:
        reader.problem(where, "no platform files (platforms/<id>.yaml)")
    return files


def _check_names(
    reader: PlatformReader, found: list[tuple[Platform, MarkedDict]]
) -> dict[str, str]:
    """Platform ids, names and aliases, normalised, each naming one platform only."""
    owners: dict[str, str] = {}
    files = {platform.id: platform.file for platform, _ in found}
    for platform, _ in found:  # ids first: an id is never taken by another platform's alias
        owner = owners.setdefault(normalise_name(platform.id), platform.id)
        if owner != platform.id:
            reader.problem(
                Position(platform.file, 1, 1),
                f"platform id {platform.id!r} reads the same as {owner!r} ({files[owner]}); "
                "rename one of the files",
            )
    for platform, data in found:
        names = [(platform.name, data.where("name"))]
        aliases = data.get("aliases")
        if isinstance(aliases, MarkedList):
            names += [(alias, aliases.where(i)) for i, alias in enumerate(platform.aliases)]
        for alias, where in names:
            key = normalise_name(alias)
            owner = owners.setdefault(key, platform.id)
            if owner != platform.id:
                reader.problem(
                    where,
                    f"alias {alias!r} is already used by platform {owner!r} ({files[owner]}); "
                    "a name may lead to one platform only",
                )
    return owners


def rules_version(directory: Path) -> str:
    """A short hash of every rule file's content, so a result can be replayed."""
    import hashlib  # a few ms of start-up: not needed when the rules are read pre-built

    digest = hashlib.sha256()
    paths = [p for suffix in PLATFORM_SUFFIXES for p in directory.rglob(f"*{suffix}")]
    for path in sorted(paths):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(b"\0")
        digest.update(read_rule_file(path).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def check_rules(
    directory: Path, validators: Iterable[Validator | str] | None = None
) -> tuple[RuleSet | None, list[Problem]]:
    """Read and validate a rule directory: the rule set (None if invalid) and every problem.

    `validators` (default: VALIDATORS) check the directory's other rule files. Raises RulesError
    only when `directory` is not a rule directory at all (no prakerja.yaml)."""
    reader = PlatformReader(directory)
    programme_path = directory / PROGRAMME_FILE
    if not programme_path.is_file():
        raise RulesError(
            f"no {PROGRAMME_FILE} here: a rule directory holds {PROGRAMME_FILE}, "
            f"{PLATFORM_DIR}/<id>.yaml and calendar.yaml (copy the bundled rules to start)",
            where=str(directory),
        )
    data = reader.load_file(programme_path)
    top = (
        reader.mapping(
            data,
            Position(str(programme_path), 1, 1),
            PROGRAMME_FILE,
            PROGRAMME_KEYS,
            sorted(PROGRAMME_KEYS),
        )
        if reader.problems == []
        else None
    )
    if top is not None:
        reader.programme(top)
    found: list[tuple[Platform, MarkedDict]] = []
    ids: dict[str, str] = {}
    for path in _platform_files(reader, directory):
        content = reader.load_file(path)
        if content is None or top is None or not reader.programme_stages:
            continue
        file = str(path)
        checked = reader.mapping(
            content, Position(file, 1, 1), path.name, PLATFORM_KEYS, ("name", "stages")
        )
        if checked is None:
            continue
        platform = reader.platform(path.stem, checked, file)
        if platform is None:
            continue
        if platform.id in ids:
            reader.problem(
                Position(file, 1, 1),
                f"platform id {platform.id!r} is defined twice: also in {ids[platform.id]}",
            )
            continue
        ids[platform.id] = file
        found.append((platform, checked))
    aliases = _check_names(reader, found)
    for validator in VALIDATORS if validators is None else validators:
        try:
            reader.problems.extend(_resolve(validator)(directory))
        except RulesError as error:
            reader.problems.append(problem_from_error(error, str(directory)))
    if reader.problems:
        return None, sort_problems(reader.problems)
    try:
        version = rules_version(directory)
    except RulesError as error:
        return None, [problem_from_error(error, str(directory))]
    ruleset = RuleSet(
        programme=reader.programme_name or Text("Kartu Prakerja", "Kartu Prakerja"),
        stage_order=tuple(reader.stage_order),
        inputs=MappingProxyType(dict(reader.inputs)),
        states=MappingProxyType(dict(reader.states)),
        parties=MappingProxyType(dict(reader.programme_parties)),
        actions=MappingProxyType(dict(reader.common_actions)),
        sources=MappingProxyType(dict(reader.sources)),
        platforms=MappingProxyType({platform.id: platform for platform, _ in found}),
        version=version,
        directory=str(directory),
        aliases=MappingProxyType(aliases),
        case_day_input=reader.case_day_input,
    )
    return ruleset, []


def load_rules(directory: Path) -> RuleSet:
    """The validated rule set; RulesError naming the first problem (and how many more)."""
    ruleset, problems = check_rules(directory)
    if ruleset is None:
        first = str(problems[0]) if problems else "invalid rules"
        more = (
            f" (and {len(problems) - 1} more: run 'sertifikat-cek rules check {directory}')"
            if len(problems) > 1
            else ""
        )
        raise RulesError(first + more, problems=problems)
    return ruleset
