"""Keeps the documents' examples true: reruns every `$ sertifikat-cek ...` line of their console
blocks, in README.md and in every docs/*.md.

    python scripts/readme_examples.py           # rewrite the outputs in README.md and docs/
    python scripts/readme_examples.py --check   # exit 1 and show what differs (the tests do this)

A console block is a fenced block tagged `console`; each line starting with `$ ` is a command,
run with bash from the repository root (so `examples/kasus.csv` resolves), with the
`sertifikat-cek` of this Python environment first on PATH, NO_COLOR=1 and stdin closed. The
lines up to the next `$ ` are its expected output (stdout and stderr, as a terminal shows them)."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def documents() -> list[Path]:
    """The files whose console examples are kept true: the README, then docs/*.md."""
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


def run(command: str) -> str:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }
    env.pop("SERTIFIKAT_CEK_RULES_DIR", None)
    env.pop("SERTIFIKAT_CEK_LANG", None)
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    return "\n".join(line.rstrip() for line in done.stdout.splitlines())


def commands(block: str) -> list[tuple[str, str]]:
    """The (command, expected output) pairs of one console block."""
    pairs: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:], []))
        elif pairs:
            pairs[-1][1].append(line.rstrip())
    return [(command, "\n".join(output)) for command, output in pairs]


def refresh(text: str) -> tuple[str, list[str]]:
    """The README with every output rerun, and a diff for each output that changed."""
    changes: list[str] = []

    def rerun(match: re.Match) -> str:
        lines = []
        for command, expected in commands(match.group(1)):
            actual = run(command)
            if actual != expected:
                diff = difflib.unified_diff(
                    expected.splitlines(), actual.splitlines(), "README", "now", lineterm=""
                )
                changes.append(f"$ {command}\n" + "\n".join(diff))
            lines.append(f"$ {command}")
            if actual:
                lines.append(actual)
        return "```console\n" + "\n".join(lines) + "\n```\n"

    return BLOCK.sub(rerun, text), changes


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = 0
    for document in documents():
        text = document.read_text(encoding="utf-8")
        updated, changes = refresh(text)
        stale += len(changes)
        name = document.relative_to(ROOT)
        if check:
            for change in changes:
                print(f"{name}: {change}")
            continue
        if changes:
            document.write_text(updated, encoding="utf-8")
        print(f"{len(changes)} example outputs updated in {name}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
