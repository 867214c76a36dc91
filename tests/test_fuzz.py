"""The fuzz harness (tests/fuzz/), run briefly: a small fixed number of examples per target, the
same every run (derandomized). `python -m tests.fuzz --minutes N` runs it at length."""

from __future__ import annotations

from fuzz import strategies, targets
from hypothesis import HealthCheck, given, settings

BRIEF = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@BRIEF
@given(strategies.command_lines())
def test_fuzz_command_lines(args):
    targets.command_line(args)


@BRIEF
@given(strategies.csv_documents())
def test_fuzz_csv_bytes(document):
    data, delimiter = document
    targets.batch_bytes(data, delimiter)


@settings(BRIEF, max_examples=10)
@given(strategies.mutated_exports())
def test_fuzz_mutated_exports_with_one_and_two_jobs(data):
    targets.batch_bytes(data, jobs=("1", "2"))


@settings(BRIEF, max_examples=10)
@given(strategies.rule_dir_edits())
def test_fuzz_rule_directories(edit):
    targets.rule_dir(edit)
