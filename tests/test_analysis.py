"""Analysis (pure pandas) and charts, including the minimum-group rule."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from intervisie_widgets import catalog
from intervisie_widgets.engines import analysis as A
from intervisie_widgets.render import plots as P


def answers(rows):
    """A long answer frame like Store.responses() from (group, session, role, participant, item, score)."""
    df = pd.DataFrame(rows, columns=["group", "session", "role", "participant", "item", "score"])
    df["with_begeleider"] = None
    df["kind"] = "session"
    df["session_date"] = pd.to_datetime("2026-01-01") + pd.to_timedelta(df["session"] * 7, unit="D")
    df["group_size"] = None
    return A.prepare(df)


def block(group="G", session=1, scores=(3, 4, 5), item="veiligheid", role="deelnemer", start=0):
    """Answer rows of one item in one session, one participant per score."""
    return [(group, session, role, f"p{start + i}", item, s) for i, s in enumerate(scores)]


def test_mean_ci_and_n_per_session():
    """Mean, n and a t-based 95 % CI are computed per group, session and item."""
    df = answers(block(scores=(3, 4, 5)) + block(session=2, scores=(2, 2, 2, 2)))
    s = A.session_summary(df, min_group=3).set_index("session")
    assert s.loc[1, "mean"] == 4 and s.loc[1, "n"] == 3
    assert s.loc[1, "ci_low"] == pytest.approx(4 - 4.303 * 1 / math.sqrt(3), abs=1e-3)
    assert s.loc[2, "ci_high"] == pytest.approx(2.0)  # sd 0: the interval collapses


def test_fewer_than_min_group_is_suppressed():
    """Two respondents give no mean and no CI (only counts); three give a value."""
    df = answers(block(scores=(1, 5)) + block(session=2, scores=(1, 5, 3)))
    s = A.session_summary(df, min_group=3).set_index("session")
    assert bool(s.loc[1, "suppressed"]) and s.loc[1, ["mean", "ci_low", "ci_high"]].isna().all()
    assert s.loc[1, "n"] == 2
    assert not s.loc[2, "suppressed"] and s.loc[2, "mean"] == 3


def test_min_group_counts_people_not_answers():
    """One person answering in many sessions is still one respondent in a role aggregate."""
    rows = [("G", n, "inbrenger", "p0", "veiligheid", 4) for n in range(1, 6)]
    r = A.role_summary(answers(rows), min_group=3)
    assert r.loc[0, "n"] == 5 and r.loc[0, "respondents"] == 1 and r.loc[0, "suppressed"]


def test_min_group_comes_from_settings(monkeypatch):
    """Without an explicit minimum, INTERVISIE_MIN_GROUP decides."""
    df = answers(block(scores=(3, 4, 5)))
    monkeypatch.setenv("INTERVISIE_MIN_GROUP", "4")
    assert A.session_summary(df)["suppressed"].all()
    monkeypatch.setenv("INTERVISIE_MIN_GROUP", "3")
    assert not A.session_summary(df)["suppressed"].any()


def test_begeleider_from_seed_default_and_comparison():
    """Sessions without a stored plan take seed 001's build-up; met − zonder is reported per item."""
    df = answers(block(session=1, scores=(5, 5, 5)) + block(session=4, scores=(3, 3, 3)))
    assert df.groupby("session")["with_begeleider"].first().to_dict() == {1: True, 4: False}
    assert df["assumed"].all()
    c = A.begeleider_comparison(df, min_group=3)
    assert c.loc[0, ["met", "zonder", "difference"]].tolist() == [5, 3, 2]


def test_response_rate_and_first_last_change():
    """Response rate counts members (+1 begeleider when met); change compares first and last shown session."""
    df = answers(block(session=4, scores=(2, 2, 2, 2)) + block(session=5, scores=(4, 4, 4))
                 + block(session=6, scores=(3, 3, 3, 3)) + block(session=7, scores=(1,)))
    rate = A.response_rate(df).set_index("session")
    assert rate["expected"].tolist() == [4, 4, 5, 4]  # session 6 is met begeleider (seed 001)
    assert rate["rate"].tolist() == [1.0, 0.75, 0.8, 0.25]
    change = A.first_last_change(A.session_summary(df, min_group=3))
    assert change.loc[0, ["first_session", "last_session", "change"]].tolist() == [4, 6, 1.0]


def test_filters():
    """Group, role and period filters keep only matching rows."""
    df = answers(block() + block(group="H", session=3, role="inbrenger"))
    assert set(A.filter_frame(df, group="H")["group"]) == {"H"}
    assert A.filter_frame(df, role="inbrenger")["session"].unique().tolist() == [3]
    assert len(A.filter_frame(df, date_from="2026-01-15")) == 3


def drawn_values(ax) -> set[float]:
    """Every number the chart shows: line and marker coordinates, image cells and number labels."""
    values = set()
    for line in ax.lines:
        for data in (line.get_xdata(), line.get_ydata()):
            values |= {round(float(v), 6) for v in np.asarray(data, dtype=float) if np.isfinite(v)}
    for image in ax.images:
        values |= {round(float(v), 6) for v in np.ma.masked_invalid(image.get_array()).compressed()}
    for text in ax.texts:
        try:
            values.add(round(float(text.get_text().replace(",", ".")), 6))
        except ValueError:
            pass
    return values


def visible_texts(ax) -> list[str]:
    """The words drawn on the chart: its text labels and its legend entries."""
    legend = ax.get_legend()
    return [t.get_text().strip() for t in [*ax.texts, *(legend.get_texts() if legend else [])]]


def two_sessions():
    """Session 1 has two respondents (mean 3.0, suppressed); session 2 has three (mean 4.0)."""
    return A.session_summary(answers(block(scores=(1, 5)) + block(session=2, scores=(4, 4, 4))), min_group=3)


def two_roles():
    """Two case owners (mean 3.0, suppressed) and three participants (mean 4.0)."""
    rows = block(scores=(1, 5), role="inbrenger") + block(scores=(4, 4, 4), start=2)
    return A.role_summary(answers(rows), min_group=3)


@pytest.mark.parametrize("plot, frame", [(P.plot_item_over_sessions, two_sessions),
                                         (P.plot_heatmap, two_sessions),
                                         (P.plot_role_comparison, two_roles)])
def test_charts_never_draw_suppressed_values(plot, frame):
    """Each chart kind draws the shown value but not the suppressed one, and says why on the chart and in its alt text."""
    fig = P.new_figure()
    ax = plot(fig.subplots(), frame(), "nl", min_group=3)
    drawn = drawn_values(ax)
    assert 4.0 in drawn and 3.0 not in drawn  # 3.0 is the mean of the two suppressed answers (1 and 5)
    assert catalog.text("charts.suppressed_some", "nl", n=3) in visible_texts(ax)
    assert catalog.text("charts.alt_hidden", "nl", k=1, n=3) in P.alt_text(ax)


def test_all_suppressed_chart_says_why_in_both_languages():
    """When every value is suppressed the chart shows a message instead of data."""
    df = answers(block(scores=(1, 5)))
    for lang, words in (("nl", "minder dan 3"), ("en", "fewer than 3")):
        fig = P.new_figure()
        ax = P.plot_role_comparison(fig.subplots(), A.role_summary(df, min_group=3), lang, min_group=3)
        assert not ax.lines and words in ax.texts[0].get_text() and words in P.alt_text(ax)


def test_chart_style_and_alt_text():
    """Lines differ by marker and style, sessions met begeleider are marked, alt text names values."""
    rows = []
    for s in (1, 4):
        rows += block(session=s, scores=(4, 4, 4)) + block(session=s, scores=(2, 3, 4), item="leeropbrengst")
    fig = P.new_figure()
    ax = P.plot_item_over_sessions(fig.subplots(), A.session_summary(answers(rows), 3), "en", min_group=3)
    lines = [c.lines[0] for c in ax.containers if c.get_label() in ("Safety", "Learning")]
    assert len({ln.get_marker() for ln in lines}) == 2 and len({str(ln.get_linestyle()) for ln in lines}) == 2
    alt = P.alt_text(ax)
    assert "Safety from 4.0 to 4.0" in alt and "Meetings with supervisor (grey hatched): 1." in alt
    png, alt2 = P.render(P.plot_heatmap, A.session_summary(answers(rows), 3), "en", min_group=3)
    assert png.startswith(b"\x89PNG") and "Highest: Safety" in alt2


def test_t_quantiles():
    """The t table gives the textbook values and tends to 1.96."""
    assert A.t95(1) == 12.706 and A.t95(30) == 2.042
    assert 2.0 < A.t95(50) < 2.021 and A.t95(10**6) == pytest.approx(1.96, abs=1e-3)
    assert np.isnan(A.t95(0))


def test_t_quantiles_agree_with_scipy():
    """t95 matches scipy's Student-t 97.5 % quantile to half a unit in the third decimal (the table's precision), table and interpolation alike."""
    from scipy import stats
    for df in [*range(1, 201), 250, 500, 1000, 10**4, 10**6]:
        assert A.t95(df) == pytest.approx(stats.t.ppf(0.975, df), abs=5e-4), df
