"""Throughput and memory of `sertifikat-cek batch` against a plain CSV copy and a polars peer.

    python bench/batch.py [--rows 1000000] [--small 10000] [--runs 1] [--seed 7]
                          [--shape timeline|helpdesk|repeat|narrow|all] [--jobs N] [--json]

It writes realistic exports into a temporary directory (never into the checkout). Three shapes
are `;`-delimited with Indonesian headers, four platforms spelled several ways, dates as
2021-03-05, 05/03/2021, 5 Maret 2021, 05-03-2021, Excel serial numbers and with times, empty
cells, `belum`/`ya`/`tidak`, quoted text with delimiters, a 'Tanggal Cek' on half of the rows,
and a few bad rows (impossible dates, unknown platforms, ragged rows), over a wave of 240 days
of completions in 2021 (as-of 2021-10-01):
- timeline: a platform's export with every report date: nearly every row is a case of its own;
- helpdesk: a ticket export where the participant knows the completion and rating dates but
  rarely the reports' dates: cases repeat more;
- repeat: 500 timeline cases recurring with other names and tickets: the cache's best case.
The fourth, narrow, is a platform's export of 2024 (as-of 2024-06-30): seven columns
(platform, the four event dates, Kemnaker's name match, a check date), comma-separated, no
quotes, 70% ISO and 30% dd/mm/yyyy dates, nearly every row a case of its own.

Then it runs, interleaved, each as its own process started by this interpreter:
- copy: `csv.reader` to `csv.writer` of the same file, appending six columns (the baseline);
- rows: `sertifikat-cek batch --engine rows` (skipped, with a note, while batch has no --engine);
- batch: the real `sertifikat-cek batch FILE -o OUT --as-of ...` console script (automatic);
- peer: bench/peers/polars_peer.py, a polars + numpy script written from DOMAIN.md alone
  (skipped, with a note, when polars or numpy is not installed: pip install -e '.[bench]').

It prints rows per second of each and their ratios, against the targets: batch at least 2.0x
the copy and 1.5x the peer; batch's peak RSS on --rows within 1.25x of --small rows and under
250 MiB; and the seconds an 18.9-million-row export (the whole programme to October 2024) would
take at the measured rates. It also compares the peer's verdict, due and contact cells with
batch's, row by row, and lists the kinds of disagreement. Peak RSS comes from os.wait4 on each
child (on Linux it covers the child's own worker processes too). It only reports: the exit code
is 0 whatever the figures are.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.metadata
import importlib.util
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HEADER = [
    "No",
    "No Tiket",
    "Nama Peserta",
    "Platform Digital",
    "Judul Pelatihan",
    "Tgl Selesai",
    "Tanggal Rating",
    "Laporan Lembaga",
    "Laporan Platform",
    "Nama Sesuai",
    "Tanggal Cek",
    "Keterangan",
]
PLATFORMS = {
    "tokopedia": ["Tokopedia", "tokopedia", "TOKOPEDIA", "Tokped"],
    "bukalapak": ["Bukalapak", "BUKALAPAK", "Buka Lapak"],
    "pijar-mahir": ["Pijar Mahir", "PijarMahir", "pijar mahir"],
    "kemnaker": ["Kemnaker", "Sisnaker", "Kemnaker (Sisnaker)"],
}
MONTHS_ID = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
MONTHS_ID = MONTHS_ID.split()
FIRST_NAMES = "Budi Sari Ani Joko Eko Dewi Rina Agus Tono Wati Rudi Putri Yusuf Fitri Bayu Lestari"
LAST_NAMES = "Santoso Wijaya Lestari Pratama Saputra Kurniawan Hidayat Nugroho Siregar Harahap"
COURSES = [
    "Digital Marketing untuk UMKM",
    '"Excel, Word & PowerPoint" untuk Admin',
    "Barista Kopi: Dasar; Menengah",
    "Menjahit Pakaian Anak",
    "Bahasa Inggris untuk Pemandu Wisata",
    "Teknik Las Listrik",
]
NOTES = ["", "", "", "sudah dihubungi, menunggu", "peserta minta dicek ulang; via WA", "tiket lama"]
WAVE_START = date(2021, 1, 4)
WAVE_DAYS = 240  # completions spread over eight months: a few hundred distinct dates


def write_date(day: date, rng: random.Random, times: bool = True) -> str:
    """A date in one of the forms real exports mix (with a time of day when `times`)."""
    form = rng.random() * (1.0 if times else 0.9)
    if form < 0.30:
        return day.strftime("%d/%m/%Y")
    if form < 0.50:
        return day.isoformat()
    if form < 0.65:
        return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"
    if form < 0.80:
        return str((day - date(1899, 12, 30)).days)  # Excel serial day number
    if form < 0.90:
        return day.strftime("%d-%m-%Y")
    return day.strftime("%d/%m/%Y") + rng.choice([" 09:00", " 13:30", " 16:45"])


def maybe(day: date | None, rng: random.Random, empty: float, no: float, times=True) -> str:
    roll = rng.random()
    if day is None or roll < empty:
        return ""
    if roll < empty + no:
        return rng.choice(["belum", "tidak", "no"])
    return write_date(day, rng, times)


def row(number: int, rng: random.Random, shape: str = "timeline") -> list[str]:
    """One export row. `timeline`: a platform's export with every report date, so nearly every
    row is a case of its own. `helpdesk`: a ticket export where the participant gave the
    completion and rating dates and rarely knows the reports' dates, so cases repeat."""
    platform_id = rng.choices(list(PLATFORMS), weights=[40, 25, 20, 15])[0]
    completed = WAVE_START + timedelta(days=rng.randrange(WAVE_DAYS))
    rated = completed + timedelta(days=rng.choice([0, 0, 0, 1, 2]))
    reported = completed + timedelta(days=rng.choice([0, 0, 1, 1, 2, 3]))
    passed = reported + timedelta(days=rng.choice([0, 1, 1, 1, 3]))
    last = max(rated, passed)
    checked = ""
    if rng.random() < 0.5:
        checked = write_date(last + timedelta(days=rng.choice([1, 3, 7, 14, 30])), rng, False)
    helpdesk = shape == "helpdesk"
    unknown_reports = 0.9 if helpdesk else 0.0
    cells = [
        str(number),
        f"TKT-{rng.randrange(10**7):07d}",
        f"{rng.choice(FIRST_NAMES.split())} {rng.choice(LAST_NAMES.split())}",
        rng.choice(PLATFORMS[platform_id]),
        rng.choice(COURSES),
        maybe(completed, rng, 0.05, 0.03, not helpdesk),
        maybe(rated, rng, 0.20, 0.05, not helpdesk),
        maybe(reported, rng, max(0.30, unknown_reports), 0.05),
        maybe(passed, rng, max(0.40, unknown_reports), 0.05),
        rng.choice(["ya", "tidak", "", ""]) if platform_id == "kemnaker" else "",
        checked,
        rng.choice(NOTES),
    ]
    bad = rng.random()
    if bad < 0.0001:
        cells[5] = "31/02/2021"
    elif bad < 0.0002:
        cells[3] = "Shopee"
    elif bad < 0.0003:
        cells = cells[:7]
    return cells


NARROW_HEADER = [
    "platform",
    "completion_date",
    "rating_date",
    "lp_report_date",
    "platform_report_date",
    "name_match",
    "check_date",
]
NARROW_PLATFORMS = {
    "tokopedia": "Tokopedia",
    "bukalapak": "Bukalapak",
    "pijar-mahir": "Pijar Mahir",
    "kemnaker": "Kemnaker",
}
NARROW_START = date(2024, 1, 2)
NARROW_DAYS = 170  # completions from 2 January to 19 June 2024
NARROW_AS_OF = date(2024, 6, 30)


def narrow_row(rng: random.Random) -> list[str]:
    """A row of a platform's 2024 export: every row a case of its own; an event after the row's
    check moment (its check date, else the as-of day) is not in the export yet."""
    platform_id = rng.choices(list(NARROW_PLATFORMS), weights=[40, 25, 20, 15])[0]
    completed = NARROW_START + timedelta(days=rng.randrange(NARROW_DAYS))
    reported = completed + timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 9]))
    passed = reported + timedelta(days=rng.choice([0, 1, 1, 1, 3, 8]))
    rated = passed + timedelta(days=rng.choice([1, 2, 3, 5]))  # after the certificate since 2022
    checked = None
    if rng.random() < 0.5:
        checked = min(NARROW_AS_OF, completed + timedelta(days=rng.choice([1, 3, 7, 14, 30])))
    seen = checked or NARROW_AS_OF

    def cell(day: date, empty: float) -> str:
        if day > seen or rng.random() < empty:
            return ""
        return day.isoformat() if rng.random() < 0.7 else day.strftime("%d/%m/%Y")

    cells = [
        NARROW_PLATFORMS[platform_id],
        cell(completed, 0.02),
        cell(rated, 0.5),
        cell(reported, 0.15),
        cell(passed, 0.25),
        rng.choice(["yes", "yes", "yes", "no", ""]) if platform_id == "kemnaker" else "",
        "" if checked is None else cell(checked, 0.0),
    ]
    if rng.random() < 0.0001:
        cells[1] = "31/02/2024"
    return cells


# Per shape: its header, delimiter and as-of day.
SHAPES = {
    "timeline": (HEADER, ";", "2021-10-01"),
    "helpdesk": (HEADER, ";", "2021-10-01"),
    "repeat": (HEADER, ";", "2021-10-01"),
    "narrow": (NARROW_HEADER, ",", NARROW_AS_OF.isoformat()),
}


def generate(path: Path, rows: int, seed: int, shape: str = "timeline") -> None:
    """`rows` rows of one shape; `repeat`: 500 timeline cases recurring (the cache's best case)."""
    import csv

    rng = random.Random(seed)
    header, delimiter, _ = SHAPES[shape]
    pool = [row(0, rng, "timeline")[3:11] for _ in range(500)] if shape == "repeat" else []
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(header)
        for number in range(1, rows + 1):
            if shape == "narrow":
                writer.writerow(narrow_row(rng))
                continue
            cells = row(number, rng, "timeline" if pool else shape)
            if pool and len(cells) == len(HEADER):
                cells[3:11] = rng.choice(pool)
            writer.writerow(cells)


COPY = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as source, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as target:
    reader = csv.reader(source, delimiter=sys.argv[3])
    writer = csv.writer(target, delimiter=sys.argv[3])
    extra = ["certificate_overdue", "certificate", "overdue", "2021-03-18", "prakerja", ""]
    for row in reader:
        writer.writerow(row + extra)
"""
PEER = Path(__file__).resolve().parent / "peers" / "polars_peer.py"
PROGRAMME_ROWS = 18_900_000  # participants to October 2024 (DOMAIN.md section 8)
TARGETS = {"batch_vs_copy": 2.0, "batch_vs_peer": 1.5, "rss_ratio": 1.25, "rss_mib": 250}


def find_script() -> Path | None:
    sibling = Path(sys.executable).parent / "sertifikat-cek"
    if sibling.exists():
        return sibling
    found = shutil.which("sertifikat-cek")
    return Path(found) if found else None


# --bytecode: every command (the copy and the peer too) with a temporary PYTHONPYCACHEPREFIX
# that an untimed warm-up run fills, so that modules load from bytecode as from a wheel
# installed with pip (PYTHONDONTWRITEBYTECODE, set in some sandboxes, otherwise makes an editable
# install compile its own modules on every run: about 0.1 s of batch's start).
PYCACHE_PREFIX: str | None = None


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}
    env["NO_COLOR"] = "1"
    if PYCACHE_PREFIX is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYCACHE_PREFIX
    return env


def run(command: list[str]) -> dict:
    """Wall seconds, exit code and peak RSS (MiB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env()
    )
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": elapsed,
        "exit_code": child.returncode,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "stderr_tail": stderr.decode("utf-8", "replace")[-400:],
    }


def has_engine_option(script: Path) -> bool:
    """Whether this batch has `--engine rows|columns|auto` (issue 15's columnar executor)."""
    shown = subprocess.run(
        [sys.executable, str(script), "batch", "--help"],
        capture_output=True,
        text=True,
        env={**clean_env(), "COLUMNS": "200"},
        check=False,
    )
    return "--engine" in shown.stdout


def peer_missing() -> str | None:
    """Why the polars peer cannot run with this interpreter, or None."""
    absent = [name for name in ("polars", "numpy") if importlib.util.find_spec(name) is None]
    if absent:
        return f"{' and '.join(absent)} not installed (pip install -e '.[bench]')"
    return None


def count_lines(path: Path) -> int:
    with path.open("rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))


def agreement(batch_out: Path, peer_out: Path, delimiter: str, top: int = 5) -> dict:
    """The fraction of rows whose verdict, due and contact cells are equal in both outputs, and
    the most frequent kinds of disagreement, each with its first line (header = line 1)."""
    import polars as pl

    read = {"separator": delimiter, "infer_schema": False, "truncate_ragged_lines": True}
    cells = ["verdict", "due", "contact"]
    ours = pl.read_csv(batch_out, **read).select(cells)
    theirs = pl.read_csv(peer_out, **read).select(cells)
    if ours.height != theirs.height:
        return {
            "rows": ours.height,
            "note": f"batch wrote {ours.height} rows, the peer {theirs.height}",
        }
    both = pl.concat(
        [
            ours.fill_null("").rename(lambda c: f"batch_{c}"),
            theirs.fill_null("").rename(lambda c: f"peer_{c}"),
        ],
        how="horizontal",
    ).with_row_index("line", offset=2)
    differ = [pl.col(f"batch_{c}") != pl.col(f"peer_{c}") for c in cells]
    apart = both.filter(pl.any_horizontal(differ))
    kind = (
        pl.when(differ[0])
        .then(pl.format("verdict {} (batch) vs {} (peer)", "batch_verdict", "peer_verdict"))
        .when(differ[1])
        .then(
            pl.format("{}: due {} (batch) vs {} (peer)", "batch_verdict", "batch_due", "peer_due")
        )
        .otherwise(
            pl.format(
                "{}: contact {} (batch) vs {} (peer)",
                "batch_verdict",
                "batch_contact",
                "peer_contact",
            )
        )
    )
    kinds = (
        apart.group_by(kind.alias("kind"))
        .agg(pl.len().alias("rows"), pl.col("line").min().alias("first_line"))
        .sort(["rows", "first_line"], descending=[True, False])
        .head(top)
    )
    return {
        "rows": both.height,
        "agreeing_rows": both.height - apart.height,
        "fraction": round(1 - apart.height / both.height, 6) if both.height else 1.0,
        "disagreements": kinds.to_dicts(),
    }


def agreement_in_child(batch_out: Path, peer_out: Path, delimiter: str) -> dict:
    """agreement() in a process of its own: polars imported here would raise the peak RSS that
    every later child reports (Linux counts the parent's RSS at fork in the child's maximum)."""
    command = [sys.executable, __file__, "--agreement", str(batch_out), str(peer_out), delimiter]
    done = subprocess.run(command, capture_output=True, text=True, env=clean_env(), check=False)
    if done.returncode != 0:
        return {"note": done.stderr.strip()[-300:]}
    return json.loads(done.stdout)


def measure(
    work: Path, shape: str, options, script: Path, engine: bool, no_peer: str | None
) -> dict:
    """Generate one shape's big and small files and time copy, rows, batch and peer on them."""
    _, delimiter, as_of = SHAPES[shape]
    big, small = work / f"{shape}-big.csv", work / f"{shape}-small.csv"
    started = time.perf_counter()
    generate(big, options.rows, options.seed, shape)
    generate(small, options.small, options.seed + 1, shape)
    generated = time.perf_counter() - started
    batch = [sys.executable, str(script), "batch", "--as-of", as_of]
    if options.jobs:
        batch += ["--jobs", str(options.jobs)]
    commands = {"copy": [sys.executable, "-c", COPY, str(big), str(work / "copy.csv"), delimiter]}
    if engine:
        commands["rows"] = [*batch, "--engine", "rows", str(big), "-o", str(work / "rows.csv")]
    commands["batch"] = [*batch, str(big), "-o", str(work / "out.csv")]
    # the small file with the engine the big one gets (auto takes the arrays from 2 MiB): the
    # memory compared is one engine's, for 100 times the rows (the row engine's is lower)
    small_engine = ["--engine", "columns"] if engine and options.rows >= 20_000 else []
    commands["batch_small"] = [*batch, *small_engine, str(small), "-o", str(work / "small.csv")]
    if no_peer is None:
        peer = [sys.executable, str(PEER), str(big), str(work / "peer.csv")]
        commands["peer"] = [*peer, "--as-of", as_of, "--delimiter", delimiter]
    if PYCACHE_PREFIX is not None:  # untimed: writes the bytecode the timed runs read
        run(commands["batch_small"])
        if "peer" in commands:
            run(
                [
                    *commands["peer"][:2],
                    str(small),
                    str(work / "peer-small.csv"),
                    *commands["peer"][4:],
                ]
            )
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(max(1, options.runs)):  # interleaved, so a slow moment hits every command
        for name, command in commands.items():
            runs[name].append(run(command))
    best = {name: min(results, key=lambda r: r["seconds"]) for name, results in runs.items()}
    rate = {name: options.rows / best[name]["seconds"] for name in best if name != "batch_small"}
    peak_big = max(r["peak_rss_mib"] for r in runs["batch"])
    peak_small = max(r["peak_rss_mib"] for r in runs["batch_small"])
    result = {
        "shape": shape,
        "delimiter": delimiter,
        "as_of": as_of,
        "file_mib": round(big.stat().st_size / 2**20, 1),
        "generate_seconds": round(generated, 1),
        **{f"{name}_seconds": round(best[name]["seconds"], 2) for name in rate},
        **{f"{name}_rows_per_second": round(rate[name]) for name in rate},
        "throughput_ratio": round(rate["batch"] / rate["copy"], 3),
        "batch_peak_rss_mib": round(peak_big, 1),
        "batch_small_peak_rss_mib": round(peak_small, 1),
        "copy_peak_rss_mib": round(best["copy"]["peak_rss_mib"], 1),
        "rss_ratio": round(peak_big / peak_small, 2),
        "batch_exit_code": best["batch"]["exit_code"],
        "batch_output_lines": count_lines(work / "out.csv"),
        "batch_summary": best["batch"]["stderr_tail"].strip().splitlines()[-12:],
        "projection_seconds": {
            name: round(PROGRAMME_ROWS / rate[name], 1) for name in rate if name != "copy"
        },
    }
    if engine:
        result["rows_ratio_to_copy"] = round(rate["rows"] / rate["copy"], 3)
        result["batch_vs_rows"] = round(rate["batch"] / rate["rows"], 3)
        result["rows_exit_code"] = best["rows"]["exit_code"]
        result["rows_output_identical"] = filecmp.cmp(
            work / "rows.csv", work / "out.csv", shallow=False
        )
    else:
        result["rows_note"] = "batch has no --engine option yet: the rows run is skipped"
    if no_peer is None:
        result["peer_ratio_to_copy"] = round(rate["peer"] / rate["copy"], 3)
        result["batch_vs_peer"] = round(rate["batch"] / rate["peer"], 3)
        result["peer_exit_code"] = best["peer"]["exit_code"]
        result["peer_peak_rss_mib"] = round(best["peer"]["peak_rss_mib"], 1)
        if best["peer"]["exit_code"] == 0 and best["batch"]["exit_code"] in (0, 1):
            result["agreement"] = agreement_in_child(work / "out.csv", work / "peer.csv", delimiter)
        else:
            result["agreement"] = {"note": best["peer"]["stderr_tail"].strip()[-300:]}
    else:
        result["peer_note"] = f"polars peer skipped: {no_peer}"
    return result


def verdict(value: float, target: float, at_least: bool = True) -> str:
    met = value >= target if at_least else value <= target
    return "met" if met else "MISSED"


def print_result(result: dict, options) -> None:
    rows = options.rows
    print(
        f"\n{result['shape']} export: {rows:,} rows ({result['file_mib']} MiB, "
        f"{result['delimiter']!r}, as-of {result['as_of']}), "
        f"{result['batch_output_lines'] - 1:,} rows out, exit code {result['batch_exit_code']}"
    )
    labels = {
        "copy": "copy  (csv.reader -> csv.writer)",
        "rows": "rows  (batch --engine rows)     ",
        "batch": "batch (sertifikat-cek batch)    ",
        "peer": "peer  (polars + numpy)          ",
    }
    for name, label in labels.items():
        if f"{name}_seconds" in result:
            ratio = result[f"{name}_rows_per_second"] / result["copy_rows_per_second"]
            print(
                f"  {label}: {result[f'{name}_seconds']:>7.2f} s "
                f"{result[f'{name}_rows_per_second']:>10,} rows/s  {ratio:>5.2f}x copy"
            )
    if "rows_output_identical" in result:
        same = "identical" if result["rows_output_identical"] else "DIFFERENT"
        print(f"  output of --engine rows and automatic: {same}")
    ratio = result["throughput_ratio"]
    target = TARGETS["batch_vs_copy"]
    print(f"  batch/copy: {ratio:.2f}x (target >= {target}x: {verdict(ratio, target)})")
    if "batch_vs_peer" in result:
        ratio, target = result["batch_vs_peer"], TARGETS["batch_vs_peer"]
        print(f"  batch/peer: {ratio:.2f}x (target >= {target}x: {verdict(ratio, target)})")
    big, small = result["batch_peak_rss_mib"], result["batch_small_peak_rss_mib"]
    rss_ok = verdict(result["rss_ratio"], TARGETS["rss_ratio"], at_least=False)
    if big >= TARGETS["rss_mib"]:
        rss_ok = "MISSED"
    print(
        f"  peak RSS of batch: {big:.1f} MiB for {rows:,} rows, {small:.1f} MiB for "
        f"{options.small:,} rows: {result['rss_ratio']:.2f}x (target <= "
        f"{TARGETS['rss_ratio']}x and < {TARGETS['rss_mib']} MiB: {rss_ok})"
    )
    projected = ", ".join(
        f"{name} {seconds:,.0f} s ({seconds / 60:.1f} min)"
        for name, seconds in result["projection_seconds"].items()
    )
    print(f"  an 18.9-million-row export (the programme to October 2024) would take: {projected}")
    found = result.get("agreement")
    if found and "fraction" in found:
        print(
            f"  peer's verdict+due+contact equal to batch's: {found['fraction']:.4%} of rows "
            f"({found['rows'] - found['agreeing_rows']:,} differ)"
        )
        for kind in found["disagreements"]:
            print(f"    {kind['rows']:>8,}  {kind['kind']} (first at line {kind['first_line']})")
    elif found:
        print(f"  agreement not computed: {found['note']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the big file")
    parser.add_argument("--small", type=int, default=10_000, help="rows of the small file")
    parser.add_argument("--runs", type=int, default=1, help="timed runs of each command")
    parser.add_argument(
        "--jobs", type=int, default=None, help="pass --jobs N to batch (default: its default)"
    )
    parser.add_argument(
        "--shape",
        choices=[*SHAPES, "all"],
        default="all",
        help="which export (default: all four)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="write the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--bytecode",
        action="store_true",
        help="every command with bytecode cached by an untimed warm-up run, as from a wheel",
    )
    parser.add_argument("--agreement", nargs=3, help=argparse.SUPPRESS)  # BATCH_OUT PEER_OUT DELIM
    options = parser.parse_args(argv)
    if options.agreement:
        print(json.dumps(agreement(*options.agreement)))
        return 0

    script = find_script()
    if script is None:
        print("sertifikat-cek is not installed next to this Python nor on PATH", file=sys.stderr)
        return 0
    engine = has_engine_option(script)
    no_peer = peer_missing()
    shapes = list(SHAPES) if options.shape == "all" else [options.shape]
    work = Path(tempfile.mkdtemp(prefix="sertifikat-cek-bench-"))
    if options.bytecode:
        global PYCACHE_PREFIX
        PYCACHE_PREFIX = str(work / "pycache")
    try:
        results = [measure(work, shape, options, script, engine, no_peer) for shape in shapes]
    finally:
        if options.keep:
            print(f"files kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    report = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "rows": options.rows,
        "small_rows": options.small,
        "jobs": options.jobs or "default",
        "engine_option": engine,
        "bytecode": "cached by a warm-up run" if options.bytecode else "as the environment has it",
        "peer": no_peer or "polars " + importlib.metadata.version("polars"),
        "targets": TARGETS,
        "programme_rows": PROGRAMME_ROWS,
        "results": results,
    }
    if options.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(
        f"python {report['python']}, {report['cpus']} CPUs, batch --jobs {report['jobs']}, "
        f"best of {max(1, options.runs)} run(s), peer: {report['peer']}, "
        f"bytecode: {report['bytecode']}"
    )
    if not engine:
        print("note: batch has no --engine option yet: the `--engine rows` runs are skipped")
    if no_peer:
        print(f"note: the polars peer is skipped: {no_peer}")
    for result in results:
        print_result(result, options)
    if len(results) > 1:
        print_table(results)
    return 0


def print_table(results: list[dict]) -> None:
    """One line per shape: the figures docs/performance.md quotes."""
    print("\nshape     copy/s    rows/s   batch/s    peer/s  batch/copy batch/peer  RSS  agree")
    for result in results:
        rates = [result.get(f"{name}_rows_per_second") for name in ("copy", "rows", "batch")]
        rates.append(result.get("peer_rows_per_second"))
        shown = " ".join(f"{rate:>9,}" if rate else f"{'-':>9}" for rate in rates)
        peer = result.get("batch_vs_peer")
        agree = result.get("agreement", {}).get("fraction")
        print(
            f"{result['shape']:<9}{shown} {result['throughput_ratio']:>9.2f}x"
            f" {(f'{peer:.2f}x' if peer else '-'):>10} {result['rss_ratio']:>4.2f}x"
            f" {(f'{agree:.2%}' if agree is not None else '-'):>7}"
        )


if __name__ == "__main__":
    sys.exit(main())
