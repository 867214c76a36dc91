"""Regenerate src/sertifikat_cek/calendar/holiday_snapshot.json from the installed `holidays` package.

The snapshot is a cache: at run time it is used only when its key (the `holidays` version, the
hash of rules/calendar.yaml and the year range) matches; otherwise the table is computed afresh.
Run after upgrading `holidays` or editing rules/calendar.yaml:  python scripts/snapshot_holidays.py
"""

from pathlib import Path

from sertifikat_cek.calendar.holiday_table import (
    SNAPSHOT_FILE,
    build_table,
    cache_key,
    table_to_json,
)

ROOT = Path(__file__).resolve().parents[1]
calendar_yaml = (ROOT / "rules" / "calendar.yaml").read_text(encoding="utf-8")
target = ROOT / "src" / "sertifikat_cek" / "calendar" / SNAPSHOT_FILE
target.write_text(
    table_to_json(build_table(calendar_yaml), cache_key(calendar_yaml)) + "\n", "utf-8"
)
print(f"wrote {target.relative_to(ROOT)}")
