"""The light participant pages: plain HTML forms served by the kit's server, no kernel, no token.

Routes (under the server's ``base_url``; :func:`routes` builds them):

* ``GET|POST /deelnemen`` -- type the join code; a live code redirects to its meeting.
* ``GET /deelnemen/<CODE>`` -- group code and meeting number (never names), and the choices.
* ``GET|POST /deelnemen/<CODE>/evaluatie?role=…`` -- the session form for one role.
* ``GET|POST /deelnemen/<CODE>/postit`` -- the anonymous post-it lesson.
* ``GET|POST /deelnemen/<CODE>/reflectie`` -- the private, encrypted reflection.
* ``GET /deelnemen/<CODE>/klaar?wat=…`` -- the status page every successful POST redirects to.

Every POST carries the ``_xsrf`` token and the meeting it was made for; answers are checked by
:func:`~intervisie_widgets.engines.answers.clean_answers`, as on every other way in, and a
refused form comes back with what was typed and a message in the participant's language.
A second evaluation under the same pseudonym asks before it replaces the first.
"""
from __future__ import annotations

import re
from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.utils import url_path_join

from ..catalog import forms
from ..engines import reflection
from ..engines.answers import AnswerError, clean_answers
from ..engines.join import JOIN_PATH
from ..model.join import MAX_POSTIT_CHARS
from ..settings import load_settings
from ..storage import AlreadySubmitted, Rejected, StoreError
from . import participant_html as html
from .participant_base import ParticipantHandler, Participants, Refusal

#: Longest pseudonym (as storage.responses.make_submission allows).
PSEUDONYM_MAX = 60
#: Form fields that are not answers (an item id never holds a dash).
RESERVED = frozenset({"_xsrf", "ik-group", "ik-session", "ik-role", "ik-pseudonym", "ik-confirm"})
_WHOLE = re.compile(r"[+-]?\d{1,9}")
#: What the status page says after ``?wat=``.
DONE = {"evaluatie": "evaluation.thanks", "vervangen": "evaluation.thanks_replaced",
        "bewaard": "evaluation.replace_kept", "postit": "participant.postit_saved",
        "reflectie": "participant.reflection_saved"}


class MeetingPage(ParticipantHandler):
    """A page of one meeting: the code in the address, the meeting in every form."""

    def meeting_ns(self, meeting) -> dict[str, Any]:
        return {"meeting_line": self.t("participant.meeting_line", group=meeting.group, session=meeting.session),
                "group": meeting.group, "session": meeting.session, "back_url": self.page_url(meeting.code)}

    def fields(self) -> dict[str, str]:
        """The POSTed fields, one value each (a field sent twice is refused)."""
        out = {}
        for name in self.request.body_arguments:
            values = self.get_body_arguments(name)
            if len(values) != 1:
                raise Refusal(400, "participant.duplicate_field", item=name[:40])
            out[name] = values[0]
        return out

    def same_meeting(self, meeting, fields: dict[str, str]) -> None:
        """Refuse a form made for another meeting (or not made by this page at all)."""
        if fields.get("ik-group") != meeting.group or fields.get("ik-session") != str(meeting.session):
            raise Refusal(400, "participant.other_meeting")

    async def store_call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return await self.participants.call(method, *args, **kwargs)
        except (AlreadySubmitted, Rejected):
            raise
        except StoreError as exc:
            raise Refusal(503, "participant.not_saved", reason=exc) from None

    def done(self, meeting, what: str, **query: Any) -> None:
        self.redirect(self.page_url(meeting.code, "klaar", wat=what, **query), status=303)


# --------------------------------------------------------------------------- code and choice
class JoinPage(ParticipantHandler):
    @allow_unauthenticated
    def get(self) -> None:
        self.page("join.html", self.t("participant.join_title"), action=self.page_url(), code="")

    @allow_unauthenticated
    async def post(self) -> None:
        typed = self.get_body_argument("ik-code", "")
        try:
            meeting = await self.meeting(typed)
        except Refusal as refusal:
            for name, value in refusal.headers.items():
                self.set_header(name, value)
            return self.page("join.html", self.t("participant.join_title"), refusal.status_code,
                             action=self.page_url(), code=typed[:20], errors=[refusal.message(self.lang)])
        self.redirect(self.page_url(meeting.code), status=303)


def role_links(handler: MeetingPage, meeting, form) -> list[dict[str, str]]:
    return [{"name": r.name.get(handler.lang), "url": handler.page_url(meeting.code, "evaluatie", role=r.id)}
            for r in form.roles]


class ChoicePage(MeetingPage):
    @allow_unauthenticated
    async def get(self, code: str) -> None:
        meeting = await self.meeting(code)
        self.page("meeting.html", self.t("participant.meeting_title", group=meeting.group, session=meeting.session),
                  roles=role_links(self, meeting, forms.session_form()),
                  postit_url=self.page_url(meeting.code, "postit"),
                  reflection_url=self.page_url(meeting.code, "reflectie"))


class DonePage(MeetingPage):
    @allow_unauthenticated
    async def get(self, code: str) -> None:
        meeting = await self.meeting(code)
        key = DONE.get(self.get_query_argument("wat", ""))
        if key is None:
            raise Refusal(404, "participant.not_found")
        n = self.get_query_argument("n", "0")
        message = self.t(key, group=meeting.group, session=meeting.session,
                         n=int(n) if n.isdigit() and len(n) < 5 else 0)
        self.page("message.html", self.t("participant.meeting_title", group=meeting.group, session=meeting.session),
                  message=message, done=True, links=[{"url": self.page_url(meeting.code),
                                                      "text": self.t("participant.back")}])


# --------------------------------------------------------------------------- evaluation
def answers_from_fields(form, fields: dict[str, str]) -> dict[str, Any]:
    """The answers in a POST: every field that is not :data:`RESERVED`; a scale item's digits as int
    (anything else stays text, so :func:`clean_answers` names it)."""
    scales = {i.id for i in form.items if i.type == "scale"}
    return {name: int(value) if name in scales and _WHOLE.fullmatch(value) else value
            for name, value in fields.items() if name not in RESERVED}


def answer_error(form, exc: AnswerError, lang: str) -> str:
    """The message of ``exc``, after the item's short name when it is about an answer to an item."""
    t = html.translator(lang)
    if exc.key != "unknown_item" and exc.item in {i.id for i in form.items}:
        return t("participant.item_error", item=form.item(exc.item).label(lang), message=exc.message(lang))
    return exc.message(lang)


def pseudonym_errors(pseudonym: str, field_key: str) -> list[Any]:
    if not pseudonym:
        return [Refusal(400, "evaluation.missing_fields", fields=html.TextKey(field_key))]
    if len(pseudonym) > PSEUDONYM_MAX:
        return [Refusal(400, "participant.pseudonym_too_long", max=PSEUDONYM_MAX)]
    return []


class EvaluationPage(MeetingPage):
    def form_page(self, meeting, form, role: str, values: dict[str, str], errors=(), status: int = 200) -> None:
        self.page("evaluation.html", form.title.get(self.lang), status, **self.meeting_ns(meeting),
                  action=self.page_url(meeting.code, "evaluatie", role=role), role=role,
                  role_name=form.role_name(role, self.lang), intro=form.intro.get(self.lang),
                  min_group=load_settings().min_group, pseudonym=values.get("ik-pseudonym", ""),
                  pseudonym_max=PSEUDONYM_MAX, fields=html.evaluation_fields(form, role, self.lang, values),
                  errors=[html.say(e, self.lang) for e in errors])

    def roles_page(self, meeting, form, role: str) -> None:
        errors = [AnswerError("role", "bad_role", role=role, roles=", ".join(form.role_ids))] if role else []
        self.page("roles.html", self.t("participant.evaluation_heading"), 400 if role else 200,
                  **self.meeting_ns(meeting), roles=role_links(self, meeting, form),
                  errors=[e.message(self.lang) for e in errors])

    @allow_unauthenticated
    async def get(self, code: str) -> None:
        meeting, form = await self.meeting(code), forms.session_form()
        role = self.get_query_argument("role", "")
        if role not in form.role_ids:
            return self.roles_page(meeting, form, role[:40])
        self.form_page(meeting, form, role, {})

    @allow_unauthenticated
    async def post(self, code: str) -> None:
        meeting, form = await self.meeting(code), forms.session_form()
        fields = self.fields()
        self.same_meeting(meeting, fields)
        role = fields.get("ik-role", "")
        if role not in form.role_ids:
            return self.roles_page(meeting, form, role[:40] or "?")
        if fields.get("ik-confirm") == "keep":
            return self.done(meeting, "bewaard")
        pseudonym = fields.get("ik-pseudonym", "").strip()
        errors: list[Any] = pseudonym_errors(pseudonym, "evaluation.pseudonym")
        answers = answers_from_fields(form, fields)
        try:
            if not clean_answers(form, role, answers):
                errors.append(Refusal(400, "evaluation.nothing_answered"))
        except AnswerError as exc:
            errors.append(answer_error(form, exc, self.lang))
        if errors:
            return self.form_page(meeting, form, role, fields, errors, 400)
        await self.submit(meeting, form, role, pseudonym, answers, fields)

    async def submit(self, meeting, form, role, pseudonym, answers, fields) -> None:
        replace = fields.get("ik-confirm") == "replace"
        try:
            result = await self.store_call("submit", meeting.group, meeting.session, role, pseudonym, answers,
                                      form.id, replace=replace)
        except AlreadySubmitted:
            hidden = [(k, v) for k, v in fields.items() if k not in ("_xsrf", "ik-confirm")]
            return self.page("confirm.html", self.t("participant.confirm_title"), **self.meeting_ns(meeting),
                             action=self.page_url(meeting.code, "evaluatie", role=role), hidden=hidden)
        except Refusal as refusal:
            return self.form_page(meeting, form, role, fields, [refusal], refusal.status_code)
        n = sum(1 for v in answers.values() if v not in ("", None))
        self.done(meeting, "vervangen" if result.replaced else "evaluatie", n=n)


# --------------------------------------------------------------------------- post-it and reflection
class FormPage(MeetingPage):
    """A meeting's page with one form: GET shows it empty (``form_page`` of the subclass)."""

    def form_page(self, meeting, *args, **kwargs) -> None:
        raise NotImplementedError

    @allow_unauthenticated
    async def get(self, code: str) -> None:
        self.form_page(await self.meeting(code))


class PostitPage(FormPage):
    def form_page(self, meeting, text: str = "", errors=(), status: int = 200) -> None:
        self.page("postit.html", self.t("participant.postit_title"), status, **self.meeting_ns(meeting),
                  action=self.page_url(meeting.code, "postit"), text=text, max_length=MAX_POSTIT_CHARS,
                  errors=[html.say(e, self.lang) for e in errors])

    @allow_unauthenticated
    async def post(self, code: str) -> None:
        meeting = await self.meeting(code)
        fields = self.fields()
        self.same_meeting(meeting, fields)
        text = fields.get("ik-text", "")
        try:
            await self.store_call("add_postit", meeting.group, meeting.session, text)
        except (Rejected, Refusal) as exc:
            return self.form_page(meeting, text[:MAX_POSTIT_CHARS * 2], [exc], getattr(exc, "status_code", 400))
        self.done(meeting, "postit")


class ReflectionPage(FormPage):
    def form_page(self, meeting, pseudonym: str = "", text: str | None = None, errors=(), status: int = 200) -> None:
        self.page("reflection.html", self.t("reflection.title"), status, **self.meeting_ns(meeting),
                  action=self.page_url(meeting.code, "reflectie"), pseudonym=pseudonym,
                  pseudonym_max=PSEUDONYM_MAX, max_length=reflection.MAX_TEXT,
                  min_passphrase=reflection.MIN_PASSPHRASE,
                  text=self.t("reflection.template") if text is None else text,
                  errors=[html.say(e, self.lang) for e in errors])

    @allow_unauthenticated
    async def post(self, code: str) -> None:
        meeting = await self.meeting(code)
        fields = self.fields()
        self.same_meeting(meeting, fields)
        pseudonym, text = fields.get("ik-pseudonym", "").strip(), fields.get("ik-text", "")
        passphrase = fields.get("ik-passphrase", "")
        errors: list[Any] = pseudonym_errors(pseudonym, "reflection.pseudonym")
        if passphrase != fields.get("ik-repeat", ""):
            errors.append(Refusal(400, "reflection.passphrase_mismatch"))
        if not errors:
            try:
                await self.store_call("save_reflection", meeting.group, pseudonym, passphrase, text, meeting.session)
                return self.done(meeting, "reflectie")
            except (reflection.ReflectionError, Refusal) as exc:
                errors.append(exc)
        self.form_page(meeting, pseudonym, text[:reflection.MAX_TEXT * 2], errors,
                       max(getattr(e, "status_code", 400) for e in errors))


class NotFoundPage(ParticipantHandler):
    @allow_unauthenticated
    def get(self, *args) -> None:
        raise Refusal(404, "participant.not_found")

    post = get


def routes(server_url: str, participants: Participants) -> list[tuple]:
    """The tornado routes of the participant pages under ``server_url``."""
    base, code = url_path_join(server_url, JOIN_PATH), r"([^/]{1,64})"
    kw = {"participants": participants}
    return [
        (base + r"/?", JoinPage, kw),
        (base + f"/{code}/?", ChoicePage, kw),
        (base + f"/{code}/evaluatie", EvaluationPage, kw),
        (base + f"/{code}/postit", PostitPage, kw),
        (base + f"/{code}/reflectie", ReflectionPage, kw),
        (base + f"/{code}/klaar", DonePage, kw),
        (base + r"/.*", NotFoundPage, kw),
    ]
