"""The light participant pages in the real ``intervisie serve`` and headless Chromium, on a
phone-sized screen (375×812, touch): issue 10 items 2, 3 and 7.

* With JavaScript switched off a phone types the short address's code, evaluates as a
  participant, writes a post-it and a reflection: every step is a plain form and a redirect.
* axe-core (npm, installed by test.sh into .node/) finds no serious or critical violation on any
  participant page, error pages included; nothing scrolls sideways at 375 px; the inlined style
  sheet passes the page's Content-Security-Policy.
* With a token set, the participant pages need none, while the notebook pages still do.

The server's SQLite file is opened directly to set up the group and its join code, and to check
what was stored.
"""
from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
import requests
from browserkit import REPO, on_ci, screenshot

from intervisie_widgets import catalog
from intervisie_widgets.catalog import forms
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.storage import Store, count_rows

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
#: axe-core's browser build; AXE_CORE_JS overrides where it is.
AXE_JS = Path(os.environ.get("AXE_CORE_JS") or REPO / ".node" / "node_modules" / "axe-core" / "axe.min.js")
BLOCKING = ("serious", "critical")


def db_url(server) -> str:
    return f"sqlite:///{Path(server.env['INTERVISIE_DATA_DIR']) / 'intervisie.sqlite'}"


def meeting(server, session: int = 2, method: str = ""):
    """A stored group with members and the live join code of one of its meetings (planned with ``method``)."""
    code = "TEL-" + uuid.uuid4().hex[:6].upper()
    with Store(db_url(server)) as store:
        store.save_group(Group((Member("Annemarie"), Member("Bartholomeus")), code=code, name="Telefoonteam"))
        if method:
            store.save_plan(code, [{"number": session, "method": method}])
        return store.create_join(code, session)


@pytest.fixture(scope="module")
def axe_js() -> Path:
    """The axe-core script; missing: skipped here, a failure under CI (test.sh installs it)."""
    if not AXE_JS.is_file():
        reason = f"{AXE_JS} is missing (./test.sh installs axe-core from npm into .node/)"
        if on_ci():
            pytest.fail(f"{reason}; under CI (CI=true) the accessibility check must run", pytrace=False)
        pytest.skip(reason)
    return AXE_JS


def t(key, **values):
    return catalog.text(key, "nl", **values)


def test_a_phone_without_javascript_joins_evaluates_and_writes(browser, server_url, server, monkeypatch):
    """No JavaScript: type the code, evaluate as deelnemer, post a post-it and a reflection; all stored."""
    join = meeting(server)
    ctx = browser.new_context(java_script_enabled=False, **PHONE)
    page = ctx.new_page()
    try:
        page.goto(server_url + "/deelnemen")
        page.get_by_label(t("participant.code")).fill(join.shown.lower())
        page.get_by_role("button", name=t("participant.continue")).click()
        page.get_by_role("heading", name=t("participant.meeting_title", group=join.group, session=2)).wait_for()
        assert "Annemarie" not in page.content()
        deelnemer = forms.session_form().role_name("deelnemer", "nl")
        page.get_by_role("link", name=t("participant.evaluation_as", role=deelnemer)).click()
        page.get_by_label(t("evaluation.pseudonym")).fill("vos-12")
        agree = t("participant.scale_option", value=4, label=forms.session_form().item("veiligheid").scale.label(4, "nl"))
        page.get_by_role("group", name=re.compile("^Ik voelde me veilig")).get_by_label(agree, exact=True).check()
        page.get_by_role("group", name=re.compile("^Welk rapportcijfer")).get_by_label("8", exact=True).check()
        page.get_by_role("textbox", name=re.compile("^Mijn geleerde les")).fill("Eerst doorvragen")
        page.get_by_role("button", name=t("evaluation.submit")).click()
        page.get_by_text(t("evaluation.thanks", session=2, group=join.group, n=3)).wait_for()

        page.get_by_role("link", name=t("participant.back")).click()
        page.get_by_role("link", name=t("participant.postit_link")).click()
        page.get_by_label(t("participant.postit_text")).fill("Stilte is ook een antwoord")
        page.get_by_role("button", name=t("participant.send")).click()
        page.get_by_text(t("participant.postit_saved")).wait_for()

        page.get_by_role("link", name=t("participant.back")).click()
        page.get_by_role("link", name=t("participant.reflection_link")).click()
        page.get_by_label(t("reflection.pseudonym")).fill("vos-12")
        page.get_by_label(t("reflection.text")).fill("Ik vraag voortaan eerst door.")
        page.get_by_label(t("reflection.passphrase"), exact=True).fill("groene appels in de herfst")
        page.get_by_label(t("reflection.passphrase_repeat")).fill("groene appels in de herfst")
        page.get_by_role("button", name=t("reflection.save")).click()
        page.get_by_text(t("participant.reflection_saved")).wait_for()
        screenshot(page, "participant-phone-done")
    finally:
        ctx.close()
    monkeypatch.setenv("INTERVISIE_DATA_DIR", server.env["INTERVISIE_DATA_DIR"])  # the server's pseudonym key
    with Store(db_url(server)) as store:
        rows = store.responses(join.group)
        assert sorted(zip(rows["item"], rows["score"].fillna(-1))) == [("les", -1), ("rapportcijfer", 8),
                                                                       ("veiligheid", 4)]
        assert set(rows["session"]) == {2} and set(rows["role"]) == {"deelnemer"}
        assert [p.text for p in store.postits(join.group, 2)] == ["Stilte is ook een antwoord"]
        opened = store.open_reflections(join.group, "vos-12", "groene appels in de herfst")
        assert [r["text"] for r in opened] == ["Ik vraag voortaan eerst door."]


def test_a_phone_in_a_vier_fasen_meeting_evaluates_two_roles_at_once(browser, server_url, server, monkeypatch):
    """Vierfasenmodel: the phone picks 'inbrenger en deelnemer', answers both parts and two responses are stored."""
    join = meeting(server, method="vier-fasen")
    form = forms.session_form()
    ctx = browser.new_context(java_script_enabled=False, **PHONE)
    page = ctx.new_page()
    try:
        page.goto(f"{server_url}/deelnemen/{join.code}")
        both = t("evaluation.roles_and", first=form.role_name("inbrenger", "nl"),
                 second=form.role_name("deelnemer", "nl").lower())
        page.get_by_role("link", name=t("participant.evaluation_as", role=both)).click()
        page.get_by_role("heading", name=t("evaluation.part_leader")).wait_for()
        page.get_by_label(t("evaluation.pseudonym")).fill("das-3")
        for item, value in (("inbreng_vraag", 5), ("open_vragen", 4), ("leider_ruimte", 3)):
            label = t("participant.scale_option", value=value, label=form.item(item).scale.label(value, "nl"))
            page.get_by_role("group", name=form.item(item).text.nl).get_by_label(label, exact=True).check()
        page.get_by_role("textbox", name=form.item("proces_beter").text.nl).fill("Beter op de tijd letten")
        page.get_by_role("button", name=t("evaluation.submit")).click()
        page.get_by_text(t("evaluation.thanks", session=2, group=join.group, n=4)).wait_for()
        screenshot(page, "participant-phone-two-roles")
    finally:
        ctx.close()
    monkeypatch.setenv("INTERVISIE_DATA_DIR", server.env["INTERVISIE_DATA_DIR"])
    with Store(db_url(server)) as store:
        rows = store.responses(join.group)
        assert sorted(zip(rows["role"], rows["item"])) == [
            ("deelnemer", "open_vragen"), ("inbrenger", "inbreng_vraag"), ("inbrenger", "leider_ruimte"),
            ("inbrenger", "proces_beter")]
        assert rows["participant"].nunique() == 1


def axe_violations(page, axe_js: Path) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(axe_js))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))""")
    return [v for v in found if v["impact"] in BLOCKING]


def fits_the_phone(page) -> None:
    """Nothing scrolls sideways and every control lies within the 375 px screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for box in page.locator("button, input:not([type=hidden]), textarea, a:not(.ikp-skip)").all():
        b = box.bounding_box()
        assert b is None or (b["x"] >= 0 and b["x"] + b["width"] <= 375), box


def test_every_participant_page_passes_axe_on_a_phone(browser, server_url, server, axe_js):
    """axe-core: 0 serious or critical violations on every page (English ones and error pages too); 375 px fits."""
    join, vier = meeting(server), meeting(server, method="vier-fasen")
    ctx = browser.new_context(bypass_csp=True, **PHONE)  # so axe can be injected; the pages have no script
    page = ctx.new_page()
    base = f"{server_url}/deelnemen/{join.code}"
    pages = ["/deelnemen", "/deelnemen?lang=en", f"/deelnemen/{join.code}", f"/deelnemen/{join.code}/postit",
             f"/deelnemen/{join.code}/reflectie?lang=en", f"/deelnemen/{join.code}/klaar?wat=postit",
             "/deelnemen/ABCD-EFGH", f"/deelnemen/{vier.code}", f"/deelnemen/{vier.code}/evaluatie?role=inbrenger,deelnemer",
             ] + [f"/deelnemen/{join.code}/evaluatie?role={r}" for r in forms.session_form().role_ids]
    try:
        for path in pages:
            page.goto(server_url + path)
            assert axe_violations(page, axe_js) == [], path
            fits_the_phone(page)
        page.goto(base + "/evaluatie?role=inbrenger&lang=en")  # a refused form: the error box and the form again
        page.get_by_label(catalog.text("evaluation.pseudonym", "en")).fill("uil")
        page.get_by_role("button", name=catalog.text("evaluation.submit", "en")).click()  # nothing answered
        page.locator(".ikp-error").wait_for()
        assert axe_violations(page, axe_js) == []
        fits_the_phone(page)
        # the check itself works: an unlabelled field on a page without lang is reported
        page.set_content("<!doctype html><html><head><title>x</title></head><body><input type=text></body></html>")
        assert {"label", "html-has-lang"} <= {v["id"] for v in axe_violations(page, axe_js)}
    finally:
        ctx.close()


def test_the_inlined_style_sheet_passes_the_content_security_policy(browser, server_url, server):
    """Without bypassing the CSP the page is styled (the style sheet's hash is allowed) and nothing is blocked."""
    join = meeting(server)
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(f"{server_url}/deelnemen/{join.code}/evaluatie?role=deelnemer")
        colour = page.locator("button.ikp-primary").evaluate("b => getComputedStyle(b).backgroundColor")
        assert colour == "rgb(11, 83, 148)" and blocked == []
    finally:
        ctx.close()


def test_with_a_token_only_the_participant_pages_are_open(serve_process):
    """--token: /deelnemen and a meeting's pages answer without it; notebook pages and the API still want it."""
    srv = serve_process("--token", "s3cret-token-for-the-tests", "--", "--VoilaConfiguration.preheat_kernel=False", pool_size=0)
    join = meeting(srv)
    s = requests.Session()
    assert s.get(f"{srv.url}/deelnemen", timeout=30).status_code == 200
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', s.get(f"{srv.url}/deelnemen/{join.code}/postit", timeout=30).text)
    r = s.post(f"{srv.url}/deelnemen/{join.code}/postit", allow_redirects=False, timeout=30,
               data={"_xsrf": xsrf.group(1), "ik-group": join.group, "ik-session": "2", "ik-text": "Zonder token"})
    assert r.status_code == 303
    with Store(db_url(srv)) as store:
        assert count_rows(store, "ik_postits") == 1
    for path in ("/voila/render/home.ipynb", "/voila/render/dashboard.ipynb", "/"):
        r = s.get(srv.url + path, allow_redirects=False, timeout=30)
        assert r.status_code == 302 and r.headers["Location"].startswith("/login"), path
    assert s.get(f"{srv.url}/voila/api/contents", timeout=30).status_code == 403
