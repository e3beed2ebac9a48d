"""The set-up panel of the facilitator page: method, format, participants, roles, case, time."""
from __future__ import annotations

from typing import Sequence

import ipywidgets as w

from .. import catalog
from ..model.group import duplicate_notices, same_name, size_notices
from ..model.session import Case, Roles, time_notice
from ..state import AppState
from ..state.session import SessionState
from .common import WIDE_LABEL, classes_for, css_class, esc, notices_html, preparation_html, set_labels

_FULL = w.Layout(width="100%", max_width="40em")


class SessionSetup:
    """Inputs that prepare a session; ``apply()`` hands them to the :class:`SessionState`."""

    def __init__(self, app: AppState, state: SessionState):
        self.app, self.state = app, state
        c = classes_for("ik-session")
        self.heading = w.HTML()
        self.method = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "method")
        self.variant = c(w.ToggleButtons(style={"button_width": "auto", **WIDE_LABEL}), "variant")
        self.participants = c(w.Textarea(rows=6, layout=_FULL, style=WIDE_LABEL), "participants")
        self.inbrenger = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "inbrenger")
        self.leader = c(w.Text(layout=_FULL, style=WIDE_LABEL), "leader")
        self.timekeeper = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "timekeeper")
        self.case = c(w.Text(layout=_FULL, style=WIDE_LABEL), "case")
        self.leervraag = c(w.Textarea(rows=2, layout=_FULL, style=WIDE_LABEL), "leervraag")
        self.available = c(w.BoundedIntText(min=5, max=600, step=5, layout=w.Layout(width="16em"),
                                            style=WIDE_LABEL), "available")
        self.preparation = c(w.HTML(), "preparation")
        self.apply_button = c(w.Button(button_style="primary", icon="check"), "apply")
        self.warnings = c(w.HTML(), "warnings")
        #: A free session proposes the first participant as inbrenger; for a stored group's meeting
        #: an empty place stays empty, so the trainer chooses who replaces an absent inbrenger.
        self.first_as_default = True
        self.widget = css_class(w.VBox([
            self.heading, self.method, self.variant, self.participants, self.inbrenger, self.leader,
            self.timekeeper, self.case, self.leervraag, self.preparation, self.available,
            self.apply_button, self.warnings]), "ik-card")

        m = state.method
        self._updating = True
        self.method.options = [(x.name.get(app.lang), x.id) for x in catalog.methods()]
        self.method.value = m.id
        self._updating = False
        self._fill_variants()
        self.method.observe(self._on_method, "value")
        self.variant.observe(self._on_variant, "value")
        self.participants.observe(lambda _: self._fill_people(), "value")
        self.apply_button.on_click(lambda _: self.apply())
        self._fill_people()

    # ------------------------------------------------------------------ reading the inputs
    def names(self) -> list[str]:
        """Participant names, one per line, each once (first spelling kept)."""
        out: list[str] = []
        for line in self.participants.value.splitlines():
            name = " ".join(line.split())
            if name and not any(same_name(name, n) for n in out):
                out.append(name)
        return out

    def notices(self) -> list:
        """Duplicate names, the format's size limits (seed 004) and the time check."""
        raw = [" ".join(x.split()) for x in self.participants.value.splitlines() if x.strip()]
        m = catalog.method(self.method.value)
        v = m.variant(self.variant.value)
        n = len(self.names())
        rounds = max(1, min(v.rounds, n)) if v.rounds > 1 else 1
        return [*duplicate_notices(raw), *size_notices(n, v, v.name, general=False),
                time_notice(m, v.id, self.available.value, rounds)]

    def apply(self) -> None:
        """Prepare the session from the inputs; warnings are shown, nothing typed is lost."""
        names = self.names()
        inbrenger = self.inbrenger.value or ""
        roles = Roles(inbrenger=inbrenger, gespreksleider=" ".join(self.leader.value.split()),
                      tijdbewaker=self.timekeeper.value or "",
                      deelnemers=tuple(n for n in names if n != inbrenger))
        self.state.setup(self.method.value, self.variant.value, names, roles,
                         Case(self.case.value.strip(), self.leervraag.value.strip()))
        self.warnings.value = notices_html(self.app, self.notices(), "session.warnings_heading")

    def roles(self) -> Roles:
        """The roles as chosen in the inputs now (names trimmed)."""
        return Roles(self.inbrenger.value or "", " ".join(self.leader.value.split()), self.timekeeper.value or "")

    def prefill(self, names: Sequence[str], roles: Roles, method: str = "", variant: str = "",
                apply: bool = True) -> None:
        """Fill the inputs for a stored group's meeting: method and format (when known), the
        participants and the roles; an inbrenger or tijdbewaker not among ``names`` stays empty.
        With ``apply`` the session is set up at once (only do that before it started)."""
        try:
            m = catalog.method(method) if method else None
        except catalog.UnknownMethod:
            m = None
        if m is not None:
            self.method.value = m.id
            if variant in {v.id for v in m.variants}:
                self.variant.value = variant
        self.participants.value = "\n".join(names)
        self._fill_people()
        self.inbrenger.value = roles.inbrenger if roles.inbrenger in names else ""
        self.timekeeper.value = roles.tijdbewaker if roles.tijdbewaker in names else ""
        self.leader.value = roles.gespreksleider
        if apply:
            self.apply()

    # ------------------------------------------------------------------ reactions
    def _on_method(self, change) -> None:
        if not self._updating and change["new"]:
            self._fill_variants()

    def _on_variant(self, change) -> None:
        if not self._updating and change["new"]:
            v = catalog.method(self.method.value).variant(change["new"])
            self.available.value = min(self.available.max, v.total_minutes)

    def _fill_variants(self) -> None:
        m = catalog.method(self.method.value)
        self._updating = True
        self.variant.options = [(v.name.get(self.app.lang), v.id) for v in m.variants]
        self.variant.value = m.default_variant.id
        self.variant.layout.display = None if len(m.variants) > 1 else "none"
        self._updating = False
        self.available.value = min(self.available.max, m.default_variant.total_minutes)

    def _fill_people(self) -> None:
        names = self.names()
        none = (self.app.t("session.nobody"), "")
        first = names[0] if names and self.first_as_default else ""
        for dd, default in ((self.inbrenger, first), (self.timekeeper, "")):
            keep = dd.value if dd.value in names else default
            dd.options = [none, *[(n, n) for n in names]]
            dd.value = keep

    def render(self) -> None:
        t, lang = self.app.t, self.app.lang
        self.heading.value = f"<h2>{esc(t('session.setup_heading'))}</h2><p>{esc(t('session.setup_intro'))}</p>"
        self._updating = True
        mid, vid = self.method.value, self.variant.value
        self.method.options = [(x.name.get(lang), x.id) for x in catalog.methods()]
        self.method.value = mid
        self.variant.options = [(v.name.get(lang), v.id) for v in catalog.method(mid).variants]
        self.variant.value = vid
        self._updating = False
        self._fill_people()
        set_labels(self.app, "session", (
            (self.method, "method"), (self.variant, "variant"), (self.participants, "participants"),
            (self.inbrenger, "inbrenger"), (self.leader, "leader"), (self.timekeeper, "timekeeper"),
            (self.case, "case"), (self.leervraag, "leervraag"), (self.available, "available"),
            (self.apply_button, "apply")))
        self.participants.placeholder = t("session.participants_placeholder")
        self.leader.placeholder = t("session.leader_placeholder")
        self.leervraag.placeholder = t("session.leervraag_placeholder")
        self.preparation.value = preparation_html(self.app)
        if self.warnings.value:
            self.warnings.value = notices_html(self.app, self.notices(), "session.warnings_heading")
