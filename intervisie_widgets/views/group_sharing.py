"""The group page's sharing card (only inside a hub): whose the open group is, who it is shared
with, and for its owner a hub user name to share it with and a co-trainer to stop sharing with.

Outside a hub the card stays hidden and reads nothing. Every name is escaped when shown.
"""
from __future__ import annotations

import ipywidgets as w

from ..settings import current_user
from ..state import AppState
from ..state.evaluation import notice_text
from ..state.group import GroupState
from ..state.ownership import SharingState
from .common import WIDE_LABEL, card, classes_for, esc, set_labels


class SharingCard:
    """Widgets of the sharing card; it follows the group page's open group (``loaded_code``)."""

    def __init__(self, app: AppState, group: GroupState):
        self.app, self.group = app, group
        self.state = SharingState(lambda: group.store())
        c = classes_for("ik-group-sharing")
        self.heading, self.about, self.status = c(w.HTML(), "heading"), c(w.HTML(), "about"), c(w.HTML(), "status")
        self.user = c(w.Text(layout=w.Layout(width="24em"), style=WIDE_LABEL), "user")
        self.share_button = c(w.Button(icon="share-alt"), "share")
        self.chosen = c(w.Dropdown(style=WIDE_LABEL), "chosen")
        self.unshare_button = c(w.Button(icon="user-times"), "unshare")
        self.owner_box = w.VBox([w.HBox([self.user, self.share_button]), w.HBox([self.chosen, self.unshare_button])])
        self.widget = card(self.heading, self.about, self.owner_box, self.status)
        self.share_button.on_click(lambda _: self.share())
        self.unshare_button.on_click(lambda _: self.unshare())
        group.observe(lambda _: self.follow(), "loaded_code")
        self.state.observe(lambda _: self.render(), ["owner", "shares", "notice"])
        app.observe(lambda _: self.render(), "lang")
        self.follow()

    def follow(self) -> None:
        """Read the owner and co-trainers of the group the page has open (nothing outside a hub)."""
        self.state.load(self.group.loaded_code if current_user() is not None else "")
        self.render()

    def share(self) -> None:
        if self.state.share(self.user.value):
            self.user.value = ""

    def unshare(self) -> None:
        if self.chosen.value:
            self.state.unshare(self.chosen.value)

    def render(self) -> None:
        s, t = self.state, self.app.t
        set_labels(self.app, "ownership", ((self.user, "sharing_user"), (self.share_button, "sharing_share"),
                                           (self.chosen, "sharing_choose"), (self.unshare_button, "sharing_unshare")))
        self.widget.layout.display = None if s.active else "none"
        if not s.active:
            return
        self.heading.value = f"<h2>{esc(t('ownership.sharing_heading'))}</h2>"
        about = ("ownership.sharing_owner" if s.is_owner else
                 "ownership.sharing_shared_with_you" if s.owner else "ownership.sharing_no_owner")
        shared = (t("ownership.sharing_with", users=", ".join(s.shares)) if s.shares
                  else t("ownership.sharing_none"))
        self.about.value = f'<p class="ik-note">{esc(t(about, owner=s.owner))} {esc(shared)}</p>'
        self.owner_box.layout.display = None if s.is_owner else "none"
        self.chosen.options = list(s.shares) or [("", "")]
        self.chosen.disabled = self.unshare_button.disabled = not s.shares
        text = notice_text(s.notice, self.app.lang)
        kind = "ik-note" if s.notice is not None and not hasattr(s.notice, "message") else "ik-warning"
        self.status.value = f'<div class="{kind}" role="status">{esc(text)}</div>' if text else ""
