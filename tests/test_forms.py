"""Evaluation forms as content: the packaged files, a trainer's extra item, and broken files."""
from __future__ import annotations

import pytest
import yaml

from intervisie_widgets import catalog
from intervisie_widgets.catalog import forms
from intervisie_widgets.engines.answers import AnswerError, clean_answers

ROLES = ("inbrenger", "deelnemer", "begeleider")


def test_packaged_forms_load_cleanly():
    """Both packaged forms load without a single problem and cover the three roles."""
    cat = forms.build_forms(forms.sources())
    assert cat.problems == ()
    assert {f.kind for f in cat.forms} == {"session", "trajectory"}
    session = cat.of_kind("session")
    assert session.role_ids == ROLES
    core = {"veiligheid", "leeropbrengst", "procesbewaking", "kwaliteit_vragen", "rapportcijfer", "les", "les_gebruik"}
    for role in ROLES:
        assert core <= {i.id for i in session.items_for(role)}
    assert session.item("gehoord").roles == {"inbrenger"}
    assert session.item("advies_bewaard").roles == {"deelnemer"}
    assert session.item("meta_positie").roles == {"begeleider"}
    assert session.item("rapportcijfer").scale.max == 10 and session.item("veiligheid").scale.max == 5


def test_every_item_has_dutch_and_english():
    """Every item, role and short name has a distinct nl and en text (no silent fallback)."""
    for f in forms.catalog().forms:
        for item in f.items:
            assert item.text.nl and item.text.en and item.text.nl != item.text.en, item.id
            assert item.short is not None, item.id


def _session_with_extra_item() -> str:
    """The packaged session form plus one scale item ``energie``, as YAML."""
    data = yaml.safe_load(catalog.CONTENT.joinpath("forms/sessie.yaml").read_text(encoding="utf-8"))
    data["items"].append({"id": "energie", "type": "scale", "scale": "eens5", "roles": "all",
                          "short": {"nl": "Energie", "en": "Energy"},
                          "text": {"nl": "Ik ging met energie naar huis.", "en": "I went home energised."}})
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize("var, sub", [("INTERVISIE_CONTENT_DIR", "forms"), ("INTERVISIE_FORMS_DIR", "")],
                         ids=["content-dir", "deprecated-forms-dir"])
def test_trainer_adds_an_item(tmp_path, monkeypatch, var, sub):
    """A copy of the session form with one extra item in the trainer's forms folder replaces the packaged one."""
    folder = tmp_path / sub
    folder.mkdir(exist_ok=True)
    (folder / "sessie.yaml").write_text(_session_with_extra_item(), encoding="utf-8")
    monkeypatch.delenv("INTERVISIE_CONTENT_DIR", raising=False)
    monkeypatch.delenv("INTERVISIE_FORMS_DIR", raising=False)
    monkeypatch.setenv(var, str(tmp_path))
    cat = forms.build_forms(forms.sources())
    assert cat.problems == ()
    assert [f.id for f in cat.forms] == ["sessie", "traject"]
    assert cat.of_kind("session").item("energie").label("en") == "Energy"
    assert clean_answers(cat.of_kind("session"), "deelnemer", {"energie": 4}) == {"energie": 4}


def test_two_forms_with_one_id_from_the_same_place_are_an_error():
    """Two form files of the same origin with one id: the first counts, the second is an error naming both files."""
    raw = catalog.CONTENT.joinpath("forms/sessie.yaml").read_text(encoding="utf-8")
    cat = forms.build_forms([("eerste.yaml", raw), ("tweede.yaml", _session_with_extra_item())])
    assert [f.id for f in cat.forms] == ["sessie"] and "energie" not in {i.id for i in cat.forms[0].items}
    [problem] = cat.problems
    assert (problem.file, problem.field) == ("tweede.yaml", "id")
    assert "eerste.yaml" in problem.message and "duplicate form id 'sessie'" in problem.message


def test_broken_form_yaml_names_the_line():
    """A form file that is not valid YAML is reported with its file and line, like every other kind of content."""
    cat = forms.build_forms([("mijn-form.yaml", "id: x\nkind: session\n  roles: [a]\n")])
    assert cat.forms == ()
    [problem] = cat.problems
    assert (problem.file, problem.field) == ("mijn-form.yaml", "line 3")
    assert "not valid YAML" in problem.message


def _packaged() -> dict:
    return yaml.safe_load(catalog.CONTENT.joinpath("forms/sessie.yaml").read_text(encoding="utf-8"))


def _index(item_id: str) -> int:
    """The 1-based position of an item in the packaged session form (as problems name it)."""
    return [i["id"] for i in _packaged()["items"]].index(item_id) + 1


def _item(data: dict, item_id: str) -> dict:
    return next(i for i in data["items"] if i["id"] == item_id)


@pytest.mark.parametrize("change, field", [
    (lambda d: d["items"][0].update(type="slider"), "items[1].type"),
    (lambda d: d["items"][0].update(scale="eens7"), "items[1].scale"),
    (lambda d: d["items"][0].update(roles=["voorzitter"]), "items[1].roles"),
    (lambda d: d["items"][1].update(id="veiligheid"), "items[2].id"),
    (lambda d: d["items"][0].update(id="Veiligheid!"), "items[1].id"),
    (lambda d: d["scales"]["eens5"].update(min=5), "scales.eens5"),
    (lambda d: d.update(kind="weekly"), "kind"),
    (lambda d: _item(d, "les").pop("max_length"), f"items[{_index('les')}].max_length"),
    (lambda d: _item(d, "advies_bewaard").update(when=["adviesronde"]), f"items[{_index('advies_bewaard')}].when"),
    (lambda d: _item(d, "advies_bewaard").update(when=["advice", "no_advice"]),
     f"items[{_index('advies_bewaard')}].when"),
    (lambda d: _item(d, "succesfactoren").update(methods="succesmethode"), f"items[{_index('succesfactoren')}].methods"),
    (lambda d: _item(d, "succesfactoren").update(methods=["Succes Methode"]),
     f"items[{_index('succesfactoren')}].methods"),
    (lambda d: _item(d, "leider_meta").update(about="group"), f"items[{_index('leider_meta')}].about"),
    (lambda d: _item(d, "leider_meta").update(roles=["deelnemer", "begeleider"]), f"items[{_index('leider_meta')}].roles"),
    (lambda d: _item(d, "leider_meta").update(roles="all"), f"items[{_index('leider_meta')}].roles"),
    (lambda d: d.pop("leader_role"), f"items[{_index('leider_meta')}].about"),
    (lambda d: d.update(leader_role="voorzitter"), "leader_role"),
    (lambda d: d.update(turn_roles=["inbrenger"]), "turn_roles"),
    (lambda d: d.update(turn_roles=["inbrenger", "chef"]), "turn_roles"),
    (lambda d: _item(d, "gehoord").update(retired="ja"), f"items[{_index('gehoord')}].retired"),
])
def test_broken_form_is_reported_with_its_field(change, field):
    """A broken form file is left out and the problem names the file and the field."""
    data = yaml.safe_load(catalog.CONTENT.joinpath("forms/sessie.yaml").read_text(encoding="utf-8"))
    change(data)
    cat = forms.build_forms([("mijn-form.yaml", yaml.safe_dump(data, allow_unicode=True))])
    assert cat.forms == ()
    assert [(p.file, p.field) for p in cat.problems] == [("mijn-form.yaml", field)]


def test_item_ids_unique_over_forms():
    """A second form that reuses an item id of another form is refused."""
    raw = catalog.CONTENT.joinpath("forms/sessie.yaml").read_text(encoding="utf-8")
    other = raw.replace("id: sessie", "id: sessie2", 1)
    cat = forms.build_forms([("a.yaml", raw), ("b.yaml", other)])
    assert [f.id for f in cat.forms] == ["sessie"] and "already used" in cat.problems[0].message


def test_clean_answers_checks_scale_type_and_length():
    """Answers outside the scale, of the wrong type, too long or of another role are refused."""
    form = forms.session_form()
    assert clean_answers(form, "inbrenger", {"gehoord": 5, "les": "  iets  ", "veiligheid": None}) == \
        {"gehoord": 5, "les": "iets"}
    for answers, key in (({"veiligheid": 6}, "out_of_scale"), ({"veiligheid": 4.5}, "not_whole_number"),
                         ({"les": "x" * 1001}, "too_long"), ({"gehoord": 3}, "unknown_item"),
                         ({"veiligheid": True}, "not_whole_number")):
        with pytest.raises(AnswerError) as err:
            clean_answers(form, "deelnemer", answers)
        assert err.value.key == key
        assert err.value.message("nl") != err.value.message("en")
