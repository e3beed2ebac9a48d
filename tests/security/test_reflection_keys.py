"""Reflection keys that hold up (issue 13, item 3): memory-hard KDF at current parameters,
bounded stored parameters, a passphrase rule better than length alone, one derivation per
attempt, and throttled failed attempts per writer."""
from __future__ import annotations

import base64
import datetime as dt

import pytest
from sqlalchemy import update

from intervisie_widgets.engines import reflection
from intervisie_widgets.storage import Store, StoreError, schema

KEY = "een zin die alleen ik ken"


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'r.sqlite'}")


@pytest.fixture
def derivations(monkeypatch) -> list:
    """Every scrypt derivation the kit makes, as (n, r, p)."""
    calls = []
    real = reflection.derive_key

    def counting(passphrase, salt, n=reflection.SCRYPT_N, r=reflection.SCRYPT_R, p=reflection.SCRYPT_P):
        calls.append((n, r, p))
        return real(passphrase, salt, n, r, p)
    monkeypatch.setattr(reflection, "derive_key", counting)
    return calls


def test_the_kdf_is_scrypt_at_owasp_parameters():
    """New reflections are sealed with scrypt N = 2**17, r = 8, p = 1 (OWASP's minimum), and the stored KDF says so."""
    sealed = reflection.seal("tekst", KEY)
    assert sealed.kdf == "scrypt:n=131072:r=8:p=1"


@pytest.mark.parametrize("kdf", ["scrypt:n=1073741824:r=8:p=1", "scrypt:n=131073:r=8:p=1", "scrypt:n=131072:r=99:p=1",
                                 "scrypt:n=131072:r=8:p=64", "scrypt:n=1024:r=8:p=1", "argon2:m=1", "scrypt:n=x"])
def test_stored_kdf_parameters_out_of_bounds_are_refused_without_deriving(kdf, derivations):
    """A tampered KDF description fails at once: no derivation runs for it."""
    sealed = reflection.seal("tekst", KEY)
    derivations.clear()
    with pytest.raises(reflection.DecryptionFailed):
        reflection.unseal(reflection.Sealed(kdf, sealed.salt, sealed.token), KEY)
    assert derivations == []


@pytest.mark.parametrize("phrase, key", [
    ("kort", "passphrase_too_short"), ("elf tekens!", "passphrase_too_short"),
    ("aaaaaaaaaaaaaaaa", "passphrase_too_simple"), ("1234567890123", "passphrase_too_simple"),
    ("abab abab abab", "passphrase_too_simple"),
])
def test_weak_passphrases_are_refused_with_a_reason(phrase, key):
    """Too short, too few different characters or only digits: refused with a message in nl and en."""
    with pytest.raises(reflection.ReflectionError) as err:
        reflection.check_passphrase(phrase)
    assert err.value.key == key
    assert err.value.message("nl") != err.value.message("en")


def test_the_pseudonym_or_group_code_is_no_passphrase(store):
    """A passphrase equal to the writer's pseudonym or the group code is refused and nothing is stored."""
    for phrase in ("Annemarie van Dijk", "WIJKTEAM-NOORD"):
        with pytest.raises(reflection.ReflectionError):
            store.save_reflection("wijkteam-noord", "annemarie  van dijk", phrase, "tekst")
    assert store.list_reflections("wijkteam-noord", "Annemarie van Dijk") == []


def test_opening_all_reflections_costs_one_derivation(store, derivations):
    """Five reflections of one writer open with one key derivation, not five."""
    for i in range(5):
        store.save_reflection("G", "Anna", KEY, f"reflectie {i}")
    derivations.clear()
    opened = store.open_reflections("G", "Anna", KEY)
    assert sorted(r["text"] for r in opened) == [f"reflectie {i}" for i in range(5)]
    assert len(derivations) == 1


def test_reflections_from_before_keep_opening(store):
    """A reflection sealed with the old parameters (N = 2**15, its own salt) still opens with its passphrase."""
    old = reflection.seal("van vroeger", KEY, n=2**15)
    store.save_reflection("G", "Anna", KEY, "van nu")
    with store.engine.begin() as conn:
        rid = store.list_reflections("G", "Anna")[0]["id"]
        conn.execute(update(schema.reflections).where(schema.reflections.c.id == rid)
                     .values(kdf=old.kdf, salt=old.salt, token=old.token))
    assert [r["text"] for r in store.open_reflections("G", "Anna", KEY)] == ["van vroeger"]


def test_failed_attempts_are_throttled_per_writer(store, monkeypatch):
    """After five wrong passphrases the writer's reflections stay shut for a while, even with the right one."""
    store.save_reflection("G", "Anna", KEY, "geheim")
    now = [dt.datetime(2030, 1, 1, 12, 0)]
    monkeypatch.setattr("intervisie_widgets.storage.reflections.utcnow", lambda: now[0])
    for _ in range(5):
        assert store.open_reflections("G", "Anna", "een verkeerde sleutelzin") == []
    with pytest.raises(StoreError) as err:
        store.open_reflections("G", "Anna", KEY)
    assert err.value.kind == "too_many_attempts"
    assert store.open_reflections("G", "Bram", "een verkeerde sleutelzin") == []  # another writer is not shut
    now[0] += dt.timedelta(minutes=16)
    assert [r["text"] for r in store.open_reflections("G", "Anna", KEY)] == ["geheim"]


def test_the_key_is_never_stored(store):
    """Neither the passphrase nor the derived key appear anywhere in the stored row."""
    store.save_reflection("G", "Anna", KEY, "geheim")
    with store.engine.connect() as conn:
        row = conn.execute(schema.reflections.select()).one()
    key = reflection.key_for(KEY, row.kdf, row.salt)
    flat = repr(tuple(row)).encode()
    assert KEY.encode() not in flat and key not in flat and base64.urlsafe_b64decode(key) not in bytes(row.salt)
