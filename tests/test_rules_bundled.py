"""The bundled rule files: they say what DOMAIN.md section 4 says, quote the article word for word,
keep programme-wide facts in one place, and carry a rules_version that follows their content."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
import yaml
from domain_cases import STAGE_IDS
from rule_files import copy_rules

from sertifikat_cek.rules.loader import check_rules, load_rules
from sertifikat_cek.rules.location import bundled_rules_dir

RULES = bundled_rules_dir()
ARTICLE = RULES / "sources" / "000_eee7752bac351e71.txt"
RULE_FILES = [RULES / "prakerja.yaml", *sorted((RULES / "platforms").glob("*.yaml"))]


# DOMAIN.md section 4.2: each platform's chain variants (first and last case day, the last day
# its sources speak for) with their stages in order, and each due rule as (anchors, unit, days,
# batch time, basis).
def wd(anchors, days, basis="published"):
    return (tuple(anchors), "working_days", days, None, basis)


def cal(anchors, days):
    return (tuple(anchors), "calendar_days", days, None, "published")


OLD_UNTIL, NEW_FROM, LAST_CONFIRMED = date(2022, 11, 24), date(2022, 11, 25), date(2022, 12, 31)
TOKOPEDIA_BEFORE_CERTIFICATE = {
    "completion": None,
    "institution_report": wd(["completion"], 1, "customary"),
    "platform_report": wd(["institution_report"], 1),
}
BUKALAPAK_REPORTS = {
    "institution_report": cal(["completion"], 0),
    "platform_report": (("institution_report",), "daily_batch", 0, time(14, 0), "published"),
}
KEMNAKER_BEFORE_RATING = {"account_name": None, "completion": None, "institution_report": None}
DOMAIN_CHAINS = {
    "tokopedia": [
        (
            (None, OLD_UNTIL, OLD_UNTIL),
            {**TOKOPEDIA_BEFORE_CERTIFICATE, "certificate": wd(["platform_report"], 7)},
        ),
        (
            (NEW_FROM, None, LAST_CONFIRMED),
            {**TOKOPEDIA_BEFORE_CERTIFICATE, "certificate": wd(["platform_report"], 1)},
        ),
    ],
    "bukalapak": [
        (
            (None, OLD_UNTIL, OLD_UNTIL),
            {
                "completion": None,
                "rating": None,
                **BUKALAPAK_REPORTS,
                "certificate": wd(["completion", "rating"], 7),
            },
        ),
        (
            (NEW_FROM, None, LAST_CONFIRMED),
            {"completion": None, **BUKALAPAK_REPORTS, "certificate": wd(["platform_report"], 1)},
        ),
    ],
    "kemnaker": [
        (
            (None, date(2021, 3, 17), date(2021, 3, 17)),
            {
                **KEMNAKER_BEFORE_RATING,
                "rating": None,
                "platform_report": cal(["institution_report", "rating"], 1),
                "certificate": wd(["platform_report"], 7, "customary"),
            },
        ),
        (
            (date(2021, 3, 18), OLD_UNTIL, OLD_UNTIL),
            {
                **KEMNAKER_BEFORE_RATING,
                "rating": None,
                "platform_report": cal(["institution_report"], 1),
                "certificate": wd(["platform_report"], 7, "customary"),
            },
        ),
        (
            (NEW_FROM, None, LAST_CONFIRMED),
            {
                **KEMNAKER_BEFORE_RATING,
                "platform_report": cal(["institution_report"], 1),
                "certificate": wd(["platform_report"], 1),
            },
        ),
    ],
    "pijar-mahir": [
        (
            (None, OLD_UNTIL, OLD_UNTIL),
            {
                "completion": None,
                "rating": None,
                "certificate": wd(["completion", "rating"], 7, "customary"),
            },
        ),
        (
            (NEW_FROM, None, LAST_CONFIRMED),
            {"completion": None, "certificate": wd(["completion"], 3, "customary")},
        ),
    ],
}


def normalise(text: str) -> str:
    return " ".join(text.split())


def quotes(node, found: list[str]) -> list[str]:
    """Every value under a `quote` key, anywhere in a YAML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "quote":
                found.append(value)
            else:
                quotes(value, found)
    elif isinstance(node, list):
        for item in node:
            quotes(item, found)
    return found


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_bundled_rules_are_valid(rules) -> None:
    ruleset, problems = check_rules(RULES)
    assert problems == []
    assert sorted(ruleset.platforms) == sorted(DOMAIN_CHAINS)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_quote_is_in_the_article_word_for_word(path: Path) -> None:
    article = normalise(ARTICLE.read_text(encoding="utf-8"))
    found = quotes(load_yaml(path), [])
    assert found, f"{path.name} cites no sentence of the article"
    for quote in found:
        assert normalise(quote) in article, f"{path.name}: not in the article: {quote!r}"


def test_every_stage_is_defined_once_in_prakerja_yaml() -> None:
    programme = load_yaml(RULES / "prakerja.yaml")
    assert tuple(stage["id"] for stage in programme["stages"]) == STAGE_IDS


@pytest.mark.parametrize("platform_id", sorted(DOMAIN_CHAINS))
def test_each_platform_has_domains_chains_and_due_rules(rules, platform_id: str) -> None:
    chains = rules.platforms[platform_id].chains
    expected = DOMAIN_CHAINS[platform_id]
    assert [(c.start, c.end, c.confirmed_until) for c in chains] == [p for p, _ in expected]
    for chain, (_, stages) in zip(chains, expected, strict=True):
        assert chain.stage_ids == tuple(stages)
        assert chain.stage_ids[-1] == "certificate"
        for stage_id, due_rule in stages.items():
            due = chain.due.get(stage_id)
            got = None if due is None else (due.after, due.unit, due.days, due.at, due.basis)
            assert got == due_rule, (chain.start, stage_id)
        # every due rule says where it comes from
        assert all(due.cites for due in chain.due.values() if due is not None)


def test_kemnakers_rating_advice_changes_on_18_march_2021(rules) -> None:
    kemnaker = rules.platforms["kemnaker"]
    # A course finished in early March 2021: the advice follows the day it is asked about.
    chain = kemnaker.chain_on(date(2021, 3, 1))

    def rating_on(as_of_day: date):
        return next(s for s in kemnaker.stages_for(chain, as_of_day) if s.id == "rating")

    before, on, later = (
        rating_on(date(2021, 3, 17)),
        rating_on(date(2021, 3, 18)),
        rating_on(date(2024, 1, 1)),
    )
    assert before.actions != on.actions
    assert on == later
    assert "Sisnaker" in before.actions["missing"][0].id
    assert "dashboard Prakerja" in on.actions["missing"][0].id


@pytest.mark.parametrize("platform_id", sorted(DOMAIN_CHAINS))
def test_every_alias_in_a_platform_file_finds_that_platform(rules, platform_id: str) -> None:
    data = load_yaml(RULES / "platforms" / f"{platform_id}.yaml")
    for written in [platform_id, data["name"], *data["aliases"]]:
        for variant in (written, written.upper(), written.replace(" ", "_")):
            assert rules.platform(variant).id == platform_id


def test_programme_facts_live_once_in_prakerja_yaml() -> None:
    programme = load_yaml(RULES / "prakerja.yaml")
    channels = programme["parties"]["prakerja"]["channels"]
    assert "0800-150-3001" in [c["value"] for c in channels]
    assert {"web", "chat"} <= {c["kind"] for c in channels}
    for path in sorted((RULES / "platforms").glob("*.yaml")):
        data = load_yaml(path)
        assert "prakerja" not in (data.get("parties") or {}), path.name
        values = [c["value"] for p in (data.get("parties") or {}).values() for c in p["channels"]]
        assert not any("0800-150-3001" in str(v) or "prakerja.go.id" in str(v) for v in values)
        for stage in data["stages"]:  # what a stage is (input, owner) is said once
            assert not {"input", "owner", "answer", "never_done"} & set(stage), path.name


def test_every_message_has_indonesian_and_english(rules) -> None:
    for platform in rules.platforms.values():
        for platform_stage in platform.stages:
            for stage in (platform_stage.base, *(v.stage for v in platform_stage.variants)):
                texts = [stage.name, *stage.findings.values()]
                texts += [a for actions in stage.actions.values() for a in actions]
                for text in texts:
                    assert text.id.strip() and text.en.strip()
                    assert text.id != text.en or text.id in {"Tokopedia", "Bukalapak"}


# -- rules_version -------------------------------------------------------------------------------
def test_rules_version_is_stable_for_the_same_rules(tmp_path: Path, rules) -> None:
    copy = copy_rules(tmp_path)
    assert load_rules(copy).version == load_rules(RULES).version == rules.version
    assert len(rules.version) >= 8


def test_rules_version_changes_when_a_rule_file_changes(tmp_path: Path, rules) -> None:
    copy = copy_rules(tmp_path)
    path = copy / "platforms" / "tokopedia.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "aliases: [Tokopedia, Tokped]", "aliases: [Tokped]"
        ),
        encoding="utf-8",
    )
    changed = load_rules(copy).version
    assert changed != rules.version
    calendar = copy / "calendar.yaml"
    calendar.write_text(
        calendar.read_text(encoding="utf-8").replace(
            "add: []",
            'add:\n  - date: 2021-03-15\n    name: Libur percobaan\n    decree: "uji"',
        ),
        encoding="utf-8",
    )
    assert load_rules(copy).version not in (changed, rules.version)


def test_diagnose_reports_the_rules_version_of_the_rules_dir(tmp_path: Path, run_cli, rules):
    copy = copy_rules(tmp_path)
    args = ("diagnose", "-p", "tokopedia", "--as-of", "2021-03-12", "--json")
    bundled = json.loads(run_cli(*args).stdout)
    assert bundled["rules_version"] == rules.version
    path = copy / "platforms" / "tokopedia.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    via_option = json.loads(run_cli(*args, "--rules-dir", copy).stdout)
    via_env = json.loads(run_cli(*args, env={"SERTIFIKAT_CEK_RULES_DIR": str(copy)}).stdout)
    assert via_option["rules_version"] == via_env["rules_version"] != rules.version
