"""A participant's phone over plain HTTP (no browser), for tests/browser/test_participants_burst.py
and benchmarks/participants.py.

:meth:`Phone.submit` does what a phone's browser does with one of the light participant pages:
GET the form (which sets the ``_xsrf`` cookie and puts the token in a hidden field), POST the
form's hidden fields plus the answers, and follow the 303 to the confirmation page. A submission
counts as *acknowledged* when the POST is answered with the 303 to that meeting's confirmation
page: the server sends it only after the store call returned, so after the commit.
"""
from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests
from markupsafe import escape

from intervisie_widgets import catalog

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
#: What the confirmation page's ``?wat=`` says for each kind of submission.
DONE = {"evaluatie": "evaluatie", "postit": "postit"}


@dataclass(frozen=True)
class Submission:
    """One form a participant sends: an evaluation (``role`` and ``answers``) or a post-it (``text``)."""

    code: str
    group: str
    session: int
    kind: str  # "evaluatie" or "postit"
    pseudonym: str = ""
    role: str = ""
    answers: tuple[tuple[str, str], ...] = ()
    text: str = ""

    @property
    def path(self) -> str:
        base = f"/deelnemen/{self.code}/{self.kind}"
        return base + (f"?role={self.role}" if self.kind == "evaluatie" else "")

    def fields(self) -> dict[str, str]:
        if self.kind == "evaluatie":
            return {"ik-pseudonym": self.pseudonym, **dict(self.answers)}
        return {"ik-text": self.text}

    def thanks(self) -> str:
        """The text the confirmation page shows for this submission (in Dutch)."""
        if self.kind == "postit":
            return catalog.text("participant.postit_saved", "nl")
        n = sum(1 for _, v in self.answers if v != "")
        return catalog.text("evaluation.thanks", "nl", session=self.session, group=self.group, n=n)


@dataclass
class Outcome:
    """What happened to one submission, with ``time.monotonic()`` stamps."""

    submission: Submission
    started: float
    acknowledged: bool = False  # 303 to the confirmation page
    confirmed: bool = False  # the confirmation page (200) with the thanks text
    acked_at: float | None = None
    finished: float | None = None
    error: str | None = None
    statuses: list[int] = field(default_factory=list)


class Phone:
    """One participant's browser: its own cookies (so its own ``_xsrf`` token)."""

    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()

    def get(self, path: str) -> requests.Response:
        return self.http.get(urljoin(self.base + "/", path.lstrip("/")), allow_redirects=False, timeout=self.timeout)

    def submit(self, sub: Submission, open_first: str | None = None) -> Outcome:
        """Send ``sub`` as a phone does; ``open_first`` is a page opened before the form (the QR code's
        address, say). Network errors end up in ``Outcome.error``, never raised."""
        thanks = str(escape(sub.thanks()))  # before the clock starts: the texts load on first use
        out = Outcome(sub, time.monotonic())
        try:
            self._submit(sub, out, open_first, thanks)
        except requests.RequestException as exc:
            out.error = f"{type(exc).__name__}: {exc}"[:300]
        out.finished = time.monotonic()
        return out

    def post_form(self, sub: Submission, out: Outcome | None = None) -> requests.Response | None:
        """GET the form of ``sub`` and POST it back with its hidden fields and ``sub``'s answers;
        the POST's response (None when the form did not open)."""
        form = self.get(sub.path)
        if out is not None:
            out.statuses.append(form.status_code)
        if form.status_code != 200:
            if out is not None:
                out.error = f"GET {sub.path}: {form.status_code}"
            return None
        hidden = {name: html.unescape(value) for name, value in HIDDEN.findall(form.text)}
        return self.http.post(urljoin(self.base + "/", sub.path.lstrip("/")), data={**hidden, **sub.fields()},
                              allow_redirects=False, timeout=self.timeout)

    def _submit(self, sub: Submission, out: Outcome, open_first: str | None, thanks: str) -> None:
        if open_first:
            out.statuses.append(self.get(open_first).status_code)
        posted = self.post_form(sub, out)
        if posted is None:
            return
        out.statuses.append(posted.status_code)
        where = posted.headers.get("Location", "")
        if posted.status_code != 303 or f"/deelnemen/{sub.code}/klaar?wat={DONE[sub.kind]}" not in where:
            out.error = f"POST {sub.path}: {posted.status_code} {where}"
            return
        out.acknowledged, out.acked_at = True, time.monotonic()
        done = self.get(where)
        out.statuses.append(done.status_code)
        out.confirmed = done.status_code == 200 and thanks in done.text
        if not out.confirmed:
            out.error = f"GET {where}: {done.status_code} without the thanks"
