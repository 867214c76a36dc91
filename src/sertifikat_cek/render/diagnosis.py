"""Rendering of a diagnosis for people: a verdict panel, the timeline, actions and sources."""

from __future__ import annotations

from sertifikat_cek.calendar.dates import format_date, format_moment
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
    next steps. `plain` prints it without boxes or colour, for pasting into a ticket."""
    from rich import box
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text as RichText

    out = console(plain=plain)
    first = [w for w in diagnosis.warnings if w.code in FIRST_WARNINGS]
    if first:  # DOMAIN.md 6.5: these come before the verdict
        out.print(f"{text('warnings', lang)}:", style="bold yellow")
        _items(out, [("-", warning_message(w, lang)) for w in first])
        out.print()
    state_style = STATE_STYLES.get(diagnosis.state, "")
    body = RichText()
    body.append(diagnosis.say(diagnosis.finding, lang) + "\n", style="bold")
    phrase = due_phrase(diagnosis, lang)
    if phrase:
        label = "due_customary" if due_basis(diagnosis.outcome) == "customary" else "due"
        body.append(f"{text(label, lang)}: {phrase}\n")
    projected = diagnosis.assessment.certificate_by
    if projected is not None:
        body.append(text("certificate_by", lang, date=format_date(projected, lang)) + "\n")
    body.append("\n".join(contact_lines(diagnosis, lang)))
    # the verdict in words: the stage's name and its state (codes are for JSON and batch)
    title = (
        f"{diagnosis.platform.name} · {diagnosis.outcome.stage.name.get(lang)} · "
        f"{rules.states[state_key(diagnosis.outcome)].get(lang)}"
    )
    if plain:
        out.print(title, style="bold", markup=False)
        for line in body.wrap(out, out.width, overflow="fold"):
            line.rstrip()
            out.print(line, overflow="ignore", crop=False)
    else:
        out.print(Panel(body, title=title, title_align="left", border_style=state_style))

    table = Table(
        title=text("timeline", lang),
        title_justify="left",
        box=None if plain else box.HEAVY_HEAD,
        show_edge=not plain,
        pad_edge=not plain,
    )
    for key in ("stage", "state", "event_date", "due"):
        table.add_column(text(key, lang))
    for outcome in diagnosis.stages:
        state = rules.states[state_key(outcome)].get(lang)
        if outcome.implied:
            state += " " + text("implied", lang)
        event = outcome.event
        when = format_moment(event.moment, lang) if event.moment else ""
        table.add_row(
            outcome.stage.name.get(lang),
            RichText(state, style=STATE_STYLES.get(outcome.state, "")),
            when,
            format_date(outcome.due, lang) if outcome.due else "",
        )
    if plain:
        out.print()
    out.print(table)

    out.print(f"\n{text('next_actions', lang)}:", style="bold")
    actions = diagnosis.actions
    _items(out, [(f"{n}.", diagnosis.say(a, lang)) for n, a in enumerate(actions, start=1)])
    if consequence is not None:
        heading, said = consequence
        out.print(f"\n{heading}:", style="bold", markup=False)
        _items(out, [("", said)])
    if diagnosis.notes:
        out.print(f"\n{text('notes', lang)}:", style="bold")
        _items(out, [("-", note.get(lang)) for note in diagnosis.notes])
    if diagnosis.cites:
        out.print(f"\n{text('sources', lang)}:", style="bold")
        cited = []
        for cite in diagnosis.cites:
            title = rules.sources.get(cite.source, {}).get("publisher", cite.source)
            said = f"\u201c{cite.quote}\u201d" if cite.quote else f"({cite.summary.get(lang)})"
            cited.append(("-", f"{said} ({title})"))
        _items(out, cited)
    later = [w for w in diagnosis.warnings if w.code not in FIRST_WARNINGS]
    if later:
        out.print(f"\n{text('warnings', lang)}:", style="bold yellow")
        _items(out, [("-", warning_message(w, lang)) for w in later])
    out.print()
    _items(out, [("", rules_variant_line(diagnosis, rules, lang))], indent=0)
    out.print()
    out.print(
        RichText(
            f"{text('as_of', lang)} {format_moment(diagnosis.as_of, lang)} · "
            f"{text('rules_version', lang)} {diagnosis.rules_version}",
            style="dim",
        )
    )
