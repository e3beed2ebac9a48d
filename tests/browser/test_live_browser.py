"""The live projector in the real app (Voilà + headless Chromium), issue 10 item 4: the session
runner of a stored group shows the join code; the count of responses goes up without a reload when
an evaluation comes in; the results appear only once three have responded; a card the trainer hid
is not on the post-it wall.

Selects on the stable classes of docs/ui.md (``ik-session-*``, ``ik-join-*``, ``ik-live-*``). The
server's SQLite file is opened directly to set up the group and the post-its, and to submit the
evaluations (what a participant's phone does through the participant pages).
"""
from __future__ import annotations

import re
import uuid
from pathlib import Path

from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.planning import default_plan, to_records
from intervisie_widgets.storage import Store

MEMBERS = ("Ans", "Bram", "Cem", "Dewi")
WAIT_MS = 15_000  # how long the page may take to show a change (the count is polled every 2 s)


def db_url(server) -> str:
    return f"sqlite:///{Path(server.env['INTERVISIE_DATA_DIR']) / 'intervisie.sqlite'}"


def _group(server) -> tuple[str, int, int]:
    """A stored group with a plan, and two post-its for meeting 1: (code, kept card, secret card)."""
    code = "LIVE-" + uuid.uuid4().hex[:6].upper()
    with Store(db_url(server)) as store:
        store.save_group(Group(tuple(Member(n) for n in MEMBERS), code=code, name="Live in de browser"))
        store.save_plan(code, to_records(default_plan(MEMBERS, 10)))
        kept = store.add_postit(code, 1, "Eerst luisteren, dan pas vragen")
        secret = store.add_postit(code, 1, "Geheim GEHEIMXYZ over een collega")
    return code, kept, secret


def _evaluate(server, code: str, who: str, veiligheid: int) -> None:
    with Store(db_url(server)) as store:
        store.submit(code, 1, "deelnemer", who, {"veiligheid": veiligheid, "leeropbrengst": 4})


def _count(page, text: str) -> None:
    page.locator(".ik-session-live-count").get_by_text(text, exact=True).wait_for(timeout=WAIT_MS)


def test_join_code_count_results_and_wall_on_the_projector(open_page, server):
    """Join code from the store; the count goes 0 → 1 → 3 without a reload; results only from three; a hidden card is not on the wall."""
    code, kept, secret = _group(server)
    page = open_page(f"/voila/render/sessie.ipynb?group={code}", selector=".ik-session-live-count p")
    _count(page, "0 van 4 aanwezigen hebben gereageerd")

    page.locator(".ik-session-show-join").click()
    page.locator(".ik-join-code").wait_for()
    with Store(db_url(server)) as store:
        join = store.create_join(code, 1)  # the meeting's live code is given again
    assert page.locator(".ik-join-code").inner_text().split()[-1] == join.shown
    alt = page.locator(".ik-join-qr img").get_attribute("alt")
    assert alt.endswith(f"/deelnemen/{join.code}")
    assert page.locator(".ik-join-address").inner_text().endswith("/deelnemen")

    _evaluate(server, code, "anna", 5)
    _count(page, "1 van 4 aanwezigen heeft gereageerd")  # no reload: the ticker polls the store

    page.locator(".ik-session-show-results").click()
    page.locator(".ik-live-results-hidden").wait_for()
    _evaluate(server, code, "bram", 4)
    _count(page, "2 van 4 aanwezigen hebben gereageerd")
    assert page.locator(".ik-live-table").count() == 0 and page.locator(".ik-live-results-hidden").count() == 1
    _evaluate(server, code, "cem", 3)
    _count(page, "3 van 4 aanwezigen hebben gereageerd")
    row = page.locator('.ik-live-table tr[data-item="veiligheid"]')
    row.wait_for(timeout=WAIT_MS)  # the results on screen are read again when the count changes
    assert re.sub(r"\s+", " ", row.inner_text()).strip() == "Veiligheid 4,0 (schaal 1–5) 3"

    hide = page.locator(".ik-session-postit-hide", has_text="Kaartje 2 verbergen").locator("input")
    hide.check()
    page.locator(".ik-postit-hidden", has_text="GEHEIMXYZ").wait_for()
    page.locator(".ik-session-show-wall").click()
    wall = page.locator(".ik-live-wall")
    wall.wait_for()
    assert wall.locator("li.ik-postit").all_inner_texts() == ["Eerst luisteren, dan pas vragen"]
    assert "GEHEIMXYZ" not in wall.inner_html()
    with Store(db_url(server)) as store:
        assert {p.id: p.hidden for p in store.postits(code, 1)} == {kept: False, secret: True}
