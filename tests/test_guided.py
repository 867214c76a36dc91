"""`sertifikat-cek diagnose` without --platform on a terminal: the guided questions, answered
through CliRunner's input, end exactly as the flag-driven command they print."""

from __future__ import annotations

import json
import shlex
from datetime import date, timedelta

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rule_files import copy_rules, edit, first_problem

from sertifikat_cek.calendar.dates import Moment, parse_moment
from sertifikat_cek.cli import guided
from sertifikat_cek.decide import guide
from sertifikat_cek.decide.questions import check_questions, load_questions
from sertifikat_cek.rules.location import bundled_rules_dir

MONTHS_ID = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"


@pytest.fixture
def terminal(monkeypatch):
    """Questions may be asked: stdin counts as a terminal."""
    monkeypatch.setattr(guided, "stdin_is_terminal", lambda: True)


def answer(run_cli, answers: list[str], *args: str):
    return run_cli("diagnose", *args, input="".join(f"{a}\n" for a in answers))


def asked(result) -> int:
    """How many answers the run read (one prompt each)."""
    return result.stderr.count(guided.PROMPT)


def equivalent(result) -> list[str]:
    """The one-line command the guided run printed last, as arguments after the program."""
    words = shlex.split(result.stderr.strip().splitlines()[-1])
    assert words[:2] == ["sertifikat-cek", "diagnose"]
    return words[1:]


def same_as_its_command(run_cli, result) -> list[str]:
    """The guided run's stdout is exactly what its printed command gives."""
    assert result.exit_code == 0, result.stderr
    command = equivalent(result)
    again = run_cli(*command)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == result.stdout
    return command


def option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


# -- each platform's shortest and longest path --------------------------------------------------
@pytest.mark.parametrize(
    ("platform", "first", "said", "later", "verdict"),
    [
        # a later step could only overrule the participant's "no" (DOMAIN.md 5): not asked
        ("tokopedia", "--completed", "belum", 0, "completion_missing"),
        ("bukalapak", "--completed", "belum", 0, "completion_missing"),
        ("pijar-mahir", "--completed", "tidak", 0, "completion_missing"),
        ("kemnaker", "--name-matches", "tidak", 0, "account_name_missing"),
    ],
)
def test_the_shortest_path_when_the_participant_s_own_step_is_missing(
    run_cli, terminal, platform, first, said, later, verdict
) -> None:
    answers = [platform, said] + ["belum"] * later
    result = answer(run_cli, answers, "--as-of", "2021-03-12", "--json")
    command = same_as_its_command(run_cli, result)
    assert asked(result) == len(answers)  # the platform and the step: nothing after it
    assert option(command, first) == "no"
    assert json.loads(result.stdout)["verdict"] == verdict


def test_tokopedia_longest_path_is_the_worked_example_with_bad_answers_asked_again(
    run_cli, terminal
) -> None:
    answers = ["tokopdia", "tokped", "1 Maret 2021", "kemarin lusa", "5/3/2021", "8 Maret 2021"]
    result = answer(run_cli, answers, "--as-of", "2021-03-12", "--json")
    command = same_as_its_command(run_cli, result)
    assert asked(result) == len(answers)
    assert "Maksud Anda Tokopedia?" in result.stderr  # the misspelt platform
    assert "'kemarin lusa' tidak bisa dibaca sebagai tanggal" in result.stderr
    assert option(command, "--platform") == "tokopedia"
    assert option(command, "--institution-reported") == "2021-03-05"
    data = json.loads(result.stdout)
    # DOMAIN.md section 5: due on the 7th working day after 2021-03-08, i.e. 2021-03-18
    assert (data["verdict"], data["due"], data["contact"]) == (
        "certificate_waiting",
        "2021-03-18",
        None,
    )


def test_bukalapak_longest_path_takes_times_today_and_yesterday(
    run_cli, terminal, workday_oracle
) -> None:
    answers = ["Buka Lapak", "1 Maret 2021 10:00", "kemarin", "1 Maret 2021 12.00", "hari ini"]
    result = answer(run_cli, answers, "--as-of", "2021-03-02 15:00", "--json")
    command = same_as_its_command(run_cli, result)
    assert asked(result) == 5
    assert option(command, "--completed") == "2021-03-01T10:00"
    assert option(command, "--rated") == "2021-03-01"
    assert option(command, "--platform-reported") == "2021-03-02"
    data = json.loads(result.stdout)
    due = workday_oracle(date(2021, 3, 1), 7)  # 7 working days after finishing and rating
    assert (data["verdict"], data["due"]) == ("certificate_waiting", due.isoformat())


def test_kemnaker_longest_path_with_every_answer_unknown(run_cli, terminal, rules) -> None:
    names = sorted(p.name.casefold() for p in rules.platforms.values())  # offered by name
    number = str(names.index(rules.platforms["kemnaker"].name.casefold()) + 1)
    # A case finished in 2021 still has the rating in its chain (it left on 2022-11-25).
    unknowns = ["tidak tahu", "", "gak tahu", "?", "tidak tahu"]
    result = answer(run_cli, [number, *unknowns], "--as-of", "2021-04-10", "--json")
    command = same_as_its_command(run_cli, result)
    assert asked(result) == 6  # the platform (by its number) and all five inputs
    assert option(command, "--platform") == "kemnaker"
    assert not [word for word in command if word in guided_options()]
    # the account name is only a reminder while unknown: the verdict is the first real step
    assert json.loads(result.stdout)["verdict"] == "completion_unknown"


def test_pijar_mahir_longest_path_in_english(run_cli, terminal) -> None:
    result = answer(
        run_cli, ["pijar", "yesterday", "today"], "--as-of", "2021-03-12", "--lang", "en"
    )
    command = same_as_its_command(run_cli, result)
    assert "When did you finish the course on Pijar Mahir?" in result.stderr
    assert "The same diagnosis without questions" in result.stderr
    assert (option(command, "--completed"), option(command, "--rated")) == (
        "2021-03-11",
        "2021-03-12",
    )
    assert option(command, "--lang") == "en"
    assert "Pijar Mahir" in result.stdout and "Certificate" in result.stdout


def guided_options() -> set[str]:
    return {
        "--name-matches",
        "--completed",
        "--rated",
        "--institution-reported",
        "--platform-reported",
    }


# -- answers ---------------------------------------------------------------------------------------
def test_an_unknown_answer_moves_on_to_the_next_fact_that_could_settle_it(
    run_cli, terminal
) -> None:
    result = answer(
        run_cli,
        ["tokopedia", "tidak tahu", "5 Maret 2021", "8 Maret 2021"],
        "--as-of",
        "2021-03-12",
    )
    command = same_as_its_command(run_cli, result)
    assert option(command, "--completed") is None  # unknown: left out, as an absent option
    assert option(command, "--platform-reported") == "2021-03-08"


def test_a_date_in_the_future_is_asked_again_with_the_reason(run_cli, terminal) -> None:
    answers = ["tokopedia", "20 Maret 2021", "belum", "belum", "belum"]
    result = answer(run_cli, answers, "--as-of", "2021-03-12")
    same_as_its_command(run_cli, result)
    assert "Tanggal 20 Maret 2021 belum terjadi (hari ini 12 Maret 2021)" in result.stderr


def test_a_yes_no_question_refuses_a_date(run_cli, terminal) -> None:
    answers = ["kemnaker", "5 Maret 2021", "ya", "belum", "belum", "belum", "belum"]
    result = answer(run_cli, answers, "--as-of", "2021-03-12")
    command = same_as_its_command(run_cli, result)
    assert "Jawab dengan ya, tidak, atau tidak tahu (bukan '5 Maret 2021')" in result.stderr
    assert option(command, "--name-matches") == "yes"
    assert option(command, "--completed") == "no"


def test_options_given_with_the_questions_are_not_asked_again(run_cli, terminal) -> None:
    args = ("--completed", "1 Maret 2021", "--institution-reported", "no", "--as-of", "2021-03-12")
    result = answer(run_cli, ["tokopedia", "belum"], *args)
    command = same_as_its_command(run_cli, result)
    # only the platform: Tokopedia's report could only overrule the "no" given for the LP's
    assert asked(result) == 1
    assert "Kapan Anda menyelesaikan pelatihan" not in result.stderr
    assert option(command, "--institution-reported") == "no"
    assert option(command, "--platform-reported") is None


def test_a_bad_option_given_with_the_questions_is_an_error_before_any_question(
    run_cli, terminal
) -> None:
    result = answer(run_cli, ["tokopedia"], "--completed", "31/02/2021")
    assert result.exit_code == 2
    assert asked(result) == 0
    assert result.stderr.splitlines()[-1].startswith("sertifikat-cek: error: --completed:")


def test_json_and_reply_keep_stdout_for_the_data_only(run_cli, terminal) -> None:
    answers = ["tokopedia", "belum", "belum", "belum"]
    result = answer(run_cli, answers, "--as-of", "2021-03-12", "--json", "--reply")
    command = same_as_its_command(run_cli, result)
    assert "--json" in command and "--reply" in command
    assert json.loads(result.stdout)["reply"]  # the prompts went to stderr


# -- when no question is asked --------------------------------------------------------------------
def one_line_error(result, *names: str) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for name in names:
        assert name in lines[0]
    return lines[0]


def test_no_input_never_asks_and_a_missing_platform_is_a_usage_error(run_cli, terminal) -> None:
    one_line_error(
        run_cli("diagnose", "--no-input", input="tokopedia\n"), "--platform", "--no-input"
    )


def test_stdin_that_is_not_a_terminal_never_asks(run_cli) -> None:
    line = one_line_error(run_cli("diagnose", input="tokopedia\nbelum\n"), "--platform")
    assert "not a terminal" in line


def test_ctrl_c_leaves_quietly_with_130(run_cli, terminal, monkeypatch) -> None:
    def interrupted() -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(guided, "_read_line", interrupted)
    result = run_cli("diagnose")
    assert result.exit_code == 130
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.endswith("\nDibatalkan.\n")


@pytest.mark.parametrize(("lang", "said"), [("id", "Dibatalkan."), ("en", "Cancelled.")])
def test_ctrl_c_at_a_line_edited_prompt_ends_the_line_and_says_cancelled(
    run_cli, terminal, monkeypatch, lang, said
) -> None:
    def typing(prompt: str) -> str:
        raise KeyboardInterrupt  # Ctrl-C while input() waits, the prompt still on the line

    monkeypatch.setattr(guided, "_line_editing", lambda: True)
    monkeypatch.setattr("builtins.input", typing)
    result = run_cli("diagnose", "--lang", lang)
    assert result.exit_code == 130
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.endswith(f"\n{said}\n")


def test_end_of_input_in_the_middle_leaves_with_130(run_cli, terminal) -> None:
    result = answer(run_cli, ["tokopedia"], "--as-of", "2021-03-12")
    assert result.exit_code == 130
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.endswith("\nDibatalkan.\n")


def test_answers_are_line_edited_on_a_real_terminal(tmp_path) -> None:
    """In a pseudo-terminal: the left arrow moves the cursor (readline), it does not type ^[[D."""
    pty = pytest.importorskip("pty")
    pytest.importorskip("readline")
    import os
    import select
    import subprocess
    import sys
    import time

    main, side = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "INPUTRC": os.devnull, "NO_COLOR": "1"}
    env.pop("SERTIFIKAT_CEK_LANG", None)
    env.pop("SERTIFIKAT_CEK_RULES_DIR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "sertifikat_cek", "diagnose", "--as-of", "2021-03-12", "--json"],
        stdin=side,
        stdout=side,
        stderr=side,
        env=env,
        close_fds=True,
    )
    os.close(side)
    seen = b""

    def read_until(marker: bytes, timeout: float = 10) -> None:
        nonlocal seen
        end = time.monotonic() + timeout
        while marker not in seen and time.monotonic() < end:
            ready, _, _ = select.select([main], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(main, 4096)
                except OSError:  # the terminal closed: the process ended
                    return

    try:
        read_until(b"> ")
        os.write(main, b"okopedia" + b"\x1b[D" * 8 + b"t\r")  # typed, then fixed at the start
        read_until(b"Kapan")  # the next question: the platform was taken
        read_until(b"> ")
        os.write(main, b"belum\r")
        read_until(b"completion_missing")
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    text = seen.decode("utf-8", "replace")
    assert process.returncode == 0, text
    assert '"platform": "tokopedia"' in text and "completion_missing" in text
    assert "^[[D" not in text


# -- the choice of questions is the engine's, for any platform in the rules ------------------------
def test_a_platform_added_as_data_is_asked_only_its_own_inputs(run_cli, terminal, tmp_path) -> None:
    rules = copy_rules(tmp_path)
    (rules / "platforms" / "kelas-baru.yaml").write_text(
        "name: Kelas Baru\n"
        "parties:\n"
        "  platform:\n"
        "    name: {id: Kelas Baru, en: Kelas Baru}\n"
        "stages:\n"
        "  - id: rating\n"
        "  - id: platform_report\n"
        "    contact: {missing: platform, unknown: platform}\n"
        "  - id: certificate\n"
        "    due:\n"
        "      after: [platform_report]\n"
        "      days: 3\n"
        "      unit: working_days\n"
        "      basis: customary\n"
        "      cites:\n"
        "        - source: skill-academy\n"
        "          summary: {id: Biasanya tiga hari kerja., en: Usually three working days.}\n"
        "    contact: {missing: platform, overdue: platform}\n",
        encoding="utf-8",
    )
    result = answer(
        run_cli,
        ["kelas baru", "1 Maret 2021", "2 Maret 2021"],
        "--as-of",
        "2021-03-12",
        "--rules-dir",
        str(rules),
    )
    command = same_as_its_command(run_cli, result)
    assert asked(result) == 3  # completion and the institution are not in its chain: never asked
    assert option(command, "--rated") == "2021-03-01"
    assert option(command, "--platform-reported") == "2021-03-02"
    assert "Kelas Baru" in result.stdout


def test_next_input_follows_the_stage_order_and_stops_when_nothing_could_change(
    rules, calendar
) -> None:
    as_of = parse_moment("2021-03-12")
    answers = guide.Answers("tokopedia", {})
    order = []
    while (name := guide.next_input(rules, calendar, answers, as_of)) is not None:
        order.append(name)
        answers = guide.Answers("tokopedia", {**answers.given, name: None})
    tokopedia = rules.platforms["tokopedia"]
    inputs = {s.base.id: s.base.input for s in tokopedia.stages}
    chain = [inputs[i] for i in tokopedia.chain_on(as_of.day).stage_ids if inputs[i]]
    assert order == chain  # every unknown fact could still change the verdict, in order
    # A known name mismatch comes first and nothing later can overrule it (a fact, not an event).
    settled = guide.Answers("kemnaker", {"name_matches": "no"})
    assert guide.next_input(rules, calendar, settled, as_of) is None


# -- reading one answer ----------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 2))
def test_a_date_in_any_written_form_becomes_its_iso_date(day: date, form: int) -> None:
    questions = load_questions(bundled_rules_dir())
    question = questions.inputs["completed"]
    written = (
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        f"{day.day} {MONTHS_ID.split()[day.month - 1]} {day.year}",
    )[form]
    as_of = Moment(date(2031, 1, 1))
    value = guide.read_answer(questions, question, written, as_of)
    assert value == day.isoformat()
    assert parse_moment(value).day == day  # what the printed command gives back


@settings(max_examples=150, deadline=None)
@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(0, 364),
    st.integers(0, 1),
)
def test_a_date_counted_from_the_as_of_day_becomes_its_iso_date(day: date, later, form) -> None:
    questions = load_questions(bundled_rules_dir())
    question = questions.inputs["completed"]
    as_of = Moment(day + timedelta(days=later))  # within a year: a date without one is `day`
    written = (f"{day.day} {MONTHS_ID.split()[day.month - 1]}", f"{later} hari lalu")[form]
    assert guide.read_answer(questions, question, written, as_of) == day.isoformat()


def test_relative_words_count_from_the_as_of_day() -> None:
    questions = load_questions(bundled_rules_dir())
    question = questions.inputs["rated"]
    as_of = Moment(date(2021, 3, 1))
    assert guide.read_answer(questions, question, "Hari ini", as_of) == "2021-03-01"
    assert (
        guide.read_answer(questions, question, "kemarin", as_of)
        == (date(2021, 3, 1) - timedelta(days=1)).isoformat()
    )
    assert guide.read_answer(questions, question, "sudah", as_of) == "yes"
    assert guide.read_answer(questions, question, "Belum", as_of) == "no"
    assert guide.read_answer(questions, question, "tidak tahu", as_of) is None


# -- questions.yaml is checked like the other rule files -------------------------------------------
def test_the_bundled_questions_have_no_problems() -> None:
    assert check_questions(bundled_rules_dir()) == []
    data = yaml.safe_load((bundled_rules_dir() / "questions.yaml").read_text(encoding="utf-8"))
    programme = yaml.safe_load((bundled_rules_dir() / "prakerja.yaml").read_text(encoding="utf-8"))
    inputs = {stage["input"] for stage in programme["stages"] if stage.get("input")}
    assert set(data["inputs"]) == inputs  # one question for every input, no other


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('    hint:\n      id: "ya, tidak', '    hnt:\n      id: "ya, tidak', "unknown key 'hnt'"),
        (
            '      en: "When did you rate',
            '      eng: "When did you rate',
            "missing translation 'en'",
        ),
        (
            '{platform}?"\n      en: "When did you finish',
            '{platfrom}?"\n      en: "When did you finish',
            "unknown placeholder {platfrom}",
        ),
        ('    accepts: ["yes", "no", unknown]', '    accepts: [date, "no", unknown]', "not a date"),
        ("  completed:\n", "  complete:\n", "unknown input 'complete'"),
    ],
)
def test_a_mistake_in_questions_yaml_is_reported_with_its_line(
    tmp_path, old, new, expected
) -> None:
    rules = copy_rules(tmp_path)
    edit(rules, "questions.yaml", old, new)
    file, line, column = first_problem(check_questions(rules), expected)
    assert file.endswith("questions.yaml") and line > 1 and column >= 1


# -- dates counted from the as-of day --------------------------------------------------------------
def test_dates_without_a_year_or_counted_back_are_read_and_the_year_taken_is_said(
    run_cli, terminal
) -> None:
    answers = ["tokopedia", "1 maret", "tanggal 5", "4 hari lalu"]
    result = answer(run_cli, answers, "--as-of", "2021-03-12", "--json")
    command = same_as_its_command(run_cli, result)
    assert asked(result) == 4  # each read at the first try
    assert option(command, "--completed") == "2021-03-01"
    assert option(command, "--institution-reported") == "2021-03-05"
    assert option(command, "--platform-reported") == "2021-03-08"
    assert (
        "'1 maret' dibaca sebagai 1 Maret 2021: tahunnya tidak ditulis, jadi diambil tahun 2021"
        in (result.stderr)
    )
    assert "'tanggal 5' dibaca sebagai 5 Maret 2021" in result.stderr
    assert "'4 hari lalu' dibaca sebagai 8 Maret 2021." in result.stderr


def test_a_date_without_a_year_is_never_later_than_the_as_of_day(run_cli, terminal) -> None:
    result = answer(run_cli, ["tokopedia", "20 maret", "belum"], "--as-of", "2021-03-12")
    command = same_as_its_command(run_cli, result)
    assert option(command, "--completed") == "2020-03-20"  # a year back, never "in the future"
    assert "diambil tahun 2020" in result.stderr


def test_options_counted_from_the_as_of_day_work_with_the_questions_too(run_cli, terminal) -> None:
    result = answer(run_cli, ["pijar mahir"], "--completed", "kemarin", "--rated", "hari ini",
                    "--as-of", "2021-03-12")  # fmt: skip
    command = same_as_its_command(run_cli, result)
    assert asked(result) == 1
    assert "--completed: 'kemarin' dibaca sebagai 11 Maret 2021." in result.stderr
    assert option(command, "--completed") == "2021-03-11"  # the command says the date read


# -- a platform the tool does not know -------------------------------------------------------------
def number_of_other(rules) -> str:
    return str(len(rules.platforms) + 1)


@pytest.mark.parametrize("said", ["lainnya", "tidak tahu", "Lain-lain", "other", None])
def test_lainnya_or_tidak_tahu_ends_with_the_pmo_contacts(run_cli, terminal, rules, said) -> None:
    said = said or number_of_other(rules)
    result = answer(run_cli, [said], "--as-of", "2021-03-12")
    assert result.exit_code == 0, result.stderr
    assert asked(result) == 1
    assert f"{number_of_other(rules)}. lainnya / tidak tahu" in result.stderr  # offered
    pmo = rules.parties["prakerja"]
    assert "Alat ini hanya mengenal platform" in result.stdout
    for platform in rules.platforms.values():
        assert platform.name in result.stdout
    assert pmo.name.get("id") in result.stdout
    for channel in pmo.channels:
        assert channel.value in result.stdout
    assert "sertifikat-cek diagnose --platform" not in result.stderr  # no command to repeat


def test_an_unknown_platform_is_asked_again_pointing_to_lainnya(run_cli, terminal, rules) -> None:
    result = answer(run_cli, ["Pintaria", "lainnya"], "--as-of", "2021-03-12")
    assert result.exit_code == 0, result.stderr
    assert asked(result) == 2
    assert (
        f"'Pintaria' bukan platform yang dikenal. Bila platform Anda tidak ada di daftar, pilih "
        f"{number_of_other(rules)} (lainnya / tidak tahu)."
    ) in result.stderr
    assert "0800-150-3001" in result.stdout


def test_another_platform_in_english_and_as_json(run_cli, terminal, rules) -> None:
    result = answer(run_cli, ["don't know"], "--lang", "en", "--json")
    assert result.exit_code == 0, result.stderr
    assert "other / don't know" in result.stderr
    data = json.loads(result.stdout)
    assert data["platform"] is None and data["contact"] == "prakerja"
    assert sorted(data["known_platforms"]) == sorted(rules.platforms)
    assert "This tool knows only the platforms" in data["message"]
    assert [c["value"] for c in data["contact_details"]["channels"]] == [
        c.value for c in rules.parties["prakerja"].channels
    ]
