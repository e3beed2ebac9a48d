"""Keyed pseudonyms (issue 13, item 2): participant keys are an HMAC with a per-installation
secret that is not in the database, so an export cannot be re-identified by guessing names."""
from __future__ import annotations

import stat

from sqlalchemy import update

from intervisie_widgets import settings
from intervisie_widgets.storage import Store, schema


def key_in(monkeypatch, data_dir, secret: str | None = None) -> str:
    monkeypatch.setenv("INTERVISIE_DATA_DIR", str(data_dir))
    if secret is None:
        monkeypatch.delenv(settings.SECRET_ENV, raising=False)
    else:
        monkeypatch.setenv(settings.SECRET_ENV, secret)
    return schema.participant_key("Wijkteam Noord", "Anna")


def test_the_key_differs_between_installations(monkeypatch, tmp_path):
    """The same group and pseudonym give different keys in two installations (two data folders)."""
    one, two = key_in(monkeypatch, tmp_path / "a"), key_in(monkeypatch, tmp_path / "b")
    assert one != two and schema.is_participant_key(one) and schema.is_participant_key(two)
    assert key_in(monkeypatch, tmp_path / "a") == one  # stable within one installation


def test_the_key_cannot_be_recomputed_from_group_and_pseudonym(monkeypatch, tmp_path):
    """Without the secret, the plain hash of group and pseudonym (what older versions stored) is not the key."""
    key = key_in(monkeypatch, tmp_path / "a")
    assert key != schema.legacy_participant_key("Wijkteam Noord", "Anna")


def test_the_secret_file_is_private_and_outside_the_database(monkeypatch, tmp_path):
    """The secret is a 0600 file in the data folder, and no stored row holds it."""
    key_in(monkeypatch, tmp_path / "a")
    path = tmp_path / "a" / settings.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secret = path.read_bytes()
    store = Store(f"sqlite:///{tmp_path / 'a' / 'x.sqlite'}")
    store.submit("G", 1, "deelnemer", "Anna", {"veiligheid": 4})
    assert secret not in (tmp_path / "a" / "x.sqlite").read_bytes()


def test_servers_sharing_a_database_share_the_secret_by_environment(monkeypatch, tmp_path):
    """With INTERVISIE_PSEUDONYM_SECRET two installations give the same key (several servers, one PostgreSQL)."""
    assert key_in(monkeypatch, tmp_path / "a", "gedeeld geheim") == key_in(monkeypatch, tmp_path / "b", "gedeeld geheim")
    assert key_in(monkeypatch, tmp_path / "a", "gedeeld geheim") != key_in(monkeypatch, tmp_path / "a")


def test_reflections_stored_under_an_old_key_still_open(monkeypatch, tmp_path):
    """A reflection written before keyed pseudonyms (legacy key) is still listed and opened by its writer."""
    key_in(monkeypatch, tmp_path / "a")
    store = Store(f"sqlite:///{tmp_path / 'a' / 'x.sqlite'}")
    phrase = "een zin die alleen ik ken"
    store.save_reflection("G", "Anna", phrase, "van vroeger")
    with store.engine.begin() as conn:
        conn.execute(update(schema.reflections).values(participant=schema.legacy_participant_key("G", "Anna")))
    assert [r["text"] for r in store.open_reflections("G", "anna", phrase)] == ["van vroeger"]
    assert len(store.list_reflections("G", "Anna")) == 1


def test_evaluation_keys_differ_per_meeting_so_a_named_inbrenger_names_one_evaluation(monkeypatch, tmp_path):
    """The plan names meeting 1's inbrenger; their evaluation of meeting 2 carries another key, so it is not linked."""
    key_in(monkeypatch, tmp_path / "a")
    store = Store(f"sqlite:///{tmp_path / 'a' / 'x.sqlite'}")
    store.submit("G", 1, "inbrenger", "Anna", {"gehoord": 5})
    store.submit("G", 2, "deelnemer", "Anna", {"veiligheid": 4})
    keys = store.responses("G").groupby("session")["participant"].first()
    assert keys[1] != keys[2]
    assert keys[1] == schema.response_key("G", 1, "anna")
    assert schema.participant_key("G", "Anna") not in set(keys)
