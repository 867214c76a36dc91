"""`sertifikat-cek diagnose`: one case, from options or guided questions, to a verdict.

Without --platform on a terminal it asks the questions (cli/guided.py); the answers become the
same raw inputs as the options, so both end in the one path below: build_case, decide, render."""

from __future__ import annotations

import typer

from sertifikat_cek.cli.common import (
    JSON_OPTION,
    LANG_OPTION,
    RULES_DIR_OPTION,
    Lang,
    now_wib,
    option_name,
    read_date_argument,
    rules_and_calendar,
    write_json,
)
from sertifikat_cek.errors import InputError

EVENT_HELP = (
    "A date or datetime (2021-03-05, 5 Maret 2021 14:30; counted from the as-of day: 5 Maret, "
    "tanggal 5, kemarin, 2 hari lalu, minggu lalu), or no/belum/tidak. Absent: unknown."
)


def diagnose(
    platform: str | None = typer.Option(
        None,
        "--platform",
        "-p",
        help="Kemnaker/Sisnaker, Tokopedia, Bukalapak or Pijar Mahir. "
        "Left out on a terminal: the tool asks, one question at a time.",
    ),
    completed: str | None = typer.Option(
        None, "--completed", help=f"Course finished. {EVENT_HELP}"
    ),
    rated: str | None = typer.Option(
        None, "--rated", help=f"Rating and review given. {EVENT_HELP}"
    ),
    institution_reported: str | None = typer.Option(
        None, "--institution-reported", help=f"Institution reported to the platform. {EVENT_HELP}"
    ),
    platform_reported: str | None = typer.Option(
        None, "--platform-reported", help=f"Platform reported to the PMO. {EVENT_HELP}"
    ),
    name_matches: str | None = typer.Option(
        None, "--name-matches", help="Kemnaker: the account name matches the Prakerja one (yes/no)."
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="Diagnose as of this date or datetime (default: now, WIB; kemarin and 5 Maret "
        "count from today).",
    ),
    reply: bool = typer.Option(
        False,
        "--reply",
        help="Print a ready-to-send message to the participant instead of the report "
        "(with --json: add it as 'reply').",
    ),
    name: str | None = typer.Option(
        None, "--name", help="With --reply: greet the participant by this name."
    ),
    signature: str | None = typer.Option(
        None, "--signature", help="With --reply: this text after the closing (e.g. the agent)."
    ),
    no_input: bool = typer.Option(
        False, "--no-input", help="Never ask questions; without --platform this is an error."
    ),
    plain: bool = typer.Option(
        False,
        "--plain",
        help="The report without boxes or colour, for pasting into a ticket.",
    ),
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """Which link of the certificate chain is stuck, by when it should move, and whom to contact."""
    from sertifikat_cek.calendar.dates import Moment

    rules, calendar = rules_and_calendar(rules_dir)
    now = now_wib()
    notes: list[tuple] = []  # the dates counted from the as-of day, and how they were read
    moment = now
    if as_of:
        reading = read_date_argument(as_of, "--as-of", today=now.day)
        moment = reading.moment
        if reading.taken:
            notes.append(("--as-of", as_of, reading, Moment(now.day)))
    raw = {
        "completed": completed,
        "rated": rated,
        "institution_reported": institution_reported,
        "platform_reported": platform_reported,
        "name_matches": name_matches,
    }
    given = {k: v for k, v in raw.items() if v is not None}
    from sertifikat_cek.decide.case_input import counted_dates

    for input_name, reading in counted_dates(rules, given, moment.day).items():
        notes.append((option_name(input_name), given[input_name], reading, moment))
        given[input_name] = reading.moment.isoformat()  # as read (and in the guided command)
    if notes:
        _say_notes(rules, notes, lang.value)
    for option, value in (("--name", name), ("--signature", signature)):
        if value is not None and not value.strip():
            raise InputError("is empty; leave it out or give a text", where=option)
        if value is not None and not reply:
            raise InputError("is for the reply to the participant; add --reply", where=option)
    command = None
    if platform is None:
        from sertifikat_cek.cli import guided

        if no_input or not guided.stdin_is_terminal():
            why = "--no-input was given" if no_input else "stdin is not a terminal"
            raise InputError(
                f"give the platform, one of: {', '.join(sorted(rules.platforms))} "
                f"(no questions are asked: {why})",
                where="--platform",
            )
        from sertifikat_cek.decide.case_input import build_case
        from sertifikat_cek.decide.questions import load_questions

        questions = load_questions(_directory(rules))
        try:
            # options given with the questions: readable?
            build_case(rules, "", given, moment, today=moment.day)
            answers = guided.ask_case(
                rules, calendar, questions, given=given, as_of=moment, lang=lang.value
            )
        except InputError as error:  # an option given with the questions
            raise _located(error, raw) from None
        if answers is None:  # lainnya / tidak tahu: a platform the tool does not know
            guided.say_other_platform(rules, questions, lang.value, json_output)
            return
        platform, given = answers.platform, answers.raw()
        extra = ["--lang", "en"] if lang is Lang.en else []
        extra += ["--json"] * json_output + ["--reply"] * reply + ["--plain"] * plain
        extra += ["--name", name] if name is not None else []
        extra += ["--signature", signature] if signature is not None else []
        extra += ["--rules-dir", rules_dir] if rules_dir else []
        command = guided.command_line(rules, answers, moment, extra)
    personal = {"name": name, "signature": signature}
    _decide_and_show(
        rules,
        calendar,
        platform,
        given,
        moment,
        raw,
        json_output,
        reply,
        lang.value,
        personal,
        plain=plain,
    )
    if command is not None:
        guided.say_command(questions, command, lang.value)


def _directory(rules):
    from pathlib import Path

    from sertifikat_cek.rules.location import bundled_rules_dir

    return Path(rules.directory) if rules.directory else bundled_rules_dir()


def _say_notes(rules, notes, lang: str) -> None:
    """On stderr, before the output: each date counted from the as-of day, as it was read."""
    import sys

    from sertifikat_cek.decide.guide import reading_note
    from sertifikat_cek.decide.questions import load_questions

    questions = load_questions(_directory(rules))
    for option, value, reading, as_of in notes:
        sys.stderr.write(f"{option}: {reading_note(questions, value, reading, as_of, lang)}\n")


def _located(error: InputError, raw: dict) -> InputError:
    """The engine names inputs (institution_reported, as_of); the user typed options."""
    if error.where in raw or error.where == "as_of":
        return error.located(option_name(error.where))
    return error


def _decide_and_show(
    rules,
    calendar,
    platform,
    given,
    moment,
    raw,
    json_output,
    reply,
    lang,
    personal=None,
    *,
    plain: bool = False,
):
    """The one path of every diagnose: build the case, decide it, show it (`personal`: the
    --name and --signature of a reply; `plain`: the report without boxes or colour)."""
    from sertifikat_cek.decide.case_input import build_case
    from sertifikat_cek.decide.explain import decide
    from sertifikat_cek.info.consequence import load_consequence

    try:
        case = build_case(rules, platform, given, moment, today=moment.day)
        diagnosis = decide(rules, case, calendar)
    except InputError as error:
        raise _located(error, raw) from None
    consequence = load_consequence(_directory(rules))
    if json_output:
        from sertifikat_cek.decide.report import diagnosis_json

        data = diagnosis_json(diagnosis, rules, lang)
        data["consequence"] = consequence.text.get(lang)
        if reply:
            from sertifikat_cek.decide.replies import load_replies, reply_text

            data["reply"] = reply_text(diagnosis, load_replies(rules), lang, **(personal or {}))
        write_json(data)
        return
    if reply:
        import sys

        from sertifikat_cek.decide.explain import FIRST_WARNINGS
        from sertifikat_cek.decide.replies import load_replies, reply_text
        from sertifikat_cek.decide.report import warning_message

        # DOMAIN.md 6.5: warnings for the agent on stderr, before the reply they may change
        for warning in diagnosis.warnings:
            if warning.code in FIRST_WARNINGS:
                sys.stderr.write(f"sertifikat-cek: {warning_message(warning, lang)}\n")
        text = reply_text(diagnosis, load_replies(rules), lang, **(personal or {}))
        sys.stdout.write(text + "\n")
        return
    import sys

    from sertifikat_cek.render.diagnosis import render_diagnosis

    on_terminal = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()

    render_diagnosis(
        diagnosis,
        rules,
        lang,
        consequence=(consequence.title.get(lang), consequence.text.get(lang)),
        # in a pipe or a file (a ticket, a chat) the report is plain text, as with --plain
        plain=plain or not on_terminal,
    )


def register(app: typer.Typer) -> None:
    app.command("diagnose")(diagnose)
