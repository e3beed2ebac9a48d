"""Store fixtures: a temporary SQLite file and a real PostgreSQL server.

PostgreSQL comes from ``INTERVISIE_TEST_PG_URL`` (start one with
``eval "$(bash tools/pg_test_server.sh start)"``). Each test gets its own schema, dropped after.
Without the variable the PostgreSQL cases are skipped, except under CI (``CI=true``), where a
missing or unreachable server fails the run: CI must never skip them silently.

Test modules import what they use: ``from conftest_pg import store_url, store, pg_url``.
"""
from __future__ import annotations

import os

import pytest

PG_ENV = "INTERVISIE_TEST_PG_URL"


def _pg_problem(why: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL tests cannot run under CI: {why}", pytrace=False)
    pytest.skip(f"no PostgreSQL server: {why}")


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """The server URL from the environment, checked to answer once per run."""
    url = os.environ.get(PG_ENV)
    if not url:
        _pg_problem(f"{PG_ENV} is not set (see tools/pg_test_server.sh)")
    from sqlalchemy import create_engine, text

    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    engine = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        _pg_problem(f"{PG_ENV}={url} cannot be reached: {exc}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def pg_url(pg_admin_url):
    """A URL whose connections use a fresh, empty schema (search_path), dropped after the test."""
    from intervisie_widgets.storage.testing import temporary_pg_schema

    with temporary_pg_schema(pg_admin_url) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'intervisie.sqlite'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request) -> str:
    """The same test on a temporary SQLite file and on a real PostgreSQL schema."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    from intervisie_widgets.storage import Store

    s = Store(store_url)
    yield s
    s.close()
