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

    code: str  # out_of_order, unused_input, estimated_holiday, no_cuti_bersama_data
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Diagnosis(VerdictFields):
    platform: Platform
    as_of: Moment
    outcome: StageOutcome  # the verdict's stage
    contact: Party | None
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


def _warnings(assessment: Assessment, calendar: WorkingCalendar) -> tuple[Warning, ...]:
    platform = assessment.platform
    found: list[Warning] = []
    used = platform.inputs()
    for name, event in assessment.case.events.items():
        if event.status != UNKNOWN and name not in used:
            found.append(Warning("unused_input", {"input": name, "platform": platform.name}))
    for outcome in assessment.stages:
        if outcome.due is not None and outcome.window_start is not None:
            for notice in calendar.notices(outcome.window_start, outcome.due):
                found.append(_calendar_warning(notice))
    dated = [(o, o.event.moment) for o in assessment.stages if o.event.dated]
    for position, (later, later_moment) in enumerate(dated):
        for earlier, earlier_moment in dated[:position]:
            if later_moment.day < earlier_moment.day:
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
        key = "check_again_today" if verdict.due == today else "check_again"
        actions.append(rules.actions[key])
    cites = list(stage.cites)
    for outcome in assessment.stages:
        if outcome.stage.reminder and outcome.state == "unknown" and outcome is not verdict:
            actions.extend(outcome.stage.actions.get("unknown", ()))
            cites.extend(outcome.stage.cites)
    notes = tuple(
        dict.fromkeys(
            o.stage.note for o in assessment.stages if o.stage.note and (o.due or o is verdict)
        )
    )
    return Diagnosis(
        platform=platform,
        as_of=assessment.as_of,
        outcome=verdict,
        contact=contact,
        finding=stage.findings[state],
        actions=tuple(dict.fromkeys(actions)),
        stages=assessment.stages,
        cites=tuple(dict.fromkeys(cites)),
        notes=notes,
        warnings=_warnings(assessment, calendar),
        rules_version=rules.version,
        values=MappingProxyType(values),
    )


def _calendar_warning(notice: CalendarNotice) -> Warning:
    facts = {
        k: v for k, v in (("date", notice.day), ("year", notice.year), ("name", notice.name)) if v
    }
    return Warning(notice.code, facts)
