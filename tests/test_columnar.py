"""The columnar executor against the reference: `decide.arrays` gives `assess`'s verdict, stage,
state, due date, contact, basis, implied stages and contradictions for every case it claims,
and claims every case `assess` decides without an error; `batch --engine columns` writes the
same bytes, summary and exit code as `batch --engine rows` on generated exports (every date
form, quoting, line ends, blank, short and long rows, bad cells, as-of columns, block cuts)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from domain_strategies import cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_batch_blocks import batch
from test_domain_v2 import INPUT_OF, as_text

from sertifikat_cek.calendar.dates import easternmost_day, parse_moment
from sertifikat_cek.decide.arrays import (
    DATED,
    NO,
    NO_TIME,
    STATE_NAMES,
    UNKNOWN,
    YES,
    ArrayDecider,
    AsOfColumns,
    EventColumns,
)
from sertifikat_cek.decide.assess import assess
from sertifikat_cek.decide.case_input import build_case
from sertifikat_cek.errors import InputError

INPUTS = tuple(INPUT_OF.values())


def _second(moment) -> int:
    at = moment.time
    return NO_TIME if at is None else at.hour * 3600 + at.minute * 60 + at.second


def _columns(rules, cases_, kept=INPUTS):
    """The arrays of a list of (platform, inputs, as_of) cases, and each case as assess reads it,
    with the input columns `kept` (an export without the others)."""
    decider_platforms = tuple(sorted(rules.platforms))
    built, platform, days, seconds, easts = [], [], [], [], []
    codes = {name: ([], [], []) for name in kept}
    for platform_id, inputs, as_of in cases_:
        raw = {INPUT_OF[stage]: as_text(v) for stage, v in inputs.items() if v is not None}
        raw = {name: value for name, value in raw.items() if name in kept}
        moment = parse_moment(as_text(as_of))
        case = build_case(rules, platform_id, raw, moment)
        built.append(case)
        platform.append(decider_platforms.index(platform_id))
        days.append(moment.day.toordinal())
        seconds.append(_second(moment))
        easts.append(easternmost_day(moment).toordinal())
        for name in kept:
            event = case.events.get(name)
            status, day, second = codes[name]
            if event is None or event.status == "unknown":
                status.append(UNKNOWN), day.append(0), second.append(NO_TIME)
            elif event.status == "no":
                status.append(NO), day.append(0), second.append(NO_TIME)
            elif event.moment is None:
                status.append(YES), day.append(0), second.append(NO_TIME)
            else:
                status.append(DATED)
                day.append(event.moment.day.toordinal())
                second.append(_second(event.moment))
    events = {
        name: EventColumns(*(np.asarray(c, dtype=np.int64) for c in codes[name])) for name in kept
    }
    for columns in events.values():
        object.__setattr__(columns, "status", columns.status.astype(np.int8))
    as_of = AsOfColumns(*(np.asarray(a, dtype=np.int64) for a in (days, seconds, easts)))
    return built, np.asarray(platform, dtype=np.int64), events, as_of


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(cases(), min_size=1, max_size=40),
    st.sets(st.sampled_from(INPUTS)).map(
        lambda dropped: tuple(i for i in INPUTS if i not in dropped)
    ),
)
def test_the_arrays_decide_every_case_as_assess_does(rules, calendar, drawn, kept):
    built, platform, events, as_of = _columns(rules, drawn, kept)
    result = ArrayDecider(rules, calendar).decide(platform, events, as_of, detail=True)
    for row, case in enumerate(built):
        try:
            expected = assess(rules, case, calendar)
        except InputError:
            assert not result.claimed[row], "a case assess refuses is left to assess"
            continue
        assert result.claimed[row], "every case assess decides is decided as arrays"
        stages = result.stages[result.group[row]]
        assert [s.id for s in stages] == [o.stage.id for o in expected.stages]
        verdict = stages[result.verdict[row]]
        state = STATE_NAMES[result.state[row]]
        due = date.fromordinal(result.due[row]) if result.due[row] else None
        assert (verdict.id, state, due) == (expected.stage, expected.state, expected.due)
        contact = result.contact_of_group[result.group[row]][result.verdict[row], result.state[row]]
        assert (contact or None) == (expected.contact.id if expected.contact else None)
        assert (verdict.due.basis if verdict.due else None) == (
            expected.outcome.stage.due.basis if expected.outcome.stage.due else None
        )
        assert result.unconfirmed[row] == (expected.case_day > expected.chain.confirmed_until)
        assert result.contradiction[row] == bool(expected.contradictions)
        for index, outcome in enumerate(expected.stages):
            assert STATE_NAMES[result.states[row, index]] == outcome.state, outcome.stage.id
            got_due = result.dues[row, index]
            assert (date.fromordinal(got_due) if got_due else None) == outcome.due
            assert bool(result.implied[row, index]) == outcome.implied


# -- whole exports: the same bytes with either engine -----------------------------------------

HEADER = [
    "No",
    "Nama",
    "Platform Digital",
    "Tgl Selesai",
    "Tanggal Rating",
    "Laporan Lembaga",
    "Laporan Platform",
    "Nama Sesuai",
    "Tanggal Cek",
    "Catatan",
]
PLATFORM_CELLS = [
    "Tokopedia", "tokopedia", "Tokped", "Bukalapak", "BL", "Buka Lapak", "Kemnaker",
    "Sisnaker", "Kemnaker (Sisnaker)", "Pijar Mahir", "PijarMahir", " Pijar ", "Shopee", "",
]  # fmt: skip
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"


def _date_cell(rng: random.Random, day: date) -> str:
    form = rng.randrange(10)
    if form == 0:
        return day.isoformat()
    if form == 1:
        return f"{day.day} {MONTHS.split()[day.month - 1]} {day.year}"
    if form == 2:
        return str((day - date(1899, 12, 30)).days)  # an Excel serial number
    if form == 3:
        return day.strftime("%d-%m-%Y")
    if form == 4:
        clock = rng.choice(["09:00", "13:59", "14:00", "14:00:01", "23:59", "16:45 WITA"])
        return day.strftime("%d/%m/%Y ") + clock
    if form == 5:
        return datetime.combine(day, datetime.min.time()).strftime("%Y-%m-%dT%H:%M")
    return day.strftime("%d/%m/%Y")


def _event_cell(rng: random.Random, day: date) -> str:
    roll = rng.random()
    if roll < 0.15:
        return ""
    if roll < 0.22:
        return rng.choice(["belum", "tidak", "no", "ya", "sudah", "tidak tahu", "?", "-"])
    if roll < 0.24:
        return rng.choice(["31/02/2021", "kemarin sore", "2021-13-01", "x" * 300])
    return _date_cell(rng, day)


def _quoted(rng: random.Random, cell: str, delimiter: str, text: bool) -> str:
    """A cell as an export may write it: plain or quoted; a text cell (`text`) also with the
    delimiter, quotes or a line break inside, or a literal quote in an unquoted cell."""
    roll = rng.random()
    if delimiter in cell or '"' in cell or roll < 0.1:
        return '"' + cell.replace('"', '""') + '"'
    if not text:
        return cell
    if roll < 0.13:
        return f'"{cell}{delimiter} lagi"'
    if roll < 0.15:
        return f'"kata ""LP"" {cell}"'
    if roll < 0.16:
        return f'ab"c{cell}'  # a quote inside an unquoted cell: literal
    if roll < 0.165:
        return f'"baris satu\nbaris dua {cell}"'  # a quoted line break
    return cell


def export(
    seed: int, rows: int, delimiter: str = ";", as_of_column: bool = True, newest_first=False
) -> bytes:
    """A generated export of `rows` rows, every shape batch meets in the real world; with
    `newest_first`, completed a day earlier every few rows (an export sorted newest first:
    each Job meets due dates before all those met so far)."""
    rng = random.Random(seed)
    end = rng.choice(["\n", "\r\n", "\n"])
    lines = [delimiter.join(HEADER if as_of_column else HEADER[:8] + HEADER[9:])]
    for number in range(rows):
        year = rng.choice([2020, 2021, 2021, 2022, 2022, 2023, 2024, 2025])
        completed = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        if newest_first:
            completed = date(2022, 12, 31) - timedelta(days=number // 8)
        days = sorted(rng.choice([0, 0, 1, 2, 3, 5, 9, -1]) for _ in range(4))
        cells = [
            str(number),
            rng.choice(["Ani", "Budi", "José", ""]),
            rng.choice(PLATFORM_CELLS),
            _event_cell(rng, completed),
            _event_cell(rng, completed + timedelta(days=days[0])),
            _event_cell(rng, completed + timedelta(days=days[1])),
            _event_cell(rng, completed + timedelta(days=days[2])),
            rng.choice(["", "ya", "tidak", "", "", "", "", "", "", "mungkin"]),
        ]
        if as_of_column:
            check = completed + timedelta(days=rng.choice([-3, 0, 1, 4, 8, 15, 40, 400]))
            cells.append(rng.choice(["", _date_cell(rng, check)]))
        cells.append(rng.choice(["", "catatan", "via WA; dicek"]))
        texts = {0, 1, len(cells) - 1}  # No, Nama, Catatan
        cells = [_quoted(rng, cell, delimiter, i in texts) for i, cell in enumerate(cells)]
        shape = rng.random()
        if shape < 0.01:
            cells = cells[:5]  # a short row: padded
        elif shape < 0.015:
            cells.append("extra")  # a long row: an error that keeps every cell
        elif shape < 0.02:
            cells = [""] * len(cells)  # a row of empty cells
        line = delimiter.join(cells)
        if shape > 0.995:
            line = ""  # a blank line
        lines.append(line)
    if rng.random() < 0.15:  # a file of mixed line ends, a lone \r among them now and then
        ends = [rng.choice(["\n", "\r\n", "\n", "\r\n", "\r"]) for _ in lines]
        text = "".join(line + ending for line, ending in zip(lines, ends, strict=True))
        if rng.random() < 0.2:
            text = text.rstrip("\r\n")
    else:
        text = end.join(lines) + (end if rng.random() < 0.8 else "")
    bom = "\ufeff" if rng.random() < 0.2 else ""
    return (bom + text).encode("utf-8")


LATE = ("--as-of", "2025-12-31")  # after every generated completion: most rows are cases


def _same(data: bytes, *args: str, jobs: int = 1, block: int | None = None) -> None:
    runs = [
        batch(data, "--engine", engine, *LATE, *args, jobs=jobs, block=block)
        for engine in ("rows", "columns")
    ]
    rows, columns = runs
    assert columns.code == rows.code, (rows.stderr[-400:], columns.stderr[-400:])
    assert columns.out == rows.out
    assert columns.summary == rows.summary
    assert columns.stderr == rows.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    rows=st.integers(1, 400),
    block=st.sampled_from([None, 97, 1024, 4096]),
    as_of_column=st.booleans(),
    delimiter=st.sampled_from([";", ",", "\t"]),
)
def test_batch_writes_the_same_bytes_with_either_engine(seed, rows, block, as_of_column, delimiter):
    data = export(seed, rows, delimiter, as_of_column)
    _same(data, "--date-order", "dmy", block=block)


@pytest.mark.parametrize("seed", [1, 2])
def test_an_export_newest_first_gives_the_same_bytes_with_either_engine(monkeypatch, seed):
    """Each Job meets due dates before every one met so far (the tables of the arrays grow
    backwards): the same bytes, summary and exit code with either engine."""
    from sertifikat_cek.batch import stream as batch_stream

    monkeypatch.setattr(batch_stream, "CHUNK_BYTES", 2048)  # Jobs of a few dozen rows
    data = export(seed, 1500, newest_first=True)
    rows, columns = (
        batch(data, "--engine", engine, *LATE, "--date-order", "dmy", block=2048, head_lines=3)
        for engine in ("rows", "columns")
    )
    assert (columns.code, columns.out, columns.summary) == (rows.code, rows.out, rows.summary)


def test_a_due_date_the_day_before_the_earliest_met_is_written(monkeypatch):
    """Completed 7 April 2021, then "ya" (done, no date), then 6 April, each in Jobs of its
    own: the third rows' report is due on 7 April, the day before the earliest due date met so
    far (8 April), for a result met before without a due date. The arrays once wrote those
    rows with no due date at all; both engines write 2021-04-07."""
    from sertifikat_cek.batch import stream as batch_stream

    monkeypatch.setattr(batch_stream, "CHUNK_BYTES", 4096)  # Jobs of a few hundred rows
    lines = ["No;Platform Digital;Tgl Selesai;Tanggal Rating;Tanggal Cek"]
    for day in ("07/04/2021", "ya", "06/04/2021"):
        lines += [f"{len(lines)};Tokopedia;{day};;30/04/2021" for _ in range(600)]
    data = ("\n".join(lines) + "\n").encode()
    rows, columns = (
        batch(data, "--engine", engine, "--date-order", "dmy", block=4096, head_lines=3)
        for engine in ("rows", "columns")
    )
    assert (columns.code, columns.out, columns.summary) == (rows.code, rows.out, rows.summary)
    last = columns.out.decode().splitlines()[-1].split(";")
    assert last[2] == "06/04/2021" and last[8] == "2021-04-07", last


@pytest.mark.parametrize("seed", [1])
def test_batch_writes_the_same_bytes_with_either_engine_on_worker_processes(seed):
    data = export(seed, 3000)
    _same(data, "--date-order", "dmy", jobs=2, block=4096)


def test_the_columnar_engine_decides_most_rows_of_a_real_export_itself(monkeypatch):
    """Not a vacuous equality: the arrays, not the row path, decide the ordinary rows."""
    from sertifikat_cek.batch import columnar

    claimed = []
    real = columnar.ColumnarBlocks._decide_bytes

    def counting(self, *args):
        result = real(self, *args)
        claimed.append(self.claimed_rows)
        return result

    monkeypatch.setattr(columnar.ColumnarBlocks, "_decide_bytes", counting)
    data = export(5, 2000)
    run = batch(data, "--engine", "columns", *LATE, "--date-order", "dmy", jobs=1)
    assert run.summary["rows"] >= 1900
    assert run.summary["diagnosed"] > 0.5 * run.summary["rows"]
    assert claimed and claimed[-1] > 0.8 * run.summary["diagnosed"]


def test_without_the_array_libraries_auto_goes_row_by_row_and_columns_says_why(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "sertifikat_cek.batch.columnar", None)  # import fails
    data = export(3, 50)
    auto = batch(data, *LATE, "--date-order", "dmy")
    rows = batch(data, "--engine", "rows", *LATE, "--date-order", "dmy")
    assert (auto.code, auto.out) == (rows.code, rows.out)
    refused = batch(data, "--engine", "columns", *LATE, "--date-order", "dmy")
    assert refused.code == 2
    assert "--engine" in refused.stderr and "numpy and pyarrow" in refused.stderr
    assert refused.out == b""


@given(st.lists(st.sampled_from([b"\n", b"\r", b"\r\n", b"a", b";", b'"']), max_size=60))
def test_the_columnar_line_count_is_the_streamers(pieces):
    import numpy as np

    from sertifikat_cek.batch.columnar import count_lines
    from sertifikat_cek.batch.csv_input import line_count

    data = b"".join(pieces)
    assert count_lines(data) == line_count(data)
    assert count_lines(memoryview(data), np.ones(len(data) + 3, dtype=bool)) == line_count(data)


def test_chain_and_advice_change_only_on_the_change_days(rules):
    """The arrays fill their day tables between Platform.change_days: asked day by day, from
    2019 to 2027, chain_on and advice_on answer as on the last change day before."""
    first, last = date(2019, 1, 1), date(2027, 12, 31)
    for platform in rules.platforms.values():
        changes = set(platform.change_days())
        day, chain, advice = first, platform.chain_on(first), platform.advice_on(first)
        while day <= last:
            if day in changes:
                chain, advice = platform.chain_on(day), platform.advice_on(day)
            assert platform.chain_on(day) is chain, (platform.id, day)
            assert platform.advice_on(day) == advice, (platform.id, day)
            day += timedelta(days=1)


@given(st.lists(st.integers(0, 40), max_size=12), st.integers(2, 24))
def test_a_block_with_a_line_over_the_limit_goes_to_the_row_path(lengths, limit):
    """The quick test of line lengths (a line end in every stretch of limit / 2 bytes) says
    what the longest line says."""
    from sertifikat_cek.batch.block_parts import longest_over

    data = b"".join(b"x" * n + b"\n" for n in lengths)
    bodies = data.splitlines()
    assert longest_over(data, bodies, limit) == (max(map(len, bodies), default=0) > limit)


def _dictionary_column(cells: list[str]):
    """A column of cells as pyarrow's CSV reader gives it: dictionary<int32, string> chunks."""
    import pyarrow as pa

    return [pa.array(cells, pa.string()).dictionary_encode()] if cells else []


def test_cell_codes_read_again_after_the_table_is_cleared():
    """When the distinct texts overflow the bounded table, it starts again: no code of a text
    read before the clearing is given to another text."""
    from sertifikat_cek.batch.cell_codes import CellCodes

    codes = CellCodes({})
    codes.LIMIT = 4
    codes.read = lambda text: (int(text), 0, NO_TIME)
    [first] = codes.take([_dictionary_column(["1", "2", "3"])])
    [second] = codes.take([_dictionary_column(["9", "8", "7"])])  # 3 + 3 > 4: cleared
    assert first[0].tolist() == [1, 2, 3]
    assert second[0].tolist() == [9, 8, 7]


@settings(max_examples=60, deadline=None)
@given(
    blocks=st.lists(
        st.lists(
            st.lists(st.sampled_from(["", "1", "22", "x", "é", "1 ", "ab" * 130]), max_size=9),
            min_size=1,
            max_size=3,
        ),
        min_size=1,
        max_size=6,
    ),
    limit=st.sampled_from([3, 5, 200_000]),
)
def test_cell_codes_give_each_cell_its_own_texts_codes(blocks, limit):
    """Over blocks of one to three columns read alike, each cell's codes are those of its own
    text read alone, whatever was met before, whatever the clearing; each text is read once
    between clearings, and a text too long to keep is never read (the row path takes it)."""
    from sertifikat_cek.batch.cell_codes import CellCodes
    from sertifikat_cek.batch.rows import CACHED_CHARS

    def codes_of(text: str) -> tuple[int, int, int]:
        return (len(text), sum(map(ord, text)), 7)

    reads: list[str] = []
    codes = CellCodes({})
    codes.LIMIT = limit
    codes.read = lambda text: reads.append(text) or codes_of(text)
    for columns in blocks:
        cleared_before = len(reads)
        found = codes.take([_dictionary_column(cells) for cells in columns])
        assert len(found) == len(columns)
        for cells, (status, day, second) in zip(columns, found, strict=True):
            wanted = [CellCodes.UNCLAIMED if len(t) > CACHED_CHARS else codes_of(t) for t in cells]
            assert list(zip(status.tolist(), day.tolist(), second.tolist(), strict=True)) == wanted
        new_reads = reads[cleared_before:]
        assert len(new_reads) == len(set(new_reads))
        assert all(len(t) <= CACHED_CHARS for t in reads)
    if limit == 200_000:  # never cleared: each text read once over the run
        assert len(reads) == len(set(reads))


@given(st.lists(st.integers(-(2**62), 2**62), max_size=40))
def test_sorted_distinct_is_the_sorted_set(values):
    from sertifikat_cek.decide.arrays import sorted_distinct

    found = sorted_distinct(np.asarray(values, dtype=np.int64))
    assert found.tolist() == sorted(set(values))
