"""Ownership of groups in a hub (issue 14 point 2): who the hub user is, storage, enforcement."""
from __future__ import annotations

import pytest

from intervisie_widgets.settings import current_user, is_coordinator


@pytest.mark.parametrize("env, expected", [
    ({}, None),
    ({"JUPYTERHUB_USER": ""}, None),
    ({"JUPYTERHUB_USER": "   "}, None),
    ({"JUPYTERHUB_USER": " anna "}, "anna"),
    ({"JUPYTERHUB_USER": "Zoë@school.nl"}, "Zoë@school.nl"),
])
def test_current_user_is_the_stripped_hub_name(env, expected):
    """current_user gives JUPYTERHUB_USER without outer spaces, case kept, and None outside a hub."""
    assert current_user(env) == expected


@pytest.mark.parametrize("value, expected", [
    (None, False), ("", False), ("0", False), ("no", False), ("1", True), ("true", True), (" YES ", True),
])
def test_is_coordinator_reads_the_spawner_flag(value, expected):
    """is_coordinator is true only for INTERVISIE_COORDINATOR set to 1, true or yes."""
    env = {} if value is None else {"INTERVISIE_COORDINATOR": value}
    assert is_coordinator(env) is expected


def test_current_user_reads_the_process_environment(monkeypatch):
    """Without an explicit mapping the process environment is read (how a hub server runs)."""
    monkeypatch.setenv("JUPYTERHUB_USER", "bert")
    monkeypatch.setenv("INTERVISIE_COORDINATOR", "1")
    assert (current_user(), is_coordinator()) == ("bert", True)
