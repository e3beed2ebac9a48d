"""One frozen settings object, read from ``INTERVISIE_*`` environment variables."""
from __future__ import annotations

import functools
import os
import secrets
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


#: Environment variable that holds the pseudonym secret for several servers sharing one database.
SECRET_ENV = "INTERVISIE_PSEUDONYM_SECRET"
SECRET_FILE = "pseudonym.key"


def pseudonym_secret(environ: dict | None = None) -> bytes:
    """The per-installation secret that keys participant pseudonyms (never in the database).

    ``INTERVISIE_PSEUDONYM_SECRET`` when set (servers sharing one PostgreSQL must share it);
    otherwise ``pseudonym.key`` in the data directory, created with 32 random bytes and mode
    0600 on first use.
    """
    env = os.environ if environ is None else environ
    value = env.get(SECRET_ENV)
    if value:
        return value.encode("utf-8")
    return _secret_file(Path(env.get("INTERVISIE_DATA_DIR") or _default_data_dir()) / SECRET_FILE)


@functools.lru_cache(maxsize=8)
def _secret_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_bytes()
    with os.fdopen(fd, "wb") as f:
        f.write(secret)
    return secret


#: The hub user name of the trainer whose single-user server this is (JupyterHub sets it).
HUB_USER_ENV = "JUPYTERHUB_USER"
#: Set to 1/true/yes by the hub's ``pre_spawn_hook`` for members of the hub group ``coordinators``.
COORDINATOR_ENV = "INTERVISIE_COORDINATOR"


def current_user(environ: dict | None = None) -> str | None:
    """The hub user running this server (``JUPYTERHUB_USER``, outer spaces stripped), or None
    outside a hub (plain ``intervisie serve``: no owners, everything as before).

    The name is returned as the hub gives it: no case folding or other normalisation, so two
    names are the same user only when they are equal (``storage.ownership.check_user`` says
    whether it can be stored).
    """
    env = os.environ if environ is None else environ
    value = str(env.get(HUB_USER_ENV) or "").strip()
    return value or None


def is_coordinator(environ: dict | None = None) -> bool:
    """Whether this server belongs to a coordinator (``INTERVISIE_COORDINATOR`` is 1, true or yes).

    The hub's ``pre_spawn_hook`` sets it in the spawner's environment for members of the hub
    group ``coordinators``; a user cannot change their spawner's environment (only code inside
    their own server, which then only misleads that server: see docs/security.md).
    """
    env = os.environ if environ is None else environ
    return str(env.get(COORDINATOR_ENV) or "").strip().lower() in ("1", "true", "yes")


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
