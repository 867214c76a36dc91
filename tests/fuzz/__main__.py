"""`python -m tests.fuzz --minutes N`: every fuzz target in turn, for N minutes in all, with fresh
random inputs; prints the inputs tried and the failures found per target (exit 1 on any)."""

from __future__ import annotations

import argparse
import sys
import time
import traceback

from hypothesis import HealthCheck, given, settings

from tests.fuzz import strategies, targets

TARGETS = {
    "command_lines": (strategies.command_lines(), targets.command_line),
    "csv_bytes": (strategies.csv_documents(), lambda doc: targets.batch_bytes(*doc)),
    "mutated_exports": (
        strategies.mutated_exports(),
        lambda data: targets.batch_bytes(data, jobs=("1", "2")),
    ),
    "rule_dirs": (strategies.rule_dir_edits(), targets.rule_dir),
}
ROUND = 50  # examples per hypothesis run: one shrink per failure, then a fresh run


def run_target(name: str, seconds: float) -> tuple[int, list[str]]:
    """Fresh rounds of examples of one target until `seconds` pass: (inputs tried, failures)."""
    strategy, check = TARGETS[name]
    tried = 0
    failures: list[str] = []
    end = time.monotonic() + seconds

    def counted(value):
        nonlocal tried
        tried += 1
        check(value)

    test = settings(
        max_examples=ROUND,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )(given(strategy)(counted))
    while time.monotonic() < end:
        try:
            test()
        except Exception:  # a failure (shrunk): keep it and go on with fresh inputs
            failures.append(traceback.format_exc(limit=3))
            print(f"[{name}] FAILURE:\n{failures[-1]}", file=sys.stderr)
    return tried, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--minutes", type=float, default=1.0, help="total time (default 1)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="only these")
    options = parser.parse_args(argv)
    chosen = options.target or list(TARGETS)
    share = options.minutes * 60 / len(chosen)
    total_failures = 0
    for name in chosen:
        tried, failures = run_target(name, share)
        total_failures += len(failures)
        print(f"{name}: {tried} inputs tried, {len(failures)} failures", flush=True)
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
