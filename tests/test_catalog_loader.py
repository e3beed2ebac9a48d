"""The one catalog loader (catalog.load): the same YAML error report, the same duplicate-id rule
and a trainer folder (INTERVISIE_CONTENT_DIR) for methods, forms, scenarios and the question bank."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest
import yaml

from intervisie_widgets import catalog
from intervisie_widgets.catalog import forms, question_bank, scenarios
from intervisie_widgets.catalog.loader import PACKAGED, TRAINER, ContentError, Kind, Problem, Source, load

BROKEN_YAML = "id: kapot\nsteps:\n  - id: a\n   minutes: 3\n"  # line 4 is indented wrongly


def _questions(sources):
    """The Dutch question bank kind loaded from ``sources``."""
    return load(question_bank.KINDS[0], sources)


LOADERS = {
    "methods": lambda sources: catalog.build_catalog(sources).problems,
    "forms": lambda sources: forms.build_forms(sources).problems,
    "scenarios": lambda sources: scenarios.build_scenarios(sources).problems,
    "questions": lambda sources: _questions(sources).problems,
}


@pytest.mark.parametrize("kind", LOADERS)
def test_a_yaml_error_names_file_and_line_for_every_kind(kind):
    """Invalid YAML is one Problem with the file and 'line N' for methods, forms, scenarios and questions alike."""
    [problem] = LOADERS[kind]([Source("mijn/gedrag.yaml", BROKEN_YAML)])
    assert (problem.file, problem.field, problem.severity) == ("mijn/gedrag.yaml", "line 4", "error")
    assert str(problem).startswith("mijn/gedrag.yaml: line 4: is not valid YAML: ")


def test_an_unclosed_bracket_is_reported_on_the_last_line():
    """YAML that ends inside a bracket is reported on the file's last line, not on a line after the end."""
    [problem] = LOADERS["methods"]([Source("x.yaml", "id: x\nsteps: [\n")])
    assert problem.field == "line 2"


def test_a_broken_question_names_its_entry_and_the_rest_of_the_file_loads():
    """A question bank entry without text is a Problem at [n].t; the file's other questions still load."""
    raw = '- {t: "Wat deed je toen?"}\n- {sector: zorg}\n- {t: "Wat vind je belangrijk?", open: misschien}\n'
    loaded = _questions([Source("content/questions/nl/gedrag.yaml", raw)])
    assert [q.text for q in loaded.items] == ["Wat deed je toen?"]
    assert [(p.field, p.severity) for p in loaded.problems] == [("[2].t", "error"), ("[3].open", "error")]


def test_a_question_file_of_an_unknown_level_is_skipped():
    """A bank file whose name is not a level is skipped with a Problem naming the file."""
    [problem] = _questions([Source("content/questions/nl/gevoel.yaml", '- {t: "Hoe voelde dat?"}\n')]).problems
    assert (problem.file, problem.field) == ("content/questions/nl/gevoel.yaml", "(file)")
    assert "gevoel" in problem.message and "omgeving" in problem.message


# --------------------------------------------------------------------------- the one duplicate rule
@dataclass(frozen=True)
class Thing:
    id: str
    value: str


def _parse_thing(data, file: str, problems: list[Problem]) -> Thing:
    if not isinstance(data, dict) or "id" not in data:
        raise ContentError(Problem(file, "id", "is missing"))
    return Thing(data["id"], data.get("value", ""))


THINGS = Kind("things", _parse_thing, "thing id")


def _src(name: str, origin: str, value: str, tid: str = "a") -> Source:
    return Source(name, yaml.safe_dump({"id": tid, "value": value}), origin)


def test_a_trainer_item_replaces_the_packaged_one_in_its_place():
    """A trainer's item with a packaged id replaces it silently and keeps the packaged item's position."""
    loaded = load(THINGS, [_src("p/a.yaml", PACKAGED, "packaged"), _src("p/b.yaml", PACKAGED, "b", "b"),
                           _src("t/a.yaml", TRAINER, "trainer")])
    assert loaded.items == (Thing("a", "trainer"), Thing("b", "b"))
    assert loaded.problems == ()


def test_a_packaged_item_after_the_trainers_does_not_win():
    """The trainer's item wins whatever the order of the files."""
    loaded = load(THINGS, [_src("t/a.yaml", TRAINER, "trainer"), _src("p/a.yaml", PACKAGED, "packaged")])
    assert loaded.items == (Thing("a", "trainer"),) and loaded.problems == ()


@pytest.mark.parametrize("origin", [PACKAGED, TRAINER])
def test_one_id_twice_from_the_same_origin_is_an_error_naming_both_files(origin):
    """Two packaged (or two trainer) files with one id: the first counts, the second is an error naming both."""
    loaded = load(THINGS, [_src("x/eerste.yaml", origin, "1"), _src("x/tweede.yaml", origin, "2")])
    assert loaded.items == (Thing("a", "1"),)
    [problem] = loaded.problems
    assert (problem.file, problem.field, problem.severity) == ("x/tweede.yaml", "id", "error")
    assert problem.message == "duplicate thing id 'a': x/eerste.yaml has it too; this one is left out"


def test_a_duplicate_question_names_both_entries():
    """The same question twice in the packaged bank is an error naming both files and entries; the first counts."""
    loaded = _questions([Source("content/questions/nl/gedrag.yaml", '- {t: "Wat deed je toen?"}\n'),
                         Source("content/questions/nl/omgeving.yaml", '- {t: "x?"}\n- {t: "wat deed je toen"}\n')])
    assert [(q.text, q.level) for q in loaded.items] == [("Wat deed je toen?", "gedrag"), ("x?", "omgeving")]
    [problem] = loaded.problems
    assert (problem.file, problem.field) == ("content/questions/nl/omgeving.yaml", "[2].t")
    assert "content/questions/nl/gedrag.yaml [1].t" in problem.message


# --------------------------------------------------------------------------- the trainer folder
@pytest.fixture
def content_dir(tmp_path, monkeypatch):
    """An empty INTERVISIE_CONTENT_DIR, with every catalog cleared around the test."""
    for var in ("INTERVISIE_CONTENT_DIR", "INTERVISIE_METHODS_DIR", "INTERVISIE_FORMS_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("INTERVISIE_CONTENT_DIR", str(tmp_path))
    catalog.clear_caches()
    yield tmp_path
    monkeypatch.delenv("INTERVISIE_CONTENT_DIR")
    catalog.clear_caches()


def test_trainer_questions_join_the_bank_and_can_relabel_one(content_dir):
    """questions/nl/<level>.yaml of the trainer adds questions; a packaged text there gets the trainer's level."""
    packaged = {q.text: q for q in question_bank.question_bank()}
    fingerprint = question_bank.question_bank_fingerprint()
    relabel = next(q for q in packaged.values() if q.lang == "nl" and q.level == "gedrag")
    folder = content_dir / "questions" / "nl"
    folder.mkdir(parents=True)
    (folder / "zingeving.yaml").write_text(
        f'- {{t: "Waarvoor doe je dit werk eigenlijk, in de wijk?"}}\n- {{t: "{relabel.text}"}}\n', encoding="utf-8")
    catalog.clear_caches()
    bank = {q.text: q for q in question_bank.question_bank()}
    assert question_bank.question_bank_problems() == ()
    assert bank["Waarvoor doe je dit werk eigenlijk, in de wijk?"].level == "zingeving"
    assert bank[relabel.text].level == "zingeving"
    assert len(bank) == len(packaged) + 1
    assert question_bank.question_bank_fingerprint() != fingerprint


def test_one_content_dir_holds_every_kind(content_dir):
    """INTERVISIE_CONTENT_DIR/methods, /forms and /scenarios are each read as the trainer's files of that kind."""
    for sub in ("methods", "forms", "scenarios"):
        (content_dir / sub).mkdir()
        (content_dir / sub / "kapot.yaml").write_text("id: [\n", encoding="utf-8")
    found = {"methods": catalog.method_catalog().problems, "forms": forms.catalog().problems,
             "scenarios": scenarios.catalog().problems}
    for sub, problems in found.items():
        assert [(p.file, p.field) for p in problems] == [(str(content_dir / sub / "kapot.yaml"), "line 1")], sub


def test_the_deprecated_variable_and_the_content_dir_may_name_one_folder(content_dir, monkeypatch, caplog):
    """INTERVISIE_FORMS_DIR still works, with a deprecation warning, and a folder named twice is read once."""
    (content_dir / "forms").mkdir()
    (content_dir / "forms" / "sessie.yaml").write_text("id: sessie\n", encoding="utf-8")
    monkeypatch.setenv("INTERVISIE_FORMS_DIR", str(content_dir / "forms"))
    with caplog.at_level(logging.WARNING, logger="intervisie_widgets.catalog.loader"):
        names = [s.name for s in forms.sources() if s.origin == TRAINER]
    assert names == [str(content_dir / "forms" / "sessie.yaml")]
    [record] = caplog.records
    assert "INTERVISIE_FORMS_DIR is deprecated" in record.getMessage()
    assert "$INTERVISIE_CONTENT_DIR/forms/" in record.getMessage()
