"""Reading CSV exports as they really come: delimiters csv.Sniffer gets wrong, encodings, BOMs,
line ends, and decode errors that name their line."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sertifikat_cek.batch import csv_input as csv_io
from sertifikat_cek.batch import stream as batch_stream
from sertifikat_cek.errors import InputError

NAMES = [
    "platform",
    "platform digital",
    "mitra",
    "tgl selesai",
    "tanggal selesai",
    "selesai",
    "rating",
    "tanggal rating",
    "laporan lembaga",
    "laporan platform",
    "nama sesuai",
    "tanggal cek",
    "as of",
]

# Small exports on which csv.Sniffer fails (it raises or guesses wrong): quoted text holding
# the other delimiters, dates with spaces and times, a single data row.
SNIFFER_FAILS = [
    (
        ";",
        "Tanggal Cek;Platform Digital;Tanggal Rating;Catatan\r\n"
        '19/03/2021 10:00;Bukalapak;;"kata LP: tunggu; 3 hari"\r\n'
        "19 Maret 2021;Pijar Mahir;belum;ok\r\n",
    ),
    (
        ";",
        "Nama Peserta;Tanggal Cek;Platform Digital;Catatan\r\n"
        'Sari Dewi;19/03/2021 10:00;Bukalapak;"kata LP: tunggu; 3 hari"\r\n'
        'Ani;19 Maret 2021;Pijar Mahir;"kata LP: tunggu; 3 hari"\r\n'
        "Ani;19/03/2021 10:00;Tokopedia;sudah lapor, belum ada\r\n",
    ),
    (
        ";",
        'Nama Peserta;Platform Digital;Catatan\r\nBudi, S.Kom;Pijar Mahir;"kata LP: tunggu; 3 hari"\r\n',
    ),
]


def sniffer_guess(text: str) -> str | None:
    try:
        return csv.Sniffer().sniff(text, delimiters=",;\t|").delimiter
    except csv.Error:
        return None


@pytest.mark.parametrize(("delimiter", "text"), SNIFFER_FAILS)
def test_detection_reads_small_exports_that_fool_csv_sniffer(delimiter, text):
    assert sniffer_guess(text) != delimiter  # the reason this detection exists
    assert csv_io.detect_delimiter(text.splitlines(True), NAMES) == delimiter


CELLS = st.sampled_from(
    [
        "Budi, S.Kom",
        "Santoso; Budi",
        "A | B",
        "tab\there",
        "5 Maret 2021 14:30",
        "05/03/2021",
        "belum",
        "",
        'kata "LP"',
        "baris\nbaru",
    ]
)


@given(
    st.sampled_from(csv_io.DELIMITERS),
    st.lists(st.lists(CELLS, min_size=3, max_size=3), min_size=0, max_size=4),
)
def test_detection_finds_the_delimiter_of_any_small_export_with_known_headers(delimiter, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Nama Peserta", "Platform Digital", "Tgl Selesai"])
    writer.writerows(rows)
    lines = buffer.getvalue().splitlines(True)
    assert csv_io.detect_delimiter(lines, NAMES) == delimiter


def lines_of(data: bytes, encoding: str | None = None) -> list[str]:
    source = csv_io.Source("test.csv", io.BytesIO(data))
    return list(csv_io.text_lines(source, encoding))


def test_a_utf8_bom_is_dropped_and_remembered():
    source = csv_io.Source("t.csv", io.BytesIO(b"\xef\xbb\xbfPlatform\r\nTokopedia\r\n"))
    assert list(csv_io.text_lines(source, None)) == ["Platform\r\n", "Tokopedia\r\n"]
    assert source.bom and source.encoding == "utf-8"


def test_utf16_with_a_bom_is_read_without_being_told():
    assert lines_of("Platform\tTgl\nTokopedia\t5 Maret\n".encode("utf-16")) == [
        "Platform\tTgl\n",
        "Tokopedia\t5 Maret\n",
    ]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_every_line_end_splits_lines_and_only_those(end):
    text = f"a;b{end}c\x0bd;\x1ce\u2028f{end}g"
    assert lines_of(text.encode()) == [f"a;b{end}", f"c\x0bd;\x1ce\u2028f{end}", "g"]


def test_a_crlf_split_across_chunks_stays_one_line_end(monkeypatch):
    monkeypatch.setattr(csv_io, "CHUNK_BYTES", 4)
    assert lines_of(b"abc\r\ndef\r\nghi") == ["abc\r\n", "def\r\n", "ghi"]


@given(st.text(alphabet='ab;\r\n"é', max_size=60), st.integers(min_value=1, max_value=9))
def test_chunked_lines_are_the_lines_of_the_whole_text(text, chunk):
    source = csv_io.Source("t.csv", io.BytesIO(text.encode()))
    original = csv_io.CHUNK_BYTES
    csv_io.CHUNK_BYTES = chunk
    try:
        lines = list(csv_io.text_lines(source, None))
    finally:
        csv_io.CHUNK_BYTES = original
    assert lines == list(io.StringIO(text, newline=""))


def test_a_decode_error_names_the_line_and_suggests_encoding():
    data = "Platform;Nama\nTokopedia;Budi\nBukalapak;José\n".encode("latin-1")
    with pytest.raises(InputError) as caught:
        lines_of(data)
    assert caught.value.where == "test.csv:3"
    assert "--encoding" in str(caught.value)


def test_a_decode_error_far_in_the_file_names_its_line(monkeypatch):
    monkeypatch.setattr(csv_io, "CHUNK_BYTES", 64)
    data = b"Platform;Nama\n" + b"Tokopedia;Budi\n" * 500 + b"Tokopedia;Jos\xe9\n"
    with pytest.raises(InputError) as caught:
        lines_of(data)
    assert caught.value.where == "test.csv:502"


def test_latin1_is_read_when_named():
    data = "Platform;Nama\nBukalapak;José\n".encode("latin-1")
    assert lines_of(data, "latin-1")[1] == "Bukalapak;José\n"


def test_an_unknown_encoding_is_refused():
    with pytest.raises(InputError) as caught:
        csv_io.check_encoding("utf-9")
    assert caught.value.where == "--encoding"


@pytest.mark.parametrize(("given", "meant"), [("tab", "\t"), ("\\t", "\t"), (";", ";")])
def test_delimiter_option_takes_names_and_characters(given, meant):
    assert csv_io.delimiter_option(given) == meant


@pytest.mark.parametrize("given", ["", ";;", '"', "\n"])
def test_delimiter_option_refuses_what_cannot_be_a_delimiter(given):
    with pytest.raises(InputError):
        csv_io.delimiter_option(given)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_never_under_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert batch_stream.Progress(FakeTerminal(), 100).allowed
    assert not batch_stream.Progress(io.StringIO(), 100).allowed
    monkeypatch.setenv("NO_COLOR", "1")
    assert not batch_stream.Progress(FakeTerminal(), 100).allowed


def test_progress_draws_on_a_terminal_and_clears_itself(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = FakeTerminal()
    progress = batch_stream.Progress(terminal, 1000)
    progress.start()
    progress.update(10, 500)
    progress.close()
    assert "rows" in terminal.getvalue()
