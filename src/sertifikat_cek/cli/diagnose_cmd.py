"""`sertifikat-cek diagnose`: one case, from options, to a verdict (text or JSON)."""

from __future__ import annotations

import typer

from sertifikat_cek.cli.common import (
    JSON_OPTION,
    LANG_OPTION,
    RULES_DIR_OPTION,
    Lang,
    now_wib,
    option_name,
    parse_date_argument,
    rules_and_calendar,
    write_json,
)
from sertifikat_cek.errors import InputError

EVENT_HELP = (
    "A date or datetime (2021-03-05, 5 Maret 2021 14:30), or no/belum/tidak. Absent: unknown."
)


def diagnose(
    platform: str | None = typer.Option(
        None, "--platform", "-p", help="Kemnaker/Sisnaker, Tokopedia, Bukalapak or Pijar Mahir."
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
        None, "--as-of", help="Diagnose as of this date or datetime (default: now, WIB)."
    ),
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """Which link of the certificate chain is stuck, by when it should move, and whom to contact."""
    from sertifikat_cek.case_input import build_case
    from sertifikat_cek.engine import decide

    rules, calendar = rules_and_calendar(rules_dir)
    if platform is None:
        raise InputError(
            f"give the platform, one of: {', '.join(sorted(rules.platforms))}", where="--platform"
        )
    moment = parse_date_argument(as_of, "--as-of") if as_of else now_wib()
    raw = {
        "completed": completed,
        "rated": rated,
        "institution_reported": institution_reported,
        "platform_reported": platform_reported,
        "name_matches": name_matches,
    }
    try:
        case = build_case(rules, platform, {k: v for k, v in raw.items() if v is not None}, moment)
        diagnosis = decide(rules, case, calendar)
    except InputError as error:
        if error.where in raw:
            raise error.located(option_name(error.where)) from None
        raise
    if json_output:
        from sertifikat_cek.report import diagnosis_json

        write_json(diagnosis_json(diagnosis, rules, lang.value))
        return
    from sertifikat_cek.render_diagnosis import render_diagnosis

    render_diagnosis(diagnosis, rules, lang.value)


def register(app: typer.Typer) -> None:
    app.command("diagnose")(diagnose)
