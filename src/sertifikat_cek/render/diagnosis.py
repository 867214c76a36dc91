"""Rendering of a diagnosis for people: a verdict panel, the timeline, actions and sources."""

from __future__ import annotations

import sys

from sertifikat_cek.calendar.dates import format_date, format_moment
from sertifikat_cek.cli import common
from sertifikat_cek.cli.common import console
from sertifikat_cek.decide.explain import (
    FIRST_WARNINGS,
    Diagnosis,
    count_key,
    due_basis,
    due_count,
    state_key,
)
from sertifikat_cek.decide.report import rules_variant_line, warning_message
from sertifikat_cek.rules.ruleset import RuleSet
from sertifikat_cek.texts import text

STATE_STYLES = {
    "done": "green",
    "waiting": "cyan",
    "overdue": "bold red",
    "missing": "yellow",
    "unknown": "magenta",
}


def due_phrase(diagnosis: Diagnosis, lang: str) -> str | None:
    """'18 Maret 2021 (4 hari kerja lagi)' or '... (terlambat 1 hari kerja)': counted in the
    rule's unit; past a customary deadline, 'lebih lama dari biasanya'."""
    counted = due_count(diagnosis)
    if counted is None:
        return None
    direction, unit, count = counted
    when = format_date(diagnosis.due, lang)
    if direction == "today":
        return f"{when} ({text('due_today', lang)})"
    if direction == "left":
        base = "days_left"
    elif diagnosis.state != "overdue":  # unknown: not known to be late
        base = "days_past"
    else:
        base = "days_past_usual" if due_basis(diagnosis.outcome) == "customary" else "days_overdue"
    return f"{when} ({text(count_key(base, unit, count), lang, count=count)})"


def contact_lines(diagnosis: Diagnosis, lang: str) -> list[str]:
    party = diagnosis.contact
    if party is None:
        return [text("no_contact", lang)]
    lines = [f"{text('contact', lang)}: {party.name.get(lang)}"]
    lines += [f"  - {c.label.get(lang)}: {c.value}" for c in party.channels]
    return lines


def _items(out, items: list[tuple[str, str]], indent: int = 2) -> None:
    """A list, each item wrapped to the console's width with a hanging indent after its
    marker ('1.', '-', or none): rich wraps at words, never the terminal mid-word."""
    from rich.text import Text as RichText

    for marker, said in items:
        lead = " " * indent + (f"{marker} " if marker else "")
        width = max(out.width - len(lead), 20)
        lines = RichText(said).wrap(out, width, overflow="fold")
        for number, line in enumerate(lines):
            start = lead if number == 0 else " " * len(lead)
            line.rstrip()
            out.print(RichText(start) + line, overflow="ignore", crop=False)


def report_parts(
    diagnosis: Diagnosis,
    rules: RuleSet,
    lang: str,
    consequence: tuple[str, str] | None = None,
) -> list[tuple]:
    """What the report says, in order, as parts that a drawer lays out (with rich, or as plain
    text by render.plain): ("line", text, style, markup), ("items", [(marker, text)], indent),
    ("verdict", title, [(text, style)], border style), ("table", title, headers,
    [(cells, state style)]), ("blank",) and ("footer", text)."""
    parts: list[tuple] = []

    def listing(heading: str, items: list[tuple[str, str]], style: str = "bold") -> None:
        parts.append(("line", heading, style, True))
        parts.append(("items", items, 2))

    first = [w for w in diagnosis.warnings if w.code in FIRST_WARNINGS]
    if first:  # DOMAIN.md 6.5: these come before the verdict
        warned = [("-", warning_message(w, lang)) for w in first]
        listing(f"{text('warnings', lang)}:", warned, style="bold yellow")
        parts.append(("blank",))
    body = [(diagnosis.say(diagnosis.finding, lang) + "\n", "bold")]
    phrase = due_phrase(diagnosis, lang)
    if phrase:
        label = "due_customary" if due_basis(diagnosis.outcome) == "customary" else "due"
        body.append((f"{text(label, lang)}: {phrase}\n", ""))
    projected = diagnosis.assessment.certificate_by
    if projected is not None:
        body.append((text("certificate_by", lang, date=format_date(projected, lang)) + "\n", ""))
    body.append(("\n".join(contact_lines(diagnosis, lang)), ""))
    # the verdict in words: the stage's name and its state (codes are for JSON and batch)
    title = (
        f"{diagnosis.platform.name} · {diagnosis.outcome.stage.name.get(lang)} · "
        f"{rules.states[state_key(diagnosis.outcome)].get(lang)}"
    )
    parts.append(("verdict", title, body, STATE_STYLES.get(diagnosis.state, "")))

    rows = []
    for outcome in diagnosis.stages:
        state = rules.states[state_key(outcome)].get(lang)
        if outcome.implied:
            state += " " + text("implied", lang)
        event = outcome.event
        when = format_moment(event.moment, lang) if event.moment else ""
        due = format_date(outcome.due, lang) if outcome.due else ""
        rows.append(
            ((outcome.stage.name.get(lang), state, when, due), STATE_STYLES.get(outcome.state, ""))
        )
    headers = tuple(text(key, lang) for key in ("stage", "state", "event_date", "due"))
    parts.append(("table", text("timeline", lang), headers, rows))

    actions = diagnosis.actions
    listing(
        f"\n{text('next_actions', lang)}:",
        [(f"{n}.", diagnosis.say(a, lang)) for n, a in enumerate(actions, start=1)],
    )
    if consequence is not None:
        heading, said = consequence
        parts.append(("line", f"\n{heading}:", "bold", False))
        parts.append(("items", [("", said)], 2))
    if diagnosis.notes:
        listing(f"\n{text('notes', lang)}:", [("-", note.get(lang)) for note in diagnosis.notes])
    if diagnosis.cites:
        cited = []
        for cite in diagnosis.cites:
            publisher = rules.sources.get(cite.source, {}).get("publisher", cite.source)
            said = f"\u201c{cite.quote}\u201d" if cite.quote else f"({cite.summary.get(lang)})"
            cited.append(("-", f"{said} ({publisher})"))
        listing(f"\n{text('sources', lang)}:", cited)
    later = [w for w in diagnosis.warnings if w.code not in FIRST_WARNINGS]
    if later:
        warned = [("-", warning_message(w, lang)) for w in later]
        listing(f"\n{text('warnings', lang)}:", warned, style="bold yellow")
    parts.append(("blank",))
    parts.append(("items", [("", rules_variant_line(diagnosis, rules, lang))], 0))
    parts.append(("blank",))
    parts.append(
        (
            "footer",
            f"{text('as_of', lang)} {format_moment(diagnosis.as_of, lang)} · "
            f"{text('rules_version', lang)} {diagnosis.rules_version}",
        )
    )
    return parts


def render_diagnosis(
    diagnosis: Diagnosis,
    rules: RuleSet,
    lang: str,
    consequence: tuple[str, str] | None = None,
    *,
    plain: bool = False,
) -> None:
    """The diagnosis as rich text on stdout, wrapped to the console's width; `consequence` is
    (heading, text) of what the missing certificate holds back (info.yaml), shown after the
    next steps. `plain` prints it without boxes or colour, for pasting into a ticket: in a pipe
    or a file (100 columns) without importing rich when render.plain can lay it out exactly."""
    parts = report_parts(diagnosis, rules, lang, consequence)
    # the standard console (cli.common.console, not one put in its place) in a pipe or a file
    if plain and console is common.console and not common.colour_allowed(sys.stdout):
        from sertifikat_cek.render.plain import PIPE_WIDTH, Unsure, lay_out

        try:
            laid_out = lay_out(parts, PIPE_WIDTH)
        except Unsure:  # something only rich lays out as rich does: let it
            pass
        else:
            sys.stdout.write(laid_out)
            return
    draw_with_rich(parts, plain=plain)


def draw_with_rich(parts: list[tuple], *, plain: bool = False) -> None:
    """The report's parts drawn by rich on stdout: a panel and a table with borders, or, when
    `plain`, without boxes or colour."""
    from rich import box
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text as RichText

    out = console(plain=plain)
    for kind, *part in parts:
        if kind == "line":
            said, style, markup = part
            out.print(said, style=style, markup=markup)
        elif kind == "items":
            items, indent = part
            _items(out, items, indent=indent)
        elif kind == "blank":
            out.print()
        elif kind == "footer":
            out.print(RichText(part[0], style="dim"))
        elif kind == "verdict":
            title, segments, border_style = part
            body = RichText()
            for said, style in segments:
                body.append(said, style=style or None)
            if plain:
                out.print(title, style="bold", markup=False)
                for line in body.wrap(out, out.width, overflow="fold"):
                    line.rstrip()
                    out.print(line, overflow="ignore", crop=False)
            else:
                out.print(Panel(body, title=title, title_align="left", border_style=border_style))
        elif kind == "table":
            title, headers, rows = part
            table = Table(
                title=title,
                title_justify="left",
                box=None if plain else box.HEAVY_HEAD,
                show_edge=not plain,
                pad_edge=not plain,
            )
            for header in headers:
                table.add_column(header)
            for (stage, state, when, due), state_style in rows:
                table.add_row(stage, RichText(state, style=state_style), when, due)
            if plain:
                out.print()
            out.print(table)
