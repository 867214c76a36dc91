"""DOMAIN.md section 6 as properties of every message: the human report, the JSON finding and
actions, and the --reply text, for every platform, chain variant, stage and state the rules can
reach, in Indonesian and English (an exhaustive grid over input kinds and as-of offsets, and
hypothesis cases over every input kind)."""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache

import pytest
from domain_strategies import case_is_valid, cases
from hypothesis import HealthCheck, given, settings

from sertifikat_cek.calendar.dates import format_date, parse_moment
from sertifikat_cek.decide.case_input import build_case
from sertifikat_cek.decide.explain import FIRST_WARNINGS, decide, due_basis, state_key
from sertifikat_cek.decide.replies import load_replies, reply_text
from sertifikat_cek.decide.report import diagnosis_json
from sertifikat_cek.errors import InputError
from sertifikat_cek.rules.loader import load_rules_cached
from sertifikat_cek.rules.location import bundled_rules_dir, working_calendar
from sertifikat_cek.rules.platform_reader import reachable_states
from sertifikat_cek.texts import text

LANGS = ("id", "en")
# one case day per chain variant: Kemnaker's rating in Sisnaker, the 2021 rules, the 2022 rules,
# a case day after the sources stop (rules_unconfirmed)
CASE_DAYS = (date(2021, 3, 1), date(2021, 4, 5), date(2022, 12, 5), date(2025, 3, 3))
AS_OF_OFFSETS = (0, 1, 3, 12, 60)  # days after the last dated input's day
KINDS = (None, "yes", "no", "date", "datetime")

ENGLISH_WORDS = (" the ", "overdue", "report", "deadline", "waiting", "unknown")
INDONESIAN_WORDS = ("belum", "sudah", "laporan", "batas waktu", "hubungi")
CODE_PATTERN = re.compile(
    r"_missing|_unknown|_overdue|_waiting|_done|institution_report|platform_report|account_name"
    r"|\bname_matches\b|\b(completion|rating|certificate)_"
)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}
ADDRESSING = {
    "id": re.compile(r"\b(Tanyakan kepada|Hubungi|hubungi|Minta|Laporkan)\b"),
    "en": re.compile(r"\b(Ask|Contact|Report to)\b"),
}
COUNT_WORKING = {"id": re.compile(r"\d+ hari kerja lagi"), "en": re.compile(r"\d+ working days? ")}
COUNT_CALENDAR = {
    "id": re.compile(r"\d+ hari lagi"),
    "en": re.compile(r"\d+ (?:calendar )?days? (?:left|from now)"),
}
LATE = {"id": re.compile(r"terlambat", re.I), "en": re.compile(r"\b(overdue|late)\b", re.I)}
BOXES = str.maketrans(dict.fromkeys("─│╭╮╰╯┏┓┗┛━┃┡┩┠┨┯┷┳┻╇╈┼├┤┬┴┌┐┘└", " "))
QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"")


@lru_cache(maxsize=1)
def _setup():
    directory = bundled_rules_dir()
    rules = load_rules_cached(directory)
    return rules, working_calendar(directory), load_replies(rules)


def _stage_inputs(platform, chain):
    by_id = {s.base.id: s.base for s in platform.stages}
    return [by_id[i] for i in chain.stage_ids if by_id[i].input]


@lru_cache(maxsize=1)
def grid():
    """Every input kind of every input of each chain variant, at a few as-of offsets: the
    diagnoses, one for each distinct way a case can read (verdict, states, contact, warnings)."""
    rules, calendar, _replies = _setup()
    seen: dict[tuple, object] = {}
    for platform_id, platform in sorted(rules.platforms.items()):
        for case_day in CASE_DAYS:
            chain = platform.chain_on(case_day)
            stages = _stage_inputs(platform, chain)
            choices = []
            for position, stage in enumerate(stages):
                if stage.answer != "date":
                    choices.append((None, "yes", "no"))
                    continue
                day = case_day + timedelta(days=position)
                values = {
                    None: None,
                    "yes": "yes",
                    "no": "no",
                    "date": day.isoformat(),
                    "datetime": f"{day.isoformat()} 15:00",
                }
                choices.append(tuple(values[k] for k in KINDS))
            for combo in itertools.product(*choices):
                raw = {s.input: v for s, v in zip(stages, combo, strict=True) if v is not None}
                dated = [p for p, v in enumerate(combo) if v not in (None, "yes", "no")]
                last = case_day + timedelta(days=max(dated, default=0))
                for offset in AS_OF_OFFSETS:
                    as_of = (last + timedelta(days=offset)).isoformat()
                    try:
                        diagnosis = decide(
                            rules,
                            build_case(rules, platform_id, raw, parse_moment(as_of)),
                            calendar,
                        )
                    except InputError:
                        continue
                    seen.setdefault(_signature(diagnosis), diagnosis)
    return tuple(seen.values())


def _signature(diagnosis) -> tuple:
    assessment = diagnosis.assessment
    return (
        diagnosis.platform.id,
        assessment.chain.start,
        diagnosis.verdict,
        state_key(diagnosis.outcome),
        diagnosis.contact.id if diagnosis.contact else None,
        tuple(state_key(o) for o in diagnosis.stages),
        tuple(sorted({w.code for w in diagnosis.warnings})),
        assessment.certificate_by is None,
        None if diagnosis.due is None else (diagnosis.due - diagnosis.as_of.day).days > 0,
    )


def human(diagnosis, lang: str, width: int = 250, plain: bool = False) -> str:
    """The human report as printed (wide, so that a sentence stays on one line)."""
    from rich.console import Console

    import sertifikat_cek.render.diagnosis as module
    from sertifikat_cek.info.programme import load_info

    rules, _calendar, _replies = _setup()
    buffer = io.StringIO()
    original = module.console
    module.console = lambda stderr=False, plain=False: Console(
        file=buffer, width=width, no_color=True, highlight=False, emoji=False
    )
    try:
        consequence = load_info(bundled_rules_dir()).consequence
        module.render_diagnosis(
            diagnosis,
            rules,
            lang,
            consequence=(consequence.title.get(lang), consequence.text.get(lang)),
            plain=plain,
        )
    finally:
        module.console = original
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())


@lru_cache(maxsize=1)
def _titles() -> re.Pattern:
    """The sources' own titles (not those `described` in each language) and publishers, across
    line breaks."""
    rules = _setup()[0]
    names = {
        source.get(key)
        for source in rules.sources.values()
        for key in ("title", "publisher")
        if not (key == "title" and "described" in source)
    } - {None, ""}
    spaced = (r"\s+".join(map(re.escape, name.split())) for name in names)
    return re.compile("|".join(sorted(spaced, key=len, reverse=True)))


def _prose(message: str, rules) -> str:
    """A message without what is Indonesian by design: quoted source lines and source titles."""
    kept = _titles().sub(" ", QUOTED.sub(" ", message))
    return kept.translate(BOXES)


def _sentences(message: str) -> list[str]:
    found = []
    for line in message.splitlines():
        line = re.sub(r"^\s*(\d+\.|-)\s+", "", line)
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            normal = " ".join(sentence.casefold().split()).rstrip(".!?;:, ")
            if len(normal.split()) >= 4:
                found.append(normal)
    return found


def check_message(message: str, diagnosis, lang: str, kind: str) -> None:
    """DOMAIN.md 6 for one message of `kind` (human, finding, actions, reply)."""
    rules, _calendar, _replies = _setup()
    where = f"{kind} ({lang}) of {diagnosis.platform.id} {diagnosis.verdict}:\n{message}"
    prose = _prose(message, rules)
    assert not PLACEHOLDER.search(message), f"unfilled placeholder in {where}"
    counted = Counter(_sentences(prose))
    twice = {s for s, n in counted.items() if n > 1}
    assert not twice, f"said twice {twice} in {where}"
    assert not CODE_PATTERN.search(prose), f"internal code in {where}"
    words = ENGLISH_WORDS if lang == "id" else INDONESIAN_WORDS
    hits = [w for w in words if w in f" {prose.casefold()} "]
    assert not hits, f"{hits} in {where}"
    assert not ISO_DATE.search(prose), f"ISO date in prose of {where}"
    other = MONTHS["en" if lang == "id" else "id"].split()
    own = set(MONTHS[lang].split())
    for month in re.findall(r"\b\d{1,2} ([A-Z][a-z]+) \d{4}\b", prose):
        assert month in own and month not in set(other) - own, f"{month} in {where}"
    # one count per date, in the rule's unit
    unit = diagnosis.outcome.stage.due.unit if diagnosis.outcome.stage.due else None
    working, calendar_count = COUNT_WORKING[lang].search(prose), COUNT_CALENDAR[lang].search(prose)
    assert not (working and calendar_count), f"two counts for one date in {where}"
    if unit == "working_days":
        assert not calendar_count, f"calendar days for a working-day rule in {where}"
    elif unit is not None:
        assert not working, f"working days for a {unit} rule in {where}"
    if lang == "en":
        assert "(s)" not in prose, f"'(s)' in {where}"
        assert not re.search(r"\b1 (working |calendar )?days\b", prose), f"plural of 1 in {where}"
        assert not re.search(r"\b(0|[2-9]|\d\d+) (working |calendar )?day\b", prose), where
    published_late = any(
        o.state == "overdue" and due_basis(o) == "published" for o in diagnosis.stages
    )
    if not published_late:
        assert not LATE[lang].search(prose), f"late without a published deadline in {where}"
    # claims follow states
    if "tidak ada batas waktu" in prose or "no deadline" in prose:
        assert diagnosis.outcome.stage.due is None, f"a deadline exists: {where}"
    if "belum bisa dihitung" in prose or "cannot be worked out" in prose:
        assert diagnosis.outcome.stage.due is not None, f"no rule gives a deadline: {where}"
    states = {o.stage.id: o.state for o in diagnosis.stages}
    claims = [s for s in counted if not re.search(r"\b(apakah|kapan|whether|when)\b", s)]
    for claim in claims:
        if "sudah diteruskan" in claim or "has been passed on" in claim:
            assert states.get("platform_report") == "done", f"{claim!r} in {where}"
        if "sebelumnya sudah berjalan" in claim or "earlier steps have happened" in claim:
            verdict_at = [o.stage.id for o in diagnosis.stages].index(diagnosis.stage)
            assert all(o.state == "done" for o in diagnosis.stages[:verdict_at]), where
        if "sedang diproses" in claim or "being processed" in claim:
            verdict_at = [o.stage.id for o in diagnosis.stages].index(diagnosis.stage)
            assert verdict_at and diagnosis.stages[verdict_at - 1].state == "done", where


def check_contact(diagnosis, lang: str, report: str, actions: list[str], reply: str) -> None:
    """One voice: whom to contact, with its channels, or 'no one to contact yet' and no party
    addressed (6.1)."""
    nobody = text("no_contact", lang)
    where = f"({lang}) {diagnosis.platform.id} {diagnosis.verdict}"
    if diagnosis.contact is None:
        assert nobody in report, f"no 'no one to contact' line in the report {where}"
        for action in actions:
            assert not ADDRESSING[lang].search(action), f"{action!r} addresses a party {where}"
        steps = [line for line in reply.splitlines() if re.match(r"\d+\. ", line)]
        for step in steps:
            assert not ADDRESSING[lang].search(step), f"{step!r} addresses a party {where}"
    else:
        assert nobody not in report, where
        for channel in diagnosis.contact.channels:
            assert channel.value in report, f"{channel.value} not in the report {where}"
            assert channel.value in reply, f"{channel.value} not in the reply {where}"


def check_reply(diagnosis, lang: str, reply: str) -> None:
    thanks = "terima kasih" if lang == "id" else "thank you"
    hello = "halo" if lang == "id" else "hello"
    folded = reply.casefold()
    assert folded.count(thanks) == 1, f"thanks {folded.count(thanks)} times:\n{reply}"
    assert folded.count(hello) == 1, reply
    # dates in the wrong order, or contradicted, are never stated as facts
    said_on = " pada " if lang == "id" else " on "
    involved = set()
    for warning in diagnosis.warnings:
        if warning.code == "out_of_order":
            involved |= {warning.facts["earlier"].get(lang), warning.facts["later"].get(lang)}
        if warning.code == "contradiction":
            involved |= {warning.facts["stage"].get(lang), warning.facts["later"].get(lang)}
    for name in involved:
        assert f"{name}{said_on}" not in reply, f"{name} stated as a fact:\n{reply}"
    # what happens next (6.7): when to check again, and the projected certificate date
    if diagnosis.due is not None and diagnosis.state == "waiting":
        assert format_date(diagnosis.due, lang) in reply, reply
    if diagnosis.assessment.certificate_by is not None:
        assert format_date(diagnosis.assessment.certificate_by, lang) in reply, reply


def check_report_order(diagnosis, lang: str, report: str) -> None:
    """Warnings first (6.5): a first warning comes before the finding."""
    first = [w for w in diagnosis.warnings if w.code in FIRST_WARNINGS]
    if first:
        heading = text("warnings", lang)
        assert report.index(heading) < report.index(diagnosis.say(diagnosis.finding, lang)[:30])


def check_all(diagnosis, report: bool = True) -> set[tuple]:
    """Every message of a diagnosis in both languages (the human report only with `report`);
    the (platform, variant, stage, state, language) combinations it shows."""
    rules, _calendar, replies = _setup()
    shown = set()
    for lang in LANGS:
        data = diagnosis_json(diagnosis, rules, lang)
        reply = reply_text(diagnosis, replies, lang)
        check_message(data["finding"], diagnosis, lang, "finding")
        check_message("\n".join(data["actions"]), diagnosis, lang, "actions")
        check_message(reply, diagnosis, lang, "reply")
        check_reply(diagnosis, lang, reply)
        if report:
            printed = human(diagnosis, lang)
            check_message(printed, diagnosis, lang, "report")
            check_contact(diagnosis, lang, printed, data["actions"], reply)
            check_report_order(diagnosis, lang, printed)
        chain = diagnosis.assessment.chain
        for outcome in diagnosis.stages:
            shown.add((diagnosis.platform.id, chain.start, outcome.stage.id, outcome.state, lang))
    return shown


def reachable() -> set[tuple]:
    """(platform, variant, stage, state, language) that the rules can reach (DOMAIN.md 5)."""
    rules, _calendar, _replies = _setup()
    found = set()
    for platform_id, platform in rules.platforms.items():
        by_id = {s.base.id: s.base for s in platform.stages}
        for chain in platform.chains:
            for stage_id in chain.stage_ids:
                for state in reachable_states(by_id[stage_id], chain.due.get(stage_id)):
                    for lang in LANGS:
                        found.add((platform_id, chain.start, stage_id, state, lang))
    return found


def _shows(diagnosis) -> set[tuple]:
    chain = diagnosis.assessment.chain
    return {(diagnosis.platform.id, chain.start, o.stage.id, o.state) for o in diagnosis.stages}


def test_every_reachable_stage_and_state_reads_right_in_both_languages():
    """The JSON texts and the reply of every distinct case of the grid; the human report (rich,
    slower) of one case for each verdict, contact, first warning and projection, and of any
    case that shows a (stage, state) no report has shown yet."""
    shown: set[tuple] = set()
    printed: set[tuple] = set()
    kinds: set[tuple] = set()
    for diagnosis in grid():
        kind = (
            diagnosis.platform.id,
            diagnosis.assessment.chain.start,
            diagnosis.verdict,
            state_key(diagnosis.outcome),
            diagnosis.contact.id if diagnosis.contact else None,
            any(w.code in FIRST_WARNINGS for w in diagnosis.warnings),
            diagnosis.assessment.certificate_by is None,
        )
        report = kind not in kinds or not _shows(diagnosis) <= printed
        shown |= check_all(diagnosis, report=report)
        if report:
            kinds.add(kind)
            printed |= _shows(diagnosis)
    missing = reachable() - shown
    assert not missing, f"not reached by the grid: {sorted(missing, key=str)}"
    assert len(shown) >= len(reachable())
    # every reachable (platform, variant, stage, state) was in a human report too
    assert {key[:4] for key in reachable()} <= printed


def test_every_verdict_reads_right():
    """Each (platform, variant, verdict) the grid reaches, counted: at least one per verdict state
    of each chain's certificate."""
    verdicts = {(d.platform.id, d.assessment.chain.start, d.verdict) for d in grid()}
    certificates = {v for v in verdicts if v[2].startswith("certificate_")}
    assert len({(p, c) for p, c, _v in certificates}) == sum(
        len(p.chains) for p in _setup()[0].platforms.values()
    )


def _as_text(value):
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


INPUT_OF = {
    "completion": "completed",
    "rating": "rated",
    "institution_report": "institution_reported",
    "platform_report": "platform_reported",
    "account_name": "name_matches",
}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(allow_invalid=False))
def test_hypothesis_cases_read_right(case):
    platform, inputs, as_of = case
    if not case_is_valid(inputs, as_of):
        return
    rules, calendar, _replies = _setup()
    raw = {INPUT_OF[s]: _as_text(v) for s, v in inputs.items() if v is not None}
    try:
        diagnosis = decide(
            rules, build_case(rules, platform, raw, parse_moment(_as_text(as_of))), calendar
        )
    except InputError:
        return
    check_all(diagnosis)


@pytest.mark.parametrize(
    ("args", "absent", "present"),
    [
        # the issue's cases
        (
            [
                "-p",
                "bukalapak",
                "--completed",
                "2021-03-05 15:00",
                "--rated",
                "2021-03-05 15:10",
                "--institution-reported",
                "2021-03-05 16:00",
                "--as-of",
                "2021-03-06 13:00",
            ],
            ["sudah diteruskan"],
            [],
        ),
        (
            ["-p", "tokopedia", "--platform-reported", "sudah", "--as-of", "2021-03-20"],
            ["tidak ada batas waktu"],
            ["belum bisa dihitung"],
        ),
    ],
)
def test_the_issues_cases(run_cli, args, absent, present):
    result = run_cli("diagnose", *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    for phrase in absent:
        assert phrase not in result.stdout
    for phrase in present:
        assert phrase in result.stdout


def test_the_issues_replies_and_reports_read_as_one_message(run_cli):
    pijar = run_cli(
        "diagnose", "-p", "pijar-mahir", "--completed", "2021-03-01", "--rated", "2021-03-01",
        "--as-of", "2021-04-01", "--reply",
    ).stdout  # fmt: skip
    assert pijar.casefold().count("terima kasih") == 1
    assert "sebelumnya sudah berjalan" not in pijar
    assert pijar.count("secara berkala") == 1
    assert "terlambat" not in pijar  # a customary deadline: "lebih lama dari biasanya"
    tokopedia = run_cli(
        "diagnose", "-p", "tokopedia", "--completed", "2021-03-05", "--institution-reported",
        "yes", "--platform-reported", "no", "--as-of", "2021-03-20",
    ).stdout  # fmt: skip
    assert "Belum perlu menghubungi siapa pun" not in tokopedia
    assert "https://www.tokopedia.com/help" in tokopedia
    assert "institution_report" not in tokopedia and "platform_report" not in tokopedia
    english = run_cli(
        "diagnose", "-p", "tokopedia", "--completed", "2021-03-05", "--as-of", "2021-03-05",
        "--lang", "en",
    ).stdout  # fmt: skip
    assert "(s)" not in english and "1 working day left" in english


@pytest.mark.parametrize("plain", [False, True])
def test_a_narrow_terminal_wraps_every_sentence_at_words(plain):
    """At 60 columns no line is longer, and each finding, action and warning reads whole once the
    lines are joined (rich wraps at words, the terminal never cuts one)."""
    rules = _setup()[0]
    for diagnosis in grid()[::80]:
        for lang in LANGS:
            printed = human(diagnosis, lang, width=60, plain=plain)
            lines = printed.splitlines()
            assert max(len(line) for line in lines) <= 60, printed
            if plain:
                assert not set("╭╮╰╯│┃━┏┓┡┩└┘") & set(printed)
            joined = " ".join(printed.translate(BOXES).split())
            data = diagnosis_json(diagnosis, rules, lang)
            for said in [
                data["finding"],
                *data["actions"],
                *(w["message"] for w in data["warnings"]),
            ]:
                assert " ".join(said.split()) in joined, f"{said!r} cut in:\n{printed}"
