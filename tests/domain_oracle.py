"""Test oracle: an independent second implementation of DOMAIN.md sections 3, 4 and 5, written from
that text alone (it never imports `sertifikat_cek`), to check the engine's verdicts against.

Readings where DOMAIN.md leaves a choice (each is marked `# reading:` at its spot): (1) a stage's
due date is given whenever every anchor has a known date, also when the stage is already done;
(2) `out_of_order` compares every pair of dated stages of the chosen chain (not only neighbours),
and inputs outside the chain are never compared (so at Bukalapak, whose chain lists the rating
before the LK's report, a rating dated after that report is out of order); (3) day-based rules ("later of A and B", working
days, calendar days) use the date part of a datetime, only the batch rule reads the time;
(4) a stage projected for `certificate_by` happens on its due date without a time, so the 14:00
batch counts it as 23:59 (next day's batch); (5) a stage that is done without a date (`yes` or
implied) gives the projection nothing to count from, so `certificate_by` is null; (6) only stages of
the chosen chain imply or contradict earlier ones (an unused input implies nothing), and
`account_name`, a fact, implies nothing either; (7) a due rule the table does not mark
`customary` is `published` (including the certificate's one working day from 2022-11-25, GridPop
quoting Kompas, and Kemnaker's platform_report H+1); (8) the first variant of each platform has
`from` = None and the latest has `until` = None; (9) the Kemnaker rating exception applies only to
the state `missing` and only on as-of days up to 2021-03-17, whatever the variant; (10) a state
without a row in the contact table (and outside `waiting` and the participant's own stages) has no
contact (the gap `rules check` reports); (11) any time later than 14:00:00.000000 is in the next
day's batch; (12) an input key outside the five input stage ids, a date for `account_name`, or a
value other than a date, datetime, "yes", "no" or None is a ValueError; (13) an aware datetime is
converted to WIB first; (14) the verdict's `due_basis` is its stage's `due_basis`.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import holidays
import numpy as np
import yaml

WIB = timezone(timedelta(hours=7))
PLATFORMS = ("tokopedia", "bukalapak", "kemnaker", "pijar-mahir")
INPUT_STAGES = ("account_name", "completion", "rating", "institution_report", "platform_report")
OWN_STAGES = frozenset({"account_name", "completion", "rating"})  # the participant's own
REMINDER_STAGES = frozenset({"account_name"})  # passed over by the verdict while unknown
BATCH_TIME = time(14, 0, 0)  # Bukalapak's daily batch
SISNAKER_RATING_ADVICE_UNTIL = date(2021, 3, 17)  # rating in Sisnaker up to this as-of day
CALENDAR_YAML = Path(__file__).resolve().parent.parent / "rules" / "calendar.yaml"
HOLIDAY_YEARS = range(2015, 2036)

PUB, CUS = "published", "customary"


# --- section 3: working days -------------------------------------------------------------------


def _yaml_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@functools.cache
def non_working_days() -> frozenset[date]:
    """Indonesian public holidays and cuti bersama (holidays, ID, public + government, in
    Indonesian), with rules/calendar.yaml's `add` and `remove` applied. Weekends are separate."""
    days = set(
        holidays.country_holidays(
            "ID", years=HOLIDAY_YEARS, categories=("public", "government"), language="id"
        )
    )
    overrides = yaml.safe_load(CALENDAR_YAML.read_text(encoding="utf-8")) or {}
    days -= {_yaml_date(item["date"]) for item in overrides.get("remove") or []}
    days |= {_yaml_date(item["date"]) for item in overrides.get("add") or []}
    return frozenset(days)


@functools.cache
def _busdaycalendar() -> np.busdaycalendar:
    marked = np.array(sorted(non_working_days()), dtype="datetime64[D]")
    return np.busdaycalendar(weekmask="1111100", holidays=marked)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in non_working_days()


def add_working_days(day: date, n: int) -> date:
    """The n-th working day strictly after `day` (n >= 1); `day` itself never counts."""
    if n < 1:
        raise ValueError("add_working_days needs n >= 1")
    found = np.busday_offset(
        np.datetime64(day, "D"), n, roll="backward", busdaycal=_busdaycalendar()
    )
    return date.fromisoformat(str(found))


def batch_day(day: date, at: time | None) -> date:
    """The day of the first 14:00 batch that takes an event; a date without a time is 23:59."""
    # reading: seconds and microseconds count, anything after 14:00:00.000000 is the next batch.
    if at is not None and at <= BATCH_TIME:
        return day
    return day + timedelta(days=1)


# --- section 4.2: the chains ------------------------------------------------------------------

# A due rule: (kind, anchors, n, basis). kinds: "workdays" = add_working_days(later anchor, n);
# "calendar" = later anchor + n calendar days (0: the same day, by 23:59); "batch" = batch day.


def _w(anchors, n, basis):
    return ("workdays", tuple(anchors), n, basis)


def _c(anchors, n, basis):
    return ("calendar", tuple(anchors), n, basis)


def _variant(from_, until, stages, due):
    return {
        "from": from_,
        "until": until,
        # section 4.1: a variant with an `until` is confirmed up to it; the latest to 2022-12-31.
        "confirmed_until": until if until is not None else date(2022, 12, 31),
        "stages": tuple(stages),
        "due": due,
    }


OLD_UNTIL = date(2022, 11, 24)
NEW_FROM = date(2022, 11, 25)
KEMNAKER_SPLIT_UNTIL = date(2021, 3, 17)
KEMNAKER_SPLIT_FROM = date(2021, 3, 18)

_TOKO_STAGES = ("completion", "institution_report", "platform_report", "certificate")
_TOKO_BEFORE_CERT = {
    "institution_report": _w(["completion"], 1, CUS),
    "platform_report": _w(["institution_report"], 1, PUB),
}
_BL_BEFORE_CERT = {
    "institution_report": _c(["completion"], 0, PUB),
    "platform_report": ("batch", ("institution_report",), 0, PUB),
}
_KEM_STAGES = (
    "account_name",
    "completion",
    "institution_report",
    "rating",
    "platform_report",
    "certificate",
)

VARIANTS: dict[str, list[dict]] = {
    "tokopedia": [
        _variant(
            None,
            OLD_UNTIL,
            _TOKO_STAGES,
            {**_TOKO_BEFORE_CERT, "certificate": _w(["platform_report"], 7, PUB)},
        ),
        _variant(
            NEW_FROM,
            None,
            _TOKO_STAGES,
            {**_TOKO_BEFORE_CERT, "certificate": _w(["platform_report"], 1, PUB)},
        ),
    ],
    "bukalapak": [
        _variant(
            None,
            OLD_UNTIL,
            ("completion", "rating", "institution_report", "platform_report", "certificate"),
            {**_BL_BEFORE_CERT, "certificate": _w(["completion", "rating"], 7, PUB)},
        ),
        _variant(
            NEW_FROM,
            None,
            ("completion", "institution_report", "platform_report", "certificate"),
            {**_BL_BEFORE_CERT, "certificate": _w(["platform_report"], 1, PUB)},
        ),
    ],
    "kemnaker": [
        _variant(
            None,
            KEMNAKER_SPLIT_UNTIL,
            _KEM_STAGES,
            {
                "platform_report": _c(["institution_report", "rating"], 1, PUB),
                "certificate": _w(["platform_report"], 7, CUS),
            },
        ),
        _variant(
            KEMNAKER_SPLIT_FROM,
            OLD_UNTIL,
            _KEM_STAGES,
            {
                "platform_report": _c(["institution_report"], 1, PUB),
                "certificate": _w(["platform_report"], 7, CUS),
            },
        ),
        _variant(
            NEW_FROM,
            None,
            tuple(s for s in _KEM_STAGES if s != "rating"),
            {
                "platform_report": _c(["institution_report"], 1, PUB),
                "certificate": _w(["platform_report"], 1, PUB),
            },
        ),
    ],
    "pijar-mahir": [
        _variant(
            None,
            OLD_UNTIL,
            ("completion", "rating", "certificate"),
            {"certificate": _w(["completion", "rating"], 7, CUS)},
        ),
        _variant(
            NEW_FROM,
            None,
            ("completion", "certificate"),
            {"certificate": _w(["completion"], 3, CUS)},
        ),
    ],
}


def choose_variant(platform: str, case_day: date) -> dict:
    for variant in VARIANTS[platform]:
        if (variant["from"] is None or variant["from"] <= case_day) and (
            variant["until"] is None or case_day <= variant["until"]
        ):
            return variant
    raise AssertionError(f"no variant of {platform} covers {case_day}")  # the table has no gaps


def _apply(rule, moments: list[tuple[date, time | None]]) -> date:
    kind, _anchors, n, _basis = rule
    latest = max(day for day, _at in moments)
    if kind == "workdays":
        return add_working_days(latest, n)
    if kind == "calendar":
        return latest + timedelta(days=n)
    if kind == "batch":
        (day, at) = moments[0]
        return batch_day(day, at)
    raise AssertionError(kind)


def _due(rule, events: dict) -> date | None:
    """The due date when every anchor of `rule` has a known date, else None."""
    if rule is None:
        return None
    moments = [events.get(anchor) for anchor in rule[1]]
    if any(m is None for m in moments):
        return None
    # reading: "later of completion and rating" and the working/calendar-day rules read dates only.
    return _apply(rule, moments)


# --- contacts (section 5), chosen with the as-of day ----------------------------------------------

_MUO = ("missing", "unknown", "overdue")
_MO = ("missing", "overdue")


def _rows(party, stage, states):
    return {(stage, state): party for state in states}


CONTACTS: dict[str, dict[tuple[str, str], str]] = {
    "tokopedia": {
        **_rows("institution", "institution_report", ["missing"]),
        **_rows("platform", "institution_report", ["unknown", "overdue"]),
        **_rows("platform", "platform_report", _MUO),
        **_rows("platform", "certificate", ["missing"]),
        **_rows("prakerja", "certificate", ["overdue"]),
    },
    "bukalapak": {
        **_rows("institution", "institution_report", _MUO),
        **_rows("platform", "platform_report", _MUO),
        **_rows("platform", "certificate", _MO),
    },
    "kemnaker": {
        **_rows("institution", "institution_report", ["missing", "unknown"]),
        **_rows("platform", "platform_report", _MUO),
        **_rows("platform", "certificate", _MO),
    },
    "pijar-mahir": {
        **_rows("platform", "certificate", _MO),
    },
}


def contact_for(platform: str, stage: str, state: str, as_of_day: date) -> str | None:
    if state == "waiting":
        return None
    # reading: the Sisnaker rating exception is for `missing` only, on as-of days to 2021-03-17.
    if (
        platform == "kemnaker"
        and stage == "rating"
        and state == "missing"
        and as_of_day <= SISNAKER_RATING_ADVICE_UNTIL
    ):
        return "institution"
    if stage in OWN_STAGES:
        return None
    # reading: a state without a row has no contact (a gap for `rules check`), e.g. Kemnaker's
    # institution_report overdue, which cannot occur as that stage has no due rule.
    return CONTACTS[platform].get((stage, state))


# --- inputs ---------------------------------------------------------------------------------------


def _to_wib_naive(moment: datetime) -> datetime:
    # reading: an aware datetime is converted to WIB; a naive one already is WIB.
    if moment.tzinfo is not None:
        return moment.astimezone(WIB).replace(tzinfo=None)
    return moment


def _normalise(stage: str, value):
    """('dated', (day, time|None)) | ('yes', None) | ('no', None) | None (unknown)."""
    if value is None:
        return None
    if isinstance(value, str):
        if value in ("yes", "no"):
            return (value, None)
        raise ValueError(f"{stage}: {value!r} is not a date, a datetime, 'yes' or 'no'")
    if stage == "account_name":
        raise ValueError("account_name takes only 'yes', 'no' or nothing")
    if isinstance(value, datetime):
        moment = _to_wib_naive(value)
        return ("dated", (moment.date(), moment.time()))
    if isinstance(value, date):
        return ("dated", (value, None))
    raise ValueError(f"{stage}: {value!r} is not a date, a datetime, 'yes' or 'no'")


def _later(a: tuple[date, time | None], b: tuple[date, time | None]) -> bool:
    """Whether moment a is strictly later than b; on the same day only when both have a time."""
    if a[0] != b[0]:
        return a[0] > b[0]
    if a[1] is None or b[1] is None:
        return False
    return a[1] > b[1]


# --- section 5: the oracle ------------------------------------------------------------------------


def oracle(platform: str, inputs: dict, as_of) -> dict:
    """The decision DOMAIN.md sections 3 to 5 give for a case (see the module docstring)."""
    if platform not in VARIANTS:
        raise ValueError(f"unknown platform {platform!r}")
    unknown_keys = set(inputs) - set(INPUT_STAGES)
    if unknown_keys:
        # reading: only the five input stage ids are inputs (the certificate is never one).
        raise ValueError(f"unknown inputs: {sorted(unknown_keys)}")

    if isinstance(as_of, datetime):
        as_of_moment = _to_wib_naive(as_of)
        as_of_day, as_of_time = as_of_moment.date(), as_of_moment.time()
    elif isinstance(as_of, date):
        as_of_day, as_of_time = as_of, None  # the end of that day
    else:
        raise ValueError(f"as_of {as_of!r} is not a date or datetime")

    given = {s: _normalise(s, inputs.get(s)) for s in INPUT_STAGES}
    given = {s: v for s, v in given.items() if v is not None}
    events = {s: v[1] for s, v in given.items() if v[0] == "dated"}

    # Input errors: no dated event after the as-of moment (unused inputs are checked too).
    for stage, (day, at) in events.items():
        if day > as_of_day or (
            day == as_of_day and at is not None and as_of_time is not None and at > as_of_time
        ):
            raise ValueError(f"{stage} is after the as-of moment")

    # Section 4.1: the case day chooses the chain.
    if "completion" in events:
        case_day = events["completion"][0]
    elif events:
        case_day = min(day for day, _at in events.values())
    else:
        case_day = as_of_day
    variant = choose_variant(platform, case_day)
    chain = variant["stages"]
    rules = variant["due"]

    warnings: set[str] = set()
    if any(stage not in chain for stage in given):
        warnings.add("unused_input")
    if case_day > variant["confirmed_until"]:
        warnings.add("rules_unconfirmed")

    chain_events = {s: m for s, m in events.items() if s in chain}

    # reading: every pair of dated chain stages is compared, not only neighbours.
    dated_in_order = [s for s in chain if s in chain_events]
    for i, earlier in enumerate(dated_in_order):
        for later in dated_in_order[i + 1 :]:
            if _later(chain_events[earlier], chain_events[later]):
                warnings.add("out_of_order")

    def directly_done(stage: str) -> bool:
        # reading: account_name is a fact, not an event; it implies no earlier stage.
        if stage in REMINDER_STAGES or stage == "certificate":
            return False
        kind = given.get(stage, (None,))[0]
        return kind in ("dated", "yes")

    stages: dict[str, dict] = {}
    for i, stage in enumerate(chain):
        rule = rules.get(stage)
        # reading: the due date is computed whenever the anchors are dated, even for a done stage.
        due = _due(rule, chain_events)
        basis = rule[3] if due is not None else None
        kind = given.get(stage, (None,))[0]
        later_done = any(directly_done(s) for s in chain[i + 1 :])
        implied = False

        def known_not(due=due):
            if due is None:
                return "missing"
            return "waiting" if as_of_day <= due else "overdue"

        if stage == "certificate":
            state = known_not()  # never done: treated as known not to have happened
        elif kind in ("dated", "yes"):
            state = "done"
        elif stage == "account_name":
            # never implied, never contradicted; `no` is missing
            if kind == "no":
                state = "missing"
            else:
                state = "waiting" if due is not None and as_of_day <= due else "unknown"
        elif kind == "no":
            if later_done:
                state, implied = "done", True
                warnings.add("contradiction")
            else:
                state = known_not()
        elif later_done:
            state, implied = "done", True
        else:
            state = "waiting" if due is not None and as_of_day <= due else "unknown"
        stages[stage] = {"state": state, "due": due, "due_basis": basis, "implied": implied}

    # The verdict.
    cert_due = stages["certificate"]["due"]
    if cert_due is not None:
        verdict_stage = next(
            (s for s in chain if stages[s]["state"] in ("missing", "overdue")), "certificate"
        )
    else:
        verdict_stage = next(
            s
            for s in chain
            if stages[s]["state"] != "done"
            and not (s in REMINDER_STAGES and stages[s]["state"] == "unknown")
        )
    verdict_state = stages[verdict_stage]["state"]

    # certificate_by: the projection along the chain.
    certificate_by = None
    if cert_due is None:
        certificate_by = _project_certificate(chain, rules, chain_events, stages, as_of_day)

    return {
        "verdict": f"{verdict_stage}_{verdict_state}",
        "stage": verdict_stage,
        "state": verdict_state,
        "due": stages[verdict_stage]["due"],
        # reading: the verdict's due_basis is its stage's.
        "due_basis": stages[verdict_stage]["due_basis"],
        "contact": contact_for(platform, verdict_stage, verdict_state, as_of_day),
        "certificate_by": certificate_by,
        "stages": stages,
        "warnings": warnings,
        "variant": {
            "from": variant["from"],
            "until": variant["until"],
            "confirmed_until": variant["confirmed_until"],
            "case_day": case_day,
        },
    }


def _project_certificate(chain, rules, events, stages, as_of_day) -> date | None:
    """The certificate's due date as if every not-done stage it depends on happened on its own
    due date; None when one of them has no due date or the as-of day has passed it."""
    failed = object()

    @functools.cache
    def moment(stage: str):
        if stage in events:
            return events[stage]
        if stages[stage]["state"] == "done":
            # reading: done without a date (yes or implied): nothing to count from.
            return failed
        rule = rules.get(stage)
        if rule is None:
            return failed
        anchors = [moment(a) for a in rule[1]]
        if any(a is failed for a in anchors):
            return failed
        due = _apply(rule, anchors)
        if as_of_day > due:
            return failed
        # reading: a projected event has no time, so the 14:00 batch counts it as 23:59.
        return (due, None)

    rule = rules["certificate"]
    anchors = [moment(a) for a in rule[1]]
    if any(a is failed for a in anchors):
        return None
    return _apply(rule, anchors)
