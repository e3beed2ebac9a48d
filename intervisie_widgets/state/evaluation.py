"""State of the evaluation form and the private reflection pages (traitlets; no widgets).

Views observe these objects and call their actions. A failure never raises into the page: it
becomes ``notice`` — a :class:`~intervisie_widgets.session.Notice` or an error object with
``message(lang)`` (StoreError, AnswerError, ReflectionError) — and ``status`` says what happened.
"""
from __future__ import annotations

from typing import Any, Callable

from traitlets import Any as AnyTrait
from traitlets import Dict, Enum, HasTraits, Int, List, Unicode, observe

from ..catalog import forms
from ..engines import reflection
from ..engines.answers import AnswerError, check_roles, split_answers
from ..model.session import Notice

STATUSES = ("editing", "confirm_replace", "saved", "replaced", "error")


def notice_text(notice: Any, lang: str) -> str:
    """The text of a notice or an error object, in ``lang``."""
    from .. import catalog

    if notice is None:
        return ""
    if hasattr(notice, "message"):
        return notice.message(lang)
    values = {k: v.message(lang) if callable(getattr(v, "message", None)) else v for k, v in notice.values.items()}
    return catalog.text(notice.key, lang, **values)


class StoreUser(HasTraits):
    """Opens the store on first use (``Store()`` from the settings unless a factory is given)."""

    def __init__(self, store_factory: Callable | None = None, **kwargs):
        super().__init__(**kwargs)
        self._store_factory = store_factory
        self._store_obj = None

    def store(self):
        if self._store_obj is None:
            if self._store_factory is None:
                from ..storage import Store

                self._store_factory = Store
            self._store_obj = self._store_factory()
        return self._store_obj


def part_heading(form: forms.EvaluationForm, part: str, lang: str) -> str:
    """The heading of one part of the form (:meth:`EvaluationForm.sections`)."""
    from .. import catalog

    if part in form.role_ids:
        return catalog.text("evaluation.part_role", lang, role=form.role_name(part, lang).lower())
    return catalog.text(f"evaluation.part_{part}", lang)


def method_of(method_id: str):
    """The catalog's method with this id, or None (unknown or empty)."""
    from .. import catalog

    try:
        return catalog.method(method_id) if method_id else None
    except (KeyError, catalog.UnknownMethod):
        return None


class EvaluationState(StoreUser):
    """One participant filling in an evaluation form for one meeting, in one role or in the
    roles the meeting's method lets one person hold together (vier-fasen: inbrenger and deelnemer)."""

    group_code = Unicode(help="the group code the facilitator gave")
    session = Int(1, help="session number, 1 or more")
    roles = List(Unicode(), default_value=["deelnemer"], help="the person's roles in the meeting, form order")
    pseudonym = Unicode(help="self-chosen pseudonym; only a key derived from it is stored")
    kind = Enum(forms.KINDS, default_value="session", help="session evaluation or end of trajectory")
    answers = Dict(help="item id -> score (int) or text")
    status = Enum(STATUSES, default_value="editing")
    notice = AnyTrait(None, allow_none=True, help="what to tell the user, see notice_text()")

    @property
    def form(self) -> forms.EvaluationForm:
        return forms.catalog().of_kind(self.kind)

    @property
    def role(self) -> str:
        """The first of :attr:`roles` ("" for none)."""
        return self.roles[0] if self.roles else ""

    @role.setter
    def role(self, value: str) -> None:
        self.roles = [value] if value else []

    @property
    def method_id(self) -> str:
        """The method the meeting was held (else planned) with, from the store; "" when unknown."""
        from ..storage import StoreError

        key = (self.group_code.strip(), self.session)
        if getattr(self, "_method_key", None) != key:
            try:
                found = self.store().meeting_method(*key) if key[0] else ""
            except StoreError:
                found = ""
            self._method_key, self._method_id = key, found
        return self._method_id

    @property
    def method(self):
        return method_of(self.method_id)

    def role_sets(self) -> tuple[tuple[str, ...], ...]:
        return self.form.role_sets(self.method)

    @property
    def items(self) -> tuple[forms.FormItem, ...]:
        roles = [r for r in self.roles if r in self.form.role_ids]
        return tuple(item for _, item in self.form.items_by_role(roles, self.method)) if roles else ()

    def sections(self) -> tuple:
        """The items in the parts the page shows (:meth:`EvaluationForm.sections`)."""
        roles = [r for r in self.roles if r in self.form.role_ids]
        return self.form.sections(roles, self.method) if roles else ()

    # ------------------------------------------------------------------ actions
    def set_answer(self, item_id: str, value) -> None:
        answers = dict(self.answers)
        if value is None or (isinstance(value, str) and not value.strip()):
            answers.pop(item_id, None)
        else:
            answers[item_id] = value
        self.answers = answers
        if self.status in ("saved", "replaced", "confirm_replace"):
            self.status, self.notice = "editing", None

    def _answers_for_role(self) -> dict:
        allowed = {i.id for i in self.items}
        return {k: v for k, v in self.answers.items() if k in allowed}

    def submit(self, replace: bool = False) -> bool:
        """Check and store; asks for confirmation (status ``confirm_replace``) before replacing."""
        from ..storage import AlreadySubmitted, StoreError

        missing = [key for key, value in (("evaluation.group", self.group_code), ("evaluation.pseudonym",
                                                                                 self.pseudonym)) if not value.strip()]
        if missing:
            return self._fail(Notice("evaluation.missing_fields", {"fields": TextKeys(missing)}))
        if not self.roles:
            return self._fail(Notice("evaluation.no_role"))
        answers = self._answers_for_role()
        if not answers:
            return self._fail(Notice("evaluation.nothing_answered"))
        try:
            method = self.method
            per_role = split_answers(self.form, check_roles(self.form, self.roles, method), answers, method)
            result = self.store().submit_roles(self.group_code, self.session, self.pseudonym, per_role,
                                               self.form.id, replace=replace)
        except AnswerError as exc:
            return self._fail(exc)
        except AlreadySubmitted:
            self.status, self.notice = "confirm_replace", Notice("evaluation.confirm_replace")
            return False
        except StoreError as exc:
            return self._fail(exc)
        key = "evaluation.thanks_replaced" if result.replaced else "evaluation.thanks"
        self.notice = Notice(key, {"session": self.session, "group": self.group_code.strip(), "n": len(answers)})
        self.status = "replaced" if result.replaced else "saved"
        return True

    def confirm_replace(self) -> bool:
        return self.submit(replace=True)

    def keep_earlier(self) -> None:
        self.status, self.notice = "editing", Notice("evaluation.replace_kept")

    def new_evaluation(self) -> None:
        """Clear the answers (group, session, role and pseudonym stay) for the next form."""
        with self.hold_trait_notifications():
            self.answers = {}
            self.status, self.notice = "editing", None

    def _fail(self, notice) -> bool:
        self.status, self.notice = "error", notice
        return False


class TextKeys:
    """A notice value: text keys said in the page's language, joined with commas."""

    def __init__(self, keys: list[str]):
        self.keys = tuple(keys)

    def message(self, lang: str) -> str:
        from .. import catalog

        return ", ".join(catalog.text(k, lang) for k in self.keys)


class ReflectionState(StoreUser):
    """A participant writing and opening their own encrypted reflection reports.

    Opening needs group code, pseudonym *and* passphrase, and shows only what that passphrase
    opens: someone who knows another's pseudonym learns nothing beyond the group's counts.
    """

    group_code = Unicode()
    pseudonym = Unicode()
    session = Int(0, help="0: not about one session")
    mine = List(help="reflections this passphrase opened: dicts with id, session, created_at, text")
    counts = Dict(help="reflections and writers in the group (what others see)")
    status = Enum(("editing", "saved", "opened", "error"), default_value="editing")
    notice = AnyTrait(None, allow_none=True)

    @observe("group_code", "pseudonym")
    def _forget(self, _change) -> None:
        # Another writer typing here must never see what the previous one opened.
        self.mine, self.counts = [], {}

    def _ready(self) -> bool:
        if not self.group_code.strip() or not self.pseudonym.strip():
            self.status, self.notice = "error", Notice("reflection.missing_fields")
            return False
        return True

    def _guard(self, work) -> bool:
        from ..storage import StoreError

        try:
            work()
            return True
        except (StoreError, reflection.ReflectionError) as exc:
            self.status, self.notice = "error", exc
            return False

    def _counts(self, store) -> None:
        counts = store.reflection_counts(self.group_code)
        self.counts = counts[0] if counts else {"reflections": 0, "writers": 0}

    def save(self, text: str, passphrase: str, repeat: str) -> bool:
        """Encrypt ``text`` with ``passphrase`` and store it (the passphrase is not kept)."""
        if not self._ready():
            return False
        if passphrase != repeat:
            self.status, self.notice = "error", Notice("reflection.passphrase_mismatch")
            return False

        def work():
            store = self.store()
            store.save_reflection(self.group_code, self.pseudonym, passphrase, text, self.session or None)
            self._counts(store)
            self.mine = []
            self.status, self.notice = "saved", Notice("reflection.saved", {"when": _now_text()})
        return self._guard(work)

    def open_mine(self, passphrase: str) -> bool:
        """Decrypt the writer's reflections that ``passphrase`` opens (none: the same neutral notice)."""
        if not self._ready():
            return False

        def work():
            store = self.store()
            self.mine = store.open_reflections(self.group_code, self.pseudonym, passphrase)
            self._counts(store)
            if self.mine:
                self.status, self.notice = "opened", None
            else:
                self.status, self.notice = "error", Notice("reflection.none_opened")
        return self._guard(work)


def _now_text() -> str:
    import datetime as dt

    return dt.datetime.now().strftime("%d-%m-%Y %H:%M")
