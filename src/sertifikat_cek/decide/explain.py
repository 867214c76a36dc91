"""The decision engine: from a platform's rules, a case and an as-of moment to a Diagnosis.

Pure: plain values in, a plain Diagnosis out; no files, no console. `decide` is the one path
every entry point (diagnose, guided questions, batch) takes: decision.assess decides the case
(DOMAIN.md section 5) and `explain` adds what people read: the finding, the next actions, the
sources, the notes and the warnings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from sertifikat_cek.calendar.dates import Moment, format_date
from sertifikat_cek.calendar.workdays import CalendarNotice, WorkingCalendar
from sertifikat_cek.decide.assess import (
    DATE_ANSWER,
    HAPPENED,
    LATEST_TIME,
    NEVER,
    NOT_HAPPENED,
    NOT_KNOWN,
    UNKNOWN,
    Assessment,
    Case,
    Event,
    StageOutcome,
    VerdictFields,
    assess,
)
from sertifikat_cek.rules.ruleset import Cite, Party, Platform, RuleSet, Text

__all__ = [
    "DATE_ANSWER",
    "HAPPENED",
    "LATEST_TIME",
    "NEVER",
    "NOT_HAPPENED",
    "NOT_KNOWN",
    "UNKNOWN",
    "Assessment",
    "Case",
    "Diagnosis",
    "Event",
    "StageOutcome",
    "Warning",
    "assess",
    "decide",
    "explain",
    "localise",
]


@dataclass(frozen=True)
class Warning:
    """Something the user should check; `code` and its facts, rendered by the shell."""

    # out_of_order, contradiction, rules_unconfirmed, unused_input, estimated_holiday,
    # no_cuti_bersama_data
    code: str
    facts: Mapping[str, object] = field(default_factory=dict)


# Warnings a person must read before the verdict (DOMAIN.md 6.5): human output puts them first,
# and `--reply` sends them to the agent on stderr.
FIRST_WARNINGS = (
    "rules_unconfirmed",
    "contradiction",
    "out_of_order",
    "estimated_holiday",  # only ever given inside a window that decides a due date shown
    "no_cuti_bersama_data",
)


@dataclass(frozen=True)
class Diagnosis(VerdictFields):
    platform: Platform
    as_of: Moment
    outcome: StageOutcome  # the verdict's stage
    contact: Party | None
    assessment: Assessment
    finding: Text
    actions: tuple[Text, ...]
    stages: tuple[StageOutcome, ...]
    cites: tuple[Cite, ...]
    notes: tuple[Text, ...]
    warnings: tuple[Warning, ...]
    rules_version: str
    values: Mapping[str, object]  # what fills the messages' placeholders

    def say(self, text: Text, lang: str) -> str:
        """A message of this diagnosis in `lang`, its placeholders filled."""
        return text.render(lang, localise(self.values, lang))


def localise(values: Mapping[str, object], lang: str) -> dict[str, object]:
    """Placeholder values for `lang`: dates written for people, bilingual texts picked."""
    result: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, Moment):
            value = value.day
        if isinstance(value, date):
            result[key] = format_date(value, lang)
        elif isinstance(value, Text):
            result[key] = value.get(lang)
        else:
            result[key] = value
    return result


def decide(rules: RuleSet, case: Case, calendar: WorkingCalendar) -> Diagnosis:
    """Diagnose one case: decide it (decision.assess) and explain the verdict.

    Raises InputError, located at the input's name (or `as_of`), for an event dated after the
    as-of moment, and for a date or due date outside the working-day calendar."""
    return explain(rules, assess(rules, case, calendar), calendar)


def due_basis(outcome: StageOutcome) -> str | None:
    """ "published" or "customary" for a stage with a due date, else None."""
    return outcome.stage.due.basis if outcome.due is not None and outcome.stage.due else None


def state_key(outcome: StageOutcome) -> str:
    """The key of a stage's words: its state, or `<state>_customary` for a customary deadline."""
    if outcome.state in ("waiting", "overdue") and due_basis(outcome) == "customary":
        return f"{outcome.state}_customary"
    return outcome.state


def due_count(diagnosis: Diagnosis) -> tuple[str, str, int] | None:
    """How far the verdict's due date is, in its rule's unit (DOMAIN.md 3, 6.4): (direction,
    unit, count) with direction "today", "left" or "overdue" and unit "working" (a rule in
    working days) or "calendar" (calendar days, a daily batch, or a working-day rule past its
    due date by days off only). None without a due date."""
    due, today = diagnosis.due, diagnosis.as_of.day
    if due is None:
        return None
    if due == today:
        return ("today", "calendar", 0)
    values = diagnosis.values
    working = diagnosis.outcome.stage.due is not None and (
        diagnosis.outcome.stage.due.unit == "working_days"
    )
    if due > today:
        if working and values["working_days_left"] > 0:
            return ("left", "working", values["working_days_left"])
        return ("left", "calendar", values["days_left"])
    if working and values["working_days_overdue"] > 0:
        return ("overdue", "working", values["working_days_overdue"])
    return ("overdue", "calendar", values["days_overdue"])


def count_key(base: str, unit: str, count: int) -> str:
    """The key of a counted text: `base`, `base_calendar` for calendar days, `_one` for 1."""
    return base + ("_calendar" if unit == "calendar" else "") + ("_one" if count == 1 else "")


def _published_day(source: Mapping) -> date:
    """When a source was published, as a day to compare (a year counts as its first day)."""
    published = source.get("published")
    if isinstance(published, date):
        return published
    if isinstance(published, int):
        return date(published, 1, 1)
    return date.min


def _before(earlier: Moment, later: Moment) -> bool:
    """Whether `later` is dated before `earlier`: by day, and on the same day by time only when
    both have one (DOMAIN.md 5)."""
    if later.day != earlier.day:
        return later.day < earlier.day
    return earlier.time is not None and later.time is not None and later.time < earlier.time


def _input_names(rules: RuleSet) -> dict[str, Text]:
    """The name of the stage each input reports, over every platform."""
    return {
        stage.base.input: stage.base.name
        for platform in rules.platforms.values()
        for stage in platform.stages
        if stage.base.input
    }


def _warnings(
    rules: RuleSet, assessment: Assessment, calendar: WorkingCalendar
) -> tuple[Warning, ...]:
    platform, chain = assessment.platform, assessment.chain
    found: list[Warning] = []
    if assessment.case_day > chain.confirmed_until:
        latest = max(
            (rules.sources.get(s, {}) for s in chain.sources),
            key=_published_day,
            default={},
        )
        published = latest.get("published")
        found.append(
            Warning(
                "rules_unconfirmed",
                {
                    "case_day": assessment.case_day,
                    "confirmed_until": chain.confirmed_until,
                    "source": latest.get("title", ""),
                    "source_date": published if isinstance(published, date) else str(published),
                },
            )
        )
    names = {o.stage.id: o.stage.name for o in assessment.stages}
    inputs = {o.stage.id: o.stage.input for o in assessment.stages}
    for stage_id, later_id in assessment.contradictions:
        found.append(
            Warning(
                "contradiction",
                {
                    "input": inputs[stage_id],
                    "stage": names[stage_id],
                    "later_input": inputs[later_id],
                    "later": names[later_id],
                },
            )
        )
    used = platform.inputs(chain)
    for name, event in assessment.case.events.items():
        if event.status != UNKNOWN and name not in used:
            # for people, the step's name, not the input's
            stage_name = _input_names(rules).get(name, name)
            found.append(
                Warning(
                    "unused_input", {"input": name, "platform": platform.name, "stage": stage_name}
                )
            )
    # estimated holidays and missing cuti bersama data only where they can move a due date the
    # result shows: the window of a stage not done, and every window of the projection
    windows = [
        (o.window_start, o.due)
        for o in assessment.stages
        if o.state != "done" and o.due and o.window_start and o.stage.due.unit == "working_days"
    ]
    windows += [
        (start, due) for start, due, unit in assessment.projection if unit == "working_days"
    ]
    for start, due in dict.fromkeys(windows):
        for notice in calendar.notices(start, due):
            found.append(_calendar_warning(notice))
    dated = [(o, o.event.moment) for o in assessment.stages if o.event.dated]
    for position, (later, later_moment) in enumerate(dated):
        for earlier, earlier_moment in dated[:position]:
            if _before(earlier_moment, later_moment):
                found.append(
                    Warning(
                        "out_of_order",
                        {
                            "earlier": earlier.stage.name,
                            "earlier_date": earlier_moment.day,
                            "later": later.stage.name,
                            "later_date": later_moment.day,
                        },
                    )
                )
    unique = {(w.code, tuple(w.facts.items())): w for w in found}
    return tuple(unique.values())


def explain(rules: RuleSet, assessment: Assessment, calendar: WorkingCalendar) -> Diagnosis:
    """The Diagnosis of a decided case: its finding, next actions, sources, notes, warnings."""
    platform, verdict, contact = assessment.platform, assessment.outcome, assessment.contact
    stage, state = verdict.stage, verdict.state
    today = assessment.as_of.day
    institution = platform.parties.get("institution")
    values: dict[str, object] = {
        "platform": platform.name,
        "institution": institution.name
        if institution
        else Text("lembaga pelatihan", "the training institution"),
        "contact": contact.name if contact else platform.name,
        "stage": stage.name,
        "as_of": today,
    }
    if verdict.event.moment is not None:
        values["date"] = verdict.event.moment
    if assessment.certificate_by is not None:
        values["certificate_by"] = assessment.certificate_by
    if verdict.due is not None:
        values.update(
            due=verdict.due,
            days_left=max((verdict.due - today).days, 0),
            days_overdue=max((today - verdict.due).days, 0),
            working_days_left=max(calendar.working_days_between(today, verdict.due), 0),
            working_days_overdue=max(calendar.working_days_between(verdict.due, today), 0),
        )

    actions = list(stage.actions.get(state, ()))
    if contact is not None:
        actions.append(rules.actions["contact"])
    if state == "waiting" and verdict.due is not None:
        working = stage.due is not None and stage.due.unit == "working_days"
        if verdict.due == today:
            key = "check_again_today"
        elif working and values["working_days_left"] > 0:
            key = count_key("check_again", "working", values["working_days_left"])
        else:
            key = count_key("check_again", "calendar", values["days_left"])
        actions.append(rules.actions[key])
    # the source of the deadline in force (the chain's, by case day), then the advice's
    cites = [*(stage.due.cites if stage.due else ()), *stage.cites]
    for outcome in assessment.stages:
        if outcome.stage.reminder and outcome.state == "unknown" and outcome is not verdict:
            actions.extend(outcome.stage.actions.get("unknown", ()))
            cites.extend(outcome.stage.cites)
    notes = tuple(
        dict.fromkeys(
            note
            for o in assessment.stages
            if o.due or o is verdict
            for note in (o.stage.note, o.stage.due.note if o.stage.due else None)
            if note
        )
    )
    return Diagnosis(
        platform=platform,
        as_of=assessment.as_of,
        outcome=verdict,
        contact=contact,
        assessment=assessment,
        finding=stage.findings[state_key(verdict)],
        actions=tuple(dict.fromkeys(actions)),
        stages=assessment.stages,
        cites=tuple(dict.fromkeys(cites)),
        notes=notes,
        warnings=_warnings(rules, assessment, calendar),
        rules_version=rules.version,
        values=MappingProxyType(values),
    )


def _calendar_warning(notice: CalendarNotice) -> Warning:
    facts = {
        k: v for k, v in (("date", notice.day), ("year", notice.year), ("name", notice.name)) if v
    }
    return Warning(notice.code, facts)
