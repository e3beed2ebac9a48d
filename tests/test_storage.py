"""Storage: plans, responses, a too-new schema and failures, on SQLite and on a real PostgreSQL.

The upgrade paths (version 1 to latest, fresh, twice) are checked in ``test_migrations.py``.
"""
from __future__ import annotations

import sqlite3

import pytest
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store, store_url  # noqa: F401
from sqlalchemy import select

from intervisie_widgets.storage import (
    AlreadySubmitted,
    InvalidAnswer,
    InvalidPlan,
    Store,
    StoreError,
    StoreUnavailable,
    count_rows,
    response_key,
    schema,
)

PLAN = [
    {"number": 1, "date": "2026-01-12", "method": "vijf-vragen", "inbrenger": "A.", "with_begeleider": True,
     "assumed": False, "variant": "", "gespreksleider": "", "tijdbewaker": ""},
    {"number": 2, "date": None, "method": "", "inbrenger": "", "with_begeleider": False, "assumed": True,
     "variant": "", "gespreksleider": "", "tijdbewaker": ""},
    {"number": 4, "date": "2026-03-09", "method": "incidentmethode", "inbrenger": "B.", "with_begeleider": False,
     "assumed": False, "variant": "", "gespreksleider": "", "tijdbewaker": ""},
]


def test_plan_round_trip(store):
    """save_plan then load_plan returns exactly the dicts that were saved, by session number."""
    store.save_plan("Groep Noord", list(reversed(PLAN)))
    assert store.load_plan("Groep Noord") == PLAN
    assert store.load_plan("groep  noord") == PLAN  # case and spacing of the code are ignored
    assert store.load_plan("onbekend") == []


def test_saving_a_plan_never_loses_responses(store):
    """A session dropped from the plan disappears from it but keeps its stored evaluations."""
    store.save_plan("G", PLAN)
    store.submit("G", 2, "deelnemer", "Sam", {"veiligheid": 4})
    store.save_plan("G", PLAN[:1])
    assert [s["number"] for s in store.load_plan("G")] == [1]
    assert store.responses("G")["session"].tolist() == [2]


@pytest.mark.parametrize("bad, words", [
    ([{"number": 1}, {"number": 1}], "appears twice"),
    ([{"number": 0}], "number"),
    ([{"number": 1, "date": "12-01-2026"}], "YYYY-MM-DD"),
    ([{"number": 1, "with_begeleider": "ja"}], "with_begeleider"),
    ([{"number": True}], "number"),
])
def test_invalid_plan_is_refused_and_changes_nothing(sqlite_url, bad, words):
    """A wrong plan raises InvalidPlan naming the field, and the stored plan stays as it was."""
    s = Store(sqlite_url)
    s.save_plan("G", PLAN)
    with pytest.raises(InvalidPlan) as err:
        s.save_plan("G", bad)
    assert words in err.value.message("en")
    assert s.load_plan("G") == PLAN


@pytest.mark.parametrize("bad, words", [
    ([{"number": 1}, {"number": 1}], "staat twee keer in het plan"),
    ([{"number": 0}], "heel getal van 1 tot"),
    ([{"number": 1, "date": "12-01-2026"}], "JJJJ-MM-DD"),
    (["1"], "regel 1 van het plan"),
])
def test_invalid_plan_is_explained_in_dutch_without_english(sqlite_url, bad, words):
    """A refused plan's Dutch message gives the cause in Dutch, not the English of the API."""
    s = Store(sqlite_url)
    with pytest.raises(InvalidPlan) as err:
        s.save_plan("G", bad)
    nl = err.value.message("nl")
    assert words in nl
    assert not {"must", "expected", "appears", "entry"} & set(nl.replace(":", " ").split()), nl


def test_invalid_answer_is_explained_in_the_users_language(store):
    """A submission with a meeting number out of range is refused with the cause in nl and in en."""
    with pytest.raises(InvalidAnswer) as err:
        store.submit("G", 0, "deelnemer", "Sam", {"veiligheid": 4})
    assert "heel getal van 1 tot" in err.value.message("nl")
    assert "whole number from 1 to" in err.value.message("en")


def test_plan_defaults_follow_seed_001(sqlite_url):
    """A plan entry without with_begeleider gets the seed-001 build-up and is marked assumed."""
    s = Store(sqlite_url)
    s.save_plan("G", [{"number": n} for n in range(1, 11)])
    plan = s.load_plan("G")
    assert [p["number"] for p in plan if p["with_begeleider"]] == [1, 2, 3, 6, 10]
    assert all(p["assumed"] for p in plan)


def test_second_submission_needs_replace(store):
    """The same person and session is refused without replace and replaced (not added) with it."""
    store.submit("G", 1, "deelnemer", "Sam", {"veiligheid": 2, "les": "eerst"})
    with pytest.raises(AlreadySubmitted):
        store.submit("G", 1, "inbrenger", " sam ", {"veiligheid": 5})
    result = store.submit("G", 1, "inbrenger", " sam ", {"veiligheid": 5}, replace=True)
    assert result.replaced
    df = store.responses("G")
    assert df[["role", "item", "score"]].values.tolist() == [["inbrenger", "veiligheid", 5]]
    assert count_rows(store, "ik_responses") == 1 and count_rows(store, "ik_answers") == 1
    assert store.has_response("G", 1, "SAM") and not store.has_response("G", 2, "Sam")


def test_pseudonym_is_never_stored(store):
    """Only the derived participant key reaches the database, never the pseudonym itself."""
    store.submit("G", 1, "deelnemer", "Zeldzame-Naam", {"veiligheid": 3, "les": "iets"})
    key = response_key("G", 1, "Zeldzame-Naam")
    everything = []
    with store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            everything += [str(v) for row in conn.execute(select(table)) for v in row]
    assert key in everything
    assert not any("zeldzame" in v.lower() for v in everything)


@pytest.mark.parametrize("answers, item", [
    ({"veiligheid": 7}, "veiligheid"),
    ({"rapportcijfer": 11}, "rapportcijfer"),
    ({"veiligheid": "goed"}, "veiligheid"),
    ({"les": "x" * 1_000_001}, "les"),
    ({"meta_positie": 3}, "meta_positie"),  # a begeleider item, answered as deelnemer
])
def test_invalid_answers_are_refused(sqlite_url, answers, item):
    """A score off the scale, text for a number, an overlong text or another role's item is refused."""
    s = Store(sqlite_url)
    with pytest.raises(InvalidAnswer) as err:
        s.submit("G", 1, "deelnemer", "Sam", answers)
    assert err.value.where == item
    assert count_rows(s, "ik_responses") == 0


def test_response_counts_and_keys_per_meeting(store):
    """Counts per session and role come back right, and one person's evaluations of two meetings
    carry different keys (a named inbrenger of one meeting names no other evaluation)."""
    for who in ("a", "b", "c"):
        store.submit("G", 1, "deelnemer", who, {"veiligheid": 4})
    store.submit("G", 3, "inbrenger", "a", {"gehoord": 5})
    counts = store.response_counts("G")
    assert counts[["session", "role", "responses"]].values.tolist() == [[1, "deelnemer", 3], [3, "inbrenger", 1]]
    keys = store.responses("G").groupby("session")["participant"].unique()
    assert response_key("G", 1, "a") in set(keys[1]) and response_key("G", 3, "a") in set(keys[3])
    assert response_key("G", 1, "a") != response_key("G", 3, "a")
    assert response_key("G", 1, "a") == response_key("g", 1, " A ")


def test_bulk_add_is_all_or_nothing(store):
    """add_submissions writes nothing when one submission is already stored."""
    from intervisie_widgets.storage import make_submission

    store.submit("G", 2, "deelnemer", "b", {"veiligheid": 4})
    subs = [make_submission("G", 1, "deelnemer", "a", {"veiligheid": 3}),
            make_submission("G", 2, "deelnemer", "b", {"veiligheid": 5})]
    with pytest.raises(AlreadySubmitted) as err:
        store.add_submissions(subs)
    assert err.value.index == 1
    assert count_rows(store, "ik_responses") == 1


def test_newer_schema_is_refused(sqlite_url):
    """A database made by a newer kit is left alone with a message naming its version."""
    Store(sqlite_url).close()
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as raw:
        raw.execute("INSERT INTO ik_schema_version VALUES (99, '2030-01-01 00:00:00')")
    with pytest.raises(StoreError) as err:
        Store(sqlite_url)
    assert err.value.kind == "too_new" and "99" in err.value.message("nl")


def test_unreachable_postgres_names_the_cause():
    """An unreachable PostgreSQL URL gives a clear nl/en message with the host and no password."""
    with pytest.raises(StoreUnavailable) as err:
        Store("postgresql://kit:geheim@127.0.0.1:9/intervisie")
    assert err.value.kind == "unreachable"
    assert "127.0.0.1:9" in err.value.message("nl") and "niet bereikbaar" in err.value.message("nl")
    assert "cannot be reached" in err.value.message("en") and "geheim" not in err.value.message("en")


def test_locked_sqlite_file_fails_cleanly(sqlite_url):
    """A file locked by another program gives a 'locked' message and the data stays unchanged."""
    s = Store(sqlite_url, busy_timeout_ms=100, retries=1)
    s.submit("G", 1, "deelnemer", "a", {"veiligheid": 4})
    raw = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    raw.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailable) as err:
            s.submit("G", 1, "deelnemer", "b", {"veiligheid": 1})
        assert err.value.kind == "locked" and "vergrendeld" in err.value.message("nl")
    finally:
        raw.execute("ROLLBACK")
        raw.close()
    assert s.responses("G")["score"].tolist() == [4]


def test_bad_urls_are_explained():
    """An unknown database type or a non-database file is reported, not raised as a traceback."""
    with pytest.raises(StoreError) as err:
        Store("foo://x")
    assert err.value.kind == "bad_url"
    assert "het soort database 'foo' kent de kit niet" in err.value.message("nl")
    with pytest.raises(StoreError) as err:
        Store("sqlite:////proc/nonexistent/dir/x.sqlite")
    assert err.value.kind == "cannot_open"
