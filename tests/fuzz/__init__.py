"""The fuzz harness: hypothesis strategies for command lines, CSV bytes, mutated exports and rule
directories, and the properties every run must keep (targets.py); run briefly by
tests/test_fuzz.py and at length by `python -m tests.fuzz --minutes N`."""

import sys
from pathlib import Path

# the helpers next to the tests (cli_runner, rule_files), importable as under pytest
_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)
