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

from sertifikat_cek.calendar.dates import Moment, Reading, format_date, format_moment, read_moment
from sertifikat_cek.calendar.workdays import WorkingCalendar
from sertifikat_cek.decide.case_input import NO_WORDS, UNKNOWN_WORDS, YES_WORDS, build_case
from sertifikat_cek.decide.explain import Diagnosis, decide
from sertifikat_cek.decide.questions import Question, Questions
from sertifikat_cek.errors import DateError, InputError
from sertifikat_cek.rules.ruleset import Party, Platform, RuleSet, normalise_name

EARLIER_TRIAL_DAYS = 30  # a second trial date, this many days before the as-of date
OTHER = None  # the platform answer "lainnya / tidak tahu": a platform the tool does not know
PMO = "prakerja"  # the party (prakerja.yaml) to contact about a platform the tool does not know


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


def read_platform(rules: RuleSet, answer: str, questions: Questions | None = None) -> str | None:
    """The platform id an answer means: a choice number, an id, a name or an alias; OTHER for
    the last choice (its number, or an `other` or `unknown` word of questions.yaml)."""
    text = answer.strip()
    if not text:
        raise AnswerError("empty")
    choices = platform_choices(rules)
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1].id
    key = normalise_name(text)
    if key in rules.aliases:
        return rules.aliases[key]
    word = " ".join(text.casefold().split())
    if questions is not None and (
        text == str(len(choices) + 1)
        or word in questions.words.get("other", ())
        or _kind(word, questions) == "unknown"
    ):
        return OTHER
    close = difflib.get_close_matches(key, list(rules.aliases), n=1, cutoff=0.6)
    name = rules.platforms[rules.aliases[close[0]]].name if close else None
    raise AnswerError("unknown_platform", answer=text, name=name, number=len(choices) + 1)


def pmo(rules: RuleSet) -> Party | None:
    """The party to contact about a platform the tool does not know: the PMO."""
    return rules.parties.get(PMO) or next(iter(rules.parties.values()), None)


def other_platform(rules: RuleSet, questions: Questions, lang: str) -> list[str]:
    """What the guided run says when the platform is not one the tool knows: the platforms it
    knows, and the PMO's contacts (prakerja.yaml)."""
    party = pmo(rules)
    names = ", ".join(p.name for p in platform_choices(rules))
    values = {"platforms": names, "contact": party.name.get(lang) if party else ""}
    lines = [questions.messages["other_ending"].render(lang, values)]
    if party is not None and party.channels:
        lines.append(questions.messages["other_channels"].render(lang, values))
        lines += [f"- {channel.label.get(lang)}: {channel.value}" for channel in party.channels]
    return lines


def reading_note(
    questions: Questions, answer: str, reading: Reading, as_of: Moment, lang: str
) -> str | None:
    """What to say of a date counted from the as-of day (which year, month or day was taken);
    None for a date written in full."""
    if reading.taken is None:
        return None
    key = {"year": "read_as_year", "month": "read_as_month"}.get(reading.taken, "read_as")
    values = {
        "answer": " ".join(answer.split()),
        "date": format_moment(reading.moment, lang),
        "year": reading.moment.day.year,
        "as_of": format_date(as_of.day, lang),
    }
    return questions.messages[key].render(lang, values)


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

    Dates may be counted from the as-of day (5 Maret, tanggal 5, kemarin, 2 hari lalu...).
    Raises AnswerError."""
    return interpret(questions, question, answer, as_of)[0]


def interpret(
    questions: Questions, question: Question, answer: str, as_of: Moment
) -> tuple[str | None, Reading | None]:
    """read_answer's value, and the date as read (None when the answer is not a date)."""
    word = " ".join(answer.casefold().split())
    kind = _kind(word, questions)
    reading = None
    if kind is None:
        if "date" not in question.accepts:
            raise AnswerError("not_yes_no" if _yes_no(question) else "not_accepted", answer=answer)
        try:
            reading = read_moment(answer, as_of.day)
        except DateError as error:
            raise AnswerError("not_a_date", answer=answer, detail=_reason(error)) from None
        if _after(reading.moment, as_of):
            raise AnswerError("future", answer=answer, date=reading.moment.day, as_of=as_of.day)
        kind = "date"
    if kind not in question.accepts:
        if kind == "unknown" and not word:
            raise AnswerError("empty")
        raise AnswerError("not_yes_no" if _yes_no(question) else "not_accepted", answer=answer)
    if kind == "unknown":
        return None, None
    return (reading.moment.isoformat() if reading is not None else kind), reading


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
    case = build_case(rules, answers.platform, answers.raw(), as_of, today=as_of.day)
    return decide(rules, case, calendar)


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
                after = diagnose(rules, calendar, tried, as_of)
            except InputError:  # a trial date outside the calendar: it tells nothing
                continue
            # an answer that would overrule what the participant said ('belum' for an earlier
            # stage) is not worth a question: ask only what could change the verdict consistently
            if after.assessment.contradictions:
                continue
            if _key(after) != current:
                return name
    return None
