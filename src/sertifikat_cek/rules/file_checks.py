"""Checking of the smaller rule files (questions, replies, info) on top of `rule_checker`.

Each file is read with `yaml_positions.load_marked`, so every problem is a `Problem` at
file:line:column. The facts they are checked against (stage ids, inputs, sources, platform ids)
come from a light read of the rule directory's prakerja.yaml and platform file names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sertifikat_cek.errors import RulesError
from sertifikat_cek.rules import checker as rule_checker
from sertifikat_cek.rules.checker import Problem, suggest
from sertifikat_cek.rules.location import bundled_rules_dir, read_rule_file
from sertifikat_cek.rules.positions import Position
from sertifikat_cek.rules.programme_reader import (
    PLATFORM_DIR,
    PROGRAMME_FILE,
    normalise_space,
    source_path,
)
from sertifikat_cek.rules.ruleset import Cite, Text

# The stage ids when prakerja.yaml cannot be read (its own problem is reported by the rule loader).
STAGE_IDS = (
    "account_name",
    "completion",
    "rating",
    "institution_report",
    "platform_report",
    "certificate",
)


def rule_file(directory: Path, name: str) -> Path:
    """`directory/name`, or the bundled file when the directory has none (older rule dirs)."""
    path = directory / name
    return path if path.is_file() else bundled_rules_dir() / name


def open_rule_file(directory: Path, name: str) -> tuple[Checker, object | None]:
    """The Checker of the rule file `name` of `directory` (see rule_file) and its marked data;
    None for the data when the file cannot be read or parsed (the Checker's problems say why)."""
    check = Checker(rule_file(directory, name))
    return check, check.load()


@dataclass(frozen=True)
class ProgrammeFacts:
    """What the other rule files of a directory define, as far as they can be read."""

    stage_ids: tuple[str, ...] = STAGE_IDS
    inputs: dict[str, str] = field(default_factory=dict)  # input -> answer (date / yes_no)
    sources: dict[str, dict] = field(default_factory=dict)
    source_texts: dict[str, str] = field(default_factory=dict)
    platform_ids: frozenset[str] = frozenset()


@lru_cache(maxsize=8)
def programme_facts(directory: Path) -> ProgrammeFacts:
    """Stage ids, inputs, sources and platform ids of a rule directory (best effort: the rule
    loader reports problems in those files; here a file that cannot be read gives no facts)."""
    import yaml

    from sertifikat_cek.rules.yaml_positions import load_bounded

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # no positions needed: the C parser
    path = directory / PROGRAMME_FILE
    try:
        data = load_bounded(read_rule_file(path), str(path), loader)
    except (RulesError, ValueError):  # ValueError: a date that does not exist
        data = None
    stage_ids: list[str] = []
    inputs: dict[str, str] = {}
    sources: dict[str, dict] = {}
    texts: dict[str, str] = {}
    data = data if isinstance(data, dict) else {}
    stages = data.get("stages")
    for stage in stages if isinstance(stages, list) else []:
        if isinstance(stage, dict) and "id" in stage:
            stage_ids.append(str(stage["id"]))
            if stage.get("input"):
                inputs[str(stage["input"])] = str(stage.get("answer", "date"))
    listed = data.get("sources")
    if isinstance(listed, dict):
        for key, value in listed.items():
            if not isinstance(value, dict):
                continue
            sources[str(key)] = dict(value)
            file = source_path(directory, value["file"]) if "file" in value else None
            if file is not None:
                try:
                    text = read_rule_file(file)
                except RulesError:
                    continue
                texts[str(key)] = normalise_space(text)
    platforms = frozenset(p.stem for p in (directory / PLATFORM_DIR).glob("*.y*ml"))
    return ProgrammeFacts(tuple(stage_ids) or STAGE_IDS, inputs, sources, texts, platforms)


class Checker(rule_checker.Checker):
    """rule_checker's Checker for one file, with whole numbers, groups of texts, and citations of
    prakerja.yaml's sources or the file's own."""

    def __init__(self, path: Path) -> None:
        super().__init__(path.parent)
        self.path = path

    def top(self) -> Position:
        return Position(str(self.path), 1, 1)

    def load(self):
        """The file's marked data, or None (with a problem) when it cannot be read or parsed,
        or holds nothing (empty, only comments: a file cut short, most often)."""
        data = self.load_file(self.path)
        if data is None and not self.problems:
            self.problem(
                self.top(),
                f"{self.path.name} is empty (or only comments); restore it from the bundled "
                "rules, or remove it to use the bundled one",
            )
        return data

    def whole(self, value, position: Position, what: str, minimum: int = 0) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return value
        self.problem(position, f"{what} must be a whole number >= {minimum}, not {value!r}")
        return None

    def texts(
        self, top, key: str, allowed: Mapping[str, frozenset[str]], item: str = "{key}: {name}"
    ) -> dict[str, Text]:
        """The texts under `top[key]`: every key of `allowed`, each with its own placeholders
        (`item` names one of them in a problem, from {key} and {name})."""
        data = self.mapping(top.get(key), top.where(key), f"'{key}'", set(allowed), tuple(allowed))
        found = {}
        for name, value in (data or {}).items():
            if name in allowed:
                what = item.format(key=key, name=name)
                text = self.text(value, data.where(name), what, allowed[name])
                if text:
                    found[name] = text
        return found

    def cite(self, value, position: Position, facts: ProgrammeFacts, local: dict) -> Cite | None:
        """A citation of a source defined in prakerja.yaml or in this file's own `sources`."""
        data = self.mapping(value, position, "a citation", {"source", "quote", "summary"})
        if data is None:
            return None
        if data.get("quote") is None and data.get("summary") is None:
            self.problem(data.where(), "a citation needs a verbatim 'quote' or a 'summary'")
            return None
        summary = None
        if data.get("summary") is not None:
            summary = self.text(data["summary"], data.where("summary"), "a citation's summary")
            if summary is None:
                return None
        return self.source_cite(
            data.get("source"),
            data.where("source"),
            data.get("quote"),
            data.where("quote"),
            summary,
            facts,
            local,
        )

    def source_cite(
        self, source, source_at: Position, quote, quote_at: Position, summary, facts, local
    ) -> Cite | None:
        """A citation from its parts; a quote must be found word for word in the source file."""
        known = {**facts.sources, **local}
        if source not in known:
            self.problem(
                source_at,
                f"unknown source {source!r}{suggest(source, known)}; define it under 'sources' "
                f"in {PROGRAMME_FILE} or in this file",
            )
            return None
        if quote is not None:
            quote = self.string(quote, quote_at, "quote")
            article = facts.source_texts.get(source)
            if quote and article is not None and normalise_space(quote) not in article:
                self.problem(
                    quote_at, f"quote not found word for word in {known[source].get('file')}"
                )
                return None
        return Cite(str(source), quote, summary)

    def cites(self, value, position: Position, facts: ProgrammeFacts, local: dict):
        items = self.sequence(value, position, "'cites'") or []
        found = (self.cite(item, items.where(i), facts, local) for i, item in enumerate(items))
        return tuple(cite for cite in found if cite is not None)


def raise_problems(problems: list[Problem]) -> None:
    """Fail like load_rules: the first problem, and how many more."""
    if problems:
        more = (
            f" (and {len(problems) - 1} more problems: run 'sertifikat-cek rules check')"
            if len(problems) > 1
            else ""
        )
        raise RulesError(str(problems[0]) + more, problems=problems)
