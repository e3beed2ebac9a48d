"""Charts of the evaluations: ``plot_*(ax, df, lang) -> ax`` on a :class:`matplotlib.figure.Figure`.

One accessible style: the Okabe–Ito palette (safe for colour-blind readers), and every series
also differs by marker and line style or hatch, never by colour alone. Each chart records an
alt text that says what it shows (:func:`alt_text`). Suppressed values (fewer respondents than
the minimum group) are never drawn; the chart says why instead. pyplot is never used.
"""
from __future__ import annotations

import io
import math
import weakref

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from .. import catalog
from ..catalog import forms
from ..settings import load_settings

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)))
HATCHES = ("", "//", "..", "xx", "\\\\", "--")
BAND = {"facecolor": "#ececec", "edgecolor": "#8c8c8c", "hatch": "//", "linewidth": 0}
ASSUMED = {"facecolor": "none", "edgecolor": "#595959", "linestyle": "--", "linewidth": 1.2}
FONT = 10.5
_ALT: "weakref.WeakKeyDictionary[Axes, str]" = weakref.WeakKeyDictionary()


def t(key: str, lang: str, **values) -> str:
    return catalog.text(f"charts.{key}", lang, **values)


def num(x: float, lang: str) -> str:
    """One decimal, with a decimal comma in Dutch."""
    s = f"{x:.1f}"
    return s.replace(".", ",") if lang == "nl" else s


def new_figure(width: float = 7.5, height: float = 4.2) -> Figure:
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def to_png(fig: Figure, dpi: int = 110) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def alt_text(ax: Axes) -> str:
    """What the chart on ``ax`` shows, in the language it was drawn in."""
    return _ALT.get(ax, "")


def _set_alt(ax: Axes, text: str) -> Axes:
    _ALT[ax] = " ".join(text.split())
    return ax


def _limit(min_group: int | None) -> int:
    return load_settings().min_group if min_group is None else min_group


def _style(ax: Axes, title: str) -> None:
    ax.set_title(title, fontsize=FONT + 2, loc="left", fontweight="bold")
    ax.tick_params(labelsize=FONT)
    ax.grid(True, axis="y", color="#d0d0d0", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _message(ax: Axes, title: str, text: str, alt: str) -> Axes:
    """An empty chart that says why it is empty."""
    _style(ax, title)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=FONT + 1, transform=ax.transAxes, wrap=True,
            bbox={"boxstyle": "round,pad=0.6", "facecolor": "#fff7e6", "edgecolor": "#b45309"})
    return _set_alt(ax, alt)


def _empty_or_suppressed(ax: Axes, df: pd.DataFrame, title: str, lang: str, limit: int) -> Axes | None:
    if df.empty:
        return _message(ax, title, t("no_data", lang), t("alt_no_data", lang))
    if df["suppressed"].astype(bool).all():
        return _message(ax, title, t("suppressed_all", lang, n=limit), t("alt_suppressed_all", lang, n=limit))
    return None


def _value_range(items) -> tuple[float, float]:
    all_items = forms.catalog().items()
    scales = [all_items[i].scale for i in items if i in all_items and all_items[i].scale]
    if not scales:
        return 1.0, 5.0
    return float(min(s.min for s in scales)), float(max(s.max for s in scales))


def item_order(items) -> list[str]:
    """``items`` without duplicates, in the order of the form files."""
    order = {item: i for i, item in enumerate(forms.catalog().items())}
    return sorted(dict.fromkeys(items), key=lambda i: (order.get(i, len(order)), i))


def _hidden_note(k: int, lang: str, limit: int) -> str:
    return t("alt_hidden", lang, k=k, n=limit) if k else ""


def plot_item_over_sessions(ax: Axes, summary: pd.DataFrame, lang: str, min_group: int | None = None) -> Axes:
    """Mean and 95 % CI per session for each item in ``summary`` (one group); sessions met
    begeleider are shaded and hatched. Columns: session, item, mean, ci_low, ci_high, suppressed
    and optionally with_begeleider and assumed (sessions whose met/zonder is assumed are outlined)."""
    limit, title = _limit(min_group), t("trajectory_title", lang)
    if (done := _empty_or_suppressed(ax, summary, title, lang, limit)) is not None:
        return done
    _style(ax, title)
    sessions = sorted(summary["session"].unique())
    met = []
    if "with_begeleider" in summary:
        met = sorted(summary.loc[summary["with_begeleider"].astype(bool), "session"].unique())
        for s in met:
            ax.axvspan(s - 0.5, s + 0.5, zorder=0, **BAND)
    handles, trends = [], []
    items = item_order(summary["item"])
    cat = forms.catalog()
    for i, item in enumerate(items):
        d = summary.loc[summary["item"] == item].sort_values("session")
        label = cat.item_label(item, lang)
        err = np.vstack([d["mean"] - d["ci_low"], d["ci_high"] - d["mean"]])
        dodge = (i - (len(items) - 1) / 2) * 0.07  # keep the intervals of different items apart
        h = ax.errorbar(d["session"] + dodge, d["mean"], yerr=np.nan_to_num(err, nan=0.0), label=label,
                        color=PALETTE[i % 8], marker=MARKERS[i % 8], linestyle=LINESTYLES[i % 8],
                        linewidth=2, markersize=7, capsize=3, elinewidth=1)
        handles.append(h)
        shown = d.loc[d["mean"].notna()]
        if len(shown):
            trends.append(t("alt_trend", lang, item=label, a=num(shown["mean"].iloc[0], lang),
                            b=num(shown["mean"].iloc[-1], lang)))
    hidden = summary.loc[summary["suppressed"].astype(bool)]
    if len(hidden):
        lo = _value_range(items)[0]
        ax.plot(hidden["session"], [lo] * len(hidden), linestyle="none", marker="x", color="#595959",
                markersize=9, clip_on=False)
        handles.append(ax.plot([], [], linestyle="none", marker="x", color="#595959",
                               label=t("suppressed_some", lang, n=limit))[0])
    if met:
        handles.append(Patch(label=t("with_begeleider", lang), **BAND))
    assumed = sorted(summary.loc[summary["assumed"].astype(bool), "session"].unique()) if "assumed" in summary else []
    for s in assumed:  # met/zonder begeleider guessed, not planned: outlined, named in the legend
        ax.axvspan(s - 0.5, s + 0.5, zorder=0, **ASSUMED)
    if assumed:
        handles.append(Patch(label=t("assumed_legend", lang, sessions=", ".join(map(str, assumed))), **ASSUMED))
    _session_axes(ax, sessions, _value_range(items), handles, lang)
    names = ", ".join(cat.item_label(i, lang) for i in items)
    return _set_alt(ax, t("alt_trajectory", lang, first=min(sessions), last=max(sessions), items=names,
                          trends=" ".join(trends), met=", ".join(map(str, met)) or t("alt_none", lang),
                          hidden=_hidden_note(len(hidden), lang, limit)))


def _session_axes(ax: Axes, sessions, value_range: tuple[float, float], handles, lang: str) -> None:
    """Limits, ticks, labels and the legend under the chart of a trajectory."""
    lo, hi = value_range
    ax.set_ylim(lo - 0.2, hi + 0.2)
    ax.set_xlim(min(sessions) - 0.5, max(sessions) + 0.5)
    ax.set_xticks(sessions)
    ax.set_xlabel(t("session", lang), fontsize=FONT)
    ax.set_ylabel(t("mean_score", lang), fontsize=FONT)
    ax.legend(handles=handles, fontsize=FONT - 1, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2,
              frameon=False)


def plot_role_comparison(ax: Axes, roles: pd.DataFrame, lang: str, min_group: int | None = None) -> Axes:
    """Mean and 95 % CI per role for each item (a dot plot: one marker shape and colour per role).
    Columns: role, item, mean, ci_low, ci_high, suppressed."""
    limit, title = _limit(min_group), t("roles_title", lang)
    if (done := _empty_or_suppressed(ax, roles, title, lang, limit)) is not None:
        return done
    _style(ax, title)
    ax.grid(True, axis="x", color="#d0d0d0", linewidth=0.8)
    cat, form = forms.catalog(), forms.session_form()
    items = item_order(roles["item"])[::-1]
    role_ids = [r for r in form.role_ids if r in set(roles["role"])]
    lo, hi = _value_range(items)
    details = []
    for j, role in enumerate(role_ids):
        d = roles.loc[roles["role"] == role].set_index("item").reindex(items)
        y = np.arange(len(items)) + (j - (len(role_ids) - 1) / 2) * 0.22
        err = np.vstack([d["mean"] - d["ci_low"], d["ci_high"] - d["mean"]])
        name = form.role_name(role, lang)
        ax.errorbar(d["mean"], y, xerr=np.nan_to_num(err, nan=0.0), linestyle="none", marker=MARKERS[j],
                    color=PALETTE[j], markersize=8, capsize=3, label=name)
        for yy, hidden in zip(y, d["suppressed"].fillna(False).astype(bool)):
            if hidden:
                ax.text(lo, yy, "  " + t("suppressed_some", lang, n=limit), va="center", fontsize=FONT - 2,
                        color="#404040")
        values = [f"{cat.item_label(i, lang)} {num(m, lang)}" for i, m in d["mean"].dropna().items()]
        if values:
            details.append(t("alt_role_detail", lang, role=name, values=", ".join(values)))
    ax.set_yticks(np.arange(len(items)), [cat.item_label(i, lang) for i in items])
    ax.set_ylim(-0.6, len(items) - 0.25)
    ax.set_xlim(lo - 0.2, hi + 0.2)
    ax.set_xlabel(t("mean_score", lang), fontsize=FONT)
    ax.legend(fontsize=FONT - 1, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, frameon=False)
    hidden = int(roles["suppressed"].astype(bool).sum())
    names = ", ".join(cat.item_label(i, lang) for i in items[::-1])
    return _set_alt(ax, t("alt_roles", lang, items=names, details=" ".join(details),
                          hidden=_hidden_note(hidden, lang, limit)))


def plot_heatmap(ax: Axes, summary: pd.DataFrame, lang: str, min_group: int | None = None) -> Axes:
    """Items × sessions coloured by mean (cividis), each cell labelled with its value;
    suppressed cells are grey, hatched and marked with a dash, explained in a legend.
    Columns as the trajectory chart."""
    limit, title = _limit(min_group), t("heatmap_title", lang)
    if (done := _empty_or_suppressed(ax, summary, title, lang, limit)) is not None:
        return done
    _style(ax, title)
    ax.grid(False)
    cat = forms.catalog()
    items = item_order(summary["item"])
    sessions = sorted(summary["session"].unique())
    grid = summary.pivot_table(index="item", columns="session", values="mean", aggfunc="first", dropna=False)
    grid = grid.reindex(index=items, columns=sessions)
    lo, hi = _value_range(items)
    image = ax.imshow(grid.to_numpy(dtype=float), cmap="cividis", vmin=lo, vmax=hi, aspect="auto")
    for (r, c), value in np.ndenumerate(grid.to_numpy(dtype=float)):
        if math.isnan(value):
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="#d9d9d9", edgecolor="#8c8c8c", hatch="//"))
            ax.text(c, r, "–", ha="center", va="center", fontsize=FONT, color="#1a1a1a")
        else:
            light = (value - lo) / (hi - lo) > 0.55
            ax.text(c, r, num(value, lang), ha="center", va="center", fontsize=FONT - 1,
                    color="#1a1a1a" if light else "white")
    ax.set_xticks(range(len(sessions)), [str(s) for s in sessions])
    ax.set_yticks(range(len(items)), [cat.item_label(i, lang) for i in items])
    ax.set_xlabel(t("session", lang), fontsize=FONT)
    ax.figure.colorbar(image, ax=ax, shrink=0.85).ax.tick_params(labelsize=FONT - 1)
    shown = summary.loc[summary["mean"].notna()]
    cell = lambda row: t("alt_cell", lang, item=cat.item_label(row["item"], lang), session=row["session"],  # noqa: E731
                         value=num(row["mean"], lang))
    hidden = int(summary["suppressed"].astype(bool).sum())
    if hidden:  # say on the chart what the grey hatched cells mean
        ax.legend(handles=[Patch(facecolor="#d9d9d9", edgecolor="#8c8c8c", hatch="//",
                                 label=t("suppressed_some", lang, n=limit))],
                  fontsize=FONT - 1, loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False)
    return _set_alt(ax, t("alt_heatmap", lang, n_items=len(items), n_sessions=len(sessions),
                          best=cell(shown.loc[shown["mean"].idxmax()]), worst=cell(shown.loc[shown["mean"].idxmin()]),
                          hidden=_hidden_note(hidden, lang, limit)))


def render(plot, df: pd.DataFrame, lang: str, width: float = 7.5, height: float = 4.2, **kwargs) -> tuple[bytes, str]:
    """Draw ``plot`` on a new figure: (PNG bytes, alt text)."""
    fig = new_figure(width, height)
    ax = plot(fig.subplots(), df, lang, **kwargs)
    return to_png(fig), alt_text(ax)
