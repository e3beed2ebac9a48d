"""Engines for SQLite (WAL, busy timeout, BEGIN IMMEDIATE for writes) and PostgreSQL,
retries on a locked SQLite database, and translation of driver errors into :class:`StoreError`.
"""
from __future__ import annotations

import contextlib
import random
import time
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import StaticPool

from .errors import StoreError, StoreUnavailable, cause

#: How long one SQLite statement waits for a lock before "database is locked" (ms).
DEFAULT_BUSY_TIMEOUT_MS = 10_000
#: How often a write transaction is retried when SQLite still reports a locked database.
DEFAULT_RETRIES = 6
_WRITE = "ik_write"


def describe(url: str) -> str:
    """The database as shown to people: the file for SQLite, the URL without password otherwise."""
    try:
        u = make_url(url)
    except ArgumentError:
        return url
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.render_as_string(hide_password=True)


def make_engine(url: str, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for ``url``; raises :class:`StoreError` for a bad URL or a missing driver."""
    try:
        u = make_url(url)
    except ArgumentError as exc:
        raise StoreError(url, exc, kind="bad_url") from None
    backend = u.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(u, busy_timeout_ms)
        if backend == "postgresql":
            if u.drivername == "postgresql":  # plain postgresql:// means psycopg 3 here
                u = u.set(drivername="postgresql+psycopg")
            args = {"connect_timeout": 5} if "psycopg" in u.drivername else {}
            return create_engine(u, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args=args)
        return create_engine(u)
    except NoSuchModuleError:
        raise StoreError(url, cause("database_type", name=u.drivername), kind="bad_url") from None
    except ModuleNotFoundError as exc:
        raise StoreError(describe(url), exc, kind="no_driver") from None
    except ArgumentError as exc:
        raise StoreError(url, exc, kind="bad_url") from None


def _sqlite_engine(u, busy_timeout_ms: int) -> Engine:
    memory = u.database in (None, "", ":memory:")
    if not memory:
        try:
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(u.database, exc.strerror or exc, kind="cannot_open") from None
    kwargs = {"poolclass": StaticPool} if memory else {}
    engine = create_engine(u, connect_args={"timeout": busy_timeout_ms / 1000,
                                            "check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred and late).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not memory:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        # A write takes the write lock at once, so two writers never deadlock on an upgrade.
        immediate = conn.get_execution_options().get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def is_locked(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database table is locked" in text or "busy" in text


def translate(exc: BaseException, url: str) -> StoreError:
    """A :class:`StoreError` naming the cause of a driver error (password never shown)."""
    where = describe(url)
    orig = getattr(exc, "orig", None) or exc
    cause = " ".join(str(orig).split())[:300]
    if url.startswith("sqlite") and "not a database" in cause:
        return StoreUnavailable(where, cause, kind="cannot_open")
    if isinstance(exc, OperationalError) or isinstance(orig, OSError):
        if is_locked(exc):
            return StoreUnavailable(where, cause, kind="locked")
        if url.startswith("sqlite"):
            return StoreUnavailable(where, cause, kind="cannot_open")
        return StoreUnavailable(where, cause, kind="unreachable")
    return StoreError(where, cause, kind="failed")


@contextlib.contextmanager
def guarded(url: str) -> Iterator[None]:
    """Turn driver errors raised inside the block into :class:`StoreError`."""
    try:
        yield
    except StoreError:
        raise
    except (DBAPIError, OSError) as exc:
        raise translate(exc, url) from None


def run_write(engine: Engine, url: str, work, retries: int = DEFAULT_RETRIES):
    """Run ``work(conn)`` in one write transaction; retry while SQLite reports a lock.

    Everything in ``work`` is committed together or not at all. A non-lock error is raised
    at once as :class:`StoreError`; ``work`` may raise a :class:`StoreError` of its own.
    """
    delay = 0.05
    for attempt in range(retries + 1):
        try:
            with engine.connect().execution_options(**{_WRITE: True}) as conn:
                with conn.begin():
                    return work(conn)
        except StoreError:
            raise
        except OperationalError as exc:
            if is_locked(exc) and attempt < retries:
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)
                continue
            raise translate(exc, url) from None
        except (DBAPIError, OSError) as exc:
            raise translate(exc, url) from None
    raise AssertionError("unreachable")  # pragma: no cover


def run_read(engine: Engine, url: str, work):
    """Run ``work(conn)`` in a read transaction; errors become :class:`StoreError`."""
    with guarded(url):
        with engine.connect() as conn:
            return work(conn)
