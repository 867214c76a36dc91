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

from sertifikat_cek.batch.columns import AS_OF, NAME, PLATFORM, ColumnMap
from sertifikat_cek.calendar.dates import Moment, parse_moment, quoted
from sertifikat_cek.calendar.workdays import WorkingCalendar
from sertifikat_cek.decide.case_input import build_case, parse_event
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
    date; a fraction is the time of day, to the second (seconds count at a daily batch's
    cut-off, DOMAIN.md 3), as Excel shows it."""
    match = _SERIAL.fullmatch(text.strip())
    if match is None:
        return None
    days = int(match.group(1))
    if not EXCEL_SERIAL_RANGE[0] <= days <= EXCEL_SERIAL_RANGE[1]:
        return None
    day = EXCEL_EPOCH + timedelta(days=days)
    if not match.group(2):
        return day.isoformat()
    seconds = round(float("0." + match.group(2)) * 24 * 60 * 60)
    stamp = datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)
    return stamp.strftime("%Y-%m-%d %H:%M:%S" if stamp.second else "%Y-%m-%d %H:%M")


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
    unconfirmed: bool = False  # decided by rules whose sources stop before its case day


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


# Cell texts longer than this are read every time they come, not kept: every cache here is
# bounded in bytes (entries x this) as well as in entries. A cell that long is no date, answer
# or platform, and is refused in time proportional to its length.
CACHED_CHARS = 256
# The token text of a cell that cannot be read: its error, in a namespace of its own, so that
# all the cells refused for the same reason share one short Token.
UNREADABLE = "\0"


class _Memo(dict):
    """Cell text -> what it reads as, read once per distinct text (cleared when full)."""

    def __init__(self, read: Callable[[str], object], limit: int) -> None:
        super().__init__()
        self.read, self.limit = read, limit

    def __missing__(self, text: str) -> object:
        if len(text) > CACHED_CHARS:
            return self.read(text)
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
        if len(text) <= CACHED_CHARS:
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
) -> tuple[str, Event | InputError]:
    """A cell as (the shortest text that reads as the same event, that event); an unreadable
    cell as (its error's text, the error), read once: the error is the row's. With its
    column's date `order`, the cell is first read in that order (a cell the order cannot read
    is an error, never a silent misread)."""
    if order is not None:
        read, failure = _ordered(text, order)
        if failure is not None:
            return UNREADABLE + failure.message, InputError(failure.message)
        if read != text:
            token, event = _event_token(read, answer)
            if event.__class__ is not Event:  # the parser's message, about the cell as written
                message = event.message.replace(repr(read), repr(text))
                return UNREADABLE + message, InputError(message)
            return token, event
    value = excel_serial_text(text) or text
    try:
        event = parse_event(value, answer=answer)
    except InputError as error:
        # a new error, not the one raised: that one's traceback would keep the frames of the
        # block being decided (and every cell in them) alive for as long as the Token lives
        return UNREADABLE + error.message, InputError(error.message)
    if event.status == HAPPENED:
        return (event.moment.isoformat() if event.moment else "yes"), event
    return ("no" if event.status == NOT_HAPPENED else ""), event


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
        # Columns read alike (the same answer, and the same date order: none, or the day-first
        # one, which names no column) share one Token map: a text is read once for all of them.
        alike: dict[tuple, _Tokens] = {}
        full = []
        for name in self.inputs:
            answer = answers.get(name, "date")
            order = orders.get(name)
            read = alike.get((answer, order))
            if read is None:
                read = alike[answer, order] = _Tokens(
                    lambda t, a=answer, o=order: _event_token(t, a, o), 0
                )
            read.limit += token_cache_size
            full.append((columns.fields[name], read))
        # Every input is read in full, also one the platform's chain does not use: its date
        # can be the case day that chooses the chain, and it must not be after the as-of date.
        self._readers = _readers([*as_of, *full])
        # field -> the Token map of its column (the columnar path reads cells through them too)
        self.token_maps: dict[str, _Tokens] = {
            name: tokens
            for name, (_, tokens) in zip(
                [AS_OF] * len(as_of) + self.inputs, [*as_of, *full], strict=True
            )
        }
        self._has_as_of = bool(as_of)
        # A name column (--map COLUMN=name) matters only to what a reply says: render(assessment,
        # name=...) for each distinct name; the plain result cells never read it.
        self._name_index = columns.fields.get(NAME) if render is not csv_cells else None
        # Decided cases by their cells as read (bounded: cleared when full).
        self._cases: dict[tuple, Decided | Failure] = {}
        self._cases_limit = cache_size
        # Many cases share one result (same verdict, due date and contact): keep each once.
        self._results: dict[object, Decided] = {}
        self._results_limit = cache_size

    def platform_of(self, text: str) -> object:
        """A platform cell as read: the platform's id, its Failure, or the unknown name."""
        return self._platform(text)

    def _platform_token(self, text: str) -> object:
        name = text.strip()
        if not name or len(name) > CACHED_CHARS:
            what = "the platform is empty" if not name else f"{quoted(name)} is not a platform"
            return Failure(
                self.columns.column(PLATFORM),
                f"{what}; give one of: {', '.join(sorted(self.rules.platforms))}",
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
                message = failure.message
                return UNREADABLE + message, Failure(self.columns.column(AS_OF), message)
        try:
            moment = parse_moment(excel_serial_text(text) or text)
        except InputError as error:
            message = error.message.replace(repr(text), repr(written))
            return UNREADABLE + message, Failure(self.columns.column(AS_OF), message)
        return moment.isoformat(), moment

    def decide_row(self, cells: Sequence[str]) -> Decided | Failure:
        """The result of one row whose cells line up with the header."""
        platform = self._platform(cells[self._platform_index])
        # the platform, then the Token of each cell (the as-of first if there is a column)
        cells_of, token_maps = self._readers
        key = (platform, *map(_token_of, token_maps, cells_of(cells)))
        name = None
        if self._name_index is not None:
            name = " ".join(cells[self._name_index].split()) or None
            key = (name, *key)
        known = self._cases.get(key)
        if known is not None:
            return known
        first = 1 if self._name_index is None else 2  # the Tokens after the platform (and name)
        result = self._decide_new(platform, key[first:], name)
        if len(self._cases) >= self._cases_limit:
            self._cases.clear()
        self._cases[key] = result
        return result

    def _decide_new(
        self, platform, tokens: tuple[Token, ...], name: str | None = None
    ) -> Decided | Failure:
        """A case not seen yet: build_case and decision.assess, as for `diagnose`."""
        if platform.__class__ is Failure:
            return platform
        as_of = None
        if self._has_as_of:
            as_of = tokens[0].value
            if as_of.__class__ is Failure:
                return as_of
            tokens = tokens[1:]
        # each cell as read once: its Event; the leftmost that cannot be read is the row's error
        raw = {}
        for field_name, token in zip(self.inputs, tokens, strict=True):
            if not token.text:
                continue  # unknown
            if token.value.__class__ is not Event:
                return Failure(self._column_of(field_name), token.value.message)
            raw[field_name] = token.value
        try:
            case = build_case(self.rules, platform, raw, as_of or self.default_as_of)
            assessment = assess(self.rules, case, self.calendar)
        except InputError as error:
            return Failure(self._column_of(error.where), error.message)
        if self.render is not csv_cells:  # JSON or a reply: each case has its own
            rendered = (
                self.render(assessment)
                if self._name_index is None
                else self.render(assessment, name=name)
            )
            return Decided(
                assessment.platform.id, assessment.verdict, rendered, _unconfirmed(assessment)
            )
        # The cells depend on nothing else: many cases share one result, rendered once.
        outcome, contact = assessment.outcome, assessment.contact
        return self.shared_result(
            assessment.platform.id,
            outcome.stage.id,
            outcome.state,
            outcome.due,
            contact and contact.id,
            _unconfirmed(assessment),
        )

    def shared_result(
        self,
        platform_id: str,
        stage_id: str,
        state: str,
        due: date | None,
        contact_id: str | None,
        unconfirmed: bool,
    ) -> Decided:
        """The one Decided of every case with this result, and its cells (what `csv_cells`
        gives for such an assessment): the row path and the columnar path share it."""
        key = (platform_id, stage_id, state, due, contact_id, unconfirmed)
        known = self._results.get(key)
        if known is None:
            if len(self._results) >= self._results_limit:
                self._results.clear()
            cells = (
                f"{stage_id}_{state}",
                stage_id,
                state,
                due.isoformat() if due else "",
                contact_id or "",
            )
            known = self._results[key] = Decided(
                platform_id, cells[0], tuple(map(guard_cell, cells)), unconfirmed
            )
        return known

    def _column_of(self, where: str | None) -> str | None:
        if where == "--platform":
            return self.columns.column(PLATFORM)
        return self.columns.column(where) if where in self.columns.fields else None


def _unconfirmed(assessment: Assessment) -> bool:
    """Whether the case day is after the last day the chain's sources speak for."""
    return assessment.case_day > assessment.chain.confirmed_until


def place(row: int, line: int | None) -> str:
    """Where a CSV record or workbook row is, for people: its spreadsheet row (the header is
    row 1), and the file line it starts on when that is another number (a quoted line break or
    a `sep=` line before it). `row 3 (line 4)`, `row 3`."""
    return f"row {row}" if line is None or line == row else f"row {row} (line {line})"


def failure_text(row: int, line: int | None, failure: Failure) -> str:
    """The `error` cell of a CSV row: its place, the column and the problem."""
    where = place(row, line) + (f", column {failure.column!r}" if failure.column else "")
    return guard_cell(f"{where}: {failure.message}")


def ragged(width: int, header_width: int) -> Failure:
    return Failure(
        None,
        f"{width} cells where the header has {header_width} columns; check the delimiters "
        "and quotes on this line",
    )


@dataclass
class Summary:
    """What a run did: rows read, rows per verdict and per platform, the first errors, and the
    rows decided by rules whose sources stop before their case day (rules_unconfirmed)."""

    rows: int = 0
    blank: int = 0
    unconfirmed: int = 0
    padded: int = 0  # rows short of trailing empty cells, padded (not errors)
    verdicts: dict[str, int] = field(default_factory=dict)
    platforms: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    first_errors: list[dict] = field(default_factory=list)
    keep_errors: int = 10

    def add_error(self, row: int, line: int | None, failure: Failure) -> None:
        """Count a row with an error; keep the first ones with their place: the spreadsheet
        `row` and the file `line` (None for a workbook)."""
        self.errors += 1
        if len(self.first_errors) < self.keep_errors:
            self.first_errors.append(
                {"row": row, "line": line, "column": failure.column, "message": failure.message}
            )

    def merge(self, other: Summary) -> None:
        """Add the counts of a later part of the same input."""
        self.rows += other.rows
        self.blank += other.blank
        self.unconfirmed += other.unconfirmed
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
            "rules_unconfirmed": self.unconfirmed,
            "rows_padded": self.padded,
            "verdicts": dict(sorted(self.verdicts.items())),
            "platforms": dict(sorted(self.platforms.items())),
            "first_errors": self.first_errors,
        }
