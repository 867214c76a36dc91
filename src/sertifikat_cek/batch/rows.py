"""The batch core: cell values to case inputs, a row to its result (header names to fields are
in batch_columns).

Pure: rows are lists of strings, results are plain values; no files, no console. Every row is
decided by `case_input.build_case` and `decision.assess`, the decision `diagnose` explains. Because
exports repeat the same few hundred dates, each cell is read once per distinct text and each
distinct case is decided once (bounded caches): identical inputs give identical results."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter

from sertifikat_cek.batch.columns import AS_OF, PLATFORM, ColumnMap
from sertifikat_cek.calendar.dates import Moment, parse_moment
from sertifikat_cek.calendar.workdays import WorkingCalendar
from sertifikat_cek.decide.case_input import HAPPENED_UNDATED, build_case, parse_event
from sertifikat_cek.decide.explain import HAPPENED, NOT_HAPPENED, Assessment, Event, assess
from sertifikat_cek.errors import InputError
from sertifikat_cek.rules.ruleset import RuleSet

# The columns added to every output row; `error` is always the last one.
RESULT_COLUMNS = ("verdict", "stage", "state", "due", "contact", "error")

# Excel stores dates as day numbers counted from 1899-12-30 (its 1900 leap-year bug included).
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (36526, 73050)  # 2000-01-01 to 2099-12-31: other numbers are not dates
_SERIAL = re.compile(r"(\d{5})(?:[.,](\d+))?")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(text: str) -> str:
    """Text safe to put in a spreadsheet cell: one that would start a formula gets a leading '."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_serial_text(text: str) -> str | None:
    """An Excel serial day number (44260, 44260.5) as a date text, else None.

    Only numbers in EXCEL_SERIAL_RANGE count, so that an ordinary number is never read as a
    date; a fraction is the time of day, to the minute."""
    match = _SERIAL.fullmatch(text.strip())
    if match is None:
        return None
    days = int(match.group(1))
    if not EXCEL_SERIAL_RANGE[0] <= days <= EXCEL_SERIAL_RANGE[1]:
        return None
    day = EXCEL_EPOCH + timedelta(days=days)
    if not match.group(2):
        return day.isoformat()
    minutes = round(float("0." + match.group(2)) * 24 * 60)
    stamp = datetime(day.year, day.month, day.day) + timedelta(minutes=minutes)
    return stamp.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class Failure:
    """A row that could not be diagnosed: the CSV column at fault (None: the row) and why."""

    column: str | None
    message: str


@dataclass(frozen=True, slots=True, eq=False)
class Decided:
    """A diagnosed row: its platform and verdict (for the summary) and the rendered result.

    Compared and hashed by identity: rows with the same result share one object, which output
    and counting key on."""

    platform: str
    verdict: str
    payload: object


# The result columns but `error`, each as a function of the decided case (one more column, one
# more entry here and in RESULT_COLUMNS).
CELLS: tuple[Callable[[Assessment], str], ...] = (
    lambda d: d.verdict,
    lambda d: d.stage,
    lambda d: d.state,
    lambda d: d.due.isoformat() if d.due else "",
    lambda d: d.contact.id if d.contact else "",
)


def csv_cells(assessment: Assessment) -> tuple[str, ...]:
    """The result columns but `error`, as cell texts (formula-guarded)."""
    return tuple([guard_cell(cell(assessment)) for cell in CELLS])


class Token:
    """A cell as read: the shortest text that reads the same (what decided cases are keyed on)
    and what it reads as. Equal readings in one column share one Token, so a key made of
    Tokens is compared and hashed by identity: cheaply."""

    __slots__ = ("text", "value")

    def __init__(self, text: str, value: object) -> None:
        self.text, self.value = text, value


class _Memo(dict):
    """Cell text -> what it reads as, read once per distinct text (cleared when full)."""

    def __init__(self, read: Callable[[str], object], limit: int) -> None:
        super().__init__()
        self.read, self.limit = read, limit

    def __missing__(self, text: str) -> object:
        if len(self) >= self.limit:
            self.clear()
        value = self[text] = self.read(text)
        return value


class _Tokens(dict):
    """Cell text -> Token, read once per distinct text (cleared when full)."""

    def __init__(self, read: Callable[[str], tuple[str, object]], limit: int) -> None:
        super().__init__()
        self.read, self.limit = read, limit
        self.shared: dict[str, Token] = {}  # token text -> its one Token

    def __missing__(self, text: str) -> Token:
        if len(self) >= self.limit:
            self.clear()
            self.shared.clear()
        token_text, value = self.read(text)
        token = self.shared.get(token_text)
        if token is None:
            token = self.shared[token_text] = Token(token_text, value)
        self[text] = token
        return token


_token_of = dict.__getitem__  # with a _Tokens map, reads a text not seen yet (__missing__)


def _readers(columns: list[tuple[int, _Tokens]]) -> tuple[Callable, tuple[_Tokens, ...]]:
    """What reads a row's Tokens: a function giving the cells, in order, and their Token maps."""
    indexes = [index for index, _ in columns]
    if len(indexes) >= 2:
        cells_of = itemgetter(*indexes)  # a tuple of those cells, in one C call
    else:
        cells_of = lambda cells: tuple(cells[i] for i in indexes)  # noqa: E731
    return cells_of, tuple(tokens for _, tokens in columns)


def _ordered(text: str, order: Callable[[str], str]) -> tuple[str, Failure | None]:
    """A cell as its column's date order reads it (date_order.cell_reader), or its Failure."""
    try:
        return order(text), None
    except InputError as error:
        return text, Failure(None, error.message)


def _event_token(
    text: str, answer: str, order: Callable[[str], str] | None = None
) -> tuple[str, Event | Failure | None]:
    """A cell as (the shortest text that reads as the same event, that event); an unreadable
    cell as (itself, None), so that build_case reports it in its own words; a cell its column's
    date `order` cannot read as (itself, its Failure)."""
    if order is not None:
        read, failure = _ordered(text, order)
        if failure is not None:
            return text, failure
        if read != text:
            token, event = _event_token(read, answer)
            if event is None:  # the parser's own message, about the cell as written
                try:
                    parse_event(read, answer=answer)
                except InputError as error:
                    return text, Failure(None, error.message.replace(repr(read), repr(text)))
            return token, event
    value = excel_serial_text(text) or text
    try:
        event = parse_event(value, answer=answer)
    except InputError:
        return value, None
    if event.status == HAPPENED:
        return (event.moment.isoformat() if event.moment else "yes"), event
    return ("no" if event.status == NOT_HAPPENED else ""), event


def _status_token(text: str, answer: str, order=None) -> tuple[str, Event | Failure | None]:
    """A cell only as happened (yes), not happened (no) or unknown (""); unreadable as itself."""
    token, event = _event_token(text, answer, order)
    if event is None or event.__class__ is Failure or token in ("", "no"):
        return token, event
    return "yes", HAPPENED_UNDATED


class BatchDecider:
    """Decides rows of one CSV: cells in, a Decided or a Failure out.

    Each distinct case is decided by engine.assess (the decision of `diagnose`, without the
    messages for people); `render` turns the Assessment into what the output needs (cells, or
    JSON through engine.explain); it is kept in the cache, not the Assessment."""

    def __init__(
        self,
        rules: RuleSet,
        calendar: WorkingCalendar,
        columns: ColumnMap,
        default_as_of: Moment,
        render: Callable[[Assessment], object] = csv_cells,
        *,
        cache_size: int = 12000,
        token_cache_size: int = 4096,
        date_orders: Mapping[str, Callable[[str], str]] | None = None,
    ) -> None:
        self.rules, self.calendar, self.columns = rules, calendar, columns
        self.default_as_of, self.render = default_as_of, render
        answers = rules.answers
        orders = date_orders or {}  # field -> the reader of its column's date order
        self._as_of_order = orders.get(AS_OF)
        # In column order, so that a row with two bad cells reports the leftmost one.
        self.inputs = sorted(
            (name for name in rules.inputs if name in columns.fields),
            key=lambda name: columns.fields[name],
        )
        self._platform_index = columns.fields[PLATFORM]
        self._platform = _Memo(self._platform_token, token_cache_size).__getitem__
        as_of: list[tuple[int, _Tokens]] = []
        if AS_OF in columns.fields:
            as_of.append((columns.fields[AS_OF], _Tokens(self._as_of_token, token_cache_size)))
        full, status = [], []
        for name in self.inputs:
            answer = answers.get(name, "date")
            order = orders.get(name)
            read = _Tokens(lambda t, a=answer, o=order: _event_token(t, a, o), token_cache_size)
            only = _Tokens(lambda t, a=answer, o=order: _status_token(t, a, o), token_cache_size)
            full.append((name, (columns.fields[name], read)))
            status.append((name, (columns.fields[name], only)))
        self._readers = _readers([*as_of, *(reader for _, reader in full)])
        # A platform's unused inputs matter only as happened / not / unknown (they are not
        # stages of it): reading them so lets more rows share a cached decision.
        self._readers_for = {
            platform.id: _readers(
                [
                    *as_of,
                    *(
                        reader if name in platform.inputs() else reduced
                        for (name, reader), (_, reduced) in zip(full, status, strict=True)
                    ),
                ]
            )
            for platform in rules.platforms.values()
        }
        self._has_as_of = bool(as_of)
        # Decided cases by their cells as read (bounded: cleared when full).
        self._cases: dict[tuple, Decided | Failure] = {}
        self._cases_limit = cache_size
        # Many cases share one result (same verdict, due date and contact): keep each once.
        self._results: dict[object, Decided] = {}
        self._results_limit = cache_size

    def _platform_token(self, text: str) -> object:
        name = text.strip()
        if not name:
            return Failure(
                self.columns.column(PLATFORM),
                f"the platform is empty; give one of: {', '.join(sorted(self.rules.platforms))}",
            )
        try:
            return self.rules.platform(name).id
        except InputError:
            return name  # decide() reports it, as diagnose does

    def _as_of_token(self, text: str) -> tuple[str, object]:
        """(its text as read, its Moment) or ("", None) when empty; a Failure when unreadable."""
        if not text.strip():
            return "", None
        written = text
        if self._as_of_order is not None:
            text, failure = _ordered(text, self._as_of_order)
            if failure is not None:
                return written, Failure(self.columns.column(AS_OF), failure.message)
        try:
            moment = parse_moment(excel_serial_text(text) or text)
        except InputError as error:
            message = error.message.replace(repr(text), repr(written))
            return written, Failure(self.columns.column(AS_OF), message)
        return moment.isoformat(), moment

    def decide_row(self, cells: Sequence[str]) -> Decided | Failure:
        """The result of one row whose cells line up with the header."""
        platform = self._platform(cells[self._platform_index])
        # the platform, then the Token of each cell (the as-of first if there is a column)
        cells_of, token_maps = self._readers_for.get(platform, self._readers)
        key = (platform, *map(_token_of, token_maps, cells_of(cells)))
        known = self._cases.get(key)
        if known is not None:
            return known
        result = self._decide_new(platform, key[1:])
        if len(self._cases) >= self._cases_limit:
            self._cases.clear()
        self._cases[key] = result
        return result

    def _decide_new(self, platform, tokens: tuple[Token, ...]) -> Decided | Failure:
        """A case not seen yet: build_case and decision.assess, as for `diagnose`."""
        if platform.__class__ is Failure:
            return platform
        as_of = None
        if self._has_as_of:
            as_of = tokens[0].value
            if as_of.__class__ is Failure:
                return as_of
            tokens = tokens[1:]
        for name, token in zip(self.inputs, tokens, strict=True):
            if token.value.__class__ is Failure:  # a cell its column's date order cannot read
                return Failure(self.columns.column(name), token.value.message)
        # each cell as read once: its Event, or its own text when it cannot be read (so that
        # build_case reports it)
        raw = {
            name: token.text if token.value is None else token.value
            for name, token in zip(self.inputs, tokens, strict=True)
            if token.text
        }
        try:
            case = build_case(self.rules, platform, raw, as_of or self.default_as_of)
            assessment = assess(self.rules, case, self.calendar)
        except InputError as error:
            return Failure(self._column_of(error.where), error.message)
        if self.render is not csv_cells:  # JSON or a reply: each case has its own
            return Decided(assessment.platform.id, assessment.verdict, self.render(assessment))
        # The cells depend on nothing else: many cases share one result, rendered once.
        outcome, contact = assessment.outcome, assessment.contact
        key = (
            assessment.platform.id,
            outcome.stage.id,
            outcome.state,
            outcome.due,
            contact and contact.id,
        )
        known = self._results.get(key)
        if known is None:
            if len(self._results) >= self._results_limit:
                self._results.clear()
            known = self._results[key] = Decided(
                assessment.platform.id, assessment.verdict, csv_cells(assessment)
            )
        return known

    def _column_of(self, where: str | None) -> str | None:
        if where == "--platform":
            return self.columns.column(PLATFORM)
        return self.columns.column(where) if where in self.columns.fields else None


def failure_text(line: int, failure: Failure) -> str:
    """The `error` cell of a row: line, column and problem."""
    where = f"line {line}" + (f", column {failure.column!r}" if failure.column else "")
    return guard_cell(f"{where}: {failure.message}")


def ragged(width: int, header_width: int) -> Failure:
    return Failure(
        None,
        f"{width} cells where the header has {header_width} columns; check the delimiters "
        "and quotes on this line",
    )


@dataclass
class Summary:
    """What a run did: rows read, rows per verdict and per platform, the first errors."""

    rows: int = 0
    blank: int = 0
    padded: int = 0  # rows short of trailing empty cells, padded (not errors)
    verdicts: dict[str, int] = field(default_factory=dict)
    platforms: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    first_errors: list[dict] = field(default_factory=list)
    keep_errors: int = 10

    def add_error(self, line: int, failure: Failure) -> None:
        self.errors += 1
        if len(self.first_errors) < self.keep_errors:
            self.first_errors.append(
                {"line": line, "column": failure.column, "message": failure.message}
            )

    def merge(self, other: Summary) -> None:
        """Add the counts of a later part of the same input."""
        self.rows += other.rows
        self.blank += other.blank
        self.padded += other.padded
        for mine, theirs in ((self.verdicts, other.verdicts), (self.platforms, other.platforms)):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count
        self.errors += other.errors
        room = self.keep_errors - len(self.first_errors)
        self.first_errors.extend(other.first_errors[: max(room, 0)])

    @property
    def diagnosed(self) -> int:
        return self.rows - self.errors

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "diagnosed": self.diagnosed,
            "errors": self.errors,
            "blank_rows_skipped": self.blank,
            "rows_padded": self.padded,
            "verdicts": dict(sorted(self.verdicts.items())),
            "platforms": dict(sorted(self.platforms.items())),
            "first_errors": self.first_errors,
        }
