"""The live projector in the real app (Voilà + headless Chromium), issue 10 items 4 and 7: the
session runner of a stored group shows the join code; phone-sized pages open the address in its QR
code, evaluate and write post-its through the participant pages; the projector's count goes up
without a reload; the results appear only once three have responded; a card the trainer hid is not
on the post-it wall.

Selects on the stable classes of docs/ui.md (``ik-session-*``, ``ik-join-*``, ``ik-live-*``) on the
projector and on labels and roles on the participant pages. The server's SQLite file is opened
directly only to set up the group and to check what was stored.
"""
from __future__ import annotations

import re
import uuid
from pathlib import Path

from intervisie_widgets import catalog
from intervisie_widgets.catalog import forms
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.planning import default_plan, to_records
from intervisie_widgets.storage import Store

MEMBERS = ("Ans", "Bram", "Cem", "Dewi")
WAIT_MS = 15_000  # how long the page may take to show a change (the count is polled every 2 s)
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def db_url(server) -> str:
    return f"sqlite:///{Path(server.env['INTERVISIE_DATA_DIR']) / 'intervisie.sqlite'}"


def _group(server) -> str:
    """A stored group with a plan of ten meetings; its code."""
    code = "LIVE-" + uuid.uuid4().hex[:6].upper()
    with Store(db_url(server)) as store:
        store.save_group(Group(tuple(Member(n) for n in MEMBERS), code=code, name="Live in de browser"))
        store.save_plan(code, to_records(default_plan(MEMBERS, 10)))
    return code


def t(key: str, **values) -> str:
    return catalog.text(key, "nl", **values)


def _on_a_phone(browser, url: str, act) -> None:
    """Open ``url`` (the address in the QR code) in a fresh phone-sized browser and do ``act(page)``."""
    ctx = browser.new_context(**PHONE)
    try:
        page = ctx.new_page()
        page.goto(url)
        act(page)
    finally:
        ctx.close()


def _evaluate(browser, url: str, who: str, veiligheid: int) -> None:
    """A participant evaluates meeting 1 as deelnemer on the participant page."""
    form = forms.session_form()

    def act(page):
        page.get_by_role("link", name=t("participant.evaluation_as", role=form.role_name("deelnemer", "nl"))).click()
        page.get_by_label(t("evaluation.pseudonym")).fill(who)
        for item, value in (("veiligheid", veiligheid), ("leeropbrengst", 4)):
            scale = form.item(item).scale
            option = t("participant.scale_option", value=value, label=scale.label(value, "nl"))
            group = page.get_by_role("group", name=re.compile("^" + re.escape(form.item(item).text.get("nl"))))
            group.get_by_label(option, exact=True).check()
        page.get_by_role("button", name=t("evaluation.submit")).click()
        page.wait_for_url(re.compile(r"/klaar"))
    _on_a_phone(browser, url, act)


def _postit(browser, url: str, text: str) -> None:
    def act(page):
        page.get_by_role("link", name=t("participant.postit_link")).click()
        page.get_by_label(t("participant.postit_text")).fill(text)
        page.get_by_role("button", name=t("participant.send")).click()
        page.get_by_text(t("participant.postit_saved")).wait_for()
    _on_a_phone(browser, url, act)


def _count(page, text: str) -> None:
    page.locator(".ik-session-live-count").get_by_text(text, exact=True).wait_for(timeout=WAIT_MS)


def test_join_code_count_results_and_wall_on_the_projector(open_page, browser, server):
    """Join code from the store; phones evaluate through the QR code's address and the count goes 0 → 1 → 3
    without a reload; results only from three; a hidden post-it card is not on the wall."""
    code = _group(server)
    page = open_page(f"/voila/render/sessie.ipynb?group={code}", selector=".ik-session-live-count p")
    _count(page, "0 van 4 aanwezigen hebben gereageerd")

    page.locator(".ik-session-show-join").click()
    page.locator(".ik-join-code").wait_for()
    with Store(db_url(server)) as store:
        join = store.create_join(code, 1)  # the meeting's live code is given again
    assert page.locator(".ik-join-code").inner_text().split()[-1] == join.shown
    url = page.locator(".ik-join-qr img").get_attribute("alt").split()[-1]
    assert url == f"{server.url}/deelnemen/{join.code}"
    assert page.locator(".ik-join-address").inner_text() == f"{server.url}/deelnemen"

    _evaluate(browser, url, "anna", 5)
    _count(page, "1 van 4 aanwezigen heeft gereageerd")  # no reload: the ticker polls the store

    page.locator(".ik-session-show-results").click()
    page.locator(".ik-live-results-hidden").wait_for()
    _evaluate(browser, url, "bram", 4)
    _count(page, "2 van 4 aanwezigen hebben gereageerd")
    assert page.locator(".ik-live-table").count() == 0 and page.locator(".ik-live-results-hidden").count() == 1
    _evaluate(browser, url, "cem", 3)
    _count(page, "3 van 4 aanwezigen hebben gereageerd")
    row = page.locator('.ik-live-table tr[data-item="veiligheid"]')
    row.wait_for(timeout=WAIT_MS)  # the results on screen are read again when the count changes
    assert re.sub(r"\s+", " ", row.inner_text()).strip() == "Veiligheid 4,0 (schaal 1–5) 3"

    _postit(browser, url, "Eerst luisteren, dan pas vragen")
    _postit(browser, url, "Geheim GEHEIMXYZ over een collega")
    hide = page.locator(".ik-session-postit-hide", has_text="Kaartje 2 verbergen").locator("input")
    hide.wait_for(timeout=WAIT_MS)  # the trainer's list follows the store with the count
    hide.check()
    page.locator(".ik-postit-hidden", has_text="GEHEIMXYZ").wait_for()
    page.locator(".ik-session-show-wall").click()
    wall = page.locator(".ik-live-wall")
    wall.wait_for()
    assert wall.locator("li.ik-postit").all_inner_texts() == ["Eerst luisteren, dan pas vragen"]
    assert "GEHEIMXYZ" not in wall.inner_html()
    with Store(db_url(server)) as store:
        assert sorted((p.text[:6], p.hidden) for p in store.postits(code, 1)) == [("Eerst ", False), ("Geheim", True)]
        assert store.session_response_count(code, 1) == 3
