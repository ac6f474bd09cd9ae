"""The ``planbook`` command line. Each verb lives in its module: the module exposes
``add_cli(subparsers)``, which registers the verb and sets ``func`` to the same function the
notebooks call. Errors meant for the analyst are one line on stderr, never a traceback."""
from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from pathlib import Path

from planbook.fileio import TEMP_NAME, PlanbookError

# module names under planbook that contribute verbs, in the order they appear in --help
VERB_MODULES = ["add", "ingest", "verify", "review", "compare", "scenario", "export", "build"]


# verbs that read the catalogs and reference figures: checked (file and line named) before they run
CHECKED_VERBS = ("review", "compare", "export")


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


# what the analyst reads for the usual operating-system errors (Chinese / English)
_OS_ERRORS = {
    errno.ENOSPC: "磁盘已满,原有文件未改动 / no space left on device; existing files are unchanged",
    errno.EDQUOT: "磁盘配额已满,原有文件未改动 / disk quota exceeded; existing files are unchanged",
    errno.EACCES: "没有权限 / permission denied",
    errno.EPERM: "不允许的操作 / operation not permitted",
    errno.EROFS: "只读文件系统 / read-only file system",
    errno.EISDIR: "是文件夹,不是文件 / is a directory, not a file",
    errno.ENOTDIR: "路径中有一段不是文件夹 / a part of the path is not a directory",
    errno.ENOENT: "路径不存在 / no such file or directory",
}


def os_error_line(exc: OSError) -> str:
    """One line for an OSError: the file (the target, not its temporary name) and what went wrong."""
    what = _OS_ERRORS.get(exc.errno, f"读写失败 / input/output error ({exc.strerror or type(exc).__name__})")
    name = exc.filename if exc.filename is not None else ""
    if name:   # a temporary file of fileio.atomic_path is shown as the file it stands for
        m = TEMP_NAME.match(Path(name).name)
        name = str(Path(name).with_name(m.group("target"))) if m else str(name)
    else:
        name = "planbook"
    return f"{name}: {what}"


def check_out_path(args: argparse.Namespace) -> None:
    """--out must name a file (a folder for export) outside /proc, /sys and /dev."""
    out = getattr(args, "out", None)
    if not out:
        return
    path = Path(out).expanduser()
    resolved = path.resolve()
    if len(resolved.parts) > 1 and resolved.parts[1] in ("proc", "sys", "dev"):
        raise PlanbookError(f"{out}: --out 不能指向系统目录 / --out cannot point into /{resolved.parts[1]}")
    if getattr(args, "verb", None) == "export":
        if path.exists() and not path.is_dir():
            raise PlanbookError(f"{out}: --out 应为文件夹 / --out is not a folder")
    elif path.is_dir() or str(out).endswith(("/", "\\")):
        raise PlanbookError(f"{out}: --out 是文件夹,应为CSV文件名 / --out is a directory; give a CSV file name")


def _quiet_after_fault(exc: BaseException) -> None:
    """After a write failed (``exc`` or the error it was raised from is an OSError), objects left
    half-written, such as an Excel archive, complain when collected ("Exception ignored in
    ZipFile.__del__"); the one line already said what happened, so those OSErrors are dropped."""
    if not isinstance(exc, OSError) and not isinstance(exc.__context__, OSError):
        return
    previous = sys.unraisablehook

    def hook(unraisable) -> None:
        if not isinstance(unraisable.exc_value, OSError):
            previous(unraisable)

    sys.unraisablehook = hook   # the debris is collected once the caller lets go of the error


def main(argv: list[str] | None = None) -> int:
    """Run one verb. The one error boundary: every failure is one line on stderr and a non-zero
    exit (2 bad input, 1 a fault, 141 a closed pipe, 130 interrupted), never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        check_out_path(args)
        if args.verb in CHECKED_VERBS:   # ingest and build check on their own, before their first write
            from planbook.schema import check_project_inputs
            check_project_inputs()
        rc = args.func(args)
        sys.stdout.flush()
    except PlanbookError as exc:
        print(f"planbook: {exc}", file=sys.stderr)
        _quiet_after_fault(exc)   # a write that failed below a PlanbookError (export) leaves debris
        return 2
    except BrokenPipeError:
        # the reader went away (… | head): stop quietly; later writes go nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as exc:
        print(f"planbook: {os_error_line(exc)}", file=sys.stderr)
        _quiet_after_fault(exc)
        return 1
    except KeyboardInterrupt:
        print("planbook: interrupted", file=sys.stderr)
        return 130
    return int(rc or 0)


if __name__ == "__main__":
    raise SystemExit(main())
