"""``intervisie serve`` without a browser: access rules, the Voilà command, environment and config.

The running server (redirects, token, kernels, files) is tested in tests/browser/test_app_shell.py.
"""
from __future__ import annotations

import json
import os
import socket
import string
import subprocess
import sys
from pathlib import Path

import pytest

from intervisie_widgets import catalog, server
from intervisie_widgets.cli import build_parser
from intervisie_widgets.cli.serve import options_from_args
from intervisie_widgets.server import ServeError, ServeOptions

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"


def opts(**kw) -> ServeOptions:
    """Serve options with the repository's notebooks and a scratch data folder unless given."""
    kw.setdefault("notebooks_dir", NOTEBOOKS)
    kw.setdefault("data_dir", Path("/tmp/intervisie-test-data"))
    return ServeOptions(**kw)


# --------------------------------------------------------------------------- who may connect
@pytest.mark.parametrize("ip", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_addresses(ip):
    """Loopback addresses are recognised and need no token."""
    assert server.is_loopback(ip)
    server.check_options(opts(ip=ip))  # no token needed


@pytest.mark.parametrize("ip", ["0.0.0.0", "", "::", "192.168.1.20", "10.0.0.5", "example.org", "my-laptop"])
def test_other_addresses_need_a_token_or_password(ip):
    """Any other address is refused without a token or password and accepted with one."""
    assert not server.is_loopback(ip)
    with pytest.raises(ServeError) as err:
        server.check_options(opts(ip=ip))
    assert err.value.key == "needs_auth"
    server.check_options(opts(ip=ip, token="a-long-enough-token"))
    server.check_options(opts(ip=ip, password="een-geheim-wachtwoord"))


def test_refusal_message_in_both_languages():
    """The refusal names the address and the two ways out, in Dutch and in English."""
    err = ServeError("needs_auth", ip="0.0.0.0")
    nl, en = err.message("nl"), err.message("en")
    assert "0.0.0.0" in nl and "0.0.0.0" in en
    assert "--token" in nl and "--password" in nl and "wachtwoord" in nl
    assert "--token" in en and "password" in en and nl != en


#: serve.* messages whose Dutch and English are rightly the same words ("Database: {url}").
SAME_IN_BOTH_LANGUAGES = {"serve.database"}


def test_every_serve_message_has_both_languages():
    """Every serve.* message has Dutch and English with the same placeholders, translated unless listed as the same."""
    texts = catalog.texts()
    keys = [k for k in texts if k.startswith("serve.")]
    assert {"serve.needs_auth", "serve.running", "serve.notebooks_dir", "serve.data_dir"} <= set(keys)
    fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)  # noqa: E731
    for key in keys:
        nl, en = texts[key].nl, texts[key].en
        assert nl.strip() and en.strip(), key
        assert fields(nl) == fields(en), key
        assert (nl == en) is (key in SAME_IN_BOTH_LANGUAGES), key


@pytest.mark.parametrize("kw, key", [
    (dict(token="t", password="p"), "token_and_password"),
    (dict(token="  "), "empty_secret"),
    (dict(password=""), "empty_secret"),
    (dict(port=0), "bad_port"),
    (dict(port=70000), "bad_port"),
])
def test_bad_options(kw, key):
    """Contradictory or impossible options are refused with their own message key."""
    with pytest.raises(ServeError) as err:
        server.check_options(opts(**kw))
    assert err.value.key == key


def test_missing_notebooks_folder(tmp_path):
    """A notebooks folder that is missing or holds no notebook is refused."""
    with pytest.raises(ServeError) as err:
        server.check_options(opts(notebooks_dir=tmp_path / "nope"))
    assert err.value.key == "no_notebooks"
    with pytest.raises(ServeError):
        server.check_options(opts(notebooks_dir=tmp_path))  # exists, but no notebook


def test_cli_refuses_non_loopback_without_token_before_listening(tmp_path):
    """The real command exits with a clear message and never opens the port."""
    env = {**os.environ, "INTERVISIE_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)}
    env.pop("INTERVISIE_TOKEN", None)
    env.pop("INTERVISIE_PASSWORD", None)
    code = "import sys; from intervisie_widgets.cli import main; sys.exit(main())"
    for lang in ("nl", "en"):
        r = subprocess.run([sys.executable, "-c", code, "serve", "--no-browser", "--ip", "0.0.0.0",
                            "--port", "1", "--lang", lang],
                           env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 2
        assert r.stderr.strip() == catalog.text("serve.needs_auth", lang, ip="0.0.0.0")
        assert "Voil" not in r.stdout + r.stderr  # refused before Voilà was even imported
    assert not (tmp_path / "data").exists()


# --------------------------------------------------------------------------- what gets built
def test_voila_argv_defaults():
    """By default Voilà serves the notebooks on 127.0.0.1:8866 with the kit's template and no port retry."""
    argv = server.voila_argv(opts())
    assert argv[0] == str(NOTEBOOKS.resolve())
    assert "--Voila.ip=127.0.0.1" in argv
    assert "--Voila.port=8866" in argv
    assert "--Voila.port_retries=0" in argv
    assert "--Voila.open_browser=True" in argv
    assert "--VoilaConfiguration.template=intervisie" in argv


def test_voila_argv_never_carries_secrets():
    """The token never appears on the command line (where ps shows it); extra arguments come last."""
    argv = server.voila_argv(opts(ip="0.0.0.0", token="s3cret", port=9000, open_browser=False,
                                  extra_args=("--Voila.base_url=/kit/",)))
    assert not any("s3cret" in a for a in argv)
    assert "--Voila.port=9000" in argv and "--Voila.open_browser=False" in argv
    assert argv[-1] == "--Voila.base_url=/kit/"


def test_voila_config_token_password_and_config_path():
    """The token goes into the config as is, the password only as a hash that checks the right password."""
    cfg = server.voila_config(opts(token="s3cret"))
    assert cfg["Voila"]["token"] == "s3cret"
    assert cfg["Voila"]["config_file_paths"] == [str(NOTEBOOKS.resolve())]
    assert "PasswordIdentityProvider" not in cfg
    cfg = server.voila_config(opts(password="geheim"))
    hashed = cfg["PasswordIdentityProvider"]["hashed_password"]
    assert "geheim" not in hashed
    from jupyter_server.auth import passwd_check

    assert passwd_check(hashed, "geheim") and not passwd_check(hashed, "fout")
    assert "token" not in cfg["Voila"]


def test_server_env(tmp_path):
    """The server environment puts the template first on JUPYTER_PATH and passes database and folders on."""
    env = server.server_env(opts(db_url="sqlite:///x.db", data_dir=tmp_path / "d"),
                            {"JUPYTER_PATH": os.pathsep.join(["/a", "/b"])})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(server.TEMPLATE_ROOT), "/a", "/b"]
    assert env["INTERVISIE_DB_URL"] == "sqlite:///x.db"
    assert env["INTERVISIE_DATA_DIR"] == str((tmp_path / "d").resolve())
    assert env["INTERVISIE_NOTEBOOKS"] == str(NOTEBOOKS.resolve())
    assert env["VOILA_APP_IP"] == "127.0.0.1"
    assert "INTERVISIE_DB_URL" not in server.server_env(opts(), {})


@pytest.mark.parametrize("ip, expected", [
    ("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "127.0.0.1"), ("", "127.0.0.1"), ("localhost", "127.0.0.1"),
    ("192.168.1.20", "192.168.1.20"), ("::", "[::1]"), ("::1", "[::1]"), ("fe80::1", "[fe80::1]"),
])
def test_kernel_app_ip(ip, expected):
    """Kernels reach the server on loopback for wildcard addresses and on the address itself otherwise."""
    assert server.kernel_app_ip(ip) == expected


def test_template_is_shipped_and_has_no_external_url():
    """The Voilà template and its local Font Awesome ship with the package and refer to no other host."""
    tpl = server.TEMPLATE_ROOT / "voila" / "templates" / server.TEMPLATE_NAME
    assert json.loads((tpl / "conf.json").read_text())["base_template"] == "lab"
    index = (tpl / "index.html.j2").read_text()
    assert "extends 'lab/index.html.j2'" in index
    fa = tpl / "static" / "fontawesome"
    for f in ("css/all.min.css", "css/v4-shims.min.css", "webfonts/fa-solid-900.woff2", "LICENSE.txt"):
        assert (fa / f).is_file(), f
    css = (fa / "css" / "all.min.css").read_text()
    for ref in set(__import__("re").findall(r"url\(([^)]+)\)", css)):
        assert not ref.startswith(("http", "//")), ref
        assert (fa / "css" / ref.split("?")[0].split("#")[0]).resolve().is_file(), ref


def test_browse_url_and_home_redirect():
    """The printed link carries the token; the home redirect keeps the query but never the token."""
    assert server.browse_url(opts(port=9000)) == "http://127.0.0.1:9000/"
    assert server.browse_url(opts(token="a b")) == "http://127.0.0.1:8866/?token=a+b"
    assert server.browse_url(opts(ip="::1")) == "http://[::1]:8866/"
    assert server.home_redirect("/", "") == "/voila/render/home.ipynb"
    assert server.home_redirect("/", "lang=en&token=x") == "/voila/render/home.ipynb?lang=en"
    assert server.home_redirect("/kit/", "lang=nl") == "/kit/voila/render/home.ipynb?lang=nl"


def test_voila_json_is_the_documented_configuration():
    """notebooks/voila.json holds the settings docs/serving.md describes (preheat, no tracebacks, culling, pools)."""
    cfg = json.loads((NOTEBOOKS / "voila.json").read_text())
    vc = cfg["VoilaConfiguration"]
    assert vc["preheat_kernel"] is True and vc["show_tracebacks"] is False
    assert vc["theme"] == "light" and vc["allow_theme_override"] == "NO" and vc["allow_template_override"] == "NO"
    assert "progressive_rendering" not in vc  # incompatible with preheat
    assert "timeout" not in cfg.get("VoilaExecutor", {})  # would kill preheated kernels waiting for a request
    assert "disable_check_xsrf" not in json.dumps(cfg)  # the template's _xsrf cookie fixes tab close
    km = cfg["MappingKernelManager"]
    assert km["cull_idle_timeout"] > 0 and km["cull_interval"] > 0 and km["cull_connected"] is False
    pools = server.configured_pools(NOTEBOOKS)
    assert pools["home.ipynb"] >= 1 and all(0 <= n <= 2 for n in pools.values())
    assert sum(pools.values()) <= 8  # every pooled kernel is ~100 MB held while idle


@pytest.mark.parametrize("name, allowed", [
    ("logo.png", True), ("img/diagram.svg", False), ("img/photo.webp", True), ("a/b/c.JPG", True),
    ("pyproject.toml", False), ("../pyproject.toml", False), ("voila.json", False), ("home.ipynb", False),
    ("app.py", False), ("intervisie.sqlite", False), ("answers.csv", False), (".hidden.png", False),
    ("img/.hidden.png", False), ("data/x.xlsx", False), ("x.png.py", False),
])
def test_file_allowlist_is_images_only(name, allowed):
    """Only image files outside hidden folders pass the file allow- and denylist."""
    import re

    vc = json.loads((NOTEBOOKS / "voila.json").read_text())["VoilaConfiguration"]
    ok = any(re.fullmatch(p, name, re.I) for p in vc["file_allowlist"])
    denied = any(re.fullmatch(p, name, re.I) for p in vc["file_denylist"])
    assert (ok and not denied) is allowed


def test_configured_pools(tmp_path):
    """Preheated pools are read per notebook from voila.json, minus the denylist and checkpoints."""
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / "heavy.ipynb").write_text("{}")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_text("{}")
    (tmp_path / "voila.json").write_text(json.dumps({
        "VoilaConfiguration": {"preheat_kernel": True},
        "VoilaKernelManager": {"kernel_pools_config": {"default": {"pool_size": 1}, "a.ipynb": {"pool_size": 3}},
                               "preheat_denylist": [".*/heavy\\.ipynb$"]}}))
    assert server.configured_pools(tmp_path) == {"a.ipynb": 3}
    (tmp_path / "voila.json").write_text("{}")
    assert server.configured_pools(tmp_path) == {}


# --------------------------------------------------------------------------- the command line
def test_cli_options(monkeypatch, tmp_path):
    """Command-line options and INTERVISIE_* variables become ServeOptions; a command-line secret wins."""
    parser = build_parser()
    env = {"INTERVISIE_DATA_DIR": str(tmp_path), "INTERVISIE_LANG": "en"}
    o = options_from_args(parser.parse_args(["serve"]), env)
    assert (o.port, o.ip, o.open_browser, o.token, o.password, o.lang) == (8866, "127.0.0.1", True, None, None, "en")
    assert o.data_dir == tmp_path
    o = options_from_args(parser.parse_args(
        ["serve", "--port", "9001", "--no-browser", "--ip", "0.0.0.0", "--token", "t", "--db", "sqlite:///x",
         "--notebooks", str(tmp_path), "--", "--Voila.base_url=/kit/"]), env)
    assert (o.port, o.ip, o.open_browser, o.token, o.db_url) == (9001, "0.0.0.0", False, "t", "sqlite:///x")
    assert o.notebooks_dir == tmp_path and o.extra_args == ("--Voila.base_url=/kit/",)
    o = options_from_args(parser.parse_args(["serve"]), {**env, "INTERVISIE_PASSWORD": "pw"})
    assert o.password == "pw" and o.token is None
    o = options_from_args(parser.parse_args(["serve"]), {**env, "INTERVISIE_TOKEN": "tk", "INTERVISIE_PASSWORD": "pw"})
    assert o.token == "tk" and o.password is None
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--token", "a", "--password", "b"])


def test_port_in_use_is_detected():
    """A port someone listens on is reported as taken, and as free again once closed."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert not server.port_free("127.0.0.1", port)
    assert server.port_free("127.0.0.1", port)


@pytest.mark.parametrize("path, ok", [
    ("intervisie/static/fontawesome/css/all.min.css", True), ("lab/static/voila.js", True),
    ("intervisie/static/../index.html.j2", False), ("intervisie/conf.json", False),
    ("../../../../pyproject.toml", False), ("intervisie/static/../../pyproject.toml", False),
    ("../static/x.css", False), ("static", False),
])
def test_template_static_paths(path, ok):
    """Only <template>/static/<file> reaches Voilà's template file handler; anything else is a 404, not a 500."""
    from intervisie_widgets.server.voila_app import is_template_static_path

    assert is_template_static_path(path) is ok


def test_a_short_token_or_password_is_refused():
    """A token or password under 16 characters stops serve with a message; 16 characters are enough."""
    for secret in (dict(token="t0ken"), dict(password="kort-wachtwoord")):
        with pytest.raises(server.ServeError) as err:
            server.check_options(opts(ip="0.0.0.0", **secret))
        assert err.value.key == "short_secret" and "16" in err.value.message("nl")
    server.check_options(opts(ip="0.0.0.0", token="x" * 16))


def test_on_loopback_the_host_header_is_checked_again():
    """Served on loopback, Voilà's Host check is switched back on (localhost plus the public host name);
    beyond loopback it is left to the token."""
    cfg = server.voila_config(opts())
    assert cfg["Voila"]["tornado_settings"] == {"allow_remote_access": False, "local_hostnames": ["localhost"]}
    named = server.voila_config(opts(public_url="http://intervisie.local:8866"))
    assert named["Voila"]["tornado_settings"]["local_hostnames"] == ["localhost", "intervisie.local"]
    assert "tornado_settings" not in server.voila_config(opts(ip="0.0.0.0", token="x" * 16))["Voila"]
