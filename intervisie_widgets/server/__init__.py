"""Serving the kit: pure option logic (:mod:`.options`) apart from the running Voilà
application (:mod:`.voila_app`, which imports Voilà only when it starts)."""
from .options import (
    DEFAULT_IP,
    DEFAULT_PORT,
    HOME_NOTEBOOK,
    PASSWORD_ENV,
    TEMPLATE_NAME,
    TEMPLATE_ROOT,
    TOKEN_ENV,
    ServeError,
    ServeOptions,
    browse_url,
    check_options,
    configured_pools,
    home_redirect,
    is_loopback,
    kernel_app_ip,
    port_free,
    server_env,
    voila_argv,
    voila_config,
)
from .voila_app import serve

__all__ = [
    "DEFAULT_IP", "DEFAULT_PORT", "HOME_NOTEBOOK", "PASSWORD_ENV", "TEMPLATE_NAME", "TEMPLATE_ROOT", "TOKEN_ENV",
    "ServeError", "ServeOptions", "browse_url", "check_options", "configured_pools", "home_redirect",
    "is_loopback", "kernel_app_ip", "port_free", "serve", "server_env", "voila_argv", "voila_config",
]
