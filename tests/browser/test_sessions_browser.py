"""The session pages in the real app (Voilà + headless Chromium).

* A learner runs a practice scenario to its end and sees the score and the link to the
  question exercises; the page fits a phone-sized screen.
* A facilitator starts the step timer and sees it count down (the hidden ``Play`` widget ticks
  the kernel once a second), and pausing stops it.

Selects on the stable classes of docs/ui.md (``ik-simulation-*``, ``ik-session-*``).
"""
from __future__ import annotations

import re

import pytest
from browserkit import screenshot, wait_for_widgets

from intervisie_widgets import catalog
from intervisie_widgets.catalog import scenarios

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SCENARIO = "vijf-vragen-onderwijs"


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_run_a_scenario_to_its_end_on_a_phone(open_page):
    """Choosing the best answer at every step of a scenario ends with full marks, on a 390 px wide screen."""
    sc = scenarios.scenario(SCENARIO)
    page = open_page(f"/voila/render/simulatie.ipynb?scenario={SCENARIO}", viewport=PHONE)
    wait_for_widgets(page, ".ik-simulation-options input[type=radio]")
    page.locator(".ik-simulation-case").get_by_text(sc.title.nl).wait_for()
    for i, st in enumerate(sc.steps):
        progress = catalog.text("simulation.progress", "nl", n=i + 1, total=len(sc.steps),
                                step=next(s for s in catalog.method(sc.method).steps if s.id == st.step).name.nl)
        page.locator(".ik-simulation-progress").get_by_text(progress).wait_for()
        best = st.options[st.best].text.nl
        page.locator(".ik-simulation-options label", has_text=best[:40]).click()
        page.locator(".ik-simulation-confirm").click()
        page.locator(".ik-simulation-feedback .ik-feedback-best").wait_for()
        if i == 0:
            assert _no_horizontal_scroll(page), "the scenario page is wider than a phone screen"
            screenshot(page, "simulation-phone")
        page.locator(".ik-simulation-next").click()
    score = catalog.text("simulation.score_total", "nl", score=sc.max_score, max=sc.max_score, pct=100)
    page.locator(".ik-simulation-score").get_by_text(score).wait_for()
    href = page.locator("a.ik-simulation-practice-link").get_attribute("href")
    assert href == "vragen.ipynb?lang=nl"
    assert _no_horizontal_scroll(page)
    assert page.external_requests == [] and page.bad_responses == []


def _clock(page) -> str:
    text = page.locator(".ik-session-countdown .ik-countdown").inner_text()
    return re.search(r"\+?\d\d:\d\d", text).group(0)


def test_start_the_facilitator_timer_and_see_it_count_down(open_page):
    """After Start the big countdown goes down second by second; after Pause it stands still."""
    step = catalog.method("vijf-vragen").steps[0]
    page = open_page("/voila/render/sessie.ipynb?method=vijf-vragen")
    wait_for_widgets(page, ".ik-session-toggle button, button.ik-session-toggle")
    page.locator(".ik-session-step-name").get_by_text(step.name.nl).wait_for()
    full = f"{step.minutes:02d}:00"
    assert _clock(page) == full
    page.locator(".ik-session-toggle").click()
    page.wait_for_function(
        """(full) => { const el = document.querySelector('.ik-session-countdown .ik-countdown');
                       const m = el && el.innerText.match(/\\d\\d:\\d\\d/);
                       return m && m[0] < full; }""", arg=full, timeout=20_000)
    first = _clock(page)
    page.wait_for_function(
        """(seen) => { const m = document.querySelector('.ik-session-countdown .ik-countdown').innerText
                                     .match(/\\d\\d:\\d\\d/);
                       return m && m[0] < seen; }""", arg=first, timeout=20_000)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "facilitator")
    page.locator(".ik-session-toggle").click()
    page.locator(".ik-session-countdown").get_by_text(catalog.text("session.status_paused", "nl")).wait_for()
    paused = _clock(page)
    page.wait_for_timeout(2500)
    assert _clock(page) == paused
    assert page.external_requests == [] and page.bad_responses == []
