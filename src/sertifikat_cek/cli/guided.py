"""The guided diagnose on a terminal: asks, on stderr, the questions `guide` chooses.

The answers end as the same raw inputs the options carry; the caller decides and renders them
exactly as a flag-driven run, and prints the equivalent one-line command."""

from __future__ import annotations

import shlex
import sys

import typer

from sertifikat_cek.calendar.dates import Moment
from sertifikat_cek.calendar.workdays import WorkingCalendar
from sertifikat_cek.cli.common import console, option_name
from sertifikat_cek.decide import guide
from sertifikat_cek.decide.explain import localise
from sertifikat_cek.decide.questions import Questions
from sertifikat_cek.errors import InputError, RulesError
from sertifikat_cek.rules.ruleset import RuleSet, Text

PROMPT = "> "


def stdin_is_terminal() -> bool:
    """Whether questions may be asked (tests replace this function to force either answer)."""
    return sys.stdin.isatty()


class Cancelled(Exception):
    """Ctrl-C or the end of input while a question waits (the run leaves with exit 130)."""


def _line_editing() -> bool:
    """Whether answers are read with readline's line editing (arrow keys, history): when stdin
    and stdout are both the terminal and the platform has readline. input() writes its prompt
    to stdout, so with stdout redirected the prompt goes to stderr and no editing is done."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    try:
        import readline  # noqa: F401 - importing it gives input() line editing
    except ImportError:  # Windows without pyreadline3
        return False
    return True


def _read_line() -> str:
    """One answer from stdin; Ctrl-C or end of input raises Cancelled."""
    try:
        if _line_editing():
            return input(PROMPT).rstrip("\r\n")
        sys.stderr.write(PROMPT)
        sys.stderr.flush()
        line = sys.stdin.readline()
    except (KeyboardInterrupt, EOFError):
        raise Cancelled() from None
    if not line:
        raise Cancelled()
    return line.rstrip("\r\n")


def cancelled(questions: Questions, lang: str) -> typer.Exit:
    """After Ctrl-C at a question: a new line and "Dibatalkan." on stderr; exit 130."""
    sys.stderr.write("\n" + questions.messages["cancelled"].get(lang) + "\n")
    sys.stderr.flush()
    return typer.Exit(130)


def _reason(questions: Questions, error: guide.AnswerError, lang: str) -> str:
    facts = localise(error.facts, lang)
    facts["other"] = questions.platform_other.get(lang) if questions.platform_other else ""
    text = questions.reasons[error.code].render(lang, facts)
    if error.code == "unknown_platform" and error.facts.get("name"):
        text += " " + questions.reasons["did_you_mean"].render(lang, facts)
    return text


class _Asker:
    def __init__(self, questions: Questions, lang: str) -> None:
        self.questions = questions
        self.lang = lang
        self.out = console(stderr=True)

    def say(self, line: str, style: str = "") -> None:
        self.out.print(line, style=style or None, markup=False, soft_wrap=True, highlight=False)

    def ask(self, question: str, detail: str, read) -> object:
        """Ask until `read(answer)` takes the answer; say why when it does not."""
        self.say("")
        self.say(question, "bold")
        self.say(detail, "dim")
        while True:
            answer = _read_line()
            try:
                return read(answer)
            except guide.AnswerError as error:
                reason = _reason(self.questions, error, self.lang)
            except InputError as error:
                reason = self.questions.reasons["invalid"].render(
                    self.lang, {"answer": answer, "detail": error.message}
                )
            again = self.questions.messages["again"].get(self.lang)
            self.say(f"{reason} {again}", "yellow")


def ask_case(
    rules: RuleSet,
    calendar: WorkingCalendar,
    questions: Questions,
    *,
    given: dict[str, str],
    as_of: Moment,
    lang: str,
) -> guide.Answers:
    """Ask the platform, then each input that still matters; options already given count as
    answered. Returns the answers, or None when the platform is not one the tool knows
    (lainnya / tidak tahu); Ctrl-C or end of input says "Dibatalkan." and exits 130."""
    try:
        return _ask_case(rules, calendar, questions, given=given, as_of=as_of, lang=lang)
    except (Cancelled, KeyboardInterrupt):
        raise cancelled(questions, lang) from None


def _ask_case(rules, calendar, questions, *, given, as_of, lang) -> guide.Answers | None:
    asker = _Asker(questions, lang)
    asker.say(questions.intro.get(lang), "dim")
    choices = guide.platform_choices(rules)
    names = [p.name for p in choices]
    if questions.platform_other is not None:
        names.append(questions.platform_other.get(lang))
    listed = ", ".join(f"{number}. {name}" for number, name in enumerate(names, start=1))
    platform_id = asker.ask(
        f"{questions.platform_ask.get(lang)} ({questions.platform_hint.get(lang)})",
        questions.messages["choices"].render(lang, {"choices": listed}),
        lambda answer: guide.read_platform(rules, answer, questions),
    )
    if platform_id is guide.OTHER:
        asker.say("")
        return None
    answers = guide.Answers(platform_id, dict(given))
    guide.diagnose(rules, calendar, answers, as_of)  # options given with the questions: checked
    while (name := guide.next_input(rules, calendar, answers, as_of)) is not None:
        question = questions.inputs.get(name)
        if question is None:
            raise RulesError(f"questions.yaml has no question for the input {name!r}")
        current = guide.diagnose(rules, calendar, answers, as_of)
        stage = next(s for s in current.stages if s.stage.input == name).stage
        values = {**localise(current.values, lang), "stage": stage.name.get(lang)}
        ask, hint = question.wording(current.platform.id)

        def read(answer: str, name=name, question=question, answers=answers):
            value, reading = guide.interpret(questions, question, answer, as_of)
            tried = guide.Answers(answers.platform, {**answers.given, name: value})
            guide.diagnose(rules, calendar, tried, as_of)  # e.g. a date outside the calendar
            note = reading and guide.reading_note(questions, answer, reading, as_of, lang)
            if note:  # which year, month or day a date counted from the as-of day is
                asker.say(note, "dim")
            return tried

        answers = asker.ask(ask.render(lang, values), hint.render(lang, values), read)
    asker.say("")
    return answers


def command_line(rules: RuleSet, answers: guide.Answers, as_of: Moment, extra: list[str]) -> str:
    """The flag-driven command that gives the same diagnosis, quoted for a POSIX shell."""
    order = {stage_id: index for index, stage_id in enumerate(rules.stage_order)}
    raw = answers.raw()
    names = sorted(raw, key=lambda name: (order.get(rules.inputs.get(name, ""), len(order)), name))
    parts = ["sertifikat-cek", "diagnose", "--platform", answers.platform]
    for name in names:
        parts += [option_name(name), raw[name]]
    parts += ["--as-of", as_of.isoformat(), *extra]
    return shlex.join(parts)


def say_other_platform(rules: RuleSet, questions: Questions, lang: str, json_output: bool) -> None:
    """The end of a guided run for a platform the tool does not know: the platforms it knows and
    the PMO's contacts, on stdout (as a result; with --json, as one JSON document)."""
    from sertifikat_cek.rules.ruleset import party_json

    lines = guide.other_platform(rules, questions, lang)
    if not json_output:
        sys.stdout.write("\n".join(lines) + "\n")
        return
    from sertifikat_cek.cli.common import write_json

    party = guide.pmo(rules)
    write_json(
        {
            "platform": None,
            "known_platforms": [p.id for p in guide.platform_choices(rules)],
            "contact": party.id if party else None,
            "contact_details": party_json(party, lang),
            "message": lines[0],
            "lang": lang,
        }
    )


def say_command(questions: Questions, command: str, lang: str) -> None:
    """The equivalent command, on stderr after the output (stdout stays the diagnosis only)."""
    sys.stdout.flush()
    label: Text = questions.messages["equivalent"]
    sys.stderr.write(f"\n{label.get(lang)}\n  {command}\n")
