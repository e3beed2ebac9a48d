"""What every participant page shares: the store behind a bounded thread pool, the code
throttle, the base handler (no server token needed; XSRF always checked; errors as pages in
the participant's language) and :class:`Refusal`.

These pages are the only public routes of the server. The base handler shows nothing but
what one live join code opens: its group code and meeting number. Store calls (key
derivation for a reflection, writes that wait for a lock) run in :class:`Participants`'
thread pool, never on the event loop, so the Voilà pages of everyone else stay responsive.
"""
from __future__ import annotations

import functools
import math
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable
from urllib.parse import quote, urlencode

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.ioloop import IOLoop

from ..engines import join as codes
from . import participant_html as html
from .participant_throttle import CodeThrottle

#: Store calls at the same time (the rest wait in the pool's queue, not on the event loop).
WORKERS = 4
#: Largest request body accepted (a reflection of 50,000 characters fits, url-encoded).
MAX_BODY_BYTES = 1_000_000
#: Status codes and the text that explains them when no more precise one is given.
STATUS_TEXTS = {400: "participant.bad_request", 403: "participant.forbidden", 404: "participant.not_found",
                405: "participant.not_allowed", 413: "participant.too_large"}
STATUS_TITLES = {403: "participant.forbidden_title", 404: "participant.not_found_title"}


class Refusal(web.HTTPError):
    """A request the page refuses with ``status``; ``text_key`` and ``values`` say why."""

    def __init__(self, status: int, text_key: str, headers: dict[str, str] | None = None, **values: Any):
        super().__init__(status, text_key.replace("%", ""))
        self.text_key, self.values, self.headers = text_key, values, headers or {}

    def message(self, lang: str) -> str:
        return html.translator(lang)(self.text_key, **self.values)


def _open_store():
    from ..storage import Store

    return Store()


class Participants:
    """The participant pages' shared parts: one store (opened on first use, in the pool), the
    throttle of wrong codes and a bounded thread pool for every store call."""

    def __init__(self, store_factory: Callable[[], Any] | None = None, throttle: CodeThrottle | None = None,
                 workers: int = WORKERS):
        self._factory = store_factory or _open_store
        self._store = None
        self._lock = threading.Lock()
        self.throttle = throttle if throttle is not None else CodeThrottle()
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ik-participants")

    def store(self):
        with self._lock:
            if self._store is None:
                self._store = self._factory()
            return self._store

    def run(self, method: str, args: tuple, kwargs: dict):
        return getattr(self.store(), method)(*args, **kwargs)

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """``store.<method>(*args, **kwargs)`` in the thread pool; the event loop goes on meanwhile."""
        work = functools.partial(self.run, method, args, kwargs)
        return await IOLoop.current().run_in_executor(self.executor, work)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


class ParticipantHandler(JupyterHandler):
    """Base of the participant pages. Subclasses mark their methods ``@allow_unauthenticated``."""

    def initialize(self, participants: Participants) -> None:
        self.participants = participants

    # ------------------------------------------------------------------ headers and checks
    @property
    def content_security_policy(self) -> str:
        return html.content_security_policy()

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Cache-Control", "no-store")
        # the address holds the join code: no referrer to other sites ("no-referrer" would make
        # Chromium send "Origin: null" with the forms, which the origin check refuses)
        self.set_header("Referrer-Policy", "same-origin")
        self.set_header("X-Frame-Options", "DENY")

    def check_xsrf_cookie(self) -> None:
        """Always checked on POST: neither a server token nor ``disable_check_xsrf`` switches it off here."""
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return
        if not self.check_origin():
            raise web.HTTPError(403, "cross-origin form")
        web.RequestHandler.check_xsrf_cookie(self)

    async def prepare(self):
        if int(self.request.headers.get("Content-Length") or 0) > MAX_BODY_BYTES:
            raise Refusal(413, "participant.too_large")
        await super().prepare()

    # ------------------------------------------------------------------ language and addresses
    @property
    def lang(self) -> str:
        try:
            value = self.get_query_argument("lang", "nl")
        except web.HTTPError:
            return "nl"
        return value if value in html.LANGS else "nl"

    def t(self, key: str, **values: Any) -> str:
        return html.translator(self.lang)(key, **values)

    def page_url(self, code: str | None = None, page: str | None = None, **query: Any) -> str:
        """The address of a participant page (``base_url``-aware), keeping the language."""
        parts = [self.base_url, codes.JOIN_PATH] + ([quote(code, safe="")] if code else []) + ([page] if page else [])
        if self.lang != "nl":
            query = {**query, "lang": self.lang}
        return url_path_join(*parts) + ("?" + urlencode(query) if query else "")

    def other_lang_url(self) -> tuple[str, str]:
        other = "en" if self.lang == "nl" else "nl"
        query = [(k, v) for k, vs in self.request.query_arguments.items() if k != "lang"
                 for v in (x.decode("utf-8", "replace") for x in vs)]
        return other, self.request.path + "?" + urlencode(query + [("lang", other)])

    # ------------------------------------------------------------------ pages
    def page(self, template: str, title: str, status: int = 200, **namespace: Any) -> None:
        other, other_url = self.other_lang_url()
        namespace.setdefault("errors", [])
        namespace.setdefault("meeting_line", "")
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(html.render(template, self.lang, title=title, other_lang=other, other_lang_url=other_url,
                                xsrf=self.xsrf_token.decode("ascii"), **namespace))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = (kwargs.get("exc_info") or (None, None, None))[1]
        if isinstance(exc, Refusal):
            message = exc.message(self.lang)
            for name, value in exc.headers.items():
                self.set_header(name, value)
        else:
            message = self.t(STATUS_TEXTS.get(status_code, "participant.server_error"))
        links = [{"url": self.page_url(), "text": self.t("participant.start_again")}]
        self.page("message.html", self.t(STATUS_TITLES.get(status_code, "participant.error_heading")),
                  status_code, message=message, links=links, done=False)

    # ------------------------------------------------------------------ the join code
    async def meeting(self, code: str):
        """The live :class:`~intervisie_widgets.model.join.JoinCode` that ``code`` names, else a
        :class:`Refusal`: one message for unknown, expired and revoked codes alike, and a wait
        (HTTP 429) for an address that typed too many wrong codes."""
        address = self.request.remote_ip or ""
        wait = self.participants.throttle.wait(address)
        if wait > 0:
            seconds = math.ceil(wait)
            raise Refusal(429, "participant.throttled", {"Retry-After": str(seconds)}, seconds=seconds)
        found = await self.participants.call("resolve_join", code) if codes.is_code(code) else None
        if found is None:
            if codes.is_code(code):  # a well-formed guess; a typo of the wrong length cannot hit anything
                self.participants.throttle.failed(address)
            raise Refusal(404, "participant.bad_code")
        return found
