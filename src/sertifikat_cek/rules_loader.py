"""Reads a rule directory and validates it, reporting every problem as file:line:column."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from sertifikat_cek.errors import RulesError
from sertifikat_cek.resources import read_rule_file
from sertifikat_cek.ruleset import (
    OWNERS,
    PARTY_IDS,
    PLACEHOLDERS,
    STATES,
    UNITS,
    Channel,
    Cite,
    DueRule,
    Example,
    Party,
    Platform,
    PlatformStage,
    RuleSet,
    Stage,
    Text,
    Variant,
    normalise_name,
    with_overrides,
)
from sertifikat_cek.yaml_positions import MarkedDict, MarkedList, Position, load_marked

PROGRAMME_FILE = "prakerja.yaml"
PLATFORM_DIR = "platforms"
PLATFORM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

PROGRAMME_KEYS = {"programme", "sources", "stages", "states", "parties", "actions"}
PROGRAMME_STAGE_KEYS = {
    "id",
    "input",
    "answer",
    "owner",
    "name",
    "never_done",
    "findings",
    "actions",
}
ANSWERS = ("date", "yes_no")
PLATFORM_KEYS = {"name", "aliases", "parties", "stages", "examples"}
OVERRIDABLE = {"due", "contact", "findings", "actions", "cites", "note"}
PLATFORM_STAGE_KEYS = {"id", "name", "reminder", "variants"} | OVERRIDABLE
VARIANT_KEYS = {"from", "until"} | OVERRIDABLE
DUE_KEYS = {"after", "days", "unit", "at"}
PARTY_KEYS = {"name", "channels"}
CHANNEL_KEYS = {"kind", "value", "label", "source", "quote"}
CITE_KEYS = {"source", "quote", "summary"}
SOURCE_KEYS = {"title", "publisher", "published", "file", "url"}
EXAMPLE_KEYS = {"name", "inputs", "as_of", "expect"}
EXPECT_KEYS = {"verdict", "due", "contact"}
COMMON_ACTIONS = {"contact", "check_again", "check_again_today"}


@dataclass(frozen=True)
class Problem:
    position: Position
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.message}"


def _suggest(word: object, choices) -> str:
    close = difflib.get_close_matches(str(word), sorted(str(c) for c in choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _normalise_space(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Reader:
    """Collects problems while turning marked YAML data into rule values."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problems: list[Problem] = []
        self.sources: dict = {}
        self.source_texts: dict[str, str] = {}

    # -- generic checks -----------------------------------------------------------------------
    def problem(self, position: Position, message: str) -> None:
        self.problems.append(Problem(position, message))

    def mapping(self, value, position: Position, what: str, allowed: set[str] | None, required=()):
        if not isinstance(value, MarkedDict):
            self.problem(position, f"{what} must be a mapping of keys to values")
            return None
        for key, where in value.duplicates:
            self.problem(where, f"duplicate key {key!r} in {what}")
        for key in value:
            if allowed is not None and key not in allowed:
                self.problem(
                    value.key_where(key),
                    f"unknown key {key!r} in {what}{_suggest(key, allowed)}",
                )
        for key in required:
            if key not in value:
                self.problem(value.where(), f"{what} needs the key {key!r}")
        return value

    def sequence(self, value, position: Position, what: str) -> MarkedList | None:
        if value is None:
            return None
        if not isinstance(value, MarkedList):
            self.problem(position, f"{what} must be a list")
            return None
        return value

    def string(self, value, position: Position, what: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        self.problem(position, f"{what} must be a non-empty text")
        return None

    def text(self, value, position: Position, what: str) -> Text | None:
        data = self.mapping(value, position, what, {"id", "en"})
        if data is None:
            return None
        found = {}
        for lang in ("id", "en"):
            if lang not in data:
                self.problem(data.where(), f"missing translation {lang!r} in {what}")
                continue
            found[lang] = self.string(data[lang], data.where(lang), f"{what} ({lang})")
        if None in found.values() or len(found) < 2:
            return None
        result = Text(found["id"], found["en"])
        unknown = result.placeholders() - PLACEHOLDERS
        for name in sorted(unknown):
            self.problem(
                data.where(),
                f"unknown placeholder {{{name}}} in {what}{_suggest(name, PLACEHOLDERS)}; "
                f"known: {', '.join(sorted(PLACEHOLDERS))}",
            )
        return None if unknown else result

    def day(self, value, position: Position, what: str) -> date | None:
        if isinstance(value, date):
            return value
        self.problem(position, f"{what} must be a date written YYYY-MM-DD, not {value!r}")
        return None

    # -- pieces -------------------------------------------------------------------------------
    def cite(self, value, position: Position) -> Cite | None:
        data = self.mapping(value, position, "a citation", CITE_KEYS, required=("source",))
        if data is None or "source" not in data:
            return None
        source = data["source"]
        if source not in self.sources:
            self.problem(
                data.where("source"),
                f"unknown source {source!r}{_suggest(source, self.sources)}; "
                f"define it under 'sources' in {PROGRAMME_FILE}",
            )
            return None
        quote, summary = data.get("quote"), data.get("summary")
        if quote is None and summary is None:
            self.problem(data.where(), "a citation needs a verbatim 'quote' or a 'summary'")
            return None
        if quote is not None:
            quote = self.string(quote, data.where("quote"), "quote")
            article = self.source_texts.get(source)
            if quote and article is not None and _normalise_space(quote) not in article:
                self.problem(
                    data.where("quote"),
                    f"quote not found word for word in {self.sources[source].get('file')}",
                )
        return Cite(str(source), quote, summary)

    def cites(self, value, position: Position) -> tuple[Cite, ...]:
        items = self.sequence(value, position, "'cites'") or []
        found = (self.cite(item, items.where(i)) for i, item in enumerate(items))
        return tuple(cite for cite in found if cite is not None)

    def party(self, party_id: str, value, position: Position) -> Party | None:
        data = self.mapping(value, position, f"party {party_id!r}", PARTY_KEYS, ("name",))
        if data is None:
            return None
        name = self.text(data.get("name"), data.where("name"), f"the name of party {party_id!r}")
        channels = []
        items = self.sequence(data.get("channels"), data.where("channels"), "'channels'") or []
        for index, item in enumerate(items):
            channel = self.mapping(
                item, items.where(index), "a channel", CHANNEL_KEYS, ("kind", "value", "label")
            )
            if channel is None or not {"kind", "value", "label"} <= set(channel):
                continue
            cite = None
            if "source" in channel:
                cite_data = MarkedDict({k: channel[k] for k in ("source", "quote") if k in channel})
                cite_data.position = channel.position
                cite_data.key_positions = channel.key_positions
                cite_data.value_positions = channel.value_positions
                cite_data.duplicates = []
                if "quote" not in cite_data:
                    cite_data["summary"] = "contact channel"
                cite = self.cite(cite_data, channel.where())
            label = self.text(channel["label"], channel.where("label"), "a channel's label")
            kind = self.string(channel["kind"], channel.where("kind"), "a channel's kind")
            value_text = self.string(str(channel["value"]), channel.where("value"), "value")
            if label and kind and value_text:
                channels.append(Channel(kind, value_text, label, cite))
        if name is None:
            return None
        return Party(party_id, name, tuple(channels))

    def per_state_texts(self, value, position: Position, what: str, allowed_states):
        data = self.mapping(value, position, what, set(allowed_states))
        if data is None:
            return {}
        found = {}
        for state, item in data.items():
            if state in allowed_states:
                text = self.text(item, data.where(state), f"{what} for {state!r}")
                if text:
                    found[state] = text
        return found

    def per_state_actions(self, value, position: Position, allowed_states):
        data = self.mapping(value, position, "'actions'", set(allowed_states))
        if data is None:
            return {}
        found = {}
        for state, items in data.items():
            if state not in allowed_states:
                continue
            items = self.sequence(items, data.where(state), f"actions for {state!r}") or []
            texts = [
                self.text(item, items.where(i), f"an action for {state!r}")
                for i, item in enumerate(items)
            ]
            found[state] = tuple(t for t in texts if t)
        return found

    def due(self, value, position: Position, stage_id: str, earlier: list[str]) -> DueRule | None:
        data = self.mapping(value, position, "'due'", DUE_KEYS, required=("after", "unit"))
        if data is None or not {"after", "unit"} <= set(data):
            return None
        ok = True
        after = data["after"]
        if isinstance(after, str):
            after = [after]
        if not isinstance(after, list) or not after:
            self.problem(
                data.where("after"), "'after' must list the stages the due date counts from"
            )
            return None
        for anchor in after:
            if anchor not in earlier:
                reason = (
                    "is not before this stage in the chain"
                    if anchor == stage_id or anchor in self.stage_order
                    else f"is not a stage{_suggest(anchor, self.stage_order)}"
                )
                self.problem(data.where("after"), f"due of {stage_id!r}: {anchor!r} {reason}")
                ok = False
        unit = data["unit"]
        if unit not in UNITS:
            self.problem(
                data.where("unit"),
                f"unknown unit {unit!r}{_suggest(unit, UNITS)}; use one of {', '.join(UNITS)}",
            )
            ok = False
        days = data.get("days", 0)
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            self.problem(data.where("days"), f"'days' must be a whole number >= 0, not {days!r}")
            ok = False
        at = None
        if unit == "daily_batch":
            raw = data.get("at")
            match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", str(raw)) if raw else None
            if match is None:
                self.problem(data.where("at"), "a daily_batch needs 'at' as HH:MM, e.g. \"14:00\"")
                ok = False
            else:
                at = time(int(match.group(1)), int(match.group(2)))
        elif "at" in data:
            self.problem(data.key_where("at"), "'at' is only for the unit daily_batch")
        return DueRule(tuple(after), unit, days, at) if ok else None

    # -- files --------------------------------------------------------------------------------
    def load_file(self, path: Path):
        try:
            return load_marked(read_rule_file(path), str(path))
        except RulesError as error:
            where = error.where or str(path)
            if where.count(":") >= 2:  # already file:line:column
                file, line, column = where.rsplit(":", 2)
                position = Position(file, int(line), int(column))
            else:
                position = Position(where, 1, 1)
            self.problems.append(Problem(position, error.message))
            return None

    def programme(self, data: MarkedDict):
        # sources first: every citation checks against them
        sources = self.mapping(data.get("sources"), data.where("sources"), "'sources'", None)
        self.sources = {}
        for key, value in (sources or {}).items():
            entry = self.mapping(
                value, sources.where(key), f"source {key!r}", SOURCE_KEYS, ("title",)
            )
            if entry is None:
                continue
            self.sources[key] = dict(entry)
            if "file" in entry:
                file = self.directory / str(entry["file"])
                try:
                    self.source_texts[key] = _normalise_space(file.read_text("utf-8"))
                except OSError:
                    self.problem(
                        entry.where("file"), f"source file {entry['file']!r} cannot be read"
                    )
        programme = self.mapping(
            data.get("programme"), data.where("programme"), "'programme'", {"name"}, ("name",)
        )
        self.programme_name = (
            self.text(programme["name"], programme.where("name"), "the programme name")
            if programme and "name" in programme
            else None
        )
        stages = self.sequence(data.get("stages"), data.where("stages"), "'stages'") or []
        self.stage_order = [s.get("id") for s in stages if isinstance(s, MarkedDict)]
        self.programme_stages: dict[str, Stage] = {}
        self.inputs: dict[str, str] = {}
        for index, item in enumerate(stages):
            entry = self.mapping(
                item, stages.where(index), "a stage", PROGRAMME_STAGE_KEYS, ("id", "owner", "name")
            )
            if entry is None or not {"id", "owner", "name"} <= set(entry):
                continue
            stage_id = entry["id"]
            owner = entry["owner"]
            if owner not in OWNERS:
                self.problem(
                    entry.where("owner"), f"unknown owner {owner!r}{_suggest(owner, OWNERS)}"
                )
            name = self.text(entry["name"], entry.where("name"), f"the name of stage {stage_id!r}")
            findings = (
                self.per_state_texts(
                    entry.get("findings"), entry.where("findings"), "'findings'", STATES[1:]
                )
                if "findings" in entry
                else {}
            )
            actions = (
                self.per_state_actions(entry.get("actions"), entry.where("actions"), STATES[1:])
                if "actions" in entry
                else {}
            )
            input_name = entry.get("input")
            if input_name is not None:
                self.inputs[str(input_name)] = stage_id
            answer = entry.get("answer", "date")
            if answer not in ANSWERS:
                self.problem(entry.where("answer"), f"'answer' must be one of {', '.join(ANSWERS)}")
            self.programme_stages[stage_id] = Stage(
                stage_id,
                name or Text(stage_id, stage_id),
                owner,
                input_name,
                bool(entry.get("never_done", False)),
                answer=answer,
                findings=MappingProxyType(findings),
                actions=MappingProxyType(actions),
            )
        finals = [s.id for s in self.programme_stages.values() if s.never_done]
        if len(finals) != 1 or (finals and finals[0] != self.stage_order[-1]):
            self.problem(data.where("stages"), "exactly one stage, the last, must be never_done")
        self.states = self.per_state_texts(
            data.get("states"), data.where("states"), "'states'", STATES
        )
        for state in STATES:
            if state not in self.states:
                self.problem(data.where("states"), f"'states' needs a name for {state!r}")
        parties = self.mapping(
            data.get("parties"), data.where("parties"), "'parties'", set(PARTY_IDS)
        )
        self.programme_parties = {}
        for key, value in (parties or {}).items():
            party = self.party(key, value, parties.where(key))
            if party:
                self.programme_parties[key] = party
        actions = self.mapping(
            data.get("actions"),
            data.where("actions"),
            "'actions'",
            COMMON_ACTIONS,
            tuple(COMMON_ACTIONS),
        )
        self.common_actions = {}
        for key, value in (actions or {}).items():
            text = self.text(value, actions.where(key), f"action {key!r}")
            if text:
                self.common_actions[key] = text

    def platform(self, platform_id: str, data: MarkedDict, file: str) -> Platform | None:
        if not PLATFORM_ID.match(platform_id):
            self.problem(
                data.where(),
                f"platform id {platform_id!r} (the file name) must be lower-case letters, digits and dashes",
            )
        name = self.string(data.get("name"), data.where("name"), "'name'")
        aliases = self.sequence(
            data.get("aliases", MarkedList()), data.where("aliases"), "'aliases'"
        )
        alias_list = [str(a) for a in aliases or []]
        parties = {}
        party_data = self.mapping(
            data.get("parties", MarkedDict()),
            data.where("parties"),
            "'parties'",
            {"institution", "platform"},
        )
        for key, value in (party_data or {}).items():
            if key in ("institution", "platform"):
                party = self.party(key, value, party_data.where(key))
                if party:
                    parties[key] = party
        known_parties = set(parties) | set(self.programme_parties)
        stages = self.sequence(data.get("stages"), data.where("stages"), "'stages'") or []
        built: list[PlatformStage] = []
        seen: list[str] = []
        for index, item in enumerate(stages):
            entry = self.mapping(item, stages.where(index), "a stage", PLATFORM_STAGE_KEYS, ("id",))
            if entry is None or "id" not in entry:
                continue
            stage_id = entry["id"]
            if stage_id not in self.programme_stages:
                self.problem(
                    entry.where("id"),
                    f"unknown stage id {stage_id!r}{_suggest(stage_id, self.stage_order)}; stages are {', '.join(self.stage_order)}",
                )
                continue
            if stage_id in seen:
                self.problem(entry.where("id"), f"stage {stage_id!r} is listed twice")
                continue
            if seen and self.stage_order.index(stage_id) < self.stage_order.index(seen[-1]):
                self.problem(
                    entry.where("id"),
                    f"stage {stage_id!r} must come before {seen[-1]!r} (order: {', '.join(self.stage_order)})",
                )
            platform_stage = self.platform_stage(entry, list(seen), known_parties)
            seen.append(stage_id)
            if platform_stage:
                built.append(platform_stage)
        final = self.stage_order[-1] if self.stage_order else None
        if final and final not in seen:
            self.problem(data.where("stages"), f"the chain must end with the stage {final!r}")
        examples = self.examples(data.get("examples"), data.where("examples"), set(self.inputs))
        if name is None:
            return None
        return Platform(
            platform_id,
            name,
            tuple(alias_list),
            MappingProxyType(parties),
            tuple(built),
            examples,
            file,
        )

    def overrides(self, entry: MarkedDict, base: Stage, earlier: list[str], known_parties) -> dict:
        changes: dict = {}
        stage_id = base.id
        if "due" in entry:
            changes["due"] = self.due(entry["due"], entry.where("due"), stage_id, earlier)
        if "contact" in entry:
            contact = self.mapping(
                entry["contact"], entry.where("contact"), "'contact'", set(STATES)
            )
            found = {}
            for state, party in (contact or {}).items():
                if state in ("done", "waiting"):
                    self.problem(
                        contact.key_where(state), f"no one is contacted while a stage is {state!r}"
                    )
                elif base.owner == "participant":
                    self.problem(
                        contact.key_where(state),
                        f"{stage_id!r} is the participant's own step: it has no contact",
                    )
                elif party not in known_parties:
                    self.problem(
                        contact.where(state),
                        f"contact {party!r} is not a defined party{_suggest(party, known_parties)}; defined: {', '.join(sorted(known_parties))}",
                    )
                elif state in STATES:
                    found[state] = party
            changes["contact"] = MappingProxyType(found)
        if "findings" in entry:
            merged = dict(base.findings)
            merged.update(
                self.per_state_texts(
                    entry["findings"], entry.where("findings"), "'findings'", STATES[1:]
                )
            )
            changes["findings"] = MappingProxyType(merged)
        if "actions" in entry:
            merged = dict(base.actions)
            merged.update(
                self.per_state_actions(entry["actions"], entry.where("actions"), STATES[1:])
            )
            changes["actions"] = MappingProxyType(merged)
        if "cites" in entry:
            changes["cites"] = self.cites(entry["cites"], entry.where("cites"))
        if "note" in entry:
            changes["note"] = self.text(entry["note"], entry.where("note"), "'note'")
        return changes

    def platform_stage(
        self, entry: MarkedDict, earlier: list[str], known_parties
    ) -> PlatformStage | None:
        stage_id = entry["id"]
        base = self.programme_stages[stage_id]
        if "name" in entry:
            name = self.text(entry["name"], entry.where("name"), f"the name of stage {stage_id!r}")
            base = with_overrides(base, name=name or base.name)
        if entry.get("reminder"):
            base = with_overrides(base, reminder=True)
        base = with_overrides(base, **self.overrides(entry, base, earlier, known_parties))
        variants = []
        items = self.sequence(entry.get("variants"), entry.where("variants"), "'variants'") or []
        for index, item in enumerate(items):
            variant = self.mapping(item, items.where(index), "a dated variant", VARIANT_KEYS)
            if variant is None:
                continue
            start = (
                self.day(variant["from"], variant.where("from"), "'from'")
                if "from" in variant
                else None
            )
            end = (
                self.day(variant["until"], variant.where("until"), "'until'")
                if "until" in variant
                else None
            )
            if start is None and end is None:
                self.problem(variant.where(), "a dated variant needs 'from', 'until' or both")
                continue
            if start and end and end < start:
                self.problem(variant.where("until"), f"'until' {end} is before 'from' {start}")
                continue
            for other in variants:
                if _overlap(start, end, other.start, other.end):
                    self.problem(
                        variant.where(),
                        f"dated variants of {stage_id!r} overlap ({start or '...'} to {end or '...'} and {other.start or '...'} to {other.end or '...'})",
                    )
            stage = with_overrides(base, **self.overrides(variant, base, earlier, known_parties))
            variants.append(Variant(start, end, stage))
        for stage in [base, *(v.stage for v in variants)]:
            self.check_reachable(stage, entry)
        return PlatformStage(base, tuple(variants))

    def check_reachable(self, stage: Stage, entry: MarkedDict) -> None:
        """Every state a verdict can take for this stage needs a finding."""
        if stage.never_done:
            states = ("missing",) if stage.due is None else ("waiting", "overdue", "missing")
        elif stage.due is None:
            states = ("missing", "unknown")
        else:
            states = ("missing", "unknown", "waiting", "overdue")
        for state in states:
            if state not in stage.findings:
                self.problem(
                    entry.where(),
                    f"stage {stage.id!r} can be {state!r} but has no finding for it; add findings: {state}: {{id: ..., en: ...}}",
                )

    def examples(self, value, position: Position, inputs: set[str]) -> tuple[Example, ...]:
        items = self.sequence(value, position, "'examples'") or []
        found = []
        for index, item in enumerate(items):
            entry = self.mapping(
                item,
                items.where(index),
                "an example",
                EXAMPLE_KEYS,
                ("name", "inputs", "as_of", "expect"),
            )
            if entry is None or not set(entry) >= EXAMPLE_KEYS:
                continue
            given = self.mapping(entry["inputs"], entry.where("inputs"), "'inputs'", inputs)
            expect = self.mapping(
                entry["expect"], entry.where("expect"), "'expect'", EXPECT_KEYS, ("verdict",)
            )
            if given is None or expect is None or "verdict" not in expect:
                continue
            due = expect.get("due")
            if due is not None and not isinstance(due, date):
                self.problem(expect.where("due"), f"'due' must be YYYY-MM-DD or null, not {due!r}")
                due = None
            found.append(
                Example(
                    str(entry["name"]),
                    MappingProxyType({k: _as_input_text(v) for k, v in given.items()}),
                    _as_input_text(entry["as_of"]),
                    str(expect["verdict"]),
                    due,
                    expect.get("contact"),
                    str(entry.where()),
                )
            )
        return tuple(found)


def _as_input_text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    low = date.min
    high = date.max
    return (a_start or low) <= (b_end or high) and (b_start or low) <= (a_end or high)


def rules_version(directory: Path) -> str:
    """A short hash of every rule file's content, so a result can be replayed."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.yaml")):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(b"\0")
        digest.update(read_rule_file(path).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def check_rules(directory: Path) -> tuple[RuleSet | None, list[Problem]]:
    """Read and validate a rule directory: the rule set (None if invalid) and every problem."""
    reader = _Reader(directory)
    programme_path = directory / PROGRAMME_FILE
    if not programme_path.is_file():
        raise RulesError(f"no {PROGRAMME_FILE} in the rule directory", where=str(directory))
    data = reader.load_file(programme_path)
    if data is None:
        return None, reader.problems
    top = reader.mapping(
        data,
        Position(str(programme_path), 1, 1),
        PROGRAMME_FILE,
        PROGRAMME_KEYS,
        tuple(PROGRAMME_KEYS),
    )
    if top is None:
        return None, reader.problems
    reader.programme(top)
    platforms: dict[str, Platform] = {}
    aliases: dict[str, str] = {}
    platform_dir = directory / PLATFORM_DIR
    files = sorted(platform_dir.glob("*.yaml")) + sorted(platform_dir.glob("*.yml"))
    if not files:
        reader.problem(Position(str(platform_dir), 0, 0), "no platform files (platforms/<id>.yaml)")
    for path in files:
        content = reader.load_file(path)
        if content is None:
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
        if platform.id in platforms:
            reader.problem(
                checked.where(),
                f"platform id {platform.id!r} is defined twice ({platforms[platform.id].file})",
            )
            continue
        names = [platform.id, platform.name, *platform.aliases]
        for index, alias in enumerate(names):
            key = normalise_name(alias)
            owner = aliases.get(key)
            if owner is not None and owner != platform.id:
                where = checked["aliases"].where(index - 2) if index >= 2 else checked.where("name")
                reader.problem(where, f"alias {alias!r} is already used by platform {owner!r}")
            else:
                aliases[key] = platform.id
        platforms[platform.id] = platform
    if reader.problems:
        return None, reader.problems
    ruleset = RuleSet(
        programme=reader.programme_name or Text("Kartu Prakerja", "Kartu Prakerja"),
        stage_order=tuple(reader.stage_order),
        inputs=MappingProxyType(dict(reader.inputs)),
        states=MappingProxyType(dict(reader.states)),
        parties=MappingProxyType(dict(reader.programme_parties)),
        actions=MappingProxyType(dict(reader.common_actions)),
        sources=MappingProxyType(dict(reader.sources)),
        platforms=MappingProxyType(platforms),
        version=rules_version(directory),
        directory=str(directory),
        aliases=MappingProxyType(aliases),
    )
    return ruleset, []


def load_rules(directory: Path) -> RuleSet:
    """The validated rule set; RulesError with every problem (one per line) when invalid."""
    ruleset, problems = check_rules(directory)
    if ruleset is None:
        first = str(problems[0]) if problems else "invalid rules"
        more = (
            f" (and {len(problems) - 1} more problems: run 'sertifikat-cek rules check')"
            if len(problems) > 1
            else ""
        )
        raise RulesError(first + more, problems=problems)
    return ruleset


@lru_cache(maxsize=8)
def load_rules_cached(directory: Path) -> RuleSet:
    """load_rules, once per directory per process."""
    return load_rules(directory)
