"""The ``planbook`` command line. Each verb lives in its module: the module exposes
``add_cli(subparsers)``, which registers the verb and sets ``func`` to the same function the
notebooks call. Errors meant for the analyst are one line on stderr, never a traceback."""
from __future__ import annotations

import argparse
import importlib
import sys

# module names under planbook that contribute verbs, in the order they appear in --help
VERB_MODULES = ["add", "ingest", "verify", "review", "compare", "scenario", "export", "build"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planbook", description="杭州规划报告分析工作簿 (planbook)")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for name in VERB_MODULES:
        try:
            module = importlib.import_module(f"planbook.{name}")
        except ModuleNotFoundError as exc:  # a verb whose module has not landed yet
            if exc.name == f"planbook.{name}":
                continue
            raise
        module.add_cli(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from planbook.fileio import PlanbookError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        rc = args.func(args)
    except PlanbookError as exc:
        print(f"planbook: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("planbook: interrupted", file=sys.stderr)
        return 130
    return int(rc or 0)


if __name__ == "__main__":
    raise SystemExit(main())
