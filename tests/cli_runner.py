"""The CLI runner the tests use: the user's own settings cleared, stdout and stderr kept apart."""

from __future__ import annotations

from typer.testing import CliRunner

# The user's own settings must not change what the tests see.
CLI_ENV = {"SERTIFIKAT_CEK_LANG": None, "SERTIFIKAT_CEK_RULES_DIR": None, "NO_COLOR": "1"}


def make_runner() -> CliRunner:
    """A CliRunner whose results have `.stdout` and `.stderr` apart."""
    try:
        return CliRunner(mix_stderr=False, env=CLI_ENV)  # click < 8.2: apart only when asked
    except TypeError:
        return CliRunner(env=CLI_ENV)  # click >= 8.2 and typer's vendored click: always apart
