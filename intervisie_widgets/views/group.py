"""The group set-up page: the stored groups (open, save, delete), code and name, members, the
checks of seeds 003/004, the goal, the intervisiecontract (Markdown and PDF) and the inbrenger's
preparation. Everything is stored with ``Store.save_group``."""
from __future__ import annotations

from urllib.parse import quote

import ipywidgets as w

from .. import catalog
from ..model.group import CONTRACT_PARTS
from ..state import AppState
from ..state.group import GroupState
from .common import (
    WIDE_LABEL,
    PageFrame,
    card,
    classes_for,
    esc,
    notices_html,
    preparation_html,
    say,
    set_labels,
    style_widget,
)
from .group_goals import GoalsPanel
from .group_members import MemberEditor, contract_links
from .group_sharing import SharingCard

_FULL = w.Layout(width="100%", max_width="40em")
_DEFAULT_PARTS = ("safety", "inbreng")  # prefilled with a suggestion the group can edit


class GroupView:
    """Widgets of the group page; children are public so tests can drive them."""

    def __init__(self, app: AppState, store_factory=None, group: str = ""):
        self.app = app
        self.state = GroupState(store_factory)
        self.frame = PageFrame(app, "group", "group.title")
        c = classes_for("ik-group")
        self.intro = w.HTML()
        self.stored_heading = w.HTML()
        self.stored = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "stored")
        self.open_button = c(w.Button(icon="folder-open"), "open")
        self.new_button = c(w.Button(icon="file"), "new")
        self.open_status = c(w.HTML(), "open-status")
        self.code = c(w.Text(layout=w.Layout(width="24em"), style=WIDE_LABEL), "code")
        self.group_name = c(w.Text(layout=_FULL, style=WIDE_LABEL), "group-name")
        self.editor = MemberEditor(app, self.state)
        e = self.editor
        self.name, self.initials, self.level, self.years = e.name, e.initials, e.level, e.years
        self.manages, self.add_button, self.add_warning, self.member_list = (e.manages, e.add_button, e.add_warning,
                                                                             e.member_list)
        self.format_heading = w.HTML()
        self.method = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "method")
        self.variant = c(w.ToggleButtons(style={"button_width": "auto", **WIDE_LABEL}), "variant")
        self.checks = c(w.HTML(), "checks")
        self.goal_heading = w.HTML()
        self.goal = c(w.Textarea(rows=3, layout=_FULL, style=WIDE_LABEL), "goal")
        self.goals = GoalsPanel(app, self.state)  # seed 001: starting points, goals to tick
        self.contract_heading = w.HTML()
        self.parts = {p: c(w.Textarea(rows=3, layout=_FULL, style=WIDE_LABEL), f"contract-{p}")
                      for p in CONTRACT_PARTS}
        self.agreed = c(w.DatePicker(style=WIDE_LABEL), "agreed")
        self.export_button = c(w.Button(icon="download"), "export")
        self.export_links = c(w.HTML(), "export-links")
        self.save_heading = w.HTML()
        self.save_button = c(w.Button(button_style="primary", icon="save"), "save")
        self.delete_button = c(w.Button(button_style="danger", icon="trash"), "delete")
        self.confirm_text = c(w.HTML(), "confirm")
        self.yes_button = c(w.Button(button_style="danger"), "delete-yes")
        self.no_button = c(w.Button(), "delete-no")
        self.confirm_box = w.VBox([self.confirm_text, w.HBox([self.yes_button, self.no_button])])
        self.status = c(w.HTML(), "status")
        self.preparation = c(w.HTML(), "preparation")
        self.sharing = SharingCard(app, self.state)  # in a hub: owner and co-trainers of the open group
        self._last = "save"  # which status widget shows the outcome: 'open' or 'save'
        self._connect()
        self._layout()
        self.render()
        self._prefill_defaults()
        self._act("open", self.state.refresh_stored)
        if group:
            self.open(group)

    def _layout(self) -> None:
        row = w.Layout(flex_flow="row wrap")
        self.frame.set_body(
            style_widget(), self.intro,
            card(self.stored_heading, self.stored, w.HBox([self.open_button, self.new_button], layout=row),
                 self.open_status),
            card(self.code, self.group_name),
            card(*self.editor.widgets),
            card(self.format_heading, self.method, self.variant, self.checks),
            card(self.goal_heading, self.goals.choices, self.goal),
            card(self.goals.points),
            card(self.contract_heading, *self.parts.values(), self.agreed, self.export_button, self.export_links),
            card(self.save_heading, w.HBox([self.save_button, self.delete_button], layout=row), self.confirm_box,
                 self.status),
            self.sharing.widget,
            card(self.preparation))

    def _connect(self) -> None:
        """Widget events call state actions; state changes re-render."""
        s = self.state
        self.open_button.on_click(lambda _: self.open(self.stored.value or ""))
        self.new_button.on_click(lambda _: self.new())
        self.save_button.on_click(lambda _: self.save())
        self.delete_button.on_click(lambda _: self._act("save", s.ask_delete))
        self.yes_button.on_click(lambda _: self.delete())
        self.no_button.on_click(lambda _: s.cancel_delete())
        self.code.observe(lambda ch: s.set_code(ch["new"]), "value")
        self.group_name.observe(lambda ch: s.set_name(ch["new"]), "value")
        self.goal.observe(lambda ch: s.set_goal(ch["new"]), "value")
        self.agreed.observe(lambda ch: s.set_agreed(ch["new"]), "value")
        for p, area in self.parts.items():
            area.observe(lambda ch, p=p: s.set_part(p, ch["new"]), "value")
        self.method.observe(self._on_format, "value")
        self.variant.observe(self._on_format, "value")
        self.export_button.on_click(lambda _: self.export())
        s.observe(lambda _: self.render_checks(), ["group", "method_id", "variant_id"])
        s.observe(lambda _: self.render_stored(), ["stored", "loaded_code"])
        s.observe(lambda _: self.render_status(), ["outcome", "problems"])
        s.observe(lambda _: self.render_confirm(), "confirm_delete")
        self.app.observe(self._on_lang, "lang")

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ actions
    def _act(self, where: str, action, *args):
        self._last = where
        result = action(*args)
        self.render_status()
        return result

    def open(self, code: str) -> None:
        """Open a stored group to edit (an unknown code: a new group with that code)."""
        self._act("open", self.state.open, code)
        self.editor.clear()
        self.fill_inputs()
        if not self.state.loaded_code:  # a new group under that code: offer the suggestions
            self._prefill_defaults()

    def new(self) -> None:
        self._act("open", self.state.new)
        self.editor.clear()
        self.fill_inputs()
        self._prefill_defaults()

    def save(self) -> None:
        """Store everything; on a refusal the page keeps what was typed and says why."""
        if self._act("save", self.state.save):
            self.code.value = self.state.group.code

    def delete(self) -> None:
        """The Yes of the delete question."""
        if self._act("save", self.state.delete):
            self.editor.clear()
            self.fill_inputs()
            self._prefill_defaults()

    def remove(self, name: str) -> None:
        self.editor.remove(name)

    def add(self) -> None:
        self.editor.add()

    def export(self) -> None:
        """Markdown and PDF of the contract as download links (data: URIs)."""
        self.export_links.value = contract_links(self.app, self.state.filled_contract(self.app.lang))

    # ------------------------------------------------------------------ reactions
    _updating = False

    def fill_inputs(self) -> None:
        """The group's fields into the inputs (after opening, starting anew or deleting)."""
        g = self.state.group
        self.code.value, self.group_name.value, self.goal.value = g.code, g.name, g.goal
        for p, area in self.parts.items():
            area.value = getattr(g.contract, p)
        self.agreed.value = g.contract_agreed
        self.export_links.value = ""

    def _prefill_defaults(self) -> None:
        for p in _DEFAULT_PARTS:
            if not self.parts[p].value:
                self.parts[p].value = self.app.t(f"group.contract_{p}_default")

    def _on_format(self, _change) -> None:
        if self._updating or not self.method.value:
            return
        m = catalog.method(self.method.value)
        if self.variant.value not in {v.id for v in m.variants}:
            self._updating = True
            self.variant.options = [(v.name.get(self.app.lang), v.id) for v in m.variants]
            self.variant.value = m.default_variant.id
            self._updating = False
        self.variant.layout.display = None if len(m.variants) > 1 else "none"
        self.state.set_format(self.method.value, self.variant.value)

    def _on_lang(self, change) -> None:
        for p in _DEFAULT_PARTS:  # swap an untouched suggestion into the new language
            if self.parts[p].value == catalog.text(f"group.contract_{p}_default", change["old"]):
                self.parts[p].value = self.app.t(f"group.contract_{p}_default")
        self.render()

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        t = self.app.t
        self.intro.value = f"<p>{esc(t('group.intro'))}</p>"
        self.stored_heading.value = f"<h2>{esc(t('group.stored_heading'))}</h2>"
        self.format_heading.value = f"<h2>{esc(t('group.format_heading'))}</h2>"
        self.goal_heading.value = (f"<h2>{esc(t('group.goal_heading'))}</h2>"
                                   f'<p class="ik-note">{esc(t("group.goal_tip"))}</p>')
        self.contract_heading.value = (f"<h2>{esc(t('group.contract_heading'))}</h2>"
                                       f"<p>{esc(t('group.contract_intro'))}</p>")
        self.save_heading.value = (f"<h2>{esc(t('group.save_heading'))}</h2>"
                                   f'<p class="ik-note">{esc(t("group.save_intro"))}</p>')
        self.preparation.value = f"<h2>{esc(t('group.prep_heading'))}</h2>{preparation_html(self.app)}"
        set_labels(self.app, "group", (
            (self.stored, "stored"), (self.open_button, "open"), (self.new_button, "new"), (self.code, "code"),
            (self.group_name, "group_name"), (self.goal, "goal"), (self.method, "format_method"),
            (self.variant, "format_variant"), (self.agreed, "agreed"), (self.export_button, "export"),
            (self.save_button, "save"), (self.delete_button, "delete"), (self.yes_button, "delete_yes"),
            (self.no_button, "delete_no")))
        self.code.placeholder = t("group.code_placeholder")
        self.goal.placeholder = t("group.goal_placeholder")
        for p, area in self.parts.items():
            area.description = t(f"group.contract_{p}")
            area.placeholder = area.tooltip = t(f"group.contract_{p}_help")
        self.export_links.value = ""
        self.goals.render()
        self._render_format()
        self.editor.render()
        self.render_checks()
        self.render_stored()
        self.render_status()
        self.render_confirm()

    def _render_format(self) -> None:
        lang = self.app.lang
        self._updating = True
        m = catalog.method(self.state.method_id)
        self.method.options = [(x.name.get(lang), x.id) for x in catalog.methods()]
        self.method.value = m.id
        self.variant.options = [(v.name.get(lang), v.id) for v in m.variants]
        self.variant.value = self.state.variant_id
        self.variant.layout.display = None if len(m.variants) > 1 else "none"
        self._updating = False

    def render_checks(self) -> None:
        notices = self.state.checks()
        self.checks.value = (notices_html(self.app, notices, "group.checks_heading") if notices
                             else f'<p class="ik-note">{esc(self.app.t("group.checks_ok"))}</p>')

    def render_stored(self) -> None:
        """The stored groups to open (code, name, number of members); the delete button needs one open."""
        t, s = self.app.t, self.state
        options = [(t("group.stored_line" if g["name"] else "group.stored_line_unnamed", code=g["code"],
                      name=g["name"], n=g["members"]), g["code"]) for g in s.stored]
        keep = s.loaded_code or self.stored.value
        self.stored.options = options or [(t("group.stored_none"), "")]
        codes = [code for _, code in options]
        self.stored.value = keep if keep in codes else (codes[0] if codes else "")
        self.stored.disabled = self.open_button.disabled = not options
        self.delete_button.disabled = not s.loaded_code

    def render_status(self) -> None:
        """The outcome of the last action (a note) or why it could not be done (an alert), with a
        link to the trajectory page once the group is stored."""
        s, t = self.state, self.app.t
        if s.problems:
            html = notices_html(self.app, s.problems)
        elif s.outcome is not None:
            link = (f' <a class="ik-group-trajectory-link" href="traject.ipynb?group={esc(quote(s.loaded_code))}'
                    f'&amp;lang={self.app.lang}">{esc(t("group.to_trajectory"))}</a>') if s.loaded_code else ""
            html = f'<div class="ik-note" role="status">{esc(say(self.app, s.outcome))}{link}</div>'
        else:
            html = ""
        self.open_status.value = html if self._last == "open" else ""
        self.status.value = html if self._last == "save" else ""

    def render_confirm(self) -> None:
        s, t = self.state, self.app.t
        self.confirm_box.layout.display = None if s.confirm_delete else "none"
        self.confirm_text.value = (f'<div class="ik-warning" role="alert"><p><b>'
                                   f'{esc(t("group.delete_question", code=s.loaded_code))}</b></p>'
                                   f'<p>{esc(t("group.delete_explain"))}</p></div>') if s.confirm_delete else ""
