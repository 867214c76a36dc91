"""The tree shows the architecture: core packages never import the shell, typer or rich."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sertifikat_cek"
CORE = ("calendar", "rules", "decide", "info")
SHELL = ("batch", "render", "cli")
FORBIDDEN_THIRD_PARTY = ("typer", "rich", "click")
SHARED_TOP = {"__init__.py", "__main__.py", "errors.py", "texts.py"}


def imported_modules(path: Path) -> set[str]:
    """Every module an import statement of `path` names, at any depth (lazy imports included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path}: relative import; the project imports absolutely")
            base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def core_modules() -> list[Path]:
    modules = [path for package in CORE for path in sorted((PACKAGE / package).rglob("*.py"))]
    return [*modules, PACKAGE / "errors.py", PACKAGE / "texts.py"]


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_core_module_imports_neither_the_shell_nor_typer_nor_rich(path):
    bad = sorted(
        name
        for name in imported_modules(path)
        if any(
            name == f"sertifikat_cek.{s}" or name.startswith(f"sertifikat_cek.{s}.") for s in SHELL
        )
        or name.split(".")[0] in FORBIDDEN_THIRD_PARTY
    )
    assert bad == [], f"{path.relative_to(PACKAGE)} imports {bad}"


def test_the_checker_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "def f():\n    from sertifikat_cek.render import diagnosis\n    import rich\n"
    )
    assert {"sertifikat_cek.render.diagnosis", "rich"} <= imported_modules(module)


def test_only_shared_modules_stand_at_the_top_and_every_package_says_what_it_holds():
    top = {path.name for path in PACKAGE.glob("*.py")}
    assert top == SHARED_TOP
    for package in (*CORE, *SHELL):
        docstring = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
        assert docstring, f"{package}/__init__.py has no docstring"
        assert "import" in docstring, f"{package}/__init__.py does not say what it may import"


def test_every_module_starts_with_a_sentence_on_its_role():
    for path in sorted(PACKAGE.rglob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring and docstring.strip(), f"{path.relative_to(PACKAGE)} has no docstring"
