"""Ready-to-send replies: every template of replies.yaml rendered for every verdict it serves on
every platform, the `--reply` and `--json` outputs, and the consequence line of diagnose."""

from __future__ import annotations

import functools
import itertools
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from rule_files import copy_rules, edit, first_problem

from sertifikat_cek.calendar.dates import parse_moment
from sertifikat_cek.decide.case_input import build_case
from sertifikat_cek.decide.explain import decide, state_key
from sertifikat_cek.decide.replies import check_replies, load_replies, reply_text
from sertifikat_cek.errors import InputError
from sertifikat_cek.rules.location import bundled_rules_dir

RULES = bundled_rules_dir()
MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}
# A timeline of answers (the Bukalapak report before its 14:00 batch) and days to look from.
VALUES = {
    "completed": ("2021-03-01", "no", "yes", None),
    "rated": ("2021-03-01", "no", None),
    "institution_reported": ("2021-03-01 12:00", "2021-03-03", "no", None),
    "platform_reported": ("2021-03-04", "no", None),
    "name_matches": ("yes", "no", None),
}
AS_OF = ("2021-03-01 18:00", "2021-03-03", "2021-03-05", "2021-03-12", "2021-03-30")


@functools.cache
def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def written(day: date, lang: str) -> str:
    return f"{day.day} {MONTHS[lang].split()[day.month - 1]} {day.year}"


def all_diagnoses(rules, calendar):
    """A diagnosis for every combination of answers and as-of days, on every platform."""
    for platform in sorted(rules.platforms):
        inputs = sorted(rules.platforms[platform].inputs())
        for as_of in AS_OF:
            for combo in itertools.product(*(VALUES[name] for name in inputs)):
                raw = {n: v for n, v in zip(inputs, combo, strict=True) if v is not None}
                try:
                    case = build_case(rules, platform, raw, parse_moment(as_of))
                    yield decide(rules, case, calendar)
                except InputError:  # an event after the as-of day
                    continue


@pytest.fixture(scope="module")
def diagnoses(rules, calendar):
    return list(all_diagnoses(rules, calendar))


@pytest.fixture(scope="module")
def replies(rules):
    return load_replies(rules)


def party_channels(platform: str, party: str) -> list[str]:
    """The channel values of a party, read straight from the rule files."""
    own = load(RULES / "platforms" / f"{platform}.yaml").get("parties", {})
    data = own.get(party) or load(RULES / "prakerja.yaml")["parties"][party]
    return [str(channel["value"]) for channel in data.get("channels") or []]


def overdue_party(platform: str, stage: str) -> str | None:
    """The party the platform file names for the stage's 'overdue' state."""
    for entry in load(RULES / "platforms" / f"{platform}.yaml")["stages"]:
        if entry["id"] == stage:
            return (entry.get("contact") or {}).get("overdue")
    return None


@functools.cache
def working_days_left(oracle, start: date, due: date) -> int:
    """Working days after `start` up to `due`, counted with the numpy oracle."""
    left = 0
    while oracle(start, left + 1) <= due:
        left += 1
    return left


def test_every_verdict_of_every_platform_has_a_reply_with_nothing_left_unfilled(
    diagnoses, replies, workday_oracle
) -> None:
    consequence = load(RULES / "info.yaml")["consequence"]["text"]
    seen = set()
    for diagnosis in diagnoses:
        for lang in ("id", "en"):
            text = reply_text(diagnosis, replies, lang)
            where = f"{diagnosis.platform.id} {diagnosis.verdict} as of {diagnosis.as_of} ({lang})"
            assert not re.search(r"[{}]", text), f"{where}: a placeholder is left:\n{text}"
            assert diagnosis.say(diagnosis.finding, lang) in text, where
            assert consequence[lang] in text, where
            if diagnosis.due is not None:
                assert written(diagnosis.due, lang) in text, where
            if diagnosis.contact is not None:
                for value in party_channels(diagnosis.platform.id, diagnosis.contact.id):
                    assert value in text, f"{where}: {value}"
            if diagnosis.state == "waiting":
                party = overdue_party(diagnosis.platform.id, diagnosis.stage)
                for value in party_channels(diagnosis.platform.id, party) if party else ():
                    assert value in text, f"{where}: after the due date, {value}"
            if (
                lang == "id"
                and diagnosis.state == "waiting"
                and diagnosis.due > diagnosis.as_of.day
            ):
                # counted in the rule's unit (DOMAIN.md 3): working days for a rule in working
                # days, calendar days for calendar days and a daily batch
                if diagnosis.outcome.stage.due.unit == "working_days":
                    left = working_days_left(workday_oracle, diagnosis.as_of.day, diagnosis.due)
                    assert f"{left} hari kerja lagi" in text, where
                else:
                    left = (diagnosis.due - diagnosis.as_of.day).days
                    assert (f"{left} hari lagi" if left > 1 else "besok") in text, where
                    assert "hari kerja lagi" not in text, where
        seen.add((diagnosis.platform.id, diagnosis.verdict))
    # the cases reach every state a verdict can take on some platform
    assert {verdict.rsplit("_", 1)[1] for _, verdict in seen} == {
        "waiting",
        "overdue",
        "missing",
        "unknown",
    }


def test_every_template_in_replies_yaml_serves_some_verdict(diagnoses, replies) -> None:
    written_templates = {
        (state, key)
        for state, by_stage in load(RULES / "replies.yaml")["states"].items()
        for key in by_stage
    }
    served = {(d.state, replies.template_key(d.state, d.stage)) for d in diagnoses} | {
        (state_key(d.outcome), replies.template_key(state_key(d.outcome), d.stage))
        for d in diagnoses
        if state_key(d.outcome) in replies.states
    }
    assert written_templates <= served, f"never used: {written_templates - served}"
    assert served <= written_templates


# -- the reply in the worked example and the edge cases of 'when to check again' -------------------
def reply(run_cli, *args: str) -> str:
    result = run_cli("diagnose", *args, "--reply")
    assert result.exit_code == 0, result.stderr
    return result.stdout


WORKED = (
    "-p",
    "tokopedia",
    "--institution-reported",
    "2021-03-05",
    "--platform-reported",
    "2021-03-08",
)


def test_the_worked_example_reply_says_when_to_check_again_and_whom_to_call_after(run_cli) -> None:
    text = reply(run_cli, *WORKED, "--as-of", "2021-03-12")
    # DOMAIN.md section 5: due 2021-03-18; 15, 16, 17, 18 March are the working days left
    assert "Mohon tunggu sampai 18 Maret 2021 (4 hari kerja lagi)" in text
    assert "Bila setelah 18 Maret 2021 sertifikat belum juga muncul" in text
    assert "0800-150-3001" in text and "info@prakerja.go.id" in text  # the PMO, DOMAIN.md
    assert "Anda" in text and "kamu" not in text.casefold().split()
    assert "╭" not in text  # a message to paste, not a report


def test_the_reply_in_english(run_cli) -> None:
    text = reply(run_cli, *WORKED, "--as-of", "2021-03-12", "--lang", "en")
    assert "Please wait until 18 March 2021 (4 working days from now)" in text
    assert "Maret" not in text


def test_on_the_due_day_the_reply_says_today(run_cli) -> None:
    text = reply(run_cli, *WORKED, "--as-of", "2021-03-18")
    assert "18 Maret 2021 (batas waktunya hari ini)" in text


def test_a_due_date_on_a_day_off_counts_calendar_days(run_cli) -> None:
    # Kemnaker: graded on Good Friday 2021-04-02, so Sisnaker reports by Saturday 2021-04-03
    args = ("-p", "kemnaker", "--name-matches", "ya", "--completed", "2021-04-01")
    text = reply(
        run_cli,
        *args,
        "--rated",
        "2021-04-01",
        "--institution-reported",
        "2021-04-02",
        "--as-of",
        "2021-04-02",
    )
    assert "3 April 2021 (besok)" in text


def test_an_overdue_reply_says_by_how_much_and_whom_to_contact_now(run_cli) -> None:
    text = reply(run_cli, *WORKED, "--as-of", "2021-03-19")
    assert "terlambat 1 hari kerja" in text
    assert "Silakan hubungi Manajemen Pelaksana" in text


def test_json_carries_the_same_reply_and_the_consequence(run_cli) -> None:
    text = reply(run_cli, *WORKED, "--as-of", "2021-03-12")
    result = run_cli("diagnose", *WORKED, "--as-of", "2021-03-12", "--json", "--reply")
    data = json.loads(result.stdout)
    assert data["reply"] + "\n" == text
    assert data["consequence"] == load(RULES / "info.yaml")["consequence"]["text"]["id"]
    plain = json.loads(run_cli("diagnose", *WORKED, "--as-of", "2021-03-12", "--json").stdout)
    assert "reply" not in plain and plain["consequence"] == data["consequence"]


def test_the_report_says_the_first_certificate_unlocks_the_incentives(run_cli) -> None:
    for lang, heading in (("id", "Insentif:"), ("en", "Incentives:")):
        result = run_cli("diagnose", *WORKED, "--as-of", "2021-03-12", "--lang", lang)
        said = load(RULES / "info.yaml")["consequence"]["text"][lang]
        assert heading in result.stdout
        assert " ".join(said.split()) in " ".join(result.stdout.split())


# -- replies.yaml is checked like the other rule files ---------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  unknown:\n    default:", "  unkown:\n    default:", "unknown key 'unkown'"),
        (
            "    rating:\n      reassure:",
            "    ratings:\n      reassure:",
            "'ratings' is not a stage id",
        ),
        (
            '"Setelah tahap ini selesai, cek kembali',
            '"Sebelum {due}, cek kembali',
            "unknown placeholder {due}",
        ),
        (
            '  en: "Hello, and thank you',
            '  eng: "Hello, and thank you',
            "missing translation 'en'",
        ),
        (
            '      escalate:\n        id: "Bila setelah {due} tahap',
            '      escalate:\n        id: "Bila setelah {due {escalation} tahap',
            "placeholder",
        ),
        # past a customary deadline nothing is late: {time_overdue} ("terlambat ...") is refused
        (
            '"Mohon maaf atas ketidaknyamanannya; sudah saatnya',
            '"Mohon maaf ({time_overdue}); sudah saatnya',
            "unknown placeholder {time_overdue}",
        ),
        ("  time_left_one:\n", "  time_left_uno:\n", "unknown key 'time_left_uno'"),
    ],
)
def test_a_mistake_in_replies_yaml_is_reported_with_its_line(tmp_path, old, new, expected) -> None:
    rules = copy_rules(tmp_path)
    edit(rules, "replies.yaml", old, new)
    file, line, _ = first_problem(check_replies(rules), expected)
    assert file.endswith("replies.yaml") and line > 1


def test_the_bundled_replies_have_no_problems() -> None:
    assert check_replies(RULES) == []


# -- the participant's name and the agent's signature ----------------------------------------------
def test_name_greets_the_participant_and_signature_ends_the_reply(run_cli) -> None:
    plain = reply(run_cli, *WORKED, "--as-of", "2021-03-12")
    text = reply(
        run_cli, *WORKED, "--as-of", "2021-03-12", "--name", " Budi  Santoso ",
        "--signature", "Salam,\nRina (Helpdesk Prakerja)",
    )  # fmt: skip
    assert text.startswith("Halo Budi Santoso, terima kasih sudah menghubungi kami")
    assert text.endswith("Semoga membantu.\n\nSalam,\nRina (Helpdesk Prakerja)\n")
    # nothing else changes: the body between the greeting and the signature is the same
    assert text.rstrip("\n").split("\n\n")[1:-1] == plain.rstrip("\n").split("\n\n")[1:]


def test_name_and_signature_in_english_and_in_json(run_cli) -> None:
    args = (*WORKED, "--as-of", "2021-03-12", "--lang", "en", "--name", "Budi")
    text = reply(run_cli, *args, "--signature", "Rina")
    assert text.startswith("Hello Budi, and thank you") and text.endswith("\n\nRina\n")
    result = run_cli("diagnose", *args, "--signature", "Rina", "--reply", "--json")
    data = json.loads(result.stdout)
    assert data["reply"] + "\n" == text
    assert "Budi" not in json.dumps({k: v for k, v in data.items() if k != "reply"})


def test_a_reply_says_no_name_unless_one_is_given(run_cli) -> None:
    text = reply(run_cli, *WORKED, "--as-of", "2021-03-12")
    assert text.startswith("Halo, terima kasih")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--name", "Budi"), "--name"),  # without --reply
        (("--reply", "--name", "  "), "--name"),
        (("--reply", "--signature", ""), "--signature"),
    ],
)
def test_name_and_signature_need_a_reply_and_a_text(run_cli, args, named) -> None:
    result = run_cli("diagnose", *WORKED, "--as-of", "2021-03-12", *args)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in result.stderr


def test_an_unknown_placeholder_in_greeting_named_is_reported_with_its_line(tmp_path) -> None:
    rules = copy_rules(tmp_path)
    edit(rules, "replies.yaml", 'id: "Halo {name}, terima', 'id: "Halo {nama}, terima')
    file, line, _ = first_problem(check_replies(rules), "unknown placeholder {nama}")
    assert file.endswith("replies.yaml") and line > 1
