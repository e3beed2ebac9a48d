"""Home page, app functions, the handout and `intervisie methods`."""
import html
import io
import json
import re
from pathlib import Path

from pypdf import PdfReader
from widgetkit import find

from intervisie_widgets import app, catalog
from intervisie_widgets.cli import main
from intervisie_widgets.render import handout
from intervisie_widgets.state import AppState
from intervisie_widgets.views.home import HomeView, available_pages

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_home_links_only_existing_pages(tmp_path):
    """A page whose notebook is missing is not linked, so there are no dead links."""
    (tmp_path / "methoden.ipynb").write_text("{}")
    pages = available_pages(tmp_path)
    assert [p.id for p in pages] == ["methods"]
    view = HomeView(AppState(lang="nl"), tmp_path)
    assert 'href="methoden.ipynb?lang=nl"' in view.links.value
    assert "methodekiezer.ipynb" not in view.links.value


def test_every_listed_page_has_a_notebook_and_vice_versa():
    """pages.yaml and notebooks/ agree: every page has a notebook and every app notebook a page."""
    listed = {p.notebook for p in catalog.pages()}
    assert listed <= {p.name for p in NOTEBOOKS.glob("*.ipynb")}
    for nb in NOTEBOOKS.glob("*.ipynb"):
        if nb.name not in ("home.ipynb", "coordinator.ipynb"):
            assert nb.name in listed, f"{nb.name} is not on the home page"


def test_home_language_switch_updates_links():
    """Switching the home page to English changes the texts and the lang of every link."""
    view = HomeView(AppState(lang="nl"), NOTEBOOKS)
    view.frame.lang_toggle.value = "en"
    assert "Methods step by step" in view.links.value
    assert "?lang=nl" not in view.links.value and "?lang=en" in view.links.value


def test_request_params_from_query_string(monkeypatch):
    """The page language and method come from the Voilà query string; bad values fall back."""
    monkeypatch.setenv("QUERY_STRING", "lang=en&method=Bilantmethode")
    assert app.request_lang() == "en"
    assert app.request_param("method") == "Bilantmethode"
    monkeypatch.setenv("QUERY_STRING", "lang=de")
    assert app.request_lang() == "nl"


def test_methods_page_ignores_unknown_method_link(monkeypatch):
    """A link with an unknown ?method= opens the walkthrough on the first method instead of failing."""
    first, second = catalog.methods()[0], catalog.methods()[1]
    monkeypatch.setenv("QUERY_STRING", f"method={second.id}")
    assert find(app.methods(), "ik-methods-select").value == second.id  # a known method is honoured
    monkeypatch.setenv("QUERY_STRING", "method=onbekend")
    page = app.methods()
    assert find(page, "ik-methods-select").value == first.id
    assert html.escape(first.steps[0].name.get("nl")) in find(page, "ik-methods-step-name").value


def test_handout_pdf_has_the_method_on_one_page():
    """The PDF handout of the longest method is a real PDF: the method on page one, the preparation checklist on page two."""
    longest = max(catalog.methods(), key=lambda m: len(m.steps))
    pdf = handout.handout_pdf(longest, "nl")
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
    assert re.findall(rb"/Count (\d+)", pdf) == [b"2"]
    first, second = (" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert longest.steps[-1].name.nl in first and second.startswith(catalog.text("preparation.heading", "nl"))


def test_handout_html_escapes_and_lists_steps():
    """The HTML handout names every step and escapes text."""
    m = catalog.method("vijf-vragen")
    doc = handout.handout_html(m, "en")
    assert doc.count("<tr>") == len(m.steps) + 1
    assert "Kessels & Smit" in m.name.en  # the method's name itself has a bare &
    assert f"<title>{html.escape(m.name.en)}</title>" in doc and "Kessels &amp; Smit" in doc
    assert "Kessels & Smit" not in doc
    assert "http" not in doc.split("<body>")[1], "no external resources in the handout"


def test_cli_methods_json(capsys):
    """`intervisie methods --json` prints every method with steps, speakers and rules in both languages."""
    assert main(["methods", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["id"] for m in data] == list(catalog.method_catalog().ids)
    nine = next(m for m in data if m["id"] == "negen-stappen")
    assert len(nine["steps"]) == 9 and nine["group_size"] == {"min": 4, "max": 8}
    roddel = nine["steps"][3]
    assert roddel["speaker"] == "deelnemers" and roddel["minutes"] > 0
    assert set(roddel["name"]) == set(roddel["rules"]) == {"nl", "en"}
    assert isinstance(nine["reconstructed"], bool)


def test_cli_methods_table(capsys):
    """`intervisie methods` prints a readable table with one row per method."""
    assert main(["methods", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:2] == ["id", "name"]
    assert len(out) == 2 + len(catalog.methods())
