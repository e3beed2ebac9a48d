"""The package's shape: layers that import one way, small modules and functions, no private
names across modules (issue "The house in order")."""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "intervisie_widgets"
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 300, 50
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def package_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_notebooks" not in p.parts)


def run_lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    """A copy of the package and its import-linter configuration in a temporary folder."""
    where = tmp_path_factory.mktemp("layers")
    shutil.copytree(PACKAGE, where / PACKAGE.name, ignore=shutil.ignore_patterns("content", "static", "__pycache__",
                                                                                 "voila_template"))
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (where / ".importlinter").write_text(_ini(config))
    return where


def _ini(config: dict) -> str:
    """The pyproject.toml import-linter table as the INI file lint-imports also reads."""
    lines = ["[importlinter]", f"root_package = {config['root_package']}",
             f"include_external_packages = {config.get('include_external_packages', False)}"]
    for c in config["contracts"]:
        lines += ["", f"[importlinter:contract:{c['id']}]"]
        for key, value in c.items():
            if key != "id":
                lines.append(f"{key} =" + "".join(f"\n    {v}" for v in value) if isinstance(value, list)
                             else f"{key} = {value}")
    return "\n".join(lines) + "\n"


def test_the_layer_contracts_hold():
    """lint-imports keeps every contract of pyproject.toml on the package as it is."""
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, line, contract", [
    ("model/text.py", "from ..views import common", "Imports run one way"),
    ("catalog/loader.py", "from ..storage import Store", "Imports run one way"),
    ("engines/analysis.py", "import sqlalchemy", "pure pandas"),
    ("model/method.py", "import yaml", "standard library only"),
])
def test_an_import_against_the_direction_breaks_a_contract(package_copy, module, line, contract):
    """An upward import (or a forbidden library) in a copy of the package makes lint-imports fail."""
    target = package_copy / PACKAGE.name / module
    original = target.read_text()
    target.write_text(original + f"\n{line}  # noqa\n")
    try:
        result = run_lint_imports(package_copy)
    finally:
        target.write_text(original)
    assert result.returncode != 0
    broken = [ln for ln in result.stdout.splitlines() if ln.endswith("BROKEN")]
    assert any(contract in ln for ln in broken), result.stdout


def test_modules_and_functions_stay_small():
    """No package module is over 300 lines and no function over 50 lines."""
    too_long = []
    for path in package_modules():
        source = path.read_text()
        name = path.relative_to(PACKAGE)
        if len(source.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}:{node.lineno} {node.name}() {n} lines")
    assert too_long == []


def test_no_private_name_is_used_from_another_module():
    """Neither `from x import _name` nor `module._name` reaches into another module of the package
    (in the package or its tests)."""
    found = []
    for path in [*package_modules(), *sorted((ROOT / "tests").rglob("*.py"))]:
        tree = ast.parse(path.read_text())
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith(PACKAGE.name)):
                imported |= {a.asname or a.name for a in node.names}
                found += [f"{path.relative_to(ROOT)}: import {a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
        found += [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.id}.{node.attr}" for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                  and node.value.id in imported and node.attr.startswith("_") and not node.attr.startswith("__")]
    assert found == []


def test_the_package_root_holds_only_the_entry_points():
    """The package root keeps __init__, settings and app; everything else lives in a layer folder."""
    root_modules = {p.name for p in PACKAGE.glob("*.py")}
    assert root_modules == {"__init__.py", "settings.py", "app.py"}


def test_the_curated_names_load_lazily():
    """Every name in intervisie_widgets.__all__ resolves, and importing the package loads no pandas."""
    code = ("import sys, intervisie_widgets as iw; assert 'pandas' not in sys.modules, 'eager';"
            "missing = [n for n in iw.__all__ if getattr(iw, n, None) is None]; print(missing)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
