"""The pyramid drawing and the score chart: layout, highlight, contrast, caching and alt texts."""
from __future__ import annotations

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from matplotlib.text import Annotation

from intervisie_widgets.model import LEVELS
from intervisie_widgets.questions import level_name
from intervisie_widgets.render import pyramid
from intervisie_widgets.state.exercises import RoundScore

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def draw(lang="nl", highlight=None, mark=None):
    ax = Figure(figsize=(5.4, 4.4)).subplots()
    pyramid.plot_pyramid(ax, lang, highlight, mark)
    bands = [p for p in ax.patches if isinstance(p, Polygon)]
    return ax, bands


def text_y(ax, s):
    return next(t.get_position()[1] for t in ax.texts if t.get_text().startswith(s))


def test_six_bands_stacked_bottom_omgeving_to_top_zingeving():
    """Six trapezoids, each narrower than the one below, labelled omgeving (bottom) … zingeving (top)."""
    ax, bands = draw("nl")
    assert len(bands) == 6
    widths = [p.get_xy()[1][0] - p.get_xy()[0][0] for p in bands]  # bottom edge of each band
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == 6
    ys = [text_y(ax, level_name(lv, "nl")) for lv in LEVELS]
    assert ys == sorted(ys) and level_name("omgeving", "nl") == "Omgeving"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_labels_and_key_questions_in_the_language(lang):
    """Every level name and its key question is written in the requested language."""
    ax, _ = draw(lang)
    texts = {t.get_text() for t in ax.texts}
    for lv in LEVELS:
        assert level_name(lv, lang) in texts
        assert pyramid.key_question(lv, lang) in texts
    assert ("Purpose" in texts) == (lang == "en")


def test_highlight_differs_in_fill_outline_and_arrow():
    """The level in play is filled vermillion, outlined thickly and pointed at; the others are not."""
    ax, bands = draw("nl", highlight="overtuigingen")
    hi = LEVELS.index("overtuigingen")
    assert to_hex(bands[hi].get_facecolor()) == pyramid.HIGHLIGHT_COLOUR
    assert bands[hi].get_linewidth() > 2 * max(b.get_linewidth() for i, b in enumerate(bands) if i != hi)
    assert all(to_hex(b.get_facecolor()) != pyramid.HIGHLIGHT_COLOUR for i, b in enumerate(bands) if i != hi)
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(arrows) == 1 and arrows[0].xy[1] == hi + 0.5
    ax_plain, _ = draw("nl")
    assert not [t for t in ax_plain.texts if isinstance(t, Annotation)]


def test_mark_is_dashed_and_named_start():
    """A marked starting level gets a dashed outline and "(start)" after its name."""
    ax, bands = draw("nl", highlight="identiteit", mark="gedrag")
    g = LEVELS.index("gedrag")
    assert bands[g].get_linestyle() != "solid"
    assert "Gedrag (start)" in {t.get_text() for t in ax.texts}


def test_text_contrast_meets_wcag_aa_on_every_band():
    """Black text on every possible band fill has a contrast ratio of at least 4.5."""
    for lv in LEVELS:
        for highlight, mark in ((None, None), (lv, None), (None, lv)):
            fill = pyramid.band_fill(lv, highlight, mark)
            assert pyramid.contrast_ratio(pyramid.TEXT_COLOUR, fill) >= 4.5, (lv, fill)


def test_highlight_stands_out_in_greyscale():
    """The highlight is at least twice as dark (contrast ≥ 2) as any band, so it shows without colour vision."""
    for colour in pyramid.BAND_COLOURS:
        assert pyramid.contrast_ratio(colour, pyramid.HIGHLIGHT_COLOUR) >= 2.0


def test_pyramid_png_is_png_cached_and_depends_on_highlight():
    """pyramid_png returns PNG bytes, the same object for the same arguments, other bytes for another level."""
    a = pyramid.pyramid_png("nl", "gedrag")
    assert a.startswith(PNG_SIGNATURE) and len(a) > 5_000
    assert pyramid.pyramid_png("nl", "gedrag") is a
    assert pyramid.pyramid_png("nl", "zingeving") != a
    assert pyramid.pyramid_png("en", "gedrag") != a


def test_alt_text_names_levels_in_order_and_the_highlight():
    """The alt text lists the six levels bottom to top and says which one is highlighted and which is the start."""
    alt = pyramid.pyramid_alt("nl", "overtuigingen", "omgeving")
    positions = [alt.index(level_name(lv, "nl")) for lv in LEVELS]
    assert positions == sorted(positions)
    assert "gemarkeerd" in alt and alt.rstrip(".").endswith(level_name("overtuigingen", "nl"))
    assert "startniveau: Omgeving" in alt
    en = pyramid.pyramid_alt("en", "identiteit")
    assert "from bottom to top" in en and "Identity" in en and "Omgeving" not in en
    assert "gemarkeerd" not in pyramid.pyramid_alt("nl")


def test_score_chart_has_one_bar_per_round_with_percent_and_label():
    """Each round is a bar at its percentage, labelled score/total, with one legend entry per exercise."""
    rounds = [RoundScore("sort", 1, 7, 10), RoundScore("advice", 1, 9, 9), RoundScore("sort", 2, 3, 10)]
    ax = Figure().subplots()
    pyramid.plot_scores(ax, rounds, "nl")
    heights = [round(b.get_height()) for b in ax.patches]
    assert heights == [70, 100, 30]
    assert {"7/10", "9/9", "3/10"} <= {t.get_text() for t in ax.texts}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Sorteren", "Advies of vraag?"]


def test_score_chart_without_rounds_says_so():
    """With no rounds the chart draws no bars and writes that nothing was played yet."""
    ax = Figure().subplots()
    pyramid.plot_scores(ax, [], "en")
    assert not ax.patches
    assert "No rounds played yet" in {t.get_text() for t in ax.texts}
    assert pyramid.scores_png([], "en").startswith(PNG_SIGNATURE)


def test_score_alt_text_lists_every_round():
    """The chart's alt text names each round's exercise and score."""
    alt = pyramid.scores_alt([RoundScore("sort", 1, 7, 10), RoundScore("higher", 1, 1, 1)], "nl")
    assert "ronde 1, Sorteren, 7 van 10" in alt and "ronde 2, Hoger in de piramide, 1 van 1" in alt
    assert "no rounds" in pyramid.scores_alt([], "en")
