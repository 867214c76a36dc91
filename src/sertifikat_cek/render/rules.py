"""Rendering of the rules for people: the platform list, one platform's chain, a check's result."""

from __future__ import annotations

from rich.markup import escape

from sertifikat_cek.cli.common import console
from sertifikat_cek.decide.report import source_name
from sertifikat_cek.rules.report import word
from sertifikat_cek.rules.ruleset import RuleSet
from sertifikat_cek.texts import text

DASH = "—"


def _plural(count: int) -> str:
    """The English plural ending for `count` things ("1 problem", "2 problems")."""
    return "" if count == 1 else "s"


def _contacts(contact_text: dict[str, str], states: dict[str, str]) -> str:
    return "\n".join(f"{states[state]}: {party}" for state, party in contact_text.items())


def _said(source: dict, rules: RuleSet) -> str:
    publisher = rules.sources.get(source["source"], {}).get("publisher", source["source"])
    said = f"\u201c{source['quote']}\u201d" if source.get("quote") else f"({source['summary']})"
    return f"{said} ({publisher})"


def render_list(data: dict, lang: str) -> None:
    from rich.table import Table

    table = Table(
        title=word("rules.platforms", lang),
        title_justify="left",
        caption=word(
            "rules.version_line", lang, version=data["rules_version"], directory=data["directory"]
        ),
        caption_justify="left",
        show_lines=True,
    )
    for key in ("rules.id", "name", "rules.aliases", "rules.stages", "rules.examples"):
        table.add_column(word(key, lang) if key.startswith("rules.") else text(key, lang))
    for platform in data["platforms"]:
        table.add_row(
            *(
                escape(cell)
                for cell in (
                    platform["platform"],
                    platform["name"],
                    ", ".join(platform["aliases"]),
                    " → ".join(platform["stages"]),
                    str(platform["examples"]),
                )
            )
        )
    console().print(table)


def _chain_table(data: dict, chain: dict, states: dict[str, str], lang: str):
    """One chain variant: its stages in order, each with its due rule, basis and contacts."""
    from rich.table import Table

    by_id = {stage["stage"]: stage for stage in data["stages"]}
    title = word(
        "rules.chain_for",
        lang,
        period=chain["period"],
        confirmed=chain["confirmed_until_text"],
    )
    table = Table(title=escape(title), title_justify="left", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column(text("stage", lang))
    table.add_column(word("rules.by", lang))
    table.add_column(word("rules.due_rule", lang))
    table.add_column(word("rules.contacts", lang))
    for number, link in enumerate(chain["stages"], start=1):
        stage = by_id[link["stage"]]
        name = escape(stage["name"])
        if stage["reminder"]:
            name += f" [dim]({word('rules.reminder', lang)})[/dim]"
        name += f"\n[dim]{escape(stage['stage'])}[/dim]"
        own = stage["owner"] == "participant" and not stage["contact_text"]
        contacts = word("rules.own_step", lang) if own else _contacts(stage["contact_text"], states)
        due = link["due_text"] or (
            DASH if stage["owner"] == "participant" else word("rules.due.none", lang)
        )
        if link["due"]:
            due += f"\n[dim]({word('rules.basis.' + link['due']['basis'], lang)})[/dim]"
        table.add_row(str(number), name, stage["owner_text"], due, contacts or DASH)
    return table


def _render_variants(out, data: dict, states: dict[str, str], rules: RuleSet, lang: str) -> None:
    with_variants = [s for s in data["stages"] if s["variants"]]
    if not with_variants:
        return
    out.print(f"\n{word('rules.variants', lang)}:", style="bold")
    for stage in with_variants:
        out.print(f"  {stage['name']} ({stage['stage']})", markup=False)
        for variant in stage["variants"]:
            changes = ", ".join(word(f"field.{f}", lang) for f in variant["changes"]) or DASH
            out.print(
                f"    {variant['period']} · {word('rules.variant_changes', lang)}: {changes}",
                markup=False,
            )
            if "actions" in variant["changes"]:
                for state, actions in variant["actions"].items():
                    for action in actions:
                        out.print(f"      {states[state]}: {action}", markup=False, soft_wrap=True)
            if "cites" in variant["changes"]:
                for source in variant["sources"]:
                    out.print(f"      - {_said(source, rules)}", markup=False, soft_wrap=True)


def render_platform(data: dict, rules: RuleSet, lang: str) -> None:
    from rich.table import Table

    out = console()
    states = {state: name.get(lang) for state, name in rules.states.items()}
    out.print(f"{data['name']} ({data['platform']})", style="bold", markup=False)
    out.print(f"{word('rules.aliases', lang)}: {', '.join(data['aliases']) or DASH}", markup=False)
    out.print(f"{word('rules.file', lang)}: {data['file']}\n", markup=False)
    out.print(word("rules.two_clocks", lang), markup=False, soft_wrap=True)
    for chain in data["chains"]:
        out.print(_chain_table(data, chain, states, lang))
        said = [source_name(rules, s, lang) for s in chain["sources"]]
        out.print(f"  {text('sources', lang)}: {'; '.join(said)}", markup=False, soft_wrap=True)
    _render_variants(out, data, states, rules, lang)

    if any(stage["sources"] for stage in data["stages"]):
        out.print(f"\n{text('sources', lang)}:", style="bold")
    for stage in data["stages"]:
        if stage["sources"]:
            out.print(f"  {stage['name']} ({stage['stage']})", markup=False)
        for source in stage["sources"]:
            out.print(f"    - {_said(source, rules)}", markup=False, soft_wrap=True)
    notes = [stage["note"] for stage in data["stages"] if stage["note"]]
    if notes:
        out.print(f"\n{text('notes', lang)}:", style="bold")
        for note in notes:
            out.print(f"  - {note}", markup=False, soft_wrap=True)

    out.print(f"\n{word('rules.parties', lang)}:", style="bold")
    for party in data["parties"]:
        out.print(f"  {party['name']} ({party['party']})", markup=False)
        for channel in party["channels"]:
            out.print(f"    - {channel['label']}: {channel['value']}", markup=False, soft_wrap=True)

    if data["examples"]:
        table = Table(title=word("rules.examples", lang), title_justify="left", show_lines=True)
        for key in ("rules.example", "rules.inputs", "rules.expected"):
            table.add_column(word(key, lang), overflow="fold")
        for example in data["examples"]:
            expect = example["expect"]
            inputs = [f"{text('as_of', lang)}: {example['as_of']}"]
            inputs += [f"{k}: {v}" for k, v in example["inputs"].items()]
            table.add_row(
                escape(example["name"]),
                escape("\n".join(inputs)),
                escape(
                    f"{expect['verdict']}\n{text('due', lang)}: {expect['due'] or DASH}\n"
                    f"{text('contact', lang)}: {expect['contact'] or DASH}"
                ),
            )
        out.print()
        out.print(table)
    out.print(
        f"\n{word('rules.version_line', lang, version=data['rules_version'], directory=rules.directory)}",
        style="dim",
        markup=False,
    )


def render_check(data: dict, problems, lang: str, *, summary: bool = True) -> None:
    """Every problem on stderr, one per line (file:line:column: message), then a summary line
    (on stderr after problems, on stdout when the rules are valid and `summary` is asked for)."""
    import sys

    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    if problems:
        sys.stderr.write(
            word(
                "rules.check_failed",
                lang,
                count=len(problems),
                count_s=_plural(len(problems)),
                directory=data["directory"],
            )
            + "\n"
        )
        return
    if not summary:
        return
    sys.stdout.write(
        word(
            "rules.check_ok",
            lang,
            platforms=len(data["platforms"]),
            platforms_s=_plural(len(data["platforms"])),
            examples=data["examples"]["passed"],
            examples_s=_plural(data["examples"]["passed"]),
            version=data["rules_version"],
            directory=data["directory"],
        )
        + "\n"
    )
