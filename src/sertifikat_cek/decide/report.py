"""A Diagnosis as plain JSON-ready data in one language: the contract of `diagnose --json`."""

from __future__ import annotations

from datetime import date

from sertifikat_cek.calendar.dates import format_date
from sertifikat_cek.decide.explain import Diagnosis, Warning, localise
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
            }
            for o in diagnosis.stages
        ],
        "sources": [
            {**cite.as_json(), "title": rules.sources.get(cite.source, {}).get("title")}
            for cite in diagnosis.cites
        ],
        "notes": [note.get(lang) for note in diagnosis.notes],
        "warnings": [warning_json(w, lang) for w in diagnosis.warnings],
        "rules_version": diagnosis.rules_version,
        "lang": lang,
    }
