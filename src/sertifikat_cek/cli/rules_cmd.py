"""`sertifikat-cek rules list|show|check`: the platform rules, for the people who edit them."""

from __future__ import annotations

import typer

from sertifikat_cek.cli.common import (
    JSON_OPTION,
    LANG_OPTION,
    RULES_DIR_OPTION,
    Lang,
    rules_for,
    write_json,
)
from sertifikat_cek.errors import InputError

app = typer.Typer(
    help="Aturan platform: daftar, rincian, pemeriksaan / Platform rules: list, show, check.",
    no_args_is_help=True,
)


@app.command("list")
def list_command(
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """The platforms the rules know: id, name, aliases, stages, number of examples."""
    from sertifikat_cek.rules.report import rules_list_json

    data = rules_list_json(rules_for(rules_dir))
    if json_output:
        write_json(data)
        return
    from sertifikat_cek.render.rules import render_list

    render_list(data, lang.value)


@app.command("show")
def show(
    platform: str = typer.Argument(
        ..., metavar="PLATFORM", help="Platform id or alias, e.g. tokopedia or Sisnaker."
    ),
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """One platform's stage chain: due rules in words, contacts, dated variants, sources."""
    from sertifikat_cek.rules.report import platform_json

    rules = rules_for(rules_dir)
    try:
        found = rules.platform(platform)
    except InputError as error:
        raise error.located("PLATFORM") from None
    data = platform_json(rules, found, lang.value)
    if json_output:
        write_json(data)
        return
    from sertifikat_cek.render.rules import render_platform

    render_platform(data, rules, lang.value)


@app.command("check")
def check(
    directory: str | None = typer.Argument(
        None,
        metavar="DIR",
        help="The rule directory to check (default: --rules-dir, or the bundled rules).",
    ),
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """Validate a rule directory and run its examples; every problem as file:line:column.

    Exit 0 when the rules are valid and every example gives its expected verdict, 2 otherwise."""
    from sertifikat_cek.errors import RulesError
    from sertifikat_cek.rules import location as resources
    from sertifikat_cek.rules.checker import problem_from_error, sort_problems
    from sertifikat_cek.rules.loader import check_rules, rules_version
    from sertifikat_cek.rules.report import check_json

    try:
        path = resources.rules_dir(directory or rules_dir)
    except InputError as error:
        raise (error.located("DIR") if directory else error) from None
    rules, problems = check_rules(path)
    results = []
    calendar_file = path / "calendar.yaml"
    try:
        calendar = resources.working_calendar(path)
    except RulesError as error:
        problems = [*problems, problem_from_error(error, str(calendar_file))]
    else:
        if rules is not None:
            from sertifikat_cek.decide.rule_examples import run_examples

            results = run_examples(rules, calendar)
            problems = [*problems, *(r.problem for r in results if r.problem)]
    try:
        version = rules.version if rules else rules_version(path)
    except RulesError:
        version = None
    problems = sort_problems(problems)
    data = check_json(str(path), version, rules, results, problems)
    if json_output:
        write_json(data)
    from sertifikat_cek.render.rules import render_check

    render_check(data, problems, lang.value, summary=not json_output)
    if problems:
        raise typer.Exit(code=2)


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="rules")
