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
        # a later step that happened would overrule a "no" (DOMAIN.md 5), so each is asked
        ("tokopedia", "--completed", "belum", 2, "completion_missing"),
        ("bukalapak", "--completed", "belum", 3, "completion_missing"),
        ("pijar-mahir", "--completed", "tidak", 1, "completion_missing"),
        # the account name is a fact that nothing later overrules: one question
        ("kemnaker", "--name-matches", "tidak", 0, "account_name_missing"),
    ],
)
def test_the_shortest_path_when_the_participant_s_own_step_is_missing(
    run_cli, terminal, platform, first, said, later, verdict
) -> None:
    answers = [platform, said] + ["belum"] * later
    result = answer(run_cli, answers, "--as-of", "2021-03-12", "--json")
    command = same_as_its_command(run_cli, result)
    assert asked(result) == len(answers)  # the platform, the step, and the steps after it
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
    # the platform, and Tokopedia's report (had it happened, it would overrule the "no")
    assert asked(result) == 2
    assert "Kapan Anda menyelesaikan pelatihan" not in result.stderr
    assert option(command, "--institution-reported") == "no"
    assert option(command, "--platform-reported") == "no"


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


def test_end_of_input_in_the_middle_leaves_with_130(run_cli, terminal) -> None:
    result = answer(run_cli, ["tokopedia"], "--as-of", "2021-03-12")
    assert result.exit_code == 130
    assert result.stdout == "" and "Traceback" not in result.stderr


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
