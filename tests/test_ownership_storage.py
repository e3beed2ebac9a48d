"""Owners and co-trainers of groups in the store (issue 14 point 2), on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store, store_url  # noqa: F401

from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.storage import InvalidUser, NotYours, count_rows

ODD = "Zoë van der Berg@school.nl"  # unicode, spaces and @, as a hub may name a user


def group(code: str, *names: str) -> Group:
    return Group(tuple(Member(n) for n in names or ("Ans", "Bram")), "Leren", code, f"Groep {code}")


@pytest.fixture
def hub(monkeypatch):
    """Switch the hub user of this process (None: outside a hub)."""
    def as_user(user):
        if user is None:
            monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
        else:
            monkeypatch.setenv("JUPYTERHUB_USER", user)
    return as_user


def test_a_group_made_in_a_hub_belongs_to_its_maker(store, hub):
    """The hub user who saves a new group is its owner; a group made outside a hub has none."""
    hub("anna")
    store.save_group(group("A1"))
    hub(None)
    store.save_group(group("LOOSE"))
    assert (store.owner_of("a1"), store.owner_of("LOOSE")) == ("anna", None)


def test_each_trainer_lists_only_own_and_shared_groups(store, hub):
    """groups_for gives a trainer their own and shared groups, outside a hub (None) every group."""
    hub("anna")
    store.save_group(group("A1"))
    hub("bert")
    store.save_group(group("B1"))
    assert store.groups_for("anna") == ["A1"]
    assert store.groups_for("bert") == ["B1"]
    assert store.groups_for(None) == ["A1", "B1"]
    assert store.share("B1", "anna", by="bert") is True
    assert store.groups_for("anna") == ["A1", "B1"]
    assert store.shares_of("B1") == ["anna"]
    assert store.unshare("B1", "anna", by="bert") is True
    assert store.groups_for("anna") == ["A1"]


def test_user_names_are_compared_exactly(store, hub):
    """An odd hub name is stored as given; another case or another unicode form is another user."""
    hub(ODD)
    store.save_group(group("Z1"))
    assert store.owner_of("Z1") == ODD
    assert store.groups_for(ODD) == ["Z1"]
    assert store.groups_for(ODD.lower()) == []
    assert store.groups_for("Zoe\u0308 van der Berg@school.nl") == []  # decomposed ë: not the same name
    assert store.can_edit("Z1", ODD.upper()) is False


def test_a_too_long_hub_name_is_refused_and_nothing_is_stored(store, hub):
    """A 300-character hub name cannot own a group: a clear refusal, no group row written."""
    hub("x" * 300)
    with pytest.raises(InvalidUser) as err:
        store.save_group(group("LONG"))
    assert "300" in err.value.message("nl") and "255" in err.value.message("en")
    assert count_rows(store, "ik_groups") == 0


def test_another_trainers_group_cannot_be_changed_through_the_store(store, hub):
    """Saving, deleting, planning, starting a trajectory or storing an evaluation in another trainer's group is refused, unchanged."""
    hub("anna")
    store.save_group(group("A1", "Ans", "Bram"))
    store.save_plan("A1", [{"number": 1, "method": "vijf-vragen"}])
    plan = store.load_plan("A1")
    hub("bert")
    for attempt in (lambda: store.save_group(group("a1", "Xan")), lambda: store.delete_group("A1"),
                    lambda: store.save_plan("A1", []), lambda: store.start_trajectory("A1"),
                    lambda: store.submit("A1", 1, "deelnemer", "w", {"veiligheid": 1})):
        with pytest.raises(NotYours) as err:
            attempt()
        assert "andere begeleider" in err.value.message("nl")
    hub(None)
    assert store.load_group("A1").participants == ("Ans", "Bram")
    assert store.load_plan("A1") == plan and plan  # bert's empty plan did not replace anna's
    assert store.trajectory_numbers("A1") == [1]
    assert count_rows(store, "ik_responses") == 0


def test_a_co_trainer_may_change_but_not_share_further(store, hub):
    """A co-trainer edits the shared group, may leave it, but only the owner shares it."""
    hub("anna")
    store.save_group(group("A1"))
    store.share("A1", "bert", by="anna")
    hub("bert")
    store.save_group(group("A1", "Ans", "Bram", "Cem"))
    assert store.load_group("A1").participants == ("Ans", "Bram", "Cem")
    with pytest.raises(NotYours):
        store.share("A1", "carla", by="bert")
    with pytest.raises(NotYours):
        store.unshare("A1", "anna", by="bert")
    assert store.unshare("A1", "bert", by="bert") is True
    assert store.can_edit("A1", "bert") is False


def test_sharing_twice_or_with_the_owner_changes_nothing(store, hub):
    """Sharing again, with the owner, or stopping what was never shared returns False and stores nothing."""
    hub("anna")
    store.save_group(group("A1"))
    assert store.share("A1", "bert", by="anna") is True
    assert store.share("A1", "bert", by="anna") is False
    assert store.share("A1", "anna", by="anna") is False
    assert store.unshare("A1", "carla", by="anna") is False
    assert count_rows(store, "ik_group_shares") == 1


def test_a_group_without_owner_is_handed_over_from_outside_the_hub(store, hub):
    """A group made outside a hub is no hub trainer's until a shell shares it or names an owner."""
    store.save_group(group("OLD"))
    assert store.groups_for("anna") == [] and store.can_edit("OLD", "anna") is False
    assert store.can_edit("OLD", None) is True
    store.share("OLD", "anna", by=None)
    assert store.groups_for("anna") == ["OLD"]
    store.set_owner("OLD", "bert")
    assert store.owner_of("OLD") == "bert" and store.groups_for("bert") == ["OLD"]


@pytest.mark.parametrize("name, reason", [("", "empty"), ("a\nb", "control"), ("y" * 256, "too_long")])
def test_bad_co_trainer_names_are_refused(store, hub, name, reason):
    """Sharing with an empty, multi-line or too long name is refused with its reason, nothing stored."""
    hub("anna")
    store.save_group(group("A1"))
    with pytest.raises(InvalidUser) as err:
        store.share("A1", name, by="anna")
    assert err.value.reason == reason
    assert count_rows(store, "ik_group_shares") == 0


def test_deleting_a_group_row_forgets_its_shares(store, hub):
    """Shares cascade with their group, so a purged group leaves no co-trainer rows behind."""
    from sqlalchemy import delete

    from intervisie_widgets.storage import schema

    hub("anna")
    store.save_group(group("A1"))
    store.share("A1", "bert", by="anna")
    assert count_rows(store, "ik_group_shares") == 1
    with store.engine.begin() as conn:
        conn.execute(delete(schema.groups))
    assert count_rows(store, "ik_group_shares") == 0
