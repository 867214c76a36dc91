"""Shared test fixtures: the bundled rules and calendar, a CLI runner, a case decider, an oracle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from cli_runner import make_runner

from sertifikat_cek.rules.loader import load_rules_cached
from sertifikat_cek.rules.location import bundled_rules_dir, working_calendar


@pytest.fixture(scope="session")
def rules():
    """The bundled, validated rule set."""
    return load_rules_cached(bundled_rules_dir())


@pytest.fixture(scope="session")
def installed_package(tmp_path_factory) -> tuple[Path, Path]:
    """The package laid out as a wheel installs it (the rules in rules/bundled/, the pre-built
    rules made by scripts/prebuild_rules.py): (the folder to put on PYTHONPATH, the package)."""
    root = Path(__file__).resolve().parents[1]
    site = tmp_path_factory.mktemp("site")
    package = site / "sertifikat_cek"
    shutil.copytree(
        root / "src" / "sertifikat_cek",
        package,
        ignore=shutil.ignore_patterns("__pycache__", "prebuilt.json"),
    )
    shutil.copytree(root / "rules", package / "rules" / "bundled")
    env = {**os.environ, "PYTHONPATH": str(site)}
    subprocess.run(
        [
            sys.executable,
            str(root / "scripts" / "prebuild_rules.py"),
            package / "rules" / "prebuilt.json",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return site, package


@pytest.fixture(scope="session")
def calendar():
    """The working-day calendar of the bundled rules (holidays package + calendar.yaml)."""
    return working_calendar(bundled_rules_dir())


@pytest.fixture(scope="session")
def run_cli() -> Callable:
    """run_cli(*args, env=None, input=None): the command as a user runs it; the result keeps
    stdout and stderr apart (`.stdout`, `.stderr`, `.exit_code`)."""
    from sertifikat_cek.cli import app

    runner = make_runner()

    def run(*args: object, env: dict | None = None, input: str | None = None):
        return runner.invoke(
            app, [str(a) for a in args], prog_name="sertifikat-cek", env=env, input=input
        )

    return run


@pytest.fixture(scope="session")
def decide_case(rules, calendar) -> Callable:
    """decide_case(platform, as_of, **inputs): the Diagnosis of a case written as a user types
    it, e.g. decide_case("tokopedia", "2021-03-12", platform_reported="2021-03-08")."""
    from sertifikat_cek.calendar.dates import parse_moment
    from sertifikat_cek.decide.case_input import build_case
    from sertifikat_cek.decide.explain import decide

    def run(platform: str, as_of: str, **inputs: str):
        case = build_case(rules, platform, inputs, parse_moment(as_of))
        return decide(rules, case, calendar)

    return run


@pytest.fixture(scope="session")
def workday_oracle() -> Callable[[date, int], date]:
    """An independent add_working_days: numpy.busday_offset over the `holidays` package's
    Indonesian public holidays and cuti bersama, with rules/calendar.yaml's add/remove applied."""
    import holidays
    import numpy as np
    import yaml

    years = range(2010, 2046)
    days = set(holidays.country_holidays("ID", years=years, categories=("public", "government")))
    text = (bundled_rules_dir() / "calendar.yaml").read_text(encoding="utf-8")
    overrides = yaml.safe_load(text) or {}
    days -= {item["date"] for item in overrides.get("remove") or []}
    days |= {item["date"] for item in overrides.get("add") or []}
    marked = np.array(sorted(days), dtype="datetime64[D]")

    def add(start: date, n: int) -> date:
        found = np.busday_offset(np.datetime64(start, "D"), n, roll="backward", holidays=marked)
        return date.fromisoformat(str(found))

    return add
