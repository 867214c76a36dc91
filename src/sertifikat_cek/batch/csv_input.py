"""The CSV input of `batch`: bytes to lines (encoding, BOM), the delimiter, the header, and the
rest of the file as blocks of whole lines.

Nothing here decides a case. The file is never held in memory: it is read in blocks that end at
a line end. In UTF-8 and the other encodings where a line-end byte is always a line end, each
block is decoded on its own, so a block can go to a worker process as bytes; UTF-16 and UTF-32
go through one incremental decoder."""

from __future__ import annotations

import codecs
import csv
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sertifikat_cek.batch.columns import normalise_header
from sertifikat_cek.errors import InputError

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
CHUNK_BYTES = 256 * 1024
HEAD_LINES, HEAD_BYTES = 50, 64 * 1024
# The longest cell read (csv's own default, set explicitly): a longer one is taken for an
# opening quote without its closing quote, which would swallow the rest of the file.
FIELD_LIMIT = 128 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024  # no line end in this many bytes: not a CSV export
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters str.splitlines() breaks on that are not line ends in a CSV file.
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SEP_LINE = re.compile(r'"?sep=([^\r\n"])"?[^\S\r\n]*(?:\r\n|\r|\n)?', re.IGNORECASE)
_CSV_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# Encodings in which a byte \r or \n is never part of another character, and that need no
# state from one block to the next: their blocks can be cut at line ends and decoded alone.
_NOT_CUTTABLE = ("utf-16", "utf-32", "utf-7", "iso2022", "hz", "idna", "punycode")


@dataclass
class Source:
    """An opened input: its name for messages, its bytes, and the encoding chosen."""

    name: str
    stream: BinaryIO
    encoding: str = "utf-8"
    bom: bool = False
    bytes_read: int = 0
    size: int | None = None
    guessed: bool = False  # not UTF-8, no --encoding: read as cp1252 (announced)


def open_source(path: str, stdin: BinaryIO | None = None) -> Source:
    """The input file (or standard input for '-'); InputError when it cannot be opened."""
    if path == "-":
        return Source("<stdin>", stdin if stdin is not None else sys.stdin.buffer)
    file = Path(path)
    try:
        stream = file.open("rb")
    except FileNotFoundError:
        raise InputError("no such file; check the path", where=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a CSV file", where=path) from None
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", where=path) from None
    try:
        size = file.stat().st_size
    except OSError:
        size = None
    return Source(path, stream, size=size)


# Text codecs that are not the encoding of a file (they encode domain names, or fail on all).
_NOT_FILE_ENCODINGS = ("idna", "punycode", "undefined")


def check_encoding(name: str) -> str:
    """The codec's own name, for a text encoding; InputError for anything else (an unknown
    name, a bytes-to-bytes codec such as base64, a codec for domain names such as idna)."""
    try:
        "\n".encode(name)  # LookupError for base64, rot13, hex ...: not text encodings
        found = codecs.lookup(name).name
    except (LookupError, UnicodeError, ValueError):  # ValueError: a NUL in the name
        found = None
    if found is None or found in _NOT_FILE_ENCODINGS:
        raise InputError(
            f"{name!r} is not a text encoding; use e.g. utf-8, cp1252, latin-1 or utf-16",
            where="--encoding",
        ) from None
    return found


def check_start(head: bytes, encoding: str) -> None:
    """An --encoding that cannot decode the start of the file is a usage error naming it (a
    UTF-16 or UTF-32 file without its byte-order mark, most often)."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(head[:4096], final=False)
    except UnicodeError as error:
        reason = getattr(error, "reason", None) or str(error)
        hint = ""
        if encoding.startswith(("utf-16", "utf-32")) and encoding[-2:] not in ("le", "be"):
            hint = f" (a file without a byte-order mark: try {encoding}-le or {encoding}-be)"
        raise InputError(
            f"{encoding} cannot decode the start of the file: {reason}{hint}; give the "
            "file's encoding, e.g. --encoding cp1252, latin-1 or utf-16-le",
            where="--encoding",
        ) from None


def cuttable(encoding: str) -> bool:
    """Whether blocks of this encoding can be cut at line-end bytes and decoded one by one."""
    name = codecs.lookup(encoding).name
    if name.startswith(_NOT_CUTTABLE):
        return False
    try:
        return '\r\n"'.encode(name) == b'\r\n"'
    except UnicodeError:
        return False


def split_lines(text: str) -> list[str]:
    """Lines as csv.reader wants them: ends kept, broken only at \\r\\n, \\r and \\n."""
    if _ODD_BREAKS.search(text) is None:
        return text.splitlines(True)
    return _CSV_LINES.findall(text)


def line_count(data: bytes) -> int:
    """How many lines split_lines would find in these bytes of a cuttable encoding."""
    count = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return count + 1 if data and data[-1:] not in (b"\n", b"\r") else count


def whole_line_blocks(
    stream: BinaryIO,
    first: bytes,
    size: Callable[[], int],
    into: Callable[[], object | None] = lambda: None,
) -> Iterator[bytes | memoryview]:
    """`first`, then the rest of `stream`, in blocks that each end at a line end (\\n, or a
    \\r that no \\n follows), each read `size()` bytes at a time; the last block ends where
    the input ends. InputError when no line end comes in MAX_LINE_BYTES.

    While `into()` gives a ring of slots (batch.pipes.Ring), a block is read straight into its
    next slot and handed out as a view of it (the ring then names its slot); a block too long
    for a slot is bytes, as without a ring."""
    parts = [first] if first else []  # bytes read since the last line end
    held = len(first)
    readinto = getattr(stream, "readinto", None)
    while True:
        ring, want = into(), size()
        if ring is not None and readinto is not None and held + want <= ring.size:
            start = at = ring.offset()
            memory = ring.memory
            for part in parts:  # the line begun in the last read
                memory[at : at + len(part)] = part
                at += len(part)
            count = readinto(ring.view[at : at + want])
            end = at + count
            if not count:
                if parts:  # as below: a last block, even an empty one
                    ring.commit()
                    yield ring.view[start:end]
                return
            cut = memory.rfind(b"\n", at, end) + 1 or memory.rfind(b"\r", at, end - 1) + 1
            if cut:
                ring.commit()
                yield ring.view[start:cut]
                parts, held = [memory[cut:end]], end - cut
            else:  # no line end yet: the line goes on (and is too long for a slot, in time)
                parts, held = [memory[start:end]], end - start
            continue
        data = stream.read(want)
        if not data:
            if parts:
                yield b"".join(parts)
            return
        # only the new bytes are searched: a long line costs one pass, not one per read
        cut = data.rfind(b"\n") + 1 or data.rfind(b"\r", 0, len(data) - 1) + 1
        if cut:
            if cut == len(data) and not any(parts):
                yield data  # as read: no copy
            else:  # one copy of the block, not a slice and then a join
                yield b"".join([*parts, memoryview(data)[:cut]])
            parts, held = [data[cut:]], len(data) - cut
        else:
            parts.append(data)
            held += len(data)
            if held > MAX_LINE_BYTES:
                raise InputError(
                    f"no line end in {MAX_LINE_BYTES // 2**20} MiB: is this a CSV export "
                    "(saved as CSV, not as a workbook)?",
                    where=getattr(stream, "name", None) or "input",
                )


def decode_error(name: str, encoding: str, error: UnicodeDecodeError, line: int) -> InputError:
    """A decode error as one line: the bytes, the line they are on, and --encoding."""
    return InputError(
        f"cannot decode the bytes {error.object[error.start : error.start + 4]!r} as "
        f"{encoding} ({error.reason}); give the file's encoding with --encoding, "
        "e.g. --encoding cp1252 (Excel on Windows) or --encoding latin-1",
        where=f"{name}:{line}",
    )


def _lines_before(text: str) -> list[str]:
    """The whole lines of the text before an undecodable byte (not the line it is on)."""
    lines = split_lines(text)
    if lines and lines[-1][-1:] not in ("\r", "\n"):
        lines.pop()
    return lines


def decode_block(
    data: bytes, encoding: str, name: str, first_line: int
) -> tuple[list[str], InputError | None]:
    """A block of whole lines decoded: its lines, or the whole lines before an undecodable byte
    and the error that names its line."""
    try:
        return split_lines(data.decode(encoding)), None
    except UnicodeDecodeError as error:
        valid = _lines_before(data[: error.start].decode(encoding, "replace"))
        return valid, decode_error(name, encoding, error, first_line + len(valid))


class Blocks:
    """An input after its first bytes: its encoding, then its lines in blocks of whole lines.

    `raw` gives the undecoded blocks where the encoding is cuttable (None otherwise); `lines()`
    gives decoded blocks. Both draw on the same stream: a caller may read some blocks decoded,
    then go on with `raw`."""

    def __init__(self, source: Source, encoding: str | None, fallback: bool = False) -> None:
        head = source.stream.read(CHUNK_BYTES)
        source.bytes_read = len(head)
        not_text(head, source.name)
        if encoding is None:
            encoding = next((name for bom, name in BOMS if head.startswith(bom)), "utf-8")
            if fallback and encoding == "utf-8" and windows_text(head):
                encoding, source.guessed = "cp1252", True
        else:
            encoding = check_encoding(encoding)
            check_start(head, encoding)
        if encoding in ("utf-8", "utf-8-sig", "utf_8"):
            encoding = "utf-8"
            if head.startswith(codecs.BOM_UTF8):
                head, source.bom = head[len(codecs.BOM_UTF8) :], True
        source.encoding = encoding
        self.source, self.head = source, head
        self.raw: Iterator[bytes] | None = None
        self.read_size = CHUNK_BYTES  # of each raw block to come (a Job's reader sets it)
        self.read_into = None  # the ring of slots raw blocks are read into (the Job's reader's)
        if cuttable(encoding):
            source.bytes_read = len(codecs.BOM_UTF8) if source.bom else 0  # then block by block
            blocks = whole_line_blocks(
                source.stream, head, lambda: self.read_size, lambda: self.read_into
            )
            self.raw = _counted(source, blocks)
        self.line = 1  # the number of the next line not yet handed out
        self.error: InputError | None = None  # a decode error met in the blocks decoded so far
        self._decoded: Iterator[list[str]] | None = None

    def lines(self) -> Iterator[list[str]]:
        """The input's lines in decoded blocks (one iterator, however often it is asked for);
        a decode error is raised after the whole lines before it."""
        if self._decoded is None:
            self._decoded = self._decode()
        return self._decoded

    def _decode(self) -> Iterator[list[str]]:
        source = self.source
        if self.raw is None:
            blocks = _incremental(
                source, self.head, codecs.getincrementaldecoder(source.encoding)()
            )
            for lines in blocks:
                self.line += len(lines)
                yield lines
            return
        for data in self.raw:
            lines, error = decode_block(data, source.encoding, source.name, self.line)
            self.line += len(lines)
            self.error = error  # known before the lines before it are handed out
            if lines:
                yield lines
            if error is not None:
                raise error


def not_text(head: bytes, name: str) -> None:
    """InputError when the first bytes are a workbook, a PDF or a zip: named, not decoded."""
    from sertifikat_cek.batch.file_kind import NAMES, WORKBOOKS, sniff

    kind = sniff(head, name)
    if kind is None:
        return
    fix = (
        "give it by its file name with a workbook suffix (.xlsx, .xls, .ods), or save it as CSV"
        if kind in WORKBOOKS
        else "export the table as CSV or as a workbook"
    )
    raise InputError(f"is {NAMES[kind]}, not a CSV file; {fix}", where=name)


def windows_text(head: bytes) -> bool:
    """Whether the first bytes are not UTF-8, all ASCII before the first byte that is not, and
    all cp1252 (Excel on Windows): a UTF-8 file with one bad byte is not taken for cp1252."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return False
    except UnicodeDecodeError as error:
        if not head[: error.start].isascii():
            return False
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _counted(source: Source, blocks: Iterator[bytes]) -> Iterator[bytes]:
    for data in blocks:
        source.bytes_read += len(data)
        yield data


def _cut(text: str, final: bool) -> int:
    """Where the complete lines of `text` end (a '\\r' at the very end may be half a '\\r\\n')."""
    if final:
        return len(text)
    end = text.rfind("\n")
    if end >= 0:
        return end + 1
    end = text.rfind("\r", 0, len(text) - 1)
    return end + 1


def _byte_order(encoding: str, head: bytes) -> str:
    """The codec for bytes after a UTF-16 or UTF-32 BOM: the one with the byte order it says
    (without a BOM, the plain codec, which assumes what the incremental decoder assumed)."""
    family = codecs.lookup(encoding).name
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if name.startswith(family + "-") and head.startswith(bom):
            return name
    return encoding


def _incremental(source: Source, data: bytes, decoder) -> Iterator[list[str]]:
    """Decoded blocks of whole lines through one incremental decoder (UTF-16, UTF-32)."""
    plain = _byte_order(source.encoding, data)
    pending = ""
    line = 1
    first = True
    while True:
        final = not data
        try:
            text = pending + decoder.decode(data, final=final)
        except UnicodeDecodeError as error:
            # error.object is what the decoder held plus `data`: the bytes before the bad ones
            before = error.object[: error.start].decode(plain, "replace")
            if first and before.startswith("\ufeff"):
                before = before[1:]  # the BOM
            valid = _lines_before(pending + before)
            if valid:
                yield valid
            raise decode_error(source.name, source.encoding, error, line + len(valid)) from None
        first = False
        end = _cut(text, final)
        lines, pending = split_lines(text[:end]), text[end:]
        line += len(lines)
        if lines:
            yield lines
        if final:
            return
        data = source.stream.read(CHUNK_BYTES)
        source.bytes_read += len(data)


def text_lines(source: Source, encoding: str | None) -> Iterator[str]:
    """The input's lines, decoded in blocks. Without `encoding`: UTF-8, or what a BOM says.

    A decode error is an InputError naming the line and suggesting --encoding."""
    for lines in Blocks(source, encoding).lines():
        yield from lines


def delimiter_option(value: str | None) -> str | None:
    if value is None:
        return None
    value = DELIMITER_NAMES.get(value.casefold(), value)
    if len(value) != 1 or value in '"\r\n':
        raise InputError(
            f"{value!r} cannot be a delimiter; use one character such as , ; | or 'tab'",
            where="--delimiter",
        )
    return value


def detect_delimiter(
    lines: Sequence[str], known_names: Iterable[str] | Callable[[str], bool]
) -> str:
    """The delimiter among , ; tab | that the header line best supports.

    The header is the best witness: the right delimiter splits it into names the tool knows
    (Platform Digital, Tgl Selesai ...). Then the rows below should have as many cells as the
    header; then more columns win. Quoted text with commas and dates with spaces do not fool
    it, as they fool csv.Sniffer."""
    if callable(known_names):
        recognised = known_names
    else:
        known = {normalise_header(name) for name in known_names}
        recognised = lambda name: normalise_header(name) in known  # noqa: E731

    def score(delimiter: str) -> tuple:
        rows = []
        try:
            for row in csv.reader(lines, delimiter=delimiter):
                if any(row):
                    rows.append(row)
        except csv.Error:  # e.g. a cell over the limit: what was read before it still counts
            pass
        if not rows:
            return (0, 0, 0.0, 0)
        header, rest = rows[0], rows[1:-1] if len(rows) > 2 else rows[1:]
        width = len(header)
        names = sum(1 for name in header if recognised(name))
        steady = sum(1 for row in rest if len(row) == width) / len(rest) if rest else 1.0
        return (names, int(width > 1), steady, width)

    return max(DELIMITERS, key=score)


class LineFeed:
    """Lines handed to csv.reader one at a time from a position the caller sets, so that the
    caller knows which lines a record took; `ran_out` tells that a record wanted more."""

    __slots__ = ("lines", "pos", "ran_out")

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.pos, self.ran_out = lines, 0, False

    def __iter__(self) -> LineFeed:
        return self

    def __next__(self) -> str:
        pos = self.pos
        if pos >= len(self.lines):
            self.ran_out = True
            raise StopIteration
        self.pos = pos + 1
        return self.lines[pos]


@dataclass
class Table:
    """A CSV input ready to stream: its header and delimiter, then the lines after the header:
    `rest` (already decoded, from line `rest_line`) and the blocks still to read.

    Lines are the file's; rows are the spreadsheet's, as Excel and LibreOffice number them when
    they open the file: one per record (a quoted line break does not start a row, a blank line
    is an empty row), Excel's `sep=` line not one of them."""

    header: list[str]
    delimiter: str
    detected: bool
    blocks: Blocks
    rest: list[str] = field(default_factory=list)
    rest_line: int = 2
    header_line: int = 1
    header_row: int = 1
    error: InputError | None = None  # a decode error in the lines read ahead for the header
    sep_line: bool = False  # Excel's `sep=;` first line (skipped; it gave the delimiter)

    @property
    def rest_row(self) -> int:
        """The spreadsheet row of the first record after the header."""
        return self.header_row + 1


def open_table(
    source: Source,
    encoding: str | None,
    delimiter: str | None,
    known_names: Iterable[str] | Callable[[str], bool],
    fallback: bool = False,
) -> Table:
    """Decode, detect the delimiter (or take Excel's `sep=;` first line) and read the header
    (blank lines before it skipped). With `fallback`, a head that is not UTF-8 is read as
    cp1252 (see windows_text)."""
    csv.field_size_limit(FIELD_LIMIT)  # the process's setting, and the forked workers'

    blocks = Blocks(source, encoding, fallback)
    decoded = blocks.lines()
    lines: list[str] = []
    pending: list[InputError] = []

    def more() -> bool:
        if pending:
            return False
        try:
            block = next(decoded, None)
        except InputError as error:
            pending.append(error)
            return False
        if block is not None:
            lines.extend(block)
        return block is not None

    while (len(lines) < HEAD_LINES and sum(map(len, lines)) < HEAD_BYTES) and more():
        pass
    sep = _SEP_LINE.fullmatch(lines[0]) if lines else None
    if sep is not None and delimiter is None:
        delimiter = sep.group(1)
    detected = delimiter is None
    if detected:
        head, size = [], 0
        for line in lines[:HEAD_LINES]:
            head.append(line)
            size += len(line)
            if size >= HEAD_BYTES:
                break
        delimiter = detect_delimiter(head, known_names)
    feed = LineFeed(lines)
    feed.pos = 1 if sep is not None else 0
    reader = csv.reader(feed, delimiter=delimiter)
    header = None
    records = 0  # the records read: the spreadsheet's rows (the sep= line is none of them)
    while header is None:
        start, feed.ran_out = feed.pos, False
        try:
            row = next(reader, None)
        except csv.Error as error:
            raise InputError(f"{error}", where=f"{source.name}:{start + 1}") from None
        if (row is None or feed.ran_out) and more():
            feed.pos = start  # the record goes on in the next block: read it again
            continue
        if row is None:
            if pending:
                raise pending[0]
            raise InputError(
                "the file is empty: a CSV export with a header line is expected", where=source.name
            )
        records += 1
        if any(cell.strip() for cell in row):
            header, header_line = row, start + 1
    return Table(
        header,
        delimiter,
        detected,
        blocks,
        rest=lines[feed.pos :],
        rest_line=feed.pos + 1,
        header_line=header_line,
        header_row=records,
        error=pending[0] if pending else blocks.error,
        sep_line=sep is not None,
    )
