"""A hostile or broken rules directory is one positioned error, never a hang or a crash: FIFOs and
devices, YAML alias bombs, nesting past the bound, empty or truncated rule files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rule_files import copy_rules

from sertifikat_cek.errors import RulesError
from sertifikat_cek.rules import yaml_positions
from sertifikat_cek.rules.yaml_positions import MAX_DEPTH, load_marked

ENV = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}


def laughs(levels: int, width: int = 9) -> str:
    """A "billion laughs" document: each level an anchored list of `width` aliases of the last."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_it_is_expanded_with_its_position(monkeypatch):
    built = []
    real = yaml_positions._MarkedLoader.construct_document
    monkeypatch.setattr(
        yaml_positions._MarkedLoader,
        "construct_document",
        lambda self, node: built.append(node) or real(self, node),
    )
    text = laughs(9)  # 9**10 (3.5 billion) strings once expanded
    with pytest.raises(RulesError) as caught:
        load_marked(text, "bomb.yaml")
    assert caught.value.where == "bomb.yaml:5:5"  # a4, the first list past 10,000 nodes
    assert "aliases expand it to more than 10,000 nodes" in caught.value.message
    assert built == []  # refused on the composed graph: nothing was built


def test_aliases_that_repeat_a_part_are_still_read():
    data = load_marked(laughs(2, width=5), "fine.yaml")
    assert len(data["a2"]) == 5 and data["a2"][0][0] == ["lol"] * 5


@pytest.mark.parametrize(
    "text",
    [
        "[" * 50_000 + "]" * 50_000 + "\n",  # libyaml's own flow limit
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
        "".join(" " * level + "-\n" for level in range(MAX_DEPTH + 2)),  # block nesting
    ],
    ids=["flow-50000", "flow-bound", "block-bound"],
)
def test_nesting_past_the_bound_is_a_positioned_error(text):
    with pytest.raises(RulesError) as caught:
        load_marked(text, "deep.yaml")
    assert caught.value.where.startswith("deep.yaml:")
    assert "nest" in caught.value.message


def test_calendar_yaml_nested_50000_deep_is_one_line(tmp_path, run_cli):
    directory = copy_rules(tmp_path)
    (directory / "calendar.yaml").write_text("add: " + "[" * 50_000 + "]" * 50_000 + "\n")
    result = run_cli("calendar", "add", "2021-03-05", "3", "--rules-dir", directory)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert f"{directory}/calendar.yaml" in result.stderr and "nested" in result.stderr


@pytest.mark.parametrize("name", ["platforms/tokopedia.yaml", "calendar.yaml", "info.yaml"])
def test_a_fifo_in_the_rules_directory_is_refused_without_hanging(tmp_path, name):
    directory = copy_rules(tmp_path)
    (directory / name).unlink()
    os.mkfifo(directory / name)  # no one ever writes to it: a read would wait for ever
    for command in (["rules", "check", str(directory)], ["info", "contacts"]):
        done = subprocess.run(
            [sys.executable, "-m", "sertifikat_cek", *command, "--rules-dir", str(directory)]
            if command[0] == "info"
            else [sys.executable, "-m", "sertifikat_cek", *command],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert f"{directory / name}" in done.stderr
        assert "is not a regular file" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["info.yaml", "replies.yaml", "questions.yaml"])
@pytest.mark.parametrize("content", ["", "# only a comment\n"], ids=["empty", "comment"])
def test_an_empty_rule_file_is_a_positioned_problem_in_rules_check_and_everywhere(
    tmp_path, run_cli, name, content
):
    directory = copy_rules(tmp_path)
    (directory / name).write_text(content)
    expected = f"{directory / name}:1:1: {name} is empty (or only comments)"
    check = run_cli("rules", "check", directory)
    assert check.exit_code == 2
    assert expected in check.stdout + check.stderr
    commands = {
        "info.yaml": ["info", "contacts"],
        "replies.yaml": [
            *("diagnose", "--platform", "tokopedia", "--completed", "2021-03-01"),
            *("--as-of", "2021-03-20", "--reply"),
        ],
        "questions.yaml": ["diagnose", "--platform", "tokopedia", "--as-of", "2021-03-20"],
    }
    result = run_cli(*commands[name], "--rules-dir", directory)
    if name == "questions.yaml" and result.exit_code == 0:
        return  # a case given in full asks nothing: the file is not needed
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert expected in line


def test_a_truncated_rule_file_is_a_positioned_problem(tmp_path, run_cli):
    directory = copy_rules(tmp_path)
    path = directory / "replies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 3], encoding="utf-8")
    check = run_cli("rules", "check", directory)
    assert check.exit_code == 2
    assert f"{path}:" in check.stdout + check.stderr


# Found by the fuzz harness (rule_dirs): a calendar.yaml nested 1,792 deep took 2.3 s per
# command (10 s under the profiler), in PyYAML's pure-Python scanner, whose work grows with the
# square of the nesting; and a directory in place of a rule file leaked a file descriptor.


@pytest.mark.skipif(not hasattr(yaml_positions.yaml, "CSafeLoader"), reason="needs libyaml")
def test_fuzz_found_deep_calendar_yaml_is_not_scanned_by_the_quadratic_scanner(
    tmp_path, run_cli, monkeypatch
):
    import yaml.scanner

    scans = []
    real = yaml.scanner.Scanner.stale_possible_simple_keys
    monkeypatch.setattr(
        yaml.scanner.Scanner,
        "stale_possible_simple_keys",
        lambda self: scans.append(1) or real(self),
    )
    directory = copy_rules(tmp_path)
    (directory / "calendar.yaml").write_text("a: " + "[" * 1792 + "]" * 1792 + "\n")
    result = run_cli("calendar", "add", "2021-03-05", "7", "--rules-dir", directory)
    assert result.exit_code == 2 and "nest" in result.stderr  # libyaml: past 1000 levels
    assert scans == []  # libyaml's scanner, linear in the text


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_fuzz_found_a_directory_in_place_of_a_rule_file_leaks_no_descriptor(tmp_path, run_cli):
    directory = copy_rules(tmp_path)
    (directory / "calendar.yaml").unlink()
    (directory / "calendar.yaml").mkdir()
    from sertifikat_cek.rules.location import read_rule_file

    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        with pytest.raises(RulesError, match="it is a directory, not a file"):
            read_rule_file(directory / "calendar.yaml")
    assert len(os.listdir("/proc/self/fd")) == before
