"""`sertifikat-cek info`: incentives, registration steps and contacts, from the rules."""

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

app = typer.Typer(
    help="Informasi program: insentif, cara daftar, kontak / Programme information.",
    no_args_is_help=True,
)


def _info(rules_dir: str | None):
    from sertifikat_cek.info.programme import load_info
    from sertifikat_cek.rules import location as resources

    return load_info(resources.rules_dir(rules_dir))


@app.command("incentives")
def incentives(
    year: int | None = typer.Option(
        None, "--year", help="Only the scheme in force that year, e.g. 2021 or 2023."
    ),
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """The incentive schemes (2020 to 2022, and from 2023), with amounts and sources."""
    from sertifikat_cek.info.programme import incentives_json

    info = _info(rules_dir)
    data = incentives_json(info, year, lang.value)
    if json_output:
        write_json(data)
        return
    from sertifikat_cek.render.info import render_incentives

    render_incentives(data, info, lang.value)


@app.command("registration")
def registration(
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """The registration steps of the source article (April 2021)."""
    from sertifikat_cek.info.programme import registration_json

    info = _info(rules_dir)
    data = registration_json(info, lang.value)
    if json_output:
        write_json(data)
        return
    from sertifikat_cek.render.info import render_registration

    render_registration(data, info, lang.value)


@app.command("contacts")
def contacts(
    platform: str | None = typer.Argument(
        None, help="Only this platform (id, name or alias); the PMO is always listed."
    ),
    json_output: bool = JSON_OPTION,
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """Every known contact channel of the platforms, their institutions and the PMO."""
    from sertifikat_cek.errors import InputError
    from sertifikat_cek.info.programme import contacts_json

    rules = rules_for(rules_dir)
    info = _info(rules_dir)
    try:
        data = contacts_json(rules, info, platform, lang.value)
    except InputError as error:
        raise error.located("PLATFORM") from None
    if json_output:
        write_json(data)
        return
    from sertifikat_cek.render.info import render_contacts

    render_contacts(data, info, lang.value)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="info")
