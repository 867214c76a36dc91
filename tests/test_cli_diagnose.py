"""`sertifikat-cek diagnose` as a user runs it: the verdict panel, JSON against its schema,
exit codes, and one-line errors for every kind of bad input."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from domain_cases import CHAINS, VERDICT_CASES, contact_for
from jsonschema import Draft202012Validator
from rule_files import copy_rules

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema" / "diagnosis.schema.json"
WORKED = ("-p", "tokopedia", "--institution-reported", "2021-03-05", "--platform-reported")


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def options(platform: str, as_of: str, inputs: dict[str, str]) -> list[str]:
    args = ["diagnose", "--platform", platform, "--as-of", as_of]
    for name, value in inputs.items():
        args += ["--" + name.replace("_", "-"), value]
    return args


def ok(run_cli, *args):
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


def diagnose_json(run_cli, validator, *args) -> dict:
    data = json.loads(ok(run_cli, "diagnose", *args, "--json").stdout)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    return data


def one_line_error(result, *names: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr that names `names`, no traceback."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sertifikat-cek")
    assert "Traceback" not in result.stderr
    for name in names:
        assert name in lines[0]
    return lines[0]


# -- the verdict panel ----------------------------------------------------------------------------
def test_waiting_shows_the_indonesian_due_date_and_working_days_left(run_cli) -> None:
    # Worked example on Friday 12 March 2021: due 18 March; 15, 16, 17, 18 are 4 working days.
    result = ok(run_cli, "diagnose", *WORKED, "2021-03-08", "--as-of", "2021-03-12")
    out = result.stdout
    assert "Sertifikat di dashboard Prakerja · menunggu" in out  # the verdict in words
    assert "18 Maret 2021" in out
    assert "4 hari kerja lagi" in out
    assert "Belum perlu menghubungi siapa pun" in out
    for stage in ("Pelatihan selesai", "Laporan lembaga pelatihan", "Sertifikat"):
        assert stage in out
    assert "7 X 24 jam hari kerja" in out  # the source quote
    assert result.stderr == ""


def test_overdue_names_the_contact_and_its_channels(run_cli) -> None:
    out = ok(run_cli, "diagnose", *WORKED, "2021-03-08", "--as-of", "2021-03-19").stdout
    assert "Sertifikat di dashboard Prakerja · terlambat" in out
    assert "terlambat 1 hari kerja" in out
    assert "Manajemen Pelaksana" in out
    assert "0800-150-3001" in out


def test_lang_en_speaks_english(run_cli) -> None:
    args = ("diagnose", *WORKED, "2021-03-08", "--as-of", "2021-03-12", "--lang", "en")
    out = ok(run_cli, *args).stdout
    assert "18 March 2021" in out
    assert "4 working days left" in out
    for indonesian in ("Maret", "hari kerja lagi", "Sertifikat di dashboard"):
        assert indonesian not in out


def test_a_participants_own_step_has_no_contact(run_cli) -> None:
    out = ok(
        run_cli, "diagnose", "-p", "Pijar Mahir", "--completed", "belum", "--as-of", "2021-03-12"
    )
    assert "Pelatihan selesai · belum terjadi" in out.stdout
    assert "Belum perlu menghubungi siapa pun" in out.stdout


def test_as_of_defaults_to_now(run_cli) -> None:
    data = json.loads(ok(run_cli, "diagnose", "-p", "tokopedia", "--json").stdout)
    assert data["verdict"] == "completion_unknown"
    assert "T" in data["as_of"]  # now, to the minute


# -- JSON ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("platform", "variant", "verdict", "as_of", "inputs"),
    VERDICT_CASES,
    ids=[f"{p}-{v}-{vd}" for p, v, vd, _, _ in VERDICT_CASES],
)
def test_every_verdict_exits_0_and_its_json_matches_the_schema(
    run_cli, validator, platform, variant, verdict, as_of, inputs
) -> None:
    args = options(platform, as_of, inputs)[1:]
    data = diagnose_json(run_cli, validator, *args)
    assert (data["platform"], data["verdict"]) == (platform, verdict)
    assert data["contact"] == contact_for(platform, verdict, as_of)
    assert [s["stage"] for s in data["stages"]] == list(CHAINS[platform][variant])
    english = diagnose_json(run_cli, validator, *args, "--lang", "en")
    assert (english["lang"], english["verdict"]) == ("en", verdict)
    text = ok(run_cli, *options(platform, as_of, inputs))
    # the verdict in words (its stage's name) in the panel title; the code only in JSON
    assert verdict not in text.stdout
    verdict_stage = next(s for s in data["stages"] if s["stage"] == data["stage"])
    assert verdict_stage["name"] in text.stdout.splitlines()[0]


def test_json_of_the_worked_example(run_cli, validator) -> None:
    data = diagnose_json(run_cli, validator, *WORKED, "2021-03-08", "--as-of", "2021-03-19")
    assert (data["verdict"], data["stage"], data["state"]) == (
        "certificate_overdue",
        "certificate",
        "overdue",
    )
    assert (data["due"], data["contact"]) == ("2021-03-18", "prakerja")
    assert data["days_to_due"] == {"calendar": -1, "working": -1}
    assert data["contact_details"]["party"] == "prakerja"
    assert "0800-150-3001" in [c["value"] for c in data["contact_details"]["channels"]]
    assert [(s["stage"], s["date"], s["due"]) for s in data["stages"]] == [
        ("completion", None, None),
        ("institution_report", "2021-03-05", None),
        ("platform_report", "2021-03-08", "2021-03-08"),
        ("certificate", None, "2021-03-18"),
    ]
    assert data["stages"][0]["implied"] is True


def test_json_with_a_reply_matches_the_schema(run_cli, validator) -> None:
    data = diagnose_json(
        run_cli, validator, *WORKED, "2021-03-08", "--as-of", "2021-03-19", "--reply"
    )
    assert "0800-150-3001" in data["reply"]


def test_json_keeps_the_time_of_day(run_cli, validator) -> None:
    data = diagnose_json(
        run_cli,
        validator,
        "-p",
        "bukalapak",
        "--completed",
        "5 Maret 2021 09.15",
        "--institution-reported",
        "2021-03-05 14:00",
        "--as-of",
        "2021-03-05 15:30",
    )
    assert data["as_of"] == "2021-03-05T15:30"
    dates = {s["stage"]: s["date"] for s in data["stages"]}
    assert dates["completion"] == "2021-03-05T09:15"
    assert data["verdict"] == "platform_report_waiting"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("-p", "tokopedia", "--rated", "2021-03-01", "--as-of", "2021-03-10"), "unused_input"),
        (("-p", "bukalapak", "--name-matches", "no", "--as-of", "2021-03-10"), "unused_input"),
        (
            (
                "-p",
                "tokopedia",
                "--institution-reported",
                "2021-03-08",
                "--platform-reported",
                "2021-03-05",
                "--as-of",
                "2021-03-10",
            ),
            "out_of_order",
        ),
        (
            ("-p", "tokopedia", "--platform-reported", "2027-03-05", "--as-of", "2027-03-08"),
            "estimated_holiday",
        ),
        (
            ("-p", "tokopedia", "--platform-reported", "2028-03-06", "--as-of", "2028-03-08"),
            "no_cuti_bersama_data",
        ),
    ],
)
def test_warnings_are_in_the_json_and_the_text(run_cli, validator, args, code) -> None:
    data = diagnose_json(run_cli, validator, *args)
    warnings = [w for w in data["warnings"] if w["code"] == code]
    assert warnings
    text = ok(run_cli, "diagnose", *args)
    assert warnings[0]["message"].split(";")[0][:30] in text.stdout + text.stderr


def test_the_schema_rejects_what_the_contract_forbids(run_cli, validator) -> None:
    good = diagnose_json(run_cli, validator, *WORKED, "2021-03-08", "--as-of", "2021-03-19")
    for field, bad in [
        ("due", "18/03/2021"),
        ("contact", "helpdesk"),
        ("verdict", "certificate_done"),
        ("stages", [{"stage": "certificate", "state": "late"}]),
    ]:
        assert not validator.is_valid({**good, field: bad}), field
    assert not validator.is_valid({**good, "contact": None})  # details without a contact
    missing = dict(good)
    del missing["rules_version"]
    assert not validator.is_valid(missing)


# -- bad input ------------------------------------------------------------------------------------
def test_an_unknown_platform_lists_the_known_ones_and_suggests_the_closest(run_cli) -> None:
    line = one_line_error(run_cli("diagnose", "--platform", "tokopdia"), "--platform")
    assert "'tokopedia'?" in line
    for known in ("bukalapak", "kemnaker", "pijar-mahir", "tokopedia"):
        assert known in line
    one_line_error(run_cli("diagnose", "--platform", "shopee"), "--platform", "kemnaker")


def test_no_platform_is_an_error_listing_them(run_cli) -> None:
    one_line_error(run_cli("diagnose", "--as-of", "2021-03-10"), "--platform", "tokopedia")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--completed", "2021-13-45"),
        ("--rated", "31/02/2021"),
        ("--institution-reported", "minggu depan"),
        ("--platform-reported", "sudah dong"),
        ("--as-of", "garbage"),
        ("--as-of", "2021-03-10 25:00"),
    ],
)
def test_an_unreadable_date_names_its_option(run_cli, option, value) -> None:
    args = ["diagnose", "-p", "kemnaker", "--as-of", "2021-03-20"]
    if option == "--as-of":
        args = args[:3]
    line = one_line_error(run_cli(*args, option, value), option, value)
    assert "2021-03-05" in line  # the accepted forms, as a hint


@pytest.mark.parametrize(
    "option",
    ["--completed", "--rated", "--institution-reported", "--platform-reported"],
)
def test_an_event_after_the_as_of_date_is_an_error(run_cli, option) -> None:
    result = run_cli("diagnose", "-p", "bukalapak", option, "2021-03-11", "--as-of", "2021-03-10")
    one_line_error(result, option, "2021-03-11")


def test_an_event_later_on_the_as_of_day_is_an_error(run_cli) -> None:
    result = run_cli(
        "diagnose",
        "-p",
        "tokopedia",
        "--completed",
        "2021-03-10 15:00",
        "--as-of",
        "2021-03-10 14:00",
    )
    one_line_error(result, "--completed")


@pytest.mark.parametrize("value", ["maybe", "2021-03-01", "sesuai?"])
def test_a_bad_name_matches_value_is_an_error(run_cli, value) -> None:
    result = run_cli("diagnose", "-p", "kemnaker", "--name-matches", value, "--as-of", "2021-03-10")
    line = one_line_error(result, "--name-matches")
    assert "yes" in line and "no" in line


def test_a_date_outside_the_calendar_names_its_option(run_cli) -> None:
    result = run_cli(
        "diagnose",
        "-p",
        "tokopedia",
        "--institution-reported",
        "2009-06-01",
        "--as-of",
        "2021-03-10",
    )
    one_line_error(result, "--institution-reported", "2009-06-01")


def test_an_as_of_outside_the_calendar_names_the_option(run_cli) -> None:
    one_line_error(run_cli("diagnose", "-p", "tokopedia", "--as-of", "2050-01-01"), "--as-of")


def test_an_as_of_outside_the_calendar_is_one_line(run_cli) -> None:
    one_line_error(run_cli("diagnose", "-p", "tokopedia", "--as-of", "2050-01-01"), "2050-01-01")


def test_a_missing_rules_dir_is_an_error(run_cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run_cli("diagnose", "-p", "tokopedia", "--rules-dir", missing)
    one_line_error(result, "--rules-dir", "nowhere")
    # The environment variable is the option's default: typer reports it as --rules-dir.
    result = run_cli("diagnose", "-p", "tokopedia", env={"SERTIFIKAT_CEK_RULES_DIR": str(missing)})
    one_line_error(result, "nowhere")


def broken_rules(tmp_path: Path) -> Path:
    copy = copy_rules(tmp_path)
    (copy / "platforms" / "tokopedia.yaml").write_text("name: [Tokopedia\n", encoding="utf-8")
    return copy


def test_a_rules_dir_with_broken_yaml_is_one_line_naming_the_file(run_cli, tmp_path) -> None:
    result = run_cli("diagnose", "-p", "tokopedia", "--rules-dir", broken_rules(tmp_path))
    one_line_error(result, "tokopedia.yaml:2")


def test_a_rules_dir_with_broken_yaml_names_the_option(run_cli, tmp_path) -> None:
    result = run_cli("diagnose", "-p", "tokopedia", "--rules-dir", broken_rules(tmp_path))
    one_line_error(result, "--rules-dir", "tokopedia.yaml:2")


def test_an_unknown_option_is_one_line(run_cli) -> None:
    one_line_error(run_cli("diagnose", "-p", "tokopedia", "--completd", "2021-03-01"), "--completd")


# -- dates counted from the as-of day, with flags as in the guided questions -----------------------
def stage_dates(data: dict) -> dict[str, str | None]:
    return {stage["stage"]: stage["date"] for stage in data["stages"]}


def test_completed_kemarin_is_the_day_before_the_as_of_day_and_said_on_stderr(run_cli) -> None:
    args = ("-p", "pijar-mahir", "--completed", "kemarin", "--rated", "hari ini")
    result = ok(run_cli, "diagnose", *args, "--as-of", "2021-03-12", "--json")
    data = json.loads(result.stdout)
    assert stage_dates(data)["completion"] == "2021-03-11"
    assert stage_dates(data)["rating"] == "2021-03-12"
    assert "--completed: 'kemarin' dibaca sebagai 11 Maret 2021." in result.stderr


@pytest.mark.parametrize(
    ("written", "as_of", "expected", "year_note"),
    [
        ("5 maret", "2021-03-12", "2021-03-05", "diambil tahun 2021"),
        ("20 Maret", "2021-03-12", "2020-03-20", "diambil tahun 2020"),  # 20 March 2021 is later
        ("05/03", "2021-03-12", "2021-03-05", "diambil tahun 2021"),
    ],
)
def test_a_date_without_a_year_takes_the_latest_year_not_after_the_as_of_day_and_says_it(
    run_cli, written, as_of, expected, year_note
) -> None:
    result = ok(run_cli, "diagnose", "-p", "tokopedia", "--completed", written, "--as-of", as_of)
    assert f"--completed: '{written}' dibaca sebagai" in result.stderr
    assert year_note in result.stderr
    again = run_cli("diagnose", "-p", "tokopedia", "--completed", expected, "--as-of", as_of)
    assert again.stdout == result.stdout  # the same diagnosis as the date written in full


def test_the_year_note_is_in_english_with_lang_en(run_cli) -> None:
    result = ok(
        run_cli, "diagnose", "-p", "tokopedia", "--completed", "5 March", "--as-of", "2021-03-12",
        "--lang", "en",
    )  # fmt: skip
    assert "--completed: '5 March' is read as 5 March 2021: no year was written, so 2021" in (
        result.stderr
    )
    assert "dibaca" not in result.stderr


@pytest.mark.parametrize(
    "written",
    ["tanggal 5", "7 hari lalu", "minggu lalu", "1 week ago", "last week", "7 days ago", "5 Mar"],
)
def test_flags_read_every_form_the_guided_questions_read(run_cli, written) -> None:
    from sertifikat_cek.calendar.dates import Moment
    from sertifikat_cek.decide import guide
    from sertifikat_cek.decide.questions import load_questions
    from sertifikat_cek.rules.location import bundled_rules_dir

    questions = load_questions(bundled_rules_dir())
    as_of = Moment(date(2021, 3, 12))
    guided = guide.read_answer(questions, questions.inputs["completed"], written, as_of)
    assert guided == "2021-03-05"
    args = ("-p", "pijar-mahir", "--completed", written, "--as-of", "2021-03-12", "--json")
    data = json.loads(ok(run_cli, "diagnose", *args).stdout)
    assert stage_dates(data)["completion"] == guided


def test_a_date_written_in_full_gets_no_note(run_cli) -> None:
    result = ok(run_cli, "diagnose", *WORKED, "2021-03-08", "--as-of", "2021-03-12")
    assert result.stderr == ""


def test_as_of_kemarin_counts_from_today(run_cli) -> None:
    result = ok(run_cli, "diagnose", "-p", "tokopedia", "--as-of", "kemarin", "--json")
    from sertifikat_cek.cli.common import now_wib

    yesterday = now_wib().day - timedelta(days=1)
    assert json.loads(result.stdout)["as_of"] == yesterday.isoformat()
    assert "--as-of: 'kemarin' dibaca sebagai" in result.stderr


def test_an_unreadable_date_option_lists_the_forms_counted_from_the_as_of_day(run_cli) -> None:
    result = run_cli("diagnose", "-p", "tokopedia", "--completed", "minggu depan")
    line = one_line_error(result, "--completed", "'minggu depan'")
    assert "5 Maret 2021" in line and "kemarin" in line and "2 hari lalu" in line


# -- the report for people: wrapped at words, --plain without boxes (issue 12, item 3) ------------
LONG = ("-p", "tokopedia", "--completed", "2021-03-05", "--institution-reported", "2021-03-04",
        "--platform-reported", "2021-03-03", "--as-of", "2021-03-20")  # fmt: skip


def test_the_report_in_a_pipe_is_wrapped_at_words_within_100_columns(run_cli) -> None:
    result = run_cli("diagnose", *LONG, "--json")
    data = json.loads(result.stdout)
    out = run_cli("diagnose", *LONG).stdout
    assert max(len(line) for line in out.splitlines()) <= 100
    words = " ".join(out.split())
    # every sentence is there whole once the lines are joined: no word was cut in two
    for said in [data["finding"], *data["actions"], *(w["message"] for w in data["warnings"])]:
        assert " ".join(said.split()) in words.replace("│ ", "").replace(" │", "")


def test_plain_prints_no_box_drawing_and_the_same_words(run_cli) -> None:
    boxed = run_cli("diagnose", *LONG).stdout
    plain = run_cli("diagnose", *LONG, "--plain")
    assert plain.exit_code == 0
    assert not set("╭╮╰╯│┃━┏┓┡┩└┘─") & set(plain.stdout)
    assert "Tokopedia · Sertifikat di dashboard Prakerja · terlambat" in plain.stdout
    for line in ("Hubungi: Manajemen Pelaksana Program Kartu Prakerja", "Langkah berikutnya:"):
        assert line in boxed and line in plain.stdout
    assert all(line == line.rstrip() for line in plain.stdout.splitlines() if "  " not in line)
