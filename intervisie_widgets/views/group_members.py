"""Parts of the group page: the members card (inputs to add or change a member, and the member
list with "begeleider", "change" and "remove" per row) and the contract's download links."""
from __future__ import annotations

import ipywidgets as w

from ..model.group import LEVELS, Contract
from ..render.contract import contract_markdown, contract_pdf
from ..state import AppState
from ..state.group import GroupState
from .common import WIDE_LABEL, classes_for, css_class, esc, say, set_labels
from .methods import download_link

_FULL = w.Layout(width="100%", max_width="40em")


class MemberRow:
    """One member in the list: what we know of them, begeleider tick, change and remove."""

    def __init__(self, editor: MemberEditor, member):
        t, state = editor.app.t, editor.state
        line = t("group.member_line", name=member.name, initials=member.short, level=t(f"group.level_{member.level}"),
                 years=member.years) + (t("group.member_manages", member=member.manages) if member.manages else "")
        self.label = w.HTML(f"<span>{esc(line)}</span>", layout=w.Layout(flex="1 1 20em"))
        self.begeleider = css_class(w.Checkbox(value=member.begeleider, indent=False, description=t("group.is_begeleider"),
                                               tooltip=t("group.is_begeleider_help", name=member.name),
                                               layout=w.Layout(width="auto")), "ik-group-row-begeleider")
        self.edit = css_class(w.Button(description=t("group.edit"), tooltip=t("group.edit_help", name=member.name),
                                       icon="pencil", layout=w.Layout(width="auto")), "ik-group-edit")
        self.remove = css_class(w.Button(description=t("group.remove"), tooltip=t("group.remove_help", name=member.name),
                                         icon="trash", layout=w.Layout(width="auto")), "ik-group-remove")
        self.begeleider.observe(lambda ch: state.set_begeleider(member.name, ch["new"]), "value")
        self.edit.on_click(lambda _: editor.start_edit(member.name))
        self.remove.on_click(lambda _: state.remove_member(member.name))
        self.widget = css_class(w.HBox([self.label, self.begeleider, self.edit, self.remove],
                                       layout=w.Layout(flex_flow="row wrap")), "ik-member-row")


class MemberEditor:
    """Inputs for one member and the list of members; all changes go through ``GroupState``."""

    def __init__(self, app: AppState, state: GroupState):
        self.app, self.state = app, state
        c = classes_for("ik-group")
        self.heading = w.HTML()
        self.name = c(w.Text(layout=_FULL, style=WIDE_LABEL), "name")
        self.initials = c(w.Text(layout=w.Layout(width="20em"), style=WIDE_LABEL), "initials")
        self.level = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "level")
        self.years = c(w.BoundedIntText(min=0, max=60, layout=w.Layout(width="16em"), style=WIDE_LABEL), "years")
        self.manages = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "manages")
        self.begeleider = c(w.Checkbox(indent=False, style=WIDE_LABEL), "begeleider")
        self.add_button = c(w.Button(button_style="primary", icon="user-plus"), "add")
        self.cancel_button = c(w.Button(icon="times"), "cancel-edit")
        self.add_warning = c(w.HTML(), "add-warning")
        self.member_list = c(w.VBox(), "members")
        self.rows: list[MemberRow] = []
        self._shown: tuple = ()
        self.add_button.on_click(lambda _: self.add())
        self.cancel_button.on_click(lambda _: self.stop_edit())
        state.observe(lambda _: self.render_members(), "group")
        state.observe(lambda _: self.render_warning(), "notice")
        state.observe(lambda _: self.render_mode(), "editing")
        self.widgets = (self.heading, self.name, self.initials, self.level, self.years, self.manages,
                        self.begeleider, w.HBox([self.add_button, self.cancel_button],
                                                layout=w.Layout(flex_flow="row wrap")),
                        self.add_warning, self.member_list)

    # ------------------------------------------------------------------ actions
    def add(self) -> None:
        """Add (or change) the member in the inputs; on a problem the inputs stay as typed and a warning says why."""
        if self.state.submit_member(self.name.value, self.initials.value, self.level.value or LEVELS[0],
                                    self.years.value, self.manages.value or "", self.begeleider.value):
            self.clear()

    def clear(self) -> None:
        self.name.value = self.initials.value = ""
        self.years.value = 0
        self.manages.value = ""
        self.begeleider.value = False

    def start_edit(self, name: str) -> None:
        """Put a member's details in the inputs; "Toevoegen" becomes "Wijziging bewaren"."""
        m = self.state.start_edit(name)
        if m is None:
            return
        self.name.value, self.initials.value, self.level.value, self.years.value = m.name, m.initials, m.level, m.years
        self.manages.value = m.manages if m.manages in self.state.group.names else ""
        self.begeleider.value = m.begeleider

    def stop_edit(self) -> None:
        self.state.stop_edit()
        self.clear()

    def remove(self, name: str) -> None:
        self.state.remove_member(name)

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        """Every text in the current language (and the list rebuilt in it)."""
        t = self.app.t
        self.heading.value = (f"<h2>{esc(t('group.members_heading'))}</h2>"
                              f'<p class="ik-note">{esc(t("group.names_note"))}</p>')
        set_labels(self.app, "group", ((self.name, "name"), (self.initials, "initials"), (self.level, "level"),
                                       (self.years, "years"), (self.manages, "manages"),
                                       (self.begeleider, "begeleider"), (self.cancel_button, "cancel_edit")))
        level = self.level.value or LEVELS[0]
        self.level.options = [(t(f"group.level_{lv}"), lv) for lv in LEVELS]
        self.level.value = level
        self._shown = ()
        self.render_members()
        self.render_mode()
        self.render_warning()

    def render_mode(self) -> None:
        key = "save_member" if self.state.editing else "add"
        self.add_button.description = self.app.t(f"group.{key}")
        self.add_button.tooltip = self.app.t(f"group.{key}_help")
        self.cancel_button.layout.display = None if self.state.editing else "none"

    def render_warning(self) -> None:
        n = self.state.notice
        self.add_warning.value = (f'<div class="ik-warning" role="alert">{esc(say(self.app, n))}</div>'
                                  if n else "")

    def render_members(self) -> None:
        """The member list (rebuilt only when the members change, so focus is kept) and the manages choice."""
        t, g = self.app.t, self.state.group
        if g.members != self._shown:
            self._shown = g.members
            self.rows = [MemberRow(self, m) for m in g.members]
            count = t("group.count", n=len(g.members)) if g.members else t("group.no_members")
            self.member_list.children = [w.HTML(f'<p aria-live="polite">{esc(count)}</p>'),
                                         *[r.widget for r in self.rows]]
        keep = self.manages.value if self.manages.value in g.names else ""
        self.manages.options = [(t("group.manages_none"), ""), *[(n, n) for n in g.names]]
        self.manages.value = keep


def contract_links(app: AppState, contract: Contract) -> str:
    """Markdown and PDF of the contract as download links (data: URIs), and which parts are still empty."""
    t, lang = app.t, app.lang
    md = contract_markdown(contract, lang).encode("utf-8")
    stem = f"intervisiecontract-{lang}"
    links = [download_link(md, f"{stem}.md", "text/markdown", t("group.export_md"), "ik-group-export-md")]
    try:
        links.append(download_link(contract_pdf(contract, lang), f"{stem}.pdf", "application/pdf",
                                   t("group.export_pdf"), "ik-group-export-pdf"))
    except Exception as exc:  # noqa: BLE001 - the Markdown always works; the PDF is a convenience
        links.append(f'<span class="ik-warning">{esc(t("group.export_pdf_failed", error=exc))}</span>')
    missing = ", ".join(t(f"group.contract_{p}") for p in contract.missing)
    note = f'<p class="ik-note">{esc(t("group.contract_missing", parts=missing))}</p>' if missing else ""
    return " &nbsp; ".join(links) + note
