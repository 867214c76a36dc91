"""`sertifikat-cek info incentives|registration|contacts`: text and JSON from rules/info.yaml and
the rule files' parties, checked against DOMAIN.md sections 6 and 7 and the source article."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rule_files import copy_rules, edit, first_problem

from sertifikat_cek.info.money import format_rupiah
from sertifikat_cek.info.reader import check_info
from sertifikat_cek.rules.location import bundled_rules_dir

RULES = bundled_rules_dir()
ARTICLE = (RULES / "sources" / "000_eee7752bac351e71.txt").read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    return " ".join(text.split()).casefold()


def ok(run_cli, *args: str):
    result = run_cli("info", *args)
    assert result.exit_code == 0, result.stderr
    return result


def info_json(run_cli, *args: str) -> dict:
    return json.loads(ok(run_cli, *args, "--json").stdout)


def one_line_error(result, *names: str) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for name in names:
        assert name in lines[0]
    return lines[0]


def rupiah(amount: int) -> str:
    """The test's own Indonesian writing of an amount: groups of three digits joined by dots."""
    groups = []
    while True:
        amount, rest = divmod(amount, 1000)
        groups.append(f"{rest:03d}" if amount else str(rest))
        if not amount:
            break
    return "Rp" + ".".join(reversed(groups))


# -- amounts ---------------------------------------------------------------------------------------
@given(st.integers(min_value=0, max_value=10**15))
def test_amounts_are_written_the_indonesian_way(amount: int) -> None:
    written = format_rupiah(amount)
    assert written == rupiah(amount)
    assert int(written.removeprefix("Rp").replace(".", "")) == amount
    assert re.fullmatch(r"Rp\d{1,3}(\.\d{3})*", written)


def test_known_amounts() -> None:
    assert format_rupiah(600000) == "Rp600.000"
    assert format_rupiah(50000) == "Rp50.000"
    assert format_rupiah(0) == "Rp0"
    assert format_rupiah(-1500) == "-Rp1.500"
    with pytest.raises(TypeError):
        format_rupiah(1.5)


# -- incentives (DOMAIN.md section 7) --------------------------------------------------------------
SCHEME_2020 = 600_000 * 4 + 50_000 * 3  # a month for four months, and three surveys
SCHEME_2023 = 600_000 + 100_000  # once, and two surveys


def test_incentives_text_gives_both_schemes_with_amounts_and_totals(run_cli) -> None:
    text = ok(run_cli, "incentives").stdout
    for amount in ("Rp600.000", "Rp50.000", "Rp100.000", rupiah(SCHEME_2020), rupiah(SCHEME_2023)):
        assert amount in text
    assert "per bulan selama 4 bulan" in text
    assert "3 survei" in text and "dua survei" in text
    assert "pelatihan pertama" in text  # the condition, and the consequence


def test_incentives_for_a_year_give_the_scheme_in_force(run_cli) -> None:
    for year, scheme, total in (("2021", "2020-2022", SCHEME_2020), ("2023", "2023", SCHEME_2023)):
        data = info_json(run_cli, "incentives", "--year", year)
        assert [s["id"] for s in data["schemes"]] == [scheme]
        assert data["schemes"][0]["total"] == total
        assert data["schemes"][0]["total_text"] == rupiah(total)
    assert [s["id"] for s in info_json(run_cli, "incentives", "--year", "2030")["schemes"]] == [
        "2023"
    ]
    one_line_error(run_cli("info", "incentives", "--year", "2019"), "--year", "2019", "2020")
    one_line_error(run_cli("info", "incentives", "--year", "soon"), "--year")


def test_incentives_json_has_amounts_as_numbers_and_text_and_their_sources(run_cli) -> None:
    data = info_json(run_cli, "incentives", "--lang", "en")
    first = data["schemes"][0]
    job = next(p for p in first["payments"] if p["times"] == 4)
    assert (job["amount"], job["amount_text"], job["total"]) == (600_000, "Rp600.000", 2_400_000)
    assert "a month for 4 months" in job["text"]
    quotes = [s["quote"] for s in first["sources"] if s.get("quote")]
    assert quotes and all(squeeze(q) in squeeze(ARTICLE) for q in quotes)
    assert data["lang"] == "en" and "first course" in data["consequence"]


# -- registration (the article's steps) ------------------------------------------------------------
def article_registration_steps() -> list[str]:
    """The bullet lines of the article's "Cara Daftar Prakerja" part, read independently."""
    part = ARTICLE[ARTICLE.index("Daftar Akun Prakerja") : ARTICLE.index("(*)")]
    steps, current = [], None
    for line in part.splitlines():
        if line.startswith("- "):
            current = line[2:].strip()
            steps.append(current)
        elif current is not None and line.strip() and steps and not line.startswith("Tahapan"):
            steps[-1] += " " + line.strip()  # a step broken over two lines
    return steps


def test_registration_gives_every_step_of_the_article_in_order(run_cli) -> None:
    data = info_json(run_cli, "registration")
    steps = [step for section in data["sections"] for step in section["steps"]]
    expected = article_registration_steps()
    assert len(steps) == len(expected) == 20
    for step, sentence in zip(steps, expected, strict=True):
        assert squeeze(step["source"]["quote"]) in squeeze(sentence)
    assert data["website"] == "https://www.prakerja.go.id"
    text = ok(run_cli, "registration").stdout
    assert "20. " in text and "Gelombang" in text and "Anda" in text
    english = ok(run_cli, "registration", "--lang", "en").stdout
    assert "Create a Prakerja account" in english


# -- contacts (DOMAIN.md section 6, and the rule files) --------------------------------------------
DOMAIN_CONTACTS = (
    "0800-150-3001",
    "info@prakerja.go.id",
    "021-508 13333",
    "+62 821 1111 3630",
    "021-508 16000",
    "tokopedia.com/help",
    "tokopedia.com/help/article/lembaga-kartu-prakerja",
    "kelembagaan.kemnaker.go.id",
)


def rule_file_channels() -> dict[str, list[str]]:
    """Every channel value in the rule files, by platform id ('' for the programme)."""
    found = {"": []}
    for party in yaml.safe_load((RULES / "prakerja.yaml").read_text("utf-8"))["parties"].values():
        found[""] += [str(c["value"]) for c in party.get("channels") or []]
    for path in sorted((RULES / "platforms").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        found[path.stem] = [
            str(c["value"])
            for party in (data.get("parties") or {}).values()
            for c in party.get("channels") or []
        ]
    return found


def test_contacts_list_every_known_channel_of_the_platforms_and_the_pmo(run_cli) -> None:
    text = ok(run_cli, "contacts").stdout
    for value in DOMAIN_CONTACTS:
        assert value in text
    for values in rule_file_channels().values():
        for value in values:
            assert value in text
    data = info_json(run_cli, "contacts")
    listed = {p["platform"] for p in data["platforms"]}
    assert listed == {path.stem for path in (RULES / "platforms").glob("*.yaml")}
    assert [p["party"] for p in data["programme"]] == ["prakerja"]


def test_contacts_of_one_platform_by_alias_keep_the_pmo(run_cli) -> None:
    data = info_json(run_cli, "contacts", "Sisnaker")
    assert [p["platform"] for p in data["platforms"]] == ["kemnaker"]
    values = [c["value"] for p in data["platforms"][0]["parties"] for c in p["channels"]]
    assert values == rule_file_channels()["kemnaker"]
    assert "0800-150-3001" in [c["value"] for c in data["programme"][0]["channels"]]
    text = ok(run_cli, "contacts", "tokped", "--lang", "en").stdout
    assert "Tokopedia Help Centre" in text and "Bukalapak" not in text
    line = one_line_error(run_cli("info", "contacts", "tokopdia"), "PLATFORM")
    assert "tokopedia" in line


def test_info_without_a_subcommand_shows_its_help(run_cli) -> None:
    result = run_cli("info")
    assert "incentives" in result.stdout + result.stderr
    assert "registration" in result.stdout + result.stderr


# -- info.yaml is checked like the other rule files ------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "        amount: 50000\n",
            "        amount: 50000\n        currency: IDR\n",
            "unknown key 'currency'",
        ),
        (
            ', en: "The 2020–2022 scheme"',
            ', eng: "The 2020–2022 scheme"',
            "missing translation 'en'",
        ),
        ("{amount} per bulan", "{jumlah} per bulan", "unknown placeholder {jumlah}"),
        ("perbulan selama 4 (empat) bulan", "per bulan selama 4 bulan", "not found word for word"),
        ("    from: 2023\n", "    from: 2022\n", "overlaps"),
        (
            "        amount: 600000\n        times: 4",
            "        amount: -5\n        times: 4",
            "whole number",
        ),
    ],
)
def test_a_mistake_in_info_yaml_is_reported_with_its_line(tmp_path, old, new, expected) -> None:
    rules = copy_rules(tmp_path)
    edit(rules, "info.yaml", old, new)
    file, line, _ = first_problem(check_info(rules), expected)
    assert file.endswith("info.yaml") and line > 1


def test_the_bundled_info_has_no_problems_and_a_rule_dir_without_it_uses_the_bundled(
    run_cli, tmp_path: Path
) -> None:
    assert check_info(RULES) == []
    rules = copy_rules(tmp_path)
    (rules / "info.yaml").unlink()
    assert check_info(rules) == []
    assert "Rp600.000" in ok(run_cli, "incentives", "--rules-dir", str(rules)).stdout
