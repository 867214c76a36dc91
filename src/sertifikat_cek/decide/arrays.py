"""The decision of `assess`, run over whole columns of cases at once with numpy: the columnar
executor of batch, compiled from the validated rule set, never from platform names.

Plain data in and out: each input as arrays (status, day ordinal, second of the day), the
platform as an index, the as-of moment as arrays. A case the arrays do not decide the way
`assess` would is not claimed (an event after the as-of moment, a date or due date outside the
working-day calendar, a time with microseconds): the caller decides it with `assess`, which
also gives its error. For the claimed cases the result is `assess`'s, term by term (DOMAIN.md
5): the chain variant by the case day, the stages and contacts by the as-of day, each stage's
state, due date and implied flag, the verdict, the contact, and whether the case day is past
what the chain's sources confirm. tests/test_columnar.py holds the two equal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from sertifikat_cek.calendar.workdays import WorkingCalendar
from sertifikat_cek.decide.assess import DATE_ANSWER, LATEST_TIME
from sertifikat_cek.rules.ruleset import RuleSet, Stage

# An input's status codes.
UNKNOWN, NO, YES, DATED = 0, 1, 2, 3
# A stage's state codes, and their names as `assess` gives them.
DONE, WAITING, OVERDUE, MISSING, UNSURE = 0, 1, 2, 3, 4
STATE_NAMES = ("done", "waiting", "overdue", "missing", "unknown")
STATE_CODE = tuple(np.int8(code) for code in range(len(STATE_NAMES)))  # np.where keeps int8
NO_DUE = np.int64(0)
NO_TIME = -1  # an event's second of the day when it has no time
LATEST_SECOND = LATEST_TIME.hour * 3600 + LATEST_TIME.minute * 60  # a date alone counts as 23:59


@dataclass(frozen=True)
class EventColumns:
    """One input over the rows: status code, day ordinal (0 unless dated), second (NO_TIME)."""

    status: np.ndarray
    day: np.ndarray
    second: np.ndarray


@dataclass(frozen=True)
class AsOfColumns:
    """The as-of moment over the rows: day ordinal, second (NO_TIME), and the day it is in WIT
    (easternmost_day), which a date-only event may be."""

    day: np.ndarray
    second: np.ndarray
    east_day: np.ndarray


@dataclass
class ArrayResult:
    """The decided rows. `claimed` is False for a row left to `assess`; for the others,
    `group` indexes `stages` (the stage tuple `assess` would use), `verdict` is the verdict's
    index in it, `state` its state code, `due` its due ordinal (0: none); `states`, `dues`
    and `implied` are per stage (columns past a group's last stage are unused)."""

    claimed: np.ndarray
    group: np.ndarray
    stages: list[tuple[Stage, ...]]
    platform_of_group: list[str]
    verdict: np.ndarray
    state: np.ndarray
    due: np.ndarray
    unconfirmed: np.ndarray
    contradiction: np.ndarray
    states: np.ndarray
    dues: np.ndarray
    implied: np.ndarray
    contact_of_group: list[np.ndarray]  # per group: [stage, state] -> contact id ("" none)


class ArrayDecider:
    """`assess` for arrays of cases of one rule set and calendar."""

    def __init__(self, rules: RuleSet, calendar: WorkingCalendar) -> None:
        self.rules, self.calendar = rules, calendar
        self.platform_ids: tuple[str, ...] = tuple(sorted(rules.platforms))
        self.first, self.last = calendar.first.toordinal(), calendar.last.toordinal()
        self.working = np.asarray(calendar.working_ordinals(), dtype=np.int64)
        self._days = _DayTables([rules.platforms[p] for p in self.platform_ids])
        self._group_table = np.full((len(self.platform_ids), 0, 0), -1, dtype=np.int64)
        # working days before or on each calendar day (from `first`): searchsorted by a table
        days = np.arange(self.first, self.last + 1)
        self._worked_by = np.searchsorted(self.working, days, side="right")
        # the stage tuples met so far, each with its platform, chain and contact table
        self._group_of_key: dict[int, int] = {}
        self._group_of_stages: dict[int, int] = {}
        self.stages_of_group: list[tuple[Stage, ...]] = []
        self.platform_of_group: list[str] = []
        self.chains_of_group: list = []
        self.contacts_of_group: list[np.ndarray] = []

    def _groups(self, platform, chain, advice) -> np.ndarray:
        """Each row's group, through a table by (platform, chain, advice) grown as they come."""
        table = self._group_table
        shape = (len(self.platform_ids), int(chain.max()) + 1, int(advice.max()) + 1)
        if any(need > have for need, have in zip(shape, table.shape, strict=True)):
            grown = np.full(np.maximum(shape, table.shape), -1, dtype=np.int64)
            grown[: table.shape[0], : table.shape[1], : table.shape[2]] = table
            table = self._group_table = grown
        _, chains, advices = table.shape
        flat = (platform * chains + chain) * advices + advice  # one index into the table
        group = table.take(flat)
        missing = group < 0
        if missing.any():
            for key in sorted_distinct(flat[missing]).tolist():
                rest, a = divmod(key, advices)
                p, c = divmod(rest, chains)
                table[p, c, a] = self._group_for((p << 32) | (c << 16) | a)
            group = table.take(flat)
        return group

    def _group_for(self, key: int) -> int:
        """The group of a (platform << 32 | chain << 16 | advice) key, made if new."""
        group = self._group_of_key.get(key)
        if group is not None:
            return group
        platform_index, chain_index, advice_id = key >> 32, (key >> 16) & 0xFFFF, key & 0xFFFF
        platform = self.rules.platforms[self.platform_ids[platform_index]]
        chain = platform.chains[chain_index]
        stages = platform.stages_for(chain, self._days.advice_day[platform_index][advice_id])
        group = self._group_of_stages.get(id(stages))
        if group is None:
            group = self._group_of_stages[id(stages)] = len(self.stages_of_group)
            self.stages_of_group.append(stages)
            self.platform_of_group.append(platform.id)
            self.chains_of_group.append(chain)
            self.contacts_of_group.append(self._contact_table(platform, stages))
        self._group_of_key[key] = group
        return group

    # -- one block ---------------------------------------------------------------------------
    def decide(
        self,
        platform: np.ndarray,
        events: Mapping[str, EventColumns],
        as_of: AsOfColumns,
        detail: bool = False,
    ) -> ArrayResult:
        """Decide every row; `platform` indexes platform_ids (-1: not claimed). With `detail`,
        also every stage's state, due date and implied flag, and the contradictions."""
        rows = len(platform)
        claimed = platform >= 0
        today, now, east = as_of.day, as_of.second, as_of.east_day
        claimed &= (today >= self.first) & (today <= self.last)
        for columns in events.values():
            dated = columns.status == DATED
            day, second = columns.day, columns.second
            future = (day > today) & ((second != NO_TIME) | (day > east))
            future |= (day == today) & (second != NO_TIME) & (now != NO_TIME) & (second > now)
            outside = (day < self.first) | (day > self.last)
            claimed &= ~(dated & (future | outside))

        case_day = self._case_day(events, today)
        group = np.full(rows, -1, dtype=np.int64)
        where = np.flatnonzero(claimed)
        if len(where):
            # the chain by the case day and the advice by the as-of day, from tables of
            # chain_on and advice_on over the days met; then the stage tuple of each pair
            chosen = platform[where]
            days = case_day[where]
            advice_days = today[where]
            self._days.cover(
                int(min(days.min(), advice_days.min())), int(max(days.max(), advice_days.max()))
            )
            chain = self._days.chain[chosen, days - self._days.low]
            advice = self._days.advice[chosen, advice_days - self._days.low]
            group[where] = self._groups(chosen, chain, advice)
        stages_of_group = self.stages_of_group
        platform_of_group = self.platform_of_group
        chains_of_group = self.chains_of_group
        used = np.flatnonzero(np.bincount(group[where])).tolist() if len(where) else []
        width = max((len(stages_of_group[g]) for g in used), default=1)
        verdict = np.zeros(rows, dtype=np.int64)
        state = np.full(rows, UNSURE, dtype=np.int8)
        due = np.zeros(rows, dtype=np.int64)
        unconfirmed = np.zeros(rows, dtype=bool)
        contradiction = np.zeros(rows, dtype=bool)
        states = np.full((rows, width), UNSURE, dtype=np.int8) if detail else None
        dues = np.zeros((rows, width), dtype=np.int64) if detail else None
        implied = np.zeros((rows, width), dtype=bool) if detail else None
        for index in used:
            stages = stages_of_group[index]
            members = None if len(used) == 1 and len(where) == rows else group == index
            members = None if members is None else np.flatnonzero(members)
            ok, chosen, st, du, details = self._decide_group(stages, members, events, today, detail)
            at = slice(None) if members is None else members
            verdict[at], state[at], due[at] = chosen, st, du
            if not ok.all():
                claimed[members[~ok] if members is not None else ~ok] = False
            confirmed = chains_of_group[index].confirmed_until.toordinal()
            unconfirmed[at] = case_day[at] > confirmed
            if details is not None:
                group_states, group_dues, flags, overruled = details
                columns = slice(0, len(stages))
                states[at, columns] = group_states
                dues[at, columns] = group_dues
                implied[at, columns] = flags
                contradiction[at] = overruled
        return ArrayResult(
            claimed,
            group,
            stages_of_group,
            platform_of_group,
            verdict,
            state,
            due,
            unconfirmed,
            contradiction,
            states,
            dues,
            implied,
            self.contacts_of_group,
        )

    def _case_day(self, events: Mapping[str, EventColumns], today: np.ndarray) -> np.ndarray:
        """DOMAIN.md 4.1: the completion's day, else the earliest dated input, else as-of."""
        earliest = np.full(len(today), np.iinfo(np.int64).max, dtype=np.int64)
        for columns in events.values():
            earliest = np.where(
                columns.status == DATED, np.minimum(earliest, columns.day), earliest
            )
        case_day = np.where(earliest == np.iinfo(np.int64).max, today, earliest)
        completion = events.get(self.rules.case_day_input) if self.rules.case_day_input else None
        if completion is not None:
            case_day = np.where(completion.status == DATED, completion.day, case_day)
        return case_day.astype(np.int64)

    def _decide_group(self, stages, members, events, today_all, detail) -> tuple:
        """One stage tuple's rows (`members`, or None: every row): (which rows it decided
        (False: a due date leaves the calendar, left to assess), the verdict's index, its
        state and due ordinal, and with `detail` every stage's states, dues, implied flags and
        whether a `no` was overruled)."""
        whole = members is None
        count = len(today_all) if whole else len(members)
        ok = np.ones(count, dtype=bool)
        today = today_all if whole else today_all[members]
        anchors = {a for stage in stages if stage.due is not None for a in stage.due.after}
        status, day, second = [], [], []
        for stage in stages:
            columns = None if stage.never_done or not stage.input else events.get(stage.input)
            if columns is None:
                code = NO if stage.never_done else UNKNOWN
                status.append(np.full(count, code, dtype=np.int8))
                day.append(None)
                second.append(None)
                continue
            status.append(columns.status if whole else columns.status[members])
            if stage.id in anchors:
                day.append(columns.day if whole else columns.day[members])
                second.append(columns.second if whole else columns.second[members])
            else:
                day.append(None)
                second.append(None)
        position = {stage.id: index for index, stage in enumerate(stages)}
        happened = [s >= YES for s in status]  # YES or DATED

        # whether a later date-answer stage happened: this one is done, implied
        later = np.zeros(count, dtype=bool)
        by_later_of = [None] * len(stages)
        for index in range(len(stages) - 1, -1, -1):
            stage = stages[index]
            if stage.answer == DATE_ANSWER and not stage.never_done:
                by_later_of[index] = later & ~happened[index]
            if stage.answer == DATE_ANSWER:
                later = later | happened[index]

        state_cols, due_cols, implied, overruled = [], [], [], None
        for index, stage in enumerate(stages):
            due = None
            if stage.due is not None:
                due, fits = self._due(stage, position, status, day, second)
                ok &= fits
            no = status[index] == NO
            if due is None:
                st = np.where(no, STATE_CODE[MISSING], STATE_CODE[UNSURE])
            else:
                has_due = due > 0
                no_state = np.where(has_due, STATE_CODE[OVERDUE], STATE_CODE[MISSING])
                st = np.where(no, no_state, STATE_CODE[UNSURE])
                # (np.putmask: a scalar where a mask is True, twice as fast as st[mask] = ..)
                np.putmask(st, has_due & (today <= due), STATE_CODE[WAITING])
            by_later = by_later_of[index]
            if by_later is not None:
                np.putmask(st, by_later, STATE_CODE[DONE])
                if detail:
                    overruled = (
                        (by_later & no) if overruled is None else overruled | (by_later & no)
                    )
            np.putmask(st, happened[index], STATE_CODE[DONE])
            state_cols.append(st)
            due_cols.append(due)
            implied.append(by_later)

        last = len(stages) - 1
        first_open = np.full(count, last, dtype=np.int8)
        first_late = np.full(count, -1, dtype=np.int8)
        for index in range(last, -1, -1):
            st = state_cols[index]
            opened = st != DONE
            if stages[index].reminder:  # passed over while unknown
                opened &= st != UNSURE
            np.putmask(first_open, opened, index)
            np.putmask(first_late, (st == MISSING) | (st == OVERDUE), index)
        chosen = first_open
        certificate_due = due_cols[last]
        if certificate_due is not None:
            late = certificate_due > 0
            chosen = np.where(late, np.where(first_late >= 0, first_late, last), chosen)
        chosen = chosen.astype(np.int64)
        # each row's verdict stage's state and due date (fewer than 32 stages: np.choose)
        state = np.choose(chosen, state_cols)
        due = np.choose(chosen, [NO_DUE if d is None else d for d in due_cols])
        details = None
        if detail:
            zeros = np.zeros(count, dtype=np.int64)
            dues = np.stack([zeros if d is None else d for d in due_cols], axis=1)
            flags = np.stack([np.zeros(count, bool) if i is None else i for i in implied], axis=1)
            overruled = overruled if overruled is not None else np.zeros(count, dtype=bool)
            details = (np.stack(state_cols, axis=1), dues, flags, overruled)
        return ok, chosen, state, due, details

    def _due(self, stage, position, status, day, second):
        """A stage's due ordinals (0: an anchor without a date) and which rows' due dates stay
        inside the calendar (assess raises an error for the others)."""
        rule = stage.due
        anchors = [position[a] for a in rule.after]
        count = len(status[0])
        if any(day[a] is None for a in anchors):  # an anchor without a column: never dated
            return np.zeros(count, dtype=np.int64), np.ones(count, dtype=bool)
        dated = np.ones(count, dtype=bool)
        for a in anchors:
            dated &= status[a] == DATED
        # the latest anchor, the first of equals; a date alone counts as 23:59
        best = anchors[0]
        anchor_day, anchor_second = day[best], second[best]
        if len(anchors) > 1:
            at = anchor_day * 86400 + np.where(
                anchor_second == NO_TIME, LATEST_SECOND, anchor_second
            )
        for a in anchors[1:]:
            other = day[a] * 86400 + np.where(second[a] == NO_TIME, LATEST_SECOND, second[a])
            later = other > at
            anchor_day = np.where(later, day[a], anchor_day)
            anchor_second = np.where(later, second[a], anchor_second)
            at = np.where(later, other, at)
        fits = np.ones(count, dtype=bool)
        if rule.unit == "working_days":
            if rule.days == 0:
                due = anchor_day
            else:
                # bisect_right(working, day) + days - 1 (days > 0: the rules reader refuses
                # fewer than 0)
                at = np.clip(anchor_day - self.first, 0, len(self._worked_by) - 1)
                index = self._worked_by[at] + (rule.days - 1)
                fits = (index >= 0) & (index < len(self.working))
                due = self.working.take(index, mode="clip")
        else:
            start = anchor_day
            if rule.unit == "daily_batch":
                cutoff = rule.at.hour * 3600 + rule.at.minute * 60 + rule.at.second
                taken = (anchor_second != NO_TIME) & (anchor_second <= cutoff)
                start = np.where(taken, anchor_day, anchor_day + 1)
                fits = start <= self.last  # the batch day itself must be in the calendar
            due = start + rule.days
            fits &= (due >= self.first) & (due <= self.last)
        fits |= ~dated
        return np.where(dated, due, 0), fits

    def _contact_table(self, platform, stages: tuple[Stage, ...]) -> np.ndarray:
        """[stage, state] -> the contact's id ("" none), as assess chooses it."""
        table = np.full((len(stages), len(STATE_NAMES)), "", dtype=object)
        for s, stage in enumerate(stages):
            for code, name in enumerate(STATE_NAMES):
                contact_id = stage.contact.get(name) if name != "waiting" else None
                if contact_id:
                    table[s, code] = self.rules.party(platform, contact_id).id
        return table


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values), without numpy.ma: numpy 2's np.unique imports it (10 ms before the
    first row of a batch)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


class _DayTables:
    """Per platform and day ordinal (from `low`, over the days met so far): the index of the
    chain `chain_on` gives and an id of the advice `advice_on` gives; `advice_day` keeps one
    day of each advice id."""

    def __init__(self, platforms) -> None:
        self.platforms = platforms
        self.low = self.high = None
        self.chain = self.advice = np.zeros((len(platforms), 0), dtype=np.int64)
        self._advice_ids: list[dict[tuple, int]] = [{} for _ in platforms]
        self.advice_day: list[list[date]] = [[] for _ in platforms]

    def cover(self, low: int, high: int) -> None:
        """Make the tables reach from `low` to `high` (day ordinals): chain_on and advice_on
        asked on the first day and on each change day (Platform.change_days) between, their
        answers holding until the next."""
        if self.low is not None and self.low <= low and high <= self.high:
            return
        if self.low is not None:
            low, high = min(low, self.low), max(high, self.high)
        chain = np.zeros((len(self.platforms), high - low + 1), dtype=np.int64)
        advice = np.zeros_like(chain)
        for p, platform in enumerate(self.platforms):
            index_of = {id(c): i for i, c in enumerate(platform.chains)}
            ids, days_of = self._advice_ids[p], self.advice_day[p]
            changes = [d.toordinal() for d in platform.change_days()]
            starts = [low, *(d for d in changes if low < d <= high)]
            for start, stop in zip(starts, [*starts[1:], high + 1], strict=True):
                day = date.fromordinal(start)
                chain[p, start - low : stop - low] = index_of[id(platform.chain_on(day))]
                tuple_ = platform.advice_on(day)
                known = ids.get(tuple_)
                if known is None:
                    known = ids[tuple_] = len(days_of)
                    days_of.append(day)
                advice[p, start - low : stop - low] = known
        self.low, self.high, self.chain, self.advice = low, high, chain, advice
