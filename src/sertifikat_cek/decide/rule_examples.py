"""Runs the example cases written in the platform rule files through the engine, as diagnose does.

Pure: a validated rule set and a working-day calendar in, plain results out. Each example is
decided by `case_input.build_case` and `engine.decide`, the one decision path of every command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sertifikat_cek.calendar.dates import parse_moment
from sertifikat_cek.calendar.workdays import WorkingCalendar
from sertifikat_cek.decide.case_input import build_case
from sertifikat_cek.decide.explain import decide
from sertifikat_cek.errors import InputError
from sertifikat_cek.rules.checker import Problem
from sertifikat_cek.rules.positions import Position
from sertifikat_cek.rules.ruleset import Example, Platform, RuleSet


@dataclass(frozen=True)
class ExampleResult:
    """What the rules gave for one example; `problem` is None when it matched the expectation."""

    platform: str
    example: Example
    verdict: str | None = None
    due: date | None = None
    contact: str | None = None
    problem: Problem | None = None

    @property
    def passed(self) -> bool:
        return self.problem is None

    def as_json(self) -> dict:
        expected = self.example
        return {
            "platform": self.platform,
            "name": expected.name,
            "where": expected.where,
            "passed": self.passed,
            "expected": {
                "verdict": expected.verdict,
                "due": expected.due.isoformat() if expected.due else None,
                "contact": expected.contact,
            },
            "got": {
                "verdict": self.verdict,
                "due": self.due.isoformat() if self.due else None,
                "contact": self.contact,
            },
            "problem": self.problem.message if self.problem else None,
        }


def _place(example: Example, key: str) -> Position:
    return Position.parse(example.positions.get(key) or example.where)


def _show(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def run_example(
    rules: RuleSet, platform: Platform, example: Example, calendar: WorkingCalendar
) -> ExampleResult:
    """Decide one example as diagnose would, and compare with what it expects."""
    label = f"example {example.name!r}"
    try:
        as_of = parse_moment(example.as_of)
    except InputError as error:
        problem = Problem(_place(example, "as_of"), f"{label}: as_of: {error.message}")
        return ExampleResult(platform.id, example, problem=problem)
    try:
        case = build_case(rules, platform.id, dict(example.inputs), as_of)
        diagnosis = decide(rules, case, calendar)
    except InputError as error:
        key = f"inputs.{error.where}" if error.where in example.inputs else "as_of"
        said = f"{error.where}: " if error.where else ""
        problem = Problem(_place(example, key), f"{label}: {said}{error.message}")
        return ExampleResult(platform.id, example, problem=problem)
    got = {
        "verdict": diagnosis.verdict,
        "due": diagnosis.due,
        "contact": diagnosis.contact.id if diagnosis.contact else None,
    }
    expected = {"verdict": example.verdict, "due": example.due, "contact": example.contact}
    wrong = [key for key in expected if expected[key] != got[key]]
    problem = None
    if wrong:
        message = "; ".join(
            f"expected {key} {_show(expected[key])}, got {_show(got[key])}" for key in wrong
        )
        problem = Problem(_place(example, wrong[0]), f"{label}: {message}")
    return ExampleResult(platform.id, example, problem=problem, **got)


def run_examples(rules: RuleSet, calendar: WorkingCalendar) -> list[ExampleResult]:
    """Every example of every platform, platform by platform in id order."""
    return [
        run_example(rules, platform, example, calendar)
        for _, platform in sorted(rules.platforms.items())
        for example in platform.examples
    ]
