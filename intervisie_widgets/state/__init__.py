"""State objects (traitlets) that views observe and whose actions views call.

State holds model values and changes them by assigning new ones; it never touches widgets.
One module per screen; :class:`AppState` (the interface language) is what every page shares.
"""
from .app import AppState
from .walkthrough import WalkthroughState

__all__ = ["AppState", "WalkthroughState"]
