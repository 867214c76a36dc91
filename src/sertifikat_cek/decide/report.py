"""A Diagnosis as plain JSON-ready data in one language: the contract of `diagnose --json`."""

from __future__ import annotations

from datetime import date

from sertifikat_cek.calendar.dates import format_date
from sertifikat_cek.decide.explain import Diagnosis, Warning, due_basis, localise
from sertifikat_cek.rules.ruleset import RuleSet, Text, party_json
from sertifikat_cek.texts import text


def warning_message(warning: Warning, lang: str) -> str:
    return text(f"notice.{warning.code}", lang, **localise(warning.facts, lang))


def _fact_json(value: object, lang: str) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Text):
        return value.get(lang)
    return value


def warning_json(warning: Warning, lang: str) -> dict:
    facts = {key: _fact_json(value, lang) for key, value in warning.facts.items()}
    return {"code": warning.code, "message": warning_message(warning, lang), **facts}


def days_to_due(diagnosis: Diagnosis) -> dict | None:
    values = diagnosis.values
    if diagnosis.due is None:
        return None
    if diagnosis.due >= diagnosis.as_of.day:
        return {"calendar": values["days_left"], "working": values["working_days_left"]}
    return {"calendar": -values["days_overdue"], "working": -values["working_days_overdue"]}


def source_json(rules: RuleSet, source_id: str, lang: str = "id") -> dict:
    """A source by its id: title, publisher, date (YYYY-MM-DD or a year), address and note."""
    entry = rules.sources.get(source_id, {})
    published = entry.get("published")
    note = entry.get("note")
    return {
        "source": source_id,
        "title": entry.get("title"),
        "publisher": entry.get("publisher"),
        "published": published.isoformat() if isinstance(published, date) else published,
        "url": entry.get("url"),
        "note": note.get(lang) if isinstance(note, Text) else None,
    }


def source_when(rules: RuleSet, source_id: str, lang: str) -> str:
    """When a source was published, for people: 5 April 2021, 2021, or 'tanpa tanggal'."""
    published = rules.sources.get(source_id, {}).get("published")
    if isinstance(published, date):
        return format_date(published, lang)
    return str(published) if published is not None else text("undated", lang)


def source_name(rules: RuleSet, source_id: str, lang: str) -> str:
    """A source for people: its `described` text in `lang` (a source cited without its own
    headline), else its title, which is quoted as published."""
    entry = rules.sources.get(source_id, {})
    described = entry.get("described")
    if isinstance(described, Text):
        return described.get(lang)
    return entry.get("title", source_id)


def rules_variant_json(diagnosis: Diagnosis, rules: RuleSet) -> dict:
    """The chain variant a case was decided by, the case day that chose it, and its sources."""
    assessment = diagnosis.assessment
    chain = assessment.chain
    return {
        "from": chain.start.isoformat() if chain.start else None,
        "until": chain.end.isoformat() if chain.end else None,
        "confirmed_until": chain.confirmed_until.isoformat(),
        "case_day": assessment.case_day.isoformat(),
        "case_day_from": assessment.case_day_basis,
        "sources": [source_json(rules, s) for s in chain.sources],
    }


def rules_variant_line(diagnosis: Diagnosis, rules: RuleSet, lang: str) -> str:
    """The chain variant in words, for human output."""
    assessment = diagnosis.assessment
    chain = assessment.chain
    start = format_date(chain.start, lang) if chain.start else None
    end = format_date(chain.end, lang) if chain.end else None
    if start and end:
        period = text("rules.period.between", lang, start=start, end=end)
    elif start:
        period = text("rules.period.from", lang, start=start)
    elif end:
        period = text("rules.period.until", lang, end=end)
    else:
        period = text("rules_variant.always", lang)
    case = text(
        f"rules_variant.{assessment.case_day_basis}",
        lang,
        day=format_date(assessment.case_day, lang),
    )
    sources = "; ".join(
        f"{source_name(rules, s, lang)} ({source_when(rules, s, lang)})" for s in chain.sources
    )
    return text("rules_variant", lang, case=case, period=period, sources=sources)


def diagnosis_json(diagnosis: Diagnosis, rules: RuleSet, lang: str = "id") -> dict:
    """The JSON object `diagnose --json` prints (see schema/diagnosis.schema.json)."""
    return {
        "platform": diagnosis.platform.id,
        "platform_name": diagnosis.platform.name,
        "as_of": diagnosis.as_of.isoformat(),
        "verdict": diagnosis.verdict,
        "stage": diagnosis.stage,
        "state": diagnosis.state,
        "due": diagnosis.due.isoformat() if diagnosis.due else None,
        "due_basis": due_basis(diagnosis.outcome),
        "due_text": format_date(diagnosis.due, lang) if diagnosis.due else None,
        "days_to_due": days_to_due(diagnosis),
        "contact": diagnosis.contact.id if diagnosis.contact else None,
        "contact_details": party_json(diagnosis.contact, lang),
        "finding": diagnosis.say(diagnosis.finding, lang),
        "actions": [diagnosis.say(action, lang) for action in diagnosis.actions],
        "stages": [
            {
                "stage": o.stage.id,
                "name": o.stage.name.get(lang),
                "state": o.state,
                "implied": o.implied,
                "date": o.event.moment.isoformat() if o.event.moment else None,
                "due": o.due.isoformat() if o.due else None,
                "due_basis": due_basis(o),
            }
            for o in diagnosis.stages
        ],
        "certificate_by": (
            {"date": diagnosis.assessment.certificate_by.isoformat(), "projected": True}
            if diagnosis.assessment.certificate_by
            else None
        ),
        "rules_variant": rules_variant_json(diagnosis, rules),
        "sources": [
            {**cite.as_json(lang), "title": rules.sources.get(cite.source, {}).get("title")}
            for cite in diagnosis.cites
        ],
        "notes": [note.get(lang) for note in diagnosis.notes],
        "warnings": [warning_json(w, lang) for w in diagnosis.warnings],
        "rules_version": diagnosis.rules_version,
        "lang": lang,
    }
