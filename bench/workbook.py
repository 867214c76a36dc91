"""Time of `sertifikat-cek batch in.xlsx -o out.xlsx` against python-calamine reading and
xlsxwriter writing the same rows alone, in the same run.

    python bench/workbook.py [--rows 200000] [--runs 1] [--seed 7] [--json]

It writes a workbook of --rows rows into a temporary directory (never into the checkout) with
xlsxwriter: a helpdesk export's columns, real date cells, numbers, texts and empty cells, over
four platforms. Then, each as its own process started by this interpreter (best of --runs):
- read: python-calamine reads every row of the sheet (the baseline's first half);
- write: xlsxwriter in constant-memory mode writes those rows, typed, plus six text columns
  (the second half);
- batch: the real `sertifikat-cek batch FILE -o OUT.xlsx --as-of ...` console script.

It prints each time, and the ratio batch / (read + write): what batch adds to reading and
writing the workbook. It only reports: the exit code is 0 whatever the figures are.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["No", "No Tiket", "Nama Peserta", "Platform Digital", "Tgl Selesai", "Tanggal Rating",
          "Laporan Lembaga", "Laporan Platform", "Tanggal Cek", "Biaya", "Keterangan"]  # fmt: skip
PLATFORMS = ["Tokopedia", "Bukalapak", "Pijar Mahir", "Kemnaker"]
NAMES = ["Budi Santoso", "José Ñúñez", "Siti Nur'aini", "Ayu Lestari", "Dewi", "Agus Pratama"]

MAKE = """
import random, sys
from datetime import datetime, timedelta
import xlsxwriter
rows, seed, path, header, platforms, names = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], \\
    sys.argv[4].split("|"), sys.argv[5].split("|"), sys.argv[6].split("|")
rng = random.Random(seed)
book = xlsxwriter.Workbook(path, {"constant_memory": True})
sheet = book.add_worksheet("Ekspor")
day = book.add_format({"num_format": "dd/mm/yyyy"})
sheet.write_row(0, 0, header)
start = datetime(2021, 1, 4)
for n in range(1, rows + 1):
    done = start + timedelta(days=rng.randrange(240))
    sheet.write_number(n, 0, n)
    sheet.write_string(n, 1, f"TK-{rng.randrange(10**6):06d}")
    sheet.write_string(n, 2, rng.choice(names))
    sheet.write_string(n, 3, rng.choice(platforms))
    sheet.write_datetime(n, 4, done, day)
    if rng.random() < 0.7:
        sheet.write_datetime(n, 5, done + timedelta(days=rng.randrange(3)), day)
    if rng.random() < 0.5:
        sheet.write_datetime(n, 6, done + timedelta(days=rng.randrange(1, 4)), day)
    if rng.random() < 0.3:
        sheet.write_datetime(n, 7, done + timedelta(days=rng.randrange(3, 8)), day)
    sheet.write_datetime(n, 8, done + timedelta(days=rng.randrange(5, 30)), day)
    sheet.write_number(n, 9, rng.choice([0, 1500000, 2500000.5]))
    if rng.random() < 0.2:
        sheet.write_string(n, 10, "sudah lapor, belum ada sertifikat")
book.close()
"""

READ = """
import sys
from python_calamine import CalamineWorkbook
sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)
count = sum(1 for _ in sheet.iter_rows())
print(count)
"""

# The same rows read and written as batch writes them: typed cells, then six text columns.
WRITE = """
import sys
from datetime import date, datetime, time
import xlsxwriter
from python_calamine import CalamineWorkbook
rows = list(CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).iter_rows())
start = __import__("time").perf_counter()
book = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True, "strings_to_numbers": False,
    "strings_to_formulas": False, "strings_to_urls": False})
sheet = book.add_worksheet("Hasil")
fmt = book.add_format({"num_format": "yyyy-mm-dd"})
extra = ["certificate_waiting", "certificate", "waiting", "", "prakerja", ""]
for r, row in enumerate(rows):
    for c, value in enumerate(row):
        if value == "":
            continue
        if isinstance(value, str):
            sheet.write_string(r, c, value)
        elif isinstance(value, (date, datetime, time)):
            sheet.write_datetime(r, c, value, fmt)
        else:
            sheet.write_number(r, c, value)
    for c, text in enumerate(extra, start=len(row)):
        if text:
            sheet.write_string(r, c, text)
book.close()
print(__import__("time").perf_counter() - start)
"""


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{command[:3]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    script = Path(sys.executable).parent / "sertifikat-cek"
    cli = (
        [sys.executable, str(script)]
        if script.exists()
        else [sys.executable, "-m", "sertifikat_cek"]
    )
    with tempfile.TemporaryDirectory(prefix="bench-workbook-") as work:
        source = Path(work) / "export.xlsx"
        subprocess.run(
            [sys.executable, "-c", MAKE, str(args.rows), str(args.seed), str(source),
             "|".join(HEADER), "|".join(PLATFORMS), "|".join(NAMES)],
            check=True,
        )  # fmt: skip
        figures = {"read": [], "write": [], "batch": []}
        for _ in range(args.runs):
            figures["read"].append(timed([sys.executable, "-c", READ, str(source)])[0])
            # the write half alone: its own clock, after reading (the read is timed above)
            _, out = timed([sys.executable, "-c", WRITE, str(source), str(Path(work) / "w.xlsx")])
            figures["write"].append(float(out))
            command = [*cli, "batch", str(source), "-o", str(Path(work) / "out.xlsx"),
                       "--as-of", "2021-10-01"]  # fmt: skip
            figures["batch"].append(timed(command)[0])
        best = {name: min(values) for name, values in figures.items()}
        ratio = best["batch"] / (best["read"] + best["write"])
        report = {
            "rows": args.rows,
            "size_mib": round(source.stat().st_size / 2**20, 1),
            "seconds": {name: round(value, 2) for name, value in best.items()},
            "batch_rows_per_s": round(args.rows / best["batch"]),
            "ratio_batch_to_read_plus_write": round(ratio, 2),
            "python": platform.python_version(),
        }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{args.rows:,} rows, {report['size_mib']} MiB workbook, best of {args.runs}")
    for name in ("read", "write", "batch"):
        print(f"  {name:<6} {best[name]:7.2f} s")
    print(f"  batch / (read + write) = {ratio:.2f}x; batch {report['batch_rows_per_s']:,} rows/s")


if __name__ == "__main__":
    main()
