"""`intervisie groups` and `group share/unshare/owner` inside and outside a hub (issue 14 point 2)."""
from __future__ import annotations

import json

import pytest

from intervisie_widgets import catalog
from intervisie_widgets.cli import main
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.storage import Store


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A SQLite store with anna's group A1, bert's B1 and OLD made outside the hub."""
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    with Store(url) as s:
        for user, code in (("anna", "A1"), ("bert", "B1"), (None, "OLD")):
            if user:
                monkeypatch.setenv("JUPYTERHUB_USER", user)
            else:
                monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
            s.save_group(Group((Member("Geheime Naam"),), "", code, f"Groep {code}"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return url


def codes(capsys, db, *extra):
    assert main(["groups", "--json", "--db", db, *extra]) == 0
    return [g["code"] for g in json.loads(capsys.readouterr().out)]


def test_groups_lists_every_group_outside_a_hub_and_own_ones_inside(db, capsys, monkeypatch):
    """Without JUPYTERHUB_USER `groups` lists all three; with it only the trainer's own."""
    assert codes(capsys, db) == ["A1", "B1", "OLD"]
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    assert codes(capsys, db) == ["A1"]


def test_share_then_unshare_shows_and_hides_a_group(db, capsys, monkeypatch):
    """bert shares B1 with anna, who then lists it; after unshare she no longer does."""
    monkeypatch.setenv("JUPYTERHUB_USER", "bert")
    assert main(["group", "share", "B1", "anna", "--db", db, "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == catalog.text("ownership.cli_shared", "en", group="B1", user="anna")
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    assert codes(capsys, db) == ["A1", "B1"]
    monkeypatch.setenv("JUPYTERHUB_USER", "bert")
    assert main(["group", "unshare", "B1", "anna", "--db", db]) == 0
    capsys.readouterr()
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    assert codes(capsys, db) == ["A1"]


def test_another_trainers_group_is_refused_and_nothing_shown(db, capsys, monkeypatch):
    """anna asking for bert's group gets the refusal on stderr, exit 1, no member or owner name (which her own group and bert's own query do show)."""
    monkeypatch.setenv("JUPYTERHUB_USER", "bert")
    assert main(["group", "owner", "B1", "--db", db]) == 0
    assert "bert" in capsys.readouterr().out
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    assert main(["group", "show", "A1", "--db", db, "--lang", "nl"]) == 0
    assert "Geheime Naam" in capsys.readouterr().out
    assert main(["group", "show", "b1", "--db", db, "--lang", "nl"]) == 1
    out, err = capsys.readouterr()
    assert "andere begeleider" in err and "Geheime" not in out + err
    assert main(["group", "share", "B1", "anna", "--db", db]) == 1
    assert main(["group", "owner", "B1", "--db", db]) == 1
    out, err = capsys.readouterr()
    assert "bert" not in out + err
    assert codes(capsys, db) == ["A1"]


def test_owner_is_handed_over_only_outside_the_hub(db, capsys, monkeypatch):
    """`group owner OLD anna` works in a shell outside the hub, is refused inside, and anna then sees OLD."""
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    assert main(["group", "owner", "A1", "carla", "--db", db]) == 1
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert main(["group", "owner", "OLD", "anna", "--db", db, "--lang", "en"]) == 0
    assert catalog.text("ownership.cli_owner", "en", group="OLD", user="anna") in capsys.readouterr().out
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    assert codes(capsys, db) == ["A1", "OLD"]
    with Store(db) as s:
        assert s.owner_of("A1") == "anna"


def test_a_too_long_co_trainer_name_gets_a_clear_message(db, capsys, monkeypatch):
    """Sharing with a 300-character name fails with the length message, nothing is shared."""
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    assert main(["group", "share", "A1", "é" * 300, "--db", db, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "300 characters" in err and "255" in err
    with Store(db) as s:
        assert s.shares_of("A1") == []


@pytest.mark.parametrize("argv", [
    ["certificate", "--group", "B1", "--member", "Geheime Naam", "--out", "c.pdf"],
    ["report", "--group", "B1", "--out", "r.pdf"],
    ["data", "--group", "B1", "--member", "Geheime Naam"],
    ["join", "--group", "B1", "--session", "1"],
    ["export", "--group", "B1", "--format", "csv", "--out", "e.csv"],
])
def test_every_group_command_refuses_another_trainers_group(db, capsys, monkeypatch, tmp_path, argv):
    """In a hub, commands naming another trainer's group stop with the refusal and show no name of it."""
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.chdir(out_dir)
    assert main([*argv, "--db", db, "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert err.strip() == catalog.text("ownership.not_yours_open", "en", code="B1")
    assert "Geheime" not in out + err and not list(out_dir.iterdir())


def test_export_of_every_group_is_refused_in_a_hub(db, capsys, monkeypatch, tmp_path):
    """In a hub `export` without --group (every group's rows) is refused, nothing written; with her own group it works."""
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    out = tmp_path / "all.csv"
    assert main(["export", "--out", str(out), "--db", db, "--lang", "nl"]) == 1
    assert capsys.readouterr().err.strip() == catalog.text("ownership.cli_export_one_group", "nl")
    assert not out.exists()
    assert main(["export", "--group", "A1", "--out", str(out), "--db", db]) == 0
    assert out.exists()
