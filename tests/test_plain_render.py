"""The plain report without rich (render.plain) is the text rich prints for it, character for
character: for every bundled example and generated case in both languages, for wrapped text
of any shape and for tables; and where it is not sure, rich draws the report as before."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from datetime import date, datetime

import pytest
from domain_strategies import case_is_valid, cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from sertifikat_cek.calendar.dates import parse_moment
from sertifikat_cek.decide.case_input import build_case
from sertifikat_cek.decide.explain import decide
from sertifikat_cek.render import diagnosis as render
from sertifikat_cek.render.plain import PIPE_WIDTH, Unsure, _table, lay_out, wrap
from sertifikat_cek.rules.loader import load_rules
from sertifikat_cek.rules.location import bundled_rules_dir, working_calendar

BUNDLED = load_rules(bundled_rules_dir())
CALENDAR = working_calendar(bundled_rules_dir())
EXAMPLES = [
    pytest.param(platform.id, example, id=f"{platform.id}: {example.name}")
    for _, platform in sorted(BUNDLED.platforms.items())
    for example in platform.examples
]
INPUT_OF = {
    "completion": "completed",
    "rating": "rated",
    "institution_report": "institution_reported",
    "platform_report": "platform_reported",
    "account_name": "name_matches",
}
CONSEQUENCE = (
    "Insentif",
    "Bila ini pelatihan pertama Anda: sertifikat inilah yang membuka insentif",
)


def ours(parts) -> str:
    """What render_diagnosis prints with --plain in a pipe: render.plain's layout, or rich's
    where render.plain is not sure."""
    try:
        return lay_out(parts, PIPE_WIDTH)
    except Unsure:
        return by_rich(parts)


def by_rich(parts) -> str:
    """What rich prints for the parts with --plain in a pipe (100 columns)."""
    with redirect_stdout(io.StringIO()) as out:
        render.draw_with_rich(parts, plain=True)
    return out.getvalue()


def rich_console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, no_color=True, highlight=False, emoji=False)


def as_text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("platform", "example"), EXAMPLES)
def test_every_bundled_example_is_laid_out_as_rich_does(
    rules, calendar, platform, example, lang
) -> None:
    case = build_case(rules, platform, dict(example.inputs), parse_moment(example.as_of))
    parts = render.report_parts(decide(rules, case, calendar), rules, lang, CONSEQUENCE)
    assert lay_out(parts, PIPE_WIDTH) == by_rich(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(allow_invalid=False), lang=st.sampled_from(["id", "en"]))
def test_generated_cases_are_laid_out_as_rich_does(case, lang) -> None:
    platform, inputs, as_of = case
    if not case_is_valid(inputs, as_of):
        return
    raw = {INPUT_OF[stage]: as_text(v) for stage, v in inputs.items() if v is not None}
    case = build_case(BUNDLED, platform, raw, parse_moment(as_text(as_of)))
    parts = render.report_parts(decide(BUNDLED, case, CALENDAR), BUNDLED, lang, CONSEQUENCE)
    assert ours(parts) == by_rich(parts)


def test_most_reports_are_laid_out_without_rich() -> None:
    """The bundled examples in both languages: rich is needed for a few at most."""
    unsure = 0
    for param in EXAMPLES:
        platform, example = param.values
        case = build_case(BUNDLED, platform, dict(example.inputs), parse_moment(example.as_of))
        for lang in ("id", "en"):
            parts = render.report_parts(decide(BUNDLED, case, CALENDAR), BUNDLED, lang)
            try:
                lay_out(parts, PIPE_WIDTH)
            except Unsure:
                unsure += 1
    assert unsure <= len(EXAMPLES) // 10


WORDS = st.text(alphabet="ab .-\n\xa0éß“”", min_size=0, max_size=160)


@settings(max_examples=600, deadline=None)
@given(said=WORDS, width=st.integers(1, 120))
def test_wrapping_is_rich_wrapping(said: str, width: int) -> None:
    lines = RichText(said).wrap(rich_console(120), width, overflow="fold")
    assert wrap(said, width) == [line.plain for line in lines]


@settings(max_examples=600, deadline=None)
@given(said=WORDS.filter(lambda s: "[" not in s))
def test_a_printed_line_is_what_console_print_writes(said: str) -> None:
    out = rich_console(PIPE_WIDTH)
    out.print(said, markup=False)
    assert lay_out([("line", said, "bold", False)]) == out.file.getvalue()


CELLS = st.text(alphabet="ab ·é-", min_size=0, max_size=30)


@settings(max_examples=400, deadline=None)
@given(
    title=st.text(alphabet="ab ", min_size=1, max_size=40),
    headers=st.lists(st.text(alphabet="abc ", min_size=1, max_size=14), min_size=4, max_size=4),
    rows=st.lists(st.lists(CELLS, min_size=4, max_size=4), max_size=6),
)
def test_a_table_that_fits_is_rich_table(title: str, headers, rows) -> None:
    try:
        ours = _table(title, tuple(headers), [(tuple(r), "") for r in rows], PIPE_WIDTH)
    except Unsure:
        return
    table = Table(title=title, title_justify="left", box=None, show_edge=False, pad_edge=False)
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    out = rich_console(PIPE_WIDTH)
    out.print(table)
    assert "".join(line + "\n" for line in ours) == out.file.getvalue()


@pytest.mark.parametrize(
    "said",
    ["tab\there", "wide 漢字", "combining e\u0301", "[bold]markup[/bold]", "zero\u200bwidth"],
)
def test_what_it_cannot_lay_out_exactly_is_left_to_rich(said: str) -> None:
    with pytest.raises(Unsure):
        lay_out([("line", said, "bold", True)])
    with pytest.raises(Unsure):
        _table("t", (said, "b", "c", "d"), [], PIPE_WIDTH)


def test_a_report_with_a_stage_name_it_cannot_lay_out_is_drawn_by_rich(
    rules, calendar, capsys, monkeypatch
) -> None:
    case = build_case(rules, "tokopedia", {"completed": "2021-03-05"}, parse_moment("2021-03-10"))
    diagnosis = decide(rules, case, calendar)
    parts = render.report_parts(diagnosis, rules, "id", CONSEQUENCE)
    title, headers, rows = next(p[1:] for p in parts if p[0] == "table")
    wide = [((f"[{cells[0]}]", *cells[1:]), style) for cells, style in rows]
    monkeypatch.setattr(
        render,
        "report_parts",
        lambda *a, **k: [p if p[0] != "table" else ("table", title, headers, wide) for p in parts],
    )
    render.render_diagnosis(diagnosis, rules, "id", CONSEQUENCE, plain=True)
    drawn = capsys.readouterr().out
    assert "Alur laporan" in drawn and "Pelatihan selesai" in drawn
