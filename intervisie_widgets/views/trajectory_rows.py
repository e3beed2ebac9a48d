"""One row of the trajectory plan: date, method, variant, inbrenger, gespreksleider, tijdbewaker
(only where the method has that role) and met/zonder begeleider, with an assumed one marked."""
from __future__ import annotations

import ipywidgets as w

from .. import catalog
from ..model.planning import PlannedSession
from ..state.trajectory import method_roles
from .common import WIDE_LABEL, css_class, esc


def _auto(kind):
    """A control of ``kind`` sized to its content, with its own Layout (hidden one at a time)."""
    return kind(layout=w.Layout(width="auto"), style=WIDE_LABEL)


#: (widget attribute = PlannedSession field, CSS class) of the controls a row has.
FIELDS = (("date", "ik-trajectory-date"), ("method", "ik-trajectory-session-method"),
          ("variant", "ik-trajectory-variant"), ("inbrenger", "ik-trajectory-inbrenger"),
          ("gespreksleider", "ik-trajectory-gespreksleider"), ("tijdbewaker", "ik-trajectory-tijdbewaker"),
          ("with_begeleider", "ik-trajectory-begeleider"))


class PlanRow:
    """The widgets of one planned meeting; each change goes to ``view.edit(number, field, value)``."""

    def __init__(self, view, number: int):
        self.number = number
        self.label = w.HTML(layout=w.Layout(width="11em"))
        self.date = _auto(w.DatePicker)
        self.method, self.variant = _auto(w.Dropdown), _auto(w.Dropdown)
        self.inbrenger, self.gespreksleider, self.tijdbewaker = _auto(w.Dropdown), _auto(w.Dropdown), _auto(w.Dropdown)
        self.begeleider = w.Checkbox(indent=False, layout=w.Layout(width="auto"))
        self.assumed_note = css_class(w.HTML(layout=w.Layout(width="100%")), "ik-trajectory-assumed-note")
        controls = [getattr(self, "begeleider" if f == "with_begeleider" else f) for f, _ in FIELDS]
        for widget, (field, css) in zip(controls, FIELDS):
            css_class(widget, css)
            widget.observe(lambda ch, f=field: view.edit(self.number, f, ch["new"]), "value")
        self.widget = css_class(w.HBox([self.label, *controls, self.assumed_note],
                                       layout=w.Layout(flex_flow="row wrap")), "ik-plan-row")

    def fill(self, app, p: PlannedSession, participants, begeleider: str) -> None:
        """Show meeting ``p`` (the caller guards against the change events this causes)."""
        t = app.t
        self.number = p.number
        badge = (f' <span class="ik-badge" title="{esc(t("trajectory.assumed_help"))}">'
                 f'{esc(t("trajectory.assumed"))}</span>') if p.assumed else ""
        self.label.value = f"<b>{esc(t('trajectory.session', n=p.number))}</b>{badge}"
        self.assumed_note.value = (f'<span class="ik-note">{esc(t("trajectory.assumed_note", n=p.number))}</span>'
                                   if p.assumed else "")
        self.assumed_note.layout.display = None if p.assumed else "none"
        self.date.description, self.date.tooltip = t("trajectory.date"), t("trajectory.date_help", n=p.number)
        self.date.value = p.date
        self._fill_method(app, p)
        roles = method_roles(p.method)
        people = tuple(participants)
        for field, names in (("inbrenger", people), ("gespreksleider", people + ((begeleider,) if begeleider else ())),
                             ("tijdbewaker", people)):
            self._fill_person(app, field, getattr(p, field), names, p.number,
                              shown=field == "inbrenger" or roles is None or field in roles)
        self.begeleider.description = t("trajectory.begeleider")
        self.begeleider.tooltip = t("trajectory.begeleider_help", n=p.number)
        self.begeleider.value = p.with_begeleider

    def _fill_method(self, app, p: PlannedSession) -> None:
        t, lang = app.t, app.lang
        options = [(m.name.get(lang), m.id) for m in catalog.methods()]
        if p.method and p.method not in catalog.method_catalog().ids:
            options.append((p.method, p.method))
        self.method.options = options
        self.method.value = p.method or None
        self.method.description, self.method.tooltip = t("trajectory.method"), t("trajectory.method_help")
        try:
            variants = [(v.name.get(lang), v.id) for v in catalog.method(p.method).variants]
        except KeyError:
            variants = [(p.variant, p.variant)] if p.variant else []
        self.variant.options = variants
        self.variant.value = p.variant if p.variant in {v for _, v in variants} else None
        self.variant.layout.display = None if len(variants) > 1 else "none"
        self.variant.description, self.variant.tooltip = t("trajectory.variant"), t("trajectory.variant_help")

    def _fill_person(self, app, field: str, value: str, names, number: int, shown: bool) -> None:
        t = app.t
        widget = getattr(self, field)
        names = list(names) + ([value] if value and value not in names else [])
        widget.options = [(t("trajectory.nobody"), ""), *[(n, n) for n in names]]
        widget.value = value
        widget.description = t(f"trajectory.{field}")
        widget.tooltip = t(f"trajectory.{field}_help", n=number)
        widget.layout.display = None if shown else "none"
