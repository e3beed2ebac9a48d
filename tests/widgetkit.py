"""Helpers for widget tests without a browser (``from widgetkit import find, everything_shown``)."""
from __future__ import annotations


def find(widget, css: str):
    """The widget with DOM class ``css`` inside ``widget`` (depth first), or None."""
    if css in getattr(widget, "_dom_classes", ()):
        return widget
    for child in getattr(widget, "children", ()):
        if (found := find(child, css)) is not None:
            return found
    return None


def everything_shown(view) -> str:
    """Every text a page shows: the value, description, placeholder, tooltip and options of every
    widget under ``view.widget``, one per line (HTML as it is)."""
    out: list[str] = []

    def walk(w):
        for attr in ("value", "description", "placeholder", "tooltip"):
            v = getattr(w, attr, None)
            if isinstance(v, str):
                out.append(v)
        out.extend(str(o) for o in getattr(w, "options", ()) or ())
        for child in getattr(w, "children", ()):
            walk(child)
    walk(view.widget)
    return "\n".join(out)
