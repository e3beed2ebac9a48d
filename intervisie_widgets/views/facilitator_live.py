"""The live card of the session runner (``LivePanel``): join screen with QR code, short address
and join code; "x of y present have responded"; tonight's results; the post-it wall, with the
trainer's hide toggles (not on the projector). ``JoinPanel`` is the join screen alone, for the
trajectory page. Both draw from :class:`~intervisie_widgets.state.live.LiveState`.
"""
from __future__ import annotations

import base64

import ipywidgets as w

from ..engines.join import join_url, short_url
from ..render.plots import num
from ..state import AppState
from ..state.live import LiveState, is_loopback
from .common import card, classes_for, css_class, esc, say


def _problem(app: AppState, notice) -> str:
    if notice is None:
        return ""
    said = notice.message(app.lang) if hasattr(notice, "message") else say(app, notice)
    return f'<p class="ik-note ik-live-notice" role="status">{esc(said)}</p>'


def expires_text(app: AppState, expires) -> str:
    """When a join code stops working, in the kernel's local time."""
    local = expires.astimezone()
    when = local.strftime("%d-%m-%Y %H:%M" if app.lang == "nl" else "%Y-%m-%d %H:%M")
    return app.t("live.expires", when=when)


def qr_html(url: str, alt: str) -> str:
    """The QR code of ``url`` as an inline PNG with an alt text (ipywidgets' Image has no alt)."""
    from ..render import qr

    b64 = base64.b64encode(qr.qr_png(url)).decode("ascii")
    return (f'<figure class="ik-join-qr"><img src="data:image/png;base64,{b64}" alt="{esc(alt)}">'
            f"</figure>")


def join_html(app: AppState, live: LiveState) -> str:
    """The join screen: QR code, the short address, the code in large type and its expiry."""
    t, j, base = app.t, live.join, live.base
    if j is None:
        return ""
    if base:
        url, short = join_url(base, j.code), short_url(base)
        qr = qr_html(url, t("live.qr_alt", url=url))
        tail = "/" + short.rsplit("/", 1)[-1]  # a line may break before "/deelnemen", not inside a word
        where = f'<p class="ik-join-address">{esc(short[:-len(tail)])}<wbr>{esc(tail)}</p>'
    else:
        qr, where = "", f'<p class="ik-warning" role="note">{esc(t("live.address_unknown"))}</p>'
    local = (f'<p class="ik-warning ik-join-local" role="note">{esc(t("live.address_local", base=base))}</p>'
             if base and is_loopback(base) else "")
    return (f'<section class="ik-join" aria-labelledby="ik-join-heading">'
            f'<h2 id="ik-join-heading">{esc(t("live.join_heading"))}</h2>'
            f'<p class="ik-join-meeting">{esc(t("live.join_meeting", group=live.group_code, n=live.number))}</p>'
            f'<div class="ik-join-grid">{qr}<div class="ik-join-text">'
            f'<p class="ik-join-step">{esc(t("live.join_step_scan"))}</p>{where}'
            f'<p class="ik-join-step">{esc(t("live.join_step_code"))}</p>'
            f'<p class="ik-join-code"><span class="sr-only">{esc(t("live.code_label"))} </span>{esc(j.shown)}</p>'
            f'<p class="ik-join-expires">{esc(expires_text(app, j.expires))}</p>'
            f"</div></div>{local}</section>")


def count_html(app: AppState, live: LiveState) -> str:
    """"x of y present have responded" (a polite live region)."""
    t, x = app.t, live.responded
    said = t("live.count_waiting") if x is None else t("live.count_one" if x == 1 else "live.count_many",
                                                          x=x, y=live.present)
    return f'<p class="ik-live-count-line" role="status" aria-live="polite">{esc(said)}</p>'


def results_html(app: AppState, live: LiveState) -> str:
    """Tonight's results: a table of means, or why nothing is shown yet (minimum-group rule)."""
    t, lang, r = app.t, app.lang, live.results
    if r is None:
        return ""
    from ..catalog import forms

    rule = f'<p class="ik-note" role="note">{esc(t("live.rule", n=r.min_group))}</p>'
    head = (f'<h2>{esc(t("live.results_heading"))}</h2>'
            f'<p class="ik-live-results-count">{esc(t("live.results_count", n=r.respondents, number=live.number))}</p>')
    if not r.shown:
        wait = t("live.results_hidden", n=r.respondents, min=r.min_group)
        return f'<section class="ik-live-results">{head}<p class="ik-live-results-hidden">{esc(wait)}</p>{rule}</section>'
    cat = forms.catalog()
    cols = "".join(f'<th scope="col">{esc(t(k))}</th>' for k in ("live.col_item", "live.col_mean", "live.col_n"))
    body = []
    for row in r.rows:
        mean = (t("live.mean", mean=num(row.mean, lang), low=row.low, high=row.high) if row.mean is not None
                else t("live.suppressed", n=r.min_group))
        body.append(f'<tr data-item="{esc(row.item)}"><th scope="row">{esc(cat.item_label(row.item, lang))}</th>'
                    f"<td>{esc(mean)}</td><td>{row.respondents}</td></tr>")
    table = (f'<table class="ik-steps ik-live-table"><caption>{esc(t("live.table_caption", number=live.number))}'
             f'</caption><thead><tr>{cols}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    return f'<section class="ik-live-results">{head}{table}{rule}</section>'


def wall_html(app: AppState, live: LiveState) -> str:
    """The post-it wall: the cards (anonymous, in alphabetical order), never a hidden one."""
    t = app.t
    cards = sorted(live.wall_cards, key=lambda p: (p.text.casefold(), p.id))
    items = "".join(f'<li class="ik-postit">{esc(p.text)}</li>' for p in cards)
    body = (f'<ul class="ik-postits" aria-label="{esc(t("live.wall_list"))}">{items}</ul>' if cards
            else f'<p class="ik-live-wall-empty">{esc(t("live.wall_empty"))}</p>')
    new = (f'<p class="ik-note" role="status">{esc(t("live.wall_new", n=live.new_cards))}</p>'
           if live.new_cards else "")
    return (f'<section class="ik-live-wall" aria-labelledby="ik-live-wall-heading">'
            f'<h2 id="ik-live-wall-heading">{esc(t("live.wall_heading"))}</h2>'
            f'<p class="ik-live-wall-intro">{esc(t("live.wall_intro"))}</p>{body}{new}</section>')


SCREENS = {"join": join_html, "results": results_html, "wall": wall_html}


class LivePanel:
    """The runner's live card; hidden for a free session. Children are public for tests."""

    def __init__(self, app: AppState, live: LiveState):
        self.app, self.live = app, live
        c = classes_for("ik-session")
        self.heading = w.HTML()
        self.count = c(w.HTML(), "live-count")
        self.join_button = c(w.Button(icon="qrcode"), "show-join")
        self.results_button = c(w.Button(icon="chart-bar"), "show-results")
        self.wall_button = c(w.Button(icon="sticky-note"), "show-wall")
        self.close_button = c(w.Button(icon="times"), "live-close")
        self.screen = c(w.HTML(), "live-screen")
        self.notice = c(w.HTML(), "live-notice")
        self.cards_heading = w.HTML()
        self.cards_box = c(w.VBox(), "postit-cards")
        self.hide_boxes: dict[int, w.Checkbox] = {}
        self.moderation = c(w.VBox([self.cards_heading, self.cards_box]), "moderation")
        buttons = css_class(w.HBox([self.join_button, self.results_button, self.wall_button, self.close_button],
                                   layout=w.Layout(flex_flow="row wrap")), "ik-big-buttons")
        self.widget = css_class(card(self.heading, self.count, buttons, self.notice, self.screen, self.moderation),
                                "ik-live")
        self._updating = False
        self.join_button.on_click(lambda _: live.show_join())
        self.results_button.on_click(lambda _: live.show_results())
        self.wall_button.on_click(lambda _: live.show_wall())
        self.close_button.on_click(lambda _: live.close())
        live.observe(lambda _: self.render_count(), ["responded", "present"])
        live.observe(lambda _: self.render_screen(), ["screen", "join", "results", "wall", "base"])
        live.observe(lambda _: self.render_cards(), "postits")
        live.observe(lambda _: self.render_notice(), "notice")
        self.render()

    def tick(self) -> None:
        self.live.poll()

    def set_projector(self, on: bool) -> None:
        """On the projector the hide toggles (and the texts of hidden cards) and the intro are not shown."""
        self.moderation.layout.display = self.heading.layout.display = "none" if on else None

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        t = self.app.t
        self.widget.layout.display = None if self.live.active else "none"
        self.heading.value = f"<h2>{esc(t('live.heading'))}</h2><p>{esc(t('live.intro'))}</p>"
        for button, key in ((self.join_button, "show_join"), (self.results_button, "show_results"),
                            (self.wall_button, "show_wall"), (self.close_button, "close")):
            button.description, button.tooltip = t(f"live.{key}"), t(f"live.{key}_help")
        self.cards_heading.value = (f"<h3>{esc(t('live.cards_heading'))}</h3>"
                                    f'<p class="ik-note">{esc(t("live.cards_intro"))}</p>')
        self.render_count()
        self.render_screen()
        self.render_cards(rebuild=True)
        self.render_notice()

    def render_count(self) -> None:
        self.count.value = count_html(self.app, self.live) if self.live.active else ""

    def render_screen(self) -> None:
        s = self.live.screen
        self.screen.value = SCREENS[s](self.app, self.live) if s else ""
        self.close_button.disabled = not s
        wall_key = "wall_again" if s == "wall" else "show_wall"
        self.wall_button.description = self.app.t(f"live.{wall_key}")

    def render_notice(self) -> None:
        self.notice.value = _problem(self.app, self.live.notice)

    def render_cards(self, rebuild: bool = False) -> None:
        """One 'hide' tick per card; rows are rebuilt only when cards come or go (focus stays)."""
        t, cards = self.app.t, self.live.postits
        if rebuild or set(self.hide_boxes) != {p.id for p in cards}:
            rows, self.hide_boxes = [], {}
            for p in cards:
                box = classes_for("ik-session")(w.Checkbox(indent=False), "postit-hide")
                box.observe(lambda ch, pid=p.id: self._on_hide(pid, ch["new"]), "value")
                self.hide_boxes[p.id] = box
                rows.append(css_class(w.HBox([box, w.HTML()]), "ik-postit-row"))
            self.cards_box.children = rows
        self._updating = True
        for i, (p, row) in enumerate(zip(cards, self.cards_box.children), start=1):
            box, text = row.children
            box.value, box.description = p.hidden, t("live.hide_card", n=i)
            css = "ik-postit-text ik-postit-hidden" if p.hidden else "ik-postit-text"
            text.value = f'<p class="{css}">{esc(p.text)}</p>'
        self._updating = False
        self.cards_heading.layout.display = self.cards_box.layout.display = None if cards else "none"
        if self.live.screen == "wall":
            self.render_screen()

    def _on_hide(self, postit_id: int, hidden: bool) -> None:
        if not self._updating:
            self.live.set_hidden(postit_id, hidden)


class JoinPanel:
    """The trajectory page's "show the join code" for the group's next meeting."""

    def __init__(self, app: AppState, live: LiveState, prefix: str):
        self.app, self.live = app, live
        c = classes_for(prefix)
        self.button = c(w.Button(icon="qrcode"), "show-join")
        self.screen = c(w.HTML(), "join-screen")
        self.notice = c(w.HTML(), "join-notice")
        self.widget = css_class(card(self.button, self.notice, self.screen), "ik-live")
        self.button.on_click(lambda _: live.close() if live.screen == "join" else live.show_join())
        live.observe(lambda _: self.render(), ["screen", "join", "number", "group_code", "notice"])
        self.render()

    def render(self) -> None:
        t, live = self.app.t, self.live
        self.widget.layout.display = None if live.active else "none"
        key = "hide_join" if live.screen == "join" else "show_join_next"
        self.button.description = t(f"live.{key}", n=live.number)
        self.button.tooltip = t("live.show_join_help")
        self.screen.value = join_html(self.app, live) if live.screen == "join" else ""
        self.notice.value = _problem(self.app, live.notice)
