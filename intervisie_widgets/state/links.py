"""What a page's link (``?group=CODE&session=N``) asks for, checked: a bad value becomes a notice
in the user's language and the page opens without it."""
from __future__ import annotations

from ..model.session import Notice

#: The highest session number the store keeps (storage.plans.MAX_SESSIONS).
MAX_SESSION = 100
MAX_SHOWN = 40  # characters of a bad value repeated in a notice


def shown(value: str) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def session_from_link(value) -> tuple[int, Notice | None]:
    """(number, None) for a good session number, (0, None) when there is none, (0, notice) for
    text, 0, a negative or a number beyond the highest session."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0, None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        number = int(text) if text.isdecimal() and len(text) <= 6 else -1
    if 1 <= number <= MAX_SESSION:
        return number, None
    return 0, Notice("links.bad_session", {"value": shown(value), "max": MAX_SESSION})


def stored_code(codes, value: str) -> str | None:
    """The stored spelling of the group code ``value`` (case and spaces ignored), or None."""
    wanted = " ".join(str(value).split()).casefold()
    return next((c for c in codes if c.casefold() == wanted), None)


def unknown_group(state, group: str) -> Notice | None:
    """A notice when the link's group code is not in the store (the page still works: the first
    evaluation creates the group); None when it is, when there is none, or the store cannot say."""
    from ..storage import StoreError

    if not str(group or "").strip():
        return None
    from .ownership import refusal

    try:
        refused = refusal(state.store(), group)  # in a hub: another trainer's group is refused
        known = refused is None and stored_code(state.store().groups(), group) is not None
    except StoreError:
        return None  # the store's problem is said when the form is sent
    return refused or (None if known else Notice("links.unknown_group_evaluation", {"value": shown(group)}))
