"""The decision itself: each stage's state and due date, and the verdict (DOMAIN.md section 5).

Pure and lean: it computes only what decides a case, so a batch of millions of rows can call it
for every distinct case; explain.decide explains the result for people. Two clocks choose the
rules (DOMAIN.md 4.1): the case day chooses the chain variant (stages, order, due rules), the
as-of day the advice (findings, actions, contacts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import NamedTuple

from sertifikat_cek.calendar.dates import Moment, easternmost_day
from sertifikat_cek.calendar.workdays import WorkingCalendar
from sertifikat_cek.errors import InputError
from sertifikat_cek.rules.ruleset import ChainVariant, Party, Platform, RuleSet, Stage

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
NEVER = Event(NOT_HAPPENED)  # the certificate: the case exists because it is missing


# Case and Assessment are built for every distinct case of a batch, so they are slotted and
# not frozen (a frozen dataclass costs about three times as much to build); nothing changes
# them.
@dataclass(slots=True)
class Case:
    """One participant's case: the platform (id or alias), events by input name, the as-of moment."""

    platform: str
    events: Mapping[str, Event]
    as_of: Moment


class StageOutcome(NamedTuple):
    """One stage of the chain as of the as-of date."""

    stage: Stage
    state: str  # done, waiting, overdue, missing, unknown
    event: Event
    implied: bool  # done only because a later event happened
    due: date | None
    window_start: date | None = None  # the anchor day the due date counts from


class VerdictFields:
    """The verdict read off `outcome` (the verdict's stage): shared by Assessment and Diagnosis."""

    __slots__ = ()

    outcome: StageOutcome

    @property
    def stage(self) -> str:
        return self.outcome.stage.id

    @property
    def state(self) -> str:
        return self.outcome.state

    @property
    def verdict(self) -> str:
        """The verdict code, `<stage>_<state>`, e.g. certificate_overdue."""
        return f"{self.outcome.stage.id}_{self.outcome.state}"

    @property
    def due(self) -> date | None:
        return self.outcome.due


@dataclass(slots=True)
class Assessment(VerdictFields):
    """The decided case: every stage's outcome, the verdict's stage, and whom to contact.

    `chain` is the chain variant the case day chose; `contradictions` pairs each `no` that a
    later done stage overrules with that stage (stage ids); `certificate_by` is the projected
    due date of the certificate when it has none yet (DOMAIN.md 5), with the windows
    (start, due, unit) of the projected stages and the certificate."""

    platform: Platform
    case: Case
    outcome: StageOutcome  # the verdict's stage
    stages: tuple[StageOutcome, ...]
    contact: Party | None
    chain: ChainVariant
    case_day: date
    case_day_basis: str  # completion, earliest or as_of: what gave the case day
    contradictions: tuple[tuple[str, str], ...] = ()
    certificate_by: date | None = None
    projection: tuple[tuple[date, date, str], ...] = ()

    @property
    def as_of(self) -> Moment:
        return self.case.as_of


def _latest(moments: list[tuple[str, Moment]]) -> tuple[str, Moment]:
    """The latest (the first of equals); a date without a time counts as LATEST_TIME."""
    latest = moments[0]
    latest_at = (latest[1].day, latest[1].time or LATEST_TIME)
    for item in moments[1:]:  # a loop: max() with a key function costs more for two items
        at = (item[1].day, item[1].time or LATEST_TIME)
        if at > latest_at:
            latest, latest_at = item, at
    return latest


def _due_date(stage: Stage, events: Mapping[str, Event], calendar: WorkingCalendar):
    """The stage's due date and the day it counts from, or None when an anchor has no date.

    Raises InputError naming the latest anchor's stage when the due date leaves the calendar."""
    rule = stage.due
    after = rule.after
    if len(after) == 1:  # the common case, without the list
        anchor_id = after[0]
        event = events[anchor_id]
        anchor = event.moment
        if event.status != HAPPENED or anchor is None:
            return None
    else:
        anchors = []
        for stage_id in after:
            event = events[stage_id]
            if event.status != HAPPENED or event.moment is None:
                return None
            anchors.append((stage_id, event.moment))
        anchor_id, anchor = _latest(anchors)
    try:
        return calendar.due_day(rule.unit, rule.days, rule.at, anchor), anchor.day
    except InputError as error:
        raise error.located(anchor_id) from None


def _check_in_calendar(day: date, calendar: WorkingCalendar, where: str | None, what: str) -> None:
    """A date outside the working-day calendar is an input error about the input that gave it."""
    if not calendar.first <= day <= calendar.last:
        raise InputError(
            f"{what} {day.isoformat()} is outside the working-day calendar "
            f"({calendar.first.year} to {calendar.last.year}); use a date in that range",
            where=where,
        )


def case_day_of(rules: RuleSet, case: Case) -> tuple[date, str]:
    """The day that chooses the chain variant (DOMAIN.md 4.1), and why: the completion's day
    when it is dated ("completion"), else the earliest dated event of the case, whether the
    chain uses it or not ("earliest"), else the as-of day ("as_of")."""
    events = case.events
    completion = events.get(rules.case_day_input) if rules.case_day_input else None
    if completion is not None and completion.status == HAPPENED and completion.moment is not None:
        return completion.moment.day, "completion"
    earliest = None
    for event in events.values():
        if event.status == HAPPENED and event.moment is not None:
            day = event.moment.day
            if earliest is None or day < earliest:
                earliest = day
    if earliest is not None:
        return earliest, "earliest"
    return case.as_of.day, "as_of"


def _check_events(case: Case, calendar: WorkingCalendar) -> None:
    """Every dated input, used by the chain or not, is checked against the as-of moment."""
    as_of = case.as_of
    today, now = as_of.day, as_of.time
    east_today = easternmost_day(as_of)  # a date-only event may be today's in WIT
    first, last = calendar.first, calendar.last
    for name, event in case.events.items():
        moment = event.moment
        if event.status != HAPPENED or moment is None:
            continue
        day = moment.day
        if (day > today and (moment.time is not None or day > east_today)) or (
            day == today and moment.time is not None and now is not None and moment.time > now
        ):
            raise InputError(
                f"{moment.isoformat()} is after the as-of date {as_of.isoformat()}; an event "
                "cannot be in the future (check the date or --as-of)",
                where=name,
            )
        if not first <= day <= last:
            _check_in_calendar(day, calendar, name, "the date")


def assess(rules: RuleSet, case: Case, calendar: WorkingCalendar) -> Assessment:
    """Decide one case: the state and due date of every stage, the verdict and the contact.

    Raises InputError, located at the input's name (or `as_of`), for an event dated after the
    as-of moment, and for a date or due date outside the working-day calendar.

    Written for speed (a batch calls it for every distinct case): locals, few helper calls on
    the common path. The semantics are DOMAIN.md section 5."""
    platform = rules.platform(case.platform)
    as_of = case.as_of
    today = as_of.day
    if not calendar.first <= today <= calendar.last:
        _check_in_calendar(today, calendar, "as_of", "the as-of date")
    _check_events(case, calendar)
    case_day, case_day_basis = case_day_of(rules, case)
    chain = platform.chain_on(case_day)
    stages = platform.stages_for(chain, today)
    given = case.events

    events: dict[str, Event] = {}
    chain_events: list[Event] = []  # events in chain order (the dict is for due rules' anchors)
    # A later event (dated, or yes without a date) implies the earlier events of the chain. A
    # yes/no fact (Kemnaker's account name) is not an event in time: it neither implies nor is
    # implied nor contradicted.
    next_happened: list[int] = []
    for stage in stages:
        if stage.never_done:
            event = NEVER
        else:
            name = stage.input
            event = given.get(name, NOT_KNOWN) if name else NOT_KNOWN
        events[stage.id] = event
        chain_events.append(event)
    later = -1
    for index in range(len(stages) - 1, -1, -1):
        next_happened.append(later)
        if chain_events[index].status == HAPPENED and stages[index].answer == DATE_ANSWER:
            later = index
    next_happened.reverse()

    outcomes: list[StageOutcome] = []
    new_outcome = tuple.__new__  # StageOutcome(...) without its Python-level __new__
    verdict = first_late = None
    contradictions: list[tuple[str, str]] = []
    for index, stage in enumerate(stages):
        event = chain_events[index]
        status = event.status
        due = window_start = None
        if stage.due is not None:
            try:
                computed = _due_date(stage, events, calendar)
            except InputError as error:
                anchor = next(s for s in stages if s.id == error.where)
                raise error.located(anchor.input or anchor.id) from None
            if computed is not None:
                due, window_start = computed
        if status == HAPPENED:
            state, implied = "done", False
        elif next_happened[index] >= 0 and stage.answer == DATE_ANSWER and not stage.never_done:
            state, implied = "done", True
            if status == NOT_HAPPENED:
                contradictions.append((stage.id, stages[next_happened[index]].id))
        elif due is not None and today <= due:
            state, implied = "waiting", False
        elif status == NOT_HAPPENED:
            state, implied = ("missing" if due is None else "overdue"), False
        else:
            state, implied = "unknown", False
        outcome = new_outcome(StageOutcome, (stage, state, event, implied, due, window_start))
        outcomes.append(outcome)
        # without the certificate's due date: the first stage not done (a reminder stage is
        # passed over while unknown)
        if verdict is None and state != "done" and not (stage.reminder and state == "unknown"):
            verdict = outcome
        if first_late is None and (state == "missing" or state == "overdue"):
            first_late = outcome

    certificate = outcomes[-1]
    certificate_by, projection = None, ()
    if certificate.due is not None:
        # with it: the first missing or overdue stage, else the certificate itself
        verdict = first_late if first_late is not None else certificate
    else:
        if verdict is None:
            verdict = certificate
        certificate_by, projection = _project(outcomes, calendar, today)
    contact_id = verdict.stage.contact.get(verdict.state) if verdict.state != "waiting" else None
    contact = rules.party(platform, contact_id) if contact_id else None
    return Assessment(
        platform,
        case,
        verdict,
        tuple(outcomes),
        contact,
        chain,
        case_day,
        case_day_basis,
        tuple(contradictions),
        certificate_by,
        projection,
    )


def _project(outcomes: list[StageOutcome], calendar: WorkingCalendar, today: date):
    """The certificate's due date as if every stage it depends on that is not done happened on
    its own due date (DOMAIN.md 5), and the windows that decide it; (None, ()) when a stage it
    needs is done without a date, has no due date, or is past its due date."""
    by_id = {o.stage.id: o for o in outcomes}
    windows: list[tuple[date, date, str]] = []

    def moment_of(stage_id: str) -> Moment | None:
        outcome = by_id[stage_id]
        event = outcome.event
        if event.status == HAPPENED and event.moment is not None:
            return event.moment
        if outcome.state == "done":  # yes, or implied: no date to count from
            return None
        due = projected_due(outcome)
        if due is None or due < today:
            return None
        return Moment(due)

    def projected_due(outcome: StageOutcome) -> date | None:
        rule = outcome.stage.due
        if rule is None:
            return None
        if outcome.due is not None:
            windows.append((outcome.window_start, outcome.due, rule.unit))
            return outcome.due
        anchors = []
        for anchor_id in rule.after:
            moment = moment_of(anchor_id)
            if moment is None:
                return None
            anchors.append((anchor_id, moment))
        start = _latest(anchors)[1]
        try:
            due = calendar.due_day(rule.unit, rule.days, rule.at, start)
        except InputError:  # beyond the calendar: no projection
            return None
        windows.append((start.day, due, rule.unit))
        return due

    certificate_by = projected_due(outcomes[-1])
    if certificate_by is None:
        return None, ()
    return certificate_by, tuple(dict.fromkeys(windows))
