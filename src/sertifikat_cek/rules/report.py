"""The rules as plain JSON-ready data in one language: what `rules list|show|check` print.

Pure: a rule set in, dicts out. Due rules are also said in words ("H+1 hari kerja setelah
laporan lembaga pelatihan" / "1 working day after the training institution's report")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from sertifikat_cek.calendar.dates import format_date
from sertifikat_cek.rules.ruleset import (
    ChainVariant,
    DueRule,
    Platform,
    RuleSet,
    Stage,
    Text,
    party_json,
)
from sertifikat_cek.texts import TEXTS

VARIANT_FIELDS = ("contact", "findings", "actions", "cites", "note")  # advice (as-of day)


def word(key: str, lang: str, **values: object) -> str:
    """An interface word of the rules commands in `lang`, with `values` filled in."""
    template = TEXTS[key][lang]
    return template.format(**values) if values else template


def _lower_first(name: str, proper: frozenset[str] = frozenset()) -> str:
    """'Laporan lembaga' -> 'laporan lembaga'; 'LPK's grading' and a name that starts with a
    proper name ('Sisnaker's report', with `proper` the platform's names) stay as they are."""
    first = name.split(" ", 1)[0].removesuffix("'s").removesuffix("\u2019s")
    if (len(name) > 1 and name[1].isupper()) or first in proper:
        return name
    return name[:1].lower() + name[1:]


def _anchor(name: str, lang: str, proper: frozenset[str]) -> str:
    """A stage's name after 'after': 'the training institution's report', but 'Sisnaker's
    report' (a proper name takes no article)."""
    said = _lower_first(name, proper)
    if said[:1].isupper() and said.split(" ", 1)[0].removesuffix("'s") in proper:
        return said
    return word("rules.after.one", lang, stage=said)


def proper_names(platform: Platform) -> frozenset[str]:
    """The words a stage name may start with that stay capitalised: the platform's names."""
    return frozenset(
        w
        for n in (platform.name, *platform.aliases)
        for w in n.replace("(", " ").replace(")", " ").split()
    )


def _join(items: list[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {word('rules.and', lang)} {items[-1]}"


def due_words(
    rule: DueRule | None,
    names: Mapping[str, Text],
    lang: str,
    proper: frozenset[str] = frozenset(),
) -> str:
    """A due rule in words; `names` gives each anchor stage's name (stage id -> Text), and
    `proper` the words that stay capitalised (proper_names)."""
    if rule is None:
        return word("rules.due.none", lang)
    stages = [_anchor(names[a].get(lang), lang, proper) if a in names else a for a in rule.after]
    if len(stages) == 1:
        after = stages[0]
    else:
        after = word("rules.after.many", lang, stages=_join(stages, lang))
    plural = "" if rule.days == 1 else "s"
    if rule.unit == "daily_batch":
        said = word("rules.due.daily_batch", lang, at=rule.at.strftime("%H:%M"), after=after)
        if rule.days:
            said = word("rules.due.then", lang, rule=said, days=rule.days, s=plural)
        return said
    if rule.days == 0 and rule.unit == "calendar_days":
        return word("rules.due.same_day", lang, after=after)
    return word(f"rules.due.{rule.unit}", lang, days=rule.days, after=after, s=plural)


def period_words(start: date | None, end: date | None, lang: str) -> str:
    """When a dated variant applies, both ends included: 'mulai 18 Maret 2021', ..."""
    if not start and not end:
        return word("rules_variant.always", lang)
    if start and end:
        return word(
            "rules.period.between",
            lang,
            start=format_date(start, lang),
            end=format_date(end, lang),
        )
    if start:
        return word("rules.period.from", lang, start=format_date(start, lang))
    return word("rules.period.until", lang, end=format_date(end, lang))


def _texts(mapping: Mapping[str, Text], lang: str) -> dict[str, str]:
    return {state: text.get(lang) for state, text in mapping.items()}


def _sources(rules: RuleSet, cites: Iterable, lang: str = "id") -> list[dict]:
    return [
        {**cite.as_json(lang), "title": rules.sources.get(cite.source, {}).get("title")}
        for cite in cites
    ]


def due_json(rule: DueRule | None) -> dict | None:
    """A due rule as data: its anchors, unit, days, daily cut-off and basis."""
    if rule is None:
        return None
    return {
        "after": list(rule.after),
        "unit": rule.unit,
        "days": rule.days,
        "at": rule.at.strftime("%H:%M") if rule.at else None,
        "basis": rule.basis,
    }


def _stage_rules(rules: RuleSet, platform: Platform, stage: Stage, lang: str) -> dict:
    names = {s.base.id: s.base.name for s in platform.stages}
    due = stage.due
    return {
        "due": due_json(due),
        "due_text": None
        if due is None and stage.owner == "participant"
        else due_words(due, names, lang, proper_names(platform)),
        "contact": dict(stage.contact),
        "contact_text": {
            state: rules.party(platform, party).name.get(lang)
            for state, party in stage.contact.items()
        },
        "findings": _texts(stage.findings, lang),
        "actions": {
            state: [a.get(lang) for a in actions] for state, actions in stage.actions.items()
        },
        "sources": _sources(rules, stage.cites, lang),
        "note": stage.note.get(lang) if stage.note else None,
    }


def _owner_words(rules: RuleSet, platform: Platform, owner: str, lang: str) -> str:
    """Who acts at a stage: the participant, the platform's institution, the platform, the PMO."""
    if owner == "platform":
        return platform.name
    if owner == "institution" and "institution" in platform.parties:
        return platform.parties["institution"].name.get(lang)
    return word(f"owner.{owner}", lang)


def platform_summary(platform: Platform) -> dict:
    """A platform in one line of `rules list`."""
    return {
        "platform": platform.id,
        "name": platform.name,
        "aliases": list(platform.aliases),
        "stages": [s.base.id for s in platform.stages],
        "examples": len(platform.examples),
        "file": platform.file,
    }


def rules_list_json(rules: RuleSet) -> dict:
    """What `rules list --json` prints."""
    return {
        "rules_version": rules.version,
        "directory": rules.directory,
        "platforms": [platform_summary(p) for _, p in sorted(rules.platforms.items())],
    }


def example_json(example) -> dict:
    return {
        "name": example.name,
        "inputs": dict(example.inputs),
        "as_of": example.as_of,
        "expect": {
            "verdict": example.verdict,
            "due": example.due.isoformat() if example.due else None,
            "contact": example.contact,
        },
        "where": example.where,
    }


def chain_json(rules: RuleSet, platform: Platform, chain: ChainVariant, lang: str) -> dict:
    """One chain variant: the case days it is for, its stages in order with their due rules
    (and bases), and the sources those rules cite."""
    names = {s.base.id: s.base.name for s in platform.stages}
    stages = []
    for stage_id in chain.stage_ids:
        rule = chain.due.get(stage_id)
        stages.append(
            {
                "stage": stage_id,
                "name": names[stage_id].get(lang),
                "due": due_json(rule),
                "due_text": due_words(rule, names, lang, proper_names(platform)) if rule else None,
                "sources": _sources(rules, rule.cites, lang) if rule else [],
            }
        )
    return {
        "from": chain.start.isoformat() if chain.start else None,
        "until": chain.end.isoformat() if chain.end else None,
        "period": period_words(chain.start, chain.end, lang),
        "confirmed_until": chain.confirmed_until.isoformat(),
        "confirmed_until_text": format_date(chain.confirmed_until, lang),
        "stages": stages,
        "sources": list(chain.sources),
    }


def platform_json(rules: RuleSet, platform: Platform, lang: str) -> dict:
    """What `rules show PLATFORM --json` prints: the chain, its due rules, contacts, variants."""
    stages = []
    for platform_stage in platform.stages:
        base = platform_stage.base
        variants = []
        for variant in platform_stage.variants:
            changed = [f for f in VARIANT_FIELDS if getattr(variant.stage, f) != getattr(base, f)]
            variants.append(
                {
                    "from": variant.start.isoformat() if variant.start else None,
                    "until": variant.end.isoformat() if variant.end else None,
                    "period": period_words(variant.start, variant.end, lang),
                    "changes": changed,
                    **_stage_rules(rules, platform, variant.stage, lang),
                }
            )
        stages.append(
            {
                "stage": base.id,
                "name": base.name.get(lang),
                "owner": base.owner,
                "owner_text": _owner_words(rules, platform, base.owner, lang),
                "input": base.input,
                "reminder": base.reminder,
                **_stage_rules(rules, platform, base, lang),
                "variants": variants,
            }
        )
    party_ids = [p for p in ("institution", "platform", "prakerja") if p in platform.parties]
    party_ids += [p for p in rules.parties if p not in party_ids]
    return {
        "platform": platform.id,
        "name": platform.name,
        "aliases": list(platform.aliases),
        "file": platform.file,
        "chains": [chain_json(rules, platform, chain, lang) for chain in platform.chains],
        "stages": stages,
        "parties": [party_json(rules.party(platform, p), lang) for p in party_ids],
        "examples": [example_json(e) for e in platform.examples],
        "rules_version": rules.version,
        "lang": lang,
    }


def check_json(directory: str, version: str | None, rules: RuleSet | None, results, problems):
    """What `rules check --json` prints."""
    return {
        "valid": not problems,
        "directory": directory,
        "rules_version": version,
        "platforms": sorted(rules.platforms) if rules else [],
        "examples": {
            "run": len(results),
            "passed": sum(1 for r in results if r.passed),
            "failed": sum(1 for r in results if not r.passed),
            "results": [r.as_json() for r in results],
        },
        "problems": [p.as_json() for p in problems],
    }
