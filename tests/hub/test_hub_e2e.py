"""The kit on a real JupyterHub, end to end (issue 14, point 5): JupyterHub from PyPI and
configurable-http-proxy from npm on 127.0.0.1, the deploy recipe with DummyAuthenticator and
SimpleLocalProcessSpawner, headless Chromium, one shared PostgreSQL schema.

Two supervisors log in (one with an odd hub name: ``zoë.o'brien``), each creates a group on the
kit's group page in their own server; neither lists or opens the other's; the coordinator's
dashboard offers both groups; a supervisor shows the join screen of her first meeting on her
session page, with the hub service's address; a participant types the code from that page at the
service and evaluates, and the supervisor's count goes up without a reload; the rows are in
PostgreSQL. Bad input: an unknown code at the service, a participant address of a supervisor's
server, a hub name the kit cannot store. The memory of a supervisor's
server is written to ``hub-memory.json`` in the test's folder (docs/deploy.md quotes it).
"""
from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

import hubkit
import pytest
from intervisie_widgets import catalog
from intervisie_widgets.catalog import forms
from intervisie_widgets.storage import Store, count_rows

pytestmark = [pytest.mark.hub, pytest.mark.browser]
ANNE, ZOE, COORD = "anne", "zoë.o'brien", "coord"
GROUPS = {ANNE: "HUB-ANNE", ZOE: "HUB-ZOE"}
MEMBERS = ("Ans", "Bram", "Cem")
TIMEOUT_MS = 150_000
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def t(key, **values):
    return catalog.text(key, "nl", **values)


def before(key: str, field: str) -> str:
    """The Dutch text of ``key`` up to its placeholder ``field`` (what follows depends on the case)."""
    mark = "\x00"
    values = {name: mark for name in ("where", "cause", "message")}
    return t(key, **values).split(mark)[0]


def user_url(hub, name: str, path: str) -> str:
    return f"{hub.url}/user/{quote(name, safe='')}/{path}"


def login(browser, hub, name: str):
    """A browser context that has sent the login form of ``name`` (the hub then spawns the server)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(TIMEOUT_MS)
    page = ctx.new_page()
    page.goto(hub.url + "/hub/login")
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill("ignored-by-dummy")
    page.locator("#login_submit").click()
    return page


def on_home(page):
    """Wait until the hub sent ``page`` to the kit's home page in the user's own server."""
    page.wait_for_url(re.compile(r".*/voila/render/home\.ipynb.*"))
    page.locator(".ik-page").wait_for()
    return page


def open_kit(page, hub, name: str, notebook: str, selector: str = ".ik-page"):
    page.goto(user_url(hub, name, f"voila/render/{notebook}"))
    page.locator(selector).first.wait_for()
    return page


def create_group(page, hub, name: str, code: str) -> None:
    open_kit(page, hub, name, "groep.ipynb", ".ik-group-code input")
    page.locator(".ik-group-code input").fill(code)
    page.locator(".ik-group-group-name input").fill(f"Team van {name}")
    for member in MEMBERS:
        page.locator(".ik-group-name input").fill(member)
        page.locator(".ik-group-add").click()
        page.locator(".ik-group-members .ik-member-row", has_text=member).wait_for()
    page.locator(".ik-group-save").click()
    page.locator(".ik-group-status [role=status]").wait_for()


def option_texts(page, selector: str) -> list[str]:
    return page.locator(f"{selector} select option").all_inner_texts()


def show_join(page, hub, name: str, group: str) -> tuple[str, str, str]:
    """On ``name``'s session page for ``group``, the trainer shows the join screen; the code, the
    address and the QR code's address as the page shows them."""
    open_kit(page, hub, name, f"sessie.ipynb?group={quote(group)}", ".ik-session-live-count p")
    page.locator(".ik-session-show-join").click()
    page.locator(".ik-join-code").wait_for()
    code = page.locator(".ik-join-code").inner_text().split()[-1]
    qr_url = page.locator(".ik-join-qr img").get_attribute("alt").split()[-1]
    return code, page.locator(".ik-join-address").inner_text(), qr_url


def evaluate_as_participant(browser, hub, code: str, join, pseudonym: str) -> None:
    """A phone types ``code`` at the service, evaluates as deelnemer and sees the thanks page of ``join``."""
    ctx = browser.new_context(**PHONE)
    ctx.set_default_timeout(60_000)
    page = ctx.new_page()
    try:
        page.goto(hub.url + "/services/intervisie/deelnemen")
        page.get_by_label(t("participant.code")).fill(code.lower())
        page.get_by_role("button", name=t("participant.continue")).click()
        deelnemer = forms.session_form().role_name("deelnemer", "nl")
        page.get_by_role("link", name=t("participant.evaluation_as", role=deelnemer)).click()
        page.get_by_label(t("evaluation.pseudonym")).fill(pseudonym)
        page.get_by_role("group", name=re.compile("^Welk rapportcijfer")).get_by_label("8", exact=True).check()
        page.get_by_role("button", name=t("evaluation.submit")).click()
        page.get_by_text(t("evaluation.thanks", session=join.session, group=join.group, n=1)).wait_for()
    finally:
        ctx.close()


def test_two_supervisors_a_coordinator_and_a_participant_on_one_hub(hub, hub_browser, hub_db_url, tmp_path,
                                                                  monkeypatch):
    """Own groups per supervisor, both on the coordinator's dashboard, the join code and the service's
    address from a supervisor's session page, a participant's evaluation with that code via the service
    stored in the shared PostgreSQL, and the bad inputs refused with the kit's messages."""
    pages = {name: login(hub_browser, hub, name) for name in (ANNE, ZOE, COORD)}  # three spawns at once
    for name in (ANNE, ZOE):
        create_group(on_home(pages[name]), hub, name, GROUPS[name])

    # neither lists nor opens the other's group
    zoe = open_kit(pages[ZOE], hub, ZOE, "groep.ipynb", ".ik-group-stored select")
    listed = " ".join(option_texts(zoe, ".ik-group-stored"))
    assert GROUPS[ZOE] in listed and GROUPS[ANNE] not in listed
    open_kit(zoe, hub, ZOE, f"groep.ipynb?group={GROUPS[ANNE]}", ".ik-group-code input")
    zoe.get_by_text(t("ownership.not_yours_open", code=GROUPS[ANNE])).wait_for()
    anne = open_kit(pages[ANNE], hub, ANNE, "dashboard.ipynb", ".ik-dashboard-group select")
    assert GROUPS[ANNE] in option_texts(anne, ".ik-dashboard-group")
    assert GROUPS[ZOE] not in option_texts(anne, ".ik-dashboard-group")

    # the coordinator's dashboard covers both
    coord = open_kit(on_home(pages[COORD]), hub, COORD, "dashboard.ipynb", ".ik-dashboard-group select")
    assert {GROUPS[ANNE], GROUPS[ZOE]} <= set(option_texts(coord, ".ik-dashboard-group"))

    # the rows are in the shared PostgreSQL, each group with its owner
    monkeypatch.setenv("INTERVISIE_PSEUDONYM_SECRET", hub.env["INTERVISIE_PSEUDONYM_SECRET"])
    with Store(hub_db_url) as store:
        assert set(store.groups()) >= set(GROUPS.values())
        assert {store.owner_of(code) for code in GROUPS.values()} == {ANNE, ZOE}

    # anne shows the join screen of her first meeting: the code and the hub service's address
    code, address, qr_url = show_join(anne, hub, ANNE, GROUPS[ANNE])
    service = f"{hub.url}/services/intervisie/deelnemen"
    with Store(hub_db_url) as store:
        join = store.resolve_join(code)  # the code the page shows is stored, for her group's meeting 1
    assert join is not None and (join.group, join.session) == (GROUPS[ANNE], 1)
    assert code == join.shown
    assert address == service and qr_url == f"{service}/{join.code}"
    anne.locator(".ik-session-live-count").get_by_text(t("live.count_many", x=0, y=len(MEMBERS)),
                                                        exact=True).wait_for()

    # a participant through the service with the code from anne's page; her count goes up unreloaded
    evaluate_as_participant(hub_browser, hub, code, join, "vos-12")
    anne.locator(".ik-session-live-count").get_by_text(t("live.count_one", x=1, y=len(MEMBERS)),
                                                        exact=True).wait_for(timeout=30_000)
    with Store(hub_db_url) as store:
        assert count_rows(store, "ik_responses") == 1
        rows = store.responses(GROUPS[ANNE])
        assert list(zip(rows["item"], rows["score"])) == [("rapportcijfer", 8)]
        assert set(rows["session"]) == {1} and set(rows["role"]) == {"deelnemer"}

    memory = measure_memory(hub, tmp_path)
    assert memory[ANNE]["kernels"] >= 1  # the figures are of a server with its page kernels

    refusals(hub, join)


def measure_memory(hub, tmp_path) -> dict:
    """RSS of each supervisor's single-user server and of it with its kernels (written for docs/deploy.md)."""
    figures = {}
    for name in (ANNE, ZOE, COORD):
        proc = hub.user_server(name)
        assert proc is not None, f"no single-user server for {name}"
        own, total = hubkit.rss_mib(proc)
        figures[name] = {"server_mib": round(own, 1), "with_kernels_mib": round(total, 1),
                         "kernels": len(proc.children(recursive=True))}
    (tmp_path / "hub-memory.json").write_text(json.dumps(figures, indent=2))
    print("hub memory (MiB):", json.dumps(figures))
    return figures


def refusals(hub, join) -> None:
    """Bad input: an unknown code, a supervisor's participant address, a name the kit cannot store."""
    import requests

    unknown = requests.get(f"{hub.url}/services/intervisie/deelnemen/ZZZZ-ZZZZ", timeout=30)
    assert unknown.status_code == 404 and t("participant.bad_code") in html.unescape(unknown.text)
    moved = requests.get(user_url(hub, ANNE, f"deelnemen/{join.code}"), allow_redirects=False, timeout=30)
    assert moved.status_code == 303
    assert moved.headers["Location"] == f"{hub.url}/services/intervisie/deelnemen/{join.code}"

    http = requests.Session()
    http.get(hub.url + "/hub/login", timeout=30)
    long_name = "x" * 300
    http.post(hub.url + "/hub/login", data={"username": long_name, "password": "x", "_xsrf": http.cookies["_xsrf"]},
              timeout=60)
    spawn = http.get(f"{hub.url}/hub/spawn/{long_name}", timeout=60)
    assert spawn.status_code == 403
    shown = html.unescape(spawn.content.decode("utf-8"))
    assert t("ownership.user_too_long", user=long_name[:40] + "…", n=300, max=255) in shown
    assert hub.user_server(long_name) is None


def test_a_supervisors_server_starts_without_its_database_and_says_so(hub_browser, tmp_path):
    """The kit's server extension with an unreachable PostgreSQL: the server starts, its log names the
    problem in Dutch, and the group page renders with the store's message."""
    proc = hubkit.SingleServer(tmp_path, db_url=f"postgresql+psycopg://kit@127.0.0.1:{hubkit.free_port()}/kit")
    try:
        proc.start()
        ctx = hub_browser.new_context()
        ctx.set_default_timeout(TIMEOUT_MS)
        page = ctx.new_page()
        try:
            page.goto(proc.url("voila/render/groep.ipynb"))
            page.locator(".ik-page").wait_for()  # the page renders
            page.get_by_text(re.compile(re.escape(before("storage.unreachable", "where")))).first.wait_for()
        finally:
            ctx.close()
        assert before("hub.database_unreachable", "message") + before("storage.unreachable", "where") in proc.log_text()
    finally:
        started = proc.descendants() if proc.proc else []
        proc.stop()
    assert not [p for p in started if p.is_running() and p.status() != "zombie"]
