"""The light participant pages: plain HTML forms served by the kit's server, no kernel, no token.

Routes (under the server's ``base_url``; :func:`routes` builds them):

* ``GET|POST /deelnemen`` -- type the join code; a live code redirects to its meeting.
* ``GET /deelnemen/<CODE>`` -- group code and meeting number (never names), and the choices.
* ``GET|POST /deelnemen/<CODE>/evaluatie?role=…`` -- the session form for one role, or for the
  roles one person holds together where the meeting's method allows it (``role=inbrenger,deelnemer``).
* ``GET|POST /deelnemen/<CODE>/postit`` -- the anonymous post-it lesson.
* ``GET|POST /deelnemen/<CODE>/reflectie`` -- the private, encrypted reflection.
* ``GET /deelnemen/<CODE>/klaar?wat=…`` -- the status page every successful POST redirects to.

Every POST carries the ``_xsrf`` token and the meeting it was made for; answers are checked by
:func:`~intervisie_widgets.engines.answers.clean_answers`, as on every other way in, and a
refused form comes back with what was typed and a message in the participant's language.
A second evaluation under the same pseudonym asks before it replaces the first.
"""
from __future__ import annotations

from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.utils import url_path_join

from ..catalog import forms
from ..engines import reflection
from ..engines.answers import AnswerError, check_roles, split_answers
from ..engines.join import JOIN_PATH
from ..model.join import MAX_POSTIT_CHARS
from ..settings import load_settings
from ..state.evaluation import method_of
from ..storage import AlreadySubmitted, Rejected, StoreError
from . import participant_html as html
from .participant_html import RESERVED, answer_error, answers_from_fields  # noqa: F401 (RESERVED: re-exported)
from .participant_base import ParticipantHandler, Participants, Refusal

#: Longest pseudonym (as storage.responses.make_submission allows).
PSEUDONYM_MAX = 60
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

    async def posted(self, code: str):
        """The meeting of ``code`` and the POSTed fields; a form made for another meeting (or not
        made by this page at all) is refused."""
        meeting = await self.meeting(code)
        fields = self.fields()
        if fields.get("ik-group") != meeting.group or fields.get("ik-session") != str(meeting.session):
            raise Refusal(400, "participant.other_meeting")
        return meeting, fields

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


def role_links(handler: MeetingPage, meeting, form, method) -> list[dict[str, str]]:
    """One link per set of roles a person may evaluate in a meeting with ``method``."""
    return [{"name": html.roles_name(form, roles, handler.lang),
             "url": handler.page_url(meeting.code, "evaluatie", role=",".join(roles))}
            for roles in form.role_sets(method)]


async def meeting_method(handler: MeetingPage, meeting):
    """The meeting's method (held, else planned), or None when it is not known."""
    return method_of(await handler.store_call("meeting_method", meeting.group, meeting.session))


class ChoicePage(MeetingPage):
    @allow_unauthenticated
    async def get(self, code: str) -> None:
        meeting = await self.meeting(code)
        form = forms.session_form()
        self.page("meeting.html", self.t("participant.meeting_title", group=meeting.group, session=meeting.session),
                  roles=role_links(self, meeting, form, await meeting_method(self, meeting)),
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
def pseudonym_errors(pseudonym: str, field_key: str) -> list[Any]:
    if not pseudonym:
        return [Refusal(400, "evaluation.missing_fields", fields=html.TextKey(field_key))]
    if len(pseudonym) > PSEUDONYM_MAX:
        return [Refusal(400, "participant.pseudonym_too_long", max=PSEUDONYM_MAX)]
    return []


class EvaluationPage(MeetingPage):
    def form_page(self, meeting, form, roles, method, values: dict[str, str], errors=(), status: int = 200) -> None:
        role = ",".join(roles)
        method_line = (self.t("evaluation.method_line", method=method.name.get(self.lang)) if method
                       else self.t("evaluation.method_unknown"))
        self.page("evaluation.html", form.title.get(self.lang), status, **self.meeting_ns(meeting),
                  action=self.page_url(meeting.code, "evaluatie", role=role), role=role,
                  role_name=html.roles_name(form, roles, self.lang), method_line=method_line,
                  intro=form.intro.get(self.lang),
                  min_group=load_settings().min_group, pseudonym=values.get("ik-pseudonym", ""),
                  pseudonym_max=PSEUDONYM_MAX, parts=html.evaluation_parts(form, roles, method, self.lang, values),
                  errors=[html.say(e, self.lang) for e in errors])

    def roles_page(self, meeting, form, method, error: AnswerError | None) -> None:
        """The role links again; with ``error`` (a role or combination the method does not allow) a 400."""
        self.page("roles.html", self.t("participant.evaluation_heading"), 400 if error else 200,
                  **self.meeting_ns(meeting), roles=role_links(self, meeting, form, method),
                  errors=[error.message(self.lang)] if error else [])

    async def roles_of(self, meeting, form, value: str):
        """(roles, method, error): the roles named in ``value``, checked against the meeting's method."""
        method = await meeting_method(self, meeting)
        try:
            return check_roles(form, html.parse_roles(value), method), method, None
        except AnswerError as exc:
            return (), method, exc

    @allow_unauthenticated
    async def get(self, code: str) -> None:
        meeting, form = await self.meeting(code), forms.session_form()
        value = self.get_query_argument("role", "")
        roles, method, error = await self.roles_of(meeting, form, value)
        if error is not None:
            return self.roles_page(meeting, form, method, error if value else None)
        self.form_page(meeting, form, roles, method, {})

    @allow_unauthenticated
    async def post(self, code: str) -> None:
        (meeting, fields), form = await self.posted(code), forms.session_form()
        roles, method, error = await self.roles_of(meeting, form, fields.get("ik-role", "") or "?")
        if error is not None:
            return self.roles_page(meeting, form, method, error)
        if fields.get("ik-confirm") == "keep":
            return self.done(meeting, "bewaard")
        pseudonym = fields.get("ik-pseudonym", "").strip()
        errors: list[Any] = pseudonym_errors(pseudonym, "evaluation.pseudonym")
        per_role: dict = {}
        try:
            per_role = split_answers(form, roles, answers_from_fields(form, fields), method)
            if not any(per_role.values()):
                errors.append(Refusal(400, "evaluation.nothing_answered"))
        except AnswerError as exc:
            errors.append(answer_error(form, exc, self.lang))
        if errors:
            return self.form_page(meeting, form, roles, method, fields, errors, 400)
        await self.submit(meeting, form, roles, method, pseudonym, per_role, fields)

    async def submit(self, meeting, form, roles, method, pseudonym, per_role, fields) -> None:
        replace = fields.get("ik-confirm") == "replace"
        try:
            result = await self.store_call("submit_roles", meeting.group, meeting.session, pseudonym, per_role,
                                           form.id, replace=replace)
        except AlreadySubmitted:
            hidden = [(k, v) for k, v in fields.items() if k not in ("_xsrf", "ik-confirm")]
            return self.page("confirm.html", self.t("participant.confirm_title"), **self.meeting_ns(meeting),
                             action=self.page_url(meeting.code, "evaluatie", role=",".join(roles)), hidden=hidden)
        except Refusal as refusal:
            return self.form_page(meeting, form, roles, method, fields, [refusal], refusal.status_code)
        n = sum(len(a) for a in per_role.values())
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
        meeting, fields = await self.posted(code)
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
        meeting, fields = await self.posted(code)
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
