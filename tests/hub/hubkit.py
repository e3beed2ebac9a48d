"""A real JupyterHub for tests/hub/: :class:`HubProcess` starts ``jupyterhub`` (PyPI) with
``configurable-http-proxy`` (npm, in .node/), the kit's deploy/jupyterhub/jupyterhub_config.py
plus tests/hub/jupyterhub_test_config.py (DummyAuthenticator, SimpleLocalProcessSpawner, loopback
ports, everything under one scratch folder), and stops it with everything it started.

The hub starts its proxy, its services and the single-user servers in sessions of their own, so
one signal to the hub's process group does not reach them: :meth:`HubProcess.stop` sends SIGTERM
to the hub (which stops servers, service and proxy itself), waits, and then kills every process
that descended from the hub and still runs, with its process group.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEPLOY_CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
TEST_CONFIG = HERE / "jupyterhub_test_config.py"
CHP = REPO / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 90.0


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing_prerequisites() -> list[str]:
    """What the hub test needs and this machine lacks (empty: it can run)."""
    missing = []
    if not (VENV_BIN / "jupyterhub").exists():
        missing.append(f"{VENV_BIN / 'jupyterhub'} (pip install jupyterhub; ./test.sh installs it)")
    if not CHP.exists():
        missing.append(f"{CHP} (./test.sh installs configurable-http-proxy from npm into .node/)")
    if not Path("/usr/bin/chromium").exists():
        missing.append("/usr/bin/chromium")
    return missing


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hub_env(root: Path, db_url: str, secret: str, coordinators: str) -> dict[str, str]:
    """The hub's environment: scratch HOME/JUPYTER_*/XDG_*, the kit's variables, the ports."""
    keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "INTERVISIE_STRICT_TEXTS")
    env = {k: v for k, v in os.environ.items() if k in keep}
    home = root / "hubhome"
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env.update({
        "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "JUPYTER_DATA_DIR": str(home / ".jd"),
        "JUPYTER_RUNTIME_DIR": str(home / ".jr"), "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}",
        "PYTHONUNBUFFERED": "1", "INTERVISIE_DB_URL": db_url, "INTERVISIE_PSEUDONYM_SECRET": secret,
        "INTERVISIE_COORDINATORS": coordinators, "INTERVISIE_HUB_URL": f"http://127.0.0.1:{port}",
        "INTERVISIE_HUB_BIND_URL": f"http://127.0.0.1:{port}", "INTERVISIE_SERVICE_PORT": str(free_port()),
        "IK_TEST_ROOT": str(root), "IK_DEPLOY_CONFIG": str(DEPLOY_CONFIG), "IK_CHP": str(CHP),
        "IK_HUB_API_PORT": str(free_port()), "IK_PROXY_API_PORT": str(free_port()),
    })
    return env


class Started:
    """A process started in its own process group, with its log in a file; :meth:`stop` ends it and
    everything it started."""

    log_name = "process.log"

    def __init__(self, root: Path, env: dict[str, str]):
        self.root, self.env = Path(root), env
        self.log_path = self.root / self.log_name
        self.proc: subprocess.Popen | None = None

    def launch(self, command: list[str]) -> None:
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(command, cwd=self.root, env=self.env, stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_for(self, url: str, timeout: float) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.proc.returncode}:\n{self.log_text()[-4000:]}")
            try:
                if requests.get(url, timeout=3, allow_redirects=False).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{url} did not answer within {timeout:.0f} s:\n{self.log_text()[-4000:]}")

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def descendants(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def stop(self, timeout: float = 45.0) -> None:
        """SIGTERM to the process group, then SIGKILL to whatever it started that is still there."""
        if self.proc is None:
            return
        started = self.descendants()
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        for p in started:
            try:
                if p.is_running():
                    os.killpg(os.getpgid(p.pid), signal.SIGKILL)
            except (ProcessLookupError, psutil.Error, PermissionError):
                pass
        psutil.wait_procs(started, timeout=10)
        self._log.close()
        self.proc = None


class HubProcess(Started):
    """``jupyterhub -f tests/hub/jupyterhub_test_config.py`` in its own process group."""

    log_name = "jupyterhub.log"

    def __init__(self, root: Path, env: dict[str, str]):
        super().__init__(root, env)
        self.url = env["INTERVISIE_HUB_URL"]

    def start(self, timeout: float = START_TIMEOUT) -> "HubProcess":
        self.launch([str(VENV_BIN / "jupyterhub"), "-f", str(TEST_CONFIG)])
        self.wait_for(self.url + "/hub/health", timeout)
        self.wait_for(self.url + "/services/intervisie/deelnemen", timeout)
        return self

    def user_server(self, name: str) -> psutil.Process | None:
        """The single-user server process of hub user ``name`` (by its JUPYTERHUB_USER)."""
        for p in self.descendants():
            try:
                if "jupyterhub-singleuser" in " ".join(p.cmdline()) and p.environ().get("JUPYTERHUB_USER") == name:
                    return p
            except psutil.Error:
                continue
        return None


class SingleServer(Started):
    """A supervisor's server without a hub: ``jupyter server`` on the kit's notebooks with the kit's
    extension (enabled by the installed config file), a token and ``base_url`` ``/user/test/``."""

    log_name = "jupyter-server.log"
    TOKEN = "single-server-test-token"

    def __init__(self, root: Path, db_url: str):
        home = Path(root) / "home"
        home.mkdir(parents=True, exist_ok=True)
        keep = ("PATH", "LANG", "LC_ALL", "INTERVISIE_STRICT_TEXTS")
        env = {k: v for k, v in os.environ.items() if k in keep}
        env.update({"HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
                    "JUPYTER_DATA_DIR": str(home / ".jd"), "JUPYTER_RUNTIME_DIR": str(home / ".jr"),
                    "PYTHONUNBUFFERED": "1", "INTERVISIE_DB_URL": db_url, "INTERVISIE_LANG": "nl",
                    "INTERVISIE_PSEUDONYM_SECRET": "single-server-" + "s" * 32})
        super().__init__(home, env)
        self.port = free_port()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/user/test/{path}?token={self.TOKEN}"

    def start(self, timeout: float = START_TIMEOUT) -> "SingleServer":
        import requests

        self.launch([str(VENV_BIN / "jupyter"), "server", "--no-browser", f"--port={self.port}",
                     "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0", "--ServerApp.base_url=/user/test/",
                     f"--ServerApp.root_dir={REPO / 'notebooks'}", f"--IdentityProvider.token={self.TOKEN}",
                     *(["--allow-root"] if os.getuid() == 0 else [])])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter server exited:\n{self.log_text()[-3000:]}")
            try:
                if requests.get(self.url("api/status"), timeout=3).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"jupyter server did not answer:\n{self.log_text()[-3000:]}")


def rss_mib(proc: psutil.Process) -> tuple[float, float]:
    """RSS of ``proc`` alone and of ``proc`` with its descendants (kernels), in MiB."""
    own = proc.memory_info().rss
    total = own + sum(c.memory_info().rss for c in proc.children(recursive=True) if c.is_running())
    return own / 2**20, total / 2**20
