"""The pre-built bundled rules change nothing a user sees, and are never used when not current.

The YAML path is the oracle: every section decoded from a pre-built file equals what reading and
checking the YAML gives, and the commands print the same bytes either way. An installed copy of
the package (as a wheel installs it, conftest's `installed_package`) proves the fallbacks of a
user's install: an edited rule decides, a broken one is an error at its line, an edited reading
module is not trusted. A broken or missing file, and a --rules-dir, are never read pre-built."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sertifikat_cek.decide import questions, replies
from sertifikat_cek.info import consequence, programme
from sertifikat_cek.rules import cached, columns, loader, prebuilt
from sertifikat_cek.rules.location import bundled_rules_dir

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
DIAGNOSE = ("diagnose", "-p", "tokopedia", "--institution-reported", "2021-03-05")
DIAGNOSE += ("--platform-reported", "2021-03-08", "--as-of", "2021-03-12")


@pytest.fixture(scope="module")
def prebuilt_file(tmp_path_factory) -> Path:
    """A pre-built file made from a copy of the bundled rules at another path."""
    folder = tmp_path_factory.mktemp("prebuilt")
    shutil.copytree(RULES, folder / "made-from")
    file = folder / "prebuilt.json"
    file.write_text(prebuilt.build(folder / "made-from"), encoding="utf-8")
    return file


def _clear_caches() -> None:
    for function in (
        prebuilt._current_sections,
        cached.load_rules_cached,
        programme.load_info,
        consequence.load_consequence,
        questions.load_questions,
        replies._load,
        columns.load_columns,
    ):
        function.cache_clear()


@pytest.fixture
def use_prebuilt(monkeypatch):
    """use_prebuilt(file): the bundled rules read from `file` (a missing one: from the YAML)."""

    def use(file: Path) -> None:
        monkeypatch.setattr(prebuilt, "FILE", file)
        _clear_caches()

    yield use
    _clear_caches()


def test_every_section_equals_what_the_yaml_gives_with_the_paths_of_its_own_directory(
    prebuilt_file, tmp_path
):
    elsewhere = tmp_path / "installed" / "bundled"
    shutil.copytree(RULES, elsewhere)
    assert prebuilt.status(prebuilt_file, elsewhere) == "current"
    for name, reader in prebuilt.SECTIONS.items():
        module, _, function = reader.partition(":")
        expected, problems = getattr(__import__(module, fromlist=[function]), function)(elsewhere)
        assert problems == []
        found = prebuilt.read_section(prebuilt_file, elsewhere, name)
        assert found == expected, name
    rules = prebuilt.read_section(prebuilt_file, elsewhere, "rules")
    assert rules.directory == str(elsewhere)
    assert {p.file for p in rules.platforms.values()} == {
        str(path) for path in (elsewhere / "platforms").glob("*.yaml")
    }


def test_only_the_bundled_directory_is_read_pre_built(prebuilt_file, use_prebuilt, tmp_path):
    use_prebuilt(prebuilt_file)
    assert prebuilt.section(bundled_rules_dir(), "rules") is not None
    copy = tmp_path / "my-rules"
    shutil.copytree(RULES, copy)  # the same bytes, but a directory the user names
    assert prebuilt.section(copy, "rules") is None


def test_a_stale_broken_or_missing_file_is_not_used(prebuilt_file, tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    assert prebuilt.read_section(prebuilt_file, copy, "rules") is not None
    prebuilt._current_sections.cache_clear()
    tokopedia = copy / "platforms" / "tokopedia.yaml"
    tokopedia.write_text(tokopedia.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert prebuilt.read_section(prebuilt_file, copy, "rules") is None
    assert prebuilt.status(prebuilt_file, copy) == "not current"
    broken = tmp_path / "broken.json"
    broken.write_bytes(prebuilt_file.read_bytes()[:5000])
    assert prebuilt.read_section(broken, RULES, "rules") is None
    assert prebuilt.status(tmp_path / "missing.json", RULES) == "missing"
    prebuilt._current_sections.cache_clear()


def test_a_class_outside_the_package_or_a_field_it_lacks_is_refused(prebuilt_file, tmp_path):
    text = prebuilt_file.read_text(encoding="utf-8")
    forged = tmp_path / "forged.json"
    forged.write_text(text.replace('"$class":"sertifikat_cek.', '"$class":"os.', 1), "utf-8")
    assert prebuilt.read_section(forged, RULES, "rules") is None
    prebuilt._current_sections.cache_clear()
    forged.write_text(text.replace('"fields":{"', '"fields":{"__class__":1,"', 1), "utf-8")
    assert prebuilt.read_section(forged, RULES, "rules") is None
    prebuilt._current_sections.cache_clear()


def test_a_validator_registered_since_is_run(prebuilt_file, use_prebuilt, monkeypatch):
    use_prebuilt(prebuilt_file)
    seen = []
    monkeypatch.setattr(loader, "VALIDATORS", [*loader.VALIDATORS, lambda d: seen.append(d) or []])
    cached.load_rules_cached(bundled_rules_dir())
    assert seen == [bundled_rules_dir()]


PLATFORMS = sorted(path.stem for path in (RULES / "platforms").glob("*.yaml"))
COMMANDS = [
    ("rules", "list", "--json"),
    *[("rules", "show", p, *how) for p in PLATFORMS for how in [(), ("--json",)]],
    ("rules", "show", "kemnaker", "--lang", "en"),
    DIAGNOSE,
    (*DIAGNOSE, "--json", "--reply", "--name", "Sari"),
    (*DIAGNOSE, "--reply", "--lang", "en"),
    ("diagnose", "-p", "kemnaker", "--completed", "3 hari lalu", "--as-of", "2021-04-10"),
    ("diagnose", "-p", "bukalapak", "--completed", "2021-03-01 15:00", "--as-of", "2021-03-20"),
    (
        "diagnose",
        "-p",
        "pijar-mahir",
        "--completed",
        "2023-02-01",
        "--as-of",
        "2023-03-01",
        "--json",
    ),
    ("info", "contacts", "--json"),
    ("info", "incentives", "--year", "2021"),
    ("info", "registration", "--lang", "en"),
]


def test_the_commands_print_the_same_with_and_without_the_pre_built_rules(
    prebuilt_file, use_prebuilt, run_cli, tmp_path
):
    outputs = {}
    for file in (prebuilt_file, tmp_path / "none.json"):
        use_prebuilt(file)
        outputs[file] = [run_cli(*args) for args in COMMANDS]
        assert prebuilt.status(file) == ("current" if file == prebuilt_file else "missing")
    for args, fast, slow in zip(COMMANDS, *outputs.values(), strict=True):
        assert (fast.exit_code, fast.stdout, fast.stderr) == (
            slow.exit_code,
            slow.stdout,
            slow.stderr,
        ), args
        assert fast.exit_code == 0, (args, fast.stderr)


def test_batch_reads_the_same_with_the_pre_built_rules(prebuilt_file, use_prebuilt, run_cli):
    export = ROOT / "examples" / "kasus.csv"
    outputs = []
    for file in (prebuilt_file, Path("/nonexistent/prebuilt.json")):
        use_prebuilt(file)
        result = run_cli("batch", export, "--reply", "--as-of", "2021-03-19")
        outputs.append((result.exit_code, result.stdout, result.stderr))
    assert outputs[0] == outputs[1]


# -- an installed copy: what a wheel's user gets -------------------------------------------------


def run_installed(site: Path, *args: str) -> tuple[subprocess.CompletedProcess, set]:
    """The command run from the installed copy, and the modules it imported."""
    cache = site.parent / "pycache"  # bytecode written there, as pip writes it at install
    probe = (
        "import json, sys\n"
        "sys.argv = ['sertifikat-cek', *json.loads(sys.argv[1])]\n"
        "from sertifikat_cek.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "sys.stdout.flush()\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERTIFIKAT_CEK_")}
    env.update(NO_COLOR="1", PYTHONPATH=str(site), PYTHONPYCACHEPREFIX=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=site,
        timeout=60,
        check=False,
    )
    stderr, _, modules = done.stderr.rpartition("\nMODULES ")
    done.stderr = stderr
    return done, set(json.loads(modules))


def test_the_installed_copy_reads_pre_built_rules_until_a_rule_is_edited(installed_package):
    site, package = installed_package
    tokopedia = package / "rules" / "bundled" / "platforms" / "tokopedia.yaml"
    original = tokopedia.read_text(encoding="utf-8")

    done, modules = run_installed(site, *DIAGNOSE, "--plain")
    assert done.returncode == 0 and "18 Maret 2021" in done.stdout
    assert "yaml" not in modules  # read pre-built

    # the deadline 7 -> 8 working days: the edited rule is what decides
    edited = original.replace(
        "days: 7\n      unit: working_days", "days: 8\n      unit: working_days"
    )
    assert edited != original
    line = next(
        n for n, text in enumerate(original.splitlines(), 1) if "unit: working_days" in text
    )
    try:
        tokopedia.write_text(edited, encoding="utf-8")
        done, modules = run_installed(site, *DIAGNOSE, "--plain")
        assert done.returncode == 0 and "19 Maret 2021" in done.stdout and done.stderr == ""
        assert "yaml" in modules

        # a broken rule: the YAML's own error, at its file and line
        tokopedia.write_text(original.replace("unit: working_days", "unit: workdays", 1), "utf-8")
        done, _ = run_installed(site, *DIAGNOSE)
        assert done.returncode == 2 and done.stdout == ""
        assert f"{tokopedia}:{line}:" in done.stderr and "unknown unit 'workdays'" in done.stderr
    finally:
        tokopedia.write_text(original, encoding="utf-8")


def test_the_installed_copy_reads_the_yaml_after_a_reading_module_changed(
    installed_package, run_cli
):
    site, package = installed_package
    expected = run_cli(*DIAGNOSE, "--plain")
    ruleset = package / "rules" / "ruleset.py"
    original = ruleset.read_text(encoding="utf-8")
    ruleset.write_text(original + "\n# edited\n", encoding="utf-8")
    try:
        done, modules = run_installed(site, *DIAGNOSE, "--plain")
    finally:
        ruleset.write_text(original, encoding="utf-8")
    assert (done.returncode, done.stdout, done.stderr) == (0, expected.stdout, "")
    assert "yaml" in modules
