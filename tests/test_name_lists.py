"""Names in a notice read as a list in the user's language, and the verb agrees with their number."""
from __future__ import annotations

import pytest

from intervisie_widgets import catalog
from intervisie_widgets.catalog.text_files import name_list
from intervisie_widgets.model.group import Group, Member, group_checks, save_notices

HIGHER = ("Fien", "Gert", "Hans")


def levels_warning(n_higher: int, lang: str) -> str:
    """The hierarchy warning, said in ``lang``, for a group with ``n_higher`` managers among staff."""
    g = Group()
    for name in ("Ans", "Bram"):
        g = g.with_member(Member(name, years=3))
    for name in HIGHER[:n_higher]:
        g = g.with_member(Member(name, level="leidinggevende", years=3))
    notices = [n for n in group_checks(g) if n.key.startswith("group.warn_levels")]
    assert len(notices) == 1
    return catalog.text(notices[0].key, lang, **notices[0].values)


@pytest.mark.parametrize(("n", "lang", "expected"), [
    (1, "nl", "Fien staat hoger in de hiërarchie"),
    (2, "nl", "Fien en Gert staan hoger in de hiërarchie"),
    (3, "nl", "Fien, Gert en Hans staan hoger in de hiërarchie"),
    (1, "en", "Fien ranks higher in the hierarchy"),
    (2, "en", "Fien and Gert rank higher in the hierarchy"),
    (3, "en", "Fien, Gert and Hans rank higher in the hierarchy"),
])
def test_the_hierarchy_warning_names_one_two_or_three_members_correctly(n, lang, expected):
    """One name takes 'staat'/'ranks', two or three are joined with 'en'/'and' and take 'staan'/'rank'."""
    assert expected in levels_warning(n, lang)


@pytest.mark.parametrize(("names", "nl", "en"), [
    ((), "", ""),
    (("Fien",), "Fien", "Fien"),
    (("Fien", "Gert"), "Fien en Gert", "Fien and Gert"),
    (("Fien", "Gert", "Hans"), "Fien, Gert en Hans", "Fien, Gert and Hans"),
])
def test_a_tuple_value_is_said_as_a_list(names, nl, en):
    """name_list joins names with commas and a last 'en' (Dutch) or 'and' (English)."""
    assert (name_list(names, "nl"), name_list(names, "en")) == (nl, en)


def test_two_ticked_begeleiders_are_named_as_a_list():
    """The refusal for two begeleiders names them 'Fien en Gert', not 'Fien, Gert'."""
    g = Group(members=(Member("Ans"), Member("Fien", begeleider=True), Member("Gert", begeleider=True)))
    notice = next(n for n in save_notices(g) if n.key == "group.warn_two_begeleiders")
    assert "(Fien en Gert)" in catalog.text(notice.key, "nl", **notice.values)
