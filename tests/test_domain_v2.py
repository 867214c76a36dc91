"""The engine against a second reading of DOMAIN.md: `tests/domain_oracle.py`, written from the
text alone, decides the same hypothesis-generated cases (every platform, chain variant, input
kind, as-of day from 2020 to 2026) and every verdict, due date, basis, contact, projection,
stage state, warning and chain variant must agree."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from domain_oracle import oracle
from domain_strategies import case_is_valid, cases
from hypothesis import HealthCheck, given, settings

from sertifikat_cek.calendar.dates import parse_moment
from sertifikat_cek.decide.case_input import build_case
from sertifikat_cek.decide.explain import decide, due_basis
from sertifikat_cek.errors import InputError

INPUT_OF = {
    "completion": "completed",
    "rating": "rated",
    "institution_report": "institution_reported",
    "platform_report": "platform_reported",
    "account_name": "name_matches",
}
ORACLE_WARNINGS = {"contradiction", "out_of_order", "rules_unconfirmed", "unused_input"}


def as_text(value) -> str:
    """What a user types for an oracle input."""
    if isinstance(value, datetime):
        clock = "%H:%M:%S" if value.second else "%H:%M"
        return value.strftime(f"%Y-%m-%d {clock}")
    if isinstance(value, date):
        return value.isoformat()
    return value


def engine(rules, calendar, platform, inputs, as_of):
    raw = {INPUT_OF[stage]: as_text(v) for stage, v in inputs.items() if v is not None}
    case = build_case(rules, platform, raw, parse_moment(as_text(as_of)))
    return decide(rules, case, calendar)


def observed(diagnosis) -> dict:
    assessment = diagnosis.assessment
    chain = assessment.chain
    return {
        "verdict": diagnosis.verdict,
        "due": diagnosis.due,
        "due_basis": due_basis(diagnosis.outcome),
        "contact": diagnosis.contact.id if diagnosis.contact else None,
        "certificate_by": assessment.certificate_by,
        "stages": {
            o.stage.id: {
                "state": o.state,
                "due": o.due,
                "due_basis": due_basis(o),
                "implied": o.implied,
            }
            for o in diagnosis.stages
        },
        "warnings": {w.code for w in diagnosis.warnings} & ORACLE_WARNINGS,
        "variant": {
            "from": chain.start,
            "until": chain.end,
            "confirmed_until": chain.confirmed_until,
            "case_day": assessment.case_day,
        },
    }


def expected(reading: dict) -> dict:
    """The oracle's reading in the same shape as `observed`."""
    return {
        "verdict": reading["verdict"],
        "due": reading["due"],
        "due_basis": reading["due_basis"],
        "contact": reading["contact"],
        "certificate_by": reading["certificate_by"],
        "stages": reading["stages"],
        "warnings": set(reading["warnings"]),
        "variant": reading["variant"],
    }


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_engine_decides_every_case_as_a_second_reading_of_domain_md(rules, calendar, case):
    platform, inputs, as_of = case
    if not case_is_valid(inputs, as_of):
        with pytest.raises(InputError):
            engine(rules, calendar, platform, inputs, as_of)
        return
    assert observed(engine(rules, calendar, platform, inputs, as_of)) == expected(
        oracle(platform, inputs, as_of)
    )
