"""Errors of the store: each names its cause in Dutch and English, never as a traceback."""
from __future__ import annotations

from .. import catalog


class StoreError(Exception):
    """Something the user can act on; ``kind`` selects the text ``storage.<kind>``.

    ``where`` is the database (password hidden) or the thing concerned, ``cause`` the reason.
    """

    kind = "failed"

    def __init__(self, where: str = "", cause: object = "", kind: str | None = None):
        self.kind = kind or self.kind
        self.where = where
        self.cause = str(cause)
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return catalog.text(f"storage.{self.kind}", lang, where=self.where, cause=self.cause)


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
