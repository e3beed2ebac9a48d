"""Helpers for widget tests without a browser (``from widgetkit import find``)."""
from __future__ import annotations


def find(widget, css: str):
    """The widget with DOM class ``css`` inside ``widget`` (depth first), or None."""
    if css in getattr(widget, "_dom_classes", ()):
        return widget
    for child in getattr(widget, "children", ()):
        if (found := find(child, css)) is not None:
            return found
    return None
