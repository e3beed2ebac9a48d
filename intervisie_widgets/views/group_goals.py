"""Parts of the group page from seed 001: its starting points (shown near the contract) and its
seven goals as ticks for the group's goal (stored with the contract, ``GroupState.set_goals``)."""
from __future__ import annotations

import ipywidgets as w

from ..catalog import goals
from ..state import AppState
from ..state.group import GroupState
from .common import css_class, esc


class GoalsPanel:
    """The starting points (``points``) and one Checkbox per goal (``boxes``, by goal id)."""

    def __init__(self, app: AppState, state: GroupState):
        self.app, self.state = app, state
        self.points = css_class(w.HTML(), "ik-group-starting-points")
        self.heading = css_class(w.HTML(), "ik-group-goals-heading")
        self.boxes = {g.id: css_class(w.Checkbox(indent=False, layout=w.Layout(width="auto")), "ik-group-goal-choice",
                                      f"ik-group-goal-choice-{g.id}")
                      for g in goals.group_goals().goals}
        self.choices = css_class(w.VBox([self.heading, *self.boxes.values()]), "ik-group-goals")
        self._updating = False
        for box in self.boxes.values():
            box.observe(self._on_tick, "value")
        state.observe(lambda _: self.fill(), "group")

    def _on_tick(self, _change) -> None:
        if not self._updating:
            self.state.set_goals([gid for gid, box in self.boxes.items() if box.value])

    def fill(self) -> None:
        """The ticks from the group's stored goals (after opening, starting anew, deleting)."""
        chosen = set(self.state.group.contract.goals)
        self._updating = True
        for gid, box in self.boxes.items():
            box.value = gid in chosen
        self._updating = False

    def render(self) -> None:
        t, lang, g = self.app.t, self.app.lang, goals.group_goals()
        source = f'<p class="ik-note">{esc(t("goals.source_note", source=g.source.get(lang)))}</p>'
        items = "".join(f"<li>{esc(p.text.get(lang))}</li>" for p in g.starting_points)
        self.points.value = (f"<h2>{esc(t('goals.starting_points_heading'))}</h2>"
                             f"<p>{esc(t('goals.starting_points_intro'))}</p><ul>{items}</ul>{source}"
                             ) if items else f'<p class="ik-warning">{esc(t("goals.none"))}</p>'
        self.heading.value = (f"<h3>{esc(t('goals.choose_heading'))}</h3>"
                              f'<p class="ik-note">{esc(t("goals.choose_intro"))}</p>') if self.boxes else ""
        for gid, box in self.boxes.items():
            text = g.goal(gid).text.get(lang)
            box.description, box.tooltip = text, t("goals.goal_help", goal=text)
