"""``intervisie hub-service``: the participant pages as a public JupyterHub service.

    intervisie hub-service [--ip ADDR] [--port N] [--prefix /services/intervisie/]

JupyterHub starts it (deploy/jupyterhub/jupyterhub_config.py) and gives the address and path in
``JUPYTERHUB_SERVICE_URL`` and ``JUPYTERHUB_SERVICE_PREFIX``; the options override them. It needs
``INTERVISIE_DB_URL`` and ``INTERVISIE_PSEUDONYM_SECRET``. See docs/deploy.md.
"""
from __future__ import annotations

import os


def register(sub) -> None:
    p = sub.add_parser("hub-service", help="the participant pages as a JupyterHub service",
                       description="Serve the participant pages (deelnemen) as a public JupyterHub service "
                       "on the shared database. JupyterHub normally starts this; see docs/deploy.md.")
    p.add_argument("--ip", default=None, help="address to listen on (default: from JUPYTERHUB_SERVICE_URL)")
    p.add_argument("--port", type=int, default=None, help="port (default: from JUPYTERHUB_SERVICE_URL)")
    p.add_argument("--prefix", default=None, help="path the proxy sends here (default: JUPYTERHUB_SERVICE_PREFIX)")
    p.add_argument("--lang", choices=("nl", "en"), default=None, help="language of these messages")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..server.hub_service import run_service
    from ..settings import load_settings

    return run_service(os.environ, args.ip, args.port, args.prefix, args.lang or load_settings().lang)
