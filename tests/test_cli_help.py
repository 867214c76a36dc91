"""Every command says what it is for: `--help` works and has a description, and --version."""

from __future__ import annotations

import pytest

from sertifikat_cek import __version__

COMMANDS = [
    ["diagnose"],
    ["batch"],
    ["calendar"],
    ["calendar", "add"],
    ["calendar", "between"],
    ["calendar", "holidays"],
    ["info"],
    ["info", "incentives"],
    ["info", "registration"],
    ["info", "contacts"],
    ["rules"],
    ["rules", "list"],
    ["rules", "show"],
    ["rules", "check"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(run_cli, command) -> None:
    result = run_cli(*command, "--help")
    assert result.exit_code == 0, result.stderr
    usage = result.stdout
    assert f"sertifikat-cek {' '.join(command)}" in " ".join(usage.split())
    description = [line for line in usage.splitlines() if line.strip()][1]
    assert len(description.strip()) > 10  # a sentence, not only the usage line


def test_the_top_level_help_lists_every_command(run_cli) -> None:
    usage = run_cli("--help").stdout
    for command in ("diagnose", "batch", "calendar", "info", "rules"):
        assert command in usage


def test_version(run_cli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"sertifikat-cek {__version__}"
