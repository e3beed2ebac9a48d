"""Tests for the kit's content: the packaged method files, the texts and the loader's error handling."""
from __future__ import annotations

import contextlib
import re
from importlib import resources
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from intervisie_widgets import catalog
from intervisie_widgets.model import EXPERIENCE, GOALS, SPEAKERS, Method, Text

CONTENT = resources.files("intervisie_widgets") / "content"
EXPECTED_IDS = (
    "negen-stappen", "vijf-vragen", "vier-fasen", "incidentmethode", "tien-stappen", "balint",
    "roddelmethode", "succesmethode", "kernmodel", "ret-abc", "socratisch-gesprek", "troika",
    "kollegiale-beratung",
)
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# --------------------------------------------------------------------------- fixtures and helpers
@pytest.fixture
def packaged(monkeypatch):
    """The catalog of the packaged methods only, loaded fresh and cleared again afterwards."""
    monkeypatch.delenv("INTERVISIE_CONTENT_DIR", raising=False)
    monkeypatch.delenv("INTERVISIE_METHODS_DIR", raising=False)
    catalog.clear_caches()
    yield catalog.method_catalog()
    catalog.clear_caches()


@contextlib.contextmanager
def trainer_folder(root: Path, var: str = "INTERVISIE_CONTENT_DIR") -> Iterator[Path]:
    """``root`` as the trainer's folder (``var``) with fresh catalogs; afterwards the variable is
    gone and the catalogs are cleared, so the next test sees the packaged content only."""
    methods = root / "methods" if var == "INTERVISIE_CONTENT_DIR" else root
    methods.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("INTERVISIE_CONTENT_DIR", raising=False)
        mp.delenv("INTERVISIE_METHODS_DIR", raising=False)
        mp.setenv(var, str(root))
        catalog.clear_caches()
        try:
            yield methods
        finally:
            catalog.clear_caches()


def method_texts(m: Method) -> list[tuple[str, Text]]:
    """Every user-facing text of a method, labelled with where it sits."""
    out = [("name", m.name), ("purpose", m.purpose), ("when", m.when), ("source", m.source)]
    if m.reconstructed_note is not None:
        out.append(("reconstructed_note", m.reconstructed_note))
    for s in m.steps:
        out += [(f"{s.id}.name", s.name), (f"{s.id}.what", s.what), (f"{s.id}.rules", s.rules)]
    for v in m.variants:
        out.append((f"variants.{v.id}.name", v.name))
    for qs in m.question_sets:
        out += [(f"{qs.id}.name", qs.name), (f"{qs.id}.description", qs.description)]
        out += [(f"{qs.id}.questions[{i}]", q) for i, q in enumerate(qs.questions, start=1)]
        out += [(f"{qs.id}.explanations[{i}]", e) for i, e in enumerate(qs.explanations, start=1)]
    return out


def good_method(mid: str = "proef") -> dict:
    """A small valid method as a plain mapping, to be changed and dumped per test."""
    def step(sid: str, speaker: str, minutes: int) -> dict:
        return {
            "id": sid,
            "name": {"nl": f"Stap {sid}", "en": f"Step {sid}"},
            "what": {"nl": "De groep doet iets.", "en": "The group does something."},
            "speaker": speaker,
            "minutes": minutes,
            "rules": {"nl": "Geen adviezen.", "en": "No advice."},
        }
    return {
        "id": mid,
        "name": {"nl": "Proefmethode", "en": "Trial method"},
        "purpose": {"nl": "Iets uitproberen.", "en": "Try something out."},
        "when": {"nl": "Als je wilt oefenen.", "en": "When you want to practise."},
        "source": {"nl": "Eigen werk van de trainer.", "en": "The trainer's own work."},
        "roles": ["inbrenger", "deelnemers", "gespreksleider"],
        "goals": ["insight"],
        "experience": ["beginner"],
        "group_size": {"min": 4, "max": 8},
        "total_minutes": 30,
        "steps": [step("inbreng", "inbrenger", 10), step("vragen", "deelnemers", 15),
                  step("afsluiting", "all", 5)],
    }


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def errors(cat: catalog.Catalog) -> list[catalog.Problem]:
    return [p for p in cat.problems if p.severity == "error"]


# --------------------------------------------------------------------------- packaged methods
def test_packaged_methods_load_without_problems(packaged):
    """Every packaged method file loads with no errors and no warnings."""
    assert packaged.problems == (), "\n".join(map(str, packaged.problems))


def test_all_thirteen_methods_in_display_order(packaged):
    """The catalog holds exactly the 13 methods of methods_order.yaml, unique and in that order."""
    order = yaml.safe_load(CONTENT.joinpath("methods_order.yaml").read_text(encoding="utf-8"))
    assert packaged.ids == EXPECTED_IDS == tuple(order)
    assert len(set(packaged.ids)) == 13


def test_every_method_file_is_named_after_its_id():
    """Each file in content/methods is called <id>.yaml, so a trainer can find a method by its id."""
    files = [f for f in CONTENT.joinpath("methods").iterdir() if f.name.endswith(".yaml")]
    assert len(files) == 13
    for f in files:
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        assert f.name == f"{data['id']}.yaml"


def test_step_ids_are_unique_kebab_case(packaged):
    """Within each method every step id is unique and written in kebab-case."""
    for m in packaged.methods:
        ids = [s.id for s in m.steps]
        assert len(ids) == len(set(ids)), m.id
        bad = [i for i in ids if not KEBAB.match(i)]
        assert not bad, f"{m.id}: {bad}"


def test_steps_have_positive_whole_minutes_and_valid_speakers(packaged):
    """Every step lasts a whole, positive number of minutes and names a known speaker."""
    for m in packaged.methods:
        for s in m.steps:
            assert isinstance(s.minutes, int) and not isinstance(s.minutes, bool), (m.id, s.id)
            assert s.minutes > 0, (m.id, s.id)
            assert s.speaker in SPEAKERS, (m.id, s.id)


def test_roles_goals_and_experience_are_known_and_present(packaged):
    """Each method has roles from roles.yaml, at least one goal and at least one experience level."""
    role_ids = set(catalog.roles())
    for m in packaged.methods:
        assert "inbrenger" in m.roles and set(m.roles) <= role_ids, m.id
        assert m.goals and m.goals <= set(GOALS), m.id
        assert m.experience and m.experience <= set(EXPERIENCE), m.id


def test_every_text_is_present_in_dutch_and_english(packaged):
    """Every text of every method has non-empty Dutch and English."""
    for m in packaged.methods:
        for where, t in method_texts(m):
            assert t.nl.strip() and t.en.strip(), f"{m.id}: {where}"


def test_english_is_a_real_translation(packaged):
    """Dutch and English differ for almost every text; identical ones are only short labels."""
    for m in packaged.methods:
        texts = method_texts(m)
        same = [(where, t.nl) for where, t in texts if t.nl == t.en]
        assert len(same) <= len(texts) // 10, f"{m.id}: too many untranslated texts {same}"
        long_same = [(where, nl) for where, nl in same if len(nl.split()) > 4]
        assert not long_same, f"{m.id}: untranslated {long_same}"


def test_english_uses_english_role_names(packaged):
    """English texts say 'case presenter', 'chair' and 'supervisor', never the Dutch role words."""
    dutch = re.compile(r"\b(inbrenger|gespreksleider|deelnemers|het|een)\b", re.IGNORECASE)
    for m in packaged.methods:
        for where, t in method_texts(m):
            if where == "source":
                continue  # sources cite Dutch titles
            assert not dutch.search(t.en), f"{m.id}: {where}: {t.en!r}"


@pytest.mark.parametrize("mid", EXPECTED_IDS)
def test_step_minutes_fit_each_variant(packaged, mid):
    """Steps × rounds + pause is within 20% of total_minutes for every variant of the method."""
    m = packaged.get(mid)
    for v in m.variants:
        planned = m.step_minutes * v.rounds + v.pause_minutes
        assert 0.8 * v.total_minutes <= planned <= 1.2 * v.total_minutes, (
            f"{mid}/{v.id}: {planned} planned vs {v.total_minutes} total")


def test_reconstructed_methods_explain_what_was_inferred(packaged):
    """A reconstructed method carries a note in both languages; the ones built from scratch are flagged."""
    for m in packaged.methods:
        if m.reconstructed:
            assert m.reconstructed_note is not None, m.id
            assert len(m.reconstructed_note.nl) > 40 and len(m.reconstructed_note.en) > 40, m.id
    for mid in ("kernmodel", "ret-abc", "vier-fasen", "succesmethode"):
        assert packaged.get(mid).reconstructed, mid
    kern = packaged.get("kernmodel")
    assert "basisvorm, reconstructie" in (kern.name.nl + kern.reconstructed_note.nl).lower()


def test_advice_is_never_allowed_in_the_first_step(packaged):
    """No method opens with advice: the first step is always about the question or the case."""
    for m in packaged.methods:
        assert not m.steps[0].advice_allowed, m.id


# --------------------------------------------------------------------------- lookup and aliases
@pytest.mark.parametrize("key", ["Bilantmethode", "bilant", "BALINTMETHODE", "  balint "])
def test_balint_aliases(packaged, key):
    """The seed's spelling 'Bilantmethode' and other spellings find the Balint method."""
    assert catalog.method(key).id == "balint"


def test_ids_and_aliases_are_unambiguous(packaged):
    """No id or alias points to two different methods."""
    seen: dict[str, str] = {}
    for m in packaged.methods:
        for key in (m.id, *m.aliases):
            k = key.strip().lower()
            assert seen.setdefault(k, m.id) == m.id, f"{key!r} used by {seen[k]} and {m.id}"


def test_unknown_method_names_key_and_known_ids(packaged):
    """An unknown key raises UnknownMethod whose Dutch and English messages name the key and all ids."""
    with pytest.raises(catalog.UnknownMethod) as info:
        catalog.method("intervisie-yoga")
    err = info.value
    assert err.key == "intervisie-yoga"
    nl, en = str(err), err.message("en")
    assert nl != en
    assert "Onbekende methode" in nl and "Unknown method" in en
    for msg in (nl, en, err.message("nl")):
        assert "intervisie-yoga" in msg
        for mid in EXPECTED_IDS:
            assert mid in msg


# --------------------------------------------------------------------------- method specifics
def test_five_questions_has_both_sets_of_five(packaged):
    """The five-questions model offers both question sets, each with five explained questions."""
    m = packaged.get("vijf-vragen")
    assert [qs.id for qs in m.question_sets] == ["vijf-vragen", "vijf-alternatieve-vragen"]
    for qs in m.question_sets:
        assert len(qs.questions) == 5 and len(qs.explanations) == 5, qs.id
        for q in qs.questions:
            assert q.nl.endswith("?") and q.en.endswith("?"), q
    assert m.question_sets[0].questions[0].nl == "Wat wilde je (hoe) bereiken?"
    assert m.question_sets[1].questions[0].nl == "Wat heb je gedaan?"


def test_five_questions_programme(packaged):
    """The five-questions model follows the 50-minute programme with a 60-minute reservation and its ground rules."""
    m = packaged.get("vijf-vragen")
    assert [(s.id, s.minutes) for s in m.steps] == [
        ("inleiding", 5), ("presentatie", 5), ("discussie", 30), ("afronding", 10)]
    assert m.total_minutes == 50 and (m.group_size.min, m.group_size.max) == (5, 7)
    assert not m.reconstructed
    everything = " ".join(t.nl for _, t in method_texts(m))
    assert "heel uur" in everything or "60 minuten" in everything
    assert "een intervisie is geen verhoor" in everything.lower()
    assert "post-it" in m.steps[-1].what.nl


def test_nine_steps_gossip_phase_without_advice(packaged):
    """The 9-step method has a gossip phase with the case owner away and no advice; advice is allowed once."""
    m = packaged.get("negen-stappen")
    assert len(m.steps) == 9
    roddel = next(s for s in m.steps if s.id == "roddelfase")
    assert roddel.inbrenger_absent and not roddel.advice_allowed
    advice = [s.id for s in m.steps if s.advice_allowed]
    assert advice == ["adviezen"]


def test_four_phases_variants(packaged):
    """The four-phase model has an in-person variant for at most 5 and an online one for at most 4."""
    m = packaged.get("vier-fasen")
    by_id = {v.id: v for v in m.variants}
    assert set(by_id) == {"in-person", "online"}
    assert not by_id["in-person"].online and by_id["in-person"].group_size.max == 5
    assert by_id["in-person"].total_minutes == 240 and by_id["in-person"].rounds == 5
    assert by_id["online"].online and by_id["online"].group_size.max == 4
    assert by_id["online"].total_minutes == 180 and by_id["online"].rounds == 4
    assert [s.id for s in m.steps] == ["probleemstelling", "beeldvorming", "oordeelsvorming", "besluitvorming"]
    assert "Wat heb je er tot nu toe al aan gedaan?" in m.steps[0].what.nl


def test_safe_group_methods(packaged):
    """Methods whose sources demand a safe, familiar group say so."""
    for mid in ("negen-stappen", "roddelmethode", "balint"):
        assert packaged.get(mid).needs_safe_group, mid


def test_case_owner_sits_out_where_the_method_says_so(packaged):
    """Roddel, Troika and the incident analysis have a step without the case owner; five-questions has none."""
    for mid in ("roddelmethode", "troika", "incidentmethode", "negen-stappen"):
        assert any(s.inbrenger_absent for s in packaged.get(mid).steps), mid
    assert not any(s.inbrenger_absent for s in packaged.get("vijf-vragen").steps)


def test_troika_and_kollegiale_beratung_durations(packaged):
    """Troika takes 30 minutes in three rounds of trios; Kollegiale Beratung takes 45 to 50 minutes."""
    troika = packaged.get("troika")
    for v in troika.variants:
        assert (v.total_minutes, v.rounds, v.group_size.min, v.group_size.max) == (30, 3, 3, 3)
    assert any(v.online for v in troika.variants)
    kb = packaged.get("kollegiale-beratung")
    assert len(kb.steps) == 6 and 45 <= kb.total_minutes <= 50


# --------------------------------------------------------------------------- bad input
def test_malformed_yaml_names_file_and_line():
    """Invalid YAML becomes a Problem naming the file and the line, and other files still load."""
    broken = "id: kapot\nname:\n  nl: Kapot\n  en: Broken\n steps: x\n"
    cat = catalog.build_catalog([("mijn/kapot.yaml", broken), ("goed.yaml", dump(good_method()))])
    assert cat.ids == ("proef",)
    [problem] = cat.problems
    assert problem.file == "mijn/kapot.yaml"
    assert problem.field == "line 5"
    assert problem.severity == "error"
    assert "mijn/kapot.yaml" in str(problem) and "line 5" in str(problem)


def _broken(change) -> str:
    data = good_method("kapot")
    change(data)
    return dump(data)


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["steps"][1].update(minutes=0), "steps[2].minutes", "more than 0"),
    (lambda d: d["steps"][0].pop("speaker"), "steps[1].speaker", "missing"),
    (lambda d: d["steps"][2].update(speaker="publiek"), "steps[3].speaker", "publiek"),
    (lambda d: d["steps"][1].update(minutes="tien"), "steps[2].minutes", "whole number"),
    (lambda d: d["steps"][2].update(id="inbreng"), "steps[3].id", "duplicate"),
    (lambda d: d["roles"].append("supervisor"), "roles", "supervisor"),
    (lambda d: d.update(goals=["gezelligheid"]), "goals", "gezelligheid"),
    (lambda d: d["group_size"].update(min=9), "group_size", "more than max"),
    (lambda d: d["steps"][0].pop("rules"), "steps[1].rules", "missing"),
], ids=["minutes-0", "no-speaker", "unknown-speaker", "minutes-text", "duplicate-step",
        "unknown-role", "unknown-goal", "group-size", "no-rules"])
def test_bad_method_names_file_and_field(change, field, words):
    """A broken method is skipped with a Problem naming file and field; good methods in the same call load."""
    good = dump(good_method("proef"))
    cat = catalog.build_catalog([("eerste.yaml", good), ("trainer/kapot.yaml", _broken(change)),
                                 ("tweede.yaml", dump(good_method("proef-twee")))])
    assert cat.ids == ("proef", "proef-twee")
    [problem] = errors(cat)
    assert problem.file == "trainer/kapot.yaml"
    assert problem.field == field
    assert words in problem.message
    assert str(problem).startswith(f"trainer/kapot.yaml: {field}: ")


def test_missing_english_is_a_warning_and_dutch_is_shown():
    """A missing English text gives a warning naming the field; the method loads and shows the Dutch."""
    data = good_method()
    data["purpose"] = {"nl": "Alleen in het Nederlands."}
    data["steps"][1]["rules"] = {"nl": "Alleen open vragen.", "en": "  "}
    cat = catalog.build_catalog([("half.yaml", dump(data))])
    assert cat.ids == ("proef",)
    assert not errors(cat)
    fields = {p.field for p in cat.problems}
    assert fields == {"purpose.en", "steps[2].rules.en"}
    assert all(p.severity == "warning" and p.file == "half.yaml" for p in cat.problems)
    m = cat.get("proef")
    assert m.purpose.get("en") == "Alleen in het Nederlands."
    assert m.steps[1].rules.en == "Alleen open vragen."


def test_packaged_methods_survive_a_broken_neighbour():
    """A broken extra file does not take any packaged method down with it."""
    sources = [(f"content/methods/{f.name}", f.read_text(encoding="utf-8"))
               for f in CONTENT.joinpath("methods").iterdir() if f.name.endswith(".yaml")]
    cat = catalog.build_catalog([*sources, ("extra.yaml", "steps: [\n")])
    assert cat.ids == EXPECTED_IDS
    assert [p.file for p in cat.problems] == ["extra.yaml"]


# --------------------------------------------------------------------------- trainer's own methods
@pytest.fixture
def trainer_dir(tmp_path):
    """The ``methods/`` folder of a trainer's INTERVISIE_CONTENT_DIR, with the catalogs cleared around the test."""
    with trainer_folder(tmp_path) as methods:
        yield methods


def test_trainer_directory_adds_a_method(trainer_dir):
    """A valid file in INTERVISIE_CONTENT_DIR/methods adds a method after the packaged ones."""
    (trainer_dir / "eigen.yaml").write_text(dump(good_method("eigen-methode")), encoding="utf-8")
    cat = catalog.method_catalog()
    assert cat.problems == ()
    assert cat.ids == (*EXPECTED_IDS, "eigen-methode")
    assert catalog.method("eigen-methode").name.nl == "Proefmethode"


def test_trainer_directory_can_replace_a_method_and_reports_broken_files(trainer_dir):
    """A trainer's file with a packaged id replaces it, and a broken trainer file is reported by path."""
    own = good_method("troika")
    own["name"] = {"nl": "Onze eigen troika", "en": "Our own troika"}
    (trainer_dir / "troika.yaml").write_text(dump(own), encoding="utf-8")
    (trainer_dir / "kapot.yml").write_text("id: x\n  name: [\n", encoding="utf-8")
    cat = catalog.method_catalog()
    assert cat.ids == EXPECTED_IDS
    assert cat.get("troika").name.nl == "Onze eigen troika"
    [problem] = cat.problems
    assert problem.file == str(trainer_dir / "kapot.yml") and problem.field == "line 2"


def test_two_trainer_files_with_one_id_are_an_error_naming_both(trainer_dir):
    """Two trainer files with the same id: the first one counts, the second is an error that names both files."""
    first, second = good_method("eigen-methode"), good_method("eigen-methode")
    second["name"] = {"nl": "Tweede", "en": "Second"}
    (trainer_dir / "a.yaml").write_text(dump(first), encoding="utf-8")
    (trainer_dir / "b.yaml").write_text(dump(second), encoding="utf-8")
    cat = catalog.method_catalog()
    assert cat.get("eigen-methode").name.nl == "Proefmethode"
    [problem] = cat.problems
    assert (problem.file, problem.field, problem.severity) == (str(trainer_dir / "b.yaml"), "id", "error")
    assert str(trainer_dir / "a.yaml") in problem.message and "duplicate method id 'eigen-methode'" in problem.message


def test_deprecated_methods_dir_still_works(tmp_path):
    """INTERVISIE_METHODS_DIR (the old name, a folder of method files) still adds the trainer's methods."""
    with trainer_folder(tmp_path, "INTERVISIE_METHODS_DIR") as methods:
        (methods / "eigen.yaml").write_text(dump(good_method("eigen-methode")), encoding="utf-8")
        assert catalog.method_catalog().ids == (*EXPECTED_IDS, "eigen-methode")
        assert catalog.method_catalog().problems == ()


def test_cache_is_clean_after_trainer_tests(tmp_path):
    """Once a trainer-folder test is over, the cached catalog (not cleared by this test) holds no trainer method."""
    with trainer_folder(tmp_path) as methods:
        own = good_method("troika")
        own["name"] = {"nl": "Onze eigen troika", "en": "Our own troika"}
        (methods / "troika.yaml").write_text(dump(own), encoding="utf-8")
        (methods / "eigen.yaml").write_text(dump(good_method("eigen-methode")), encoding="utf-8")
        assert "eigen-methode" in catalog.method_catalog().ids
        assert catalog.method("troika").name.nl == "Onze eigen troika"
    cached = catalog.method_catalog()
    assert cached.ids == EXPECTED_IDS
    assert cached.get("troika").name.nl == "Troika Consulting"
    assert all(p.file.startswith("content/methods/") for p in cached.problems)


# --------------------------------------------------------------------------- texts
def _text_files():
    return sorted((f for f in CONTENT.joinpath("texts").iterdir() if f.name.endswith(".yaml")),
                  key=lambda f: f.name)


def test_every_text_file_is_loaded_under_its_name():
    """catalog.texts() holds exactly the keys of the text files, as <file>.<key>, each with that file's nl and en."""
    files = _text_files()
    assert {f.stem for f in files} >= {"common", "methods", "errors", "serve"}
    expected = {}
    for f in files:
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        assert isinstance(data, dict) and data, f.name
        expected |= {f"{f.stem}.{key}": (v["nl"].strip(), v["en"].strip()) for key, v in data.items()}
    assert {k: (t.nl, t.en) for k, t in catalog.texts().items()} == expected


@pytest.mark.parametrize("f", _text_files(), ids=lambda f: f.name)
def test_every_text_key_has_dutch_and_english(f):
    """Every key in content/texts/*.yaml maps to non-empty nl and en strings, and nothing else."""
    data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict)
    for key, value in data.items():
        assert isinstance(value, dict), f"{f.name}: {key}"
        assert set(value) == {"nl", "en"}, f"{f.name}: {key} has {sorted(value)}"
        for lang in ("nl", "en"):
            assert isinstance(value[lang], str) and value[lang].strip(), f"{f.name}: {key}.{lang}"


@pytest.mark.parametrize("f", _text_files(), ids=lambda f: f.name)
def test_text_placeholders_match_between_languages(f):
    """Dutch and English of a text use the same {placeholders}, so formatting never fails in one language."""
    data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
    ph = re.compile(r"\{(\w*)\}")
    for key, value in data.items():
        assert set(ph.findall(value["nl"])) == set(ph.findall(value["en"])), f"{f.name}: {key}"
