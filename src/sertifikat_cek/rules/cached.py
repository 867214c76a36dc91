"""The checked rule set of a rule directory, once per process: the pre-built one (`prebuilt`) for
the bundled rules while it is current, else read and checked from the YAML (`loader`).

`loader` and the readers it imports are imported only when the YAML is read."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from sertifikat_cek.rules import prebuilt
from sertifikat_cek.rules.ruleset import RuleSet


@lru_cache(maxsize=8)
def load_rules_cached(directory: Path) -> RuleSet:
    """loader.load_rules, once per directory per process; the bundled rules pre-built when they
    are current and checked by the same validators."""
    rules = prebuilt.section(directory, "rules") if _validators_unchanged() else None
    if rules is None:
        from sertifikat_cek.rules.loader import load_rules

        rules = load_rules(directory)
    return rules


def _validators_unchanged() -> bool:
    """Whether loader.VALIDATORS are those the pre-built rules were checked with: a validator
    registered since must run, so the YAML is read then."""
    loader = sys.modules.get("sertifikat_cek.rules.loader")  # not imported: nothing registered
    return loader is None or loader.VALIDATORS == loader.DEFAULT_VALIDATORS
