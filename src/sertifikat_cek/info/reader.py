"""Reads and checks rules/info.yaml into the programme information (`info.programme`), every
problem at file:line:column."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from sertifikat_cek.info.consequence import Consequence
from sertifikat_cek.info.programme import (
    Info,
    Payment,
    Registration,
    Scheme,
    Section,
    Step,
)
from sertifikat_cek.rules.checker import Problem
from sertifikat_cek.rules.file_checks import Checker, open_rule_file, programme_facts
from sertifikat_cek.rules.programme_reader import SOURCE_KEYS

FILE = "info.yaml"
TOP_KEYS = {"sources", "consequence", "incentives", "registration", "labels"}
SCHEME_KEYS = {"id", "from", "until", "name", "condition", "payments", "cites"}
PAYMENT_KEYS = {"id", "name", "amount", "times", "text"}
REGISTRATION_KEYS = {"title", "website", "note", "source", "sections"}
LABELS: dict[str, frozenset[str]] = {
    "incentives_title": frozenset(),
    "years": frozenset({"first", "last"}),
    "years_open": frozenset({"first"}),
    "condition": frozenset(),
    "total": frozenset(),
    "website": frozenset(),
    "contacts_title": frozenset(),
    "programme": frozenset(),
    "no_channels": frozenset(),
}
PAYMENT_PLACEHOLDERS = frozenset({"amount", "times", "total"})


@lru_cache(maxsize=8)
def read_info(directory: Path) -> tuple[Info | None, list[Problem]]:
    check, data = open_rule_file(directory, FILE)
    if data is None:
        return None, check.problems
    top = check.mapping(
        data, check.top(), FILE, TOP_KEYS, ("consequence", "incentives", "registration", "labels")
    )
    if top is None:
        return None, check.problems
    facts = programme_facts(check.path.parent)  # the folder of the file read

    local: dict[str, dict] = {}
    if "sources" in top:
        sources = check.mapping(top["sources"], top.where("sources"), "'sources'", None)
        for key, value in (sources or {}).items():
            entry = check.mapping(
                value, sources.where(key), f"source {key!r}", SOURCE_KEYS, ("title",)
            )
            if entry is not None:
                if key in facts.sources:
                    check.problem(
                        sources.key_where(key), f"source {key!r} is already in prakerja.yaml"
                    )
                local[str(key)] = dict(entry)

    consequence = _consequence(check, top, facts, local)
    schemes = _schemes(check, top, facts, local)
    registration = _registration(check, top, facts, local)
    labels = check.texts(top, "labels", LABELS, item="label {name!r}")
    if check.problems or consequence is None or registration is None:
        return None, check.problems
    info = Info(
        consequence,
        schemes,
        registration,
        MappingProxyType(labels),
        MappingProxyType({**facts.sources, **local}),
    )
    return info, []


def _consequence(check: Checker, top, facts, local) -> Consequence | None:
    data = check.mapping(
        top.get("consequence"),
        top.where("consequence"),
        "'consequence'",
        {"title", "text", "cites"},
        ("title", "text", "cites"),
    )
    if data is None or not {"title", "text", "cites"} <= set(data):
        return None
    title = check.text(data["title"], data.where("title"), "consequence title", ())
    text = check.text(data["text"], data.where("text"), "consequence text", ())
    cites = check.cites(data["cites"], data.where("cites"), facts, local)
    return Consequence(title, text, cites) if title and text else None


def _schemes(check: Checker, top, facts, local) -> tuple[Scheme, ...]:
    items = check.sequence(top.get("incentives"), top.where("incentives"), "'incentives'") or []
    schemes: list[Scheme] = []
    for index, item in enumerate(items):
        entry = check.mapping(
            item,
            items.where(index),
            "an incentive scheme",
            SCHEME_KEYS,
            ("id", "from", "name", "condition", "payments", "cites"),
        )
        if entry is None or not {"id", "from", "name", "condition", "payments", "cites"} <= set(
            entry
        ):
            continue
        what = f"scheme {entry['id']!r}"
        first = check.whole(entry["from"], entry.where("from"), f"{what}: 'from'", 1)
        last = None
        if entry.get("until") is not None:
            last = check.whole(entry["until"], entry.where("until"), f"{what}: 'until'", 1)
            if first and last and last < first:
                check.problem(
                    entry.where("until"), f"{what}: 'until' {last} is before 'from' {first}"
                )
        name = check.text(entry["name"], entry.where("name"), f"{what}: name", ())
        condition = check.text(
            entry["condition"], entry.where("condition"), f"{what}: condition", ()
        )
        payments = []
        listed = check.sequence(entry["payments"], entry.where("payments"), f"{what}: payments")
        for number, payment in enumerate(listed or []):
            made = _payment(check, payment, listed.where(number), what)
            if made:
                payments.append(made)
        if not listed:
            check.problem(entry.where("payments"), f"{what} needs at least one payment")
        cites = check.cites(entry["cites"], entry.where("cites"), facts, local)
        if None in (first, name, condition) or (entry.get("until") is not None and last is None):
            continue
        scheme = Scheme(str(entry["id"]), first, last, name, condition, tuple(payments), cites)
        for other in schemes:
            if other.id == scheme.id:
                check.problem(entry.where("id"), f"scheme id {scheme.id!r} is used twice")
            if _overlap(scheme, other):
                check.problem(
                    entry.where("from"), f"{what} overlaps the years of scheme {other.id!r}"
                )
        schemes.append(scheme)
    return tuple(sorted(schemes, key=lambda s: s.first_year))


def _overlap(a: Scheme, b: Scheme) -> bool:
    end = 10_000
    return a.first_year <= (b.last_year or end) and b.first_year <= (a.last_year or end)


def _payment(check: Checker, value, position, what: str) -> Payment | None:
    entry = check.mapping(
        value, position, f"a payment of {what}", PAYMENT_KEYS, tuple(PAYMENT_KEYS)
    )
    if entry is None or not set(entry) >= PAYMENT_KEYS:
        return None
    amount = check.whole(entry["amount"], entry.where("amount"), "'amount' (Rupiah)", 1)
    times = check.whole(entry["times"], entry.where("times"), "'times'", 1)
    name = check.text(entry["name"], entry.where("name"), f"{what}: payment name", ())
    text = check.text(
        entry["text"], entry.where("text"), f"{what}: payment text", PAYMENT_PLACEHOLDERS
    )
    if None in (amount, times, name, text):
        return None
    return Payment(str(entry["id"]), name, amount, times, text)


def _registration(check: Checker, top, facts, local) -> Registration | None:
    data = check.mapping(
        top.get("registration"),
        top.where("registration"),
        "'registration'",
        REGISTRATION_KEYS,
        tuple(sorted(REGISTRATION_KEYS)),
    )
    if data is None or not set(data) >= REGISTRATION_KEYS:
        return None
    title = check.text(data["title"], data.where("title"), "registration title", ())
    note = check.text(data["note"], data.where("note"), "registration note", ())
    website = check.string(data["website"], data.where("website"), "'website'")
    source = data["source"]
    sections = []
    listed = check.sequence(data["sections"], data.where("sections"), "'sections'") or []
    for index, item in enumerate(listed):
        section = check.mapping(
            item, listed.where(index), "a section", {"name", "steps"}, ("name", "steps")
        )
        if section is None or not {"name", "steps"} <= set(section):
            continue
        name = check.text(section["name"], section.where("name"), "a section name", ())
        steps = []
        step_items = check.sequence(section["steps"], section.where("steps"), "'steps'") or []
        for number, step in enumerate(step_items):
            text = check.text(step, step_items.where(number), "a step", (), also={"quote"})
            if text is None:
                continue
            if "quote" not in step:
                check.problem(step.where(), "a step needs the 'quote' of the article it comes from")
                continue
            cite = check.source_cite(
                source,
                data.where("source"),
                step["quote"],
                step.where("quote"),
                None,
                facts,
                local,
            )
            if text and cite:
                steps.append(Step(text, cite))
        if name:
            sections.append(Section(name, tuple(steps)))
    if None in (title, note, website):
        return None
    return Registration(title, website, note, tuple(sections))


def read_consequence(directory: Path):
    """read_info's consequence alone (what diagnose shows), and read_info's problems."""
    info, problems = read_info(directory)
    return (info.consequence if info else None), problems


def check_info(directory: Path) -> list[Problem]:
    """Every problem of the rule directory's info.yaml (none when it has no such file)."""
    if not (directory / FILE).is_file():
        return []
    return list(read_info(directory)[1])
