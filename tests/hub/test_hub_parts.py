"""The kit's JupyterHub parts without a hub (issue 14, points 1, 3, 4): the server extension's pure
functions, the participant service's options and app (two services on two databases), the deploy
recipe's configuration and pre-spawn hook, and the Kubernetes values. Quick; not marked ``hub``."""
from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import types
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import yaml
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from intervisie_widgets import catalog
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.server import extension, hub_service
from intervisie_widgets.server.options import TEMPLATE_ROOT
from intervisie_widgets.server.participant_base import Participants
from intervisie_widgets.storage import Store, count_rows

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy" / "jupyterhub"
SECRET = "s" * 40


def tx(key, lang="nl", **values):
    return catalog.text(key, lang, **values)


# --------------------------------------------------------------------------- the server extension
def test_template_path_comes_first_and_only_once():
    """The kit's template folder is put before the other JUPYTER_PATH entries, never twice."""
    other = "/opt/jupyter"
    once = extension.template_jupyter_path({"JUPYTER_PATH": other})
    assert once.split(":") == [str(TEMPLATE_ROOT), other]
    assert extension.template_jupyter_path({"JUPYTER_PATH": once}) == once


def test_voila_settings_keep_the_page_settings_without_preheating(tmp_path):
    """voila.json's page settings pass, the standalone-only preheat keys do not, the template is the kit's."""
    (tmp_path / "voila.json").write_text(json.dumps({"VoilaConfiguration": {
        "preheat_kernel": True, "default_pool_size": 3, "strip_sources": True, "template": "lab"}}))
    assert extension.voila_settings(tmp_path) == {"strip_sources": True, "template": "intervisie"}
    shipped = extension.voila_settings(REPO / "notebooks")
    assert shipped["show_tracebacks"] is False and "preheat_kernel" not in shipped


@pytest.mark.parametrize("public, base, expected", [
    ("https://hub.example.org/services/intervisie", "/user/anne/", "https://hub.example.org/services/intervisie"),
    ("https://hub.example.org/services/intervisie/", "/user/anne/", "https://hub.example.org/services/intervisie"),
    ("http://127.0.0.1:8866/user/anne", "/user/anne/", None),
    ("http://127.0.0.1:8866/user/annette", "/user/anne/", "http://127.0.0.1:8866/user/annette"),
    (None, "/user/anne/", None),
])
def test_participants_go_to_the_service_when_it_is_elsewhere(public, base, expected):
    """A public URL outside this server's base_url sends the participant pages there; inside it, they stay."""
    assert extension.participants_elsewhere(public, base) == expected


def test_database_problem_names_an_unreachable_server(tmp_path):
    """A PostgreSQL port nobody listens on gives the store's 'unreachable' message; a SQLite file gives none."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    problem = extension.database_problem(f"postgresql+psycopg://nobody:geheim@127.0.0.1:{port}/x", "nl")
    assert problem is not None and problem.startswith("De database op") and "geheim" not in problem
    assert extension.database_problem(f"sqlite:///{tmp_path / 'k.sqlite'}", "nl") is None


def test_start_up_check_logs_the_message_in_the_servers_language(monkeypatch):
    """An unreachable database at start-up is one error line in the log, in Dutch, naming what to check."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("INTERVISIE_DB_URL", f"postgresql+psycopg://u@127.0.0.1:{port}/x")
    lines = []
    log = types.SimpleNamespace(error=lines.append)
    extension.check_database(log, "nl")
    assert len(lines) == 1 and lines[0].startswith("Intervisiekit: de database is bij het starten niet bereikbaar")
    assert "INTERVISIE_DB_URL" in lines[0]


def test_extension_is_enabled_by_the_installed_config_file():
    """The wheel puts the server-config file into etc/jupyter, and that file enables this very module."""
    import tomllib

    shared = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    source, target = next((k, v) for k, v in shared.items() if "jupyter_server_config.d" in k)
    assert target == "etc/jupyter/jupyter_server_config.d/intervisiekit.json"
    enabled = json.loads((REPO / source).read_text())["ServerApp"]["jpserver_extensions"]
    assert enabled == {extension.__name__: True}
    from jupyter_server.extension.utils import get_metadata

    assert get_metadata(extension.__name__)[1] == [{"module": extension.__name__}]


# --------------------------------------------------------------------------- the participant service
HUB_ENV = {"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:10101", "JUPYTERHUB_SERVICE_PREFIX": "/services/intervisie/",
           "INTERVISIE_DB_URL": "postgresql://x/y", "INTERVISIE_PSEUDONYM_SECRET": SECRET}


def test_service_options_come_from_the_hub():
    """The hub's URL and prefix give address, port and path; arguments override them."""
    assert hub_service.service_options(HUB_ENV) == hub_service.ServiceOptions("127.0.0.1", 10101, "/services/intervisie/")
    assert hub_service.service_options(HUB_ENV, port=9000, prefix="kit").port == 9000
    assert hub_service.service_options(HUB_ENV, prefix="kit").prefix == "/kit/"


@pytest.mark.parametrize("drop, change, key", [
    (("JUPYTERHUB_SERVICE_URL",), {}, "service_no_prefix"),
    ((), {"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1"}, "service_bad_url"),
    ((), {"JUPYTERHUB_SERVICE_URL": "https://127.0.0.1:x"}, "service_bad_url"),
    (("INTERVISIE_DB_URL",), {}, "service_no_db"),
    (("INTERVISIE_PSEUDONYM_SECRET",), {}, "service_no_secret"),
])
def test_service_refuses_to_start_without_what_it_needs(drop, change, key):
    """No hub variables, a URL without port, no shared database or no shared secret: a refusal naming it."""
    env = {k: v for k, v in {**HUB_ENV, **change}.items() if k not in drop}
    with pytest.raises(hub_service.HubServiceError) as info:
        hub_service.service_options(env)
    assert info.value.key == key
    assert info.value.message("nl") == tx(f"hub.{key}", **info.value.values)


def test_service_command_says_why_it_does_not_start(capsys, monkeypatch):
    """``intervisie hub-service`` outside a hub exits with 2 and the Dutch message, starting nothing."""
    from intervisie_widgets.cli import main

    for name in ("JUPYTERHUB_SERVICE_URL", "JUPYTERHUB_SERVICE_PREFIX", "INTERVISIE_LANG"):
        monkeypatch.delenv(name, raising=False)
    assert main(["hub-service"]) == 2
    assert capsys.readouterr().err.strip() == tx("hub.service_no_prefix")


@contextmanager
def service(store: Store, prefix="/services/intervisie/"):
    """The service's tornado app on a free port in a thread; yields its public base URL."""
    ready, box = threading.Event(), {}
    participants = Participants(store_factory=lambda: store)

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        sockets = bind_sockets(0, "127.0.0.1")
        HTTPServer(hub_service.make_app(prefix, participants), xheaders=True).add_sockets(sockets)
        box["url"] = f"http://127.0.0.1:{sockets[0].getsockname()[1]}{prefix.rstrip('/')}"
        box["loop"] = IOLoop.current()
        ready.set()
        box["loop"].start()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield box["url"]
    finally:
        box["loop"].add_callback(box["loop"].stop)
        thread.join(10)
        participants.close()


def test_a_code_on_the_wrong_service_is_refused_and_nothing_is_written(tmp_path):
    """A live code of service A typed at service B (another database) gets B's one 'unknown code'
    page, B stores nothing, and the same form at A is stored."""
    a, b = Store(f"sqlite:///{tmp_path / 'a.sqlite'}"), Store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    a.save_group(Group((Member("Ans"), Member("Bram")), code="Team A", name="A"))
    join = a.create_join("Team A", 1)
    with service(a) as url_a, service(b, "/services/andere/") as url_b:
        http = requests.Session()
        assert http.get(url_b + "/", allow_redirects=False).headers["Location"] == "/services/andere/deelnemen"
        wrong = http.get(f"{url_b}/deelnemen/{join.code}/postit")
        assert wrong.status_code == 404 and tx("participant.bad_code") in wrong.text.replace("&#39;", "'")
        form = http.get(f"{url_a}/deelnemen/{join.code}/postit")
        assert form.status_code == 200
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text).group(1)
        fields = {"_xsrf": xsrf, "ik-group": join.group, "ik-session": "1", "ik-text": "Eerst vragen"}
        refused = http.post(f"{url_b}/deelnemen/{join.code}/postit", data=fields, allow_redirects=False)
        assert refused.status_code == 404
        stored = http.post(f"{url_a}/deelnemen/{join.code}/postit", data=fields, allow_redirects=False)
        assert stored.status_code == 303 and "/services/intervisie/deelnemen/" in stored.headers["Location"]
    assert count_rows(b, "ik_postits") == 0 and count_rows(a, "ik_postits") == 1
    a.close(), b.close()


# --------------------------------------------------------------------------- the deploy recipe
def load_recipe(monkeypatch, **env):
    from traitlets.config import PyFileConfigLoader

    for name in ("INTERVISIE_DB_URL", "INTERVISIE_PSEUDONYM_SECRET", "INTERVISIE_COORDINATORS", "OIDC_ISSUER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader("jupyterhub_config.py", str(DEPLOY)).load_config()


def test_recipe_refuses_to_start_without_database_or_secret(monkeypatch):
    """Without INTERVISIE_DB_URL, or with a short pseudonym secret, the hub stops with a message naming it."""
    with pytest.raises(SystemExit) as info:
        load_recipe(monkeypatch, INTERVISIE_PSEUDONYM_SECRET=SECRET)
    assert str(info.value) == tx("hub.config_missing", name="INTERVISIE_DB_URL")
    with pytest.raises(SystemExit) as info:
        load_recipe(monkeypatch, INTERVISIE_DB_URL="postgresql://x/y", INTERVISIE_PSEUDONYM_SECRET="kort")
    assert str(info.value) == tx("hub.config_short_secret", name="INTERVISIE_PSEUDONYM_SECRET", n=32)


def test_recipe_shares_database_and_secret_with_servers_and_service(monkeypatch):
    """Spawner and service get the same database and secret; the service is public and runs the kit's command."""
    c = load_recipe(monkeypatch, INTERVISIE_DB_URL="postgresql://db/k", INTERVISIE_PSEUDONYM_SECRET=SECRET,
                    INTERVISIE_COORDINATORS="carla, dirk", INTERVISIE_HUB_URL="https://hub.example.org/")
    env = c.Spawner.environment
    assert env["INTERVISIE_DB_URL"] == "postgresql://db/k" and env["INTERVISIE_PSEUDONYM_SECRET"] == SECRET
    assert env["INTERVISIE_PUBLIC_URL"] == "https://hub.example.org/services/intervisie"
    assert c.Spawner.default_url == "/voila/render/home.ipynb"
    assert Path(c.Spawner.notebook_dir, "home.ipynb").is_file()
    (svc,) = c.JupyterHub.services
    assert svc["name"] == "intervisie" and svc["command"][1:] == ["hub-service"]
    assert svc["environment"]["INTERVISIE_PSEUDONYM_SECRET"] == SECRET and "api_token" not in svc
    assert c.JupyterHub.load_groups == {"coordinators": {"users": ["carla", "dirk"]}}
    assert "authenticator_class" not in c.JupyterHub  # the organisation's choice


def fake_spawner(name, groups, environment):
    user = types.SimpleNamespace(name=name, groups=[types.SimpleNamespace(name=g) for g in groups])
    return types.SimpleNamespace(user=user, environment=dict(environment))


def test_pre_spawn_hook_marks_coordinators_only(monkeypatch):
    """A member of 'coordinators' gets INTERVISIE_COORDINATOR=1; anyone else loses a stray one."""
    c = load_recipe(monkeypatch, INTERVISIE_DB_URL="postgresql://db/k", INTERVISIE_PSEUDONYM_SECRET=SECRET)
    hook = c.Spawner.pre_spawn_hook
    carla = fake_spawner("carla", ["coordinators"], c.Spawner.environment)
    hook(carla)
    assert carla.environment["INTERVISIE_COORDINATOR"] == "1"
    anne = fake_spawner("zoë.o'brien", ["staff"], {**c.Spawner.environment, "INTERVISIE_COORDINATOR": "1"})
    hook(anne)
    assert "INTERVISIE_COORDINATOR" not in anne.environment
    assert anne.environment["INTERVISIE_DB_URL"] == "postgresql://db/k"


def test_pre_spawn_hook_refuses_a_name_the_kit_cannot_store(monkeypatch):
    """A hub name of 300 characters is refused before a server starts, with the kit's message."""
    from tornado.web import HTTPError

    c = load_recipe(monkeypatch, INTERVISIE_DB_URL="postgresql://db/k", INTERVISIE_PSEUDONYM_SECRET=SECRET)
    spawner = fake_spawner("a" * 300, [], c.Spawner.environment)
    with pytest.raises(HTTPError) as info:
        c.Spawner.pre_spawn_hook(spawner)
    assert info.value.status_code == 403
    assert info.value.jupyterhub_message == tx("ownership.user_too_long", user="a" * 40 + "…", n=300, max=255)
    assert "INTERVISIE_COORDINATOR" not in spawner.environment


def test_kubernetes_values_share_database_and_secret():
    """values.yaml: the singleuser image's environment and the participant service name the same Secret."""
    values = yaml.safe_load((DEPLOY / "values.yaml").read_text())
    env = values["singleuser"]["extraEnv"]
    assert env["INTERVISIE_DB_URL"]["valueFrom"]["secretKeyRef"]["name"] == "intervisie"
    assert env["INTERVISIE_PSEUDONYM_SECRET"]["valueFrom"]["secretKeyRef"]["name"] == "intervisie"
    assert values["singleuser"]["defaultUrl"] == "/voila/render/home.ipynb"
    assert values["hub"]["services"]["intervisie"]["url"].startswith("http://intervisie-participants")
    manifests = list(yaml.safe_load_all((DEPLOY / "participants.yaml").read_text()))
    deployment = next(m for m in manifests if m["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == ["intervisie", "hub-service", "--ip", "0.0.0.0", "--port", "10101",
                                    "--prefix", "/services/intervisie/"]
    names = {e["name"]: e["valueFrom"]["secretKeyRef"]["name"] for e in container["env"] if "valueFrom" in e}
    assert names == {"INTERVISIE_DB_URL": "intervisie", "INTERVISIE_PSEUDONYM_SECRET": "intervisie"}
