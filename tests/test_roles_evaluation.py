"""Issue 11 point 4: the three roles evaluated per method (seed 003), more than one role per person.

The session form's items per role and method (no advice item without an advice step, feedback
on the gespreksleider / begeleider by the others, the three-part process reflection), storage
of one response per role (migration 6, SQLite and PostgreSQL), import, ``forms --json``, the
widget page and the participant phone page with two roles in vier-fasen.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store, store_url  # noqa: F401
from test_migrations import fill_version_1, run_upgrade, urls  # noqa: F401
from test_participant_routes import Site, alerts, running, tx

from intervisie_widgets import catalog
from intervisie_widgets.catalog import forms
from intervisie_widgets.cli import main
from intervisie_widgets.engines import analysis
from intervisie_widgets.engines.answers import AnswerError, check_roles, split_answers
from intervisie_widgets.exchange import importing
from intervisie_widgets.exchange.export import export_frame
from intervisie_widgets.state import AppState
from intervisie_widgets.storage import AlreadySubmitted, Store, count_rows, migrations, participant_key, schema
from intervisie_widgets.views.evaluation_form import EvaluationFormView

FORM = forms.session_form()
METHODS = catalog.methods()
REFLECTION = ("volgende_keer", "proces_hetzelfde", "proces_beter")


def by_id(method_id: str):
    return next(m for m in METHODS if m.id == method_id)


# --------------------------------------------------------------------------- the form per method
def about_advice(item) -> bool:
    """True for an item that asks about the advice round (by its condition or by its words)."""
    return "advice" in item.when or "adviesronde" in item.text.nl.lower() or "advice round" in item.text.en.lower()


def test_both_kinds_of_method_are_in_the_catalog():
    """The per-method advice test below sees methods with and without an advice step (else it proves nothing)."""
    kinds = {any(s.advice_allowed for s in m.steps) for m in METHODS}
    assert kinds == {True, False}


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.id)
def test_no_role_gets_an_advice_item_in_a_method_without_an_advice_step(method):
    """Items about the advice round appear exactly where the method has an advice step, for every role."""
    has_advice = any(s.advice_allowed for s in method.steps)
    for role in FORM.role_ids:
        items = FORM.items_for(role, method)
        advice = [i.id for i in items if about_advice(i)]
        if has_advice:  # the inbrenger took the advice, the deelnemer held it back, the leader kept the round
            assert advice, (method.id, role)
        else:
            assert advice == [], (method.id, role)
        assert ("advies_bewaard" in {i.id for i in items}) == (has_advice and role == "deelnemer")
        assert ("geen_advies" in {i.id for i in items}) == (not has_advice and role == "deelnemer")


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.id)
def test_the_others_rate_the_one_who_led_and_everyone_reflects_in_three_parts(method):
    """Inbrenger and deelnemer rate the gespreksleider / begeleider; the leader does not rate itself; every role gets the three process questions."""
    leader = {i.id for i in FORM.items if i.about == "leader"}
    assert leader == {"leider_meta", "leider_ruimte", "leider_sfeer", "leider_tip"}
    for role in ("inbrenger", "deelnemer"):
        assert leader <= {i.id for i in FORM.items_for(role, method)}
    assert not leader & {i.id for i in FORM.items_for("begeleider", method)}
    for role in FORM.role_ids:
        got = {i.id: i for i in FORM.items_for(role, method)}
        assert all(got[r].type == "text" for r in REFLECTION)
    texts = [FORM.item(r).text.nl for r in REFLECTION]
    assert [("anders" in t, "hetzelfde" in t, "beter" in t) for t in texts] == [
        (True, False, False), (False, True, False), (False, False, True)]


def test_method_conditions_follow_the_steps_and_the_method_list():
    """question_set, inbrenger_absent and methods: [...] items appear only where the method says so."""
    asked = {m.id: {i.id for r in FORM.role_ids for i in FORM.items_for(r, m)} for m in METHODS}
    # the methods whose steps use a question set, or send the inbrenger out (turned away or listening)
    assert {m for m, got in asked.items() if "vragenset_ingebracht" in got} == {"vijf-vragen"}
    assert {m for m, got in asked.items() if "inbreng_afstand" in got} == {
        "negen-stappen", "incidentmethode", "roddelmethode", "troika"}
    assert {m for m, got in asked.items() if "succesfactoren" in got} == {"succesmethode"}
    unknown = {i.id for r in FORM.role_ids for i in FORM.items_for(r, None)}
    assert not unknown & {"advies_bewaard", "geen_advies", "succesfactoren", "inbreng_afstand"}
    assert {"veiligheid", "leider_meta", *REFLECTION} <= unknown


def test_retired_items_keep_their_answers_but_are_never_asked():
    """ingegrepen and gehoord stay in the form (import, export, charts) but no meeting asks them."""
    for item_id in ("ingegrepen", "gehoord"):
        assert FORM.item(item_id).retired
        assert all(item_id not in {i.id for i in FORM.items_for(r, m)} for m in [*METHODS, None]
                   for r in FORM.role_ids)
    assert "ingegrepen" in {i.id for i in FORM.items_for("begeleider")}  # every item, for stored answers
    assert "ingegrepen" not in FORM.common_scale_items() and "veiligheid" in FORM.common_scale_items()


def test_methods_named_by_items_exist_and_role_names_follow_the_glossary():
    """Every method an item names is in the catalog; the roles are named as docs/glossary.md says."""
    named = {m for i in FORM.items for m in (i.methods or ())}
    assert named and named <= {m.id for m in METHODS}
    assert [(r.name.nl, r.name.en) for r in FORM.roles] == [
        ("Inbrenger", "Case presenter"), ("Deelnemer", "Participant"),
        ("Gespreksleider / begeleider", "Chair / supervisor")]


def test_only_methods_that_give_turns_let_one_person_hold_two_roles():
    """vier-fasen and troika (several rounds) allow inbrenger + deelnemer; a single-case method and no method do not."""
    both = ("inbrenger", "deelnemer")
    assert {m.id for m in METHODS if FORM.allows_roles(both, m)} == {"vier-fasen", "troika"}
    assert not [m.id for m in METHODS if FORM.allows_roles(("deelnemer", "begeleider"), m)]
    assert not FORM.allows_roles(both, None)
    with pytest.raises(AnswerError) as refused:
        check_roles(FORM, both, by_id("vijf-vragen"))
    assert refused.value.key == "roles_not_allowed" and "inbrenger + deelnemer" in refused.value.message("en")


def test_answers_of_two_roles_are_split_each_item_once():
    """A vier-fasen person's common and leader items go with the inbrenger response, the deelnemer items with the deelnemer one."""
    answers = {"veiligheid": 4, "inbreng_vraag": 5, "open_vragen": 3, "leider_meta": 4, "proces_beter": "tijd"}
    split = split_answers(FORM, ["deelnemer", "inbrenger"], answers, by_id("vier-fasen"))
    assert split == {"inbrenger": {"veiligheid": 4, "inbreng_vraag": 5, "leider_meta": 4, "proces_beter": "tijd"},
                     "deelnemer": {"open_vragen": 3}}
    with pytest.raises(AnswerError):
        split_answers(FORM, ["deelnemer"], {"meta_positie": 3}, by_id("vier-fasen"))


@pytest.mark.parametrize("change, field", [
    (lambda d: d.update(turn_roles="inbrenger"), "turn_roles"),
    (lambda d: d["items"][0].update(about="leader"), "items[1].roles"),
    (lambda d: d["items"][0].update(methods=[]), "items[1].methods"),
])
def test_bad_new_keys_name_the_file_and_field(change, field):
    """A wrong turn_roles, about or methods leaves the form out with a problem at its field."""
    data = yaml.safe_load(catalog.CONTENT.joinpath("forms/sessie.yaml").read_text(encoding="utf-8"))
    change(data)
    cat = forms.build_forms([("mijn-form.yaml", yaml.safe_dump(data, allow_unicode=True))])
    assert cat.forms == () and [(p.file, p.field) for p in cat.problems] == [("mijn-form.yaml", field)]


# --------------------------------------------------------------------------- storage
def plan(s: Store, method: str, group: str = "G1", number: int = 2) -> None:
    s.save_plan(group, [{"number": number, "method": method}])


def test_a_vier_fasen_person_stores_two_roles_and_one_resubmission_leaves_one(store):
    """Both roles give two responses; resubmitting as deelnemer only replaces both with one."""
    plan(store, "vier-fasen")
    assert store.meeting_method("G1", 2) == "vier-fasen"
    both = {"inbrenger": {"veiligheid": 4, "inbreng_vraag": 5}, "deelnemer": {"open_vragen": 3}}
    first = store.submit_roles("G1", 2, "Kees", both)
    assert len(first.response_ids) == 2 and not first.replaced
    rows = store.responses("G1")
    assert sorted(set(zip(rows["role"], rows["item"]))) == [
        ("deelnemer", "open_vragen"), ("inbrenger", "inbreng_vraag"), ("inbrenger", "veiligheid")]
    assert rows["participant"].nunique() == 1
    with pytest.raises(AlreadySubmitted):
        store.submit_roles("G1", 2, "Kees", {"deelnemer": {"open_vragen": 5}})
    again = store.submit_roles("G1", 2, "Kees", {"deelnemer": {"open_vragen": 5}}, replace=True)
    assert again.replaced and count_rows(store, "ik_responses") == 1
    assert store.responses("G1")[["role", "item", "score"]].values.tolist() == [["deelnemer", "open_vragen", 5]]


def test_counts_are_of_people_not_of_responses(store):
    """Three people in two roles each: three respondents in the facts, the join count and the response rate."""
    plan(store, "vier-fasen")
    for who in ("a", "b", "c"):
        store.submit_roles("G1", 2, who, {"inbrenger": {"veiligheid": 4}, "deelnemer": {"open_vragen": 3}})
    assert count_rows(store, "ik_responses") == 6
    facts = store.session_facts("G1")
    assert facts.loc[facts["session"] == 2, "responses"].tolist() == [3]
    assert store.session_response_count("G1", 2) == 3
    df = analysis.prepare(store.responses("G1"))
    assert analysis.response_rate(df)["respondents"].tolist() == [3]
    per_item = analysis.summarise(df, ["item"], min_group=3).set_index("item")
    assert per_item.loc["veiligheid", "n"] == 3 and per_item.loc["open_vragen", "respondents"] == 3
    assert not per_item["suppressed"].any()
    assert analysis.summarise(df, ["item"], min_group=4)["suppressed"].all()  # 3 people, not 6 responses


def test_version_5_database_upgrades_to_one_response_per_role(urls):  # noqa: F811
    """Migration 6 keeps every row of a version-5 database (answers too: SQLite rebuilds the table) and then allows a second role."""
    url, _ = urls
    assert run_upgrade(url, target=5) == [1, 2, 3, 4, 5]
    before = fill_version_1(url)  # ik_responses and ik_answers are unchanged from version 1 to 5
    with Store(url) as s:
        assert s.schema_version() == migrations.LATEST
        with s.engine.connect() as conn:
            for table in ("ik_responses", "ik_answers"):
                assert sorted(map(tuple, conn.execute(schema.metadata.tables[table].select()))) == before[table]
        key = participant_key("G", "Sam")  # the key of the stored response, passed as it is
        with pytest.raises(AlreadySubmitted):
            s.submit_roles("G", 1, key, {"inbrenger": {"veiligheid": 5}})
        s.submit_roles("G", 1, key, {"deelnemer": {"veiligheid": 4}, "inbrenger": {"inbreng_vraag": 5}}, replace=True)
        assert sorted(s.responses("G")["role"]) == ["deelnemer", "inbrenger"]


def test_import_allows_one_row_per_role_and_refuses_a_repeated_role(tmp_path, sqlite_url):  # noqa: F811
    """Two rows of one person in two roles import; the same role twice is a duplicate row."""
    header = ["group", "session", "role", "participant", "form", "veiligheid", "open_vragen"]
    rows = [["G", "1", "inbrenger", "p1", "sessie", "4", ""], ["G", "1", "deelnemer", "p1", "sessie", "", "3"]]

    def write(name, data):
        buf = io.StringIO()
        csv.writer(buf).writerows([header, *data])
        (tmp_path / name).write_text(buf.getvalue(), encoding="utf-8")
        return tmp_path / name
    with Store(sqlite_url) as s:
        assert importing.import_file(s, write("ok.csv", rows)) == 2
        frame = export_frame(s)
        assert frame["role"].tolist() == ["deelnemer", "inbrenger"] and frame["participant"].nunique() == 1
        with pytest.raises(importing.ImportProblems) as dup:
            importing.check_file(write("dup.csv", [*rows, rows[1]]))
        assert [(p[0], p[2]) for p in dup.value.problems] == [(4, "duplicate_row")]


# --------------------------------------------------------------------------- cli
def test_forms_json_shows_items_per_role_and_per_method(capsys):
    """`intervisie forms --json` gives every form, its items per role and per method the role sets and items."""
    assert main(["forms", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["id"] for f in data["forms"]] == [f.id for f in forms.catalog().forms]
    session = next(f for f in data["forms"] if f["kind"] == "session")
    assert set(session["items_per_role"]) == set(FORM.role_ids)
    assert "ingegrepen" not in session["items_per_role"]["begeleider"]
    vier, vijf = session["per_method"]["vier-fasen"], session["per_method"]["vijf-vragen"]
    assert ["inbrenger", "deelnemer"] in vier["role_sets"] and ["inbrenger", "deelnemer"] not in vijf["role_sets"]
    assert "advies_bewaard" in vier["items"]["deelnemer"] and "advies_bewaard" not in vijf["items"]["deelnemer"]
    assert "vragenset_ingebracht" in vijf["items"]["begeleider"]
    leader = next(i for i in session["items"] if i["id"] == "leider_meta")
    assert leader["about"] == "leader" and leader["roles"] == ["deelnemer", "inbrenger"]


# --------------------------------------------------------------------------- the widget page
def test_widget_page_follows_the_method_and_takes_two_roles(tmp_path):
    """In a vier-fasen meeting a person ticks inbrenger and deelnemer, sees both parts and stores two responses."""
    s = Store(f"sqlite:///{tmp_path / 'ik.sqlite'}")
    plan(s, "vier-fasen")
    plan(s, "vijf-vragen", group="G2")
    view = EvaluationFormView(AppState(lang="nl"), lambda: s)
    view.group.value, view.session.value, view.pseudonym.value = "G2", 2, "Kees"
    view.role_boxes["inbrenger"].value = True
    view.role_boxes["deelnemer"].value = True  # vijf-vragen: the second role replaces the first
    assert view.state.roles == ["deelnemer"] and "geen_advies" in view.item_widgets
    view.group.value = "G1"
    assert "Vierfasenmodel" in view.method_note.value and "advies_bewaard" in view.item_widgets
    view.role_boxes["inbrenger"].value = True
    assert view.state.roles == ["inbrenger", "deelnemer"]
    assert {"inbreng_vraag", "open_vragen", "leider_meta"} <= set(view.item_widgets)
    headings = [c.value for c in view.items_box.children if "ik-evaluation-part" in c._dom_classes]
    assert len(headings) == 5 and "inbrenger" in headings[1] and "deelnemer" in headings[2]
    view.item_widgets["inbreng_vraag"].value = 4
    view.item_widgets["open_vragen"].value = 5
    view.submit_button.click()
    assert view.state.status == "saved"
    assert sorted(s.responses("G1")["role"]) == ["deelnemer", "inbrenger"]
    s.close()


# --------------------------------------------------------------------------- the participant page
@pytest.fixture
def vier_fasen_site(tmp_path):
    """The participant site with meeting 2 planned as vier-fasen and meeting 3 as vijf-vragen."""
    site = Site(tmp_path)
    site.store.save_plan("Team Noord", [{"number": 2, "method": "vier-fasen"}, {"number": 3, "method": "vijf-vragen"}])
    with running(site.participants) as (base, _):
        site.base = base
        yield site
    site.store.close()


def test_phone_page_offers_both_roles_in_vier_fasen_and_stores_two(vier_fasen_site):
    """The choice page links to inbrenger + deelnemer; a POST with both roles stores two responses."""
    site = vier_fasen_site
    choice = site.get(site.code_path())
    assert "evaluatie?role=inbrenger%2Cdeelnemer" in choice.text and "Inbrenger en deelnemer" in choice.text
    form = site.get(site.code_path("evaluatie") + "?role=inbrenger%2Cdeelnemer")
    assert form.status_code == 200 and 'name="inbreng_vraag"' in form.text and 'name="open_vragen"' in form.text
    assert 'name="advies_bewaard"' in form.text and "Vierfasenmodel" in form.text
    r = site.post(site.code_path("evaluatie"), site.fields(role="inbrenger,deelnemer", veiligheid="4",
                                                           inbreng_vraag="5", open_vragen="3"))
    assert r.status_code == 303 and r.headers["Location"].endswith("?wat=evaluatie&n=3")
    rows = site.store.responses("Team Noord")
    assert sorted(set(zip(rows["role"], rows["item"]))) == [
        ("deelnemer", "open_vragen"), ("inbrenger", "inbreng_vraag"), ("inbrenger", "veiligheid")]
    again = site.post(site.code_path("evaluatie"), site.fields(role="deelnemer", open_vragen="4", **{"ik-confirm": "replace"}))
    assert again.status_code == 303 and site.responses() == 1


def test_phone_post_with_roles_the_method_does_not_allow_stores_nothing(vier_fasen_site):
    """Two roles in a vijf-vragen meeting, or deelnemer + begeleider in vier-fasen: a 400 with the reason, nothing stored."""
    site = vier_fasen_site
    other = site.store.create_join("Team Noord", 3)
    r = site.post(site.code_path("evaluatie", join=other) + "?lang=en",
                  site.fields(join=other, role="inbrenger,deelnemer", veiligheid="4"))
    assert r.status_code == 400
    assert alerts(r.text) == [tx("evaluation.roles_not_allowed", "en", roles="inbrenger + deelnemer",
                                 allowed="inbrenger; deelnemer; begeleider")]
    mixed = site.post(site.code_path("evaluatie"), site.fields(role="deelnemer,begeleider", veiligheid="4"))
    assert mixed.status_code == 400 and "deelnemer + begeleider" in alerts(mixed.text)[0]
    assert site.responses() == 0

