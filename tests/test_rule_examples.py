"""The example cases written in the bundled platform files: every one gives its expected verdict,
due date and contact when decided as diagnose decides a case, and a wrong one is reported where
it is written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import MappingProxyType

import pytest

from sertifikat_cek.calendar.dates import parse_moment
from sertifikat_cek.decide.case_input import build_case
from sertifikat_cek.decide.explain import decide
from sertifikat_cek.decide.rule_examples import run_example, run_examples
from sertifikat_cek.rules.loader import load_rules
from sertifikat_cek.rules.location import bundled_rules_dir

BUNDLED = load_rules(bundled_rules_dir())
CASES = [
    pytest.param(platform, example, id=f"{platform.id}: {example.name}")
    for _, platform in sorted(BUNDLED.platforms.items())
    for example in platform.examples
]


@pytest.mark.parametrize(("platform", "example"), CASES)
def test_each_bundled_example_gives_its_expected_verdict(rules, calendar, platform, example):
    case = build_case(rules, platform.id, dict(example.inputs), parse_moment(example.as_of))
    diagnosis = decide(rules, case, calendar)
    contact = diagnosis.contact.id if diagnosis.contact else None
    assert (diagnosis.verdict, diagnosis.due, contact) == (
        example.verdict,
        example.due,
        example.contact,
    )


@pytest.mark.parametrize("platform_id", sorted(BUNDLED.platforms))
def test_each_bundled_platform_has_at_least_three_examples(platform_id: str) -> None:
    examples = BUNDLED.platforms[platform_id].examples
    assert len(examples) >= 3
    assert len({e.name for e in examples}) == len(examples)


def expectations(platform_id: str) -> set[tuple]:
    return {
        (tuple(sorted(e.inputs.items())), e.as_of, e.verdict, e.due, e.contact)
        for e in BUNDLED.platforms[platform_id].examples
    }


def test_domains_worked_example_is_among_tokopedias_examples() -> None:
    """DOMAIN.md section 5: LP reported Friday 2021-03-05, Tokopedia Monday 2021-03-08; the
    certificate is due 2021-03-18: waiting on 2021-03-12, overdue (contact prakerja) on
    2021-03-19."""
    reported = (("institution_reported", "2021-03-05"), ("platform_reported", "2021-03-08"))
    assert {
        (reported, "2021-03-12", "certificate_waiting", date(2021, 3, 18), None),
        (reported, "2021-03-19", "certificate_overdue", date(2021, 3, 18), "prakerja"),
    } <= expectations("tokopedia")


def test_kemnakers_calendar_day_h_plus_1_is_among_its_examples() -> None:
    """The issue: graded on 2021-04-02 (a Friday, and a holiday), Sisnaker's report is due on
    2021-04-03, a Saturday: H+1 counts calendar days."""
    found = [
        e
        for e in BUNDLED.platforms["kemnaker"].examples
        if e.inputs.get("institution_reported") == "2021-04-02"
    ]
    assert any(e.due == date(2021, 4, 3) and e.as_of == "2021-04-03" for e in found)


def test_run_examples_passes_every_bundled_example(rules, calendar) -> None:
    results = run_examples(rules, calendar)
    assert len(results) == sum(len(p.examples) for p in rules.platforms.values())
    assert [r.problem for r in results if not r.passed] == []


def test_a_wrong_expectation_is_reported_where_it_is_written(rules, calendar) -> None:
    tokopedia = rules.platforms["tokopedia"]
    example = next(e for e in tokopedia.examples if e.as_of == "2021-03-19")
    wrong = replace(example, due=date(2021, 3, 17), contact=None)
    result = run_example(rules, tokopedia, wrong, calendar)
    assert not result.passed
    assert str(result.problem.position) == example.positions["due"]
    assert result.problem.message == (
        f"example {example.name!r}: expected due 2021-03-17, got 2021-03-18; "
        "expected contact none, got prakerja"
    )


def test_an_unreadable_input_is_reported_at_that_input(rules, calendar) -> None:
    tokopedia = rules.platforms["tokopedia"]
    example = next(e for e in tokopedia.examples if "platform_reported" in e.inputs)
    inputs = MappingProxyType({**example.inputs, "platform_reported": "31/02/2021"})
    result = run_example(rules, tokopedia, replace(example, inputs=inputs), calendar)
    assert str(result.problem.position) == example.positions["inputs.platform_reported"]
    assert "platform_reported: cannot read '31/02/2021'" in result.problem.message


def test_an_unreadable_as_of_is_reported_at_as_of(rules, calendar) -> None:
    pijar = rules.platforms["pijar-mahir"]
    example = pijar.examples[0]
    result = run_example(rules, pijar, replace(example, as_of="besok"), calendar)
    assert str(result.problem.position) == example.positions["as_of"]
    assert "as_of: cannot read 'besok'" in result.problem.message
