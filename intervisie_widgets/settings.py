"""One frozen settings object, read from ``INTERVISIE_*`` environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "intervisiekit"


def _default_notebooks_dir() -> Path:
    repo = PACKAGE_DIR.parent / "notebooks"
    if repo.is_dir():
        return repo
    return PACKAGE_DIR / "_notebooks"


@dataclass(frozen=True)
class Settings:
    """Where data and notebooks live, and the kit's privacy and language defaults."""

    data_dir: Path
    notebooks_dir: Path
    db_url: str | None
    min_group: int
    lang: str
    #: Hours a new join code stays valid (``INTERVISIE_JOIN_HOURS``, default 12).
    join_hours: float = 12.0
    #: The address participants reach the server at (``INTERVISIE_PUBLIC_URL``; ``intervisie serve`` sets it).
    public_url: str | None = None

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'intervisie.sqlite'}"


def load_settings(environ: dict | None = None) -> Settings:
    env = os.environ if environ is None else environ
    try:
        min_group = max(1, int(env.get("INTERVISIE_MIN_GROUP", "3")))
    except ValueError:
        min_group = 3
    lang = env.get("INTERVISIE_LANG", "nl")
    try:
        join_hours = float(env.get("INTERVISIE_JOIN_HOURS", "12"))
    except ValueError:
        join_hours = 12.0
    if not 0 < join_hours <= 168:  # a week at most (model.join.MAX_JOIN_HOURS); nan fails too
        join_hours = 12.0
    return Settings(
        data_dir=Path(env.get("INTERVISIE_DATA_DIR") or _default_data_dir()),
        notebooks_dir=Path(env.get("INTERVISIE_NOTEBOOKS") or _default_notebooks_dir()),
        db_url=env.get("INTERVISIE_DB_URL") or None,
        min_group=min_group,
        lang=lang if lang in ("nl", "en") else "nl",
        join_hours=join_hours,
        public_url=env.get("INTERVISIE_PUBLIC_URL") or None,
    )
