"""Join codes, post-its and the live response count in the store, on SQLite and on a real PostgreSQL.

The codes themselves (alphabet, shape, address) are tested in ``test_join.py``.
"""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store, store_url  # noqa: F401
from sqlalchemy import inspect, select, update

from intervisie_widgets.model.join import JoinCode
from intervisie_widgets.settings import load_settings
from intervisie_widgets.storage import Rejected, Store, UnknownGroup, count_rows, joins, migrations, schema


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _expire(store: Store, code: str, when: dt.datetime) -> None:
    """Set a code's expiry directly in the database (time passing, as a database writer sees it)."""
    with store.engine.begin() as conn:
        conn.execute(update(schema.join_codes).where(schema.join_codes.c.code == code)
                     .values(expires_at=when.replace(tzinfo=None)))


# --------------------------------------------------------------------------- join codes
def test_a_code_is_bound_to_one_group_and_one_meeting(store):
    """A code resolves to exactly its own group and meeting; other meetings and groups get other codes."""
    store.ensure_group("Team Noord")
    store.ensure_group("Team Zuid")
    before = _now()
    noord1 = store.create_join("team noord", 1)
    after = _now()
    assert isinstance(noord1, JoinCode) and (noord1.group, noord1.session) == ("Team Noord", 1)
    assert before + dt.timedelta(hours=12, seconds=-1) <= noord1.expires <= after + dt.timedelta(hours=12)
    assert noord1.expires.tzinfo == dt.timezone.utc
    noord2 = store.create_join("Team Noord", 2)
    zuid1 = store.create_join("Team Zuid", 1)
    assert len({noord1.code, noord2.code, zuid1.code}) == 3
    assert store.resolve_join(noord1.code) == noord1
    assert (store.resolve_join(noord2.code).session, store.resolve_join(zuid1.code).group) == (2, "Team Zuid")


def test_the_live_code_is_returned_again_until_it_is_revoked(store):
    """A second request for the meeting gets the same code; after revoking it opens nothing and a new one is made."""
    store.ensure_group("G")
    first = store.create_join("G", 3, ttl_hours=5)
    assert store.create_join("g", 3, ttl_hours=24) == first  # the live one, its expiry unchanged
    assert store.revoke_join(first.shown.lower()) is True
    assert store.revoke_join(first.code) is False  # already revoked
    assert store.resolve_join(first.code) is None
    second = store.create_join("G", 3)
    assert second.code != first.code and store.resolve_join(second.code) == second
    assert store.resolve_join(first.code) is None


@pytest.mark.parametrize("typed", ["{shown}", "{lower}", " {lower} ", "{a} {b}", "{a}--{b}", "{a}_{b}"])
def test_a_code_is_matched_whatever_its_case_spaces_or_dashes(store, typed):
    """The code is found in upper or lower case, with spaces, dashes or underscores between its halves."""
    store.ensure_group("G")
    code = store.create_join("G", 1)
    text = typed.format(shown=code.shown, lower=code.code.lower(), a=code.code[:4].lower(), b=code.code[4:])
    assert store.resolve_join(text) == code


def test_unknown_expired_and_revoked_codes_all_give_none(store):
    """An unknown, malformed, expired or revoked code gives None alike: nothing tells whether the group exists."""
    store.ensure_group("G")
    live, dead, old = store.create_join("G", 1), store.create_join("G", 2), store.create_join("G", 3)
    store.revoke_join(dead.code)
    _expire(store, old.code, _now() - dt.timedelta(seconds=1))
    unknown = "23456789" if live.code != "23456789" else "98765432"
    for text in (unknown, dead.code, old.code, "", "G", "ABCD-EFG", "0000-0000", "x" * 10_000):
        assert store.resolve_join(text) is None, text
    assert store.resolve_join(live.code) == live
    assert store.create_join("G", 3) != old  # an expired code is never handed out again


def test_expiry_is_checked_against_the_clock_in_the_query(store):
    """A code opens its meeting up to the second before it expires and not at or after that moment."""
    store.ensure_group("G")
    code = store.create_join("G", 1, ttl_hours=1)
    with store.engine.connect() as conn:
        just_before = code.expires.replace(tzinfo=None) - dt.timedelta(seconds=1)
        assert joins.resolve_join(conn, code.code, now=just_before) == code
        assert joins.resolve_join(conn, code.code, now=code.expires.replace(tzinfo=None)) is None
    row = store._read(lambda c: c.execute(select(schema.join_codes)).one())
    assert (row.code, row.expires_at, row.revoked_at) == (code.code, code.expires.replace(tzinfo=None), None)


def test_validity_comes_from_ttl_hours_or_the_setting(store, monkeypatch):
    """ttl_hours sets the validity of a new code; without it INTERVISIE_JOIN_HOURS does, else 12 hours."""
    store.ensure_group("G")
    two = store.create_join("G", 1, ttl_hours=2)
    assert dt.timedelta(hours=2, seconds=-5) < two.expires - _now() <= dt.timedelta(hours=2)
    monkeypatch.setenv("INTERVISIE_JOIN_HOURS", "3.5")
    later = store.create_join("G", 2)
    assert dt.timedelta(hours=3.5, seconds=-5) < later.expires - _now() <= dt.timedelta(hours=3.5)


@pytest.mark.parametrize("value, hours", [("6", 6.0), ("0.5", 0.5), ("0", 12.0), ("-2", 12.0), ("169", 12.0),
                                          ("nan", 12.0), ("twaalf", 12.0), ("", 12.0)])
def test_join_hours_setting(value, hours):
    """INTERVISIE_JOIN_HOURS is used when it is more than 0 and at most a week, else the default of 12 hours."""
    assert load_settings({"INTERVISIE_JOIN_HOURS": value}).join_hours == hours


@pytest.mark.parametrize("number, hours, key", [
    (0, 12, "join.bad_session"), (101, 12, "join.bad_session"), ("1", 12, "join.bad_session"),
    (True, 12, "join.bad_session"), (1, 0, "join.bad_hours"), (1, -1, "join.bad_hours"), (1, 169, "join.bad_hours"),
    (1, float("nan"), "join.bad_hours"), (1, float("inf"), "join.bad_hours"), (1, "12", "join.bad_hours"),
])
def test_bad_meeting_number_or_validity_is_refused_and_nothing_stored(store, number, hours, key):
    """A meeting number outside 1-100 or a validity outside (0, 168] hours is Rejected in nl and en; no code is stored."""
    store.ensure_group("G")
    with pytest.raises(Rejected) as err:
        store.create_join("G", number, ttl_hours=hours)
    assert [n.key for n in err.value.notices] == [key]
    nl, en = err.value.message("nl"), err.value.message("en")
    assert nl != en and str(hours if key == "join.bad_hours" else number) in nl
    assert count_rows(store, "ik_join_codes") == 0 and count_rows(store, "ik_sessions") == 0


def test_a_code_for_an_unknown_group_is_refused(store):
    """create_join for a group that is not stored raises UnknownGroup and creates neither group nor code."""
    with pytest.raises(UnknownGroup) as err:
        store.create_join("Niemand", 1)
    assert "Niemand" in err.value.message("nl")
    assert store.groups() == [] and count_rows(store, "ik_join_codes") == 0


def test_a_code_of_an_earlier_trajectory_opens_nothing(store):
    """Once the group starts a new trajectory the old meeting's code is dead and a new code binds the new trajectory."""
    store.ensure_group("G")
    old = store.create_join("G", 1)
    store.start_trajectory("G")
    assert store.resolve_join(old.code) is None
    new = store.create_join("G", 1)
    assert new.code != old.code and store.resolve_join(new.code) == new


def test_concurrent_requests_for_one_meeting_get_one_code(store):
    """Six stores (as six processes) asking for the same meeting's code at once all get the same one, stored once."""
    store.ensure_group("G")
    others = [Store(store.url) for _ in range(6)]
    found, start = [], threading.Barrier(len(others))

    def ask(s: Store) -> None:
        start.wait()
        found.append(s.create_join("G", 4))

    threads = [threading.Thread(target=ask, args=(s,)) for s in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in others:
        s.close()
    assert len(found) == 6 and len({f.code for f in found}) == 1
    assert count_rows(store, "ik_join_codes") == 1


# --------------------------------------------------------------------------- post-its
def test_postits_are_stored_trimmed_anonymous_and_in_order(store):
    """Post-its come back trimmed, visible and in the order they were written; the table has no participant column."""
    store.ensure_group("G")
    ids = [store.add_postit("g", 1, text) for text in ("  Doorvragen werkt.\n", "Stilte mag.", "Eerst luisteren")]
    cards = store.postits("G", 1)
    assert [c.id for c in cards] == ids and [c.text for c in cards] == ["Doorvragen werkt.", "Stilte mag.",
                                                                        "Eerst luisteren"]
    assert [c.hidden for c in cards] == [False] * 3 and all(c.created_at.tzinfo == dt.timezone.utc for c in cards)
    columns = {c["name"] for c in store._read(lambda conn: inspect(conn).get_columns("ik_postits"))}
    assert columns == {"id", "session_id", "text", "hidden", "created_at"}


def test_postit_length_is_checked_after_trimming(store):
    """500 characters (with spaces around) are stored; 501 or only spaces are Rejected in nl and en and nothing is stored."""
    store.ensure_group("G")
    store.add_postit("G", 1, "   " + "a" * 500 + "\n ")
    assert [len(c.text) for c in store.postits("G", 1)] == [500]
    with pytest.raises(Rejected) as err:
        store.add_postit("G", 1, "b" * 501)
    nl, en = err.value.message("nl"), err.value.message("en")
    assert "501" in nl and "500" in nl and "501" in en and "500" in en and nl != en
    with pytest.raises(Rejected) as err:
        store.add_postit("G", 1, " \n\t ")
    assert "leeg" in err.value.message("nl") and "empty" in err.value.message("en")
    assert count_rows(store, "ik_postits") == 1


def test_control_characters_are_dropped_from_a_postit(store):
    """NUL and other control characters (PostgreSQL refuses NUL) are dropped; newlines and tabs stay."""
    store.ensure_group("G")
    store.add_postit("G", 1, "a\x00b\x07c\r\nd\te\x7f")
    assert [c.text for c in store.postits("G", 1)] == ["abc\nd\te"]


def test_hiding_a_postit_takes_it_off_the_wall_and_back(store):
    """A hidden card is flagged in the full list and left out of the visible one until shown again."""
    store.ensure_group("G")
    keep, hide = store.add_postit("G", 1, "Blijft"), store.add_postit("G", 1, "Naam van een collega")
    assert store.set_postit_hidden(hide, True) is True
    assert [(c.id, c.hidden) for c in store.postits("G", 1)] == [(keep, False), (hide, True)]
    assert [c.id for c in store.postits("G", 1, include_hidden=False)] == [keep]
    store.set_postit_hidden(hide, False)
    assert [c.id for c in store.postits("G", 1, include_hidden=False)] == [keep, hide]
    assert store.set_postit_hidden(hide + 1000, True) is False


def test_postits_belong_to_one_meeting(store):
    """Post-its of one meeting do not appear at another meeting, another group or an unknown group."""
    store.ensure_group("G")
    store.ensure_group("H")
    store.add_postit("G", 1, "G1")
    store.add_postit("G", 2, "G2")
    store.add_postit("H", 1, "H1")
    assert [c.text for c in store.postits("G", 1)] == ["G1"]
    assert [c.text for c in store.postits("H", 1)] == ["H1"]
    assert store.postits("G", 3) == [] and store.postits("Onbekend", 1) == []
    with pytest.raises(UnknownGroup):
        store.add_postit("Onbekend", 1, "tekst")


# --------------------------------------------------------------------------- live response count
def test_session_response_count_counts_that_meeting_and_kind_only(store):
    """The count is the stored responses of that kind for that meeting; a replaced response counts once."""
    for who in ("a", "b"):
        store.submit("G", 1, "deelnemer", who, {"veiligheid": 4})
    store.submit("G", 1, "deelnemer", "a", {"veiligheid": 2}, replace=True)
    store.submit("G", 2, "deelnemer", "c", {"veiligheid": 3})
    store.submit("H", 1, "deelnemer", "d", {"veiligheid": 3})
    store.submit("G", 1, "deelnemer", "b", {"traject_tevreden": 4}, form_id="traject")
    assert store.session_response_count("G", 1) == 2
    assert store.session_response_count("g", 2) == 1
    assert store.session_response_count("G", 1, kind="trajectory") == 1
    assert store.session_response_count("G", 3) == 0 and store.session_response_count("Onbekend", 1) == 0


# --------------------------------------------------------------------------- migration 4
def test_a_version_3_database_gets_the_join_tables_and_keeps_its_rows(store_url):
    """A database at version 3 with a group and a response is upgraded to exactly the current schema, rows kept."""
    with Store(store_url, upgrade=False) as old:
        assert old.upgrade(target=3) == [1, 2, 3]
    with Store(store_url, upgrade=False) as old:
        old.submit("G", 1, "deelnemer", "Sam", {"veiligheid": 4})
        assert old.schema_version() == 3
    with Store(store_url) as store:
        assert store.schema_version() == migrations.LATEST
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                    schema.metadata) == []
        assert store.session_response_count("G", 1) == 1
        code = store.create_join("G", 1)
        assert store.resolve_join(code.code) == code
