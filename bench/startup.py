"""Startup time of `sertifikat-cek` against `python -c "import typer"`, with the same interpreter.

    python bench/startup.py [--runs 15] [--json] [--bytecode]

Each command runs once untimed (to warm the file cache and check that it works), then `--runs`
times, interleaved: round 1 runs every command once, round 2 again, and so on, with the order
rotated each round, so that a slow moment of the machine falls on every command alike. The report
gives the median, the fastest and the slowest run of each command, the extra milliseconds over
the baseline, and the ratio of the medians. It only reports: the exit code is 0 whatever the
figures are.

Bytecode: with PYTHONDONTWRITEBYTECODE set (as in some sandboxes and CI images) and an editable
install, the project's modules have no .pyc and are compiled from source on every run, while
typer's were compiled by pip at install; the report says when this is so. `--bytecode` runs every
command, the baseline included, with a temporary PYTHONPYCACHEPREFIX that the warm-up run fills:
every module then loads from bytecode, as from a wheel installed with pip.

Pre-built rules: `diagnose` reads the bundled rules from src/sertifikat_cek/rules/prebuilt.json
when it is current (a wheel always has it; in a checkout `pip install -e .` or
`scripts/prebuild_rules.py` makes it, and editing a rule or its reader leaves it behind, so that the
YAML is read instead); the report says which.

The console script is started as `<this python> <path of the sertifikat-cek script>`, so it runs
under exactly the interpreter that runs the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = "import typer"


def find_script() -> Path | None:
    """The `sertifikat-cek` console script installed next to this interpreter, else on PATH."""
    sibling = Path(sys.executable).parent / "sertifikat-cek"
    if sibling.exists():
        return sibling
    found = shutil.which("sertifikat-cek")
    return Path(found) if found else None


def commands(script: Path) -> dict[str, list[str]]:
    cli = [sys.executable, str(script)]
    return {
        BASELINE: [sys.executable, "-c", "import typer"],
        "--version": [*cli, "--version"],
        "calendar add": [*cli, "calendar", "add", "2021-05-11", "7"],
        "calendar add --json": [*cli, "calendar", "add", "2021-05-11", "7", "--json"],
        # reads and checks the bundled rules, then decides and renders one case
        "diagnose --plain": [
            *cli,
            "diagnose",
            "--platform",
            "tokopedia",
            "--completed",
            "2021-03-05",
            "--as-of",
            "2021-03-10",
            "--plain",
        ],
    }


def clean_env(pycache_prefix: str | None = None) -> dict[str, str]:
    """The environment without this tool's own settings, so the bundled rules are measured; with
    `pycache_prefix`, bytecode written to and read from there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}
    env["NO_COLOR"] = "1"
    if pycache_prefix is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache_prefix
    return env


def bytecode_note(env: dict[str, str]) -> str:
    if env.get("PYTHONPYCACHEPREFIX"):
        return f"bytecode cached in {env['PYTHONPYCACHEPREFIX']} by the warm-up run"
    if env.get("PYTHONDONTWRITEBYTECODE"):
        return (
            "bytecode not written (PYTHONDONTWRITEBYTECODE is set): modules without a .pyc "
            "are compiled on every run (--bytecode: as installed from a wheel)"
        )
    return "bytecode written and read as usual"


def prebuilt_note(env: dict[str, str]) -> str:
    """Whether the commands read the bundled rules pre-built (rules/prebuilt.py) or from YAML."""
    probe = "from sertifikat_cek.rules import prebuilt; print(prebuilt.status())"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    status = done.stdout.strip() or "unknown (sertifikat_cek.rules.prebuilt not found)"
    if status == "current":
        return "pre-built rules: current (diagnose does not read the YAML)"
    return (
        f"pre-built rules: {status}: diagnose reads and checks the YAML "
        "(run scripts/prebuild_rules.py to measure it as from a wheel)"
    )


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Seconds taken, exit code and the end of stderr."""
    started = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    elapsed = time.perf_counter() - started
    return elapsed, done.returncode, done.stderr.decode("utf-8", "replace")[-300:]


def measure(
    named: dict[str, list[str]], runs: int, env: dict[str, str]
) -> tuple[dict[str, list[float]], dict]:
    failures: dict[str, str] = {}
    for name, command in named.items():  # warm-up, not timed
        _, code, stderr = run_once(command, env)
        if code != 0:
            failures[name] = f"exit code {code}: {stderr.strip()}"
    times: dict[str, list[float]] = {name: [] for name in named}
    names = list(named)
    for round_number in range(runs):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            elapsed, _, _ = run_once(named[name], env)
            times[name].append(elapsed)
    return times, failures


def summarise(times: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    base = statistics.median(times[BASELINE])
    summary = {}
    for name, values in times.items():
        median = statistics.median(values)
        summary[name] = {
            "median_ms": round(median * 1000, 1),
            "min_ms": round(min(values) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1),
            "extra_ms": round((median - base) * 1000, 1),
            "ratio_to_baseline": round(median / base, 2),
        }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (15)")
    parser.add_argument("--json", action="store_true", help="write the figures as JSON")
    parser.add_argument(
        "--bytecode",
        action="store_true",
        help="every module from bytecode cached by the warm-up run (as a wheel installed by pip)",
    )
    options = parser.parse_args(argv)
    runs = max(1, options.runs)

    script = find_script()
    if script is None:
        print("sertifikat-cek is not installed next to this Python nor on PATH", file=sys.stderr)
        return 0
    named = commands(script)
    with tempfile.TemporaryDirectory(prefix="startup-pycache-") as prefix:
        env = clean_env(prefix if options.bytecode else None)
        times, failures = measure(named, runs, env)
        bytecode = bytecode_note(env)
        prebuilt = prebuilt_note(env)
    summary = summarise(times)
    report = {
        "python": sys.executable,
        "python_version": platform.python_version(),
        "script": str(script),
        "runs": runs,
        "bytecode": bytecode,
        "prebuilt_rules": prebuilt,
        "baseline": BASELINE,
        "results": {
            name: {"command": named[name][1:], **figures} for name, figures in summary.items()
        },
        "failures": failures,
    }
    if options.json:
        print(json.dumps(report, indent=2))
        return 0

    print(f"python {report['python_version']} ({sys.executable}), {runs} runs each, interleaved")
    print(bytecode)
    print(prebuilt)
    labels = {name: f"python -c '{name}'" if name == BASELINE else name for name in summary}
    width = max(len(label) for label in labels.values())
    header = f"{'command':<{width}} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'extra ms':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, figures in summary.items():
        print(
            f"{labels[name]:<{width}} {figures['median_ms']:>10.1f} {figures['min_ms']:>8.1f} "
            f"{figures['max_ms']:>8.1f} {figures['extra_ms']:>+9.1f} "
            f"{figures['ratio_to_baseline']:>5.2f}x"
        )
    print("ratio = median of the command / median of the baseline")
    for name, problem in failures.items():
        print(f"warning: {name} failed in the warm-up run: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
