"""A throwaway PostgreSQL schema for tests and benchmarks (never used by the app itself)."""
from __future__ import annotations

import contextlib
import uuid
from typing import Iterator


@contextlib.contextmanager
def temporary_pg_schema(server_url: str, prefix: str = "t_") -> Iterator[str]:
    """A URL whose connections use a new, empty schema of ``server_url``; the schema is dropped after."""
    from sqlalchemy import create_engine, text

    if server_url.startswith("postgresql://"):
        server_url = "postgresql+psycopg://" + server_url[len("postgresql://"):]
    name = prefix + uuid.uuid4().hex[:12]
    engine = create_engine(server_url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        sep = "&" if "?" in server_url else "?"
        yield f"{server_url}{sep}options=-csearch_path%3D{name}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        engine.dispose()
