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
    return Settings(
        data_dir=Path(env.get("INTERVISIE_DATA_DIR") or _default_data_dir()),
        notebooks_dir=Path(env.get("INTERVISIE_NOTEBOOKS") or _default_notebooks_dir()),
        db_url=env.get("INTERVISIE_DB_URL") or None,
        min_group=min_group,
        lang=lang if lang in ("nl", "en") else "nl",
    )
