"""The README's examples are real: every `$ sertifikat-cek ...` shows what the tool prints today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _examples_module():
    spec = importlib.util.spec_from_file_location(
        "readme_examples", ROOT / "scripts" / "readme_examples.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_readme_example_shows_what_the_tool_prints_today() -> None:
    module = _examples_module()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module.BLOCK.search(text), "the README has no console examples"
    _, changes = module.refresh(text)
    assert not changes, (
        "README examples are stale; run `python scripts/readme_examples.py`:\n\n"
        + "\n\n".join(changes)
    )


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    marker = "<!-- test-command -->\n```sh\n"
    assert marker in readme
    command = readme.split(marker, 1)[1].splitlines()[0]
    assert "pytest" in command and "pip install" in command
    assert "<!-- test-command -->" in ci  # CI reads the command from the README itself
