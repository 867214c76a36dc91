"""The validated rule set as plain frozen values: platforms, stages, due rules, parties, messages."""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from functools import cached_property
from types import MappingProxyType

from sertifikat_cek.errors import InputError

STATES = ("done", "waiting", "overdue", "missing", "unknown")
UNITS = ("working_days", "calendar_days", "daily_batch")
BASES = ("published", "customary")  # a deadline a source states, or one it reports as usual
CUSTOMARY_STATES = ("waiting", "overdue")  # states whose words differ for a customary deadline
PARTY_IDS = ("institution", "platform", "prakerja")
OWNERS = ("participant", "institution", "platform", "prakerja")
PLACEHOLDERS = frozenset(
    {
        "platform",
        "institution",
        "contact",
        "stage",
        "due",
        "date",
        "as_of",
        "days_left",
        "days_overdue",
        "working_days_left",
        "working_days_overdue",
    }
)
EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class Text:
    """A message for people, in Indonesian and English, with {placeholders}."""

    id: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.id

    def render(self, lang: str, values: Mapping[str, object]) -> str:
        return self.get(lang).format_map(_Values(values))

    def placeholders(self) -> set[str]:
        return {
            name
            for template in (self.id, self.en)
            for _, name, _, _ in string.Formatter().parse(template)
            if name is not None
        }


class _Values(dict):
    """Format values; a placeholder without a value stays visible rather than crashing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Cite:
    """The source a rule rests on: a verbatim quote (only from a bundled source), or a summary in
    our own words, in Indonesian and English."""

    source: str
    quote: str | None = None
    summary: Text | None = None

    def as_json(self, lang: str = "id") -> dict:
        data = {"source": self.source}
        if self.quote:
            data["quote"] = self.quote
        if self.summary:
            data["summary"] = self.summary.get(lang)
        return data


@dataclass(frozen=True)
class Channel:
    kind: str  # phone, web, chat, email, whatsapp
    value: str
    label: Text
    cite: Cite | None = None


@dataclass(frozen=True)
class Party:
    id: str
    name: Text
    channels: tuple[Channel, ...] = ()


@dataclass(frozen=True)
class DueRule:
    """When a stage should have happened: `days` after the latest of the `after` events.

    `basis` is "published" (a platform or the programme states it) or "customary" (a source
    reports it as usual practice): both decide the state; the words for people differ."""

    after: tuple[str, ...]
    unit: str  # one of UNITS
    days: int = 0
    at: time | None = None  # the daily batch's cut-off, for unit daily_batch
    basis: str = "published"  # one of BASES
    cites: tuple[Cite, ...] = ()
    note: Text | None = None  # shown with a result whose due date this rule gives


@dataclass(frozen=True)
class Stage:
    """A stage of one platform's chain as it applies on one day (variants resolved)."""

    id: str
    name: Text
    owner: str
    input: str | None = None
    never_done: bool = False
    answer: str = "date"  # what its input takes: "date" (a date, no or unknown) or "yes_no"
    reminder: bool = False
    due: DueRule | None = None
    contact: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # state -> party id
    findings: Mapping[str, Text] = field(default_factory=lambda: EMPTY)  # state -> finding
    actions: Mapping[str, tuple[Text, ...]] = field(
        default_factory=lambda: EMPTY
    )  # state -> actions
    cites: tuple[Cite, ...] = ()
    note: Text | None = None


@dataclass(frozen=True)
class Variant:
    """A dated version of a stage: applies from `start` to `end` (both included, None = open)."""

    start: date | None
    end: date | None
    stage: Stage

    def applies(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class PlatformStage:
    base: Stage
    variants: tuple[Variant, ...] = ()

    def on(self, day: date) -> Stage:
        for variant in self.variants:
            if variant.applies(day):
                return variant.stage
        return self.base


@dataclass(frozen=True)
class ChainVariant:
    """The chain of one platform for the cases whose case day falls from `start` to `end` (both
    included, None open): its stages in order with their due rules (DOMAIN.md 4.1).

    `confirmed_until` is the last case day its sources speak for; `sources` are the ids of the
    sources its due rules and changes cite, in the order first cited."""

    start: date | None
    end: date | None
    confirmed_until: date
    stage_ids: tuple[str, ...]
    due: Mapping[str, DueRule | None]  # stage id -> its due rule in this period
    sources: tuple[str, ...] = ()

    def applies(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Example:
    """A case from the platform's source with the verdict the rules must give."""

    name: str
    inputs: Mapping[str, str]
    as_of: str
    verdict: str
    due: date | None
    contact: str | None
    where: str = ""  # file:line:column of the example
    # file:line:column of its parts: "name", "as_of", "verdict", "due", "contact", "inputs.<input>"
    positions: Mapping[str, str] = field(default_factory=lambda: EMPTY)


@dataclass(frozen=True)
class Platform:
    """A platform's rules: its parties, every stage it has ever had (in its chain's order) with
    the advice variants chosen by the as-of day, and its chain variants chosen by the case day."""

    id: str
    name: str
    aliases: tuple[str, ...]
    parties: Mapping[str, Party]
    stages: tuple[PlatformStage, ...]
    examples: tuple[Example, ...] = ()
    file: str = ""
    chains: tuple[ChainVariant, ...] = ()

    def chain_on(self, case_day: date) -> ChainVariant:
        """The chain variant for a case whose case day is `case_day`."""
        known = self._chain_by_day.get(case_day)
        if known is None:
            known = next((c for c in self.chains if c.applies(case_day)), self.chains[-1])
            if len(self._chain_by_day) < 100_000:  # days of one export: a few thousand
                self._chain_by_day[case_day] = known
        return known

    def change_days(self) -> tuple[date, ...]:
        """The days on which chain_on or advice_on may answer otherwise than the day before:
        each chain's and advice variant's first day, and the day after its last."""
        days = set()
        for period in (*self.chains, *(v for s in self.stages for v in s.variants)):
            if period.start is not None:
                days.add(period.start)
            if period.end is not None and period.end < date.max:
                days.add(period.end + timedelta(days=1))
        return tuple(sorted(days))

    def advice_on(self, advice_day: date) -> tuple[int, ...]:
        """Which advice variant of each stage applies on `advice_day` (-1: the stage's base):
        days with equal tuples give every chain the same stages."""
        advice = self._advice_by_day.get(advice_day)
        if advice is None:
            advice = tuple(
                next((i for i, v in enumerate(s.variants) if v.applies(advice_day)), -1)
                for s in self.stages
            )
            if len(self._advice_by_day) < 100_000:
                self._advice_by_day[advice_day] = advice
        return advice

    def stages_for(self, chain: ChainVariant, advice_day: date) -> tuple[Stage, ...]:
        """The stages of `chain`, in its order, with their due rules from the chain and what
        people are told (findings, actions, contact, sources) as of `advice_day`."""
        advice = self.advice_on(advice_day)
        key = (id(chain), advice)
        known = self._stages_by_key.get(key)
        if known is None:
            by_id = {
                s.base.id: (s.variants[i].stage if i >= 0 else s.base)
                for s, i in zip(self.stages, advice, strict=True)
            }
            known = tuple(
                replace(by_id[stage_id], due=chain.due.get(stage_id))
                for stage_id in chain.stage_ids
            )
            self._stages_by_key[key] = known
        return known

    def stages_on(self, day: date) -> tuple[Stage, ...]:
        """The chain of a case whose case day and as-of day are both `day`."""
        return self.stages_for(self.chain_on(day), day)

    def inputs(self, chain: ChainVariant | None = None) -> frozenset[str]:
        """The inputs the platform's stages read: of one chain variant, or of any."""
        if chain is None:
            return self._inputs
        known = self._inputs_by_chain.get(id(chain))
        if known is None:
            by_id = {s.base.id: s.base.input for s in self.stages}
            known = frozenset(by_id[i] for i in chain.stage_ids if by_id.get(i))
            self._inputs_by_chain[id(chain)] = known
        return known

    # Computed once per platform (frozen dataclasses allow cached_property: it writes to
    # __dict__ directly); batch runs call the methods above for every distinct case.
    @cached_property
    def _chain_by_day(self) -> dict[date, ChainVariant]:
        return {}

    @cached_property
    def _advice_by_day(self) -> dict[date, tuple[int, ...]]:
        return {}

    @cached_property
    def _stages_by_key(self) -> dict[tuple, tuple[Stage, ...]]:
        return {}

    @cached_property
    def _inputs_by_chain(self) -> dict[int, frozenset[str]]:
        return {}

    @cached_property
    def _inputs(self) -> frozenset[str]:
        return frozenset(stage.base.input for stage in self.stages if stage.base.input)


def normalise_name(name: str) -> str:
    """Platform matching ignores case, spaces, dashes, underscores and punctuation."""
    return re.sub(r"[\s\-_().,/]+", "", name.casefold())


@dataclass(frozen=True)
class RuleSet:
    programme: Text
    stage_order: tuple[str, ...]
    inputs: Mapping[str, str]  # input name -> stage id
    states: Mapping[str, Text]
    parties: Mapping[str, Party]  # programme-level parties (prakerja)
    actions: Mapping[str, Text]  # common actions: contact, check_again, ...
    sources: Mapping[str, Mapping]
    platforms: Mapping[str, Platform]
    version: str
    directory: str = ""
    aliases: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    case_day_input: str | None = None  # the input whose date is the case day (the completion)

    @cached_property
    def answers(self) -> Mapping[str, str]:
        """What each input takes ("date" or "yes_no"), by input name."""
        return MappingProxyType(
            {
                stage.base.input: stage.base.answer
                for platform in self.platforms.values()
                for stage in platform.stages
                if stage.base.input
            }
        )

    def platform(self, name: str) -> Platform:
        """The platform a user means by `name` (id or alias, any case and punctuation)."""
        exact = self.platforms.get(name)
        if exact is not None:
            return exact
        key = normalise_name(name)
        platform_id = self.aliases.get(key)
        if platform_id is not None:
            return self.platforms[platform_id]
        known = sorted(self.platforms)
        close = difflib.get_close_matches(key, list(self.aliases), n=1, cutoff=0.6)
        hint = f" (did you mean {self.aliases[close[0]]!r}?)" if close else ""
        raise InputError(
            f"unknown platform {name!r}{hint}; known platforms: {', '.join(known)}",
            where="--platform",
        )

    def party(self, platform: Platform, party_id: str) -> Party:
        return platform.parties.get(party_id) or self.parties[party_id]


def with_overrides(stage: Stage, **changes) -> Stage:
    """A copy of `stage` with some fields replaced (used to apply platform and dated overrides)."""
    return replace(stage, **changes)


def party_json(party: Party | None, lang: str) -> dict | None:
    """A party and its channels as JSON-ready data in one language (None stays None)."""
    if party is None:
        return None
    return {
        "party": party.id,
        "name": party.name.get(lang),
        "channels": [
            {"kind": c.kind, "value": c.value, "label": c.label.get(lang)} for c in party.channels
        ],
    }
