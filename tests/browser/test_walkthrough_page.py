"""The method walkthrough in the real app: home -> walkthrough -> 9-step method -> roddelfase -> English.

Selects on the stable classes of docs/ui.md: ``ik-methods-select`` (Dropdown),
``ik-methods-next`` (Button), ``ik-methods-step-rule`` (HTML), ``ik-common-lang`` (ToggleButtons).
Takes walkthrough.png for the README (into docs/screenshots/ with INTERVISIE_REFRESH_SCREENSHOTS=1).
"""
from __future__ import annotations

from browserkit import screenshot, wait_for_widgets

from intervisie_widgets import catalog

METHOD = "negen-stappen"
STEP = "roddelfase"


def test_walkthrough_to_the_roddelfase_and_switch_to_english(open_page):
    """From home to the nine-step method's roddelfase, then to English, with local icons and no failed request."""
    method = catalog.method(METHOD)
    index = [s.id for s in method.steps].index(STEP)
    step = method.steps[index]

    page = open_page("/")
    page.locator('.ik-page a[href*="methoden.ipynb"]').first.click()
    wait_for_widgets(page, ".ik-methods-select select")

    select = page.locator(".ik-methods-select select")
    options = select.locator("option").all_text_contents()
    # ipywidgets shows option labels with non-breaking spaces
    label = next((t for t in options if t.replace("\xa0", " ").startswith(method.name.get("nl"))), None)
    assert label, (method.name.get("nl"), options)
    select.select_option(label=label)
    rule = page.locator(".ik-methods-step-rule")
    rule.get_by_text(method.steps[0].rules.get("nl"), exact=False).wait_for()
    next_button = page.locator(".ik-methods-next")
    for _ in range(index):
        next_button.click()
    rule.get_by_text(step.rules.get("nl"), exact=False).wait_for()
    progress = catalog.text("methods.progress", "nl", n=index + 1, total=len(method.steps))
    page.locator(".ik-methods-progress").get_by_text(progress).wait_for()

    page.locator(".ik-common-lang button", has_text="English").click()
    rule.get_by_text(step.rules.get("en"), exact=False).wait_for()
    page.locator(".ik-methods-progress").get_by_text(
        catalog.text("methods.progress", "en", n=index + 1, total=len(method.steps))).wait_for()

    # the buttons' Font Awesome icons come from the app itself and are drawn
    page.evaluate("document.fonts.ready")
    assert page.evaluate("""() => [...document.fonts].some(
        f => f.family.replace(/"/g, '').startsWith('Font Awesome 5') && f.status === 'loaded')""")
    assert page.external_requests == [] and page.failed_requests == [] and page.bad_responses == []
    # the notebook's own title cell (for JupyterLab) is hidden: the page shows its title in English
    assert not page.locator(".jp-MarkdownCell").first.is_visible()
    page.locator(".ik-page h1", has_text=catalog.text("methods.title", "en")).wait_for()
    screenshot(page, "walkthrough")
