"""Indonesia's non-working days: the `holidays` package plus the decrees in `rules/calendar.yaml`."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sertifikat_cek.errors import RulesError

FIRST_YEAR = 2010
LAST_YEAR = 2045
ESTIMATED_MARK = "perkiraan"
SNAPSHOT_FILE = "holiday_snapshot.json"
KINDS = ("weekend", "public", "cuti_bersama", "override")


@dataclass(frozen=True)
class DayOff:
    """One non-working day other than an ordinary weekend, and why."""

    day: date
    name: str
    kind: str  # "public", "cuti_bersama" or "override"
    estimated: bool = False
    decree: str | None = None

    def as_json(self) -> dict:
        data = {"date": self.day.isoformat(), "name": self.name, "kind": self.kind}
        if self.estimated:
            data["estimated"] = True
        if self.decree:
            data["decree"] = self.decree
        return data


@dataclass(frozen=True)
class HolidayTable:
    """Every holiday and cuti bersama day from FIRST_YEAR to LAST_YEAR, with the years lacking data."""

    first_year: int
    last_year: int
    days: tuple[DayOff, ...]
    years_without_cuti_bersama: frozenset[int]
    removed: tuple[DayOff, ...] = field(default=())


def _holidays_version() -> str:
    """The installed `holidays` version, from the name of its .dist-info folder: importing the
    package or importlib.metadata would cost more than the rest of a calendar command."""
    from importlib.util import find_spec

    spec = find_spec("holidays")
    for folder in (spec and spec.submodule_search_locations) or ():
        found = list(Path(folder).parent.glob("holidays-*.dist-info"))
        if len(found) == 1:
            return found[0].name.removeprefix("holidays-").removesuffix(".dist-info")
    from importlib import metadata

    return metadata.version("holidays")


def cache_key(calendar_yaml: str, holidays_version: str | None = None) -> str:
    """What a snapshot was made from: the package's version, the overrides and the year range."""
    digest = f"{zlib.crc32(calendar_yaml.encode()):08x}"  # a cache key, not a security check
    version = holidays_version or _holidays_version()
    return f"holidays={version};calendar={digest};years={FIRST_YEAR}-{LAST_YEAR}"


def _from_package() -> tuple[dict[date, DayOff], frozenset[int]]:
    import holidays

    years = range(FIRST_YEAR, LAST_YEAR + 1)
    found: dict[date, DayOff] = {}
    with_cuti: set[int] = set()
    for category, kind in (("public", "public"), ("government", "cuti_bersama")):
        entries = holidays.country_holidays(
            "ID", years=years, categories=(category,), language="id"
        )
        for day, name in sorted(entries.items()):
            if kind == "cuti_bersama":
                with_cuti.add(day.year)
            earlier = found.get(day)
            if earlier is None:
                found[day] = DayOff(day, name, kind, ESTIMATED_MARK in name)
            else:  # a public holiday and a cuti bersama on the same day: public wins
                found[day] = DayOff(
                    day,
                    f"{earlier.name}; {name}",
                    earlier.kind,
                    earlier.estimated or ESTIMATED_MARK in name,
                )
    return found, frozenset(set(years) - with_cuti)


def _overrides(text: str, origin: str) -> tuple[list[DayOff], list[DayOff], list[DayOff]]:
    """Read calendar.yaml: `add`, `remove` and `rename` lists of {date, name, decree}."""

    from sertifikat_cek.rules.yaml_positions import DateSafeLoader, load_bounded

    data = load_bounded(text, origin, DateSafeLoader, prefix="not valid YAML: ") or {}
    if not isinstance(data, dict) or set(data) - {"add", "remove", "rename"}:
        raise RulesError(
            "expected a mapping with only the keys 'add', 'remove' and 'rename'", where=origin
        )
    lists: dict[str, list[DayOff]] = {"add": [], "remove": [], "rename": []}
    for key, items in data.items():
        if items and not isinstance(items, list):
            raise RulesError(
                f"'{key}' must be a list of entries with 'date', 'name' and 'decree'",
                where=origin,
            )
        for number, item in enumerate(items or [], start=1):
            place = f"{origin}: {key}[{number}]"
            if not isinstance(item, dict) or set(item) != {"date", "name", "decree"}:
                raise RulesError(
                    "each entry needs exactly 'date', 'name' and 'decree'", where=place
                )
            day = item["date"]
            if not isinstance(day, date) or isinstance(day, datetime):  # a day, not a moment
                raise RulesError(f"'date' must be YYYY-MM-DD, not {day!r}", where=place)
            lists[key].append(
                DayOff(day, str(item["name"]), "override", decree=str(item["decree"]))
            )
    return lists["add"], lists["remove"], lists["rename"]


def build_table(calendar_yaml: str, origin: str = "calendar.yaml") -> HolidayTable:
    """Compute the table from the `holidays` package and the overrides (slow: about 0.2 s)."""
    found, without_cuti = _from_package()
    added, removed, renamed = _overrides(calendar_yaml, origin)
    for day_off in removed:
        found.pop(day_off.day, None)
    for day_off in renamed:  # the same day off under its right name (a typo in the package)
        known = found.get(day_off.day)
        if known is None:
            raise RulesError(
                f"rename: {day_off.day.isoformat()} is not a holiday or cuti bersama day of the "
                "holidays package; use 'add' for a new date",
                where=origin,
            )
        found[day_off.day] = DayOff(day_off.day, day_off.name, known.kind, known.estimated)
    for day_off in added:
        found[day_off.day] = day_off
    without_cuti = without_cuti - {day_off.day.year for day_off in added}
    return HolidayTable(
        FIRST_YEAR,
        LAST_YEAR,
        tuple(sorted(found.values(), key=lambda d: d.day)),
        without_cuti,
        tuple(removed),
    )


def table_to_json(table: HolidayTable, key: str) -> str:
    return json.dumps(
        {
            "key": key,
            "first_year": table.first_year,
            "last_year": table.last_year,
            "years_without_cuti_bersama": sorted(table.years_without_cuti_bersama),
            "days": [d.as_json() for d in table.days],
            "removed": [d.as_json() for d in table.removed],
        },
        ensure_ascii=False,
        indent=0,
    )


def _day_off(item: dict) -> DayOff:
    return DayOff(
        date.fromisoformat(item["date"]),
        item["name"],
        item["kind"],
        item.get("estimated", False),
        item.get("decree"),
    )


def _snapshot(key: str) -> HolidayTable | None:
    try:
        text = (Path(__file__).parent / SNAPSHOT_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(text)
    if data.get("key") != key:
        return None
    return HolidayTable(
        data["first_year"],
        data["last_year"],
        tuple(_day_off(item) for item in data["days"]),
        frozenset(data["years_without_cuti_bersama"]),
        tuple(_day_off(item) for item in data["removed"]),
    )


def load_table(calendar_yaml: str, origin: str = "calendar.yaml") -> HolidayTable:
    """The table for these overrides: from the bundled snapshot when it was made from the same
    `holidays` version and the same calendar.yaml, otherwise computed afresh."""
    return _snapshot(cache_key(calendar_yaml)) or build_table(calendar_yaml, origin)
