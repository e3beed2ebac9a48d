"""Preparation checklists (issue 11): the content file, its loader, and where the checklist shows."""
from __future__ import annotations

import html
import io
import json
import re

import pytest
import yaml
from pypdf import PdfReader
from widgetkit import find

from intervisie_widgets import catalog
from intervisie_widgets.catalog import preparation
from intervisie_widgets.cli import main
from intervisie_widgets.model.session import Roles
from intervisie_widgets.render import handout
from intervisie_widgets.state import AppState
from intervisie_widgets.views.facilitator import FacilitatorView
from intervisie_widgets.views.methods import MethodsView


def plain(s: str) -> str:
    """The text of an HTML fragment, tags removed and spaces squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", s)).split())


def texts(checklist, lang="nl") -> list[str]:
    return [i.text.get(lang) for i in checklist.items]


def _file(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _good_item(**extra) -> dict:
    return {"id": "x", "group": "room", "text": {"nl": "Een zaal.", "en": "A room."},
            "source": {"nl": "Seed 002.", "en": "Seed 002."}, **extra}


# --------------------------------------------------------------------------- the content
def test_the_packaged_file_loads_without_problems():
    """The packaged preparation file loads with no error or warning (every text in nl and en)."""
    assert preparation.catalog().problems == ()


@pytest.mark.parametrize("method_id", catalog.method_catalog().ids)
def test_every_method_and_variant_has_a_checklist_with_its_own_items(method_id):
    """Every method's checklist holds the general items and at least one item of the method's own, in every variant."""
    entry_ids = {e.id for e in preparation.catalog().entries}
    assert method_id in entry_ids
    own = {i.id for i in preparation.catalog().items_of(method_id)}
    for v in catalog.method(method_id).variants:
        cl = catalog.checklist(method_id, v.id)
        ids = {i.id for i in cl.items}
        assert "uitleg-werkwijze" in ids, "the short explanation of how we work is on every checklist"
        assert ids & own, f"{method_id}/{v.id} shows none of its own items"


def test_every_item_names_a_source_or_says_what_was_added():
    """Each item has a source, or is reconstructed with a note; never neither."""
    for entry in preparation.catalog().entries:
        for item in entry.items:
            assert (item.source is not None) != item.reconstructed, item.id
            assert not item.reconstructed or item.note is not None, item.id


def test_vijf_vragen_lists_post_its_pens_and_the_flip_over():
    """Seed 002's materials are on the vijf-vragen checklist under room and materials."""
    cl = catalog.checklist("vijf-vragen")
    room = " ".join(i.text.nl for g, items in cl.grouped() if g == "room" for i in items)
    assert "Post-its en pennen" in room and "flip-over" in room and "rustige" in room
    assert "Post-its" not in " ".join(texts(catalog.checklist("vier-fasen", "in-person"))), "not a vier-fasen item"


def test_vier_fasen_online_lists_the_questions_the_conditions_and_geen_werkoverleg():
    """Online vier-fasen shows seed 004's three preparation questions, 'geen werkoverleg', the five topics and the online conditions."""
    cl = catalog.checklist("vier-fasen", "online")
    shown = " ".join(texts(cl))
    for q in ("Over welke vraag of welk dilemma", "Wat wil je bereiken", "Wat heb je er tot nu toe al aan gedaan"):
        assert q.lower() in shown.lower()
    assert "geen werkoverleg" in shown
    for topic in ("vakinhoud", "beroepsethiek", "vitaliteit", "communicatie", "inclusiviteit"):
        assert f"Onderwerp {topic}" in shown
    online = " ".join(i.text.nl for g, items in cl.grouped() if g == "online" for i in items)
    for condition in ("eigen rustige", "webcam", "stabiele internetverbinding", "app", "webversie",
                      "niet opgenomen", "AVG"):
        assert condition in online, condition


def test_online_items_stay_off_an_in_person_checklist():
    """In person there is no online group; online there is no item meant for the room only."""
    in_person = catalog.checklist("vier-fasen", "in-person")
    assert "online" not in dict(in_person.grouped())
    online = catalog.checklist("vier-fasen", "online")
    assert "rustige-ruimte" not in {i.id for i in online.items}
    assert "rustige-ruimte" in {i.id for i in in_person.items}


def test_not_recording_is_marked_as_our_addition():
    """Seed 004 does not mention recording, so 'not recorded' is a reconstruction with a note saying so."""
    item = catalog.checklist("vier-fasen", "online").item("niet-opnemen")
    assert item.reconstructed and item.source is None
    assert "Seed 004 zegt niets over opnemen" in item.note.nl


# --------------------------------------------------------------------------- bad files
def test_invalid_yaml_names_the_file_and_the_line():
    """A syntax error is a problem naming the file and its line; nothing of the file is used."""
    broken = "general:\n  - id: x\n    group: room\n   text: kapot\n"
    cat = preparation.build_preparation([("mijn/voorbereiding.yaml", broken)])
    [problem] = cat.problems
    assert problem.file == "mijn/voorbereiding.yaml" and problem.field == "line 4"
    assert cat.entries == ()


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"methods": {"vijf-vragen": [_good_item(group="keuken")]}}, "methods.vijf-vragen[1].group", "unknown group"),
    ({"methods": {"bestaat-niet": [_good_item()]}}, "methods.bestaat-niet", "unknown method"),
    ({"general": [{k: v for k, v in _good_item().items() if k != "source"}]}, "general[1].source", "is missing"),
    ({"general": [_good_item(source=None, reconstructed=True)]}, "general[1].note", "says what was added"),
    ({"general": [_good_item(formats=["buiten"])]}, "general[1].formats", "unknown value"),
    ({"general": [_good_item(), _good_item()]}, "general[2].id", "duplicate item id"),
    ({"general": [_good_item()], "extra": 1}, "extra", "unknown field"),
])
def test_a_bad_field_names_the_file_and_the_field(data, field, words):
    """A wrong field is a problem naming the file and the field path, with what is wrong."""
    cat = preparation.build_preparation([("mijn/voorbereiding.yaml", _file(data))])
    [problem] = cat.problems
    assert (problem.file, problem.field) == ("mijn/voorbereiding.yaml", field)
    assert words in problem.message


def test_a_trainer_entry_replaces_the_packaged_one_for_that_method_only(tmp_path, monkeypatch):
    """$INTERVISIE_CONTENT_DIR/preparation.yaml replaces the entries it names; the others stay."""
    (tmp_path / "preparation.yaml").write_text(_file({"methods": {"vijf-vragen": [_good_item(id="eigen")]}}),
                                               encoding="utf-8")
    monkeypatch.setenv(catalog.CONTENT_DIR_ENV, str(tmp_path))
    cat = preparation.build_preparation(preparation.sources())
    assert [i.id for i in cat.items_of("vijf-vragen")] == ["eigen"]
    assert cat.items_of("vier-fasen") == preparation.catalog().items_of("vier-fasen")
    assert cat.problems == ()


# --------------------------------------------------------------------------- where it shows
def test_the_walkthrough_shows_the_checklist_grouped_and_follows_the_variant():
    """The walkthrough shows room, people and online groups, and switching to online shows the online conditions."""
    view = MethodsView(AppState(lang="nl"), "vier-fasen")
    online = find(view.widget, "ik-methods-preparation-online")
    assert online.layout.display == "none" and online.value == ""
    assert "Ruimte en materialen" in find(view.widget, "ik-methods-preparation-room").value
    view.variant.value = "online"
    assert view.state.checklist.online
    assert "webcam" in online.value and online.layout.display is None
    assert "geen werkoverleg" in find(view.widget, "ik-methods-preparation-people").value


def test_the_walkthrough_marks_reconstructed_items_and_follows_the_language():
    """A reconstructed item carries the badge and what was added; in English the checklist is English."""
    app = AppState(lang="nl")
    view = MethodsView(app, "kernmodel")
    room = find(view.widget, "ik-methods-preparation-room").value
    assert 'class="ik-prep-item ik-prep-reconstructed" data-item="kern-flip-over"' in room
    assert "Reconstructie</span> Toegevoegd:" in room
    app.lang = "en"
    assert "Room and materials" in find(view.widget, "ik-methods-preparation-room").value
    view.select.value = "vijf-vragen"
    assert "Post-its and pens" in find(view.widget, "ik-methods-preparation-room").value


def test_the_html_handout_has_the_checklist_with_sources():
    """The HTML handout lists the checklist items with their sources and the reconstructed badge."""
    doc = plain(handout.handout_html(catalog.method("vier-fasen"), "nl", "online"))
    assert "Voorbereiding en benodigdheden" in doc and "Intervisie is geen werkoverleg" in doc
    assert "Bron: Seed 004, voorbereiding." in doc
    assert "Reconstructie Toegevoegd: Seed 004 zegt niets over opnemen" in doc


def test_the_pdf_handout_keeps_the_method_on_page_one_and_the_checklist_on_page_two():
    """The PDF's first page is the method as before; the second page is the checklist with its sources."""
    m = catalog.method("vijf-vragen")
    pages = PdfReader(io.BytesIO(handout.handout_pdf(m, "nl"))).pages
    assert len(pages) == 2
    first, second = (" ".join(p.extract_text().split()) for p in pages)
    assert m.steps[-1].name.nl in first and "Voorbereiding en benodigdheden" not in first
    assert "Post-its en pennen" in second and "Bron: Seed 002, benodigdheden." in second


def test_the_projector_shows_the_checklist_until_the_meeting_starts():
    """Before the start the projector page shows the chosen format's checklist; once started it is hidden."""
    view = FacilitatorView(AppState(lang="nl"), "vier-fasen", clock=lambda: 0.0)
    panel = find(view.widget, "ik-session-preparation")
    assert panel.layout.display is None
    assert "webcam" not in find(panel, "ik-session-preparation-online").value
    view.setup.prefill(["Ana", "Bo", "Cem", "Dirk"], Roles(inbrenger="Ana"), "vier-fasen", "online")
    assert "webcam" in find(panel, "ik-session-preparation-online").value
    view.toggle_button.click()
    assert panel.layout.display == "none"


def test_cli_json_gives_the_preparation_per_variant(capsys):
    """`intervisie methods --json` gives each variant its checklist items with source or note."""
    assert main(["methods", "--json"]) == 0
    data = {m["id"]: m for m in json.loads(capsys.readouterr().out)}
    variants = {v["id"]: v for v in data["vier-fasen"]["variants"]}
    online = {i["id"]: i for i in variants["online"]["preparation"]}
    in_person = {i["id"] for i in variants["in-person"]["preparation"]}
    assert "verbinding" in online and "verbinding" not in in_person
    assert online["niet-opnemen"]["reconstructed"] and online["niet-opnemen"]["source"] is None
    assert online["vier-geen-werkoverleg"]["source"] == {"nl": "Seed 004, wat komt aan bod?",
                                                         "en": "Seed 004, what is discussed?"}
    assert all(v["preparation"] for m in data.values() for v in m["variants"])
