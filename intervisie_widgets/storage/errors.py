"""Errors of the store: each names its cause in Dutch and English, never as a traceback."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .. import catalog


@dataclass(frozen=True)
class Cause:
    """The reason for an error, said in the user's language: a text key (``causes.<name>``) and its values."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return catalog.text(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.message("en")


def cause(key: str, **values: object) -> Cause:
    """A :class:`Cause` for ``causes.<key>`` with ``values``."""
    return Cause(f"causes.{key}", values)


def say(reason: object, lang: str) -> str:
    """A reason as text in ``lang``: anything with ``message(lang)`` speaks for itself, the rest is ``str``."""
    speak = getattr(reason, "message", None)
    return speak(lang) if callable(speak) else str(reason)


class StoreError(Exception):
    """Something the user can act on; ``kind`` selects the text ``storage.<kind>``.

    ``where`` is the database (password hidden) or the thing concerned, ``cause`` the reason: a
    :class:`Cause` (or another error with ``message(lang)``) is said in the page's language,
    anything else (a driver's message) as it is. ``cause`` as an attribute is the English text.
    """

    kind = "failed"

    def __init__(self, where: str = "", cause: object = "", kind: str | None = None):
        self.kind = kind or self.kind
        self.where = where
        self.reason = cause
        self.cause = say(cause, "en")
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return catalog.text(f"storage.{self.kind}", lang, where=self.where, cause=say(self.reason, lang))


class StoreUnavailable(StoreError):
    """The database cannot be reached, opened or is locked (kinds: unreachable, cannot_open, locked, …)."""

    kind = "unreachable"


class InvalidPlan(StoreError, ValueError):
    kind = "invalid_plan"


class InvalidAnswer(StoreError, ValueError):
    kind = "invalid_answer"


class AlreadySubmitted(StoreError):
    """The person already submitted this form for this session; resubmit with ``replace=True``."""

    kind = "already_submitted"


class UnknownGroup(StoreError, KeyError):
    kind = "unknown_group"

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message("en")


class WrongKey(StoreError):
    """The passphrase does not open this reflection (or it was tampered with)."""

    kind = "wrong_key"


class TooManyAttempts(StoreError):
    """Too many wrong passphrases for this writer's reflections: they stay shut for a while."""

    kind = "too_many_attempts"

    def __init__(self, where: str, minutes: int):
        super().__init__(where, minutes)


class UnknownReflection(StoreError, KeyError):
    kind = "unknown_reflection"

    def __str__(self) -> str:
        return self.message("en")


class Rejected(StoreError, ValueError):
    """The data breaks a rule of the kit; ``notices`` (model Notices) say which, nothing was changed."""

    kind = "rejected"

    def __init__(self, where: str, notices):
        self.notices = tuple(notices)
        super().__init__(where, "; ".join(n.key for n in self.notices))

    def message(self, lang: str) -> str:
        return " ".join(catalog.text(n.key, lang, **n.values) for n in self.notices)
