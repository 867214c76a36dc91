"""Hypothesis strategies for DOMAIN.md cases: `cases()` gives (platform, inputs, as_of) over every
platform, chain variant and input kind, clustered around the days where the rules change.

Inputs are as `domain_oracle.oracle` takes them: a `date`, a naive `datetime` (WIB), "yes", "no" or
absent. `case_is_valid` tells whether a generated case has no dated event after its as-of moment.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import strategies as st

PLATFORMS = ("tokopedia", "bukalapak", "kemnaker", "pijar-mahir")
EVENT_STAGES = ("completion", "rating", "institution_report", "platform_report")
FIRST_DAY = date(2020, 4, 1)
LAST_DAY = date(2026, 12, 31)
# The last and first days of the chain variants (DOMAIN.md section 4).
BOUNDARIES = (
    date(2021, 3, 17),
    date(2021, 3, 18),
    date(2022, 11, 24),
    date(2022, 11, 25),
    date(2022, 12, 31),
    date(2023, 1, 1),
)
BATCH_TIMES = (time(13, 59), time(14, 0, 0), time(14, 0, 1), time(13, 59, 59), time(23, 59))


# The input stages each platform's chains use (DOMAIN.md section 4.2).
USUAL_STAGES = {
    "tokopedia": {"completion", "institution_report", "platform_report"},
    "bukalapak": {"completion", "rating", "institution_report", "platform_report"},
    "kemnaker": {"completion", "rating", "institution_report", "platform_report"},
    "pijar-mahir": {"completion", "rating"},
}


def _one_in(n: int):
    """True about once in n draws (hypothesis favours the ends of ranges of numbers)."""
    return st.sampled_from([False] * (n - 1) + [True])


def _clamp(day: date) -> date:
    return min(max(day, FIRST_DAY), LAST_DAY)


case_days = st.one_of(
    st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    st.builds(
        lambda day, shift: _clamp(day + timedelta(days=shift)),
        st.sampled_from(BOUNDARIES),
        st.integers(min_value=-3, max_value=3),
    ),
    st.sampled_from(BOUNDARIES),
)

times = st.one_of(
    st.sampled_from(BATCH_TIMES),
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
    st.builds(time, st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)),
)


@st.composite
def _event(draw, case_day: date, stage: str):
    """One input value: absent, yes, no, a date or a datetime near the case day."""
    kind = draw(
        st.sampled_from(["absent", "yes", "no", "date", "datetime"])
        if stage != "completion"
        else st.sampled_from(["absent", "yes", "no", "date", "date", "datetime", "datetime"])
    )
    if kind == "absent":
        return None
    if kind in ("yes", "no"):
        return kind
    if stage == "completion":
        day = case_day
    else:
        shift = draw(
            st.one_of(
                st.integers(min_value=0, max_value=10),
                st.integers(min_value=-2, max_value=0),  # out of order, or before completion
            )
        )
        day = _clamp(case_day + timedelta(days=shift))
    if kind == "date":
        return day
    return datetime.combine(day, draw(times))


def _moment(value) -> tuple[date, time | None] | None:
    if isinstance(value, datetime):
        return (value.date(), value.time())
    if isinstance(value, date):
        return (value, None)
    return None


def case_is_valid(inputs: dict, as_of) -> bool:
    """No dated event after the as-of moment (a date-only event on the as-of day is fine)."""
    if isinstance(as_of, datetime):
        as_of_day, as_of_time = as_of.date(), as_of.time()
    else:
        as_of_day, as_of_time = as_of, None
    for value in inputs.values():
        moment = _moment(value)
        if moment is None:
            continue
        day, at = moment
        if day > as_of_day:
            return False
        if day == as_of_day and at is not None and as_of_time is not None and at > as_of_time:
            return False
    return True


@st.composite
def cases(draw, allow_invalid: bool = True):
    """(platform, inputs, as_of). With allow_invalid, a few cases in a hundred have the as-of moment
    set just before a dated event (an input error)."""
    platform = draw(st.sampled_from(PLATFORMS))
    case_day = draw(case_days)
    inputs: dict = {}
    for stage in EVENT_STAGES:
        # a stage outside every chain of the platform only now and then (an unused input)
        if stage not in USUAL_STAGES[platform] and not draw(_one_in(10)):
            continue
        value = draw(_event(case_day, stage))
        if value is not None:
            inputs[stage] = value
    # account_name: Kemnaker's; on other platforms now and then, an unused input.
    if platform == "kemnaker" or draw(_one_in(10)):
        value = draw(st.sampled_from([None, "yes", "no"]))
        if value is not None:
            inputs["account_name"] = value

    moments = [m for m in (_moment(v) for v in inputs.values()) if m is not None]
    latest_day = max([case_day, *(day for day, _at in moments)])
    mode = draw(st.sampled_from(["near", "near", "near", "same_day", "far"]))
    if mode == "near":
        as_of = _clamp(latest_day + timedelta(days=draw(st.integers(0, 30))))
        as_of = max(as_of, latest_day)
    elif mode == "far":
        as_of = _clamp(latest_day + timedelta(days=draw(st.integers(31, 800))))
        as_of = max(as_of, latest_day)
    else:
        times_that_day = [at for day, at in moments if day == latest_day and at is not None]
        floor = max(times_that_day, default=time(0, 0))
        start = floor.hour * 3600 + floor.minute * 60 + floor.second
        seconds = draw(st.one_of(st.just(start), st.integers(start, 86399)))
        as_of = datetime.combine(latest_day, time(0, 0)) + timedelta(seconds=seconds)

    if allow_invalid and moments and draw(_one_in(20)):
        # an input error: the as-of moment just before the latest dated event
        day, at = max(moments, key=lambda m: (m[0], m[1] or time.max))
        if at is not None and at > time(0, 0):
            as_of = datetime.combine(day, at) - timedelta(seconds=1)
        else:
            as_of = day - timedelta(days=1)
    return platform, inputs, as_of
