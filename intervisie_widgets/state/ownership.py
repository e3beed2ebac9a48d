"""What the hub user of this server may see of the stored groups (issue 14).

Outside a hub (``settings.current_user()`` is None) every function here lets everything through,
so the pages behave exactly as before owners existed. Inside one a trainer lists and opens only
the groups they own or that are shared with them (:meth:`Store.groups_for`); another trainer's
group asked for by link or code becomes a refusal notice and nothing of it is read. Coordinators
(``settings.is_coordinator()``) get every group on the dashboard only, which shows aggregates
under the minimum-group rule and never names or reflections.
"""
from __future__ import annotations

from traitlets import Any as AnyTrait
from traitlets import Tuple, Unicode

from ..model.session import Notice
from ..settings import current_user, is_coordinator
from .evaluation import StoreUser
from .links import shown


def hub_user() -> str | None:
    """The hub user of this server, None outside a hub."""
    return current_user()


def refusal(store, code: str, action: str = "open") -> Notice | None:
    """A notice (``ownership.not_yours_open`` or ``_change``) when the stored group ``code`` is
    another trainer's; None outside a hub, for an empty code, a new code, or one's own group.
    A store problem is raised (the caller says it as it says any other)."""
    user = current_user()
    if user is None or not str(code or "").strip() or store.can_edit(code, user):
        return None
    return Notice(f"ownership.not_yours_{action}", {"code": shown(code)})


def summaries(store) -> list[dict]:
    """:meth:`Store.group_summaries` of the groups this hub user may open (all outside a hub)."""
    rows = store.group_summaries()
    user = current_user()
    if user is None:
        return rows
    mine = set(store.groups_for(user))
    return [r for r in rows if r["code"] in mine]


def codes(store) -> list[str]:
    """The codes of the groups this hub user may open, sorted (every group outside a hub)."""
    return store.groups_for(current_user())


def dashboard_codes(store) -> list[str]:
    """The groups the dashboard may aggregate: every group for a coordinator or outside a hub,
    else the trainer's own and shared ones."""
    return store.groups() if is_coordinator() or current_user() is None else codes(store)


def sees_everything() -> bool:
    """Whether the dashboard's 'all groups' means every stored group (outside a hub, coordinators)."""
    return current_user() is None or is_coordinator()


def overview_note_key() -> str:
    """The text that says what the dashboard's 'all groups' covers for this server."""
    if current_user() is None:
        return "dashboard.overview_note"
    return "ownership.overview_coordinator" if is_coordinator() else "ownership.overview_own"


class SharingState(StoreUser):
    """Who owns the open group and who it is shared with, and the owner's share / unshare actions.

    Only in a hub: outside one (no hub user) there is no owner and nothing to share. Actions
    never raise: a refusal (not the owner, a bad name) or a store problem becomes ``notice``.
    """

    code = Unicode(help="the open group's stored code ('' when none is open)")
    owner = Unicode(help="its owner's hub user name ('' when it has none)")
    shares = Tuple(help="the co-trainers it is shared with, sorted")
    notice = AnyTrait(None, allow_none=True, help="the outcome or why not (Notice or StoreError)")

    @property
    def active(self) -> bool:
        """Whether sharing applies: inside a hub, with a stored group open."""
        return current_user() is not None and bool(self.code)

    @property
    def is_owner(self) -> bool:
        return self.active and self.owner == current_user()

    def load(self, code: str) -> None:
        """Read the owner and co-trainers of group ``code`` ('' clears)."""
        from ..storage import StoreError

        with self.hold_trait_notifications():
            self.code, self.owner, self.shares, self.notice = code or "", "", (), None
            if not self.active:
                return
            try:
                self.owner = self.store().owner_of(code) or ""
                self.shares = tuple(self.store().shares_of(code))
            except StoreError as exc:
                self.notice = exc

    def share(self, user: str) -> bool:
        return self._change("share", user)

    def unshare(self, user: str) -> bool:
        return self._change("unshare", user)

    def _change(self, action: str, user: str) -> bool:
        from ..storage import StoreError

        if not self.active:
            return False
        name = str(user or "").strip()
        try:
            done = getattr(self.store(), action)(self.code, name, by=current_user())
            self.shares = tuple(self.store().shares_of(self.code))
        except StoreError as exc:
            self.notice = exc
            return False
        key = f"ownership.{action}d" if done else f"ownership.{action}_nothing"
        self.notice = Notice(key, {"code": self.code, "user": name})
        return done
