"""The benchmark's polars peer (bench/peers/polars_peer.py) on cases worked out by hand from
DOMAIN.md (sections 3 to 5 and the holiday table), and bench/batch.py's narrow shape end to end.

The expected verdicts below are derived from DOMAIN.md, not from sertifikat-cek's output: the
peer is a second reading of the domain, so it must stand on its own.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("polars")
pytest.importorskip("numpy")

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT / "bench" / "peers" / "polars_peer.py"
HEADER = [
    "Platform",
    "Tgl Selesai",
    "Tanggal Rating",
    "Laporan Lembaga",
    "Laporan Platform",
    "Nama Sesuai",
    "Tanggal Cek",
]

# (why, platform, completed, rated, institution report, platform report, name matches,
#  check date, verdict, due, contact); an empty verdict means the row is an error.
CASES = [
    # DOMAIN 5's worked example: certificate due on the 7th working day after 2021-03-08,
    # 9, 10, (11 Isra Mi'raj), 12, 15, 16, 17, 18.
    ("worked example", "Tokopedia", "2021-03-01", "", "2021-03-05", "2021-03-08", "", "2021-03-12",
     "certificate_waiting", "2021-03-18", ""),
    ("worked example, late", "Tokopedia", "2021-03-01", "", "2021-03-05", "2021-03-08", "",
     "2021-03-19", "certificate_overdue", "2021-03-18", "prakerja"),
    ("the other date forms", "Tokopedia", "1 Maret 2021", "", "44260", "08-03-2021", "",
     "12/03/2021", "certificate_waiting", "2021-03-18", ""),
    # From 2022-11-25 the certificate is one working day after the platform's report.
    ("December 2022", "Tokopedia", "2022-12-01", "", "2022-12-02", "2022-12-05", "", "2022-12-07",
     "certificate_overdue", "2022-12-06", "prakerja"),
    ("last day of the old chain", "Tokopedia", "2022-11-24", "", "2022-11-25", "2022-11-28", "",
     "2022-12-01", "certificate_waiting", "2022-12-07", ""),
    ("first day of the new chain", "Tokopedia", "2022-11-25", "", "2022-11-25", "2022-11-28", "",
     "2022-12-01", "certificate_overdue", "2022-11-29", "prakerja"),
    # No dated completion: the case day is the earliest dated event, used by the chain or not.
    ("case day from the reports", "Tokopedia", "sudah", "", "2022-11-24", "2022-11-25", "",
     "2022-12-01", "certificate_waiting", "2022-12-06", ""),
    ("case day from an unused rating", "Tokopedia", "ya", "2022-11-20", "2022-11-28",
     "2022-11-28", "", "2022-12-01", "certificate_waiting", "2022-12-07", ""),
    ("without it, the new chain", "Tokopedia", "ya", "", "2022-11-28", "2022-11-28", "",
     "2022-12-01", "certificate_overdue", "2022-11-29", "prakerja"),
    # Working days: Saturday + 1 is Monday; a holiday is skipped.
    ("Saturday + 1", "Tokopedia", "2021-03-06", "", "", "", "", "2021-03-06",
     "institution_report_waiting", "2021-03-08", ""),
    ("over Isra Mi'raj", "Tokopedia", "2021-03-10", "", "", "", "", "2021-03-10",
     "institution_report_waiting", "2021-03-12", ""),
    ("institution late", "Tokopedia", "2021-03-01", "", "belum", "", "", "2021-03-10",
     "institution_report_overdue", "2021-03-02", "platform"),
    ("institution missing", "Tokopedia", "ya", "", "tidak", "", "", "2021-03-10",
     "institution_report_missing", "", "institution"),
    ("no clock without a date", "Tokopedia", "ya", "", "", "", "", "2021-03-10",
     "institution_report_unknown", "", "platform"),
    # Implied stages, and a contradicted 'no' that the later fact overrides.
    ("implied done", "Tokopedia", "", "", "", "2021-03-08", "", "2021-03-19",
     "certificate_overdue", "2021-03-18", "prakerja"),
    ("contradiction", "Tokopedia", "belum", "", "", "2021-03-08", "", "2021-03-12",
     "certificate_waiting", "2021-03-18", ""),
    # Bukalapak's 14:00 batch: at or before 14:00:00 that day's, later (or no time) the next.
    ("14:00 batch", "Bukalapak", "2021-03-01", "", "01/03/2021 14:00", "", "", "2021-03-02",
     "platform_report_unknown", "2021-03-01", "platform"),
    ("14:00:01 batch", "Bukalapak", "2021-03-01", "", "01/03/2021 14:00:01", "", "",
     "2021-03-02", "platform_report_waiting", "2021-03-02", ""),
    ("date only: next batch", "Bukalapak", "2021-03-01", "", "01/03/2021", "", "", "2021-03-02",
     "platform_report_waiting", "2021-03-02", ""),
    ("an Excel serial at 18:00", "Bukalapak", "2021-03-01", "", "44256.75", "", "", "2021-03-02",
     "platform_report_waiting", "2021-03-02", ""),
    # With the certificate's due date known, an unknown stage is passed over.
    ("certificate clock from the rating", "Bukalapak", "2021-03-01", "2021-03-01",
     "01/03/2021 14:00", "", "", "2021-03-02", "certificate_waiting", "2021-03-10", ""),
    ("institution late at Bukalapak", "Bukalapak", "2021-03-01", "2021-03-01", "belum", "", "",
     "2021-03-03", "institution_report_overdue", "2021-03-01", "institution"),
    # Kemnaker: the rating started the platform report until 2021-03-17; rate in Sisnaker.
    ("rating missing, Sisnaker advice", "Kemnaker", "2021-03-01", "belum", "2021-03-03", "",
     "ya", "2021-03-10", "rating_missing", "", "institution"),
    ("rating missing, dashboard advice", "Kemnaker", "2021-03-01", "belum", "2021-03-03", "",
     "ya", "2021-03-20", "rating_missing", "", ""),
    ("later of grading and rating + 1", "Kemnaker", "2021-03-01", "2021-03-05", "2021-03-03",
     "", "", "2021-03-08", "platform_report_unknown", "2021-03-06", "platform"),
    ("grading + 1 from 2021-03-18", "Kemnaker", "2021-03-22", "2021-03-26", "2021-03-24", "",
     "", "2021-03-26", "platform_report_unknown", "2021-03-25", "platform"),
    ("account name", "Kemnaker", "2021-03-22", "", "2021-03-24", "", "tidak", "2021-03-26",
     "account_name_missing", "", ""),
    # Pijar Mahir.
    ("Pijar Mahir waiting", "Pijar Mahir", "2021-03-01", "2021-03-02", "", "", "", "2021-03-05",
     "certificate_waiting", "2021-03-12", ""),
    ("Pijar Mahir late", "PijarMahir", "2021-03-01", "2021-03-02", "", "", "", "2021-03-15",
     "certificate_overdue", "2021-03-12", "platform"),
    ("Pijar Mahir not rated", "pijar mahir", "2021-03-01", "belum", "", "", "", "2021-03-15",
     "rating_missing", "", ""),
    # 2024: three working days after the completion, over Nyepi and its cuti bersama.
    ("Nyepi 2024", "Pijar Mahir", "2024-03-07", "", "", "", "", "2024-03-20",
     "certificate_overdue", "2024-03-14", "platform"),
    # Rows it cannot read.
    ("a future event", "Tokopedia", "2021-03-20", "", "", "", "", "2021-03-10", "", "", ""),
    ("a later time on the as-of day", "Tokopedia", "2021-03-05", "", "05/03/2021 13:30", "", "",
     "2021-03-05 10:00", "", "", ""),
    ("a date on the as-of day is not later", "Tokopedia", "2021-03-05", "", "2021-03-05", "",
     "", "2021-03-05 10:00", "platform_report_waiting", "2021-03-08", ""),
    ("no such day", "Tokopedia", "31/02/2021", "", "", "", "", "2021-03-10", "", "", ""),
    ("unknown platform", "Shopee", "2021-03-01", "", "", "", "", "2021-03-10", "", "", ""),
]  # fmt: skip


def load_peer():
    spec = importlib.util.spec_from_file_location("polars_peer", PEER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_peer_gives_the_verdicts_worked_out_from_domain_md(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    with source.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Kasus", *HEADER])
        writer.writerows([case[0], *case[1:8]] for case in CASES)
    args = [str(source), str(target), "--as-of", "2030-01-01", "--delimiter", ";"]
    assert load_peer().main(args) == 0
    with target.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    assert len(rows) == len(CASES)
    for case, row in zip(CASES, rows, strict=True):
        why, *_, verdict, due, contact = case
        got = (row["verdict"], row["due"], row["contact"])
        assert got == (verdict, due, contact), why
        assert bool(row["error"]) == (not verdict), why
        if verdict:
            assert row["verdict"] == f"{row['stage']}_{row['state']}", why


def test_the_peer_finds_columns_by_their_words_or_by_map(tmp_path):
    peer = load_peer()
    headers = ["No", "platform_report_date", "Platform", "lp_report_date", "check_date", "Lulus"]
    found = peer.map_columns(headers, ["Lulus=completed"])
    assert found == {
        "platform_reported": "platform_report_date",
        "platform": "Platform",
        "institution_reported": "lp_report_date",
        "as_of": "check_date",
        "completed": "Lulus",
    }


@pytest.mark.slow
def test_the_batch_benchmark_runs_the_narrow_shape_with_the_peer():
    script = Path(sys.executable).parent / "sertifikat-cek"
    if not script.exists():
        pytest.skip("sertifikat-cek is not installed next to this interpreter")
    command = [sys.executable, str(ROOT / "bench" / "batch.py"), "--rows", "2000"]
    command += ["--small", "500", "--shape", "narrow", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(done.stdout)
    (result,) = report["results"]
    assert result["shape"] == "narrow"
    assert (result["delimiter"], result["as_of"]) == (",", "2024-06-30")
    assert result["batch_exit_code"] in (0, 1)  # 1: a row with an error (31/02/2024)
    assert result["batch_output_lines"] == 2001
    assert result["peer_exit_code"] == 0
    for name in ("copy", "batch", "peer"):
        assert result[f"{name}_rows_per_second"] > 0
    assert "batch" in result["projection_seconds"]
    assert ("rows_rows_per_second" in result) == report["engine_option"]
    agreement = result["agreement"]
    assert agreement["rows"] == 2000
    assert agreement["fraction"] >= 0.9, agreement["disagreements"]
