"""The private reflection page: write a reflectieverslag encrypted with your own passphrase, and
open your own reports with group code, pseudonym and passphrase. Others see counts only."""
from __future__ import annotations

import ipywidgets as w

from ..engines import reflection
from ..state import AppState
from ..state.evaluation import ReflectionState, notice_text
from .common import PageFrame, classes_for, css_class, esc, set_labels

FULL = w.Layout(width="100%", max_width="40em")
LABEL = {"description_width": "initial"}


class ReflectionView:
    """Widgets of the reflection page; passphrase fields are cleared after every use."""

    def __init__(self, app: AppState, store_factory=None, group: str = ""):
        self.app = app
        self.state = ReflectionState(store_factory, group_code=group)
        self.frame = PageFrame(app, "reflection", "reflection.title")
        c = classes_for("ik-reflection")
        self.intro = c(w.HTML(), "intro")
        self.group = c(w.Text(value=group, layout=FULL, style=LABEL), "group")
        self.pseudonym = c(w.Text(layout=FULL, style=LABEL), "pseudonym")
        self.session = c(w.Dropdown(options=[("", 0)], value=0, style=LABEL), "session")
        self.text = c(w.Textarea(rows=12, layout=FULL, style=LABEL), "text")
        self.passphrase = c(w.Password(layout=FULL, style=LABEL), "passphrase")
        self.repeat = c(w.Password(layout=FULL, style=LABEL), "passphrase-repeat")
        self.save_button = c(w.Button(button_style="primary", icon="lock"), "save")
        self.status = c(w.HTML(), "status")
        self.mine_heading = w.HTML()
        self.open_passphrase = c(w.Password(layout=FULL, style=LABEL), "open-passphrase")
        self.open_button = c(w.Button(icon="unlock"), "open")
        self.opened = c(w.HTML(), "opened")
        self.counts = c(w.HTML(), "counts")

        self.group.observe(lambda ch: setattr(self.state, "group_code", ch["new"]), "value")
        self.pseudonym.observe(lambda ch: setattr(self.state, "pseudonym", ch["new"]), "value")
        self.session.observe(lambda ch: setattr(self.state, "session", int(ch["new"] or 0)), "value")
        self.save_button.on_click(lambda _: self.save())
        self.open_button.on_click(lambda _: self.open())
        self.state.observe(lambda _: self.render_state(), ["status", "notice", "mine", "counts"])
        app.observe(lambda _: self.render(), "lang")

        self.frame.set_body(
            self.intro, self.group, self.pseudonym, self.session, self.text, self.passphrase, self.repeat,
            self.save_button, self.status,
            css_class(w.VBox([self.mine_heading, self.open_passphrase, self.open_button, self.opened],
                             layout=FULL), "ik-card"),
            self.counts)
        self.text.value = app.t("reflection.template")
        self.render()

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ actions
    def save(self) -> None:
        passphrase, repeat = self.passphrase.value, self.repeat.value
        self.passphrase.value = self.repeat.value = ""
        if self.state.save(self.text.value, passphrase, repeat):
            self.text.value = self.app.t("reflection.template")

    def open(self) -> None:
        passphrase = self.open_passphrase.value
        self.open_passphrase.value = ""
        self.state.open_mine(passphrase)

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        t = self.app.t
        self.intro.value = (f"<p>{esc(t('reflection.intro'))}</p>"
                            f'<p class="ik-rule" role="note">{esc(t("reflection.lost_key_warning"))}</p>')
        set_labels(self.app, "reflection", ((self.group, "group"), (self.pseudonym, "pseudonym"),
                                            (self.session, "session"), (self.text, "text"),
                                            (self.passphrase, "passphrase"), (self.repeat, "passphrase_repeat"),
                                            (self.open_passphrase, "passphrase")), help=False)
        set_labels(self.app, "reflection", ((self.save_button, "save"), (self.open_button, "open")))
        self.session.options = [(t("reflection.session_none"), 0)] + [(str(n), n) for n in range(1, 21)]
        self.passphrase.placeholder = t("reflection.passphrase_help", n=reflection.MIN_PASSPHRASE)
        self.mine_heading.value = f"<h2>{esc(t('reflection.mine_heading'))}</h2>"
        self.render_state()

    def render_state(self) -> None:
        s, t, lang = self.state, self.app.t, self.app.lang
        text = esc(notice_text(s.notice, lang))
        ok = s.status in ("saved", "opened")
        self.status.value = (f'<div class="{"ik-note" if ok else "ik-warning"}" role="{"status" if ok else "alert"}" '
                             f'aria-live="polite">{text}</div>') if text else ""

        def card(r) -> str:
            when = r["created_at"].strftime("%d-%m-%Y %H:%M")
            head = (t("reflection.opened_item", when=when, session=r["session"]) if r["session"]
                    else t("reflection.opened_item_nosession", when=when))
            return (f'<div class="ik-card ik-reflection-item"><h3>{esc(head)}</h3>'
                    f'<div style="white-space:pre-wrap">{esc(r["text"])}</div></div>')
        self.opened.value = "".join(card(r) for r in s.mine)
        counts = t("reflection.counts", n=s.counts["reflections"], writers=s.counts["writers"]) if s.counts else ""
        self.counts.value = f'<p class="ik-note">{esc(counts)}</p>' if counts else ""

