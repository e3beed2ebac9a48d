"""Who may see and change a group inside a hub: its owner and the co-trainers it is shared with.

A group made on a trainer's hub server gets that hub user (``settings.current_user()``) as its
``owner``; a group made outside a hub has none (NULL). Hub user names are stored and compared
exactly as the hub gives them (outer spaces stripped, nothing case-folded or normalised): ``Anna``
and ``anna`` are two users. A name is 1 to :data:`MAX_USER` characters without control characters
(:func:`check_user`), anything else is refused with :class:`InvalidUser`.

Outside a hub (``user`` None) every group is visible and changeable, as before owners existed.
Inside one a trainer sees and changes the groups they own or that are shared with them; a group
without an owner belongs to no hub trainer (a shell outside the hub can share it, see
:func:`share`). Coordinators' aggregated view of all groups is decided by the pages, not here.
"""
from __future__ import annotations

import unicodedata

from sqlalchemy import Connection, delete, exists, func, or_, select

from .. import catalog
from ..settings import current_user
from . import plans
from . import schema as s
from .errors import StoreError, UnknownGroup

#: The longest hub user name stored (the column is String(255)).
MAX_USER = 255
SHOWN = 40  # characters of a bad name repeated in a message


def _shown(value: str) -> str:
    value = "".join(c if unicodedata.category(c)[0] != "C" else "?" for c in str(value))
    return value if len(value) <= SHOWN else value[:SHOWN] + "…"


class InvalidUser(StoreError, ValueError):
    """A hub user name that cannot be stored: empty, too long or with control characters."""

    kind = "rejected"  # message() below says why, from ownership.yaml

    def __init__(self, user: str, reason: str):
        self.user, self.reason = str(user), reason
        super().__init__(_shown(user), reason)

    def message(self, lang: str) -> str:
        return catalog.text(f"ownership.user_{self.reason}", lang, user=_shown(self.user), n=len(self.user),
                            max=MAX_USER)


class NotYours(StoreError, PermissionError):
    """The group belongs to another trainer: nothing of it is shown or changed."""

    kind = "rejected"  # message() below says why, from ownership.yaml

    def __init__(self, code: str, action: str = "open"):
        self.code, self.action = str(code), action
        super().__init__(self.code, action)

    def message(self, lang: str) -> str:
        return catalog.text(f"ownership.not_yours_{self.action}", lang, code=_shown(self.code))


def check_user(user) -> str:
    """The hub user name as stored (outer spaces stripped); :class:`InvalidUser` when it cannot be."""
    value = str(user if user is not None else "").strip()
    if not value:
        raise InvalidUser(value, "empty")
    if len(value) > MAX_USER:
        raise InvalidUser(value, "too_long")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise InvalidUser(value, "control")
    return value


def creator() -> str | None:
    """The owner of a group made now: the hub user (checked), None outside a hub."""
    user = current_user()
    return None if user is None else check_user(user)


def _find(conn: Connection, code: str):
    """id, code and owner of the group ``code`` (case ignored, as :func:`plans.find_group`), or None."""
    g, code = s.groups, s.normalise_group_code(code)
    return conn.execute(select(g.c.id, g.c.code, g.c.owner).where(func.lower(g.c.code) == code.lower())
                        .order_by(g.c.id).limit(1)).first()


def _require(conn: Connection, code: str):
    row = _find(conn, code)
    if row is None:
        raise UnknownGroup(code, code)
    return row


def _shared(group_id: int, user: str):
    g = s.group_shares
    return exists().where(g.c.group_id == group_id, g.c.user == user)


def _allowed(conn: Connection, row, user: str | None) -> bool:
    if user is None:
        return True
    return row.owner == user or bool(conn.execute(select(_shared(row.id, user))).scalar())


def owner_of(conn: Connection, code: str) -> str | None:
    """The group's owner (None: made outside a hub); :class:`UnknownGroup` when not stored."""
    return _require(conn, code).owner


def shares_of(conn: Connection, code: str) -> list[str]:
    """The co-trainers the group is shared with, sorted."""
    row = _require(conn, code)
    g = s.group_shares
    return sorted(conn.execute(select(g.c.user).where(g.c.group_id == row.id)).scalars())


def can_edit(conn: Connection, code: str, user: str | None) -> bool:
    """Whether ``user`` may see and change the group: always outside a hub (None) and for a group
    not stored yet (whoever saves it first owns it); else only its owner and co-trainers."""
    row = _find(conn, code)
    return row is None or _allowed(conn, row, user)


def require_edit(conn: Connection, code: str, user: str | None, action: str = "change") -> None:
    """:class:`NotYours` unless :func:`can_edit`."""
    if not can_edit(conn, code, user):
        raise NotYours(_find(conn, code).code, action)


def groups_for(conn: Connection, user: str | None) -> list[str]:
    """The codes of the groups ``user`` may open, sorted; every group outside a hub (None)."""
    g = s.groups
    q = select(g.c.code).order_by(g.c.code)
    if user is not None:
        shared = select(s.group_shares.c.group_id).where(s.group_shares.c.user == user)
        q = q.where(or_(g.c.owner == user, g.c.id.in_(shared)))
    return list(conn.execute(q).scalars())


def _owner_only(conn: Connection, code: str, by: str | None):
    """The group row when ``by`` is its owner, or None (outside a hub): else :class:`NotYours`."""
    row = _require(conn, code)
    if by is not None and row.owner != by:
        raise NotYours(row.code, "share")
    return row


def share(conn: Connection, code: str, user: str, by: str | None) -> bool:
    """Share the group with co-trainer ``user``; only its owner may (or a shell outside a hub,
    ``by`` None, which can so hand a group without an owner to hub trainers). False when it
    already was shared or ``user`` is the owner."""
    row = _owner_only(conn, code, by)
    user = check_user(user)
    if user == row.owner or conn.execute(select(_shared(row.id, user))).scalar():
        return False
    conn.execute(s.group_shares.insert().values(group_id=row.id, user=user, shared_by=by or "",
                                                shared_at=plans.now()))
    return True


def unshare(conn: Connection, code: str, user: str, by: str | None) -> bool:
    """Stop sharing with ``user`` (the owner, a shell outside a hub, or the co-trainer themself
    may); False when it was not shared with them."""
    row = _require(conn, code)
    user = check_user(user)
    if by is not None and by != user:
        row = _owner_only(conn, code, by)
    g = s.group_shares
    return conn.execute(delete(g).where(g.c.group_id == row.id, g.c.user == user)).rowcount > 0


def set_owner(conn: Connection, code: str, user: str | None) -> None:
    """Make ``user`` the owner (None: no owner); only for a shell outside a hub (the CLI)."""
    row = _require(conn, code)
    value = None if user is None else check_user(user)
    conn.execute(s.groups.update().where(s.groups.c.id == row.id).values(owner=value))
    conn.execute(delete(s.group_shares).where(s.group_shares.c.group_id == row.id, s.group_shares.c.user == value))


class OwnershipMixin:
    """Store methods for owners and co-trainers (see the module docstring)."""

    def owner_of(self, group_code: str) -> str | None:
        return self._read(lambda c: owner_of(c, group_code))

    def shares_of(self, group_code: str) -> list[str]:
        return self._read(lambda c: shares_of(c, group_code))

    def groups_for(self, user: str | None) -> list[str]:
        return self._read(lambda c: groups_for(c, user))

    def can_edit(self, group_code: str, user: str | None) -> bool:
        return self._read(lambda c: can_edit(c, group_code, user))

    def share(self, group_code: str, user: str, by: str | None) -> bool:
        return self._write(lambda c: share(c, group_code, user, by))

    def unshare(self, group_code: str, user: str, by: str | None) -> bool:
        return self._write(lambda c: unshare(c, group_code, user, by))

    def set_owner(self, group_code: str, user: str | None) -> None:
        self._write(lambda c: set_owner(c, group_code, user))

    def _write_own(self, group_code: str, work):
        """``work`` in a write transaction after :func:`require_edit` for the hub user of this process."""
        user = current_user()
        if user is None:  # outside a hub: no check, no extra query
            return self._write(work)
        return self._write(lambda c: (require_edit(c, group_code, user), work(c))[1])


__all__ = [
    "MAX_USER",
    "InvalidUser",
    "NotYours",
    "OwnershipMixin",
    "can_edit",
    "check_user",
    "creator",
    "groups_for",
    "owner_of",
    "set_owner",
    "share",
    "shares_of",
    "unshare",
]
