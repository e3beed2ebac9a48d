"""The practice scenarios as content: loader, validation, and `intervisie scenarios --json`."""
from __future__ import annotations

import json

import pytest
import yaml

from intervisie_widgets import catalog
from intervisie_widgets.catalog import scenarios
from intervisie_widgets.cli import main as cli_main

REQUIRED_METHODS = ("negen-stappen", "vijf-vragen", "vier-fasen", "incidentmethode")
ALL = scenarios.scenarios()


def test_every_scenario_file_loads_without_problems():
    """No packaged scenario file is skipped or warned about."""
    assert scenarios.catalog().problems == ()
    assert len(ALL) >= len(REQUIRED_METHODS)


@pytest.mark.parametrize("method_id", REQUIRED_METHODS)
def test_each_required_method_has_a_scenario(method_id):
    """The 9-step method, the five questions, the four phases and the incident method each have a scenario."""
    assert any(s.method == method_id for s in ALL)


def test_scenarios_come_from_different_sectors_and_roles():
    """The cases are set in different sectors and the learner takes more than one role."""
    assert len({s.sector.nl for s in ALL}) == len(ALL)
    assert {s.role for s in ALL} >= {"deelnemers", "inbrenger", "gespreksleider"}


@pytest.mark.parametrize("sc", ALL, ids=lambda s: s.id)
def test_every_step_of_a_scenario_exists_in_its_method_in_order(sc):
    """Each scenario step is a step of its method, in the method's order, and covers every step."""
    order = [s.id for s in catalog.method(sc.method).steps]
    assert [st.step for st in sc.steps] == order


@pytest.mark.parametrize("sc", ALL, ids=lambda s: s.id)
def test_every_option_has_text_and_feedback_in_both_languages_and_one_best(sc):
    """Every choice has nl and en text and feedback, 3–4 options per step and exactly one top score."""
    for st in sc.steps:
        assert 3 <= len(st.options) <= 4
        top = max(o.score for o in st.options)
        assert [o.score for o in st.options].count(top) == 1
        for o in st.options:
            for t in (o.text, o.feedback):
                assert t.nl.strip() and t.en.strip() and t.nl != t.en
        assert st.situation.nl and st.situation.en
    assert sc.practise.nl and sc.practise.en and sc.practice_page == "vragen.ipynb"


def _broken(**changes) -> str:
    """A copy of the first packaged scenario with some fields replaced, as YAML."""
    data = scenarios.record(ALL[0]) | {
        "variant": ALL[0].variant, "role": ALL[0].role, "sector": {"nl": "a", "en": "b"},
        "case": {"nl": "a", "en": "b"}, "leervraag": {"nl": "a", "en": "b"},
        "role_intro": {"nl": "a", "en": "b"}, "end": {"practise": {"nl": "a", "en": "b"}},
    }
    for st in data["steps"]:
        st["situation"] = {"nl": "s", "en": "s"}
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True)


def _load_one(raw: str):
    """The scenario catalog of one file ``x.yaml`` holding ``raw``."""
    return scenarios.build_scenarios([("x.yaml", raw)])


def test_a_valid_copy_loads():
    """The helper's copy of a real scenario is itself valid (so the failures below are meaningful)."""
    cat = _load_one(_broken(id="copy"))
    assert cat.problems == () and cat.scenarios[0].id == "copy"


def test_unknown_step_is_reported_with_the_methods_steps():
    """A step id that is not in the method is rejected and the problem names the field."""
    raw = _broken()
    data = yaml.safe_load(raw)
    data["steps"][0]["step"] = "bestaat-niet"
    cat = _load_one(yaml.safe_dump(data))
    assert cat.scenarios == ()
    assert cat.problems[0].field == "steps[1].step" and "bestaat-niet" in cat.problems[0].message


def test_missing_english_feedback_is_an_error():
    """An option whose feedback lacks English is rejected (no silent fallback to Dutch)."""
    data = yaml.safe_load(_broken())
    del data["steps"][1]["options"][2]["feedback"]["en"]
    cat = _load_one(yaml.safe_dump(data))
    assert cat.scenarios == ()
    assert cat.problems[0].field == "steps[2].options[3].feedback.en"


def test_two_best_options_are_an_error():
    """A step where two options share the top score is rejected."""
    data = yaml.safe_load(_broken())
    for o in data["steps"][0]["options"]:
        o["score"] = 1
    cat = _load_one(yaml.safe_dump(data))
    assert cat.scenarios == () and "exactly one best" in cat.problems[0].message


def test_steps_out_of_order_and_unknown_method_are_errors():
    """Repeating a step or naming an unknown method is rejected, the rest of the kit keeps working."""
    data = yaml.safe_load(_broken())
    data["steps"].append(data["steps"][0])
    assert "out of order" in _load_one(yaml.safe_dump(data)).problems[0].message
    cat = _load_one(_broken(method="geen-methode"))
    assert cat.problems[0].field == "method"
    assert _load_one("id: [unclosed").problems[0].field == "line 1"


def test_yaml_error_names_file_and_line():
    """A scenario file that is not valid YAML is reported with its file and line, like the other kinds."""
    cat = _load_one(_broken(id="copy") + "  extra: [\n")
    assert cat.scenarios == ()
    [problem] = cat.problems
    assert problem.file == "x.yaml" and problem.field == f"line {len(_broken(id='copy').splitlines()) + 1}"


def test_two_scenarios_with_one_id_from_the_same_place_are_an_error_naming_both():
    """Two scenario files of the same origin with one id: the first counts, the second is an error naming both files."""
    first, second = _broken(id="copy"), _broken(id="copy", role="gespreksleider")
    cat = scenarios.build_scenarios([("a.yaml", first), ("b.yaml", second)])
    assert [(s.id, s.role) for s in cat.scenarios] == [("copy", ALL[0].role)]
    [problem] = cat.problems
    assert (problem.file, problem.field) == ("b.yaml", "id")
    assert "a.yaml" in problem.message and "duplicate scenario id 'copy'" in problem.message


@pytest.fixture
def trainer_scenarios(tmp_path, monkeypatch):
    """The ``scenarios/`` folder of a trainer's INTERVISIE_CONTENT_DIR, with the catalogs cleared around the test."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    monkeypatch.setenv("INTERVISIE_CONTENT_DIR", str(tmp_path))
    catalog.clear_caches()
    yield folder
    monkeypatch.delenv("INTERVISIE_CONTENT_DIR")
    catalog.clear_caches()


def test_trainer_folder_adds_and_replaces_scenarios(trainer_scenarios):
    """A trainer's scenario file adds a scenario; one with a packaged id replaces that scenario in its place."""
    (trainer_scenarios / "eigen.yaml").write_text(_broken(id="eigen-scenario"), encoding="utf-8")
    replaced = yaml.safe_load(_broken())
    replaced["title"] = {"nl": "Onze eigen casus", "en": "Our own case"}
    (trainer_scenarios / "vervanging.yaml").write_text(yaml.safe_dump(replaced, allow_unicode=True), encoding="utf-8")
    cat = scenarios.catalog()
    assert cat.problems == ()
    assert [s.id for s in cat.scenarios] == [s.id for s in ALL] + ["eigen-scenario"]
    assert scenarios.scenario(ALL[0].id).title.en == "Our own case"
    assert scenarios.scenario(ALL[1].id) == ALL[1]


def test_cli_json_lists_every_scenario_in_the_documented_shape(capsys):
    """`intervisie scenarios --json` prints id, method, title {nl,en} and steps with options."""
    assert cli_main(["scenarios", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {s["id"] for s in out} == {s.id for s in ALL}
    method_ids = set(catalog.method_catalog().ids)
    for s in out:
        assert set(s) == {"id", "method", "title", "steps"} and s["method"] in method_ids
        assert set(s["title"]) == {"nl", "en"}
        for st in s["steps"]:
            assert set(st) == {"step", "options"}
            for o in st["options"]:
                assert set(o) == {"text", "feedback", "score"} and isinstance(o["score"], int)
                assert set(o["text"]) == set(o["feedback"]) == {"nl", "en"}


def test_cli_table_is_translated(capsys):
    """The plain table has translated column heads, not text keys."""
    assert cli_main(["scenarios", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "simulation." not in out and ALL[0].title.en in out
