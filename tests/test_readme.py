"""The documents' examples are real: every `$ sertifikat-cek ...` in the README and in docs/
shows what the tool prints today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _examples_module():
    spec = importlib.util.spec_from_file_location(
        "readme_examples", ROOT / "scripts" / "readme_examples.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOCUMENTS = _examples_module().documents()


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_shows_what_the_tool_prints_today(document: Path) -> None:
    module = _examples_module()
    text = document.read_text(encoding="utf-8")
    _, changes = module.refresh(text)
    assert not changes, (
        f"{document.relative_to(ROOT)} examples are stale; run `python scripts/readme_examples.py`:"
        "\n\n" + "\n\n".join(changes)
    )


def test_the_readme_shows_real_console_examples_and_stays_a_manual() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _examples_module().BLOCK.search(text), "the README has no console examples"
    assert len(text.splitlines()) < 400, "the README is a user's manual: move internals to docs/"


def test_every_document_the_readme_links_exists() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = {part.split(")")[0].split("#")[0] for part in text.split("](docs/")[1:]}
    assert linked, "the README links no document under docs/"
    for name in linked:
        assert (ROOT / "docs" / name).is_file(), f"README links docs/{name}, which does not exist"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    marker = "<!-- test-command -->\n```sh\n"
    assert marker in readme
    command = readme.split(marker, 1)[1].splitlines()[0]
    assert "pytest" in command and "pip install" in command
    assert "<!-- test-command -->" in ci  # CI reads the command from the README itself


def test_the_readme_counts_the_example_export_rightly():
    import csv
    import re

    root = Path(__file__).resolve().parents[1]
    stated = re.search(
        r"`examples/kasus\.csv`, (\d+) fictional cases", (root / "README.md").read_text()
    )
    assert stated, "the README says how many cases examples/kasus.csv holds"
    with (root / "examples" / "kasus.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = sum(1 for row in csv.reader(file, delimiter=";") if any(row)) - 1  # the header
    assert int(stated.group(1)) == rows
