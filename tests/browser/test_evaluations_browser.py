"""Evaluations in the real app: two participants (separate browser contexts, one on a phone-sized
screen) evaluate the same session and each write a private reflection; the dashboard then shows
the chart; a third participant cannot open either reflection.

Selects on the stable classes of docs/ui.md (``ik-evaluation-*``, ``ik-reflection-*``,
``ik-dashboard-*``). The server's SQLite file is opened directly only to add a third, earlier
evaluation (so the chart has three respondents) and to check what was stored.
"""
from __future__ import annotations

import uuid
from pathlib import Path

from intervisie_widgets.storage import Store

PHONE = {"width": 390, "height": 844}
SECRETS = {"anna": "Anna twijfelt over haar teamleider QWERTY", "bram": "Bram leerde doorvragen ZXCVB"}


def db_url(server) -> str:
    return f"sqlite:///{Path(server.env['INTERVISIE_DATA_DIR']) / 'intervisie.sqlite'}"


def evaluate(open_page, group: str, who: str, role_index: int, scores: tuple[int, int], viewport=None):
    page = open_page(f"/voila/render/evaluatie.ipynb?group={group}&session=3", viewport=viewport,
                     selector=".ik-evaluation-submit")
    page.locator(".ik-evaluation-pseudonym input").fill(who)
    page.locator(".ik-evaluation-role input[type=checkbox]").nth(role_index).check()
    page.locator(".ik-evaluation-item-veiligheid input[type=radio]").nth(scores[0] - 1).check()
    page.locator(".ik-evaluation-item-leeropbrengst input[type=radio]").nth(scores[1] - 1).check()
    page.locator(".ik-evaluation-item-rapportcijfer select").select_option(value=None, label="8")
    page.locator(".ik-evaluation-item-les textarea").fill("Eerst doorvragen.")
    page.locator(".ik-evaluation-submit").click()
    page.locator(".ik-evaluation-status").get_by_text("is opgeslagen", exact=False).wait_for()
    return page


def reflect(page, group: str, who: str):
    page.goto(page.url.split("/voila/")[0] + f"/voila/render/reflectie.ipynb?group={group}", wait_until="commit")
    page.wait_for_selector(".ik-reflection-save", state="visible")
    page.locator(".ik-reflection-pseudonym input").fill(who)
    page.locator(".ik-reflection-text textarea").fill(SECRETS[who])
    page.locator(".ik-reflection-passphrase input").fill(f"{who} heeft een sleutel")
    page.locator(".ik-reflection-passphrase-repeat input").fill(f"{who} heeft een sleutel")
    page.locator(".ik-reflection-save").click()
    page.locator(".ik-reflection-status").get_by_text("versleuteld opgeslagen", exact=False).wait_for()


def test_two_participants_then_dashboard_then_no_one_else_reads(open_page, server):
    """Two participants evaluate and reflect, the dashboard charts it, and a third person can open neither reflection."""
    group = "BRW-" + uuid.uuid4().hex[:6]
    with Store(db_url(server)) as store:  # a third participant who evaluated earlier
        store.submit(group, 3, "deelnemer", "carla", {"veiligheid": 3, "leeropbrengst": 4})

    anna = evaluate(open_page, group, "anna", 1, (4, 5), viewport=PHONE)
    # on a phone the form fits the screen: no sideways scrolling, the button is fully visible
    assert anna.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    box = anna.locator(".ik-evaluation-submit").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    bram = evaluate(open_page, group, "bram", 0, (5, 4))
    reflect(anna, group, "anna")
    reflect(bram, group, "bram")

    with Store(db_url(server)) as store:
        stored = store.responses(group, numeric_only=True)
        assert stored.groupby("participant").size().size == 3
        assert store.reflection_counts(group) == [{"group": group, "reflections": 2, "writers": 2}]

    dash = open_page(f"/voila/render/dashboard.ipynb?group={group}", selector=".ik-dashboard-chart-trajectory")
    assert dash.locator(".ik-dashboard-chart-trajectory").get_attribute("src").startswith("blob:")
    alt = dash.locator(".ik-dashboard-alt-trajectory")
    alt.get_by_text("Veiligheid van 4,0 naar 4,0", exact=False).wait_for()
    assert "Lijngrafiek" in alt.inner_text()
    dash.locator(".ik-dashboard-counts").get_by_text("Reflectieverslagen in deze groep: 2", exact=False).wait_for()
    assert all(s not in dash.content() for s in SECRETS.values())

    third = open_page(f"/voila/render/reflectie.ipynb?group={group}", selector=".ik-reflection-open")
    for who in ("anna", "bram"):
        third.locator(".ik-reflection-pseudonym input").fill(who)
        third.locator(".ik-reflection-open-passphrase input").fill("ik raad maar wat")
        third.locator(".ik-reflection-open").click()
        third.locator(".ik-reflection-status").get_by_text("gaat geen verslag open", exact=False).wait_for()
        assert third.locator(".ik-reflection-opened").inner_text().strip() == ""
    third.locator(".ik-reflection-counts").get_by_text("2 reflectieverslagen", exact=False).wait_for()
    assert all(s not in third.content() for s in SECRETS.values())
