"""Reads platforms/<id>.yaml into a Platform: its parties, its stage chain with due rules,
contacts and dated variants, and its example cases, on top of what prakerja.yaml defines."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from types import MappingProxyType

from sertifikat_cek.rules.checker import suggest
from sertifikat_cek.rules.positions import MarkedDict, Position
from sertifikat_cek.rules.programme_reader import (
    CUSTOMARY_KEYS,
    PROGRAMME_FILE,
    Chain,
    DatedChange,
    ProgrammeReader,
    hashable,
)
from sertifikat_cek.rules.ruleset import (
    CUSTOMARY_STATES,
    STATES,
    ChainVariant,
    DueRule,
    Example,
    Platform,
    PlatformStage,
    Stage,
    Variant,
    normalise_name,
    with_overrides,
)

PLATFORM_PARTIES = ("institution", "platform")  # a platform's own parties; prakerja is shared
PLATFORM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PLATFORM_KEYS = {"name", "aliases", "parties", "stages", "examples"}
OVERRIDABLE = {"due", "contact", "findings", "actions", "cites", "note"}
PLATFORM_STAGE_KEYS = {"id", "name", "reminder", "variants"} | OVERRIDABLE
# A variant's `due` and `confirmed_until` change the chain (chosen by the case day); the rest is
# advice (chosen by the as-of day): DOMAIN.md 4.1's two clocks.
VARIANT_KEYS = {"from", "until", "confirmed_until"} | OVERRIDABLE
FINDING_STATES = (*STATES[1:], *CUSTOMARY_KEYS)
PARTICIPANT = "participant"
EXAMPLE_KEYS = {"name", "inputs", "as_of", "expect"}
EXPECT_KEYS = {"verdict", "due", "contact"}


def _when(day: date | None) -> str:
    return day.isoformat() if day else "(open)"


class PlatformReader(ProgrammeReader):
    """Collects problems while turning platform files into Platforms (after `programme`)."""

    def platform(self, platform_id: str, data: MarkedDict, file: str) -> Platform | None:
        problems_before = len(self.problems)
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
        own_changes: list[DatedChange] = []
        stage_where: dict[str, Position] = {}
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
            final = self.stage_order[-1] if self.stage_order else None
            if seen and seen[-1] == final:
                self.problem(
                    entry.where("id"),
                    f"stage {stage_id!r} comes after {final!r}; the chain ends with {final!r}",
                )
            built_stage, changes = self.platform_stage(entry, chain, known_parties)
            stage_where[stage_id] = entry.where()
            seen.append(stage_id)
            if built_stage:
                built.append(built_stage)
                own_changes.extend(changes)
        final = self.stage_order[-1] if self.stage_order else None
        if "stages" in data and final and final not in seen and not chain.broken:
            self.problem(data.where("stages"), f"the chain must end with the stage {final!r}")
        chains = ()
        if built and not chain.broken and seen and seen[-1] == final:
            chains = self.chains(platform_id, built, own_changes, data.where("stages"))
            if len(self.problems) == problems_before:  # a gap is often a typo's consequence
                self.check_contacts(platform_id, built, chains, stage_where)
        examples = (
            self.examples(data["examples"], data.where("examples"), built, known_parties)
            if "examples" in data and not chain.broken  # checked once the chain is right
            else ()
        )
        if name is None or not chains:
            return None
        return Platform(
            platform_id,
            name,
            tuple(alias_list),
            MappingProxyType(parties),
            tuple(built),
            examples,
            file,
            chains,
        )

    # -- chain variants (the case day's clock) -------------------------------------------------
    def chains(
        self, platform_id: str, stages: list[PlatformStage], own: list[DatedChange], where
    ) -> tuple[ChainVariant, ...]:
        """The platform's chain variants: one per period between the dates where its own dated
        due rules or the programme's changes begin or end."""
        changes = [*self.changes, *own]
        cuts = sorted(
            {c.start for c in changes if c.start}
            | {c.end + timedelta(days=1) for c in changes if c.end}
        )
        starts: list[date | None] = [None, *cuts]
        found: list[ChainVariant] = []
        order = [s.base.id for s in stages]
        base_due = {s.base.id: s.base.due for s in stages}
        for index, start in enumerate(starts):
            end = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else None
            day = start or (end or date.max)
            programme = [c for c in self.changes if c.applies(day)]
            mine = [c for c in own if c.applies(day)]
            dropped = {s for c in programme for s in c.without}
            ids = tuple(i for i in order if i not in dropped)
            due: dict[str, DueRule | None] = {}
            origin: dict[str, DatedChange | None] = {}
            for stage_id in ids:
                rule, source = base_due.get(stage_id), None
                for change in (*programme, *mine):  # the platform's own change wins
                    if stage_id in change.due:
                        rule, source = change.due[stage_id], change
                due[stage_id], origin[stage_id] = rule, source
            period = f"{_when(start)} to {_when(end)}"
            ok = self.check_anchors(platform_id, ids, due, origin, period, where, dropped)
            confirmed = end
            if confirmed is None:
                stated = [c.confirmed_until for c in (*programme, *mine) if c.confirmed_until]
                if not stated:
                    self.problem(
                        where,
                        f"the chain of {platform_id!r} from {_when(start)} has no end, so a dated "
                        "change in force then needs 'confirmed_until' (the last case day its "
                        "sources speak for)",
                    )
                    continue
                confirmed = max(stated)
            sources = [c.source for i in ids if due[i] for c in due[i].cites]
            sources += [c.source for change in programme for c in change.cites]
            if ok:
                found.append(
                    ChainVariant(
                        start,
                        end,
                        confirmed,
                        ids,
                        MappingProxyType(due),
                        tuple(dict.fromkeys(sources)),
                    )
                )
        return tuple(found) if len(found) == len(starts) else ()

    def check_contacts(self, platform_id, stages: list[PlatformStage], chains, where: dict) -> None:
        """DOMAIN.md 5: every (stage, state) a case can reach, other than waiting and the
        participant's own stages, has a party to contact, under every advice variant that can be
        in force for that chain (the as-of day is never before the case day)."""
        by_id = {s.base.id: s for s in stages}
        reported: set[tuple] = set()
        for chain in chains:
            first = chain.start or date.min
            for stage_id in chain.stage_ids:
                platform_stage = by_id[stage_id]
                days = (
                    {first}
                    | {v.start for v in platform_stage.variants if v.start and v.start > first}
                    | {
                        v.end + timedelta(days=1)
                        for v in platform_stage.variants
                        if v.end and v.end >= first and v.end < date.max
                    }
                )
                for day in sorted(days):
                    stage = platform_stage.on(day)
                    if stage.owner == PARTICIPANT:
                        continue
                    for state in reachable_states(stage, chain.due.get(stage_id)):
                        if state in ("done", "waiting") or state in stage.contact:
                            continue
                        key = (stage_id, state)
                        if key not in reported:
                            reported.add(key)
                            self.problem(
                                where[stage_id],
                                f"contact gap in {platform_id!r}: {stage_id!r} can be {state!r} "
                                f"(case days from {_when(chain.start)}, advice from "
                                f"{_when(day if day != date.min else None)}) but no party is "
                                f"named for it; add contact: {state}: institution|platform|"
                                "prakerja to that stage",
                            )

    def check_anchors(self, platform_id, ids, due, origin, period, where, dropped=()) -> bool:
        """Every due rule of a period counts from stages before it in that period's chain."""
        ok = True
        for position, stage_id in enumerate(ids):
            rule = due[stage_id]
            for anchor in rule.after if rule else ():
                if anchor in ids[:position]:
                    continue
                change = origin[stage_id]
                place = change.where if change else where
                if anchor in dropped:
                    why = (
                        f"{anchor!r}, which leaves the chain in those case days ('without' of a "
                        f"change in {PROGRAMME_FILE}); count the due date of {stage_id!r} from "
                        "a stage that stays"
                    )
                else:
                    why = (
                        f"{anchor!r}, which is not before it in the chain ({', '.join(ids)}); "
                        f"give platforms/{platform_id}.yaml a dated variant of {stage_id!r} with "
                        "its own 'due' for this period"
                    )
                self.problem(
                    place,
                    f"{platform_id}, case days {period}: the due date of {stage_id!r} counts "
                    f"from {why}",
                )
                ok = False
        return ok

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
                    entry["findings"], entry.where("findings"), "'findings'", FINDING_STATES
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
        self, entry: MarkedDict, chain: Chain, known_parties
    ) -> tuple[PlatformStage, list[DatedChange]]:
        """A stage with its advice variants, and the dated changes of its due rule."""
        stage_id = entry["id"]
        base = self.programme_stages[stage_id]
        if "name" in entry:
            name = self.text(entry["name"], entry.where("name"), f"the name of stage {stage_id!r}")
            base = with_overrides(base, name=name or base.name)
        if entry.get("reminder"):
            base = with_overrides(base, reminder=True)
        base = with_overrides(base, **self.overrides(entry, base, chain, known_parties))
        variants: list[Variant] = []
        changes: list[DatedChange] = []
        items = self.sequence(entry.get("variants"), entry.where("variants"), "'variants'") or []
        for index, item in enumerate(items):
            variant = self.mapping(item, items.where(index), "a dated variant", VARIANT_KEYS)
            if variant is None:
                continue
            if "from" not in variant and "until" not in variant:
                self.problem(variant.where(), "a dated variant needs 'from', 'until' or both")
                continue
            ok, start, end = self.period(variant, f"a dated variant of {stage_id!r}")
            if not ok:
                continue
            overrides = self.overrides(variant, base, chain, known_parties)
            rule = overrides.pop("due", None)
            if "due" in variant:
                confirmed = None
                if "confirmed_until" in variant:
                    confirmed = self.day(
                        variant["confirmed_until"],
                        variant.where("confirmed_until"),
                        "'confirmed_until'",
                    )
                if rule is not None:
                    self.no_overlap(changes, start, end, variant, f"due rules of {stage_id!r}")
                    changes.append(
                        DatedChange(
                            start,
                            end,
                            confirmed,
                            (),
                            MappingProxyType({stage_id: rule}),
                            rule.cites,
                            variant.where(),
                        )
                    )
            elif "confirmed_until" in variant:
                self.problem(
                    variant.key_where("confirmed_until"),
                    "'confirmed_until' belongs to a variant that changes the chain ('due')",
                )
            if overrides:
                self.no_overlap(variants, start, end, variant, f"advice of {stage_id!r}")
                variants.append(Variant(start, end, with_overrides(base, **overrides)))
        self.no_gaps(variants, items, f"advice of {stage_id!r}")
        self.no_gaps(changes, items, f"due rules of {stage_id!r}")
        rules = [base.due, *(c.due[stage_id] for c in changes)]
        rules += [c.due[stage_id] for c in self.changes if stage_id in c.due]
        for stage in [base, *(v.stage for v in variants)]:
            self.check_findings(stage, entry, [r for r in rules if r])
        return PlatformStage(base, tuple(variants)), changes

    def no_gaps(self, periods, items, what: str) -> None:
        """Days between two dated variants fall back to the undated rule: almost always a slip
        of the pen, so say so (write a variant for those days to mean it)."""
        dated = sorted((p for p in periods if p.start or p.end), key=lambda p: p.start or date.min)
        for before, after in pairwise(dated):
            if before.end and after.start and after.start > before.end + timedelta(days=1):
                first, last = before.end + timedelta(days=1), after.start - timedelta(days=1)
                self.problem(
                    items.where(),
                    f"gap between dated variants ({what}): {first} to {last} fall back to the "
                    "undated rule; make the periods meet, or give those days a variant of their own",
                )

    def no_overlap(self, others, start, end, variant: MarkedDict, what: str) -> None:
        for other in others:
            shared = _shared_day(start, end, other.start, other.end)
            if shared is not None:
                self.problem(
                    variant.where(),
                    f"dated variants ({what}) overlap: {_when(start)} to {_when(end)} and "
                    f"{_when(other.start)} to {_when(other.end)} both apply on {shared} "
                    "('from' and 'until' are both included; one day may have one variant)",
                )
                return

    def check_findings(self, stage: Stage, entry: MarkedDict, rules: list[DueRule]) -> None:
        """Every state a stage can take, in any chain variant (`rules`: every due rule it may
        have), needs a finding; a customary deadline needs its own words ("biasanya", never
        "terlambat")."""
        needed = ["missing"] if stage.never_done else ["missing", "unknown"]
        if rules:
            needed += ["waiting", "overdue"]
        if any(rule.basis == "customary" for rule in rules):
            needed += [f"{state}_customary" for state in CUSTOMARY_STATES]
        for state in needed:
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


def reachable_states(stage: Stage, due: DueRule | None) -> tuple[str, ...]:
    """The states a stage can take in a chain where its due rule is `due` (DOMAIN.md 5): a
    due date may exist (waiting, overdue) and may not (its anchors unknown or undated)."""
    if stage.never_done:
        return ("waiting", "overdue", "missing") if due else ("missing",)
    if stage.answer != "date":
        return ("done", "missing", "unknown")
    if due:
        return ("done", "waiting", "overdue", "missing", "unknown")
    return ("done", "missing", "unknown")


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
