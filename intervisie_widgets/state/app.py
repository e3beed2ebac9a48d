"""What every page shares: the interface language."""
from __future__ import annotations

from traitlets import Enum, HasTraits

from .. import catalog
from ..model import DEFAULT_LANG, LANGUAGES


class AppState(HasTraits):
    """What every page shares: the interface language."""

    lang = Enum(LANGUAGES, default_value=DEFAULT_LANG, help="interface language, nl or en")

    def t(self, key: str, **values: object) -> str:
        """The content text ``key`` in the current language."""
        return catalog.text(key, self.lang, **values)
