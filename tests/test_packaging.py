"""Packaging: pyproject.toml and environment.yml agree; CI runs the README's test command."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_every_dependency_of_pyproject():
    """Every runtime and test dependency in pyproject.toml is in environment.yml, and nothing more."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    listed = {_name(d) for d in env if isinstance(d, str)} - {"python", "pip"}
    assert wanted == listed


def test_ci_runs_the_readme_test_command():
    """.ci/run calls ./test.sh, the test command the README gives."""
    assert "./test.sh" in (ROOT / "README.md").read_text()
    assert re.search(r"^\./test\.sh\b", (ROOT / ".ci" / "run").read_text(), re.M)
