"""Rendering of programme information for people, from the same data `info --json` prints."""

from __future__ import annotations

from sertifikat_cek.cli.common import console
from sertifikat_cek.info.programme import Info
from sertifikat_cek.texts import text


def _say(out, line: str, style: str | None = None) -> None:
    out.print(line, style=style, markup=False, soft_wrap=True)


def _sources(out, sources: list[dict], lang: str) -> None:
    if not sources:
        return
    _say(out, f"  {text('sources', lang)}:", style="dim")
    for cite in sources:
        said = f"\u201c{cite['quote']}\u201d" if cite.get("quote") else f"({cite.get('summary')})"
        _say(out, f"    - {said} ({cite.get('title') or cite['source']})", style="dim")


def render_incentives(data: dict, info: Info, lang: str) -> None:
    out = console()
    _say(out, info.label("incentives_title", lang), style="bold underline")
    for scheme in data["schemes"]:
        _say(out, f"\n{scheme['name']}", style="bold")
        _say(out, f"  {info.label('condition', lang)}: {scheme['condition']}")
        for payment in scheme["payments"]:
            line = f"  - {payment['name']}: {payment['text']}"
            if payment["times"] > 1:
                line += f" = {payment['total_text']}"
            _say(out, line)
        _say(out, f"  {info.label('total', lang)}: {scheme['total_text']}", style="bold")
        _sources(out, scheme["sources"], lang)
    _say(out, f"\n{data['consequence']}")


def render_registration(data: dict, info: Info, lang: str) -> None:
    out = console()
    _say(out, data["title"], style="bold underline")
    _say(out, f"{info.label('website', lang)}: {data['website']}")
    number = 0
    for section in data["sections"]:
        _say(out, f"\n{section['name']}", style="bold")
        for step in section["steps"]:
            number += 1
            _say(out, f"  {number}. {step['text']}")
    _say(out, f"\n{data['note']}", style="dim")
    titles = {step["source"].get("title") for s in data["sections"] for step in s["steps"]}
    for title in sorted(t for t in titles if t):
        _say(out, f"{text('sources', lang)}: {title}", style="dim")


def render_contacts(data: dict, info: Info, lang: str) -> None:
    out = console()
    _say(out, info.label("contacts_title", lang), style="bold underline")
    groups = [(p["name"], p["parties"]) for p in data["platforms"]]
    groups.append((info.label("programme", lang), data["programme"]))
    for heading, parties in groups:
        _say(out, f"\n{heading}", style="bold")
        for party in parties:
            _say(out, f"  {party['name']}")
            if not party["channels"]:
                _say(out, f"    {info.label('no_channels', lang)}", style="dim")
            for channel in party["channels"]:
                _say(out, f"    - {channel['label']}: {channel['value']}")
