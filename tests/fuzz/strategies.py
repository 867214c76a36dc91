"""Hypothesis strategies for hostile inputs: command lines, CSV bytes, mutated exports and rule
directory edits."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "kasus.csv"

PLATFORMS = ["Tokopedia", "Bukalapak", "Kemnaker", "Pijar Mahir", "tokped", "", "Shopee"]
DATES = [
    "",
    "belum",
    "ya",
    "05/03/2021",
    "8 Maret 2021 14:30",
    "2021-03-08",
    "44260",
    "44260.5",
    "31/02/2021",
    "2021-03-05T10:00+25:00",
    "2021-03-05T10:00-23:59",
    "17 Agt 2021 14.30 WITA",
    "9999-12-31 23:59 -12:00",
    "0001-01-01 00:00 +14:00",
    "hari ini",
]
HEADER_NAMES = [
    "No",
    "Platform Digital",
    "Tgl Selesai",
    "Tanggal Rating",
    "Laporan Lembaga",
    "Laporan Platform",
    "Tanggal Cek",
    "Nama Sesuai",
    "Catatan",
    "Catatan",
    "",
]
# Texts that have broken parsers before: quotes, NULs, separators str.splitlines breaks on,
# lone surrogates (as they come from utf-7), formula starts, very long text.
ODD_TEXTS = [
    '"',
    '""',
    'a"b',
    "\x00",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b\x0c\x1c",
    "\r",
    "\n",
    "\r\n",
    "=1+1",
    "@SUM(A1)",
    "\ufeff",
    "é",
    "😀",
    ";",
    ",",
    "\t",
    "|",
]

cell_text = st.one_of(
    st.sampled_from(DATES),
    st.sampled_from(PLATFORMS),
    st.sampled_from(ODD_TEXTS),
    st.text(max_size=12),
    st.builds(lambda c, n: c * n, st.sampled_from(["x", " ", '"', "9"]), st.integers(1, 3000)),
)


@st.composite
def csv_documents(draw) -> tuple[bytes, str]:
    """(the bytes of a CSV export, its delimiter): a header of known and odd names, rows of dates,
    platforms and hostile texts, written with csv quoting or raw, in one of a few encodings."""
    import csv
    import io

    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    names = draw(st.lists(st.sampled_from(HEADER_NAMES), min_size=1, max_size=8))
    if "Platform Digital" not in names:
        names.insert(draw(st.integers(0, len(names))), "Platform Digital")
    rows = draw(
        st.lists(
            st.lists(cell_text, min_size=0, max_size=len(names) + 2),
            max_size=12,
        )
    )
    buffer = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([cell.replace("\x00", "") if quoting else cell for cell in row])
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = text.replace("\r\n", "\n")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    return data, delimiter


@st.composite
def mutated_exports(draw) -> bytes:
    """The example export with a few byte-level mutations: flips, inserted quotes and line ends,
    cut or repeated stretches, a long run of one byte."""
    data = bytearray(EXAMPLE.read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "cut", "repeat", "run", "truncate"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            piece = draw(
                st.sampled_from([b'"', b'""', b"\r", b"\n", b"\r\n", b";", b"\x00", b"\xff"])
            )
            data[at:at] = piece
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 400))] * draw(st.integers(1, 20))
        elif kind == "run":
            data[at:at] = draw(st.sampled_from([b"x", b'"', b" ", b"9"])) * draw(
                st.integers(1, 200_000)
            )
        else:
            del data[at:]
    return bytes(data)


OPTION_VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "-",
            "0",
            "-1",
            "1000000",
            "99999999999999999999",
            "x",
            "utf-16",
            "punycode",
            "idna",
            "base64",
            "utf\x008",
            "tab",
            '"',
            "2021-03-05T10:00+25:00",
            "31/02/2021",
            "9999-12-31",
            "0001-01-01",
            "=COLUMN=FIELD",
            "Tgl=completed",
            "a=b=c",
            "--help",
            "csv",
            "jsonl",
            "en",
            "id",
            "tokopedia",
            "/dev/null",
            "/nonexistent/dir",
        ]
    ),
    st.text(max_size=20),
)
COMMANDS = {
    "batch": [
        "--format",
        "--as-of",
        "--delimiter",
        "-d",
        "--encoding",
        "--map",
        "--jobs",
        "-j",
        "--reply",
        "--lang",
        "--rules-dir",
    ],
    "diagnose": [
        "--platform",
        "--completed",
        "--rated",
        "--institution-reported",
        "--platform-reported",
        "--name-matches",
        "--as-of",
        "--reply",
        "--no-input",
        "--json",
        "--lang",
        "--rules-dir",
    ],
    "calendar add": ["--json", "--lang", "--rules-dir"],
    "calendar between": ["--json", "--lang", "--rules-dir"],
    "calendar holidays": ["--json", "--lang", "--rules-dir"],
    "info incentives": ["--json", "--lang", "--year"],
    "info registration": ["--json", "--lang"],
    "info contacts": ["--json", "--lang", "--platform"],
    "rules list": ["--json"],
    "rules show": ["--json"],
    "rules check": ["--json"],
    "": ["--version", "--help"],
}
FLAGS = {"--reply", "--no-input", "--json", "--version", "--help"}


@st.composite
def command_lines(draw) -> list[str]:
    """A command and a handful of its options (and some it does not have) with hostile values;
    batch always reads the example (or standard input) and never names an output outside the
    temporary directory the target runs in."""
    command = draw(st.sampled_from(sorted(COMMANDS)))
    args = command.split()
    if command == "batch":
        args.append(draw(st.sampled_from([str(EXAMPLE), "-"])))
    positional = draw(st.lists(OPTION_VALUES, max_size=3))
    if command != "batch":
        args += positional
    for _ in range(draw(st.integers(0, 5))):
        option = draw(st.sampled_from([*COMMANDS[command], "--bogus", "-x", "--as-of"]))
        args.append(option)
        if option not in FLAGS:
            args.append(draw(OPTION_VALUES))
    if command == "batch" and draw(st.booleans()):
        args += ["-o", draw(st.sampled_from(["out.csv", "sub/out.csv", "/dev/null"]))]
    if command == "batch" and draw(st.booleans()):
        args += ["--summary-json", draw(st.sampled_from(["s.json", "out.csv", "-"]))]
    return args


RULE_FILES = [
    "prakerja.yaml",
    "platforms/tokopedia.yaml",
    "platforms/kemnaker.yaml",
    "calendar.yaml",
    "info.yaml",
    "replies.yaml",
    "questions.yaml",
]


def _laughs(levels: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * 9) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@st.composite
def rule_dir_edits(draw) -> tuple[str, str, object]:
    """(a rule file, how it is broken, with what): truncated, emptied, replaced by a bomb, deeply
    nested, random bytes, a FIFO, or a line replaced."""
    name = draw(st.sampled_from(RULE_FILES))
    kind = draw(
        st.sampled_from(["truncate", "empty", "bomb", "deep", "bytes", "fifo", "line", "directory"])
    )
    if kind == "truncate":
        return name, kind, draw(st.floats(0.0, 1.0))
    if kind == "bomb":
        return name, kind, _laughs(draw(st.integers(3, 9)))
    if kind == "deep":
        depth = draw(st.integers(60, 50_000))
        return name, kind, "a: " + "[" * depth + "]" * depth + "\n"
    if kind == "bytes":
        return name, kind, draw(st.binary(max_size=200))
    if kind == "line":
        return name, kind, (draw(st.integers(0, 400)), draw(OPTION_VALUES))
    return name, kind, None
