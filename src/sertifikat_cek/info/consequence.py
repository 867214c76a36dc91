"""What a missing certificate costs the participant (rules/info.yaml's `consequence`): the one
part of the programme information that every diagnose shows, loaded without the rest of it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sertifikat_cek.rules import prebuilt
from sertifikat_cek.rules.ruleset import Cite, Text


@dataclass(frozen=True)
class Consequence:
    title: Text
    text: Text
    cites: tuple[Cite, ...]


@lru_cache(maxsize=8)
def load_consequence(directory: Path) -> Consequence:
    """info.yaml's consequence for a rule directory (the bundled one when it has none): pre-built
    for the bundled rules while current, else from the checked information (programme)."""
    found = prebuilt.section(directory, "consequence")
    if found is None:
        from sertifikat_cek.info.programme import load_info

        found = load_info(directory).consequence
    return found
