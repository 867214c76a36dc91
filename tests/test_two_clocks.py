"""DOMAIN.md 4.1's two clocks as a user sees them: the case day chooses the chain (stages and
deadlines), the as-of day the advice (whom to contact), the same in diagnose and in batch."""

from __future__ import annotations

import json

from cli_runner import make_runner

from sertifikat_cek.cli import app

RUNNER = make_runner()


def run(args: list[str], input: str | None = None):
    return RUNNER.invoke(app, args, input=input)


# A Tokopedia case whose reports came after 25 November 2022: with the rating dated earlier
# (an input Tokopedia's chain does not use) the case day is the rating's, in the 2021 chain
# (7 working days); without it, the case day is the institution's report (1 working day).
REPORTS = ["--institution-reported", "2022-11-28", "--platform-reported", "2022-11-29"]


def diagnose_json(*args: str) -> dict:
    result = run(["diagnose", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_an_unused_input_dated_earliest_is_the_case_day_and_is_still_warned_about():
    with_rating = diagnose_json(
        "-p", "tokopedia", *REPORTS, "--rated", "2022-11-20", "--as-of", "2022-12-01"
    )
    without = diagnose_json("-p", "tokopedia", *REPORTS, "--as-of", "2022-12-01")
    assert with_rating["rules_variant"]["case_day"] == "2022-11-20"
    assert with_rating["rules_variant"]["until"] == "2022-11-24"
    assert with_rating["due"] == "2022-12-08"  # 7 working days after 29 November
    assert "unused_input" in {w["code"] for w in with_rating["warnings"]}
    assert without["rules_variant"]["from"] == "2022-11-25"
    assert without["verdict"] == "certificate_overdue" and without["due"] == "2022-11-30"


def test_batch_reads_an_unused_dated_input_as_diagnose_does():
    rows = (
        "Platform,Rated,Institution Reported,Platform Reported,As Of\n"
        "tokopedia,2022-11-20,2022-11-28,2022-11-29,2022-12-01\n"
        "tokopedia,yes,2022-11-28,2022-11-29,2022-12-01\n"
        "tokopedia,2022-12-02,2022-11-28,2022-11-29,2022-12-01\n"
    )
    result = run(["batch", "-", "--format", "jsonl"], input=rows)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("due") for line in lines[:2]] == ["2022-12-08", "2022-11-30"]
    # a rating dated after the check date is an error even though Tokopedia does not use it
    assert lines[2]["verdict"] is None and "after the as-of date" in lines[2]["error"]


def test_the_advice_follows_the_as_of_day_while_the_chain_follows_the_case_day():
    case = ["-p", "kemnaker", "--completed", "2021-03-10", "--institution-reported", "2021-03-11"]
    before = diagnose_json(*case, "--rated", "no", "--as-of", "2021-03-15")
    after = diagnose_json(*case, "--rated", "no", "--as-of", "2021-03-20")
    assert before["rules_variant"] == {**after["rules_variant"]}  # the same chain: until 17 March
    assert before["rules_variant"]["until"] == "2021-03-17"
    assert (before["verdict"], before["contact"]) == ("rating_missing", "institution")
    assert (after["verdict"], after["contact"]) == ("rating_missing", None)
    assert "Sisnaker" in " ".join(before["actions"]) and "dashboard" in " ".join(after["actions"])


def test_a_case_after_the_sources_period_says_so_before_the_verdict():
    result = run(
        ["diagnose", "-p", "pijar-mahir", "--completed", "2025-03-03", "--as-of", "2025-03-04"]
    )
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("31 Desember 2022") < out.index("Sertifikat di dashboard Prakerja · menunggu")
    data = diagnose_json("-p", "pijar-mahir", "--completed", "2025-03-03", "--as-of", "2025-03-04")
    warning = next(w for w in data["warnings"] if w["code"] == "rules_unconfirmed")
    assert warning["confirmed_until"] == "2022-12-31" and warning["source_date"] == "2022-11-25"
    assert data["verdict"] == "certificate_waiting" and data["due_basis"] == "customary"


def test_batch_counts_the_rows_decided_outside_the_sources_period(tmp_path):
    rows = (
        "Platform,Completed,As Of\n"
        "tokopedia,2025-03-01,2025-03-20\n"
        "tokopedia,2021-03-01,2021-03-20\n"
        "pijar-mahir,2024-01-02,2024-01-03\n"
    )
    summary = tmp_path / "summary.json"
    result = run(["batch", "-", "--summary-json", str(summary), "--lang", "en"], input=rows)
    assert result.exit_code == 0
    assert json.loads(summary.read_text())["rules_unconfirmed"] == 2
    assert "2 rows were decided by rules whose sources stop before their case day" in result.stderr


def test_a_reply_says_when_the_certificate_can_be_expected():
    """DOMAIN.md 6.7: while a deadline runs and certificate_by exists, the reply gives it."""
    args = ["-p", "tokopedia", "--completed", "2021-03-01", "--as-of", "2021-03-01"]
    data = diagnose_json(*args)
    assert data["certificate_by"] == {"date": "2021-03-15", "projected": True}
    reply = run(["diagnose", *args, "--reply"]).stdout
    assert "sertifikat diperkirakan muncul paling lambat 15 Maret 2021" in reply
    english = run(["diagnose", *args, "--reply", "--lang", "en"]).stdout
    assert "can be expected by 15 March 2021 at the latest" in english
    without = run(
        [
            "diagnose",
            "-p",
            "tokopedia",
            "--platform-reported",
            "2021-03-08",
            "--as-of",
            "2021-03-10",
            "--reply",
        ]
    )
    assert "diperkirakan" not in without.stdout  # the certificate has its own due date
