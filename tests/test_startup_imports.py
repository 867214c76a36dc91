"""Start-up is not paid by others: a command imports what it needs, not every command's modules.

Start-up time is what a user notices; these tests assert its cause without timing anything: the
modules a command run leaves in sys.modules (in a fresh interpreter, as the console script runs).
bench/startup.py measures the time itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Run the console script's main() with these arguments, then print the names of the modules.
PROBE = """
import json, sys
sys.argv = ["sertifikat-cek", *json.loads(sys.argv[1])]
from sertifikat_cek.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""

# Never at start-up of a command that does not need them: other commands' modules, and the
# packages whose import alone costs a visible part of the start-up.
HEAVY = ("rich", "yaml", "dateutil", "holidays", "numpy", "pyarrow", "polars")
OTHER_COMMANDS = (
    "sertifikat_cek.batch",
    "sertifikat_cek.cli.batch_cmd",
    "sertifikat_cek.cli.diagnose_cmd",
    "sertifikat_cek.cli.info_cmd",
    "sertifikat_cek.cli.rules_cmd",
    "sertifikat_cek.decide",
    "sertifikat_cek.rules.loader",
)


def modules_after(*args: str, site: Path | None = None) -> set[str]:
    """The modules imported by the command (`site`: the package there, as installed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}
    env["NO_COLOR"] = "1"
    if site is not None:
        env["PYTHONPATH"] = str(site)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.stdout, done.stderr  # the command ran and wrote its result
    return set(json.loads(done.stderr.splitlines()[-1]))


def loaded(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("calendar", "add", "2021-05-11", "7"),
        ("calendar", "add", "2021-05-11", "7", "--json"),
        ("calendar", "between", "2021-05-01", "2021-05-31"),
    ],
    ids=" ".join,
)
def test_calendar_and_version_import_no_other_command_nor_heavy_package(args) -> None:
    modules = modules_after(*args)
    assert loaded(modules, HEAVY) == []
    assert loaded(modules, OTHER_COMMANDS) == []


def test_the_top_level_help_still_lists_every_command() -> None:
    """Loading commands lazily must not lose any from the listing (it loads them all)."""
    modules = modules_after("--help")
    for module in ("batch_cmd", "calendar_cmd", "diagnose_cmd", "info_cmd", "rules_cmd"):
        assert f"sertifikat_cek.cli.{module}" in modules


def test_diagnose_in_a_pipe_does_not_import_rich() -> None:
    """The plain report is laid out by render.plain (rich only on a terminal, or for what
    render.plain cannot lay out exactly)."""
    args = ("diagnose", "-p", "tokopedia", "--completed", "2021-03-05", "--as-of", "2021-03-10")
    for extra in ((), ("--plain",)):
        modules = modules_after(*args, *extra)
        assert loaded(modules, ("rich",)) == []
        assert "sertifikat_cek.render.plain" in modules


# What reads and checks the YAML: not needed while the bundled rules are pre-built and current.
RULE_READERS = (
    "yaml",
    "hashlib",
    "sertifikat_cek.rules.loader",
    "sertifikat_cek.rules.checker",
    "sertifikat_cek.rules.file_checks",
    "sertifikat_cek.rules.platform_reader",
    "sertifikat_cek.rules.programme_reader",
    "sertifikat_cek.rules.yaml_positions",
    "sertifikat_cek.rules.columns",
    "sertifikat_cek.info.reader",
    "sertifikat_cek.info.programme",  # diagnose shows its consequence alone (info.consequence)
    "sertifikat_cek.decide.questions",
    "sertifikat_cek.decide.replies",
)


def test_diagnose_with_the_pre_built_rules_imports_no_rule_reader_nor_yaml(installed_package):
    """As from a wheel (conftest's installed copy, its pre-built rules current): the rules, the
    programme information and the calendar come pre-built or from snapshots."""
    site, _ = installed_package
    args = ("diagnose", "-p", "tokopedia", "--completed", "2021-03-05", "--as-of", "2021-03-10")
    modules = modules_after(*args, "--plain", site=site)
    assert "sertifikat_cek.rules.prebuilt" in modules
    assert loaded(modules, (*RULE_READERS, *HEAVY)) == []
