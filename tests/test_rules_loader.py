"""Rule validation as a helpdesk lead meets it: each mistake in a copy of the bundled rules is
reported with its file, line and column and a message that says what to fix, all at once."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rule_files import copy_rules, edit, line_of

from sertifikat_cek.errors import RulesError
from sertifikat_cek.rules.checker import Checker, Problem
from sertifikat_cek.rules.loader import VALIDATORS, check_rules, load_rules, rules_version
from sertifikat_cek.rules.location import bundled_rules_dir
from sertifikat_cek.rules.yaml_positions import Position, load_marked

BUNDLED = bundled_rules_dir()


def problems_in(directory: Path) -> list[Problem]:
    ruleset, problems = check_rules(directory)
    assert ruleset is None, "the rules should be refused"
    assert problems
    return problems


def only_problem(directory: Path) -> Problem:
    problems = problems_in(directory)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def broken(tmp_path: Path, file: str, old: str, new: str) -> tuple[Problem, Path]:
    directory = copy_rules(tmp_path)
    path = edit(directory, file, old, new)
    return only_problem(directory), path


# -- each kind of mistake ------------------------------------------------------------------------
def test_a_yaml_syntax_error_names_its_line_and_column(tmp_path) -> None:
    problem, path = broken(
        tmp_path, "platforms/tokopedia.yaml", "name: Tokopedia", "name: [Tokopedia"
    )
    assert problem.position.file == str(path)
    assert problem.position.line == line_of(path, "aliases:")  # where the parser gave up
    assert problem.position.column > 1
    assert "YAML syntax error" in problem.message


def test_an_unknown_key_is_reported_with_a_suggestion(tmp_path) -> None:
    problem, path = broken(
        tmp_path,
        "platforms/tokopedia.yaml",
        "      note:\n",
        "      ntoe:\n",
    )
    assert (problem.position.file, problem.position.line) == (str(path), line_of(path, "ntoe:"))
    assert problem.position.column == 7
    assert "unknown key 'ntoe'" in problem.message
    assert "did you mean 'note'?" in problem.message


def test_an_unknown_key_at_the_top_of_prakerja_yaml(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    path = edit(directory, "prakerja.yaml", "\nstates:", "\nstatess:")
    problems = problems_in(directory)
    unknown = [p for p in problems if "unknown key 'statess'" in p.message]
    assert len(unknown) == 1 and "did you mean 'states'?" in unknown[0].message
    assert unknown[0].position.line == line_of(path, "statess:")
    # the missing section is said once, not once per state
    assert len(problems) == 2
    assert any("needs the key 'states'" in p.message for p in problems)


def test_an_unknown_stage_id_is_reported_once_with_a_suggestion(tmp_path) -> None:
    problem, path = broken(
        tmp_path, "platforms/tokopedia.yaml", "- id: platform_report", "- id: platfrom_report"
    )
    assert problem.position.line == line_of(path, "platfrom_report")
    assert "unknown stage id 'platfrom_report'" in problem.message
    assert "did you mean 'platform_report'?" in problem.message


def test_a_due_anchor_that_is_not_in_the_platforms_chain(tmp_path) -> None:
    # Tokopedia has no rating stage (DOMAIN.md section 4)
    problem, path = broken(
        tmp_path,
        "platforms/tokopedia.yaml",
        "after: [institution_report]",
        "after: [rating]",
    )
    assert problem.position.line == line_of(path, "after: [rating]")
    assert problem.position.column == line_of_text(path, problem.position.line).index("rating") + 1
    assert "'rating' is not a stage of this platform" in problem.message
    assert "completion, institution_report, platform_report, certificate" in problem.message


def line_of_text(path: Path, line: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_due_anchor_that_is_not_before_the_stage(tmp_path) -> None:
    problem, path = broken(
        tmp_path,
        "platforms/tokopedia.yaml",
        "after: [institution_report]",
        "after: [certificate]",
    )
    assert problem.position.line == line_of(path, "after: [certificate]")
    assert "'certificate' is not before 'platform_report'" in problem.message


def test_a_misspelled_due_anchor_gets_a_suggestion(tmp_path) -> None:
    problem, _ = broken(
        tmp_path,
        "platforms/tokopedia.yaml",
        "after: [institution_report]",
        "after: [institution_reprt]",
    )
    assert "'institution_reprt' is not a stage" in problem.message
    assert "did you mean 'institution_report'?" in problem.message


def test_overlapping_dated_variants(tmp_path) -> None:
    # until 2021-03-18 and from 2021-03-18: both include 18 March
    problem, path = broken(
        tmp_path, "platforms/kemnaker.yaml", "until: 2021-03-17", "until: 2021-03-18"
    )
    assert problem.position.file == str(path)
    assert problem.position.line == line_of(path, "from: 2021-03-18")
    assert "overlap" in problem.message and "2021-03-18" in problem.message


def test_dated_variants_that_meet_do_not_overlap(tmp_path) -> None:
    directory = copy_rules(tmp_path)  # until 17 March, from 18 March: the bundled rules
    assert "until: 2021-03-17" in (directory / "platforms/kemnaker.yaml").read_text("utf-8")
    assert check_rules(directory)[1] == []


def test_a_variant_whose_until_is_before_its_from(tmp_path) -> None:
    problem, path = broken(
        tmp_path,
        "platforms/kemnaker.yaml",
        "      - from: 2021-03-18",
        "      - from: 2021-03-18\n        until: 2021-03-01",
    )
    assert problem.position.line == line_of(path, "until: 2021-03-01")
    assert "'until' 2021-03-01 is before 'from' 2021-03-18" in problem.message


def test_a_platform_id_defined_twice(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    shutil.copy(directory / "platforms/tokopedia.yaml", directory / "platforms/tokopedia.yml")
    problems = problems_in(directory)
    twice = [p for p in problems if "defined twice" in p.message]
    assert len(twice) == 1
    assert twice[0].position.file.endswith("tokopedia.yml")
    assert "tokopedia.yaml" in twice[0].message


def test_an_alias_used_by_two_platforms(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    edit(
        directory,
        "platforms/bukalapak.yaml",
        "[Bukalapak, BL, Buka Lapak]",
        "[Bukalapak, BL, Tokped]",
    )
    problem = only_problem(directory)
    files = {"bukalapak.yaml", "tokopedia.yaml"}
    here = Path(problem.position.file)
    assert here.name in files
    assert "Tokped" in line_of_text(here, problem.position.line)
    assert "'Tokped' is already used" in problem.message
    assert (files - {here.name}).pop() in problem.message


def test_an_alias_that_is_another_platforms_id_points_at_the_alias(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    path = edit(
        directory,
        "platforms/bukalapak.yaml",
        "[Bukalapak, BL, Buka Lapak]",
        "[Bukalapak, BL, Tokopedia]",
    )
    problem = only_problem(directory)
    assert (problem.position.file, problem.position.line) == (str(path), line_of(path, "aliases:"))
    assert "'Tokopedia' is already used by platform 'tokopedia'" in problem.message


def test_a_contact_that_names_an_undefined_party(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    path = edit(
        directory, "platforms/tokopedia.yaml", "missing: institution", "missing: instituton"
    )
    problems = problems_in(directory)
    [problem] = [p for p in problems if "not a defined party" in p.message]
    assert problem.position.line == line_of(path, "missing: instituton")
    assert "'instituton' is not a defined party" in problem.message
    assert "did you mean 'institution'?" in problem.message
    # ...and nothing else: the contact gap it leaves is its consequence, not said on top of it
    assert problems == [problem]


def test_a_message_with_an_unknown_placeholder(tmp_path) -> None:
    problem, path = broken(
        tmp_path,
        "platforms/kemnaker.yaml",
        'id: "{institution} belum memberi nilai pelatihan Anda di Sisnaker."',
        'id: "{institution} belum memberi nilai pelatihan Anda di {platfrom}."',
    )
    assert problem.position.line == line_of(path, "{platfrom}")
    assert "unknown placeholder {platfrom}" in problem.message
    assert "did you mean 'platform'?" in problem.message
    assert "known: as_of, contact, date" in problem.message


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("sampai {due", "broken placeholder"),
        ("sampai due}", "broken placeholder"),
        ("sampai {due:%d %B}", "takes no format; write {due}"),
        ("sampai {}", "has no name"),
        ("sampai {0}", "has no name"),
    ],
)
def test_a_message_with_a_malformed_placeholder(tmp_path, template: str, said: str) -> None:
    problem, path = broken(
        tmp_path,
        "platforms/kemnaker.yaml",
        'id: "{institution} belum memberi nilai pelatihan Anda di Sisnaker."',
        f'id: "{template}"',
    )
    assert problem.position.line == line_of(path, template)
    assert said in problem.message


def test_a_message_with_a_missing_translation(tmp_path) -> None:
    problem, path = broken(
        tmp_path,
        "platforms/kemnaker.yaml",
        '        en: "{institution} has not graded your course in Sisnaker."\n',
        "",
    )
    assert problem.position.line == line_of(path, "belum memberi nilai pelatihan Anda di Sisnaker")
    assert "missing translation 'en'" in problem.message


def test_a_python_tag_is_refused_with_its_position(tmp_path) -> None:
    problem, path = broken(
        tmp_path,
        "platforms/tokopedia.yaml",
        "name: Tokopedia",
        'name: !!python/object/apply:os.system ["touch pwned"]',
    )
    assert (problem.position.file, problem.position.line) == (str(path), line_of(path, "!!python"))
    assert "python/object/apply:os.system" in problem.message
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_an_unquoted_batch_time_is_explained(tmp_path) -> None:
    problem, _ = broken(tmp_path, "platforms/bukalapak.yaml", 'at: "14:00"', "at: 14:00")
    assert 'write at: "14:00"' in problem.message


def test_a_quote_that_is_not_in_the_source_word_for_word(tmp_path) -> None:
    problem, path = broken(
        tmp_path,
        "platforms/tokopedia.yaml",
        "Lembaga pelatihan belum mengumpulkan laporan",
        "Lembaga pelatihan tidak mengumpulkan laporan",
    )
    assert problem.position.line == line_of(path, "tidak mengumpulkan laporan")
    assert "quote not found word for word in sources/000_eee7752bac351e71.txt" in problem.message


def test_a_source_with_a_text_file_must_be_quoted_not_summarised(tmp_path) -> None:
    problem, path = broken(
        tmp_path,
        "platforms/tokopedia.yaml",
        'quote: "Belum menyelesaikan pelatihan, jika ini masalahnya maka pelatihan harus diselesaikan terlebih dahulu"',
        'summary: {id: "Pelatihan harus selesai dulu.", en: "The course must be finished first."}',
    )
    assert problem.position.line == line_of(path, "The course must be finished first.") - 1
    assert "has its text in sources/000_eee7752bac351e71.txt" in problem.message
    assert "'quote' copied word for word" in problem.message


def test_a_source_without_a_text_file_is_summarised(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    edit(
        directory,
        "platforms/tokopedia.yaml",
        'quote: "Belum menyelesaikan pelatihan, jika ini masalahnya maka pelatihan harus diselesaikan terlebih dahulu"',
        'summary: {id: "Pelatihan harus selesai dulu.", en: "The course must be finished first."}',
    )
    edit(
        directory,
        "platforms/tokopedia.yaml",
        "  - id: completion\n    cites:\n      - source: tribun-2021",
        "  - id: completion\n    cites:\n      - source: kemnaker-helpdesk",
    )
    assert check_rules(directory)[1] == []


def test_a_source_file_outside_the_rule_directory_is_refused(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    (tmp_path / "outside.txt").write_text("anything", encoding="utf-8")
    path = edit(
        directory, "prakerja.yaml", "file: sources/000_eee7752bac351e71.txt", "file: ../outside.txt"
    )
    problems = problems_in(directory)
    assert any(
        p.position.line == line_of(path, "../outside.txt")
        and "inside the rule directory" in p.message
        for p in problems
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2021-02-30", "'2021-02-30' is not a date that exists"),
        ("2021-03-17 10:00:00", "'until' must be a date written YYYY-MM-DD"),
    ],
)
def test_a_date_that_is_no_day_is_a_problem_at_its_place(tmp_path, written, said) -> None:
    problem, path = broken(
        tmp_path, "platforms/kemnaker.yaml", "until: 2021-03-17", f"until: {written}"
    )
    assert problem.position.file == str(path)
    assert problem.position.line == line_of(path, f"until: {written}")
    assert said in problem.message


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31))  # a regression fails, not swaps


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_a_rule_or_source_file_is_a_problem_not_a_crash(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    (directory / "platforms/zero.yaml").symlink_to("/dev/zero")
    path = edit(
        directory, "prakerja.yaml", "file: sources/000_eee7752bac351e71.txt", "file: /dev/zero"
    )
    result = subprocess.run(
        [sys.executable, "-m", "sertifikat_cek", "rules", "check", str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    line = line_of(path, "file: /dev/zero")
    assert result.stderr.splitlines()[:2] == [
        f"{path}:{line}:11: source file '/dev/zero' must be inside the rule directory",
        f"{directory}/platforms/zero.yaml:1:1: is not a regular file (a FIFO, a device or a "
        "socket); a rule file must be a plain file",
    ]


def test_an_unreadable_rule_file_is_a_problem_not_a_crash(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    (directory / "platforms/broken.yaml").mkdir()  # a directory where a file should be
    problem = only_problem(directory)
    assert problem.position.file.endswith("broken.yaml")
    assert "cannot be read" in problem.message


def test_a_platform_file_name_must_be_an_id(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    shutil.move(directory / "platforms/tokopedia.yaml", directory / "platforms/Toko Pedia.yaml")
    problem = only_problem(directory)
    assert problem.position.file.endswith("Toko Pedia.yaml")
    assert "lower-case letters, digits and dashes" in problem.message


def test_a_directory_without_prakerja_yaml_is_not_a_rule_directory(tmp_path) -> None:
    with pytest.raises(RulesError, match=r"no prakerja\.yaml here"):
        check_rules(tmp_path)


def test_every_problem_is_reported_at_once(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    tokopedia = edit(directory, "platforms/tokopedia.yaml", "    note:\n", "    ntoe:\n")
    edit(directory, "platforms/tokopedia.yaml", "unit: working_days\n", "unit: workdays\n")
    kemnaker = edit(directory, "platforms/kemnaker.yaml", "until: 2021-03-17", "until: 2021-03-18")
    problems = problems_in(directory)
    found = {(Path(p.position.file).name, p.position.line) for p in problems}
    assert found == {
        ("tokopedia.yaml", line_of(tokopedia, "ntoe:")),
        ("tokopedia.yaml", line_of(tokopedia, "unit: workdays")),
        ("kemnaker.yaml", line_of(kemnaker, "from: 2021-03-18")),
    }
    assert any("did you mean 'working_days'?" in p.message for p in problems)


def test_load_rules_names_the_first_problem_and_how_many_more(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    edit(directory, "platforms/tokopedia.yaml", "unit: working_days\n", "unit: workdays\n")
    edit(directory, "platforms/kemnaker.yaml", "until: 2021-03-17", "until: 2021-03-18")
    with pytest.raises(RulesError) as raised:
        load_rules(directory)
    message = str(raised.value)
    assert re.match(
        r".+kemnaker\.yaml:\d+:\d+: dated variants \(advice of 'rating'\) overlap", message
    )
    assert "(and 1 more: run 'sertifikat-cek rules check" in message
    assert len(raised.value.problems) == 2


# -- examples in the rules -----------------------------------------------------------------------
EXAMPLE = """
examples:
  - name: a case
    inputs:
      institution_reported: 2021-03-05
    as_of: 2021-03-08
    expect:
      verdict: platform_report_waiting
      due: 2021-03-08
      contact: null
"""


def with_example(tmp_path: Path, old: str = "", new: str = "") -> tuple[Path, Path]:
    directory = copy_rules(tmp_path)
    path = directory / "platforms/tokopedia.yaml"
    text = path.read_text(encoding="utf-8").split("\nexamples:")[0]
    path.write_text(text + EXAMPLE.replace(old, new, 1), encoding="utf-8")
    return directory, path


def test_a_well_formed_example_is_loaded(tmp_path) -> None:
    directory, path = with_example(tmp_path)
    ruleset, problems = check_rules(directory)
    assert problems == []
    (example,) = ruleset.platforms["tokopedia"].examples
    assert example.inputs == {"institution_reported": "2021-03-05"}
    assert example.where == f"{path}:{line_of(path, '- name: a case')}:5"


@pytest.mark.parametrize(
    ("old", "new", "snippet", "said"),
    [
        (
            "institution_reported:",
            "institution_reportd:",
            "institution_reportd",
            "did you mean 'institution_reported'?",
        ),
        (
            "institution_reported:",
            "rated:",
            "rated:",
            "unknown key 'rated'",
        ),  # not a Tokopedia input
        (
            "verdict: platform_report_waiting",
            "verdict: platform_report_wating",
            "wating",
            "did you mean 'platform_report_waiting'?",
        ),
        (
            "verdict: platform_report_waiting",
            "verdict: rating_missing",
            "rating_missing",
            "not a verdict of this platform",
        ),
        ("contact: null", "contact: lembaga", "lembaga", "not a defined party"),
        ("due: 2021-03-08", "due: 8 Maret 2021", "8 Maret 2021", "must be YYYY-MM-DD or null"),
        ("      contact: null\n", "", "verdict:", "needs the key 'contact'"),
    ],
)
def test_a_malformed_example(tmp_path, old, new, snippet, said) -> None:
    directory, path = with_example(tmp_path, old, new)
    problem = only_problem(directory)
    assert problem.position.line == line_of(path, snippet, after="examples:")
    assert said in problem.message


def test_two_examples_with_one_name(tmp_path) -> None:
    directory, path = with_example(tmp_path)
    path.write_text(path.read_text("utf-8") + EXAMPLE.replace("examples:\n", ""), "utf-8")
    problem = only_problem(directory)
    assert "two examples are named 'a case'" in problem.message


# -- validators of other rule files --------------------------------------------------------------
def replies_validator(directory: Path) -> list[Problem]:
    """A validator as another engineer would write one, with the shared Checker."""
    checker = Checker(directory)
    path = directory / "replies.yaml"
    if not path.exists():
        return []
    data = checker.load_file(path)
    if data is None:
        return checker.problems
    top = checker.mapping(data, Position(str(path), 1, 1), "replies.yaml", {"greeting"})
    if top and "greeting" in top:
        checker.text(top["greeting"], top.where("greeting"), "'greeting'")
    return checker.problems


def test_a_plugged_in_validator_reports_with_positions(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    (directory / "replies.yaml").write_text(
        "greeting:\n  id: Halo {nama}\n  en: Hello\ngreting: x\n", encoding="utf-8"
    )
    assert check_rules(directory, validators=[])[1] == []  # no validator: the file is not read
    _, problems = check_rules(directory, validators=[replies_validator])
    assert [p.position for p in problems] == [
        Position(str(directory / "replies.yaml"), 2, 7),
        Position(str(directory / "replies.yaml"), 4, 1),
    ]
    assert "unknown placeholder {nama} in 'greeting' (id)" in problems[0].message
    assert "unknown key 'greting' in replies.yaml (did you mean 'greeting'?)" in problems[1].message


def test_a_registered_validator_runs_for_every_loading(tmp_path, monkeypatch) -> None:
    directory = copy_rules(tmp_path)
    (directory / "replies.yaml").write_text("greeting: [", encoding="utf-8")
    monkeypatch.setattr(
        "sertifikat_cek.rules.loader.VALIDATORS", [*VALIDATORS, f"{__name__}:replies_validator"]
    )
    with pytest.raises(RulesError, match=r"replies\.yaml:\d+:\d+: YAML syntax error"):
        load_rules(directory)


# -- versions, positions, robustness -------------------------------------------------------------
def test_a_copy_has_the_same_rules_version_and_an_edit_changes_it(tmp_path) -> None:
    directory = copy_rules(tmp_path)
    assert rules_version(directory) == rules_version(BUNDLED)
    edit(directory, "platforms/tokopedia.yaml", "Tokped]", "Tokped, TP]")
    assert rules_version(directory) != rules_version(BUNDLED)


YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null"}  # not names: YAML reads them
NAMES = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True).filter(lambda k: k not in YAML_WORDS)


@given(st.lists(NAMES, min_size=1, max_size=8, unique=True), st.integers(0, 3))
def test_each_key_is_found_on_its_own_line(keys: list[str], blank: int) -> None:
    text = ("\n" * blank) + "".join(f"{key}: [1, {{a: b}}]\n" for key in keys)
    data = load_marked(text, "f.yaml")
    for number, key in enumerate(keys):
        assert data.key_where(key) == Position("f.yaml", blank + number + 1, 1)
        assert data.where(key) == Position("f.yaml", blank + number + 1, len(key) + 3)


@given(
    st.text(min_size=1).filter(lambda s: ":" not in s), st.integers(1, 10**6), st.integers(1, 999)
)
def test_a_position_reads_back_from_its_text(file: str, line: int, column: int) -> None:
    position = Position(file, line, column)
    assert Position.parse(str(position)) == position


FILES = [
    "prakerja.yaml",
    *(f"platforms/{p.name}" for p in sorted((BUNDLED / "platforms").glob("*.yaml"))),
]
VALUES = ["", "[]", "{}", "5", "null", "yes", "2021-01-01", '"{x"', "[a, [b]]", "{a: {b: c}}"]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(FILES), st.integers(0, 10_000), st.sampled_from(VALUES), st.booleans())
def test_any_one_line_edit_is_reported_or_accepted_never_a_crash(
    tmp_path_factory, file: str, pick: int, value: str, delete: bool
) -> None:
    directory = copy_rules(tmp_path_factory.mktemp("fuzz"))
    path = directory / file
    lines = path.read_text(encoding="utf-8").splitlines()
    number = pick % len(lines)
    if delete:
        del lines[number]
    else:
        lines[number] = lines[number].split(":")[0] + ": " + value
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ruleset, problems = check_rules(directory)
    assert (ruleset is None) == bool(problems)
    for problem in problems:
        assert Path(problem.position.file).is_relative_to(directory)
        assert problem.message


def test_the_yaml_loader_is_the_safe_one() -> None:
    from sertifikat_cek.rules.yaml_positions import _MarkedLoader

    # PyYAML's SafeLoader, or its libyaml twin CSafeLoader: both build with SafeConstructor only.
    assert issubclass(_MarkedLoader, yaml.constructor.SafeConstructor)
    assert not issubclass(_MarkedLoader, yaml.constructor.FullConstructor)
    with pytest.raises(RulesError, match=r"f\.yaml:1:4: YAML syntax error"):
        load_marked("x: !!python/name:os.system", "f.yaml")
