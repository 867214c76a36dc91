"""Ready-to-send replies to a participant: rules/replies.yaml's templates filled from a Diagnosis.

Pure once loaded: `reply_text(diagnosis, replies, lang)` is all a command (diagnose --reply,
batch --reply) needs; `load_replies(rules)` reads the templates of the rule set's directory."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from sertifikat_cek.calendar.dates import format_moment
from sertifikat_cek.decide.explain import (
    FIRST_WARNINGS,
    Diagnosis,
    count_key,
    due_count,
    localise,
    state_key,
)
from sertifikat_cek.rules import prebuilt
from sertifikat_cek.rules.checker import Problem
from sertifikat_cek.rules.file_checks import (
    Checker,
    open_rule_file,
    programme_facts,
    raise_problems,
    suggest,
)
from sertifikat_cek.rules.ruleset import Party, RuleSet, Text

FILE = "replies.yaml"
BASE = frozenset({"platform", "institution", "contact", "stage", "as_of"})
NAMED = BASE | {"name"}  # greeting_named: the participant's name as the agent gave it
DUE = frozenset({"due", "days_left", "days_overdue", "working_days_left", "working_days_overdue"})
# The verdict states a reply is written for, the parts each state's template has, and the
# placeholders it may use (a due date always exists for waiting and overdue verdicts, and for an
# unknown one only once it has passed: past_due).
# `waiting_customary` and `overdue_customary` (optional) reword a state for a customary
# deadline ("biasanya", never "terlambat"); what they leave out is the state's own.
FIELDS: dict[str, tuple[str, ...]] = {
    "waiting": ("reassure", "check_again", "escalate"),
    "overdue": ("reassure", "check_again"),
    "missing": ("reassure", "check_again"),
    "unknown": ("reassure", "check_again", "past_due"),
    "waiting_customary": ("reassure", "check_again", "escalate"),
    "overdue_customary": ("reassure", "check_again"),
}
OPTIONAL_STATES = frozenset({"waiting_customary", "overdue_customary"})
STATE_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "waiting": BASE | DUE | {"time_left"},
    "overdue": BASE | DUE | {"time_overdue"},
    "missing": BASE,
    "unknown": BASE,
    "waiting_customary": BASE | DUE | {"time_left"},
    "overdue_customary": BASE | DUE,  # past a customary deadline nothing is "late"
}
EXTRA_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "escalate": frozenset({"escalation"}),
    "past_due": DUE,  # said of an unknown stage whose due date has passed
}
PARTS: dict[str, frozenset[str]] = {
    "recorded": frozenset({"recorded"}),
    "recorded_item": frozenset({"stage", "date"}),
    "steps": BASE,
    "contact": BASE,
    "channels": BASE,
    # how far the due date is, in the rule's unit (working days for a rule in working days,
    # calendar days for calendar days and a daily batch); `_one` for a count of 1
    "time_left_today": DUE,
    "time_left": DUE,
    "time_left_one": DUE,
    "time_left_calendar": DUE,
    "time_left_calendar_one": DUE,
    "time_overdue": DUE,
    "time_overdue_one": DUE,
    "time_overdue_calendar": DUE,
    "time_overdue_calendar_one": DUE,
    "certificate_by": frozenset({"certificate_by"}),  # the projected certificate date
}


@dataclass(frozen=True)
class Replies:
    """The reply templates, with what a reply also needs from the rules: the programme's parties
    (for the contact after a due date) and the consequence line of info.yaml."""

    greeting: Text
    closing: Text
    parts: Mapping[str, Text]
    states: Mapping[str, Mapping[str, Mapping[str, Text]]]  # state -> stage|default -> part
    parties: Mapping[str, Party] = field(default_factory=dict)
    consequence: Text | None = None
    greeting_named: Text | None = None  # the greeting with {name}, when a name is given

    def template_key(self, state: str, stage: str) -> str:
        """'default', or the stage id when the state has its own wording for that stage."""
        return stage if stage in self.states.get(state, {}) else "default"

    def template(self, state: str, stage: str, key: str | None = None) -> dict[str, Text]:
        """The parts for a verdict: the state's, reworded by `key` (`<state>_customary`)."""
        found: dict[str, Text] = {}
        # the state's texts, then the customary rewording's (which must win: nothing is "late"
        # past a customary deadline), each its default then the stage's own
        for name in dict.fromkeys((state, key or state)):
            by_stage = self.states.get(name, {})
            found.update(by_stage.get("default", {}))
            found.update(by_stage.get(stage, {}))
        return found


def escalation(diagnosis: Diagnosis, replies: Replies) -> Party | None:
    """For a waiting verdict, the party the stage's rules name once it is overdue."""
    if diagnosis.state != "waiting":
        return None
    party_id = diagnosis.outcome.stage.contact.get("overdue")
    if party_id is None:
        return None
    return diagnosis.platform.parties.get(party_id) or replies.parties.get(party_id)


def _time_phrases(diagnosis: Diagnosis, replies: Replies, values: dict, lang: str) -> None:
    counted = due_count(diagnosis)
    if counted is None:
        return
    direction, unit, count = counted
    if direction == "today":
        values["time_left"] = replies.parts["time_left_today"].render(lang, values)
        return
    key = count_key(f"time_{direction}", unit, count)
    values[f"time_{direction}"] = replies.parts[key].render(lang, values)


def _steps(diagnosis: Diagnosis) -> list[Text]:
    """The diagnosis's actions that come from the stages' rules (the generic 'contact' and
    'check again' actions are left out: the reply says those itself, with the channels)."""
    from_stages = {
        action
        for outcome in diagnosis.stages
        for actions in outcome.stage.actions.values()
        for action in actions
    }
    return [action for action in diagnosis.actions if action in from_stages]


def _channels(party: Party, replies: Replies, values: dict, lang: str) -> list[str]:
    if not party.channels:
        return []
    lines = [replies.parts["channels"].render(lang, values)]
    lines += [f"- {channel.label.get(lang)}: {channel.value}" for channel in party.channels]
    return lines


def _personal(text: str | None) -> str | None:
    """A name or signature as given, its blank lines and spaces tidied; None when empty."""
    if text is None:
        return None
    lines = [" ".join(line.split()) for line in str(text).strip().splitlines()]
    return "\n".join(line for line in lines if line) or None


def _doubtful_names(diagnosis: Diagnosis) -> set[Text]:
    """The names of the stages whose dates a first warning puts in doubt (out of order, or an
    input contradicted by a later stage)."""
    keys = {"out_of_order": ("earlier", "later"), "contradiction": ("stage", "later")}
    return {
        warning.facts[key]
        for warning in diagnosis.warnings
        if warning.code in keys and warning.code in FIRST_WARNINGS
        for key in keys[warning.code]
    }


def reply_text(
    diagnosis: Diagnosis,
    replies: Replies,
    lang: str,
    *,
    name: str | None = None,
    signature: str | None = None,
) -> str:
    """The message to send the participant about this diagnosis, in `lang` (id or en).

    `name` greets the participant by it (greeting_named); `signature` ends the message, after
    the closing. Both are used as given: the reply says nothing else about the person."""
    values = localise(diagnosis.values, lang)
    _time_phrases(diagnosis, replies, values, lang)
    template = replies.template(diagnosis.state, diagnosis.stage, state_key(diagnosis.outcome))
    name, signature = _personal(name and " ".join(name.split())), _personal(signature)
    greeting = replies.greeting.render(lang, values)
    if name is not None and replies.greeting_named is not None:
        greeting = replies.greeting_named.render(lang, {**values, "name": name})
    paragraphs: list[list[str]] = [[greeting]]

    opening = [diagnosis.say(diagnosis.finding, lang)]
    if "reassure" in template:
        opening.insert(0, template["reassure"].render(lang, values))
    if diagnosis.due is not None and "past_due" in template:
        opening.append(template["past_due"].render(lang, values))
    paragraphs.append([" ".join(opening)])

    doubtful = _doubtful_names(diagnosis)  # DOMAIN.md 6.5: never stated as facts
    recorded = [
        replies.parts["recorded_item"].render(
            lang, {"stage": o.stage.name.get(lang), "date": format_moment(o.event.moment, lang)}
        )
        for o in diagnosis.stages
        if o.event.moment is not None and o.stage.name not in doubtful
    ]
    if recorded:
        paragraphs[-1].append(
            replies.parts["recorded"].render(lang, {"recorded": "; ".join(recorded)})
        )

    steps = _steps(diagnosis)
    if steps:
        paragraphs.append(
            [replies.parts["steps"].render(lang, values)]
            + [f"{n}. {diagnosis.say(step, lang)}" for n, step in enumerate(steps, start=1)]
        )
    if diagnosis.contact is not None:
        paragraphs.append(
            [
                replies.parts["contact"].render(lang, values),
                *_channels(diagnosis.contact, replies, values, lang),
            ]
        )
    if "check_again" in template:
        paragraphs.append([template["check_again"].render(lang, values)])
    if "certificate_by" in values:  # DOMAIN.md 6.7: what happens next, when it can be projected
        paragraphs.append([replies.parts["certificate_by"].render(lang, values)])
    party = escalation(diagnosis, replies)
    if party is not None and "escalate" in template:
        said = {**values, "escalation": party.name.get(lang)}
        paragraphs.append(
            [template["escalate"].render(lang, said), *_channels(party, replies, said, lang)]
        )
    if replies.consequence is not None:
        paragraphs.append([replies.consequence.get(lang)])
    paragraphs.append([replies.closing.render(lang, values)])
    if signature is not None:
        paragraphs.append([signature])
    return "\n\n".join("\n".join(lines) for lines in paragraphs)


# -- reading and checking replies.yaml -------------------------------------------------------------


@lru_cache(maxsize=8)
def _read(directory: Path) -> tuple[Replies | None, list[Problem]]:
    check, data = open_rule_file(directory, FILE)
    if data is None:
        return None, check.problems
    keys = ("greeting", "closing", "parts", "states")
    top = check.mapping(data, check.top(), FILE, {*keys, "greeting_named"}, keys)
    if top is None:
        return None, check.problems
    facts = programme_facts(check.path.parent)  # the folder of the file read
    greeting = check.text(top.get("greeting"), top.where("greeting"), "'greeting'", BASE)
    closing = check.text(top.get("closing"), top.where("closing"), "'closing'", BASE)
    greeting_named = None
    if "greeting_named" in top:
        greeting_named = check.text(
            top.get("greeting_named"), top.where("greeting_named"), "'greeting_named'", NAMED
        )

    parts = check.texts(top, "parts", PARTS, item="part {name!r}")

    states: dict[str, dict[str, dict[str, Text]]] = {}
    state_data = check.mapping(
        top.get("states"),
        top.where("states"),
        "'states'",
        set(FIELDS),
        tuple(s for s in FIELDS if s not in OPTIONAL_STATES),
    )
    for state, by_stage in (state_data or {}).items():
        if state not in FIELDS:
            continue
        states[state] = _state(check, state, by_stage, state_data.where(state), facts)
    if check.problems or greeting is None or closing is None:
        return None, check.problems
    frozen = {
        state: MappingProxyType({k: MappingProxyType(v) for k, v in by_stage.items()})
        for state, by_stage in states.items()
    }
    replies = Replies(greeting, closing, MappingProxyType(parts), MappingProxyType(frozen))
    return replace(replies, greeting_named=greeting_named), []


def _state(check: Checker, state: str, value, position, facts) -> dict[str, dict[str, Text]]:
    allowed = {"default", *facts.stage_ids}
    data = check.mapping(
        value,
        position,
        f"replies for {state!r}",
        None,
        () if state in OPTIONAL_STATES else ("default",),
    )
    found: dict[str, dict[str, Text]] = {}
    for key, fields in (data or {}).items():
        if key not in allowed:
            check.problem(
                data.key_where(key),
                f"{key!r} is not a stage id{suggest(key, allowed)}; use 'default' or one of "
                f"{', '.join(facts.stage_ids)}",
            )
            continue
        what = f"{state}.{key}"
        required = FIELDS[state] if key == "default" and state not in OPTIONAL_STATES else ()
        entry = check.mapping(fields, data.where(key), what, set(FIELDS[state]), required)
        texts: dict[str, Text] = {}
        for name, text in (entry or {}).items():
            if name in FIELDS[state]:
                placeholders = STATE_PLACEHOLDERS[state] | EXTRA_PLACEHOLDERS.get(name, set())
                made = check.text(text, entry.where(name), f"{what}.{name}", placeholders)
                if made:
                    texts[name] = made
        found[str(key)] = texts
    return found


def check_replies(directory: Path) -> list[Problem]:
    """Every problem of the rule directory's replies.yaml (none when it has no such file)."""
    if not (directory / FILE).is_file():
        return []
    return list(_read(directory)[1])


@lru_cache(maxsize=8)
def _load(directory: Path) -> Replies:
    replies = prebuilt.section(directory, "replies")
    if replies is None:
        replies, problems = _read(directory)
        raise_problems(problems)
    return replies


def load_replies(rules: RuleSet) -> Replies:
    """The checked replies of the rule set's directory (the bundled ones when it has none),
    with the programme's parties and info.yaml's consequence line."""
    from sertifikat_cek.info.consequence import load_consequence
    from sertifikat_cek.rules.location import bundled_rules_dir

    directory = Path(rules.directory) if rules.directory else bundled_rules_dir()
    replies = _load(directory)
    consequence = load_consequence(directory).text
    return Replies(
        replies.greeting,
        replies.closing,
        replies.parts,
        replies.states,
        MappingProxyType(dict(rules.parties)),
        consequence,
        replies.greeting_named,
    )
