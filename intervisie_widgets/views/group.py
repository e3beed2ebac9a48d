"""The group set-up page: members, the checks of seeds 003/004, the goal, the intervisiecontract
(Markdown and PDF downloads) and the inbrenger's preparation."""
from __future__ import annotations

import ipywidgets as w

from .. import catalog
from ..model.group import CONTRACT_PARTS, LEVELS
from ..render.contract import contract_markdown, contract_pdf
from ..state import AppState
from ..state.planning import GroupState
from .common import (
    WIDE_LABEL,
    PageFrame,
    card,
    classes_for,
    css_class,
    esc,
    notices_html,
    preparation_html,
    say,
    set_labels,
    style_widget,
)
from .methods import download_link

_FULL = w.Layout(width="100%", max_width="40em")
_DEFAULT_PARTS = ("safety", "inbreng")  # prefilled with a suggestion the group can edit


class GroupView:
    """Widgets of the group page; children are public so tests can drive them."""

    def __init__(self, app: AppState):
        self.app = app
        self.state = GroupState()
        self.frame = PageFrame(app, "group", "group.title")
        c = classes_for("ik-group")
        self.intro = w.HTML()
        self.members_heading = w.HTML()
        self.name = c(w.Text(layout=_FULL, style=WIDE_LABEL), "name")
        self.initials = c(w.Text(layout=w.Layout(width="20em"), style=WIDE_LABEL), "initials")
        self.level = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "level")
        self.years = c(w.BoundedIntText(min=0, max=60, layout=w.Layout(width="16em"), style=WIDE_LABEL), "years")
        self.manages = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "manages")
        self.add_button = c(w.Button(button_style="primary", icon="user-plus"), "add")
        self.add_warning = c(w.HTML(), "add-warning")
        self.member_list = c(w.VBox(), "members")
        self.format_heading = w.HTML()
        self.method = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "method")
        self.variant = c(w.ToggleButtons(style={"button_width": "auto", **WIDE_LABEL}), "variant")
        self.checks = c(w.HTML(), "checks")
        self.goal_heading = w.HTML()
        self.goal = c(w.Textarea(rows=3, layout=_FULL, style=WIDE_LABEL), "goal")
        self.contract_heading = w.HTML()
        self.parts = {p: c(w.Textarea(rows=3, layout=_FULL, style=WIDE_LABEL), f"contract-{p}")
                      for p in CONTRACT_PARTS}
        self.export_button = c(w.Button(icon="download"), "export")
        self.export_links = c(w.HTML(), "export-links")
        self.preparation = c(w.HTML(), "preparation")
        self._connect()
        for p in _DEFAULT_PARTS:
            self.parts[p].value = app.t(f"group.contract_{p}_default")
        self.frame.set_body(
            style_widget(), self.intro,
            card(self.members_heading, self.name, self.initials, self.level, self.years, self.manages,
                 self.add_button, self.add_warning, self.member_list),
            card(self.format_heading, self.method, self.variant, self.checks),
            card(self.goal_heading, self.goal),
            card(self.contract_heading, *self.parts.values(), self.export_button, self.export_links),
            card(self.preparation))
        self.render()

    def _connect(self) -> None:
        """Widget events call state actions; state changes re-render."""
        self.add_button.on_click(lambda _: self.add())
        self.method.observe(self._on_format, "value")
        self.variant.observe(self._on_format, "value")
        self.goal.observe(lambda ch: self.state.set_goal(ch["new"]), "value")
        for p, area in self.parts.items():
            area.observe(lambda ch, p=p: self.state.set_part(p, ch["new"]), "value")
        self.export_button.on_click(lambda _: self.export())
        self.state.observe(lambda _: self.render_group(), "group")
        self.state.observe(lambda _: self.render_checks(), ["method_id", "variant_id"])
        self.state.observe(lambda _: self._render_add_warning(), "notice")
        self.app.observe(self._on_lang, "lang")

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ actions
    def add(self) -> None:
        """Add the member in the inputs; on a problem the inputs stay as typed and a warning says why."""
        ok = self.state.add_member(self.name.value, self.initials.value, self.level.value or LEVELS[0],
                                   self.years.value, self.manages.value or "")
        if ok:
            self.name.value = self.initials.value = ""
            self.years.value = 0
            self.manages.value = ""

    def remove(self, name: str) -> None:
        self.state.remove_member(name)

    def export(self) -> None:
        """Markdown and PDF of the contract as download links (data: URIs)."""
        t, lang = self.app.t, self.app.lang
        c = self.state.filled_contract()
        md = contract_markdown(c, lang).encode("utf-8")
        stem = f"intervisiecontract-{lang}"
        links = [download_link(md, f"{stem}.md", "text/markdown", t("group.export_md"), "ik-group-export-md")]
        try:
            links.append(download_link(contract_pdf(c, lang), f"{stem}.pdf", "application/pdf",
                                       t("group.export_pdf"), "ik-group-export-pdf"))
        except Exception as exc:  # the Markdown always works; the PDF is a convenience
            links.append(f'<span class="ik-warning">{esc(t("group.export_pdf_failed", error=exc))}</span>')
        missing = ", ".join(t(f"group.contract_{p}") for p in c.missing)
        note = f'<p class="ik-note">{esc(t("group.contract_missing", parts=missing))}</p>' if missing else ""
        self.export_links.value = " &nbsp; ".join(links) + note

    # ------------------------------------------------------------------ reactions
    _updating = False

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
        t, lang = self.app.t, self.app.lang
        self.intro.value = f"<p>{esc(t('group.intro'))}</p>"
        self.members_heading.value = f"<h2>{esc(t('group.members_heading'))}</h2>"
        self.format_heading.value = f"<h2>{esc(t('group.format_heading'))}</h2>"
        self.goal_heading.value = (f"<h2>{esc(t('group.goal_heading'))}</h2>"
                                   f'<p class="ik-note">{esc(t("group.goal_tip"))}</p>')
        self.contract_heading.value = (f"<h2>{esc(t('group.contract_heading'))}</h2>"
                                       f"<p>{esc(t('group.contract_intro'))}</p>")
        self.preparation.value = f"<h2>{esc(t('group.prep_heading'))}</h2>{preparation_html(self.app)}"
        set_labels(self.app, "group", (
            (self.name, "name"), (self.initials, "initials"), (self.level, "level"), (self.years, "years"),
            (self.manages, "manages"), (self.goal, "goal"), (self.method, "format_method"),
            (self.variant, "format_variant"), (self.add_button, "add"), (self.export_button, "export")))
        self.goal.placeholder = t("group.goal_placeholder")
        for p, area in self.parts.items():
            area.description = t(f"group.contract_{p}")
            area.placeholder = t(f"group.contract_{p}_help")
            area.tooltip = t(f"group.contract_{p}_help")
        self.export_links.value = ""
        self._updating = True
        level = self.level.value or LEVELS[0]
        self.level.options = [(t(f"group.level_{lv}"), lv) for lv in LEVELS]
        self.level.value = level
        m = catalog.method(self.state.method_id)
        self.method.options = [(x.name.get(lang), x.id) for x in catalog.methods()]
        self.method.value = m.id
        self.variant.options = [(v.name.get(lang), v.id) for v in m.variants]
        self.variant.value = self.state.variant_id
        self.variant.layout.display = None if len(m.variants) > 1 else "none"
        self._updating = False
        self._render_add_warning()
        self.render_group()

    def _render_add_warning(self) -> None:
        n = self.state.notice
        self.add_warning.value = (f'<div class="ik-warning" role="alert">{esc(say(self.app, n))}</div>'
                                  if n else "")

    def render_group(self) -> None:
        """The member list (a row with a remove button each), the manages choice and the checks."""
        t, g = self.app.t, self.state.group
        rows = []
        for m in g.members:
            line = t("group.member_line", name=m.name, initials=m.short, level=t(f"group.level_{m.level}"),
                     years=m.years) + (t("group.member_manages", member=m.manages) if m.manages else "")
            remove = css_class(w.Button(description=t("group.remove"), tooltip=t("group.remove_help", name=m.name),
                                        icon="trash", layout=w.Layout(width="auto")), "ik-group-remove")
            remove.on_click(lambda _, name=m.name: self.remove(name))
            rows.append(css_class(w.HBox([w.HTML(f"<span>{esc(line)}</span>", layout=w.Layout(flex="1 1 20em")),
                                          remove], layout=w.Layout(flex_flow="row wrap")), "ik-member-row"))
        count = t("group.count", n=len(g.members)) if g.members else t("group.no_members")
        self.member_list.children = [w.HTML(f'<p aria-live="polite">{esc(count)}</p>'), *rows]
        keep = self.manages.value if self.manages.value in g.names else ""
        self.manages.options = [(t("group.manages_none"), ""), *[(n, n) for n in g.names]]
        self.manages.value = keep
        self.render_checks()

    def render_checks(self) -> None:
        notices = self.state.checks()
        self.checks.value = (notices_html(self.app, notices, "group.checks_heading") if notices
                             else f'<p class="ik-note">{esc(self.app.t("group.checks_ok"))}</p>')
