"""Concurrency: several processes submitting at the same moment lose nothing."""
from __future__ import annotations

from conftest_pg import pg_admin_url, pg_url, sqlite_url, store_url  # noqa: F401

from intervisie_widgets.storage import Store, count_rows
from intervisie_widgets.storage.concurrency import run_writers


def test_concurrent_writers_lose_nothing(store_url):
    """Four processes × eight submissions at once: all 32 responses and 96 answers are stored."""
    result = run_writers(store_url, writers=4, per_writer=8, group="CONC")
    assert result.errors == ()
    with Store(store_url) as s:
        assert count_rows(s, "ik_responses") == 32
        assert count_rows(s, "ik_answers") == 96
        df = s.responses("CONC", numeric_only=True)
        # keys differ per meeting (storage.schema.response_key): four writers in each of eight sessions
        assert df.groupby("session")["participant"].nunique().tolist() == [4] * 8
