"""The bundled rules pre-built: what reading and checking their YAML gives, kept as JSON in the
package and used instead of the YAML only while it is current, for a faster start-up.

`prebuilt.json` holds the checked values of each section (the rule set, info.yaml and its
consequence alone, questions.yaml, replies.yaml, columns.yaml) and a key: the size and CRC-32 of every file of the
rule directory and of every module of this package that read and checked them when it was made.
`section(directory, name)` gives a section only for the bundled rule directory and only when the
key still matches the files on disk; otherwise (no file, an edited rule or module, a file that
cannot be read) it gives None and the caller reads the YAML as always. It is never written at run
time: the wheel build makes it (hatch_build.py), and `scripts/prebuild_rules.py` in a checkout.

The values are JSON, not pickle: decoding only builds dataclasses of this package (named in the
file, given their own fields only, no code run), tuples, dicts, mapping proxies, frozensets and
dates.
Paths inside the rule directory are stored relative to it, so the values name the files where
they are installed, as the YAML path would."""

from __future__ import annotations

import json
import os
import sys
import zlib
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from types import MappingProxyType

from sertifikat_cek.rules.location import bundled_rules_dir

FILE = Path(__file__).with_name("prebuilt.json")
FORMAT = 1
PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # the sertifikat_cek folder
# section -> the function that reads it from a rule directory's YAML: (value | None, problems)
SECTIONS = {
    "rules": "sertifikat_cek.rules.loader:check_rules",
    "info": "sertifikat_cek.info.reader:read_info",
    "consequence": "sertifikat_cek.info.reader:read_consequence",
    "questions": "sertifikat_cek.decide.questions:_read",
    "replies": "sertifikat_cek.decide.replies:_read",
    "columns": "sertifikat_cek.rules.columns:_read",
}


# -- the key: what the values were made from -------------------------------------------------------


def _checksum(paths: list[tuple[str, Path]]) -> str:
    """Size and CRC-32 of each (name, path) in order, as one text; a file that cannot be read
    makes the text unlike any key (the pre-built values are then not used)."""
    crc, total = 0, 0
    for name, path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            return f"unreadable:{name}"
        crc = zlib.crc32(f"{name}\0{len(data)}\0".encode(), crc)
        crc = zlib.crc32(data, crc)
        total += len(data)
    return f"{len(paths)}:{total}:{crc:08x}"


def rule_files(directory: Path) -> list[tuple[str, Path]]:
    """Every file of a rule directory, by its path relative to it (`/`-separated), sorted."""
    found = []
    for folder, subfolders, names in os.walk(directory):
        subfolders.sort()
        base = Path(folder)
        for name in names:
            path = base / name
            found.append((path.relative_to(directory).as_posix(), path))
    return sorted(found)


def _key(directory: Path, modules: list[str]) -> dict:
    code = [(module, PACKAGE_ROOT / module) for module in modules]
    return {
        "format": FORMAT,
        "rules": _checksum(rule_files(directory)),
        "modules": modules,
        "code": _checksum(code),
    }


# -- reading ---------------------------------------------------------------------------------------


def section(directory: Path, name: str):
    """The pre-built value of `name` for the bundled rule directory, or None: for any other
    directory, or when the pre-built file is missing, unreadable or not current."""
    if directory != bundled_rules_dir():
        return None
    return read_section(FILE, directory, name)


def read_section(file: Path, directory: Path, name: str):
    """The value of section `name` of pre-built `file`, for the rule `directory` it must have
    been made from; None when the file is not current for it."""
    text = _current_sections(file, directory).get(name)
    if text is None:
        return None
    try:
        return json.loads(text, object_hook=_Decoder(str(directory)))
    except (ValueError, TypeError, KeyError, ImportError, AttributeError):
        return None


@lru_cache(maxsize=8)
def _current_sections(file: Path, directory: Path) -> dict[str, str]:
    """The sections of `file` (its first line the key, then a line `name<TAB>json` for each),
    when the key is current for `directory`; else none."""
    try:
        key_line, *lines = file.read_text(encoding="utf-8").split("\n")
        key = json.loads(key_line)
        if key.get("format") != FORMAT or key != _key(directory, list(key["modules"])):
            return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return dict(line.split("\t", 1) for line in lines if "\t" in line)


def status(file: Path = FILE, directory: Path | None = None) -> str:
    """'current', 'not current' or 'missing': whether the bundled rules are read pre-built."""
    if not file.is_file():
        return "missing"
    return "current" if _current_sections(file, directory or bundled_rules_dir()) else "not current"


class _Decoder:
    """json.loads's object_hook: the tagged objects `_encode` writes, back to values."""

    def __init__(self, directory: str) -> None:
        self.classes: dict[str, tuple[type, frozenset[str]]] = {}  # name -> class, its fields
        self.tags = {
            "$path": lambda rel: directory + rel.replace("/", os.sep),
            "$tuple": tuple,
            "$frozenset": frozenset,
            "$dict": dict,
            "$proxy": lambda items: MappingProxyType(dict(items)),
            "$date": date.fromisoformat,
            "$datetime": datetime.fromisoformat,
            "$time": time.fromisoformat,
        }

    def __call__(self, data: dict):
        for tag, value in data.items():  # the first key: a tag, or a dataclass's first field
            if tag == "$class":
                return self.instance(value, data["fields"])
            decode = self.tags.get(tag)
            return data if decode is None else decode(value)
        return data  # the fields of a dataclass that has none

    def instance(self, name: str, values: dict):
        """The dataclass `name` with these fields, set as they were (as copy and pickle do: its
        __init__ does not run)."""
        cls, names = self.classes.get(name) or self.classes.setdefault(name, _dataclass(name))
        if not values.keys() <= names:
            raise ValueError(f"{name}: not its fields: {sorted(values.keys() - names)}")
        instance = object.__new__(cls)
        if hasattr(cls, "__slots__"):
            for field_name, value in values.items():
                object.__setattr__(instance, field_name, value)
        else:
            instance.__dict__.update(values)
        return instance


def _dataclass(name: str) -> tuple[type, frozenset[str]]:
    """The dataclass `module:qualname`, which must be one of this package's, and its fields."""
    module, _, qualname = name.partition(":")
    if not module.startswith("sertifikat_cek."):
        raise ValueError(f"{name}: not a class of sertifikat_cek")
    cls = getattr(import_module(module), qualname)
    if not (isinstance(cls, type) and is_dataclass(cls)):
        raise ValueError(f"{name}: not a dataclass")
    return cls, frozenset(f.name for f in fields(cls))


# -- making ----------------------------------------------------------------------------------------


def build(directory: Path) -> str:
    """The text of a pre-built file for the rule `directory` (its YAML read and checked here);
    RulesError when the rules have a problem."""
    from sertifikat_cek.errors import RulesError

    prefix = str(directory)
    sections = {}
    for name, reader in SECTIONS.items():
        module, _, function = reader.partition(":")
        value, problems = getattr(import_module(module), function)(directory)
        if problems or value is None:
            raise RulesError(f"{name}: {problems[0] if problems else 'nothing read'}")
        text = json.dumps(_encode(value, prefix), ensure_ascii=False, separators=(",", ":"))
        if json.dumps(prefix)[1:-1] in text:
            raise RulesError(f"{name}: a value names the rule directory other than as a path")
        sections[name] = text
    lines = [json.dumps(_key(directory, _modules_read()))]
    lines += [f"{name}\t{text}" for name, text in sections.items()]
    return "\n".join(lines) + "\n"


def _modules_read() -> list[str]:
    """The files of this package's modules imported so far (those that read and checked the
    rules, and define their values), relative to the package folder."""
    found = set()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file and getattr(module, "__name__", "").startswith("sertifikat_cek"):
            path = Path(file).resolve()
            if path.is_relative_to(PACKAGE_ROOT):
                found.add(path.relative_to(PACKAGE_ROOT).as_posix())
    return sorted(found)


def _encode(value, prefix: str):
    """`value` as JSON data, every object but str, int, float, bool and None tagged."""
    if isinstance(value, str):
        if value == prefix or value.startswith(prefix + os.sep):
            return {"$path": value[len(prefix) :].replace(os.sep, "/")}
        return value
    if value is None or isinstance(value, bool | int | float):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        return {
            "$class": f"{cls.__module__}:{cls.__qualname__}",
            "fields": {f.name: _encode(getattr(value, f.name), prefix) for f in fields(value)},
        }
    if isinstance(value, tuple):
        return {"$tuple": [_encode(item, prefix) for item in value]}
    if isinstance(value, frozenset):
        return {"$frozenset": sorted((_encode(item, prefix) for item in value), key=repr)}
    if isinstance(value, dict | MappingProxyType):
        tag = "$dict" if isinstance(value, dict) else "$proxy"
        return {tag: [[_encode(k, prefix), _encode(v, prefix)] for k, v in value.items()]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    raise TypeError(f"cannot pre-build a {type(value).__qualname__}: add it to prebuilt._encode")
