"""The decision engine: from a platform's rules, a case and an as-of moment to a verdict.

Pure: plain values in, a plain Diagnosis out; no files, no console. The exact semantics are
those of DOMAIN.md section 5; every entry point (diagnose, guided questions, batch) calls
`decide`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from types import MappingProxyType

from sertifikat_cek.dates import Moment, format_date
from sertifikat_cek.errors import InputError
from sertifikat_cek.ruleset import Cite, DueRule, Party, Platform, RuleSet, Stage, Text
from sertifikat_cek.workdays import CalendarNotice, WorkingCalendar

HAPPENED, NOT_HAPPENED, UNKNOWN = "happened", "no", "unknown"
DATE_ANSWER = "date"  # a stage whose input is an event's date (not a yes/no fact)
LATEST_TIME = time(23, 59)


@dataclass(frozen=True)
class Event:
    """What is known of one event: it happened (at a moment, if known), it did not, or unknown."""

    status: str = UNKNOWN
    moment: Moment | None = None

    @property
    def dated(self) -> bool:
        return self.status == HAPPENED and self.moment is not None


NOT_KNOWN = Event()


@dataclass(frozen=True)
class Case:
    """One participant's case: the platform (id or alias), events by input name, the as-of moment."""

    platform: str
    events: Mapping[str, Event]
    as_of: Moment


@dataclass(frozen=True)
class Warning:
    """Something the user should check; `code` and its facts, rendered by the shell."""

    code: str  # out_of_order, unused_input, estimated_holiday, no_cuti_bersama_data
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class StageOutcome:
    stage: Stage
    state: str
    event: Event
    implied: bool
    due: date | None


@dataclass(frozen=True)
class Diagnosis:
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

    @property
    def stage(self) -> str:
        return self.outcome.stage.id

    @property
    def state(self) -> str:
        return self.outcome.state

    @property
    def verdict(self) -> str:
        return f"{self.stage}_{self.state}"

    @property
    def due(self) -> date | None:
        return self.outcome.due

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


def _sort_key(moment: Moment) -> tuple[date, time]:
    return (moment.day, moment.time or LATEST_TIME)


def _due_date(
    rule: DueRule,
    events: Mapping[str, Event],
    calendar: WorkingCalendar,
    inputs: Mapping[str, str | None],
):
    """The due date and the window it spans, or None when an anchor has no known date.

    Raises InputError naming the input of the latest anchor (`inputs`: stage id -> input name)
    when the due date falls outside the working-day calendar."""
    anchors = [(stage_id, events[stage_id]) for stage_id in rule.after]
    if not all(event.dated for _, event in anchors):
        return None
    anchor_id, anchor_event = max(anchors, key=lambda item: _sort_key(item[1].moment))
    anchor = anchor_event.moment
    try:
        if rule.unit == "working_days":
            return calendar.add_working_days(anchor.day, rule.days), anchor.day
        if rule.unit == "calendar_days":
            return calendar.add_calendar_days(anchor.day, rule.days), anchor.day
        batch = calendar.batch_day(anchor, rule.at)
        return calendar.add_calendar_days(batch, rule.days), anchor.day
    except InputError as error:
        raise error.located(inputs.get(anchor_id) or anchor_id) from None


def _after_as_of(moment: Moment, as_of: Moment) -> bool:
    if moment.day != as_of.day:
        return moment.day > as_of.day
    return moment.time is not None and as_of.time is not None and moment.time > as_of.time


def _state(stage: Stage, event: Event, implied: bool, due: date | None, today: date) -> str:
    if event.status == HAPPENED or implied:
        return "done"
    if event.status == NOT_HAPPENED:
        if due is None:
            return "missing"
        return "waiting" if today <= due else "overdue"
    return "waiting" if due is not None and today <= due else "unknown"


def _verdict(outcomes: list[StageOutcome]) -> StageOutcome:
    certificate = outcomes[-1]
    if certificate.due is not None:
        for outcome in outcomes:
            if outcome.state in ("missing", "overdue"):
                return outcome
        return certificate
    for outcome in outcomes:
        if outcome.state == "done" or (outcome.stage.reminder and outcome.state == "unknown"):
            continue
        return outcome
    return certificate


def decide(rules: RuleSet, case: Case, calendar: WorkingCalendar) -> Diagnosis:
    """Diagnose one case.

    Raises InputError, located at the input's name (or `as_of`), for an event dated after the
    as-of moment, and for a date or due date outside the working-day calendar."""
    platform = rules.platform(case.platform)
    today = case.as_of.day
    _check_in_calendar(today, calendar, "as_of", "the as-of date")
    stages = platform.stages_on(today)
    warnings: list[Warning] = []

    events: dict[str, Event] = {}
    for stage in stages:
        event = case.events.get(stage.input, NOT_KNOWN) if stage.input else NOT_KNOWN
        if stage.never_done:
            event = Event(NOT_HAPPENED)
        if event.dated and _after_as_of(event.moment, case.as_of):
            raise InputError(
                f"{event.moment.isoformat()} is after the as-of date {case.as_of.isoformat()}; "
                "an event cannot be in the future (check the date or --as-of)",
                where=stage.input,
            )
        if event.dated:
            _check_in_calendar(event.moment.day, calendar, stage.input, "the date")
        events[stage.id] = event
    for name, event in case.events.items():
        if event.status != UNKNOWN and name not in platform.inputs():
            warnings.append(Warning("unused_input", {"input": name, "platform": platform.name}))

    # A later event implies the earlier events of the chain. A yes/no fact (Kemnaker's account
    # name) is not an event in time: it neither implies nor is implied, so it stays unknown and
    # its reminder stays in the actions.
    happened = [
        i
        for i, s in enumerate(stages)
        if events[s.id].status == HAPPENED and s.answer == DATE_ANSWER
    ]
    last_happened = max(happened, default=-1)
    stage_inputs = {stage.id: stage.input for stage in stages}
    outcomes: list[StageOutcome] = []
    for index, stage in enumerate(stages):
        event = events[stage.id]
        implied = event.status == UNKNOWN and index < last_happened and stage.answer == DATE_ANSWER
        due = None
        if stage.due is not None:
            computed = _due_date(stage.due, events, calendar, stage_inputs)
            if computed is not None:
                due, window_start = computed
                for notice in calendar.notices(window_start, due):
                    warnings.append(_calendar_warning(notice))
        state = _state(stage, event, implied, due, today)
        outcomes.append(StageOutcome(stage, state, event, implied, due))

    dated = [(o, o.event.moment) for o in outcomes if o.event.dated]
    for position, (later, later_moment) in enumerate(dated):
        for earlier, earlier_moment in dated[:position]:
            if later_moment.day < earlier_moment.day:
                warnings.append(
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

    verdict = _verdict(outcomes)
    stage, state = verdict.stage, verdict.state
    contact_id = stage.contact.get(state) if state != "waiting" else None
    contact = rules.party(platform, contact_id) if contact_id else None
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
    for outcome in outcomes:
        if outcome.stage.reminder and outcome.state == "unknown" and outcome is not verdict:
            actions.extend(outcome.stage.actions.get("unknown", ()))
            cites.extend(outcome.stage.cites)
    notes = tuple(
        dict.fromkeys(o.stage.note for o in outcomes if o.stage.note and (o.due or o is verdict))
    )
    return Diagnosis(
        platform=platform,
        as_of=case.as_of,
        outcome=verdict,
        contact=contact,
        finding=stage.findings[state],
        actions=tuple(dict.fromkeys(actions)),
        stages=tuple(outcomes),
        cites=tuple(dict.fromkeys(cites)),
        notes=notes,
        warnings=tuple({repr(w): w for w in warnings}.values()),
        rules_version=rules.version,
        values=MappingProxyType(values),
    )


def _check_in_calendar(day: date, calendar: WorkingCalendar, where: str | None, what: str) -> None:
    """A date outside the working-day calendar is an input error about the input that gave it."""
    if not calendar.first <= day <= calendar.last:
        raise InputError(
            f"{what} {day.isoformat()} is outside the working-day calendar "
            f"({calendar.first.year} to {calendar.last.year}); use a date in that range",
            where=where,
        )


def _calendar_warning(notice: CalendarNotice) -> Warning:
    facts = {
        k: v for k, v in (("date", notice.day), ("year", notice.year), ("name", notice.name)) if v
    }
    return Warning(notice.code, facts)
