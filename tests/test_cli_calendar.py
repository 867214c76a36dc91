"""`sertifikat-cek calendar add|between|holidays` as a user runs them: text, JSON, English, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

import holidays
import numpy as np
import pytest
import yaml
from cli_runner import make_runner

from sertifikat_cek import __version__
from sertifikat_cek.cli import app
from sertifikat_cek.rules.location import bundled_rules_dir

runner = make_runner()


def run(*args: str):
    return runner.invoke(app, list(args), prog_name="sertifikat-cek")


def ok(*args: str):
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result


def run_json(*args: str):
    return json.loads(ok(*args, "--json").stdout)


def package_days(year: int) -> set[date]:
    """Public holidays and cuti bersama of `year`, straight from the `holidays` package, with
    the bundled calendar.yaml's add/remove applied by hand."""
    found = set(holidays.country_holidays("ID", years=year, categories=("public", "government")))
    text = (bundled_rules_dir() / "calendar.yaml").read_text(encoding="utf-8")
    overrides = yaml.safe_load(text) or {}
    found -= {item["date"] for item in overrides.get("remove") or []}
    found |= {item["date"] for item in overrides.get("add") or []}
    return {day for day in found if day.year == year}


def off_between(start: date, end: date) -> set[date]:
    """Non-working days in (start, end], weekends included, by numpy and the package."""
    found = package_days(start.year) | package_days(end.year)
    marked = np.array(sorted(found), dtype="datetime64[D]")
    days = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    return {d for d in days if not np.is_busday(np.datetime64(d, "D"), holidays=marked)}


# -- add ----------------------------------------------------------------------------------------
def test_add_prints_the_date_and_the_days_it_skipped() -> None:
    result = ok("calendar", "add", "2021-05-11", "7")
    first_line = result.stdout.splitlines()[0]
    assert "2021-05-25" in first_line
    assert "Selasa, 25 Mei 2021" in first_line  # Indonesian by default
    for skipped in ("2021-05-12", "2021-05-13", "2021-05-14", "2021-05-15", "2021-05-23"):
        assert skipped in result.stdout
    assert result.stderr == ""


def test_add_accepts_any_date_form() -> None:
    iso = run_json("calendar", "add", "2021-05-11", "7")
    assert run_json("calendar", "add", "Selasa, 11 Mei 2021", "7") == iso
    assert run_json("calendar", "add", "11/05/2021", "7") == iso


def test_add_json_shape_and_skipped_days() -> None:
    data = run_json("calendar", "add", "2021-05-11", "7")
    assert data["date"] == "2021-05-25"
    assert data["warnings"] == []
    for item in data["skipped"]:
        assert {"date", "name", "kind"} <= set(item)
        assert item["name"]
    skipped = {date.fromisoformat(item["date"]) for item in data["skipped"]}
    assert skipped == off_between(date(2021, 5, 11), date(2021, 5, 25))
    kinds = {item["date"]: item["kind"] for item in data["skipped"]}
    assert kinds["2021-05-12"] == "cuti_bersama"
    assert kinds["2021-05-13"] == kinds["2021-05-14"] == "public"
    assert kinds["2021-05-15"] == "weekend"


def test_add_calendar_days_is_plain_date_arithmetic() -> None:
    data = run_json("calendar", "add", "2021-03-05", "1", "--calendar-days")
    assert data["date"] == "2021-03-06"  # Friday H+1 is Saturday


def test_add_into_2027_warns_about_estimated_holidays() -> None:
    # Idul Fitri 2027 is one of the dates the package estimates.
    data = run_json("calendar", "add", "2027-03-01", "15")
    codes = {w["code"] for w in data["warnings"]}
    assert "estimated_holiday" in codes
    for warning in data["warnings"]:
        assert warning["message"]


def test_add_in_2028_warns_that_there_is_no_cuti_bersama_data() -> None:
    data = run_json("calendar", "add", "2028-01-03", "3")
    no_data = [w for w in data["warnings"] if w["code"] == "no_cuti_bersama_data"]
    assert [w["year"] for w in no_data] == [2028]


def test_text_warnings_go_to_stderr_and_the_result_to_stdout() -> None:
    result = ok("calendar", "add", "2028-01-03", "3")
    assert "2028-01-06" in result.stdout
    assert "2028" in result.stderr
    assert "2028-01-06" not in result.stderr


def test_lang_en_gives_english_text() -> None:
    result = ok("calendar", "add", "2021-05-11", "7", "--lang", "en")
    assert "Tuesday, 25 May 2021" in result.stdout
    for indonesian in ("Selasa", "Mei", "hari kerja", "Sabtu"):
        assert indonesian not in result.stdout
    assert "Saturday" in result.stdout


def test_lang_en_writes_warnings_with_english_dates() -> None:
    result = ok("calendar", "add", "2027-03-01", "15", "--lang", "en")
    assert "March 2027" in result.stderr
    assert "Maret" not in result.stderr


# -- between ------------------------------------------------------------------------------------
def test_between_counts_the_worked_example() -> None:
    result = ok("calendar", "between", "2021-03-08", "2021-03-18")
    assert "7" in result.stdout.splitlines()[0].split()
    assert "2021-03-11" in result.stdout  # Isra Mi'raj is listed as skipped


def test_between_json() -> None:
    data = run_json("calendar", "between", "8 Maret 2021", "18 Maret 2021")
    assert (data["start"], data["end"], data["working_days"]) == ("2021-03-08", "2021-03-18", 7)
    listed = {date.fromisoformat(item["date"]) for item in data["non_working_days"]}
    assert listed == off_between(date(2021, 3, 8), date(2021, 3, 18))


def test_between_backwards_is_negative() -> None:
    data = run_json("calendar", "between", "2021-03-18", "2021-03-08")
    assert data["working_days"] == -7


def test_between_lang_en() -> None:
    result = ok("calendar", "between", "2021-03-08", "2021-03-18", "--lang", "en")
    assert "working days" in result.stdout
    assert "Thursday" in result.stdout  # 11 March 2021
    assert "Kamis" not in result.stdout


# -- holidays -----------------------------------------------------------------------------------
def test_holidays_json_lists_the_years_holidays_and_cuti_bersama() -> None:
    data = run_json("calendar", "holidays", "2021")
    assert isinstance(data, list)
    for item in data:
        assert {"date", "name", "kind"} <= set(item)
        assert item["kind"] in {"public", "cuti_bersama", "override"}
    days = [date.fromisoformat(item["date"]) for item in data]
    assert days == sorted(days)
    assert set(days) == package_days(2021)
    kinds = {item["date"]: item["kind"] for item in data}
    assert kinds["2021-03-11"] == "public"
    assert kinds["2021-05-12"] == "cuti_bersama"


def test_holidays_text_shows_a_table_and_2027_estimates_on_stderr() -> None:
    result = ok("calendar", "holidays", "2027")
    assert "2027-03-10" in result.stdout
    assert "perkiraan" in result.stderr


def test_holidays_lang_en() -> None:
    result = ok("calendar", "holidays", "2021", "--lang", "en")
    assert "2021" in result.stdout
    assert "Thursday" in result.stdout
    assert "Kamis" not in result.stdout


# -- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "names"),
    [
        pytest.param(["add", "2021-02-30", "7"], ["DATE", "2021-02-30"], id="30 February"),
        pytest.param(["add", "12/31/2021", "7"], ["DATE", "12/31/2021"], id="month first"),
        pytest.param(["add", "2021-05-11", "seven"], ["days", "seven"], id="N not a number"),
        pytest.param(["add", "2021-05-11", "7", "--bogus"], ["--bogus"], id="unknown option"),
        pytest.param(["add", "2021-05-11"], ["days"], id="N missing"),
        pytest.param(["add", "1 Jan 2050", "1"], ["DATE", "2050"], id="start after 2045"),
        pytest.param(["add", "2045-12-29", "5"], ["DAYS", "2045"], id="result after 2045"),
        pytest.param(
            ["add", "2021-01-01", "999999999999", "--calendar-days"], ["DAYS"], id="huge N"
        ),
        pytest.param(["add", "2021-05-11", "7", "--lang", "xx"], ["--lang", "xx"], id="lang"),
        pytest.param(["between", "2021-03-08", "31/31/2021"], ["END"], id="bad end"),
        pytest.param(["between", "2009-12-31", "2021-01-01"], ["START", "2009"], id="early"),
        pytest.param(["holidays", "2050"], ["YEAR", "2050"], id="year after 2045"),
        pytest.param(["holidays", "0"], ["YEAR"], id="year 0"),
        pytest.param(["holidays", "dua ribu"], ["year"], id="year not a number"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(args: list[str], names: list[str]) -> None:
    result = run("calendar", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sertifikat-cek")
    assert ": error: " in lines[0]
    for name in names:
        assert name.lower() in lines[0].lower()


def test_version() -> None:
    result = ok("--version")
    assert __version__ in result.stdout
    assert metadata.version("sertifikat-cek") == __version__


# -- the real console script --------------------------------------------------------------------
def console_script() -> Path:
    sibling = Path(sys.executable).parent / "sertifikat-cek"
    found = sibling if sibling.exists() else shutil.which("sertifikat-cek")
    if not found:
        pytest.skip("the sertifikat-cek console script is not installed next to this Python")
    return Path(found)


def run_script(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}
    return subprocess.run(
        [str(console_script()), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "NO_COLOR": "1"},
        timeout=60,
        check=False,
    )


def test_console_script_keeps_data_on_stdout_and_errors_on_stderr() -> None:
    bad = run_script("calendar", "add", "2021-02-30", "7")
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert len(bad.stderr.splitlines()) == 1
    assert bad.stderr.startswith("sertifikat-cek: error: DATE")
    assert "Traceback" not in bad.stderr

    good = run_script("calendar", "add", "2021-05-11", "7", "--json")
    assert good.returncode == 0
    assert good.stderr == ""
    assert json.loads(good.stdout)["date"] == "2021-05-25"

    version = run_script("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"sertifikat-cek {__version__}")
