"""The privacy rule: no route reads a reflection without its writer's key; others see counts only."""
from __future__ import annotations

import inspect

import pytest
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store, store_url  # noqa: F401
from sqlalchemy import select, update

from intervisie_widgets.cli import build_parser, main
from intervisie_widgets.engines import reflection
from intervisie_widgets.storage import Store, UnknownReflection, WrongKey, schema

SECRET = "Mijn leidinggevende mag nooit weten dat ik twijfel over XYZZY."
KEY = "eigen sleutel 123"


def test_only_the_right_key_opens_a_reflection(store):
    """The writer's passphrase opens it; a wrong, empty or another writer's key does not."""
    bram_text = "Bram schrijft iets anders."
    rid = store.save_reflection("G", "Anna", KEY, SECRET, session_number=2)
    other = store.save_reflection("G", "Bram", "bram zijn sleutel", bram_text)
    assert store.read_reflection(rid, KEY) == SECRET
    assert store.read_reflection(other, "bram zijn sleutel") == bram_text
    for wrong in ("eigen sleutel 124", "", "bram zijn sleutel"):
        with pytest.raises(WrongKey):
            store.read_reflection(rid, wrong)
    with pytest.raises(WrongKey):
        store.read_reflection(other, KEY)  # Anna's key does not open Bram's reflection either
    with pytest.raises(UnknownReflection):
        store.read_reflection(999_999, KEY)


def test_database_holds_only_ciphertext(store):
    """No column of any table holds the text, the passphrase or the pseudonym."""
    store.save_reflection("G", "Anna", KEY, SECRET)
    dump = []
    with store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                dump += [bytes(v).decode("latin-1") if isinstance(v, (bytes, memoryview)) else str(v) for v in row]
    blob = "\n".join(dump)
    assert "XYZZY" not in blob and KEY not in blob and "Anna" not in blob


def test_sqlite_file_holds_only_ciphertext(sqlite_url):
    """The SQLite file (and its WAL) on disk never contains the reflection text."""
    s = Store(sqlite_url)
    s.save_reflection("G", "Anna", KEY, SECRET)
    s.close()
    path = sqlite_url.removeprefix("sqlite:///")
    raw = b"".join(open(p, "rb").read() for p in (path, path + "-wal") if __import__("os").path.exists(p))
    assert b"XYZZY" not in raw and KEY.encode() not in raw


def test_others_see_counts_and_dates_only(store):
    """Counts and the writer's own list never include the content."""
    store.save_reflection("G", "Anna", KEY, SECRET)
    store.save_reflection("G", "Anna", KEY, SECRET + " (2)")
    store.save_reflection("G", "Bram", "bram zijn sleutel", "Iets.")
    assert store.reflection_counts("G") == [{"group": "G", "reflections": 3, "writers": 2}]
    mine = store.list_reflections("G", "anna")
    assert len(mine) == 2 and all(set(r) == {"id", "session", "created_at"} for r in mine)
    assert store.list_reflections("G", "Carla") == []
    assert [r["text"] for r in store.open_reflections("G", "Anna", KEY)] == [SECRET + " (2)", SECRET]
    assert store.open_reflections("G", "Bram", KEY) == [] and store.open_reflections("G", "Anna", "wrong key!") == []


def test_tampering_and_salts():
    """Each reflection gets its own salt; an altered ciphertext or KDF never decrypts."""
    a, b = reflection.seal(SECRET, KEY), reflection.seal(SECRET, KEY)
    assert a.salt != b.salt and a.token != b.token
    bad = reflection.Sealed(a.kdf, a.salt, a.token[:-4] + "AAAA")
    for sealed in (bad, reflection.Sealed("pbkdf2:x", a.salt, a.token), reflection.Sealed(a.kdf, b.salt, a.token)):
        with pytest.raises(reflection.DecryptionFailed):
            reflection.unseal(sealed, KEY)
    with pytest.raises(reflection.ReflectionError):
        reflection.seal(SECRET, "kort")


def test_swapping_ciphertexts_between_rows_does_not_leak(sqlite_url):
    """Copying Anna's ciphertext onto Bram's row does not let Bram's key read it."""
    s = Store(sqlite_url)
    anna = s.save_reflection("G", "Anna", KEY, SECRET)
    bram = s.save_reflection("G", "Bram", "bram zijn sleutel", "Iets.")
    with s.engine.begin() as conn:
        row = conn.execute(select(schema.reflections.c.token).where(schema.reflections.c.id == anna)).one()
        conn.execute(update(schema.reflections).where(schema.reflections.c.id == bram).values(token=row.token))
    with pytest.raises(WrongKey):
        s.read_reflection(bram, "bram zijn sleutel")


def test_no_export_report_or_command_reveals_a_reflection(tmp_path, sqlite_url):
    """Export (CSV, XLSX), the report and every CLI command leave reflections out entirely."""
    from intervisie_widgets.render import report

    s = Store(sqlite_url)
    for who in ("a", "b", "c"):
        s.submit("G", 1, "deelnemer", who, {"veiligheid": 4})
    s.save_reflection("G", "a", KEY, SECRET)
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"e.{fmt}"
        assert main(["export", "--out", str(out), "--db", sqlite_url]) == 0
        data = out.read_bytes()
        assert b"XYZZY" not in data and b"reflect" not in data.lower()
    html = report.report_html(report.build(s, "G", "nl"))
    assert "XYZZY" not in html and "Reflectieverslagen (alleen het aantal)" in html
    commands = build_parser()._subparsers._group_actions[0].choices
    assert not [name for name in commands if "reflect" in name]


def test_store_api_has_no_keyless_route_to_text():
    """Every public Store method about reflections either needs the passphrase or returns no text."""
    for name, fn in inspect.getmembers(Store, inspect.isfunction):
        if "reflection" in name and not name.startswith("_"):
            params = inspect.signature(fn).parameters
            assert "passphrase" in params or name in ("list_reflections", "reflection_counts"), name
