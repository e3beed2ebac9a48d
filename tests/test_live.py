"""Widget tests (no browser) of the live card: the join screen on the projector, the response
count, tonight's results with the minimum-group rule and the post-it wall with hide toggles.

A temporary SQLite store, a fake clock (nothing sleeps) and an executor that runs the poll at
once; one test uses a real worker thread to show that a stuck database does not hold the page.
"""
from __future__ import annotations

import base64
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.planning import default_plan, to_records
from intervisie_widgets.render import qr
from intervisie_widgets.state import AppState
from intervisie_widgets.state.live import Immediate, LiveState, is_loopback, public_base
from intervisie_widgets.storage import Store, StoreUnavailable
from intervisie_widgets.views.facilitator import FacilitatorView
from intervisie_widgets.views.trajectory import TrajectoryView

CODE = "LIVE-1"
PARTICIPANTS = ("Ans", "Bram", "Cem", "Dewi", "Eva", "Fleur")
BEGELEIDER = "Toos"
PUBLIC = "http://192.168.1.20:8866"
ENV = {"INTERVISIE_PUBLIC_URL": PUBLIC + "/"}


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def plain(html: str) -> str:
    """The text a reader sees (a <wbr> line-break hint is no space)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("<wbr>", ""))).strip()


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'live.sqlite'}"


@pytest.fixture
def store(url):
    """Group LIVE-1: six participants and a begeleider, ten planned meetings."""
    s = Store(url)
    members = tuple(Member(n) for n in PARTICIPANTS) + (Member(BEGELEIDER, begeleider=True),)
    s.save_group(Group(members, code=CODE, name="Live groep"))
    s.save_plan(CODE, to_records(default_plan(PARTICIPANTS, 10)))
    yield s
    s.close()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def open_view(store, url, clock):
    def make(group: str = CODE, lang: str = "nl", environ=ENV, store_factory=None, **live) -> FacilitatorView:
        options = {"executor": Immediate(), "environ": environ, **live}
        return FacilitatorView(AppState(lang=lang), None, clock=clock, store_factory=store_factory or (lambda: Store(url)),
                               group=group, live_options=options)
    return make


def evaluate(store: Store, who: str, scores: dict, role: str = "deelnemer", number: int = 1) -> None:
    store.submit(CODE, number, role, who, scores)


def tick_at(view: FacilitatorView, clock: Clock, t: float) -> None:
    clock.t = t
    view._tick()


# --------------------------------------------------------------------------- the count
def test_the_count_follows_the_store_no_sooner_than_every_two_seconds(open_view, store, clock):
    """The count is read when the meeting opens, a new response shows only once 2 s have passed."""
    v = open_view()
    assert v.live.responded == 0
    assert plain(v.live_panel.count.value) == "0 van 7 aanwezigen hebben gereageerd"
    evaluate(store, "p1", {"veiligheid": 4})
    tick_at(v, clock, 101.0)
    tick_at(v, clock, 101.9)
    assert v.live.responded == 0
    tick_at(v, clock, 102.0)
    assert v.live.responded == 1
    assert plain(v.live_panel.count.value) == "1 van 7 aanwezigen heeft gereageerd"
    evaluate(store, "p2", {"veiligheid": 5})
    tick_at(v, clock, 103.0)
    assert v.live.responded == 1
    tick_at(v, clock, 104.0)
    assert plain(v.live_panel.count.value) == "2 van 7 aanwezigen hebben gereageerd"


def test_the_base_of_the_count_is_who_is_ticked_present(open_view):
    """Unticking a member lowers y at once; the begeleider counts among those present."""
    v = open_view()
    v.group_panel.checks["Fleur"].value = False
    assert plain(v.live_panel.count.value) == "0 van 6 aanwezigen hebben gereageerd"
    v.group_panel.checks[BEGELEIDER].value = False
    assert v.live.present == 5


def test_the_ticker_runs_for_a_stored_meeting_and_not_for_a_free_session(open_view):
    """With a stored group the Play ticker starts once the browser shows it (the browser's Play starts on a
    change of ``playing``), before the timer starts: the count needs it. A free session's stays still."""
    v = open_view()
    assert v.ticker.playing is False  # not yet shown: an initial True would never start the browser's Play
    v.ticker._view_count = 1  # what the front end reports when it displays the ticker
    assert v.ticker.playing is True
    free = open_view(group="")
    free.ticker._view_count = 1
    assert free.ticker.playing is False
    assert free.live_panel.widget.layout.display == "none"


def test_a_store_error_while_polling_is_a_quiet_notice(open_view, store, url, clock):
    """A database that fails during the evening gives a notice in the page (no exception); the next good poll clears it."""
    broken = {"on": False}

    class Flaky(Store):
        def session_response_count(self, *a, **k):
            if broken["on"]:
                raise StoreUnavailable("live.sqlite", "disk gone")
            return super().session_response_count(*a, **k)

    v = open_view(store_factory=lambda: Flaky(url))
    broken["on"] = True
    tick_at(v, clock, 102.0)
    assert "disk gone" in plain(v.live_panel.notice.value)
    assert 'role="status"' in v.live_panel.notice.value and "alert" not in v.live_panel.notice.value
    assert v.live.responded == 0
    broken["on"] = False
    evaluate(store, "p1", {"veiligheid": 4})
    tick_at(v, clock, 104.0)
    assert v.live_panel.notice.value == "" and v.live.responded == 1


def test_a_stuck_database_does_not_hold_the_kernel(store, url, clock):
    """With a worker thread, a poll whose query hangs returns to the page; the count arrives on a later tick."""
    release, entered = threading.Event(), threading.Event()

    class Slow(Store):
        def session_response_count(self, *a, **k):
            entered.set()
            release.wait(30)
            return super().session_response_count(*a, **k)

    slow = Slow(url)
    with ThreadPoolExecutor(max_workers=1) as pool:
        live = LiveState(lambda: slow, clock, executor=pool, wait=0.01)
        live.bind(CODE, 1, 7)
        live.poll()
        assert entered.wait(10)
        assert live.responded is None and not release.is_set()  # poll() came back while the query hangs
        evaluate(store, "p1", {"veiligheid": 4})
        release.set()
        for _ in range(500):
            clock.t += 0.5  # later ticks: the finished query is picked up (no new one before it is)
            live.poll()
            if live.responded is not None:
                break
            threading.Event().wait(0.01)
        assert live.responded == 1
    slow.close()


# --------------------------------------------------------------------------- results
def test_results_stay_hidden_with_two_respondents_and_show_with_three(open_view, store, clock):
    """Two evaluations: the rule is explained and no mean shown; a third: exact means, and an item two answered stays hidden."""
    evaluate(store, "p1", {"veiligheid": 4, "leeropbrengst": 2, "rapportcijfer": 8})
    evaluate(store, "p2", {"veiligheid": 5, "leeropbrengst": 3, "rapportcijfer": 6})
    v = open_view()
    v.live_panel.results_button.click()
    html = v.live_panel.screen.value
    assert "<table" not in html and "4,5" not in html
    assert "Nog geen resultaten: er zijn er 2 binnen, we tonen pas iets vanaf 3 evaluaties." in plain(html)
    assert "minder dan 3 mensen wordt nooit getoond" in plain(html)
    evaluate(store, "p3", {"veiligheid": 3, "leeropbrengst": 5}, role="inbrenger")
    tick_at(v, clock, 102.0)  # the count changed while the results show: they are read again
    rows = {m.group(1): plain(m.group(2)) for m in re.finditer(r'<tr data-item="(\w+)">(.*?)</tr>',
                                                                 v.live_panel.screen.value)}
    assert rows == {"veiligheid": "Veiligheid 4,0 (schaal 1–5) 3",
                    "leeropbrengst": "Leeropbrengst 3,3 (schaal 1–5) 3",
                    "rapportcijfer": "Rapportcijfer niet getoond: minder dan 3 2"}


def test_results_read_only_this_meetings_session_evaluations(open_view, store):
    """Evaluations of another meeting do not count towards tonight's three."""
    for who in ("p1", "p2", "p3"):
        evaluate(store, who, {"veiligheid": 5}, number=2)
    evaluate(store, "p1", {"veiligheid": 1})
    v = open_view()
    v.live_panel.results_button.click()
    assert v.live.results.respondents == 1 and not v.live.results.shown


def test_results_follow_min_group(open_view, store):
    """With min_group 2 two respondents are enough and the rule names 2."""
    evaluate(store, "p1", {"veiligheid": 4})
    evaluate(store, "p2", {"veiligheid": 3})
    v = open_view(min_group=2)
    v.live_panel.results_button.click()
    assert "Veiligheid 3,5 (schaal 1–5) 2" in plain(v.live_panel.screen.value)
    assert "minder dan 2 mensen" in plain(v.live_panel.screen.value)


# --------------------------------------------------------------------------- the post-it wall
def test_a_hidden_card_never_appears_on_the_wall(open_view, store, clock):
    """The trainer hides one card before showing the wall: it is not in the wall's HTML, and the store keeps it hidden."""
    store.add_postit(CODE, 1, "Eerst luisteren, dan vragen")
    secret = store.add_postit(CODE, 1, "Jan had het weer over zijn scheiding")
    v = open_view()
    assert len(v.live_panel.hide_boxes) == 2
    v.live_panel.hide_boxes[secret].value = True
    v.live_panel.wall_button.click()
    wall = v.live_panel.screen.value
    assert "Eerst luisteren, dan vragen" in wall and "scheiding" not in wall
    assert "De gespreksleider leest de kaartjes en vat samen" in plain(wall)
    assert [p.hidden for p in store.postits(CODE, 1) if p.id == secret] == [True]


def test_hiding_a_card_on_the_wall_removes_it_and_new_cards_wait(open_view, store, clock):
    """A card hidden while the wall shows leaves it at once; a card written later waits for 'Muur vernieuwen'."""
    first = store.add_postit(CODE, 1, "Samenvatten helpt")
    store.add_postit(CODE, 1, "Stiltes zijn goed")
    v = open_view()
    v.live_panel.wall_button.click()
    v.live_panel.hide_boxes[first].value = True
    assert "Samenvatten helpt" not in v.live_panel.screen.value
    store.add_postit(CODE, 1, "Doorvragen op gevoel")
    tick_at(v, clock, 102.0)
    assert "Doorvragen op gevoel" not in v.live_panel.screen.value
    assert "1 nieuwe kaartje(s) binnen" in plain(v.live_panel.screen.value)
    assert v.live_panel.wall_button.description == "Muur vernieuwen"
    v.live_panel.wall_button.click()
    assert "Doorvragen op gevoel" in v.live_panel.screen.value and "Samenvatten helpt" not in v.live_panel.screen.value


def test_projector_mode_hides_the_trainers_hide_toggles(open_view, store):
    """The projector toggle hides the card list (texts of hidden cards included) and marks the page for large type."""
    store.add_postit(CODE, 1, "Een les")
    v = open_view()
    v.projector.value = True
    assert v.live_panel.moderation.layout.display == "none"
    assert "ik-projector" in v.frame.widget._dom_classes
    v.projector.value = False
    assert v.live_panel.moderation.layout.display is None and "ik-projector" not in v.frame.widget._dom_classes


# --------------------------------------------------------------------------- the join screen
def test_the_join_screen_shows_the_stores_code_address_and_qr(open_view, store):
    """The screen shows the meeting's live code as ABCD-EFGH, the short address and a QR code of the join address."""
    v = open_view()
    v.live_panel.join_button.click()
    html = v.live_panel.screen.value
    code = store.create_join(CODE, 1)  # the live code is given again
    assert code.shown in html and f"{PUBLIC}/deelnemen" in plain(html)
    join_url = f"{PUBLIC}/deelnemen/{code.code}"
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1))
    assert png == qr.qr_png(join_url)
    assert re.search(r'alt="[^"]*' + re.escape(join_url) + '"', html)
    assert "Deze code werkt tot" in plain(html) and "ik-join-local" not in html


def test_another_meeting_gets_its_own_code(open_view, store):
    """Choosing meeting 2 clears the screen; its join screen shows meeting 2's code, not meeting 1's."""
    v = open_view()
    v.live_panel.join_button.click()
    first = v.live.join
    v.group_panel.number.value = 2
    assert v.live.screen == "" and v.live_panel.screen.value == ""
    v.live_panel.join_button.click()
    assert v.live.join.session == 2 and v.live.join.code != first.code
    assert store.create_join(CODE, 2).shown in v.live_panel.screen.value


def test_a_free_session_has_no_join_screen(open_view):
    """Without a stored group the live card is hidden and asking for a code says why, storing nothing."""
    v = open_view(group="")
    assert v.live.show_join() is False
    assert v.live.join is None
    assert "losse bijeenkomst is er geen deelnamecode" in plain(v.live_panel.notice.value)


def test_the_join_screen_in_english(open_view):
    """In English the screen, the count and the buttons are English."""
    v = open_view(lang="en")
    v.live_panel.join_button.click()
    assert "Join from your phone" in v.live_panel.screen.value
    assert plain(v.live_panel.count.value) == "0 of 7 present have responded"
    assert v.live_panel.results_button.description == "Show results"


@pytest.mark.parametrize("environ, expected", [
    ({"INTERVISIE_PUBLIC_URL": "https://kit.example.nl/ik/"}, "https://kit.example.nl/ik"),
    ({"SERVER_NAME": "10.0.0.7", "SERVER_PORT": "8866", "SCRIPT_NAME": "/voila/render/sessie.ipynb"},
     "http://10.0.0.7:8866"),
    ({"SERVER_NAME": "laptop.local", "SERVER_PORT": "", "SCRIPT_NAME": "/kit/voila/render/sessie.ipynb"},
     "http://laptop.local/kit"),
    ({"SERVER_NAME": "::1", "SERVER_PORT": "9000", "SCRIPT_NAME": "/voila/render/sessie.ipynb"}, "http://[::1]:9000"),
    ({}, ""),
])
def test_public_base(environ, expected):
    """INTERVISIE_PUBLIC_URL wins; else the host, port and base path the browser asked Voilà for; else nothing."""
    assert public_base(environ) == expected


def test_a_loopback_address_is_flagged_on_the_join_screen(open_view):
    """Derived from a page opened on 127.0.0.1 the address is shown with a warning that phones cannot reach it."""
    assert is_loopback("http://127.0.0.1:8866") and is_loopback("http://localhost") and not is_loopback(PUBLIC)
    v = open_view(environ={"SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8866", "SCRIPT_NAME": "/voila/render/s.ipynb"})
    v.live_panel.join_button.click()
    html = v.live_panel.screen.value
    assert "http://127.0.0.1:8866/deelnemen" in html and "ik-join-local" in html


def test_an_unknown_address_still_shows_the_code(open_view):
    """Outside Voilà without INTERVISIE_PUBLIC_URL there is no QR code, but the code and how to set the address."""
    v = open_view(environ={})
    v.live_panel.join_button.click()
    html = v.live_panel.screen.value
    assert "<img" not in html and v.live.join.shown in html and "--public-url" in html


def test_the_trajectory_page_shows_the_join_code_for_the_next_meeting(store, url, monkeypatch):
    """On the trajectory page the button names the next meeting and shows that meeting's code; a second click hides it."""
    monkeypatch.setenv("INTERVISIE_PUBLIC_URL", PUBLIC)
    v = TrajectoryView(AppState(lang="nl"), store_factory=lambda: Store(url), group=CODE)
    assert v.join.button.description == "Deelnamecode tonen voor bijeenkomst 1"
    v.join.button.click()
    assert v.join.button.description == "Deelnamecode verbergen"
    assert store.create_join(CODE, 1).shown in v.join.screen.value
    assert f"{PUBLIC}/deelnemen" in plain(v.join.screen.value)
    v.join.button.click()
    assert v.join.screen.value == "" and v.join.button.description == "Deelnamecode tonen voor bijeenkomst 1"


def test_the_trajectory_page_has_no_join_code_before_a_group_is_chosen(url):
    """Without a chosen group the join card is hidden."""
    v = TrajectoryView(AppState(lang="nl"), store_factory=lambda: Store(url))
    assert v.join.widget.layout.display == "none"
