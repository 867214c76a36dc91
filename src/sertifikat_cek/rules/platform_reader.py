"""Reads platforms/<id>.yaml into a Platform: its parties, its stage chain with due rules,
contacts and dated variants, and its example cases, on top of what prakerja.yaml defines."""

from __future__ import annotations

import re
from datetime import date
from types import MappingProxyType

from sertifikat_cek.rules.checker import suggest
from sertifikat_cek.rules.programme_reader import Chain, ProgrammeReader, hashable
from sertifikat_cek.rules.ruleset import (
    STATES,
    Example,
    Platform,
    PlatformStage,
    Stage,
    Variant,
    normalise_name,
    with_overrides,
)
from sertifikat_cek.rules.yaml_positions import MarkedDict, Position

PLATFORM_PARTIES = ("institution", "platform")  # a platform's own parties; prakerja is shared
PLATFORM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PLATFORM_KEYS = {"name", "aliases", "parties", "stages", "examples"}
OVERRIDABLE = {"due", "contact", "findings", "actions", "cites", "note"}
PLATFORM_STAGE_KEYS = {"id", "name", "reminder", "variants"} | OVERRIDABLE
VARIANT_KEYS = {"from", "until"} | OVERRIDABLE
EXAMPLE_KEYS = {"name", "inputs", "as_of", "expect"}
EXPECT_KEYS = {"verdict", "due", "contact"}


def _when(day: date | None) -> str:
    return day.isoformat() if day else "(open)"


class PlatformReader(ProgrammeReader):
    """Collects problems while turning platform files into Platforms (after `programme`)."""

    def platform(self, platform_id: str, data: MarkedDict, file: str) -> Platform | None:
        if not PLATFORM_ID.match(platform_id):
            self.problem(
                Position(file, 1, 1),
                f"platform id {platform_id!r} (the file name) must be lower-case letters, "
                "digits and dashes, e.g. platforms/sekolahmu.yaml",
            )
        name = self.string(data["name"], data.where("name"), "'name'") if "name" in data else None
        aliases = self.sequence(data.get("aliases"), data.where("aliases"), "'aliases'") or []
        alias_list = []
        for index, alias in enumerate(aliases):
            if (
                isinstance(alias, str | int)
                and not isinstance(alias, bool)
                and normalise_name(str(alias))
            ):
                alias_list.append(str(alias))
            else:
                self.problem(aliases.where(index), f"an alias must be a name, not {alias!r}")
        parties = {}
        party_data = (
            self.mapping(data["parties"], data.where("parties"), "'parties'", set(PLATFORM_PARTIES))
            if "parties" in data
            else None
        )
        for key, value in (party_data or {}).items():
            if key in PLATFORM_PARTIES:
                party = self.party(key, value, party_data.where(key))
                if party:
                    parties[key] = party
        known_parties = set(parties) | set(self.programme_parties)
        stages = (
            self.sequence(data["stages"], data.where("stages"), "'stages'")
            if "stages" in data
            else None
        ) or []
        chain = Chain.of(stages, self.programme_stages)
        built: list[PlatformStage] = []
        seen: list[str] = []
        for index, item in enumerate(stages):
            entry = self.mapping(item, stages.where(index), "a stage", PLATFORM_STAGE_KEYS, ("id",))
            if entry is None or "id" not in entry:
                continue
            stage_id = entry["id"]
            if not hashable(stage_id) or stage_id not in self.programme_stages:
                self.problem(
                    entry.where("id"),
                    f"unknown stage id {stage_id!r}{suggest(stage_id, self.stage_order)}; "
                    f"stages are {', '.join(map(str, self.stage_order))}",
                )
                continue
            if stage_id in seen:
                self.problem(entry.where("id"), f"stage {stage_id!r} is listed twice")
                continue
            if seen and self.stage_order.index(stage_id) < self.stage_order.index(seen[-1]):
                self.problem(
                    entry.where("id"),
                    f"stage {stage_id!r} must come before {seen[-1]!r} "
                    f"(order: {', '.join(self.stage_order)})",
                )
            platform_stage = self.platform_stage(entry, chain, known_parties)
            seen.append(stage_id)
            if platform_stage:
                built.append(platform_stage)
        final = self.stage_order[-1] if self.stage_order else None
        if "stages" in data and final and final not in seen and not chain.broken:
            self.problem(data.where("stages"), f"the chain must end with the stage {final!r}")
        examples = (
            self.examples(data["examples"], data.where("examples"), built, known_parties)
            if "examples" in data and not chain.broken  # checked once the chain is right
            else ()
        )
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

    def overrides(self, entry: MarkedDict, base: Stage, chain: Chain, known_parties) -> dict:
        changes: dict = {}
        stage_id = base.id
        if "due" in entry:
            changes["due"] = self.due(entry["due"], entry.where("due"), stage_id, chain)
        if "contact" in entry:
            contact = self.mapping(
                entry["contact"], entry.where("contact"), "'contact'", set(STATES)
            )
            found = {}
            for state, party in (contact or {}).items():
                if state not in STATES:
                    continue
                if state in ("done", "waiting"):
                    self.problem(
                        contact.key_where(state), f"no one is contacted while a stage is {state!r}"
                    )
                elif base.owner == "participant":
                    self.problem(
                        contact.key_where(state),
                        f"{stage_id!r} is the participant's own step: it has no contact",
                    )
                elif not hashable(party) or party not in known_parties:
                    self.problem(
                        contact.where(state),
                        f"contact {party!r} is not a defined party{suggest(party, known_parties)}; "
                        f"defined: {', '.join(sorted(known_parties))}",
                    )
                else:
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

    def platform_stage(self, entry: MarkedDict, chain: Chain, known_parties) -> PlatformStage:
        stage_id = entry["id"]
        base = self.programme_stages[stage_id]
        if "name" in entry:
            name = self.text(entry["name"], entry.where("name"), f"the name of stage {stage_id!r}")
            base = with_overrides(base, name=name or base.name)
        if entry.get("reminder"):
            base = with_overrides(base, reminder=True)
        base = with_overrides(base, **self.overrides(entry, base, chain, known_parties))
        variants: list[Variant] = []
        items = self.sequence(entry.get("variants"), entry.where("variants"), "'variants'") or []
        for index, item in enumerate(items):
            variant = self.mapping(item, items.where(index), "a dated variant", VARIANT_KEYS)
            if variant is None:
                continue
            if "from" not in variant and "until" not in variant:
                self.problem(variant.where(), "a dated variant needs 'from', 'until' or both")
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
            if ("from" in variant and start is None) or ("until" in variant and end is None):
                continue
            if start and end and end < start:
                self.problem(variant.where("until"), f"'until' {end} is before 'from' {start}")
                continue
            for other in variants:
                shared = _shared_day(start, end, other.start, other.end)
                if shared is not None:
                    self.problem(
                        variant.where(),
                        f"dated variants of {stage_id!r} overlap: {_when(start)} to {_when(end)} "
                        f"and {_when(other.start)} to {_when(other.end)} both apply on {shared} "
                        "('from' and 'until' are both included; one day may have one variant)",
                    )
            stage = with_overrides(base, **self.overrides(variant, base, chain, known_parties))
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
                    f"stage {stage.id!r} can be {state!r} but has no finding for it; add "
                    f"findings: {state}: {{id: ..., en: ...}}",
                )

    def examples(
        self, value, position: Position, stages: list[PlatformStage], known_parties
    ) -> tuple[Example, ...]:
        items = self.sequence(value, position, "'examples'") or []
        chain = [s.base.id for s in stages]
        inputs = {s.base.input for s in stages if s.base.input}
        found: list[Example] = []
        names: set[str] = set()
        for index, item in enumerate(items):
            entry = self.mapping(
                item, items.where(index), "an example", EXAMPLE_KEYS, sorted(EXAMPLE_KEYS)
            )
            if entry is None:
                continue
            name = (
                self.string(entry["name"], entry.where("name"), "an example's 'name'")
                if "name" in entry
                else None
            )
            if name is not None and name in names:
                self.problem(entry.where("name"), f"two examples are named {name!r}")
            names.add(name)
            label = f"example {name!r}" if name else "an example"
            given = (
                self.mapping(entry["inputs"], entry.where("inputs"), f"'inputs' of {label}", inputs)
                if "inputs" in entry
                else None
            )
            expect = (
                self.mapping(
                    entry["expect"],
                    entry.where("expect"),
                    f"'expect' of {label}",
                    EXPECT_KEYS,
                    sorted(EXPECT_KEYS),
                )
                if "expect" in entry
                else None
            )
            ok = self.expectation(expect or {}, chain, known_parties, label)
            if "as_of" in entry and entry["as_of"] is None:
                self.problem(entry.where("as_of"), f"'as_of' of {label} needs a date")
                ok = False
            if not (ok and name and given is not None and expect is not None):
                continue
            if not set(entry) >= EXAMPLE_KEYS or not set(expect) >= EXPECT_KEYS:
                continue
            positions = {
                key: str(place.where(key))
                for place, keys in ((entry, ("name", "as_of")), (expect, sorted(EXPECT_KEYS)))
                for key in keys
            }
            positions.update({f"inputs.{k}": str(given.where(k)) for k in given})
            found.append(
                Example(
                    name,
                    MappingProxyType(
                        {k: _as_input_text(v) for k, v in given.items() if v is not None}
                    ),
                    _as_input_text(entry["as_of"]),
                    expect["verdict"],
                    expect["due"],
                    expect["contact"],
                    str(entry.where()),
                    MappingProxyType(positions),
                )
            )
        return tuple(found)

    def expectation(self, expect, chain: list[str], known_parties, label: str) -> bool:
        """Whether the `expect` of an example names a verdict, due date and contact that exist."""
        ok = True
        if "verdict" in expect:
            ok = self.expected_verdict(expect, chain, label)
        due = expect.get("due")
        if due is not None and not isinstance(due, date):
            self.problem(
                expect.where("due"), f"'due' of {label} must be YYYY-MM-DD or null, not {due!r}"
            )
            ok = False
        contact = expect.get("contact")
        if contact is not None and (not hashable(contact) or contact not in known_parties):
            self.problem(
                expect.where("contact"),
                f"'contact' of {label}: {contact!r} is not a defined party"
                f"{suggest(contact, known_parties)}; use one of "
                f"{', '.join(sorted(known_parties))} or null",
            )
            ok = False
        return ok

    def expected_verdict(self, expect: MarkedDict, chain: list[str], label: str) -> bool:
        verdict = expect["verdict"]
        stage, _, state = str(verdict).rpartition("_")
        if isinstance(verdict, str) and stage in chain and state in STATES:
            return True
        choices = [f"{s}_{state}" for s in chain for state in STATES]
        self.problem(
            expect.where("verdict"),
            f"{label}: {verdict!r} is not a verdict of this platform"
            f"{suggest(verdict, choices)}; a verdict is <stage>_<state>, stages: "
            f"{', '.join(chain)}; states: {', '.join(STATES)}",
        )
        return False


def _as_input_text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _shared_day(a_start, a_end, b_start, b_end) -> date | None:
    """A day both periods include (both ends included, None open), or None when they do not
    overlap: the first shared day, or the last when both are open at the start."""
    low = max(a_start or date.min, b_start or date.min)
    high = min(a_end or date.max, b_end or date.max)
    if low > high:
        return None
    return low if low != date.min else high
