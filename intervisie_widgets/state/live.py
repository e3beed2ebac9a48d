"""The live side of a meeting on the projector: the join code, how many of those present have
responded, tonight's results and the post-it wall (traitlets state, no widgets).

The page's ticker calls :meth:`LiveState.poll` once a second; the store is asked at most every
:data:`POLL_SECONDS`, in a worker thread, and the kernel waits for the answer at most ``wait``
seconds (a slow database never freezes the trainer's page: the answer is picked up on a later
tick). Nothing raises into the page: a failure becomes ``notice`` (a StoreError with
``message(lang)`` or a :class:`~intervisie_widgets.model.session.Notice`).

**The participants' address.** The kernel cannot see the browser's origin. The public base is
``INTERVISIE_PUBLIC_URL`` (``intervisie serve --public-url``, exported to the kernels); without it,
the host and port the trainer's browser asked Voilà for (``SERVER_NAME``/``SERVER_PORT``, set by
Voilà for each page) with ``http://`` and the server's base path (from ``SCRIPT_NAME``). A
loopback host is flagged (:func:`is_loopback`): phones cannot reach it.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from traitlets import Any as AnyTrait
from traitlets import Enum, HasTraits, Instance, Int, Tuple, Unicode

from ..catalog import forms
from ..engines import analysis
from ..model.session import Notice
from ..settings import load_settings

#: The store is asked for the response count at most this often (seconds).
POLL_SECONDS = 2.0
#: How long one tick waits for the store's answer before leaving it to a later tick (seconds).
POLL_WAIT = 0.25
SCREENS = ("", "join", "results", "wall")
_LOOPBACK = ("localhost", "127.", "::1", "[::1]", "0.0.0.0")
_log = logging.getLogger(__name__)


def public_base(environ: Mapping[str, str] | None = None) -> str:
    """Where participants reach the kit (no trailing slash); ``""`` when nothing says so."""
    env = os.environ if environ is None else environ
    given = (env.get("INTERVISIE_PUBLIC_URL") or "").strip()
    if given:
        return given.rstrip("/")
    host = (env.get("SERVER_NAME") or "").strip()
    if not host:
        return ""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    port = (env.get("SERVER_PORT") or "").strip()
    script = env.get("SCRIPT_NAME") or ""
    prefix = script.split("voila/", 1)[0] if "voila/" in script else "/"
    return f"http://{host}{':' + port if port else ''}{prefix}".rstrip("/")


def is_loopback(base: str) -> bool:
    """Whether ``base`` names this computer only (localhost, 127.x, ::1, 0.0.0.0)."""
    host = (urlsplit(base).hostname or "").lower()
    return bool(host) and host.startswith(_LOOPBACK)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Immediate:
    """An executor that runs the job at once, in the calling thread (tests, no threads)."""

    def submit(self, fn, *args) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed over like a real executor does
            fut.set_exception(exc)
        return fut


@dataclass(frozen=True)
class ResultRow:
    """One item of tonight's results: its mean over the respondents, or suppressed."""

    item: str
    respondents: int
    mean: float | None  # None when suppressed (fewer respondents than the minimum group)
    low: int
    high: int


@dataclass(frozen=True)
class Results:
    """Tonight's results: how many responded and, from the minimum group on, one row per item."""

    respondents: int
    min_group: int
    rows: tuple[ResultRow, ...] = ()

    @property
    def shown(self) -> bool:
        return self.respondents >= self.min_group


def tonight(answers, number: int, min_group: int) -> Results:
    """The session evaluations of meeting ``number`` in ``answers`` (the long frame of
    ``Store.responses``) as :class:`Results`: the items every role answers on a scale, with the
    minimum-group rule of :func:`engines.analysis.summarise` (nothing at all under ``min_group``)."""
    import pandas as pd

    rows = answers.loc[(pd.to_numeric(answers["session"]) == number) & (answers["kind"].astype(str) == "session")]
    prepared = analysis.prepare(rows)
    respondents = int(prepared["participant"].nunique()) if len(prepared) else 0
    if respondents < min_group:
        return Results(respondents, min_group)
    summary = analysis.summarise(prepared, ["item"], min_group).set_index("item")
    out = []
    for item in forms.catalog().of_kind("session").items:
        if item.type != "scale" or item.roles is not None or item.id not in summary.index:
            continue
        row = summary.loc[item.id]
        mean = None if bool(row["suppressed"]) else float(row["mean"])
        out.append(ResultRow(item.id, int(row["respondents"]), mean, item.scale.min, item.scale.max))
    return Results(respondents, min_group, tuple(out))


class LiveState(HasTraits):
    """One stored group's meeting on the projector: join code, count, results and post-it wall."""

    group_code = Unicode(help="the stored group ('' for a free session: nothing live)")
    number = Int(0, help="the meeting (0: none chosen)")
    present = Int(0, help="how many are ticked present (the base of the count)")
    screen = Enum(SCREENS, default_value="", help="what the projector shows: join code, results, wall")
    join = AnyTrait(None, allow_none=True, help="the JoinCode shown (Store.create_join)")
    base = Unicode(help="the participants' public base address ('' when unknown)")
    responded = Int(None, allow_none=True, help="responses to this meeting's evaluation; None before known")
    results = Instance(Results, allow_none=True, help="tonight's results as last shown")
    postits = Tuple(help="the meeting's post-its (Postit), hidden ones included")
    wall = Tuple(help="ids of the cards put on the wall when it was (last) shown")
    notice = AnyTrait(None, allow_none=True, help="the last problem (StoreError or Notice), None when fine")

    def __init__(self, store: Callable[[], Any], clock: Callable[[], float] = time.monotonic, *,
                 executor=None, environ: Mapping[str, str] | None = None, min_group: int | None = None,
                 now: Callable[[], dt.datetime] = utc_now, wait: float = POLL_WAIT, **kwargs):
        super().__init__(**kwargs)
        self.store, self.clock, self.now, self.wait = store, clock, now, wait
        self.environ = environ
        self.min_group = load_settings().min_group if min_group is None else max(1, int(min_group))
        self._executor = executor
        self._job: tuple[tuple[str, int], Future] | None = None
        self._polled_at: float | None = None

    # ------------------------------------------------------------------ derived values
    @property
    def active(self) -> bool:
        """A stored group and a meeting are chosen (a free session has nothing live)."""
        return bool(self.group_code) and self.number > 0

    @property
    def wall_cards(self) -> tuple:
        """The cards on the wall: put there when it was shown and not hidden since."""
        ids = set(self.wall)
        return tuple(p for p in self.postits if p.id in ids and not p.hidden)

    @property
    def new_cards(self) -> int:
        """Visible cards that came in after the wall was shown (they wait for the next 'show')."""
        ids = set(self.wall)
        return sum(1 for p in self.postits if p.id not in ids and not p.hidden)

    # ------------------------------------------------------------------ actions
    def bind(self, group_code: str, number: int, present: int) -> None:
        """Follow the runner's group and meeting; another meeting starts from nothing."""
        number = int(number or 0) if group_code else 0
        with self.hold_trait_notifications():
            if (group_code or "", number) != (self.group_code, self.number):
                self._job, self._polled_at = None, None
                self.join, self.responded, self.results, self.postits, self.wall = None, None, None, (), ()
                self.screen, self.notice = "", None
            self.group_code, self.number, self.present = group_code or "", number, int(present)

    def close(self) -> None:
        self.screen = ""

    def show_join(self) -> bool:
        """Show the join screen with a code for this meeting (a new one once the last expired)."""
        if not self.active:
            return self._fail(Notice("live.warn_no_meeting"))
        join = self.join
        if join is None or join.expires <= self.now():
            join = self._ask(lambda s: s.create_join(self.group_code, self.number))
            if join is None:
                return False
        with self.hold_trait_notifications():
            self.join, self.base, self.notice, self.screen = join, public_base(self.environ), None, "join"
        return True

    def show_results(self) -> bool:
        """Tonight's results (read now); under the minimum group they say only why nothing shows."""
        if not self.active:
            return self._fail(Notice("live.warn_no_meeting"))
        answers = self._ask(lambda s: s.responses(self.group_code))
        if answers is None:
            return False
        with self.hold_trait_notifications():
            self.results, self.notice, self.screen = tonight(answers, self.number, self.min_group), None, "results"
        return True

    def show_wall(self) -> bool:
        """Put every card that is not hidden now on the wall; later cards wait for the next click."""
        if not self.active:
            return self._fail(Notice("live.warn_no_meeting"))
        if not self.refresh_postits():
            return False
        with self.hold_trait_notifications():
            self.wall = tuple(p.id for p in self.postits if not p.hidden)
            self.screen = "wall"
        return True

    def refresh_postits(self) -> bool:
        cards = self._ask(lambda s: s.postits(self.group_code, self.number))
        if cards is None:
            return False
        self.postits, self.notice = tuple(cards), None
        return True

    def set_hidden(self, postit_id: int, hidden: bool) -> bool:
        """Hide a card (or show it again); a hidden card leaves the wall at once."""
        if self._ask(lambda s: s.set_postit_hidden(postit_id, bool(hidden)) or True) is None:
            return False
        self.postits = tuple(replace(p, hidden=bool(hidden)) if p.id == postit_id else p for p in self.postits)
        return True

    def poll(self) -> None:
        """One tick: pick up a finished count; ask again when :data:`POLL_SECONDS` have passed."""
        if not self.active:
            return
        if self._job is not None:
            self._collect(0)
        now = self.clock()
        if self._job is None and (self._polled_at is None or now - self._polled_at >= POLL_SECONDS):
            self._polled_at = now
            key = (self.group_code, self.number)
            self._job = (key, self._pool().submit(self._read_live, *key))
            self._collect(self.wait)

    # ------------------------------------------------------------------ helpers
    def _read_live(self, group_code: str, number: int) -> tuple[int, tuple]:
        """In the worker: the count and the post-its (both small, indexed queries)."""
        store = self.store()
        return store.session_response_count(group_code, number), tuple(store.postits(group_code, number))

    def _collect(self, timeout: float) -> None:
        key, fut = self._job
        if not wait_for([fut], timeout).done:
            return  # still running: a later tick picks it up
        self._job = None
        if fut.exception() is not None:  # a quiet notice, never a traceback on the projector
            self.notice = self._as_notice(fut.exception())
            return
        count, cards = fut.result()
        if key != (self.group_code, self.number):
            return  # the trainer chose another meeting meanwhile
        changed = count != self.responded
        with self.hold_trait_notifications():
            self.responded, self.postits, self.notice = int(count), cards, None
        if changed and self.screen == "results":
            self.show_results()

    def _ask(self, work):
        """``work(store)`` in the kernel's thread; None (with ``notice``) when it fails."""
        try:
            return work(self.store())
        except Exception as exc:  # noqa: BLE001 - see _as_notice
            self.notice = self._as_notice(exc)
            return None

    @staticmethod
    def _as_notice(exc: Exception):
        from ..storage import StoreError

        if isinstance(exc, StoreError):
            return exc
        _log.warning("live view: %s", exc, exc_info=exc)
        return Notice("live.store_failed", {"cause": type(exc).__name__})

    def _fail(self, notice) -> bool:
        self.notice = notice
        return False

    def _pool(self):
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ik-live")
        return self._executor
