"""Pure planning logic: group checks (seeds 003/004), the trajectory build-up (seed 001), the contract."""
from __future__ import annotations

import datetime as dt

import pytest

from intervisie_widgets import catalog
from intervisie_widgets.model.group import Contract, Group, InvalidMember, Member, group_checks, size_notices
from intervisie_widgets.model.planning import (
    buildup,
    default_plan,
    fill_inbrengers,
    from_records,
    plan_notices,
    to_records,
)
from intervisie_widgets.render.contract import contract_markdown, contract_pdf
from intervisie_widgets.storage.plans import PLAN_KEYS


def keys(notices):
    return [n.key for n in notices]


@pytest.mark.parametrize("n, expected", [(2, ["group.warn_too_small"]), (5, []), (8, []),
                                         (9, ["group.warn_too_big"]), (15, ["group.warn_too_big"]), (0, [])])
def test_group_size_rule_of_seed_003(n, expected):
    """Fewer than 5 or more than 8 members gives a warning; 5 to 8 (and an empty group) none."""
    assert keys(size_notices(n)) == expected


def test_format_limits_of_seed_004():
    """Online four-phase takes at most 4, in person at most 5; the notice names the limits."""
    m = catalog.method("vier-fasen")
    online, in_person = m.variant("online"), m.variant("in-person")
    assert keys(size_notices(5, online, general=False)) == ["group.warn_format_size"]
    assert size_notices(5, in_person, general=False) == ()
    n = size_notices(6, in_person, general=False)[0]
    assert n.values["max"] == 5 and n.values["n"] == 6


def test_group_refuses_empty_and_duplicate_names_and_keeps_the_group():
    """with_member raises InvalidMember for a blank or repeated name; the group value is unchanged."""
    g = Group().with_member(Member("Ans de Vries"))
    with pytest.raises(InvalidMember) as exc:
        g.with_member(Member("  ans   de vries "))
    assert exc.value.notice.key == "group.warn_duplicate_name"
    with pytest.raises(InvalidMember):
        g.with_member(Member("   "))
    with pytest.raises(InvalidMember):
        g.with_member(Member("Bram", years=-1))
    assert g.names == ("Ans de Vries",)


def test_hierarchy_experience_and_initials_checks():
    """Different levels, a manager of a member, one experience band and shared initials are each named."""
    g = Group()
    for m in (Member("Ans Bakker", years=1), Member("Arno Bos", years=2),
              Member("Cem", level="leidinggevende", years=1, manages="Ans Bakker")):
        g = g.with_member(m)
    found = keys(group_checks(g))
    assert {"group.warn_levels", "group.warn_manager", "group.warn_experience_same",
            "group.warn_duplicate_initials"} <= set(found)
    assert "group.warn_manager" not in keys(group_checks(g.without("Ans Bakker")))
    assert g.without("Ans Bakker").members[-1].manages == ""


def test_default_build_up_of_seed_001():
    """10 sessions: met begeleider 1, 2, 3, 6, 10; session 9 is the only assumption."""
    plan = default_plan(["A", "B", "C"], 10, dt.date(2030, 1, 7), 5, "negen-stappen")
    assert [p.number for p in plan if p.with_begeleider] == [1, 2, 3, 6, 10]
    assert [p.number for p in plan if p.assumed] == [9]
    assert plan[1].date == dt.date(2030, 2, 11)
    assert buildup(6, 6) == (True, True)  # a shorter trajectory ends met begeleider, as a guess
    assert buildup(12, 12) == (True, True) and buildup(11, 12) == (False, True)


def test_fill_inbrengers_keeps_chosen_ones_and_gives_everyone_a_turn():
    """Empty slots go first to members without a turn; a chosen inbrenger is never replaced."""
    plan = default_plan([], 4)
    plan = tuple(p if p.number != 2 else p.__class__(**{**p.__dict__, "inbrenger": "Zoë"}) for p in plan)
    filled = fill_inbrengers(plan, ["A", "B", "C"])
    assert filled[1].inbrenger == "Zoë"
    assert {p.inbrenger for p in filled} >= {"A", "B", "C"}


def test_plan_notices_name_past_dates_order_missing_members_and_time():
    """Each problem of a plan becomes its own notice with the session number or the names."""
    plan = default_plan(["A", "B"], 3, dt.date(2030, 1, 1), 1, "negen-stappen")
    plan = plan[:1] + (plan[1].__class__(**{**plan[1].__dict__, "date": dt.date(2029, 12, 1)}),) + plan[2:]
    found = plan_notices(plan, ["A", "B", "C"], dt.date(2029, 12, 15), catalog.method, 60)
    assert keys(found) == ["trajectory.warn_past_date", "trajectory.warn_date_order",
                           "trajectory.warn_never_inbrenger", "session.warn_time"]
    assert found[0].values["number"] == 2 and found[2].values["names"] == "C"


def test_records_round_trip_in_the_store_shape():
    """to_records gives exactly the Store.save_plan keys, and from_records reads them back."""
    plan = default_plan(["A"], 10, dt.date(2030, 1, 1), 5, "balint")
    records = to_records(plan)
    assert tuple(records[0]) == PLAN_KEYS
    assert records[0]["date"] == "2030-01-01" and records[8]["assumed"] is True
    assert from_records(records) == plan


def test_contract_markdown_and_pdf():
    """The Markdown holds all six numbered parts (empty ones marked); the PDF is a PDF."""
    c = Contract(goal="Leren", names="Ans\nBram", room="Zaal 2")
    md = contract_markdown(c, "en")
    assert md.count("\n## ") == 6 and "## 5. Room" in md and "_(still to be agreed)_" in md
    assert contract_pdf(c, "nl").startswith(b"%PDF")
    assert c.missing == ("safety", "dates", "inbreng")
