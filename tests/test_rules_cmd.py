"""`sertifikat-cek rules list|show|check` as a helpdesk lead runs them, and a new platform added
as one YAML file that works at once in `diagnose` and `rules`, without any code."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from rule_files import copy_rules, edit, line_of

from sertifikat_cek.rules.location import RULES_DIR_ENV, bundled_rules_dir

BUNDLED = bundled_rules_dir()
ARTICLE = (BUNDLED / "sources" / "000_eee7752bac351e71.txt").read_text(encoding="utf-8")
PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def table_rows(output: str) -> list[list[str]]:
    """The body rows of the rich tables in `output` (drawn with a line between rows), each
    cell's wrapped lines joined."""
    rows: list[list[str]] = []
    current: list[list[str]] | None = None
    for line in output.splitlines():
        if line.startswith("│"):
            cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
            if current is None:
                current = [[] for _ in cells]
            for parts, cell in zip(current, cells, strict=True):
                if cell:
                    parts.append(cell)
        elif current is not None:
            rows.append([" ".join(parts) for parts in current])
            current = None
    return rows


def ok(run_cli, *args, **options):
    result = run_cli(*args, **options)
    assert result.exit_code == 0, result.stderr
    return result


def one_line_error(result, *expected: str) -> str:
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in lines[0]
    return lines[0]


# -- rules list ----------------------------------------------------------------------------------
def test_rules_list_names_every_bundled_platform(run_cli) -> None:
    rows = table_rows(ok(run_cli, "rules", "list").stdout)
    assert [row[0] for row in rows] == ["bukalapak", "kemnaker", "pijar-mahir", "tokopedia"]
    tokopedia = rows[-1]
    assert tokopedia[1] == "Tokopedia" and "Tokped" in tokopedia[2]
    assert tokopedia[3] == "completion → institution_report → platform_report → certificate"


def test_rules_list_json(run_cli) -> None:
    data = json.loads(ok(run_cli, "rules", "list", "--json").stdout)
    platforms = {p["platform"]: p for p in data["platforms"]}
    assert set(platforms) == {"bukalapak", "kemnaker", "pijar-mahir", "tokopedia"}
    assert "Sisnaker" in platforms["kemnaker"]["aliases"]
    assert platforms["pijar-mahir"]["stages"] == ["completion", "rating", "certificate"]
    assert all(p["examples"] >= 3 for p in platforms.values())
    assert re.fullmatch(r"[0-9a-f]{12}", data["rules_version"])


# -- rules show ----------------------------------------------------------------------------------
def chains(output: str) -> list[dict[str, list[str]]]:
    """Each chain variant's table, in order: stage id -> [name, by, due, contacts]."""
    found: list[dict[str, list[str]]] = []
    for row in table_rows(output):
        if row[0] == "1":
            found.append({})
        if row[0].isdigit():
            name_and_id = row[1].split()
            found[-1][name_and_id[-1]] = [" ".join(name_and_id[:-1]), *row[2:5]]
    return found


def chain(output: str) -> dict[str, list[str]]:
    """The first chain variant's table (the rules of the earliest case days)."""
    return chains(output)[0]


def test_rules_show_says_each_due_rule_in_words_with_its_basis(run_cli) -> None:
    tokopedia = chain(ok(run_cli, "rules", "show", "tokopedia").stdout)
    assert list(tokopedia) == ["completion", "institution_report", "platform_report", "certificate"]
    assert tokopedia["platform_report"][2] == (
        "H+1 hari kerja setelah laporan lembaga pelatihan (diumumkan)"
    )
    assert (
        tokopedia["institution_report"][2] == "H+1 hari kerja setelah pelatihan selesai (kebiasaan)"
    )
    assert tokopedia["certificate"][2] == (
        "H+7 hari kerja setelah laporan platform ke Manajemen Pelaksana (diumumkan)"
    )
    english = chain(ok(run_cli, "rules", "show", "tokopedia", "--lang", "en").stdout)
    assert english["platform_report"][2] == (
        "1 working day after the training institution's report (published)"
    )
    bukalapak = chain(ok(run_cli, "rules", "show", "Bukalapak").stdout)
    assert bukalapak["platform_report"][2] == (
        "batch harian pukul 14:00 setelah laporan lembaga pelatihan (diumumkan)"
    )
    assert bukalapak["institution_report"][2] == (
        "hari yang sama dengan pelatihan selesai (diumumkan)"
    )
    kemnaker = chain(ok(run_cli, "rules", "show", "sisnaker", "--lang", "en").stdout)
    assert kemnaker["platform_report"][2] == (
        "1 calendar day after the LPK's grading in Sisnaker and the rating and review given "
        "(whichever is later) (published)"
    )
    assert kemnaker["certificate"][2].endswith("(customary)")
    assert kemnaker["institution_report"][2] == "no deadline (published or customary)"


def test_rules_show_gives_one_table_per_chain_variant_with_its_period(run_cli) -> None:
    output = ok(run_cli, "rules", "show", "kemnaker", "--lang", "en").stdout
    tables = chains(output)
    assert [list(t) for t in tables] == [
        [
            "account_name",
            "completion",
            "institution_report",
            "rating",
            "platform_report",
            "certificate",
        ],
        [
            "account_name",
            "completion",
            "institution_report",
            "rating",
            "platform_report",
            "certificate",
        ],
        ["account_name", "completion", "institution_report", "platform_report", "certificate"],
    ]
    assert (
        "Stage chain for cases until 17 March 2021 (sources cover cases up to 17 March 2021)"
        in output
    )
    assert (
        "Stage chain for cases from 25 November 2022 (sources cover cases up to 31 December 2022)"
        in " ".join(output.split())
    )
    assert (
        tables[1]["platform_report"][2]
        == "1 calendar day after the LPK's grading in Sisnaker (published)"
    )
    assert tables[2]["certificate"][2] == (
        "1 working day after Sisnaker's report to the PMO (published)"
    )


def test_rules_show_gives_the_contact_for_each_state(run_cli) -> None:
    """DOMAIN.md section 5's contact table, for Tokopedia."""
    tokopedia = chain(ok(run_cli, "rules", "show", "tokopedia", "--lang", "en").stdout)
    assert tokopedia["completion"][3] == "the participant's own step"
    assert tokopedia["institution_report"][3] == (
        "not happened: the training institution (LP) unknown: Tokopedia overdue: Tokopedia"
    )
    assert tokopedia["certificate"][3] == (
        "not happened: Tokopedia overdue: Kartu Prakerja programme management (PMO)"
    )


def test_rules_show_lists_dated_advice_with_their_dates(run_cli) -> None:
    output = ok(run_cli, "rules", "show", "kemnaker").stdout
    assert "sampai dengan 17 Maret 2021 · Yang berubah:" in output
    assert "mulai 18 Maret 2021 · Yang berubah:" in output
    assert "Isi ulasan dan rating langsung di dashboard Prakerja." in output
    english = ok(run_cli, "rules", "show", "kemnaker", "--lang", "en").stdout
    assert "until 17 March 2021 · What changes:" in english
    assert "from 18 March 2021 · What changes:" in english


def test_rules_show_quotes_the_source_word_for_word(run_cli) -> None:
    output = ok(run_cli, "rules", "show", "bukalapak").stdout
    quotes = re.findall(r"\u201c(.+?)\u201d", output)
    assert quotes
    article = " ".join(ARTICLE.split())
    for quote in quotes:
        assert quote in article
    assert any("Bukalapak" in quote for quote in quotes)


def test_rules_show_json(run_cli) -> None:
    data = json.loads(ok(run_cli, "rules", "show", "tokped", "--json", "--lang", "en").stdout)
    assert data["platform"] == "tokopedia" and data["lang"] == "en"
    stages = {s["stage"]: s for s in data["stages"]}
    assert stages["platform_report"]["due"] == {
        "after": ["institution_report"],
        "unit": "working_days",
        "days": 1,
        "at": None,
        "basis": "published",
    }
    assert stages["certificate"]["contact"] == {"missing": "platform", "overdue": "prakerja"}
    assert {p["party"] for p in data["parties"]} == {"institution", "platform", "prakerja"}
    assert [(c["from"], c["until"], c["confirmed_until"]) for c in data["chains"]] == [
        (None, "2022-11-24", "2022-11-24"),
        ("2022-11-25", None, "2022-12-31"),
    ]
    later = {s["stage"]: s for s in data["chains"][1]["stages"]}
    assert (
        later["certificate"]["due"]["days"] == 1 and "gridpop-2022" in data["chains"][1]["sources"]
    )
    kemnaker = json.loads(ok(run_cli, "rules", "show", "kemnaker", "--json").stdout)
    rating = next(s for s in kemnaker["stages"] if s["stage"] == "rating")
    assert [(v["from"], v["until"]) for v in rating["variants"]] == [
        (None, "2021-03-17"),
        ("2021-03-18", None),
    ]
    assert rating["variants"][0]["changes"] == ["contact", "findings", "actions", "cites"]


def test_rules_show_an_unknown_platform(run_cli) -> None:
    one_line_error(
        run_cli("rules", "show", "tokoped"), "PLATFORM", "did you mean 'tokopedia'?", "kemnaker"
    )


# -- rules check ---------------------------------------------------------------------------------
def test_rules_check_accepts_the_bundled_rules(run_cli) -> None:
    version = json.loads(ok(run_cli, "rules", "list", "--json").stdout)["rules_version"]
    result = ok(run_cli, "rules", "check", "--lang", "en")
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1
    assert re.match(r"Rules valid: 4 platforms, \d+ examples passed · ", result.stdout)
    assert f"rules version {version}" in result.stdout


def test_rules_check_json_runs_every_example(run_cli) -> None:
    data = json.loads(ok(run_cli, "rules", "check", str(BUNDLED), "--json").stdout)
    assert data["valid"] is True and data["problems"] == []
    assert data["examples"]["failed"] == 0
    assert data["examples"]["run"] == data["examples"]["passed"] >= 3 * 4


def test_rules_check_prints_every_problem_on_its_own_line(run_cli, tmp_path) -> None:
    directory = copy_rules(tmp_path)
    tokopedia = edit(
        directory, "platforms/tokopedia.yaml", "unit: working_days\n", "unit: workdays\n"
    )
    kemnaker = edit(directory, "platforms/kemnaker.yaml", "until: 2021-03-17", "until: 2021-03-18")
    result = run_cli("rules", "check", directory)
    assert result.exit_code == 2
    assert result.stdout == ""
    *problems, summary = result.stderr.splitlines()
    found = [PROBLEM_LINE.match(line).groupdict() for line in problems]
    assert [(f["file"], int(f["line"])) for f in found] == [
        (str(kemnaker), line_of(kemnaker, "from: 2021-03-18")),
        (str(tokopedia), line_of(tokopedia, "unit: workdays")),
    ]
    assert "did you mean 'working_days'?" in found[1]["message"]
    assert summary.startswith("2 masalah")


def test_rules_check_json_lists_the_problems(run_cli, tmp_path) -> None:
    directory = copy_rules(tmp_path)
    path = edit(directory, "platforms/tokopedia.yaml", "missing: institution", "missing: lembaga")
    result = run_cli("rules", "check", directory, "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False
    [problem] = data["problems"]  # the contact gap it leaves is its consequence: not said twice
    assert (problem["file"], problem["line"]) == (str(path), line_of(path, "missing: lembaga"))
    assert "'lembaga' is not a defined party" in problem["message"]


def test_rules_check_reports_a_contact_gap_at_its_stage(run_cli, tmp_path) -> None:
    """A state a case can reach with nobody to ask (DOMAIN.md 5) is a problem of its own."""
    directory = copy_rules(tmp_path)
    path = edit(directory, "platforms/tokopedia.yaml", "      missing: institution\n", "")
    result = run_cli("rules", "check", directory, "--json")
    assert result.exit_code == 2
    [gap] = json.loads(result.stdout)["problems"]
    assert (gap["file"], gap["line"]) == (str(path), line_of(path, "- id: institution_report"))
    assert "contact gap in 'tokopedia': 'institution_report' can be 'missing'" in gap["message"]


def test_rules_check_reports_a_failing_example_with_its_position(run_cli, tmp_path) -> None:
    directory = copy_rules(tmp_path)
    path = directory / "platforms/tokopedia.yaml"
    text = path.read_text(encoding="utf-8")
    before, after = text.split("as_of: 2021-03-19", 1)  # DOMAIN.md's example, checked on the 19th
    path.write_text(
        before + "as_of: 2021-03-19" + after.replace("contact: prakerja", "contact: platform", 1),
        encoding="utf-8",
    )
    result = run_cli("rules", "check", directory)
    assert result.exit_code == 2
    line = result.stderr.splitlines()[0]
    expected_line = len(
        (before + "as_of: 2021-03-19" + after.split("contact: prakerja")[0]).splitlines()
    )
    assert line.startswith(f"{path}:{expected_line}:")
    assert line.endswith(
        "example 'worked example, checked after the 7 working days': "
        "expected contact platform, got prakerja"
    )


def test_rules_check_refuses_a_rule_file_over_1_mib(run_cli, tmp_path) -> None:
    directory = copy_rules(tmp_path)
    big = directory / "platforms" / "tokopedia.yaml"
    big.write_text(big.read_text("utf-8") + "#" * (1024 * 1024), encoding="utf-8")
    result = run_cli("rules", "check", directory)
    assert result.exit_code == 2
    problem, summary = result.stderr.splitlines()
    assert summary.startswith("1 masalah")
    assert problem.startswith(f"{big}:1:1: rule file is ")
    assert problem.endswith("the limit is 1048576 (1 MiB)")


def test_rules_check_shows_a_python_tag_as_a_problem_at_its_place(run_cli, tmp_path) -> None:
    directory = copy_rules(tmp_path)
    path = edit(
        directory,
        "platforms/pijar-mahir.yaml",
        "name: Pijar Mahir",
        "name: !!python/object:os.system {}",
    )
    result = run_cli("rules", "check", directory)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:{line_of(path, '!!python')}:7: YAML syntax error")


def test_rules_check_of_a_missing_directory(run_cli, tmp_path) -> None:
    one_line_error(run_cli("rules", "check", tmp_path / "nowhere"), "DIR", "nowhere")


def test_rules_check_of_a_directory_that_holds_no_rules(run_cli, tmp_path) -> None:
    one_line_error(run_cli("rules", "check", tmp_path), "no prakerja.yaml here")


def test_rules_check_of_an_unreadable_directory(run_cli, tmp_path, monkeypatch) -> None:
    directory = copy_rules(tmp_path)
    real_access = os.access
    monkeypatch.setattr(
        "sertifikat_cek.rules.location.os.access",
        lambda path, mode: False if Path(path) == directory else real_access(path, mode),
    )
    one_line_error(run_cli("rules", "check", directory), "DIR", "permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory")
def test_rules_check_of_a_directory_without_read_permission(run_cli, tmp_path) -> None:
    directory = copy_rules(tmp_path)
    directory.chmod(0)
    try:
        one_line_error(run_cli("rules", "check", directory), "DIR", "permission denied")
    finally:
        directory.chmod(0o755)


def test_rules_check_uses_the_rules_dir_option_and_variable(run_cli, tmp_path) -> None:
    directory = copy_rules(tmp_path)
    edit(directory, "platforms/tokopedia.yaml", "unit: working_days\n", "unit: workdays\n")
    by_option = run_cli("rules", "check", "--rules-dir", directory)
    by_variable = run_cli("rules", "check", env={RULES_DIR_ENV: str(directory)})
    for result in (by_option, by_variable):
        assert result.exit_code == 2
        assert "unit 'workdays'" in result.stderr


def test_diagnose_refuses_invalid_rules_with_the_same_message(run_cli, tmp_path) -> None:
    directory = copy_rules(tmp_path)
    path = edit(directory, "platforms/tokopedia.yaml", "unit: working_days\n", "unit: workdays\n")
    result = run_cli(
        "diagnose", "--rules-dir", directory, "-p", "tokopedia", "--as-of", "2021-03-10"
    )
    line = one_line_error(result, "unknown unit 'workdays'")
    assert f"{path}:{line_of(path, 'unit: workdays')}:" in line


# -- a new platform, no code ---------------------------------------------------------------------
SEKOLAHMU = """\
# Sekolahmu (fictional): the institution reports within 2 working days of completion; Sekolahmu
# reports to the PMO in a daily batch at 10:00; the certificate is due 3 working days later.
name: Sekolahmu
aliases: [Sekolah Mu, SKM]

parties:
  institution:
    name: {id: Lembaga Pelatihan Sekolahmu, en: Sekolahmu's training institution}
  platform:
    name: {id: Layanan Sekolahmu, en: Sekolahmu support}
    channels:
      - kind: email
        value: halo@sekolahmu.example
        label: {id: Email Sekolahmu, en: Sekolahmu e-mail}

stages:
  - id: completion
  - id: institution_report
    due:
      after: [completion]
      days: 2
      unit: working_days
      cites:
        - source: contacts-2021
          summary: {id: "Laporan lembaga dalam 2 hari kerja.", en: "The report within 2 working days."}
    contact: {missing: institution, unknown: platform, overdue: institution}
  - id: platform_report
    due:
      after: [institution_report]
      unit: daily_batch
      at: "10:00"
      cites:
        - source: contacts-2021
          summary: {id: "Batch harian pukul 10:00.", en: "A daily batch at 10:00."}
    contact: {missing: platform, unknown: platform, overdue: platform}
  - id: certificate
    due:
      after: [platform_report]
      days: 3
      unit: working_days
      basis: customary
      cites:
        - source: contacts-2021
          summary: {id: "Biasanya 3 hari kerja.", en: "Usually 3 working days."}
    contact: {missing: platform, overdue: prakerja}

examples:
  # reported on Tuesday 2 March 2021 at 10:00: 3, 4, 5 March
  - name: certificate due 3 working days after Sekolahmu's report
    inputs:
      completed: 2021-03-01
      institution_reported: "2021-03-02 09:00"
      platform_reported: "2021-03-02 10:00"
    as_of: 2021-03-09
    expect: {verdict: certificate_overdue, due: 2021-03-05, contact: prakerja}
"""


@pytest.fixture
def with_sekolahmu(tmp_path) -> Path:
    directory = copy_rules(tmp_path)
    (directory / "platforms" / "sekolahmu.yaml").write_text(SEKOLAHMU, encoding="utf-8")
    return directory


def diagnose_json(run_cli, *args, env=None) -> dict:
    return json.loads(ok(run_cli, "diagnose", *args, "--json", env=env).stdout)


def test_a_new_platform_passes_rules_check(run_cli, with_sekolahmu) -> None:
    data = json.loads(ok(run_cli, "rules", "check", with_sekolahmu, "--json").stdout)
    assert "sekolahmu" in data["platforms"] and len(data["platforms"]) == 5
    mine = [r for r in data["examples"]["results"] if r["platform"] == "sekolahmu"]
    assert [r["passed"] for r in mine] == [True]


def test_a_new_platform_is_diagnosed_with_rules_dir(run_cli, with_sekolahmu) -> None:
    # completed Monday 1 March 2021: the institution's report is due 2 working days later, 3 March
    result = diagnose_json(
        run_cli,
        "--rules-dir",
        with_sekolahmu,
        "--platform",
        "sekolahmu",
        "--completed",
        "2021-03-01",
        "--as-of",
        "2021-03-08",
    )
    assert (result["verdict"], result["due"], result["contact"]) == (
        "institution_report_unknown",
        "2021-03-03",
        "platform",
    )
    assert result["contact_details"]["channels"][0]["value"] == "halo@sekolahmu.example"
    late = diagnose_json(
        run_cli,
        "--rules-dir",
        with_sekolahmu,
        "--platform",
        "SKM",
        "--completed",
        "2021-03-01",
        "--institution-reported",
        "belum",
        "--as-of",
        "2021-03-08",
    )
    assert (late["verdict"], late["contact"]) == ("institution_report_overdue", "institution")


def test_a_new_platform_is_diagnosed_with_the_environment_variable(run_cli, with_sekolahmu) -> None:
    # reported at 11:00, after the 10:00 batch: in the next day's batch, 3 March
    env = {RULES_DIR_ENV: str(with_sekolahmu)}
    result = diagnose_json(
        run_cli,
        "--platform",
        "Sekolah Mu",
        "--institution-reported",
        "2021-03-02 11:00",
        "--as-of",
        "2021-03-03",
        env=env,
    )
    assert (result["verdict"], result["due"], result["contact"]) == (
        "platform_report_waiting",
        "2021-03-03",
        None,
    )
    text = ok(
        run_cli,
        "diagnose",
        "-p",
        "sekolahmu",
        "--platform-reported",
        "2021-03-02",
        "--as-of",
        "2021-03-09",
        env=env,
    ).stdout
    assert "Sekolahmu · Sertifikat di dashboard Prakerja" in text
    # the bundled platforms still work from the same directory
    tokopedia = diagnose_json(
        run_cli,
        "-p",
        "tokopedia",
        "--platform-reported",
        "2021-03-08",
        "--as-of",
        "2021-03-19",
        env=env,
    )
    assert tokopedia["verdict"] == "certificate_overdue"


def test_a_new_platform_is_diagnosed_in_a_batch(run_cli, with_sekolahmu, tmp_path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "platform,completed,institution reported\nSekolahmu,2021-03-01,\nSKM,2021-03-01,belum\n",
        encoding="utf-8",
    )
    result = ok(run_cli, "batch", cases, "--rules-dir", with_sekolahmu, "--as-of", "2021-03-08")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["verdict"], r["due"], r["contact"]) for r in rows] == [
        ("institution_report_unknown", "2021-03-03", "platform"),
        ("institution_report_overdue", "2021-03-03", "institution"),
    ]


def test_a_new_platform_is_listed_and_shown(run_cli, with_sekolahmu) -> None:
    env = {RULES_DIR_ENV: str(with_sekolahmu)}
    listed = json.loads(ok(run_cli, "rules", "list", "--json", env=env).stdout)
    assert "sekolahmu" in [p["platform"] for p in listed["platforms"]]
    shown = chain(ok(run_cli, "rules", "show", "sekolahmu", "--rules-dir", with_sekolahmu).stdout)
    assert shown["institution_report"][2] == "H+2 hari kerja setelah pelatihan selesai (diumumkan)"
    assert shown["platform_report"][2] == (
        "batch harian pukul 10:00 setelah laporan lembaga pelatihan (diumumkan)"
    )
    assert shown["certificate"][2] == (
        "H+3 hari kerja setelah laporan platform ke Manajemen Pelaksana (kebiasaan)"
    )


def test_a_new_platform_with_a_mistake_is_refused_with_its_line(run_cli, with_sekolahmu) -> None:
    path = edit(
        with_sekolahmu,
        "platforms/sekolahmu.yaml",
        "after: [completion]",
        "after: [rating]",
    )
    result = run_cli("rules", "check", with_sekolahmu)
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line_of(path, 'after: [rating]')}:")
    assert "'rating' is not a stage of this platform" in first


def test_a_new_deadline_from_an_effective_date_applies_at_once(run_cli, tmp_path) -> None:
    """A later rule (as DOMAIN.md 4.2's GridPop quoting Kompas, Nov 2022: one working day after
    the PMO receives the report) written as a dated variant of a platform, here from an earlier
    day than the programme's: cases finished from its date use it, earlier ones keep the 7
    working days."""
    directory = copy_rules(tmp_path)
    edit(
        directory,
        "platforms/tokopedia.yaml",
        "      overdue: prakerja\n",
        "      overdue: prakerja\n    variants:\n      - from: 2022-11-01\n"
        "        due:\n"
        "          after: [platform_report]\n"
        "          days: 1\n"
        "          unit: working_days\n"
        "          cites:\n"
        "            - source: gridpop-2022\n"
        "              summary: {id: Satu hari kerja., en: One working day.}\n",
    )
    ok(run_cli, "rules", "check", directory)
    # Monday 7 November 2022 + 1 working day = Tuesday 8 November
    new = diagnose_json(
        run_cli,
        "--rules-dir",
        directory,
        "-p",
        "tokopedia",
        "--platform-reported",
        "2022-11-07",
        "--as-of",
        "2022-11-10",
    )
    assert (new["verdict"], new["due"]) == ("certificate_overdue", "2022-11-08")
    # Monday 17 October 2022 + 7 working days: 18, 19, 20, 21, 24, 25, 26 October
    old = diagnose_json(
        run_cli,
        "--rules-dir",
        directory,
        "-p",
        "tokopedia",
        "--platform-reported",
        "2022-10-17",
        "--as-of",
        "2022-10-20",
    )
    assert (old["verdict"], old["due"]) == ("certificate_waiting", "2022-10-26")
    shown = ok(run_cli, "rules", "show", "tokopedia", "--rules-dir", directory).stdout
    tables = chains(shown)
    assert "Alur tahap untuk kasus 1 November 2022 sampai dengan 24 November 2022" in shown
    assert tables[1]["certificate"][2] == (
        "H+1 hari kerja setelah laporan platform ke Manajemen Pelaksana (diumumkan)"
    )


def test_rules_check_also_checks_replies_questions_and_info(run_cli, tmp_path) -> None:
    directory = copy_rules(tmp_path)
    replies = edit(directory, "replies.yaml", "greeting:", "greetings:")
    result = run_cli("rules", "check", directory)
    assert result.exit_code == 2
    found = [PROBLEM_LINE.match(line) for line in result.stderr.splitlines()[:-1]]
    assert [(m["file"], int(m["line"])) for m in found if "greetings" in m["message"]] == [
        (str(replies), line_of(replies, "greetings:"))
    ]
    # and diagnose refuses the same directory, naming the file
    result = run_cli("diagnose", "-p", "tokopedia", "--rules-dir", directory)
    assert result.exit_code == 2
    assert "replies.yaml" in result.stderr


def test_rules_check_wants_every_counted_check_again_action(run_cli, tmp_path) -> None:
    # DOMAIN.md 3: "1 working day", never "1 working day(s)": the singular texts are required
    directory = copy_rules(tmp_path)
    edit(directory, "prakerja.yaml", "  check_again_one:\n", "  check_again_uno:\n")
    result = run_cli("rules", "check", directory)
    assert result.exit_code == 2
    assert "check_again_uno" in result.stderr and "check_again_one" in result.stderr
