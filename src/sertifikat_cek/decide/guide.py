"""The guided diagnose's logic: which unknown input to ask next, and how an answer is read.

Pure: every question is chosen by deciding the case through `engine.decide` with a trial answer
for each unknown input, in the order of the platform's stages; an input matters when some
answer to it (no, yes, or a date) would change the verdict, its due date or its contact. The
first input that matters is asked; when none does, the verdict is as settled as it can get.
Answers become the same raw strings the command-line options take, so a guided run and a
flag-driven run are one code path (`case_input.build_case`)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from sertifikat_cek.calendar.dates import Moment, parse_moment
from sertifikat_cek.calendar.workdays import WorkingCalendar
from sertifikat_cek.decide.case_input import NO_WORDS, UNKNOWN_WORDS, YES_WORDS, build_case
from sertifikat_cek.decide.explain import Diagnosis, decide
from sertifikat_cek.decide.questions import Question, Questions
from sertifikat_cek.errors import DateError, InputError
from sertifikat_cek.rules.ruleset import Platform, RuleSet, normalise_name

EARLIER_TRIAL_DAYS = 30  # a second trial date, this many days before the as-of date


class AnswerError(InputError):
    """An answer that cannot be taken; `code` names the reason in questions.yaml."""

    def __init__(self, code: str, **facts: object) -> None:
        super().__init__(f"{code}: {facts}")
        self.code = code
        self.facts = facts


@dataclass(frozen=True)
class Answers:
    """The platform and the answers so far: input -> raw value, None meaning 'unknown'."""

    platform: str
    given: Mapping[str, str | None] = field(default_factory=dict)

    def raw(self) -> dict[str, str]:
        """The known answers, as the options of a flag-driven diagnose would carry them."""
        return {name: value for name, value in self.given.items() if value is not None}


def platform_choices(rules: RuleSet) -> list[Platform]:
    """The platforms in the order they are offered (by display name)."""
    return sorted(rules.platforms.values(), key=lambda p: p.name.casefold())


def read_platform(rules: RuleSet, answer: str) -> str:
    """The platform id an answer means: a choice number, an id, a name or an alias."""
    text = answer.strip()
    if not text:
        raise AnswerError("empty")
    choices = platform_choices(rules)
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1].id
    key = normalise_name(text)
    if key in rules.aliases:
        return rules.aliases[key]
    close = difflib.get_close_matches(key, list(rules.aliases), n=1, cutoff=0.6)
    name = rules.platforms[rules.aliases[close[0]]].name if close else None
    raise AnswerError("unknown_platform", answer=text, name=name)


def _kind(word: str, questions: Questions) -> str | None:
    if word in UNKNOWN_WORDS or word in questions.words.get("unknown", ()):
        return "unknown"
    if word in NO_WORDS or word in questions.words.get("no", ()):
        return "no"
    if word in YES_WORDS or word in questions.words.get("yes", ()):
        return "yes"
    return None


def _after(moment: Moment, as_of: Moment) -> bool:
    """Later than the as-of moment, compared as the engine does (by day, then by time)."""
    if moment.day != as_of.day:
        return moment.day > as_of.day
    return moment.time is not None and as_of.time is not None and moment.time > as_of.time


def read_answer(questions: Questions, question: Question, answer: str, as_of: Moment) -> str | None:
    """The raw input value an answer gives ('no', 'yes', an ISO date), or None for unknown.

    `hari ini`/`today` and `kemarin`/`yesterday` count from the as-of day. Raises AnswerError."""
    word = " ".join(answer.casefold().split())
    kind = _kind(word, questions)
    moment = None
    if kind is None:
        if "date" not in question.accepts:
            raise AnswerError("not_yes_no" if _yes_no(question) else "not_accepted", answer=answer)
        try:
            moment = parse_moment(answer, today=as_of.day)
        except DateError as error:
            raise AnswerError("not_a_date", answer=answer, detail=_reason(error)) from None
        if _after(moment, as_of):
            raise AnswerError("future", answer=answer, date=moment.day, as_of=as_of.day)
        kind = "date"
    if kind not in question.accepts:
        if kind == "unknown" and not word:
            raise AnswerError("empty")
        raise AnswerError("not_yes_no" if _yes_no(question) else "not_accepted", answer=answer)
    if kind == "unknown":
        return None
    return moment.isoformat() if moment is not None else kind


def _yes_no(question: Question) -> bool:
    return "date" not in question.accepts and {"yes", "no"} <= set(question.accepts)


def _reason(error: DateError) -> str:
    """The parser's own reason, without the list of accepted forms."""
    message = error.message
    start = message.find(": ")
    end = message.find("; accepted forms")
    return message[start + 2 : end] if start >= 0 and end > start else message


def diagnose(
    rules: RuleSet, calendar: WorkingCalendar, answers: Answers, as_of: Moment
) -> Diagnosis:
    """The diagnosis of the answers so far: build_case and decide, as a flag-driven run does."""
    return decide(rules, build_case(rules, answers.platform, answers.raw(), as_of), calendar)


def _key(diagnosis: Diagnosis) -> tuple:
    contact = diagnosis.contact.id if diagnosis.contact else None
    return (diagnosis.verdict, diagnosis.due, contact)


def _trials(answer: str, as_of: Moment) -> tuple[str, ...]:
    if answer == "yes_no":
        return ("no", "yes")
    earlier = as_of.day - timedelta(days=EARLIER_TRIAL_DAYS)
    return ("no", "yes", as_of.day.isoformat(), earlier.isoformat())


def next_input(
    rules: RuleSet, calendar: WorkingCalendar, answers: Answers, as_of: Moment
) -> str | None:
    """The first input, in the order of the chain the answers so far choose (their case day),
    not yet answered and whose answer could change the verdict (its code, due date or
    contact); None when no answer could change it."""
    now = diagnose(rules, calendar, answers, as_of)
    current = _key(now)
    for outcome in now.stages:
        stage = outcome.stage
        name = stage.input
        if not name or stage.never_done or name in answers.given:
            continue
        for trial in _trials(stage.answer, as_of):
            tried = Answers(answers.platform, {**answers.given, name: trial})
            try:
                changed = _key(diagnose(rules, calendar, tried, as_of)) != current
            except InputError:  # a trial date outside the calendar: it tells nothing
                continue
            if changed:
                return name
    return None
