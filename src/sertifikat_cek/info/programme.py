"""Programme information (rules/info.yaml): incentive schemes, registration steps, the
consequence of a missing certificate, and every contact channel of the rule set, as plain data.

`info.reader` reads and checks the file (imported only when the YAML is read: not when the
bundled rules are pre-built)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sertifikat_cek.errors import InputError
from sertifikat_cek.info.consequence import Consequence
from sertifikat_cek.info.money import format_rupiah
from sertifikat_cek.rules import prebuilt
from sertifikat_cek.rules.ruleset import Cite, Party, Platform, RuleSet, Text


@dataclass(frozen=True)
class Payment:
    id: str
    name: Text
    amount: int  # whole Rupiah, paid `times` times
    times: int
    text: Text

    @property
    def total(self) -> int:
        return self.amount * self.times

    def describe(self, lang: str) -> str:
        values = {
            "amount": format_rupiah(self.amount),
            "times": self.times,
            "total": format_rupiah(self.total),
        }
        return self.text.render(lang, values)


@dataclass(frozen=True)
class Scheme:
    """An incentive scheme in force from `first_year` to `last_year` (None: still in force)."""

    id: str
    first_year: int
    last_year: int | None
    name: Text
    condition: Text
    payments: tuple[Payment, ...]
    cites: tuple[Cite, ...]

    @property
    def total(self) -> int:
        return sum(payment.total for payment in self.payments)

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class Step:
    text: Text
    cite: Cite


@dataclass(frozen=True)
class Section:
    name: Text
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Registration:
    title: Text
    website: str
    note: Text
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Info:
    consequence: Consequence
    schemes: tuple[Scheme, ...]
    registration: Registration
    labels: Mapping[str, Text]
    sources: Mapping[str, Mapping]  # every source id a citation here may name -> its fields

    def schemes_for(self, year: int | None) -> tuple[Scheme, ...]:
        """The schemes in force in `year` (all of them for None); InputError for none."""
        if year is None:
            return self.schemes
        found = tuple(s for s in self.schemes if s.covers(year))
        if not found:
            known = ", ".join(_years(s, "en") for s in self.schemes)
            raise InputError(
                f"no incentive scheme is known for {year}; the known ones cover {known}",
                where="--year",
            )
        return found

    def label(self, key: str, lang: str, **values: object) -> str:
        return self.labels[key].render(lang, values)


def _years(scheme: Scheme, lang: str) -> str:
    if scheme.last_year is None:
        return f"{scheme.first_year} {'onward' if lang == 'en' else 'dan seterusnya'}"
    return f"{scheme.first_year} to {scheme.last_year}"


# -- JSON-ready views (the `info` commands print these, or render them as text) ------------------


def cite_json(cite: Cite, info: Info, lang: str = "id") -> dict:
    return {**cite.as_json(lang), "title": info.sources.get(cite.source, {}).get("title")}


def years_text(scheme: Scheme, info: Info, lang: str) -> str:
    if scheme.last_year is None:
        return info.label("years_open", lang, first=scheme.first_year)
    return info.label("years", lang, first=scheme.first_year, last=scheme.last_year)


def incentives_json(info: Info, year: int | None, lang: str) -> dict:
    schemes = info.schemes_for(year)
    return {
        "year": year,
        "schemes": [
            {
                "id": scheme.id,
                "name": scheme.name.get(lang),
                "from_year": scheme.first_year,
                "until_year": scheme.last_year,
                "years": years_text(scheme, info, lang),
                "condition": scheme.condition.get(lang),
                "payments": [
                    {
                        "id": payment.id,
                        "name": payment.name.get(lang),
                        "amount": payment.amount,
                        "amount_text": format_rupiah(payment.amount),
                        "times": payment.times,
                        "total": payment.total,
                        "total_text": format_rupiah(payment.total),
                        "text": payment.describe(lang),
                    }
                    for payment in scheme.payments
                ],
                "total": scheme.total,
                "total_text": format_rupiah(scheme.total),
                "sources": [cite_json(cite, info, lang) for cite in scheme.cites],
            }
            for scheme in schemes
        ],
        "consequence": info.consequence.text.get(lang),
        "lang": lang,
    }


def registration_json(info: Info, lang: str) -> dict:
    registration = info.registration
    return {
        "title": registration.title.get(lang),
        "website": registration.website,
        "note": registration.note.get(lang),
        "sections": [
            {
                "name": section.name.get(lang),
                "steps": [
                    {"text": step.text.get(lang), "source": cite_json(step.cite, info, lang)}
                    for step in section.steps
                ],
            }
            for section in registration.sections
        ],
        "lang": lang,
    }


def _party_json(party: Party, info: Info, lang: str) -> dict:
    return {
        "party": party.id,
        "name": party.name.get(lang),
        "channels": [
            {
                "kind": channel.kind,
                "value": channel.value,
                "label": channel.label.get(lang),
                "source": cite_json(channel.cite, info, lang) if channel.cite else None,
            }
            for channel in party.channels
        ],
    }


def contacts_json(rules: RuleSet, info: Info, platform: str | None, lang: str) -> dict:
    """Every party of the chosen platforms (all when `platform` is None) and of the programme."""
    chosen: list[Platform] = (
        [rules.platform(platform)]
        if platform is not None
        else sorted(rules.platforms.values(), key=lambda p: p.name.casefold())
    )
    return {
        "platforms": [
            {
                "platform": p.id,
                "name": p.name,
                "parties": [_party_json(party, info, lang) for party in p.parties.values()],
            }
            for p in chosen
        ],
        "programme": [_party_json(party, info, lang) for party in rules.parties.values()],
        "lang": lang,
    }


@lru_cache(maxsize=8)
def load_info(directory: Path) -> Info:
    """The checked programme information of a rule directory (the bundled one when it has none)."""
    info = prebuilt.section(directory, "info")
    if info is None:  # read and check info.yaml
        from sertifikat_cek.info.reader import read_info
        from sertifikat_cek.rules.file_checks import raise_problems

        info, problems = read_info(directory)
        raise_problems(problems)
    return info
