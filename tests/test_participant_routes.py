"""The light participant pages over HTTP, without a browser: the tornado routes of
``server/participants.py`` run in-process (a thread with its own IOLoop) on a real SQLite store,
behind jupyter_server's identity provider with a token, as inside ``intervisie serve``.

Covers every route and every refusal of issue 10 (items 2, 3 and the bad-input list): join by
typed code, the choice page, the evaluation per role, post-it, reflection, the status page;
wrong/expired/revoked codes (one message), the throttle of wrong codes, crafted POSTs, XSRF,
the confirm-before-replace step, store failures, the thread pool, base_url.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
import threading
from contextlib import contextmanager

import pytest
import requests
import tornado.web
from jupyter_server.auth import AllowAllAuthorizer, IdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from sqlalchemy import update
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from intervisie_widgets import catalog
from intervisie_widgets.catalog import forms
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.join import MAX_POSTIT_CHARS
from intervisie_widgets.server import participants as pages
from intervisie_widgets.server.participant_throttle import CodeThrottle
from intervisie_widgets.storage import Store, StoreUnavailable, count_rows, schema

TOKEN = "s3cret-token"
FORM = forms.session_form()


class Protected(JupyterHandler):
    """Stands for a notebook page: needs the token."""

    @tornado.web.authenticated
    def get(self):
        self.finish("the notebook")


@contextmanager
def running(participants, server_url="/"):
    """The participant routes (plus one token-protected page) on a free port; yields the base URL."""
    ready, box = threading.Event(), {}

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        idp = IdentityProvider(token=TOKEN)
        app = tornado.web.Application(
            pages.routes(server_url, participants) + [(server_url + "notebook", Protected)],
            base_url=server_url, identity_provider=idp, authorizer=AllowAllAuthorizer(identity_provider=idp),
            cookie_secret=b"0" * 32, allow_remote_access=True, login_url=server_url + "login")
        sockets = bind_sockets(0, "127.0.0.1")
        HTTPServer(app).add_sockets(sockets)
        box["url"] = f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
        box["loop"] = IOLoop.current()
        box["thread"] = threading.current_thread()
        ready.set()
        box["loop"].start()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield box["url"] + server_url.rstrip("/"), box["thread"]
    finally:
        box["loop"].add_callback(box["loop"].stop)
        thread.join(10)
        participants.close()


class Site:
    """A running site with its store, one group with members and a live code for meeting 2."""

    def __init__(self, tmp_path, throttle=None, store_wrapper=None, server_url="/"):
        self.store = Store(f"sqlite:///{tmp_path / 'kit.sqlite'}")
        self.store.save_group(Group((Member("Annemarie"), Member("Bartholomeus"), Member("Tess", begeleider=True)),
                                    code="Team Noord", name="Wijkteam Noord"))
        self.join = self.store.create_join("Team Noord", 2)
        self.other = self.store.create_join("Team Noord", 3)
        backend = store_wrapper(self.store) if store_wrapper else self.store
        self.participants = pages.Participants(store_factory=lambda: backend, throttle=throttle)
        self.server_url = server_url
        self.http = requests.Session()

    def url(self, path=""):
        return self.base + path

    def get(self, path, **kw):
        return self.http.get(self.url(path), allow_redirects=False, timeout=30, **kw)

    def post(self, path, data, **kw):
        return self.http.post(self.url(path), data=data, allow_redirects=False, timeout=30, **kw)

    def xsrf(self, path="/deelnemen"):
        return re.search(r'name="_xsrf" value="([^"]+)"', self.get(path).text).group(1)

    def fields(self, join=None, role="deelnemer", pseudonym="kat", **answers):
        join = join or self.join
        return {"_xsrf": self.xsrf(), "ik-group": join.group, "ik-session": str(join.session), "ik-role": role,
                "ik-pseudonym": pseudonym, **answers}

    def code_path(self, page="", join=None):
        return f"/deelnemen/{(join or self.join).code}" + (f"/{page}" if page else "")

    def responses(self):
        return count_rows(self.store, "ik_responses")


@pytest.fixture
def site(tmp_path):
    s = Site(tmp_path)
    with running(s.participants) as (base, loop_thread):
        s.base, s.loop_thread = base, loop_thread
        yield s
    s.store.close()


def alerts(text: str) -> list[str]:
    """The messages a page shows as errors (the alert box and its list)."""
    found = []
    for tag, body in re.findall(r'<(p|div) class="ikp-error" role="alert"[^>]*>(.*?)</\1>', text, re.S):
        found += re.findall(r"<li>(.*?)</li>", body, re.S) if tag == "div" else [body]
    return [html.unescape(x).strip() for x in found]


def tx(key, lang="nl", **values):
    return catalog.text(key, lang, **values)


# --------------------------------------------------------------------------- throttle (injected clock)
class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_throttle_lets_a_burst_through_then_doubles_the_wait():
    """Three wrong codes pass; the third starts a 2 s wait, and each wrong code after a wait doubles it."""
    clock = Clock()
    th = CodeThrottle(burst=3, refill_seconds=60, first_wait=2, max_wait=16, clock=clock)
    assert [th.failed("a"), th.failed("a")] == [0.0, 0.0]
    assert th.wait("a") == 0.0
    assert th.failed("a") == 2.0
    assert th.wait("a") == 2.0 and th.wait("b") == 0.0  # another address is not slowed down
    clock.now += 2
    assert th.wait("a") == 0.0
    assert th.failed("a") == 4.0
    clock.now += 4
    assert th.failed("a") == 8.0
    clock.now += 8
    assert th.failed("a") == 16.0
    clock.now += 16
    assert th.failed("a") == 16.0  # capped at max_wait


def test_throttle_forgets_an_address_once_its_bucket_is_full_again():
    """After burst × refill seconds without a wrong code the waits start over from the first one."""
    clock = Clock()
    th = CodeThrottle(burst=2, refill_seconds=10, first_wait=1, max_wait=100, clock=clock)
    th.failed("a"), th.failed("a"), th.failed("a")
    assert th.failed("a") >= 2  # second wait doubled
    clock.now += 10 * 2 + 100
    assert th.wait("a") == 0.0 and len(th) == 0
    assert th.failed("a") == 0.0  # a full bucket again


def test_throttle_remembers_a_bounded_number_of_addresses():
    """The least recently seen address is forgotten first, so memory stays bounded under many addresses."""
    clock = Clock()
    th = CodeThrottle(burst=1, refill_seconds=1000, first_wait=50, max_wait=50, max_addresses=3, clock=clock)
    for address in "abcd":
        assert th.failed(address) == 50
    assert len(th) == 3
    assert th.wait("a") == 0.0  # forgotten
    assert th.wait("d") == 50 and th.wait("b") == 50


def test_throttle_rejects_nonsense_settings():
    """A bucket that could never let anything through is a configuration error."""
    with pytest.raises(ValueError):
        CodeThrottle(burst=0)


# --------------------------------------------------------------------------- joining
def test_join_form_is_dutch_by_default_labelled_and_sets_the_xsrf_cookie(site):
    """GET /deelnemen: lang="nl", a labelled code field, the _xsrf field and cookie, a link to English, no script."""
    r = site.get("/deelnemen")
    assert r.status_code == 200 and '<html lang="nl">' in r.text
    assert '<label for="ik-code">' + tx("participant.code") in r.text
    assert "_xsrf" in site.http.cookies and re.search(r'name="_xsrf" value="[^"]+"', r.text)
    assert 'href="/deelnemen?lang=en"' in r.text
    assert "<script" not in r.text and "default-src 'none'" in r.headers["Content-Security-Policy"]
    en = site.get("/deelnemen?lang=en")
    assert '<html lang="en">' in en.text and tx("participant.join_title", "en") in en.text


def test_a_typed_code_opens_its_meeting_without_the_token_and_without_names(site):
    """A live code typed in lower case with a dash redirects to its meeting: group code and number, no names."""
    r = site.post("/deelnemen", {"_xsrf": site.xsrf(), "ik-code": " " + site.join.shown.lower()})
    assert r.status_code == 303 and r.headers["Location"] == site.code_path()
    page = site.get(r.headers["Location"])
    assert page.status_code == 200
    assert tx("participant.meeting_title", group="Team Noord", session=2) in page.text
    for name in ("Annemarie", "Bartholomeus", "Tess", "Wijkteam Noord"):
        assert name not in page.text
    for role in FORM.role_ids:
        assert f'{site.code_path("evaluatie")}?role={role}"' in page.text
    assert site.code_path("postit") in page.text and site.code_path("reflectie") in page.text
    assert site.get("/notebook").status_code == 302  # the stand-in notebook page still wants the token


@pytest.mark.parametrize("kind", ["unknown", "expired", "revoked", "malformed", "group code"])
def test_every_unusable_code_gets_the_same_message(site, kind):
    """Unknown, expired, revoked and malformed codes, and a group code, all get one message (404)."""
    code = {"unknown": "ABCD-EFGH", "expired": site.join.code, "revoked": site.join.code,
            "malformed": "12", "group code": "Team Noord"}[kind]
    if kind == "expired":
        with site.store.engine.begin() as conn:
            conn.execute(update(schema.join_codes).where(schema.join_codes.c.code == code)
                         .values(expires_at=dt.datetime(2000, 1, 1)))
    if kind == "revoked":
        site.store.revoke_join(code)
    typed = site.post("/deelnemen", {"_xsrf": site.xsrf(), "ik-code": code})
    opened = site.get("/deelnemen/" + code.replace(" ", "%20"))
    for r in (typed, opened):
        assert r.status_code == 404
        assert alerts(r.text) == [tx("participant.bad_code")]
        assert "Wijkteam" not in r.text and "Annemarie" not in r.text
    assert "Team Noord" not in opened.text.replace("Team%20Noord", "")  # only the typed text comes back
    assert alerts(site.get("/deelnemen/ABCDEFGH?lang=en").text) == [tx("participant.bad_code", "en")]


def test_repeated_wrong_codes_from_one_address_must_wait(tmp_path):
    """After the burst of wrong codes the address gets 429 with Retry-After, even for a live code, until the wait ends."""
    clock = Clock()
    s = Site(tmp_path, throttle=CodeThrottle(burst=2, refill_seconds=600, first_wait=30, max_wait=60, clock=clock))
    with running(s.participants) as (base, _):
        s.base = base
        assert s.get("/deelnemen/ABCDEFGH").status_code == 404
        assert s.get("/deelnemen/ABCDEFGK").status_code == 404  # the second wrong code starts the wait
        for path in ("/deelnemen/ABCDEFGM", s.code_path()):
            r = s.get(path)
            assert r.status_code == 429 and r.headers["Retry-After"] == "30"
            assert alerts(r.text) == [tx("participant.throttled", seconds=30)]
        typed = s.post("/deelnemen", {"_xsrf": s.xsrf(), "ik-code": s.join.code})
        assert typed.status_code == 429
        assert s.get("/deelnemen/12").status_code == 429  # while waiting nothing is looked up
        clock.now += 30
        assert s.get(s.code_path()).status_code == 200
    s.store.close()


# --------------------------------------------------------------------------- the evaluation form
@pytest.mark.parametrize("role", FORM.role_ids)
def test_the_form_of_each_role_has_one_fieldset_per_item(site, role):
    """One fieldset with a legend per item of the role; a labelled radio per scale point; textareas with maxlength."""
    r = site.get(site.code_path("evaluatie") + f"?role={role}")
    assert r.status_code == 200
    items = FORM.items_for(role, None)  # the site's meetings have no method: only items without a condition
    assert r.text.count("<fieldset") == len(items) == r.text.count("<legend")
    for item in items:
        assert f'<legend id="legend-{item.id}">{html.escape(item.text.get("nl"), quote=False)}</legend>' in r.text
        if item.type == "scale":
            radios = re.findall(rf'<label class="ikp-option"><input type="radio" name="{item.id}" value="(\d*)"', r.text)
            assert radios == [""] + [str(v) for v in range(item.scale.min, item.scale.max + 1)]
        else:
            assert f'name="{item.id}" rows="4" maxlength="{item.max_length}"' in r.text
    other = set(FORM.role_ids) - {role}
    for item in FORM.items:
        if not item.for_role(role) and any(item.for_role(o) for o in other):
            assert f'name="{item.id}"' not in r.text
    assert '<label for="ik-pseudonym">' in r.text and 'aria-describedby="ik-pseudonym-help"' in r.text


def test_an_unknown_role_is_refused_and_no_role_asks_for_one(site):
    """?role=chef is a 400 naming the roles; no role shows the three role links."""
    r = site.get(site.code_path("evaluatie") + "?role=chef&lang=en")
    assert r.status_code == 400
    assert tx("evaluation.bad_role", "en", role="chef", roles=", ".join(FORM.role_ids)) in alerts(r.text)[0]
    none = site.get(site.code_path("evaluatie"))
    assert none.status_code == 200 and none.text.count("evaluatie?role=") == len(FORM.role_ids)


def test_a_valid_evaluation_is_stored_under_a_key_and_redirects_to_thanks(site):
    """POST → 303 → the status page says thanks; the answers are stored with the role, the pseudonym is not."""
    r = site.post(site.code_path("evaluatie"), site.fields(pseudonym="Kat-17", veiligheid="4", rapportcijfer="8",
                                                           les="Doorvragen helpt"))
    assert r.status_code == 303
    assert r.headers["Location"] == site.code_path("klaar") + "?wat=evaluatie&n=3"
    done = site.get(r.headers["Location"])
    assert tx("evaluation.thanks", session=2, group="Team Noord", n=3) in done.text
    rows = site.store.responses("Team Noord")
    got = {(x.item, x.score if x.item != "les" else x.text) for x in rows.itertuples()}
    assert got == {("veiligheid", 4), ("rapportcijfer", 8), ("les", "Doorvragen helpt")}
    assert set(rows["role"]) == {"deelnemer"} and set(rows["session"]) == {2}
    with site.store.engine.connect() as conn:
        dump = "\n".join(str(row) for t in schema.metadata.sorted_tables for row in conn.execute(t.select()))
    assert "Kat-17" not in dump


def _item_error(item, key, lang, **values):
    return tx("participant.item_error", lang, item=FORM.item(item).label(lang), message=tx(key, lang, **values))


#: crafted change to a good form -> the one message expected (a function of the language)
CRAFTED = {
    "out of scale": ({"veiligheid": "6"},
                     lambda lang: _item_error("veiligheid", "evaluation.out_of_scale", lang, value=6, min=1, max=5)),
    "not a number": ({"veiligheid": "vier"},
                     lambda lang: _item_error("veiligheid", "evaluation.not_whole_number", lang, value="vier")),
    "unknown item": ({"bestaat_niet": "3"},
                     lambda lang: tx("evaluation.unknown_item", lang, item="bestaat_niet", role="deelnemer")),
    "item of another role": ({"meta_positie": "3"},
                             lambda lang: tx("evaluation.unknown_item", lang, item="meta_positie", role="deelnemer")),
    "oversized text": ({"les": "x" * 1001},
                       lambda lang: _item_error("les", "evaluation.too_long", lang, n=1001, max=1000)),
    "empty form": ({"veiligheid": "", "les": ""}, lambda lang: tx("evaluation.nothing_answered", lang)),
    "no pseudonym": ({"ik-pseudonym": " ", "veiligheid": "3"},
                     lambda lang: tx("evaluation.missing_fields", lang, fields=tx("evaluation.pseudonym", lang))),
    "long pseudonym": ({"ik-pseudonym": "p" * 61, "veiligheid": "3"},
                       lambda lang: tx("participant.pseudonym_too_long", lang, max=60)),
}


@pytest.mark.parametrize("case", CRAFTED)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_crafted_posts_get_a_message_and_store_nothing(site, case, lang):
    """Out-of-scale, non-numeric, unknown or foreign items, oversized text, empty forms and bad pseudonyms:
    a 400 with the message in the participant's language, the form again, nothing stored or lost."""
    site.post(site.code_path("evaluatie"), site.fields(pseudonym="eerder", veiligheid="5"))
    before = site.store.responses("Team Noord")
    changes, expected = CRAFTED[case]
    r = site.post(site.code_path("evaluatie") + f"?lang={lang}", {**site.fields(), **changes})
    assert r.status_code == 400 and f'<html lang="{lang}">' in r.text
    assert alerts(r.text) == [expected(lang)]
    assert r.text.count("<fieldset") == len(FORM.items_for("deelnemer", None))
    assert site.store.responses("Team Noord").equals(before) and site.responses() == 1


def test_other_meeting_duplicate_fields_and_bad_roles_in_a_post_are_refused(site):
    """A form of meeting 3 posted to meeting 2's code, a field sent twice, or a made-up role: refused, nothing stored."""
    path = site.code_path("evaluatie")
    other = site.post(path, site.fields(join=site.other, veiligheid="3"))
    assert other.status_code == 400 and alerts(other.text) == [tx("participant.other_meeting")]
    missing = {k: v for k, v in site.fields(veiligheid="3").items() if k != "ik-group"}
    assert alerts(site.post(path, missing).text) == [tx("participant.other_meeting")]
    twice = list(site.fields().items()) + [("veiligheid", "3"), ("veiligheid", "4")]
    dup = site.post(path, twice)
    assert dup.status_code == 400 and alerts(dup.text) == [tx("participant.duplicate_field", item="veiligheid")]
    role = site.post(path, site.fields(role="chef", veiligheid="3"))
    assert role.status_code == 400 and "chef" in alerts(role.text)[0]
    assert site.responses() == 0


def test_a_second_evaluation_asks_before_it_replaces_the_first(site):
    """The same pseudonym again gets a confirm page; 'keep' changes nothing, 'replace' swaps the answers."""
    path = site.code_path("evaluatie")
    site.post(path, site.fields(pseudonym="kat", veiligheid="2"))
    again = site.post(path, site.fields(pseudonym=" KAT ", veiligheid="5", les="nieuw"))
    assert again.status_code == 200 and tx("evaluation.confirm_replace") in again.text
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', again.text))
    assert {hidden["veiligheid"], hidden["les"], hidden["ik-role"]} == {"5", "nieuw", "deelnemer"}
    scores = lambda: sorted(site.store.responses("Team Noord")["score"].dropna())  # noqa: E731
    assert scores() == [2]
    kept = site.post(path, {**hidden, "ik-confirm": "keep"})
    assert kept.headers["Location"].endswith("?wat=bewaard") and scores() == [2]
    assert tx("evaluation.replace_kept") in site.get(kept.headers["Location"]).text
    replaced = site.post(path, {**hidden, "ik-confirm": "replace"})
    assert replaced.status_code == 303 and "wat=vervangen" in replaced.headers["Location"]
    assert scores() == [5] and site.responses() == 1


# --------------------------------------------------------------------------- cross-site requests
def test_posts_without_a_matching_xsrf_token_are_refused(site, tmp_path):
    """No token, another browser's token, or a foreign Origin: 403 with a clear page, nothing stored."""
    path = site.code_path("evaluatie")
    fields = site.fields(veiligheid="3")
    no_token = site.post(path + "?lang=en", {k: v for k, v in fields.items() if k != "_xsrf"})
    assert no_token.status_code == 403 and alerts(no_token.text) == [tx("participant.forbidden", "en")]
    stranger = requests.Session()
    stranger.get(site.url("/deelnemen"), timeout=30)  # has a cookie of its own
    foreign = stranger.post(site.url(path), data=fields, allow_redirects=False, timeout=30)
    assert foreign.status_code == 403 and alerts(foreign.text) == [tx("participant.forbidden")]
    cross = site.post(path, fields, headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403
    assert site.responses() == 0
    assert site.post(path, fields).status_code == 303  # the same form from its own page goes through


# --------------------------------------------------------------------------- post-it and reflection
def test_a_postit_is_stored_anonymously_and_bad_ones_are_refused(site):
    """A post-it is stored for the meeting; an empty or too long one gets the store's message and nothing is stored."""
    path = site.code_path("postit")
    base = {k: v for k, v in site.fields().items() if k in ("_xsrf", "ik-group", "ik-session")}
    page = site.get(path)
    assert f'maxlength="{MAX_POSTIT_CHARS}"' in page.text and '<label for="ik-text">' in page.text
    empty = site.post(path + "?lang=en", {**base, "ik-text": "  "})
    assert empty.status_code == 400 and alerts(empty.text) == [tx("join.postit_empty", "en")]
    long = site.post(path, {**base, "ik-text": "x" * (MAX_POSTIT_CHARS + 1)})
    assert alerts(long.text) == [tx("join.postit_too_long", length=MAX_POSTIT_CHARS + 1, max=MAX_POSTIT_CHARS)]
    assert site.store.postits("Team Noord", 2) == []
    ok = site.post(path, {**base, "ik-text": "Eerst vragen, dan pas advies"})
    assert ok.status_code == 303 and tx("participant.postit_saved") in site.get(ok.headers["Location"]).text
    assert [p.text for p in site.store.postits("Team Noord", 2)] == ["Eerst vragen, dan pas advies"]
    assert site.store.postits("Team Noord", 3) == []


def test_a_reflection_is_sealed_and_a_bad_one_shows_why_without_the_passphrase(site):
    """Passphrases that differ or are too short are refused (not echoed back); a good one stores ciphertext only."""
    path = site.code_path("reflectie")
    base = {k: v for k, v in site.fields().items() if k in ("_xsrf", "ik-group", "ik-session", "ik-pseudonym")}
    text = "Ik neem mee: eerst doorvragen."
    differ = site.post(path, {**base, "ik-text": text, "ik-passphrase": "rode fiets in de regen",
                              "ik-repeat": "rode fiets in de zon"})
    assert differ.status_code == 400 and alerts(differ.text) == [tx("reflection.passphrase_mismatch")]
    assert "rode fiets" not in differ.text and html.escape(text) in differ.text
    short = site.post(path, {**base, "ik-text": text, "ik-passphrase": "kort", "ik-repeat": "kort"})
    assert short.status_code == 400 and "kort" not in re.findall(r'<input[^>]+type="password"[^>]*>', short.text)[0]
    assert count_rows(site.store, "ik_reflections") == 0
    ok = site.post(path, {**base, "ik-text": text, "ik-passphrase": "rode fiets in de regen",
                          "ik-repeat": "rode fiets in de regen"})
    assert ok.status_code == 303 and tx("participant.reflection_saved") in site.get(ok.headers["Location"]).text
    assert [r["text"] for r in site.store.open_reflections("Team Noord", "kat", "rode fiets in de regen")] == [text]


# --------------------------------------------------------------------------- the server side
class GatedStore:
    """The real store, but ``submit_roles`` waits for a gate, records its thread, or fails when told to."""

    def __init__(self, store):
        self.store, self.gate, self.entered, self.threads, self.fail = store, threading.Event(), threading.Event(), [], None
        self.gate.set()

    def __getattr__(self, name):
        return getattr(self.store, name)

    def submit_roles(self, *args, **kwargs):
        self.threads.append(threading.current_thread())
        self.entered.set()
        self.gate.wait(30)
        if self.fail:
            raise self.fail
        return self.store.submit_roles(*args, **kwargs)


def test_store_calls_run_in_the_pool_and_the_loop_keeps_answering(tmp_path):
    """A submission stuck in the store leaves the event loop free: other pages answer meanwhile."""
    s = Site(tmp_path, store_wrapper=GatedStore)
    with running(s.participants) as (base, loop_thread):
        s.base = base
        store = s.participants.store()
        fields = s.fields(veiligheid="4")
        store.gate.clear()
        result = {}
        worker = threading.Thread(target=lambda: result.update(r=s.post(s.code_path("evaluatie"), fields)))
        worker.start()
        assert store.entered.wait(30)
        assert requests.get(s.url("/deelnemen"), timeout=10).status_code == 200  # not blocked
        store.gate.set()
        worker.join(30)
        assert result["r"].status_code == 303
        assert store.threads and all(t is not loop_thread for t in store.threads)
        assert all(t.name.startswith("ik-participants") for t in store.threads)
    s.store.close()


def test_a_store_failure_keeps_the_answers_on_the_page(tmp_path):
    """When the database cannot be reached the form comes back (503) with its answers and the reason."""
    s = Site(tmp_path, store_wrapper=GatedStore)
    with running(s.participants) as (base, _):
        s.base = base
        s.participants.store().fail = StoreUnavailable("kit.sqlite", "locked", kind="locked")
        r = s.post(s.code_path("evaluatie"), s.fields(les="bewaar mij"))
        assert r.status_code == 503 and "bewaar mij</textarea>" in r.text
        assert alerts(r.text)[0].startswith(tx("participant.not_saved", reason="§").split("§")[0].strip())
        assert s.responses() == 0
    s.store.close()


def test_unknown_pages_big_bodies_and_unknown_status_are_refused(site):
    """Unknown paths under /deelnemen and an unknown status are 404 pages; an oversized body is a 413."""
    assert alerts(site.get("/deelnemen/x/y/z").text) == [tx("participant.not_found")]
    assert site.get(site.code_path("klaar") + "?wat=alles").status_code == 404
    big = site.post(site.code_path("postit"), {"_xsrf": site.xsrf(), "ik-text": "x" * 1_100_000})
    assert big.status_code == 413 and alerts(big.text) == [tx("participant.too_large")]


def test_routes_follow_the_base_url(tmp_path):
    """Under base_url /kit/ the pages live at /kit/deelnemen and every link and redirect stays under it."""
    s = Site(tmp_path, server_url="/kit/")
    with running(s.participants, "/kit/") as (base, _):
        s.base = base
        page = s.get("/deelnemen")
        assert page.status_code == 200 and 'action="/kit/deelnemen"' in page.text
        r = s.post("/deelnemen", {"_xsrf": s.xsrf(), "ik-code": s.join.code})
        assert r.headers["Location"] == f"/kit/deelnemen/{s.join.code}"
        choice = s.get(f"/deelnemen/{s.join.code}")
        links = re.findall(r'<a href="([^"]+)"', choice.text)
        assert links and all(x.startswith("/kit/deelnemen") or x == "#main" for x in links), links
    s.store.close()
