"""The leervraag check in the session runner, in the real app (Voilà + headless Chromium), on a phone-sized screen."""
from __future__ import annotations

import pytest
from browserkit import screenshot, wait_for_widgets

from intervisie_widgets import catalog

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_the_runner_offers_the_check_at_step_one_and_hides_it_after(open_page):
    """Negen stappen, step 1: the inbrenger's question is checked on the page; at step 2 the check is gone."""
    page = open_page("/voila/render/sessie.ipynb?method=negen-stappen", viewport=PHONE)
    wait_for_widgets(page, ".ik-session-toggle button, button.ik-session-toggle")
    box = page.locator(".ik-session-leervraag-input textarea")
    box.wait_for(state="visible")
    box.fill("Hoe ga je om met agressie?")
    page.locator("button.ik-session-leervraag-check").click()
    page.locator('.ik-session-leervraag-feedback li[data-problem="not_ik"]').wait_for(state="visible")
    assert "Hoe ga ik om met agressie?" in page.locator(".ik-session-leervraag-feedback").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    screenshot(page, "session-leervraag-phone")
    page.locator("button.ik-session-next").click()
    page.locator(".ik-session-step-name").get_by_text(catalog.method("negen-stappen").steps[1].name.nl).wait_for()
    box.wait_for(state="hidden")
