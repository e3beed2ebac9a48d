"""The hub of tests/hub/: the deploy recipe (deploy/jupyterhub/jupyterhub_config.py) as it is,
with only what a test must replace: DummyAuthenticator (tests only!), SimpleLocalProcessSpawner
with homes under the test's scratch folder, loopback ports, the hub's own files in that folder,
and configurable-http-proxy from .node/. tests/hub/hubkit.py sets the environment."""
import os
import sys

c = get_config()  # noqa: F821 - provided by JupyterHub
load_subconfig(os.environ["IK_DEPLOY_CONFIG"])  # noqa: F821 - the recipe under test

root = os.environ["IK_TEST_ROOT"]
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(root, "homes", "{username}")
c.Spawner.cmd = [os.path.join(os.path.dirname(sys.executable), "jupyterhub-singleuser")]
if os.getuid() == 0:
    c.Spawner.args = [*c.Spawner.args, "--allow-root"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["IK_HUB_API_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['IK_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [os.environ["IK_CHP"]]
c.ConfigurableHTTPProxy.pid_file = os.path.join(root, "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{os.path.join(root, 'jupyterhub.sqlite')}"
c.JupyterHub.cookie_secret_file = os.path.join(root, "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_proxy = True
c.Spawner.start_timeout = 120
