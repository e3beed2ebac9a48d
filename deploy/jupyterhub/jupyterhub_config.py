"""JupyterHub for the Intervisiekit on one machine (docs/deploy.md; Kubernetes: values.yaml).

Every supervisor (begeleider) logs in to the hub and gets their own Jupyter server with the kit's
pages at ``/user/<name>/voila/render/home.ipynb`` (the kit's server extension; JupyterLab stays
at ``/user/<name>/lab``). Participants never log in: their light pages run as the public hub
service ``intervisie`` at ``/services/intervisie/deelnemen`` and admit only join codes. All of
them share one PostgreSQL database.

Run with ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` in the environment where the
kit is installed (``pip install 'intervisiekit[postgres]' jupyterhub`` and
``npm install -g configurable-http-proxy``). Set in the hub's environment:

* ``INTERVISIE_DB_URL`` (required): the shared PostgreSQL, e.g.
  ``postgresql+psycopg://intervisie:***@db.example.org/intervisie``;
* ``INTERVISIE_PSEUDONYM_SECRET`` (required): at least 32 random characters
  (``python3 -c 'import secrets; print(secrets.token_urlsafe(32))'``), the same for every server;
* ``INTERVISIE_HUB_URL``: the address people type, e.g. ``https://intervisie.example.org``
  (join codes and QR codes point at ``<it>/services/intervisie``);
* ``INTERVISIE_COORDINATORS``: hub user names of the coordinators, comma-separated (the hub
  group ``coordinators``; a member's server gets ``INTERVISIE_COORDINATOR=1``);
* ``INTERVISIE_HUB_ADMINS``: hub administrators, comma-separated;
* ``INTERVISIE_HUB_BIND_URL`` (default ``http://:8000``), ``INTERVISIE_SERVICE_PORT`` (10101),
  ``INTERVISIE_LANG`` (``nl``).

A missing required variable stops the hub at start with a message saying which one.
tests/hub/ loads this file and replaces only the authenticator (DummyAuthenticator), the spawner
(SimpleLocalProcessSpawner) and the addresses.
"""
import os
import shlex
import sys
from pathlib import Path

from intervisie_widgets import catalog
from intervisie_widgets.settings import SECRET_ENV, load_settings

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

LANG = os.environ.get("INTERVISIE_LANG", "nl") if os.environ.get("INTERVISIE_LANG") in ("nl", "en") else "nl"
SERVICE_NAME = "intervisie"
COORDINATOR_GROUP = "coordinators"
#: The kit's command next to this Python (the hub's environment is the kit's).
INTERVISIE = str(Path(sys.executable).with_name("intervisie"))


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        sys.exit(catalog.text("hub.config_missing", LANG, name=name))
    return value


def _names(name: str) -> list[str]:
    return [n.strip() for n in os.environ.get(name, "").split(",") if n.strip()]


DB_URL = _required("INTERVISIE_DB_URL")
SECRET = _required(SECRET_ENV)
if len(SECRET) < 32:
    sys.exit(catalog.text("hub.config_short_secret", LANG, name=SECRET_ENV, n=32))
SERVICE_PORT = int(os.environ.get("INTERVISIE_SERVICE_PORT", "10101"))
HUB_URL = os.environ.get("INTERVISIE_HUB_URL", "http://127.0.0.1:8000").rstrip("/")
PUBLIC_URL = f"{HUB_URL}/services/{SERVICE_NAME}"
SHARED_ENV = {"INTERVISIE_DB_URL": DB_URL, SECRET_ENV: SECRET, "INTERVISIE_LANG": LANG}

# --------------------------------------------------------------------------- the hub
c.JupyterHub.bind_url = os.environ.get("INTERVISIE_HUB_BIND_URL", "http://:8000")
c.JupyterHub.cleanup_servers = True
c.Authenticator.admin_users = set(_names("INTERVISIE_HUB_ADMINS"))
c.JupyterHub.load_groups = {COORDINATOR_GROUP: {"users": _names("INTERVISIE_COORDINATORS")}}

# --------------------------------------------------------------------------- who logs in
# The organisation chooses the authenticator. Working example: OpenID Connect with the
# oauthenticator package (pip install oauthenticator), e.g. Microsoft Entra ID, Keycloak or
# SURFconext; register the hub as a client with the callback <INTERVISIE_HUB_URL>/hub/oauth_callback.
# Without OIDC_ISSUER this block is skipped and JupyterHub's default (local system users, PAM) applies.
if os.environ.get("OIDC_ISSUER"):
    issuer = os.environ["OIDC_ISSUER"].rstrip("/")
    c.JupyterHub.authenticator_class = "generic-oauth"
    c.GenericOAuthenticator.client_id = _required("OIDC_CLIENT_ID")
    c.GenericOAuthenticator.client_secret = _required("OIDC_CLIENT_SECRET")
    c.GenericOAuthenticator.oauth_callback_url = f"{HUB_URL}/hub/oauth_callback"
    c.GenericOAuthenticator.authorize_url = f"{issuer}/protocol/openid-connect/auth"  # Keycloak's paths
    c.GenericOAuthenticator.token_url = f"{issuer}/protocol/openid-connect/token"
    c.GenericOAuthenticator.userdata_url = f"{issuer}/protocol/openid-connect/userinfo"
    c.GenericOAuthenticator.scope = ["openid", "profile", "email"]
    c.GenericOAuthenticator.username_claim = "preferred_username"
    c.GenericOAuthenticator.allowed_groups = set(_names("OIDC_ALLOWED_GROUPS")) or {"intervisie"}
    c.GenericOAuthenticator.claim_groups_key = "groups"

# --------------------------------------------------------------------------- each supervisor's server
# The organisation chooses the spawner too (LocalProcessSpawner needs a system user per hub
# user; DockerSpawner and KubeSpawner give each a container). These settings hold for all.
c.Spawner.notebook_dir = str(load_settings({}).notebooks_dir)  # the kit's pages, as installed
c.Spawner.default_url = "/voila/render/home.ipynb"
c.Spawner.environment = {**SHARED_ENV, "INTERVISIE_PUBLIC_URL": PUBLIC_URL}
c.Spawner.args = [
    # as notebooks/voila.json: kernels of pages closed without notice go after 10 minutes
    "--MappingKernelManager.cull_idle_timeout=600", "--MappingKernelManager.cull_interval=60",
    "--ServerApp.terminals_enabled=False",
]
c.Spawner.mem_limit = os.environ.get("INTERVISIE_MEM_LIMIT", "1G")  # docs/deploy.md: measured size
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90


def pre_spawn_hook(spawner):
    """Coordinators (hub group ``coordinators``) get ``INTERVISIE_COORDINATOR=1``; a hub name the
    kit cannot store as a group's owner is refused here, before a server starts."""
    from tornado import web

    from intervisie_widgets.storage.ownership import InvalidUser, check_user

    try:
        check_user(spawner.user.name)
    except InvalidUser as exc:  # the hub's error page shows jupyterhub_message
        refusal = web.HTTPError(403, "hub user name the kit cannot store")
        refusal.jupyterhub_message = exc.message(LANG)
        raise refusal from None
    env = {k: v for k, v in spawner.environment.items() if k != "INTERVISIE_COORDINATOR"}
    if any(g.name == COORDINATOR_GROUP for g in spawner.user.groups):
        env["INTERVISIE_COORDINATOR"] = "1"
    spawner.environment = env


c.Spawner.pre_spawn_hook = pre_spawn_hook

# --------------------------------------------------------------------------- the participants' service
c.JupyterHub.services = [{
    "name": SERVICE_NAME,
    "url": f"http://127.0.0.1:{SERVICE_PORT}",
    "command": [INTERVISIE, "hub-service"],
    "environment": dict(SHARED_ENV),
    "display": False,
}]
print(catalog.text("hub.config_loaded", LANG, url=PUBLIC_URL, command=shlex.join([INTERVISIE, "hub-service"])),
      file=sys.stderr)
