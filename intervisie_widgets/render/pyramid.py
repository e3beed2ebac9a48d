"""Drawings for the exercises: the piramide van Bateson en Dilts and the learner's score per round.

Pure matplotlib on a given ``ax`` (built from :class:`matplotlib.figure.Figure`, never pyplot,
so it is safe in a server with many kernels). Colours are colour-blind safe (blue–orange, the
axis every common colour-vision deficiency keeps, with the highlight far darker than the
bands) and the highlighted level differs in more than colour: a thick outline, bold text and
an arrow. Text contrast is at least WCAG AA.
"""
from __future__ import annotations

import functools
import io
from typing import Protocol, Sequence

from .. import catalog
from ..model import LEVELS
from ..questions import key_question, level_name

#: Fill of an ordinary band (light blue tints, bottom → top) and of the highlighted one.
BAND_COLOURS = ("#eef5fb", "#e2edf8", "#d5e6f5", "#c9def1", "#bcd7ee", "#b0cfeb")
HIGHLIGHT_COLOUR = "#d55e00"  # Okabe–Ito vermillion: much darker than every band, also in greyscale
MARK_COLOUR = "#ffffff"
TEXT_COLOUR = "#000000"
#: Bars of the score chart, one Okabe–Ito colour and hatch per exercise.
EXERCISE_STYLE = {"sort": ("#0072b2", ""), "advice": ("#e69f00", "//"), "higher": ("#009e73", "..")}
_TOP_RATIO = 0.35  # width of the pyramid's top edge relative to its base
_HALF_BASE = 1.0  # half the width of the pyramid's base, in the units of one band's height


# --------------------------------------------------------------------------- contrast
def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 … 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def band_fill(level: str, highlight: str | None = None, mark: str | None = None) -> str:
    """The fill colour of ``level``'s band."""
    if level == highlight:
        return HIGHLIGHT_COLOUR
    if level == mark:
        return MARK_COLOUR
    return BAND_COLOURS[LEVELS.index(level)]


# --------------------------------------------------------------------------- the pyramid
def _fitted_text(ax, x: float, y: float, s: str, max_width: float, size: float, **kw):
    """Write ``s`` centred at (x, y), shrinking the font until it is at most ``max_width`` data units wide."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    fig = ax.figure
    inches_per_unit = ax.get_position().width * fig.get_figwidth() / (ax.get_xlim()[1] - ax.get_xlim()[0])
    prop = FontProperties(weight=kw.get("fontweight", "normal"), style=kw.get("fontstyle", "normal"))
    while size > 6:
        width_in = TextPath((0, 0), s, size=size, prop=prop).get_extents().width / 72
        if width_in / inches_per_unit <= max_width:
            break
        size -= 0.5
    return ax.text(x, y, s, ha="center", va="center", fontsize=size, color=TEXT_COLOUR, **kw)


def plot_pyramid(ax, lang: str, highlight: str | None = None, mark: str | None = None):
    """Draw the six levels as stacked trapezoids, omgeving at the bottom, zingeving on top.

    Each band holds the level's name and its key question. ``highlight`` (the level in play)
    is filled vermillion with a thick outline, bold text and an arrow; ``mark`` (e.g. the starting
    level of an exercise) gets a white fill, a dashed outline and "(start)" after its name.
    Returns ``ax``.
    """
    from matplotlib.patches import Polygon

    n = len(LEVELS)
    half = lambda y: _HALF_BASE * (1 - (1 - _TOP_RATIO) * y / n)  # noqa: E731 - half width at height y
    ax.set_xlim(-_HALF_BASE - 0.4, _HALF_BASE + 0.05)
    ax.set_ylim(-0.05, n + 0.05)
    ax.set_axis_off()
    for i, level in enumerate(LEVELS):
        lo, hi = half(i), half(i + 1)
        is_hi, is_mark = level == highlight, level == mark and level != highlight
        ax.add_patch(Polygon(
            [(-lo, i), (lo, i), (hi, i + 1), (-hi, i + 1)], closed=True,
            facecolor=band_fill(level, highlight, mark), edgecolor=TEXT_COLOUR,
            linewidth=3.0 if is_hi else 2.0 if is_mark else 0.8,
            linestyle=(0, (4, 2)) if is_mark else "-", zorder=3 if is_hi or is_mark else 2))
        name = level_name(level, lang)
        if is_mark:
            name = f"{name} ({catalog.text('exercises.pyramid_start', lang)})"
        weight = "bold" if is_hi or is_mark else "normal"
        room = 2 * half(i + 0.8) - 0.08
        _fitted_text(ax, 0, i + 0.64, name, room, 11, fontweight=weight, zorder=4)
        _fitted_text(ax, 0, i + 0.28, key_question(level, lang), 2 * half(i + 0.45) - 0.08, 8.5,
                     fontstyle="italic", zorder=4)
        if is_hi:
            ax.annotate("", xy=(-half(i + 0.5) - 0.02, i + 0.5), xytext=(-_HALF_BASE - 0.38, i + 0.5),
                        arrowprops={"arrowstyle": "-|>", "color": TEXT_COLOUR, "linewidth": 2.5})
    ax.set_title(catalog.text("exercises.pyramid_title", lang), fontsize=12, color=TEXT_COLOUR)
    return ax


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", facecolor="white")
    return buf.getvalue()


@functools.lru_cache(maxsize=128)
def pyramid_png(lang: str, highlight: str | None = None, mark: str | None = None) -> bytes:
    """The pyramid as PNG bytes; cached per arguments (there are only a few hundred)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.4, 4.4))
    plot_pyramid(fig.subplots(), lang, highlight, mark)
    return _png(fig)


def pyramid_alt(lang: str, highlight: str | None = None, mark: str | None = None) -> str:
    """An alt text that says what the pyramid shows, including the highlighted level."""
    t = lambda key, **v: catalog.text(f"exercises.{key}", lang, **v)  # noqa: E731
    levels = ", ".join(f"{level_name(lv, lang)} ({key_question(lv, lang)})" for lv in LEVELS)
    parts = [t("pyramid_alt", levels=levels)]
    if mark and mark != highlight:
        parts.append(t("pyramid_alt_mark", level=level_name(mark, lang)))
    if highlight:
        parts.append(t("pyramid_alt_highlight", level=level_name(highlight, lang)))
    return " ".join(parts)


# --------------------------------------------------------------------------- score per round
class Round(Protocol):
    """What :func:`plot_scores` needs of a round: which exercise, points and maximum."""

    exercise: str
    score: int
    total: int


def exercise_name(exercise: str, lang: str) -> str:
    return catalog.text(f"exercises.tab_{exercise}", lang)


def plot_scores(ax, rounds: Sequence[Round], lang: str):
    """A bar per round: the share of points (%), labelled ``score/total``, styled per exercise."""
    t = lambda key, **v: catalog.text(f"exercises.{key}", lang, **v)  # noqa: E731
    ax.set_ylim(0, 110)
    ax.set_ylabel(t("scores_axis_y"), color=TEXT_COLOUR)
    ax.set_xlabel(t("scores_axis_x"), color=TEXT_COLOUR)
    if not rounds:
        ax.text(0.5, 0.5, t("scores_none"), ha="center", va="center", transform=ax.transAxes, color=TEXT_COLOUR)
        ax.set_xticks([])
        return ax
    seen: set[str] = set()
    for i, r in enumerate(rounds, start=1):
        colour, hatch = EXERCISE_STYLE.get(r.exercise, ("#595959", "xx"))
        pct = 100 * r.score / r.total if r.total else 0
        label = exercise_name(r.exercise, lang) if r.exercise not in seen else None
        seen.add(r.exercise)
        ax.bar(i, pct, color=colour, hatch=hatch, edgecolor=TEXT_COLOUR, label=label, width=0.7)
        ax.text(i, pct + 2, f"{r.score}/{r.total}", ha="center", va="bottom", fontsize=9, color=TEXT_COLOUR)
    ax.set_xticks(range(1, len(rounds) + 1))
    ax.set_xlim(0.4, max(len(rounds), 3) + 0.6)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), fontsize=8, frameon=False, ncols=len(seen))
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def scores_png(rounds: Sequence[Round], lang: str) -> bytes:
    """The score chart as PNG bytes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.6, 2.8))
    plot_scores(fig.subplots(), rounds, lang)
    return _png(fig)


def scores_alt(rounds: Sequence[Round], lang: str) -> str:
    """An alt text listing every round's exercise and score."""
    t = lambda key, **v: catalog.text(f"exercises.{key}", lang, **v)  # noqa: E731
    if not rounds:
        return t("scores_alt_none")
    items = "; ".join(t("scores_alt_round", n=i, exercise=exercise_name(r.exercise, lang), score=r.score,
                        total=r.total) for i, r in enumerate(rounds, start=1))
    return t("scores_alt", rounds=items)
