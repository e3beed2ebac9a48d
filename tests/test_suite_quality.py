"""Rules for the test suite itself: every test says what it checks, and CI never skips for want of a tool."""
from __future__ import annotations

import ast
import os
import subprocess
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


def undocumented_tests(path: Path) -> list[str]:
    """Names of the test functions in ``path`` (module level or in a class) that have no docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    scopes = [tree] + [node for node in tree.body if isinstance(node, ast.ClassDef)]
    return [node.name for scope in scopes for node in scope.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test")
            and not (ast.get_docstring(node) or "").strip()]


def test_every_test_has_a_docstring():
    """Every test function under tests/ has a docstring that says what it checks."""
    files = sorted(TESTS.rglob("test_*.py"))
    assert len(files) > 10
    missing = [f"{path.relative_to(REPO)}::{name}" for path in files for name in undocumented_tests(path)]
    assert missing == [], f"{len(missing)} tests without a docstring:\n" + "\n".join(missing)


def test_the_docstring_scan_finds_a_missing_docstring(tmp_path):
    """The scan reports a test without a docstring and accepts one with it, also inside a class."""
    path = tmp_path / "test_probe.py"
    path.write_text('def test_a():\n    """Says what."""\n\n\ndef test_b():\n    pass\n\n\n'
                    'class TestC:\n    def test_d(self):\n        assert True\n', encoding="utf-8")
    assert undocumented_tests(path) == ["test_b", "test_d"]


@pytest.mark.parametrize("ci", ["", "true"])
def test_pg_test_server_without_postgresql(tmp_path, ci):
    """Without PostgreSQL, ``tools/pg_test_server.sh start`` prints a skip note, but under CI=true it fails with a message."""
    env = {**os.environ, "CI": ci, "PG_LIB_ROOT": str(tmp_path)}
    r = subprocess.run(["bash", str(REPO / "tools" / "pg_test_server.sh"), "start"], env=env,
                       capture_output=True, text=True, timeout=60)
    if ci:
        assert r.returncode != 0 and "CI=true" in r.stderr and r.stdout.strip() == "false"
    else:
        assert r.returncode == 0 and "will be skipped" in r.stdout


@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_missing_postgresql_skips_except_under_ci(monkeypatch, ci, outcome):
    """Without a PostgreSQL server the PG tests are skipped on a workstation and fail under CI=true."""
    from conftest_pg import _pg_problem

    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="INTERVISIE_TEST_PG_URL is not set"):
        _pg_problem("INTERVISIE_TEST_PG_URL is not set")
