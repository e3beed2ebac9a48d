"""Widget tests (no browser) of the group page on the stored group: save, open, edit, delete, refusals."""
from __future__ import annotations

import datetime as dt
import re

import ipywidgets as w
import pytest

from intervisie_widgets import app as app_module
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.meeting import MeetingRecord
from intervisie_widgets.state import AppState
from intervisie_widgets.storage import Store, StoreUnavailable
from intervisie_widgets.views.group import GroupView

START = dt.datetime(2030, 3, 4, 14, 0)


@pytest.fixture
def store_factory(tmp_path):
    url = f"sqlite:///{tmp_path / 'groups.sqlite'}"
    return lambda: Store(url)


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'")


def add(v: GroupView, name, level="medewerker", years=0, manages="", begeleider=False):
    v.name.value, v.level.value, v.years.value = name, level, years
    v.manages.value = manages
    v.editor.begeleider.value = begeleider
    v.add_button.click()


def fill(v: GroupView, code="WIJK-ZUID", names=("Ans", "Bram", "Cem", "Dewi", "Eva")):
    v.code.value, v.group_name.value = code, "Wijkteam Zuid"
    for i, n in enumerate(names):
        add(v, n, years=1 + 4 * i)
    add(v, "Tess", level="coordinator", years=20, begeleider=True)


def test_save_and_open_round_trip_through_the_widgets(store_factory):
    """What the trainer types is stored as one Group and comes back into every field when opened."""
    v = GroupView(AppState(lang="nl"), store_factory)
    fill(v)
    add(v, "Fenna", level="leidinggevende", years=9, manages="Ans")
    v.goal.value = "Grenzen stellen"
    v.parts["room"].value = "Zaal 2"
    v.agreed.value = dt.date(2030, 2, 1)
    v.save_button.click()
    assert "Groep WIJK-ZUID is bewaard (7 leden)" in plain(v.status.value)
    stored = store_factory().load_group("WIJK-ZUID")
    assert stored.names == ("Ans", "Bram", "Cem", "Dewi", "Eva", "Tess", "Fenna")
    assert stored.begeleider == "Tess" and stored.member("Fenna").manages == "Ans"
    assert stored.goal == "Grenzen stellen" and stored.contract.room == "Zaal 2"
    assert stored.contract_agreed == dt.date(2030, 2, 1) and stored.name == "Wijkteam Zuid"
    v2 = GroupView(AppState(lang="en"), store_factory)
    assert v2.stored.options == (("WIJK-ZUID – Wijkteam Zuid (7 members)", "WIJK-ZUID"),)
    v2.open_button.click()
    assert v2.state.group == stored and "has been opened" in v2.open_status.value
    assert (v2.code.value, v2.group_name.value, v2.goal.value) == ("WIJK-ZUID", "Wijkteam Zuid", "Grenzen stellen")
    assert v2.parts["room"].value == "Zaal 2" and v2.agreed.value == dt.date(2030, 2, 1)
    assert [r.begeleider.value for r in v2.editor.rows] == [False] * 5 + [True, False]


def test_the_query_string_opens_the_group(store_factory, monkeypatch, tmp_path):
    """app.group() with ?group=CODE opens that stored group; an unknown code starts a new group with it."""
    store_factory().save_group(Group((Member("Ans"), Member("Bram")), code="WIJK-ZUID"))
    monkeypatch.setenv("INTERVISIE_DB_URL", store_factory().url)
    monkeypatch.setenv("QUERY_STRING", "group=wijk-zuid&lang=en")
    page = app_module.group()
    code = next(x for x in walk(page) if "ik-group-code" in getattr(x, "_dom_classes", ()))
    rows = [x for x in walk(page) if "ik-member-row" in getattr(x, "_dom_classes", ())]
    assert code.value == "WIJK-ZUID" and len(rows) == 2
    monkeypatch.setenv("QUERY_STRING", "group=NIEUW")
    page = app_module.group()
    code = next(x for x in walk(page) if "ik-group-code" in getattr(x, "_dom_classes", ()))
    status = next(x for x in walk(page) if "ik-group-open-status" in getattr(x, "_dom_classes", ()))
    assert code.value == "NIEUW" and "nog geen groep met de code 'NIEUW'" in plain(status.value)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def test_delete_asks_first_and_only_deletes_after_yes(store_factory):
    """Delete shows a question that says evaluations stay; No keeps the group, Yes forgets its members."""
    store = store_factory()
    store.save_group(Group((Member("Ans"), Member("Bram")), "Leren", "WIJK-ZUID"))
    store.submit("WIJK-ZUID", 1, "deelnemer", "vos", {"veiligheid": 4})
    v = GroupView(AppState(lang="nl"), store_factory, group="WIJK-ZUID")
    assert v.confirm_box.layout.display == "none"
    v.delete_button.click()
    assert v.confirm_box.layout.display is None
    question = plain(v.confirm_text.value)
    assert "Groep WIJK-ZUID echt verwijderen?" in question and "evaluaties blijven" in question
    assert store.load_group("WIJK-ZUID").names == ("Ans", "Bram")
    v.no_button.click()
    assert v.confirm_box.layout.display == "none" and store.load_group("WIJK-ZUID").names == ("Ans", "Bram")
    v.delete_button.click()
    v.yes_button.click()
    assert store.load_group("WIJK-ZUID").members == () and store.load_group("WIJK-ZUID").goal == ""
    assert len(store.responses("WIJK-ZUID")) > 0
    assert "is verwijderd" in v.status.value and v.state.group.members == () and v.code.value == ""


def test_a_duplicate_member_is_refused_with_the_message_and_the_input_stays(store_factory):
    """Adding a name that is already in the group (case ignored) names it and keeps what was typed."""
    v = GroupView(AppState(lang="en"), store_factory)
    add(v, "Ans de Vries", years=3)
    add(v, "ans  de vries", years=7)
    assert "'ans de vries' is already in the group" in plain(v.add_warning.value)
    assert v.name.value == "ans  de vries" and v.years.value == 7 and v.state.group.names == ("Ans de Vries",)


@pytest.mark.parametrize("n, words", [(0, "Add at least one member first"), (40, "at most 20 can be saved")])
def test_a_group_of_0_or_40_members_is_not_saved(store_factory, n, words):
    """No members or 40 members: a clear message, nothing is stored and the page keeps the members."""
    v = GroupView(AppState(lang="en"), store_factory)
    v.code.value = "GROOT"
    v.state.group = Group(tuple(Member(f"P{i}") for i in range(n)), code="GROOT")
    v.save_button.click()
    assert words in plain(v.status.value) and 'role="alert"' in v.status.value
    assert store_factory().load_group("GROOT") is None and len(v.state.group.members) == n


def test_removing_a_member_with_attendance_is_refused_by_the_store(store_factory):
    """The store's refusal is shown; the stored member stays and the page keeps the edited list."""
    store = store_factory()
    store.save_group(Group((Member("Ans"), Member("Bram"), Member("Cem")), code="WIJK-ZUID"))
    store.record_meeting("WIJK-ZUID", MeetingRecord(1, "vier-fasen", "in-person", START,
                                                    START + dt.timedelta(minutes=90), ("Ans", "Bram")))
    v = GroupView(AppState(lang="nl"), store_factory, group="WIJK-ZUID")
    v.editor.rows[1].remove.click()  # Bram, who was present
    v.save_button.click()
    assert "Bram was bij 1 vastgelegde bijeenkomst(en)" in plain(v.status.value)
    assert store.load_group("WIJK-ZUID").names == ("Ans", "Bram", "Cem") and v.state.group.names == ("Ans", "Cem")


def test_a_new_group_cannot_take_the_code_of_a_stored_one(store_factory):
    """Saving a new group under the code of a stored group with members is refused; that group stays."""
    store_factory().save_group(Group((Member("Ans"),), code="WIJK-ZUID"))
    v = GroupView(AppState(lang="nl"), store_factory)
    v.code.value = "wijk-zuid"
    add(v, "Zoë")
    v.save_button.click()
    assert "Er is al een groep met de code WIJK-ZUID" in plain(v.status.value)
    assert store_factory().load_group("WIJK-ZUID").names == ("Ans",)


def test_an_opened_group_keeps_its_code_instead_of_being_copied(store_factory):
    """Changing the code of an opened group and saving is refused with the reason; no second group appears."""
    store_factory().save_group(Group((Member("Ans"), Member("Bram")), code="WIJK-ZUID"))
    v = GroupView(AppState(lang="nl"), store_factory)
    v.code.value = "WIJK-ZUID"
    v.open_button.click()
    assert v.state.loaded_code == "WIJK-ZUID"
    v.code.value = "WIJK-NOORD"
    v.save_button.click()
    assert "De code van de bewaarde groep WIJK-ZUID blijft WIJK-ZUID" in plain(v.status.value)
    assert store_factory().load_group("WIJK-NOORD") is None
    assert store_factory().load_group("WIJK-ZUID").names == ("Ans", "Bram")
    v.code.value = "wijk-zuid"
    add(v, "Cem")
    v.save_button.click()
    assert store_factory().load_group("WIJK-ZUID").names == ("Ans", "Bram", "Cem")


def test_a_store_error_is_a_message_and_nothing_typed_is_lost(store_factory):
    """When saving fails in the database the page says so in the user's language and keeps every field."""
    class Broken(Store):
        def save_group(self, group):
            raise StoreUnavailable("db", "offline")

    url = store_factory().url
    v = GroupView(AppState(lang="en"), lambda: Broken(url))
    fill(v)
    v.goal.value = "Leren"
    v.save_button.click()
    assert "Saving, opening or deleting failed" in plain(v.status.value) and "offline" in plain(v.status.value)
    assert v.code.value == "WIJK-ZUID" and v.goal.value == "Leren" and len(v.state.group.members) == 6


def test_change_a_member_in_place(store_factory):
    """'Change' puts a member in the inputs; saving the change keeps the position and renames who they manage."""
    v = GroupView(AppState(lang="nl"), store_factory)
    add(v, "Ans")
    add(v, "Bram", level="leidinggevende", manages="Ans")
    add(v, "Cem")
    v.editor.rows[0].edit.click()
    assert v.name.value == "Ans" and v.add_button.description == "Wijziging opslaan"
    v.name.value, v.years.value = "Ans B.", 12
    v.add_button.click()
    assert v.state.group.names == ("Ans B.", "Bram", "Cem") and v.state.group.member("Ans B.").years == 12
    assert v.state.group.member("Bram").manages == "Ans B." and v.add_button.description == "Toevoegen"


def test_the_begeleider_is_one_member_and_not_part_of_the_composition_checks(store_factory):
    """Ticking a second begeleider moves the tick; the begeleider's level and the group size count only participants."""
    v = GroupView(AppState(lang="nl"), store_factory)
    for i, n in enumerate(("Ans", "Bram", "Cem", "Dewi", "Eva")):
        add(v, n, years=1 + 4 * i)
    add(v, "Tess", level="directie", years=20)
    add(v, "Ugo", level="directie", years=20)
    assert "Tess en Ugo staan hoger" in plain(v.checks.value)  # two members higher in the hierarchy, both counted
    v.editor.rows[5].begeleider.value = True
    v.editor.rows[6].begeleider.value = True
    assert v.state.group.begeleider == "Ugo" and [m.begeleider for m in v.state.group.members].count(True) == 1
    assert "Tess staat hoger" in plain(v.checks.value) and "Ugo" not in plain(v.checks.value)


def test_the_page_says_names_are_a_first_name_or_a_code(store_factory):
    """The members card tells the trainer a name may be a first name or a code, their choice, in both languages."""
    v = GroupView(AppState(lang="nl"), store_factory)
    assert "voornaam of een code" in v.editor.heading.value and "kies je zelf" in v.editor.heading.value
    v.app.lang = "en"
    assert "first name or a code" in v.editor.heading.value and isinstance(v.agreed, w.DatePicker)
