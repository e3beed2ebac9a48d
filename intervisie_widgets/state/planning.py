"""The group and trajectory page states, kept importable from their former home.

They now live in :mod:`.group` and :mod:`.trajectory`.
"""
from .group import GroupState
from .trajectory import TrajectoryState

__all__ = ["GroupState", "TrajectoryState"]
