"""No page crashes on any query parameter (issue 13, item 6): a property-based test over every
parameter the page functions of ``app.py`` read (lang, method, group, session, scenario)."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intervisie_widgets import app

PAGES = ("home", "methods", "selector", "session", "simulation", "group", "trajectory", "evaluation",
         "reflection", "dashboard")
PARAMS = ("lang", "method", "group", "session", "scenario")

#: Odd values people and links produce: digits of other scripts, huge numbers, markup, control characters.
ODD = st.sampled_from(["", "0", "-1", "²", "٣", "10" * 40, "1e9", "nan", "<script>alert(1)</script>", "' OR 1=1 --",
                       "%00", "\x00", "\ud7ff", "balint", "en", "NL", "vier-fasen", "G" * 500, "1.5", " 3 "])
VALUE = st.one_of(ODD, st.text(max_size=40))


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path, monkeypatch):
    """Each page opens its store in an empty temporary data folder."""
    monkeypatch.setenv("INTERVISIE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("INTERVISIE_DB_URL", raising=False)


@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(st.sampled_from(PARAMS), VALUE, max_size=4))
def test_no_page_crashes_on_any_query(page, query, monkeypatch):
    """Whatever the query string holds, the page function returns its widget instead of raising."""
    monkeypatch.setenv("QUERY_STRING", urlencode(query))
    widget = getattr(app, page)()
    assert "ik-page" in widget._dom_classes


@pytest.mark.parametrize("page", ["evaluation", "dashboard", "session", "trajectory", "group", "reflection"])
@pytest.mark.parametrize("value", ["²", "٣", "9" * 30, "-4", "\x00"])
def test_odd_group_and_session_values_keep_the_page_working(page, value, monkeypatch):
    """Superscript or Arabic-Indic digits, huge or negative numbers and NUL in group/session never raise."""
    monkeypatch.setenv("QUERY_STRING", urlencode({"group": value, "session": value}))
    widget = getattr(app, page)()
    assert "ik-page" in widget._dom_classes
