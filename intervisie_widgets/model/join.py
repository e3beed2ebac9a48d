"""Joining a meeting from a phone: the join code on the projector and the anonymous post-its.

A :class:`JoinCode` opens the participant pages of one meeting (one session of a group's current
trajectory) until it expires or is revoked; a :class:`Postit` is one anonymous lesson of the
post-it round. Codes are made and checked in :mod:`intervisie_widgets.engines.join`, stored in
:mod:`intervisie_widgets.storage.joins`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Hours a new join code stays valid unless the trainer or ``INTERVISIE_JOIN_HOURS`` says otherwise.
DEFAULT_JOIN_HOURS = 12.0
#: Longest validity a trainer may ask for (a week): a code is for one meeting, not a trajectory.
MAX_JOIN_HOURS = 168.0
#: Longest post-it text, in characters after trimming.
MAX_POSTIT_CHARS = 500


@dataclass(frozen=True)
class JoinCode:
    """A live join code: ``code`` in its canonical form (8 characters, no dash, upper case),
    bound to ``group`` (its stored code) and meeting ``session`` of the group's current
    trajectory, valid until ``expires`` (a timezone-aware UTC datetime)."""

    code: str
    group: str
    session: int
    expires: dt.datetime

    @property
    def shown(self) -> str:
        """The code as people read and type it: ``ABCD-EFGH``."""
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"


@dataclass(frozen=True)
class Postit:
    """One anonymous post-it of a meeting; a ``hidden`` card is left off the wall."""

    id: int
    text: str
    hidden: bool
    created_at: dt.datetime
