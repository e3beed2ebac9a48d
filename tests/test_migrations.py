"""Migrations: every path (fresh, from version 1, twice) ends at exactly the current schema.

"Exactly" is checked twice over, on SQLite and on a real PostgreSQL: Alembic's
``compare_metadata`` against :mod:`storage.schema`, and SQLAlchemy's inspector on the upgraded
database and on a reference database made by ``create_all`` of the same metadata (tables,
columns with type, length and nullability, primary keys, unique constraints, indexes, foreign
keys with their ON DELETE), since autogenerate skips primary keys and ON DELETE on SQLite.
"""
from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest_pg import pg_admin_url  # noqa: F401
from sqlalchemy import Column, MetaData, String, exc, inspect, select

from intervisie_widgets.engines import reflection
from intervisie_widgets.storage import (
    Store,
    migrations,
    participant_key,
    schema,
    schema_v1,
)
from intervisie_widgets.storage.testing import temporary_pg_schema

WHEN = dt.datetime(2026, 1, 12, 19, 30)


@pytest.fixture(params=["sqlite", "postgresql"])
def urls(request, tmp_path):
    """Two empty databases of one kind: the one under test and a reference made from metadata."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kit.sqlite'}", f"sqlite:///{tmp_path / 'reference.sqlite'}"
        return
    admin = request.getfixturevalue("pg_admin_url")
    with temporary_pg_schema(admin) as url, temporary_pg_schema(admin) as reference:
        yield url, reference


def _engine(url: str):
    return Store(url, upgrade=False).engine


def structure(url: str) -> dict:
    """Everything the inspector sees of the database at ``url``, in comparable form."""
    engine = _engine(url)
    with engine.connect() as conn:
        insp = inspect(conn)
        found = {t: {
            "columns": sorted((c["name"], repr(c["type"]), c["nullable"]) for c in insp.get_columns(t)),
            "primary_key": insp.get_pk_constraint(t)["constrained_columns"],
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(t)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in insp.get_indexes(t)),
            "foreign_keys": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                                    tuple(f["referred_columns"]), f["options"].get("ondelete"))
                                   for f in insp.get_foreign_keys(t)),
        } for t in insp.get_table_names()}
    engine.dispose()
    return found


def differences(url: str, metadata: MetaData) -> list:
    """Alembic's list of what would change the database at ``url`` into ``metadata``."""
    engine = _engine(url)
    with engine.connect() as conn:
        found = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    engine.dispose()
    return found


def assert_schema_is(url: str, reference_url: str, metadata: MetaData) -> None:
    engine = _engine(reference_url)
    metadata.create_all(engine)
    engine.dispose()
    assert differences(url, metadata) == []
    assert structure(url) == structure(reference_url)


def run_upgrade(url: str, **kwargs) -> list[int]:
    engine = _engine(url)
    with engine.begin() as conn:
        applied = migrations.upgrade(conn, **kwargs)
    engine.dispose()
    return applied


def fill_version_1(url: str) -> dict:
    """Rows written the way a version-1 kit wrote them (through the frozen tables); all rows back."""
    t = schema_v1.metadata.tables
    key = participant_key("G", "Sam")
    sealed = reflection.seal("Wat ik leerde.", "een lange geheime zin")
    engine = _engine(url)
    with engine.begin() as conn:
        conn.execute(t["ik_groups"].insert(), [{"id": 1, "code": "G", "size": 6, "created_at": WHEN}])
        conn.execute(t["ik_trajectories"].insert(), [{"id": 1, "group_id": 1, "number": 1, "created_at": WHEN}])
        conn.execute(t["ik_sessions"].insert(), [
            {"id": 1, "trajectory_id": 1, "number": 1, "date": WHEN.date(), "method": "vijf-vragen",
             "inbrenger": "A.", "with_begeleider": True, "assumed": False, "planned": True}])
        conn.execute(t["ik_responses"].insert(), [
            {"id": 1, "session_id": 1, "participant": key, "role": "deelnemer", "form": "sessie",
             "kind": "session", "submitted_at": WHEN}])
        conn.execute(t["ik_answers"].insert(), [
            {"response_id": 1, "item": "veiligheid", "score": 4, "text": None},
            {"response_id": 1, "item": "les", "score": None, "text": "Doorvragen werkt."}])
        conn.execute(t["ik_reflections"].insert(), [
            {"id": 1, "group_id": 1, "participant": key, "session_number": 1, "created_at": WHEN,
             "kdf": sealed.kdf, "salt": sealed.salt, "token": sealed.token}])
        rows = _all_rows(conn)
    engine.dispose()
    return rows


def _all_rows(conn) -> dict:
    return {name: conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            for name, table in schema_v1.metadata.tables.items() if name != "ik_schema_version"}


def test_version_1_database_upgrades_to_exactly_the_current_schema(urls):
    """A database made and filled by version 1 matches the current schema after a Store opens it."""
    url, reference = urls
    assert run_upgrade(url, target=1) == [1]
    with Store(url, upgrade=False) as old:
        assert old.schema_version() == 1
    assert differences(url, schema_v1.metadata) == []  # migration 1 made the frozen snapshot
    fill_version_1(url)
    with Store(url) as store:
        assert store.schema_version() == migrations.LATEST
    assert_schema_is(url, reference, schema.metadata)


def test_rows_of_version_1_survive_the_upgrade(urls):
    """Every row written at version 1 reads back unchanged, raw and through the Store, after upgrading."""
    url, _ = urls
    run_upgrade(url, target=1)
    before = fill_version_1(url)
    with Store(url) as store:
        engine = store.engine
        with engine.connect() as conn:
            assert _all_rows(conn) == before
        assert [p["method"] for p in store.load_plan("G")] == ["vijf-vragen"]
        answers = store.responses("G")
        assert sorted(zip(answers["item"], answers["score"].fillna(-1))) == [("les", -1), ("veiligheid", 4)]
        assert store.read_reflection(1, "een lange geheime zin") == "Wat ik leerde."


def test_fresh_database_gets_exactly_the_current_schema(urls):
    """An empty database upgraded by the kit matches the current schema and records every version."""
    url, reference = urls
    with Store(url) as store:
        assert store.schema_version() == migrations.LATEST
        with store.engine.connect() as conn:
            versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
    assert sorted(versions) == [number for number, _ in migrations.MIGRATIONS]
    assert_schema_is(url, reference, schema.metadata)


def test_upgrading_twice_changes_nothing(urls):
    """A second upgrade applies nothing, leaves the schema as it was and keeps the latest version."""
    url, _ = urls
    assert run_upgrade(url) == [number for number, _ in migrations.MIGRATIONS]
    once = structure(url)
    assert run_upgrade(url) == []
    with Store(url) as store:
        assert store.upgrade() == [] and store.schema_version() == migrations.LATEST
    assert structure(url) == once


def _future_schema() -> MetaData:
    """The current schema plus one column that a hypothetical next migration adds."""
    future = MetaData()
    for table in schema.metadata.sorted_tables:
        table.to_metadata(future)
    future.tables["ik_groups"].append_column(Column("note", String(200), nullable=True))
    return future


def _add_note(op) -> None:
    op.add_column("ik_groups", Column("note", String(200), nullable=True))


def test_a_later_added_column_breaks_create_all_but_not_the_frozen_snapshot(urls):
    """With a migration that adds a column, a create_all migration 1 fails while the kit's reaches the new schema."""
    url, reference = urls
    future = _future_schema()
    next_version = migrations.LATEST + 1

    def old_style_v1(op) -> None:  # what migration 1 did before: the schema of the day
        future.create_all(op.get_bind(), tables=[future.tables[name] for name in schema_v1.metadata.tables])

    with pytest.raises(exc.DBAPIError) as err:
        run_upgrade(url, steps=((1, old_style_v1), (next_version, _add_note)))
    said = {"sqlite": "duplicate column name: note",
            "postgresql": 'column "note" of relation "ik_groups" already exists'}
    assert said[url.split(":")[0].split("+")[0]] in str(err.value.orig)
    assert structure(url) == {}  # the failed upgrade left nothing half-made

    steps = (*migrations.MIGRATIONS, (next_version, _add_note))
    assert run_upgrade(url, steps=steps) == [number for number, _ in steps]
    assert_schema_is(url, reference, future)
