"""The question exercises page in a real Voilà server and headless Chromium."""
from __future__ import annotations

import re

import pytest
from browserkit import screenshot
from playwright.sync_api import expect

from intervisie_widgets import catalog

PAGE = "/voila/render/vragen.ipynb"
PHONE = {"width": 375, "height": 740}


def open_free_exercise(open_page, path: str = PAGE, viewport: dict | None = None):
    page = open_page(path, selector=".ik-exercises-tabs", viewport=viewport)
    lang = "en" if "lang=en" in path else "nl"
    page.locator(".ik-exercises-tabs .lm-TabBar-tab", has_text=catalog.text("exercises.tab_free", lang)).click()
    page.locator(".ik-exercises-free-input textarea").wait_for(state="visible")
    return page


def ask(page, question: str) -> None:
    page.locator(".ik-exercises-free-input textarea").fill(question)
    page.locator(".ik-exercises-free-check button, button.ik-exercises-free-check").first.click()


@pytest.mark.browser
def test_typed_question_shows_its_level(open_page):
    """Typing a question into the free exercise and clicking Controleer shows the level the engine found."""
    page = open_free_exercise(open_page)
    ask(page, "wat vind je belangrijk in deze situatie?")
    level = page.locator(".ik-exercises-free-level .ik-exercises-level-name")
    level.wait_for(state="visible")
    assert level.get_attribute("data-level") == "overtuigingen"
    assert level.inner_text() == "Niveau: Overtuigingen en waarden"
    assert page.locator(".ik-exercises-free-level [aria-live=polite]").count() == 1
    assert "Open vraag" in page.locator(".ik-exercises-free-flags").inner_text()
    # the words that made the level are marked in bold inside <mark>, with their label
    marks = page.locator(".ik-exercises-free-words mark.ik-word strong")
    assert marks.count() >= 1
    assert page.locator(".ik-exercises-free-words").inner_text().startswith(catalog.text("exercises.words_label", "nl"))
    assert page.locator(".ik-exercises-free-words mark.ik-word").first.evaluate(
        "e => getComputedStyle(e).borderBottomStyle") == "solid", "marked by an outline too, not by colour alone"
    # the pyramid highlights the level in play (its image arrives in a message of its own)
    expect(page.locator(".ik-exercises-pyramid img")).to_have_attribute("alt", re.compile(r"Overtuigingen en waarden\.$"))
    screenshot(page, "exercises-free")

    ask(page, "   ")  # bad input: a friendly message, the page keeps working
    page.get_by_text(catalog.text("questions.problem_empty", "nl")).wait_for()
    assert page.locator(".ik-exercises-free-level").inner_text().strip() == "Niveau: —"


@pytest.mark.browser
def test_phone_layout_wraps_and_controls_are_big_enough(open_page):
    """On a 375 px wide screen nothing scrolls sideways, the tabs wrap and buttons are at least 44 px high."""
    page = open_page(PAGE + "?lang=en", selector=".ik-exercises-sort-level select", viewport=PHONE)
    sideways = "document.documentElement.scrollWidth - window.innerWidth"
    assert page.evaluate(sideways) <= 1, "the Sorting tab scrolls sideways"
    for select in page.locator(".ik-exercises-sort-level select").all():
        box = select.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"] + 1 and box["height"] >= 43
    page.locator(".ik-exercises-tabs .lm-TabBar-tab", has_text=catalog.text("exercises.tab_free", "en")).click()
    ask(page, "Who are you in this situation?")
    page.locator(".ik-exercises-free-level .ik-exercises-level-name").wait_for(state="visible")
    assert "Identity" in page.locator(".ik-exercises-free-level").inner_text()
    overflow = page.evaluate(sideways)
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"
    tabs = page.locator(".ik-exercises-tabs .lm-TabBar-tab")
    assert tabs.count() == 5
    for i in range(5):
        box = tabs.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1 and box["height"] >= 43
    button = page.locator("button.ik-exercises-free-check").bounding_box()
    assert button["height"] >= 43
    textarea = page.locator(".ik-exercises-free-input textarea").bounding_box()
    assert textarea["x"] + textarea["width"] <= PHONE["width"] + 1
    screenshot(page, "exercises-phone")


@pytest.mark.browser
def test_leervraag_tab_on_a_phone_names_the_problem_and_offers_a_rewrite(open_page):
    """On a 375 px screen the Leervraag tab checks a question about someone else: problem, rewrite, no sideways scroll."""
    page = open_page(PAGE, selector=".ik-exercises-tabs", viewport=PHONE)
    page.locator(".ik-exercises-tabs .lm-TabBar-tab", has_text=catalog.text("exercises.tab_leervraag", "nl")).click()
    box = page.locator(".ik-exercises-leervraag-input textarea")
    box.wait_for(state="visible")
    box.fill("Hoe krijg ik mijn collega zover dat hij op tijd komt?")
    page.locator("button.ik-exercises-leervraag-check").click()
    problem = page.locator('.ik-exercises-leervraag-feedback li[data-problem="other_person"]')
    problem.wait_for(state="visible")
    assert problem.inner_text() == catalog.text("leervraag.problem_other_person", "nl")
    assert "Hoe bespreek ik met mijn collega" in page.locator(".ik-exercises-leervraag-feedback").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    button = page.locator("button.ik-exercises-leervraag-check").bounding_box()
    assert button["height"] >= 43 and button["x"] + button["width"] <= PHONE["width"] + 1
    screenshot(page, "exercises-leervraag-phone")
