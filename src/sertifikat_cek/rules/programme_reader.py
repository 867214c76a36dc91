"""Reads prakerja.yaml, and the pieces every rule file shares: citations, parties and their
channels, messages per state, due rules. Every mistake becomes a Problem at file:line:column."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from types import MappingProxyType

from sertifikat_cek.errors import RulesError
from sertifikat_cek.rules.checker import Checker, suggest
from sertifikat_cek.rules.location import read_rule_file
from sertifikat_cek.rules.positions import MarkedDict, MarkedList, Position
from sertifikat_cek.rules.ruleset import (
    BASES,
    CUSTOMARY_STATES,
    OWNERS,
    PARTY_IDS,
    STATES,
    UNITS,
    Channel,
    Cite,
    DueRule,
    Party,
    Stage,
    Text,
)

PROGRAMME_FILE = "prakerja.yaml"
PLATFORM_DIR = "platforms"
PROGRAMME_KEYS = {
    "programme",
    "sources",
    "stages",
    "states",
    "parties",
    "actions",
    "changes",
    "case_day_stage",
}
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
DUE_KEYS = {"after", "days", "unit", "at", "basis", "cites", "note"}
CHANGE_KEYS = {"from", "until", "confirmed_until", "without", "due", "cites"}
PARTY_KEYS = {"name", "channels"}
CHANNEL_KEYS = {"kind", "value", "label", "source", "quote"}
CITE_KEYS = {"source", "quote", "summary"}
# `described`: the source in our words, in each language, for one cited without its own headline
# (shown to people instead of `title`, which stays in the JSON)
SOURCE_KEYS = {"title", "publisher", "published", "file", "url", "note", "described"}
# check_again counts working days (a rule in working days), check_again_calendar calendar days
# (calendar_days, daily_batch); `_one` is the text for a count of 1 (DOMAIN.md 3 and 6.4)
COMMON_ACTIONS = {
    "contact",
    "check_again",
    "check_again_one",
    "check_again_calendar",
    "check_again_calendar_one",
    "check_again_today",
}
INPUT_NAME = re.compile(r"[a-z][a-z0-9_]*")
CHANNEL_SUMMARY = {"id": "saluran kontak", "en": "contact channel"}
CUSTOMARY_KEYS = tuple(f"{state}_customary" for state in CUSTOMARY_STATES)


@dataclass(frozen=True)
class DatedChange:
    """A dated change of the chain read from a rule file: in force from `start` to `end`
    (both included, None open), it drops the stages `without` and sets due rules by stage id.
    Programme-wide changes live in prakerja.yaml; a platform's own come from its stage variants
    and win over the programme's for the same stage and day."""

    start: date | None
    end: date | None
    confirmed_until: date | None
    without: tuple[str, ...]
    due: Mapping[str, DueRule]
    cites: tuple[Cite, ...]
    where: Position

    def applies(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def normalise_space(text: str) -> str:
    """The text with its white space folded and its case folded, to find a quote in a source."""
    return " ".join(text.split()).casefold()


def source_path(directory: Path, name: object) -> Path | None:
    """The text file of a source, or None when its name leads outside the rule directory (or is
    no file name at all: one with a NUL character)."""
    try:
        file = (directory / str(name)).resolve()
    except ValueError:
        return None
    return file if file.is_relative_to(directory.resolve()) else None


def hashable(value) -> bool:
    """Whether `value` can be looked up in a set or as a key (YAML lists and mappings cannot)."""
    return not isinstance(value, list | dict)


class ProgrammeReader(Checker):
    """Collects problems while turning prakerja.yaml (and shared pieces) into rule values."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.sources: dict = {}
        self.source_texts: dict[str, str] = {}
        self.stage_order: list = []
        self.programme_name: Text | None = None
        self.programme_stages: dict[str, Stage] = {}
        self.programme_parties: dict[str, Party] = {}
        self.common_actions: dict[str, Text] = {}
        self.inputs: dict[str, str] = {}
        self.states: dict[str, Text] = {}
        self.changes: list[DatedChange] = []
        self.case_day_input: str | None = None

    # -- pieces -------------------------------------------------------------------------------
    def cite(self, value, position: Position) -> Cite | None:
        data = self.mapping(value, position, "a citation", CITE_KEYS, required=("source",))
        if data is None or "source" not in data:
            return None
        source = data["source"]
        if not hashable(source) or source not in self.sources:
            self.problem(
                data.where("source"),
                f"unknown source {source!r}{suggest(source, self.sources)}; "
                f"define it under 'sources' in {PROGRAMME_FILE}",
            )
            return None
        quote, summary = data.get("quote"), data.get("summary")
        file = self.sources[source].get("file")
        if file is not None and quote is None:
            self.problem(
                data.where(),
                f"source {source!r} has its text in {file}: cite it with a 'quote' copied word "
                "for word",
            )
            return None
        if quote is None and summary is None:
            self.problem(data.where(), f"a citation of {source!r} needs a 'summary' (or a 'quote')")
            return None
        if quote is not None:
            quote = self.string(quote, data.where("quote"), "quote")
            article = self.source_texts.get(source)
            if quote and article is not None and normalise_space(quote) not in article:
                self.problem(
                    data.where("quote"),
                    f"quote not found word for word in {self.sources[source].get('file')}; "
                    "copy the sentence exactly (spaces and line breaks do not matter)",
                )
        if summary is not None:
            summary = self.text(summary, data.where("summary"), f"the summary of {source!r}")
        return Cite(str(source), quote, summary)

    def cites(self, value, position: Position) -> tuple[Cite, ...]:
        items = self.sequence(value, position, "'cites'") or []
        found = (self.cite(item, items.where(i)) for i, item in enumerate(items))
        return tuple(cite for cite in found if cite is not None)

    def channel(self, item, position: Position) -> Channel | None:
        channel = self.mapping(
            item, position, "a channel", CHANNEL_KEYS, ("kind", "value", "label")
        )
        if channel is None or not {"kind", "value", "label"} <= set(channel):
            return None
        cite = None
        if "source" in channel:
            cite_data = MarkedDict({k: channel[k] for k in ("source", "quote") if k in channel})
            cite_data.position = channel.position
            cite_data.key_positions = channel.key_positions
            cite_data.value_positions = channel.value_positions
            cite_data.duplicates = []
            if "quote" not in cite_data:
                summary = MarkedDict(CHANNEL_SUMMARY)
                summary.position = channel.position
                summary.key_positions = summary.value_positions = {}
                summary.duplicates = []
                cite_data["summary"] = summary
            cite = self.cite(cite_data, channel.where())
        elif "quote" in channel:
            self.problem(channel.key_where("quote"), "a 'quote' needs the 'source' it comes from")
        label = self.text(channel["label"], channel.where("label"), "a channel's label")
        kind = self.string(channel["kind"], channel.where("kind"), "a channel's kind")
        value = self.string(str(channel["value"]), channel.where("value"), "a channel's value")
        if label and kind and value:
            return Channel(kind, value, label, cite)
        return None

    def party(self, party_id: str, value, position: Position) -> Party | None:
        data = self.mapping(value, position, f"party {party_id!r}", PARTY_KEYS, ("name",))
        if data is None or "name" not in data:
            return None
        name = self.text(data["name"], data.where("name"), f"the name of party {party_id!r}")
        items = self.sequence(data.get("channels"), data.where("channels"), "'channels'") or []
        channels = [self.channel(item, items.where(i)) for i, item in enumerate(items)]
        if name is None:
            return None
        return Party(party_id, name, tuple(c for c in channels if c))

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

    def due(self, value, position: Position, stage_id: str, chain: Chain) -> DueRule | None:
        data = self.mapping(value, position, "'due'", DUE_KEYS, required=("after", "unit"))
        if data is None or not {"after", "unit"} <= set(data):
            return None
        ok = True
        after = data["after"]
        if isinstance(after, str):
            after = MarkedList([after])
            after.position = data.where("after")
            after.item_positions = [data.where("after")]
        if not isinstance(after, MarkedList) or not after:
            self.problem(
                data.where("after"), "'after' must list the stages the due date counts from"
            )
            return None
        for index, anchor in enumerate(after):
            reason = chain.anchor_problem(anchor, stage_id, self.stage_order)
            if reason:
                self.problem(after.where(index), f"due of {stage_id!r}: {anchor!r} {reason}")
                ok = False
            elif reason is None:  # a consequence of a misspelled stage id, reported already
                ok = False
        unit = data["unit"]
        if unit not in UNITS:
            self.problem(
                data.where("unit"),
                f"unknown unit {unit!r}{suggest(unit, UNITS)}; use one of {', '.join(UNITS)}",
            )
            ok = False
        days = data.get("days", 0)
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            self.problem(data.where("days"), f"'days' must be a whole number >= 0, not {days!r}")
            ok = False
        at = None
        if unit == "daily_batch":
            raw = data.get("at")
            match = CLOCK.fullmatch(raw) if isinstance(raw, str) else None
            if match is None:
                hint = (
                    ' (without quotes YAML reads a time as a number: write at: "14:00")'
                    if isinstance(raw, int)
                    else ""
                )
                self.problem(
                    data.where("at"), f'a daily_batch needs \'at\' as "HH:MM", e.g. "14:00"{hint}'
                )
                ok = False
            else:
                at = time(int(match.group(1)), int(match.group(2)))
        elif "at" in data:
            self.problem(data.key_where("at"), "'at' is only for the unit daily_batch")
        basis = data.get("basis", "published")
        if basis not in BASES:
            self.problem(
                data.where("basis"),
                f"unknown basis {basis!r}{suggest(basis, BASES)}; use published (a source states "
                "the deadline) or customary (a source reports it as usual practice)",
            )
            ok = False
        cites = self.cites(data["cites"], data.where("cites")) if "cites" in data else ()
        if "cites" not in data:
            self.problem(
                data.where(),
                f"due of {stage_id!r} needs 'cites': the source that states or reports it",
            )
        note = (
            self.text(data["note"], data.where("note"), "a due rule's note")
            if "note" in data
            else None
        )
        return DueRule(tuple(after), unit, days, at, basis, tuple(cites), note) if ok else None

    # -- prakerja.yaml -------------------------------------------------------------------------
    def programme(self, data: MarkedDict) -> None:
        if "sources" in data:  # first: every citation checks against them
            self.read_sources(data["sources"], data.where("sources"))
        if "programme" in data:
            programme = self.mapping(
                data["programme"], data.where("programme"), "'programme'", {"name"}, ("name",)
            )
            if programme and "name" in programme:
                self.programme_name = self.text(
                    programme["name"], programme.where("name"), "the programme name"
                )
        if "stages" in data:
            self.programme_stage_list(data["stages"], data.where("stages"))
        if "states" in data:
            self.states = self.per_state_texts(
                data["states"], data.where("states"), "'states'", (*STATES, *CUSTOMARY_KEYS)
            )
            if isinstance(data["states"], MarkedDict):
                for state in (*STATES, *CUSTOMARY_KEYS):
                    if state not in data["states"]:
                        self.problem(data.where("states"), f"'states' needs a name for {state!r}")
        if "case_day_stage" in data:
            stage_id = data["case_day_stage"]
            stage = self.programme_stages.get(stage_id) if hashable(stage_id) else None
            if stage is None or stage.input is None or stage.answer != "date":
                self.problem(
                    data.where("case_day_stage"),
                    f"'case_day_stage' must be a stage whose input is a date"
                    f"{suggest(stage_id, self.stage_order)}",
                )
            else:
                self.case_day_input = stage.input
        if "changes" in data:
            self.read_changes(data["changes"], data.where("changes"))
        if "parties" in data:
            parties = self.mapping(
                data["parties"], data.where("parties"), "'parties'", set(PARTY_IDS)
            )
            for key, value in (parties or {}).items():
                party = self.party(key, value, parties.where(key)) if key in PARTY_IDS else None
                if party:
                    self.programme_parties[key] = party
        if "actions" in data:
            actions = self.mapping(
                data["actions"],
                data.where("actions"),
                "'actions'",
                COMMON_ACTIONS,
                sorted(COMMON_ACTIONS),
            )
            for key, value in (actions or {}).items():
                text = self.text(value, actions.where(key), f"action {key!r}")
                if text and key in COMMON_ACTIONS:
                    self.common_actions[key] = text

    def period(self, data: MarkedDict, what: str) -> tuple[bool, date | None, date | None]:
        """The `from` and `until` of a dated entry (both included); False when they are wrong."""
        start = self.day(data["from"], data.where("from"), "'from'") if "from" in data else None
        end = self.day(data["until"], data.where("until"), "'until'") if "until" in data else None
        if ("from" in data and start is None) or ("until" in data and end is None):
            return False, None, None
        if start and end and end < start:
            self.problem(data.where("until"), f"{what}: 'until' {end} is before 'from' {start}")
            return False, None, None
        return True, start, end

    def read_changes(self, value, position: Position) -> None:
        """prakerja.yaml's `changes`: programme-wide dated changes of every platform's chain."""
        items = self.sequence(value, position, "'changes'") or []
        for index, item in enumerate(items):
            data = self.mapping(item, items.where(index), "a dated change", CHANGE_KEYS, ("from",))
            if data is None or "from" not in data:
                continue
            ok, start, end = self.period(data, "a dated change")
            if not ok:
                continue
            confirmed = None
            if "confirmed_until" in data:
                confirmed = self.day(
                    data["confirmed_until"], data.where("confirmed_until"), "'confirmed_until'"
                )
            without = self.sequence(data.get("without"), data.where("without"), "'without'") or []
            dropped = []
            for i, stage_id in enumerate(without):
                if stage_id not in self.programme_stages or stage_id == self.stage_order[-1]:
                    self.problem(
                        without.where(i),
                        f"'without': {stage_id!r} is not a stage that can leave the chain"
                        f"{suggest(stage_id, self.stage_order[:-1])}",
                    )
                else:
                    dropped.append(stage_id)
            due = {}
            rules = self.mapping(data.get("due"), data.where("due"), "'due'", set(self.stage_order))
            open_chain = Chain(list(self.stage_order), False)
            for stage_id, rule in (rules or {}).items():
                if stage_id in self.programme_stages:
                    found = self.due(rule, rules.where(stage_id), stage_id, open_chain)
                    if found is not None:
                        due[stage_id] = found
            cites = self.cites(data["cites"], data.where("cites")) if "cites" in data else ()
            if not cites:
                self.problem(
                    data.where(), "a dated change needs 'cites': the source that states it"
                )
            self.changes.append(
                DatedChange(
                    start,
                    end,
                    confirmed,
                    tuple(dropped),
                    MappingProxyType(due),
                    cites,
                    data.where(),
                )
            )

    def read_sources(self, value, position: Position) -> None:
        sources = self.mapping(value, position, "'sources'", None)
        for key, value in (sources or {}).items():
            entry = self.mapping(
                value, sources.where(key), f"source {key!r}", SOURCE_KEYS, ("title",)
            )
            if entry is None:
                continue
            self.sources[key] = dict(entry)
            published = entry.get("published")
            if published is not None and not (
                isinstance(published, date)
                or (isinstance(published, int) and not isinstance(published, bool))
            ):
                self.problem(
                    entry.where("published"),
                    f"'published' of {key!r} must be a date (YYYY-MM-DD) or a year, not "
                    f"{published!r}; say more in 'note'",
                )
            for field in ("note", "described"):
                if field in entry:
                    self.sources[key][field] = self.text(
                        entry[field], entry.where(field), f"the {field!r} of source {key!r}"
                    )
            if "file" not in entry:
                continue
            file = source_path(self.directory, entry["file"])
            if file is None:
                self.problem(
                    entry.where("file"),
                    f"source file {entry['file']!r} must be inside the rule directory",
                )
                continue
            try:
                self.source_texts[key] = normalise_space(read_rule_file(file))
            except RulesError as error:
                self.problem(entry.where("file"), f"source file {entry['file']!r}: {error.message}")

    def programme_stage_list(self, value, position: Position) -> None:
        stages = self.sequence(value, position, "'stages'") or []
        self.stage_order = [
            s["id"] for s in stages if isinstance(s, MarkedDict) and isinstance(s.get("id"), str)
        ]
        for index, item in enumerate(stages):
            entry = self.mapping(
                item, stages.where(index), "a stage", PROGRAMME_STAGE_KEYS, ("id", "owner", "name")
            )
            if entry is None or not {"id", "owner", "name"} <= set(entry):
                continue
            stage_id = entry["id"]
            if not isinstance(stage_id, str):
                self.problem(entry.where("id"), f"a stage id must be a name, not {stage_id!r}")
                continue
            owner = entry["owner"]
            if owner not in OWNERS:
                self.problem(
                    entry.where("owner"),
                    f"unknown owner {owner!r}{suggest(owner, OWNERS)}; use one of "
                    f"{', '.join(OWNERS)}",
                )
            name = self.text(entry["name"], entry.where("name"), f"the name of stage {stage_id!r}")
            findings = (
                self.per_state_texts(
                    entry["findings"],
                    entry.where("findings"),
                    "'findings'",
                    (*STATES[1:], *CUSTOMARY_KEYS),
                )
                if "findings" in entry
                else {}
            )
            actions = (
                self.per_state_actions(entry["actions"], entry.where("actions"), STATES[1:])
                if "actions" in entry
                else {}
            )
            input_name = entry.get("input")
            if input_name is not None and not (
                isinstance(input_name, str) and INPUT_NAME.fullmatch(input_name)
            ):
                self.problem(
                    entry.where("input"),
                    f"'input' must be a name in lower case with underscores, not {input_name!r}",
                )
                input_name = None
            if input_name is not None:
                self.inputs[input_name] = stage_id
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


class Chain:
    """The stage ids a platform file lists, to check what a due date may count from."""

    def __init__(self, ids: list, broken: bool) -> None:
        self.ids = ids
        self.broken = broken  # some id is not a stage: its own problem says so

    @classmethod
    def of(cls, stages: Iterable, known: dict) -> Chain:
        ids = [s.get("id") for s in stages if isinstance(s, MarkedDict)]
        ids = [i if hashable(i) else str(i) for i in ids]
        return cls([i for i in ids if i in known], any(i not in known for i in ids))

    def anchor_problem(self, anchor, stage_id: str, stage_order: list) -> str | None:
        """Why `anchor` cannot anchor the due date of `stage_id` ('' when it can; None when the
        reason is another problem already reported)."""
        if anchor in self.ids and stage_id in self.ids:
            if self.ids.index(anchor) < self.ids.index(stage_id):
                return ""
            return (
                f"is not before {stage_id!r} in the chain; a due date counts from an earlier stage"
            )
        if anchor not in stage_order:
            return f"is not a stage{suggest(anchor, self.ids or stage_order)}"
        if self.broken:
            return None
        return (
            f"is not a stage of this platform; its chain is {', '.join(self.ids)}"
            f"{suggest(anchor, self.ids)}"
        )
