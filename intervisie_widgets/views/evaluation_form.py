"""The evaluation page: group code, meeting, role(s) and pseudonym; the form of those roles; submit.

Built for a phone: one column, full-width controls, every control labelled. The items follow the
meeting's method (as stored for the group); in a method that gives everyone a turn as inbrenger a
person ticks both roles and answers both parts at once. A second submission by the same person
for the same meeting asks before it replaces the first (all their roles at once).
"""
from __future__ import annotations

import ipywidgets as w

from ..catalog import forms
from ..settings import load_settings
from ..state import AppState
from ..state.evaluation import EvaluationState, notice_text, part_heading
from ..state.links import session_from_link, unknown_group
from .common import PageFrame, classes_for, css_class, esc, set_labels

FULL = w.Layout(width="100%", max_width="40em")
LABEL = {"description_width": "initial"}


def item_control(item: forms.FormItem, lang: str, no_answer: str) -> w.Widget:
    """The input for one form item: radio buttons (5-point), a dropdown (longer scales) or a text area."""
    label = item.label(lang)
    if item.type == "text":
        return w.Textarea(description=label, placeholder=item.text.get(lang), rows=3, layout=FULL, style=LABEL)
    values = range(item.scale.min, item.scale.max + 1)
    options = [(f"{v} · {item.scale.label(v, lang)}" if item.scale.label(v, lang) else str(v), v) for v in values]
    if len(options) <= 7:
        return w.RadioButtons(options=options, value=None, description=label, layout=FULL, style=LABEL)
    return w.Dropdown(options=[(no_answer, None), *options], value=None, description=label, style=LABEL,
                      layout=w.Layout(width="auto", max_width="100%"))


class EvaluationFormView:
    """Widgets of the evaluation page; children are public so tests can drive them."""

    def __init__(self, app: AppState, store_factory=None, group: str = "", session: int | str | None = None):
        self.app = app
        number, bad_session = session_from_link(session)
        self.state = EvaluationState(store_factory, group_code=group, session=number or 1)
        self.link_notices = [n for n in (bad_session, unknown_group(self.state, group)) if n]
        self.frame = PageFrame(app, "evaluation", "evaluation.title")
        c = classes_for("ik-evaluation")
        self.intro = c(w.HTML(), "intro")
        self.link_status = c(w.HTML(), "link-status")
        self.group = c(w.Text(value=group, layout=FULL, style=LABEL), "group")
        self.session = c(w.BoundedIntText(value=self.state.session, min=1, max=100, style=LABEL,
                                          layout=w.Layout(width="14em")), "session")
        self.pseudonym = c(w.Text(layout=FULL, style=LABEL), "pseudonym")
        self.role_label = w.HTML()
        self.role_boxes = {r.id: css_class(w.Checkbox(value=False, indent=False, layout=FULL), f"ik-evaluation-role-{r.id}")
                           for f in forms.catalog().forms for r in f.roles}
        self.role = c(w.VBox(layout=FULL), "role")
        self.method_note = c(w.HTML(), "method")
        self.kind = c(w.ToggleButtons(style={"button_width": "auto"}, layout=FULL), "kind")
        self.form_intro = c(w.HTML(), "form-intro")
        self.items_box = c(w.VBox(layout=FULL), "items")
        self.item_widgets: dict[str, w.Widget] = {}
        self.submit_button = c(w.Button(button_style="primary", icon="paper-plane"), "submit")
        self.status = c(w.HTML(), "status")
        self.replace_yes = c(w.Button(button_style="warning"), "replace-yes")
        self.replace_no = c(w.Button(), "replace-no")
        self.confirm_box = c(w.VBox([w.HBox([self.replace_yes, self.replace_no],
                                            layout=w.Layout(flex_flow="row wrap"))]), "confirm")
        self.new_button = c(w.Button(icon="redo"), "new")
        self.privacy = c(w.HTML(), "privacy")
        self.reflection_link = c(w.HTML(), "reflection-link")
        self._wire()
        self.frame.set_body(self.intro, self.link_status, self.group, self.session, self.pseudonym, self.kind,
                            self.role, self.method_note, self.form_intro, self.items_box, self.submit_button, self.status,
                            self.confirm_box, self.new_button, self.privacy, self.reflection_link)
        self.render()

    def _wire(self) -> None:
        self.group.observe(lambda ch: setattr(self.state, "group_code", ch["new"]), "value")
        self.session.observe(lambda ch: setattr(self.state, "session", int(ch["new"])), "value")
        self.pseudonym.observe(lambda ch: setattr(self.state, "pseudonym", ch["new"]), "value")
        for role_id, box in self.role_boxes.items():
            box.observe(lambda ch, r=role_id: self._on_role(r, ch["new"]), "value")
        self.group.observe(lambda _: self._follow_method(), "value")
        self.session.observe(lambda _: self._follow_method(), "value")
        self.kind.observe(self._on_kind, "value")
        self.submit_button.on_click(lambda _: self.state.submit())
        self.replace_yes.on_click(lambda _: self.state.confirm_replace())
        self.replace_no.on_click(lambda _: self.state.keep_earlier())
        self.new_button.on_click(lambda _: self._new())
        self.state.observe(lambda _: self.render_status(), ["status", "notice"])
        self.app.observe(lambda _: self.render(), "lang")

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ reactions
    _updating = False

    def _on_role(self, role: str, ticked: bool) -> None:
        """Tick a role: added when the method lets one person hold it with the others, else it
        replaces them (like a radio button); untick: removed."""
        if self._updating:
            return
        s = self.state
        if not ticked:
            s.roles = [r for r in s.roles if r != role]
        else:
            both = s.form.ordered_roles([*s.roles, role])
            s.roles = list(both) if s.form.allows_roles(both, s.method) else [role]
        self.render_roles()
        self.build_items()

    def _follow_method(self) -> None:
        """Another group or meeting may have another method: redraw when it does."""
        if self._shown_method != self.state.method_id:
            s = self.state
            if not s.form.allows_roles(s.roles, s.method):
                s.roles = s.roles[:1]
            self.render_roles()
            self.build_items()

    _shown_method: str | None = None

    def _on_kind(self, change) -> None:
        if not self._updating and change["new"]:
            s = self.state
            s.kind = change["new"]
            s.roles = [r for r in s.roles if r in s.form.role_ids]
            if not s.form.allows_roles(s.roles, s.method):
                s.roles = s.roles[:1]
            self.render_roles()
            self.build_items()

    def _new(self) -> None:
        self.state.new_evaluation()
        self.build_items()

    def build_items(self) -> None:
        """One labelled control per item of the chosen form, roles and method, in its parts, filled from the state."""
        lang, t = self.app.lang, self.app.t
        self.item_widgets = {}
        rows = []
        for part, pairs in self.state.sections():
            rows.append(css_class(w.HTML(f"<h3>{esc(part_heading(self.state.form, part, lang))}</h3>"),
                                  "ik-evaluation-part", f"ik-evaluation-part-{part}"))
            rows += [self._item_row(item, lang, t) for _, item in pairs]
        self.items_box.children = rows
        form = self.state.form
        self.form_intro.value = f"<h2>{esc(form.title.get(lang))}</h2><p>{esc(form.intro.get(lang))}</p>"

    def _item_row(self, item: forms.FormItem, lang: str, t) -> w.Widget:
        control = css_class(item_control(item, lang, t("evaluation.no_answer")),
                            f"ik-evaluation-item-{item.id}", "ik-evaluation-item")
        value = self.state.answers.get(item.id)
        control.value = value if value is not None else ("" if item.type == "text" else None)
        control.observe(lambda ch, i=item.id: self.state.set_answer(i, ch["new"]), "value")
        question = w.HTML(f'<p class="ik-question"><b>{esc(item.text.get(lang))}</b>'
                          + (f' <small>({esc(t("evaluation.chars_left", n=item.max_length))})</small>'
                             if item.type == "text" else "") + "</p>")
        self.item_widgets[item.id] = control
        return css_class(w.VBox([question, control], layout=FULL), "ik-card")

    def render_roles(self) -> None:
        """The role boxes of the form, ticked as the state says; the method line and its hint."""
        t, lang, s = self.app.t, self.app.lang, self.state
        self._updating = True
        boxes = [self.role_boxes[r.id] for r in s.form.roles]
        for r, box in zip(s.form.roles, boxes):
            box.description, box.value = r.name.get(lang), r.id in s.roles
        self._updating = False
        self.role_label.value = f"<b>{esc(t('evaluation.role'))}</b>"
        self.role.children = [self.role_label, *boxes]
        method, self._shown_method = s.method, s.method_id
        lines = [t("evaluation.method_line", method=method.name.get(lang)) if method else t("evaluation.method_unknown")]
        if any(len(x) > 1 for x in s.role_sets()):
            lines.append(t("evaluation.roles_help"))
        self.method_note.value = "".join(f'<p class="ik-note">{esc(x)}</p>' for x in lines)

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        t, lang, s = self.app.t, self.app.lang, self.state
        self.intro.value = ""
        links = " ".join(esc(notice_text(n, lang)) for n in self.link_notices)
        self.link_status.value = f'<div class="ik-warning" role="alert">{links}</div>' if links else ""
        set_labels(self.app, "evaluation", ((self.group, "group"), (self.pseudonym, "pseudonym"),
                                            (self.kind, "form_kind")), help=False)
        set_labels(self.app, "evaluation", ((self.session, "session"), (self.submit_button, "submit")))
        self.group.placeholder = t("evaluation.group_help")
        self.pseudonym.placeholder = t("evaluation.pseudonym_help")
        self._updating = True
        form = s.form
        s.roles = [r for r in s.roles if r in form.role_ids]
        self.kind.options = [(t("evaluation.kind_session"), "session"), (t("evaluation.kind_trajectory"), "trajectory")]
        self.kind.value = s.kind
        self._updating = False
        set_labels(self.app, "evaluation", ((self.replace_yes, "replace_yes"), (self.replace_no, "replace_no"),
                                            (self.new_button, "new_evaluation")), help=False)
        self.privacy.value = f'<p class="ik-note">{esc(t("evaluation.privacy_note", n=load_settings().min_group))}</p>'
        self.reflection_link.value = (f'<p><a href="reflectie.ipynb?lang={lang}" class="ik-evaluation-to-reflection">'
                                      f'{esc(t("evaluation.reflection_link"))}</a></p>')
        self.render_roles()
        self.build_items()
        self.render_status()

    def render_status(self) -> None:
        s, lang = self.state, self.app.lang
        text = esc(notice_text(s.notice, lang))
        css = {"saved": "ik-note", "replaced": "ik-note", "confirm_replace": "ik-rule"}.get(s.status, "ik-warning")
        role = "status" if s.status in ("saved", "replaced", "confirm_replace") else "alert"
        self.status.value = f'<div class="{css}" role="{role}" aria-live="polite">{text}</div>' if text else ""
        self.confirm_box.layout.display = None if s.status == "confirm_replace" else "none"
        self.new_button.layout.display = None if s.status in ("saved", "replaced") else "none"
        self.submit_button.disabled = s.status == "confirm_replace"
