"""The ``intervisie`` command. Each sub-command lives in its own module with ``register``."""
from __future__ import annotations

import argparse
import importlib
import sys

#: Modules under ``intervisie_widgets.cli`` that add a sub-command; add one line per command.
COMMAND_MODULES = (
    "demo_data",
    "import_csv",
    "export",
    "report",
    "certificate",
    "groups",
    "rights",
    "join",
    "forms",
    "classify",
    "serve",
    "hub",
    "methods",
    "scenarios",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intervisie", description="Intervisiekit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
