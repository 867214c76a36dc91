"""Throughput and memory of `sertifikat-cek batch` against a plain CSV copy, in the same run.

    python bench/batch.py [--rows 1000000] [--small 10000] [--runs 1] [--seed 7] [--json]

It writes realistic exports into a temporary directory (never into the checkout):
`;`-delimited, Indonesian headers, four platforms spelled several ways, dates as
2021-03-05, 05/03/2021, 5 Maret 2021, 05-03-2021, Excel serial numbers and with times, empty
cells, `belum`/`ya`/`tidak`, quoted text with delimiters, a 'Tanggal Cek' on half of the rows,
and a few bad rows (impossible dates, unknown platforms, ragged rows), over a wave of 240 days
of completions. Three shapes (--shape):
- timeline: a platform's export with every report date: nearly every row is a case of its own;
- helpdesk: a ticket export where the participant knows the completion and rating dates but
  rarely the reports' dates: cases repeat more;
- repeat: 500 timeline cases recurring with other names and tickets: the cache's best case.

Then it runs, each as its own process started by this interpreter:
- copy: `csv.reader` to `csv.writer` of the same file, appending six columns (the baseline);
- batch: the real `sertifikat-cek batch FILE -o OUT --as-of ...` console script.

It prints rows per second of each, the throughput ratio batch/copy (target >= 0.5), and the peak
RSS of batch on --rows against --small rows (target <= 1.25). Peak RSS comes from os.wait4 on
each child (on Linux it covers the child's own worker processes too). It only reports: the exit code is 0 whatever the figures are.
"""

from __future__ import annotations

import argparse
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


def generate(path: Path, rows: int, seed: int, shape: str = "timeline") -> None:
    """`rows` rows of one shape; `repeat`: 500 timeline cases recurring (the cache's best case)."""
    import csv

    rng = random.Random(seed)
    pool = [row(0, rng, "timeline")[3:11] for _ in range(500)] if shape == "repeat" else []
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(HEADER)
        for number in range(1, rows + 1):
            cells = row(number, rng, "timeline" if pool else shape)
            if pool and len(cells) == len(HEADER):
                cells[3:11] = rng.choice(pool)
            writer.writerow(cells)


COPY = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as source, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as target:
    reader = csv.reader(source, delimiter=";")
    writer = csv.writer(target, delimiter=";")
    extra = ["certificate_overdue", "certificate", "overdue", "2021-03-18", "prakerja", ""]
    for row in reader:
        writer.writerow(row + extra)
"""


def find_script() -> Path | None:
    sibling = Path(sys.executable).parent / "sertifikat-cek"
    if sibling.exists():
        return sibling
    found = shutil.which("sertifikat-cek")
    return Path(found) if found else None


def run(command: list[str]) -> dict:
    """Wall seconds, exit code and peak RSS (MiB) of one child process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}
    env["NO_COLOR"] = "1"
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
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


def count_lines(path: Path) -> int:
    with path.open("rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))


def measure(work: Path, shape: str, options, script: Path) -> dict:
    """Generate one shape's big and small files and time copy and batch on them."""
    big, small = work / f"{shape}-big.csv", work / f"{shape}-small.csv"
    started = time.perf_counter()
    generate(big, options.rows, options.seed, shape)
    generate(small, options.small, options.seed + 1, shape)
    generated = time.perf_counter() - started
    batch = [sys.executable, str(script), "batch", "--as-of", "2021-10-01"]
    if options.jobs:
        batch += ["--jobs", str(options.jobs)]
    copy = [sys.executable, "-c", COPY]
    runs: dict[str, list[dict]] = {"copy": [], "batch": [], "batch_small": []}
    for _ in range(max(1, options.runs)):  # interleaved, so a slow moment hits both
        runs["copy"].append(run([*copy, str(big), str(work / "copy.csv")]))
        runs["batch"].append(run([*batch, str(big), "-o", str(work / "out.csv")]))
        runs["batch_small"].append(run([*batch, str(small), "-o", str(work / "small.csv")]))
    best = {name: min(results, key=lambda r: r["seconds"]) for name, results in runs.items()}
    copy_rate = options.rows / best["copy"]["seconds"]
    batch_rate = options.rows / best["batch"]["seconds"]
    peak_big = max(r["peak_rss_mib"] for r in runs["batch"])
    peak_small = max(r["peak_rss_mib"] for r in runs["batch_small"])
    return {
        "shape": shape,
        "file_mib": round(big.stat().st_size / 2**20, 1),
        "generate_seconds": round(generated, 1),
        "copy_seconds": round(best["copy"]["seconds"], 2),
        "batch_seconds": round(best["batch"]["seconds"], 2),
        "copy_rows_per_second": round(copy_rate),
        "batch_rows_per_second": round(batch_rate),
        "throughput_ratio": round(batch_rate / copy_rate, 3),
        "batch_peak_rss_mib": round(peak_big, 1),
        "batch_small_peak_rss_mib": round(peak_small, 1),
        "copy_peak_rss_mib": round(best["copy"]["peak_rss_mib"], 1),
        "rss_ratio": round(peak_big / peak_small, 2),
        "batch_exit_code": best["batch"]["exit_code"],
        "batch_output_lines": count_lines(work / "out.csv"),
        "batch_summary": best["batch"]["stderr_tail"].strip().splitlines()[-12:],
    }


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
        choices=["timeline", "helpdesk", "repeat", "all"],
        default="all",
        help="which export (default: all three)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="write the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args(argv)

    script = find_script()
    if script is None:
        print("sertifikat-cek is not installed next to this Python nor on PATH", file=sys.stderr)
        return 0
    shapes = ["timeline", "helpdesk", "repeat"] if options.shape == "all" else [options.shape]
    work = Path(tempfile.mkdtemp(prefix="sertifikat-cek-bench-"))
    try:
        results = [measure(work, shape, options, script) for shape in shapes]
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
        "results": results,
    }
    if options.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(
        f"python {report['python']}, {report['cpus']} CPUs, batch --jobs {report['jobs']}, "
        f"best of {max(1, options.runs)} run(s)"
    )
    for result in results:
        print(
            f"\n{result['shape']} export: {options.rows:,} rows ({result['file_mib']} MiB), "
            f"{result['batch_output_lines'] - 1:,} rows out, exit code {result['batch_exit_code']}"
        )
        print(
            f"  copy  (csv.reader -> csv.writer): {result['copy_seconds']:>7.2f} s "
            f"{result['copy_rows_per_second']:>10,} rows/s"
        )
        print(
            f"  batch (sertifikat-cek batch)    : {result['batch_seconds']:>7.2f} s "
            f"{result['batch_rows_per_second']:>10,} rows/s"
        )
        print(f"  throughput ratio batch/copy: {result['throughput_ratio']:.2f}x (target >= 0.5x)")
        print(
            f"  peak RSS of batch: {result['batch_peak_rss_mib']:.1f} MiB for {options.rows:,} "
            f"rows, {result['batch_small_peak_rss_mib']:.1f} MiB for {options.small:,} rows: "
            f"{result['rss_ratio']:.2f}x (target <= 1.25x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
