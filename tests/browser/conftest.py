"""Fixtures for the real-browser test: a throw-away workbook, JupyterLab on 127.0.0.1, Chromium.

Everything started here is stopped in the fixtures' finalizers, even when a test fails:
JupyterLab runs in its own process group (its kernels too are tracked and killed), and the
browser is closed through Playwright. Chromium is Debian's (tools/ensure_browser.sh); Playwright
drives it through its executable path and never downloads a browser.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from planbook.notebook_exec import discover_notebooks, make_workbook_copy, prepare_data

ROOT = Path(__file__).resolve().parents[2]
# only for developing the harness on other notebooks; CI always uses the repo's notebooks/
NOTEBOOK_DIR = Path(os.environ.get("PLANBOOK_TEST_NOTEBOOKS", ROOT / "notebooks"))
SCREENSHOTS = ROOT / "exports" / "screenshots"

CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

# JupyterLab user settings for the test server (a fresh settings dir, nothing from the machine)
LAB_SETTINGS = {
    # every cell in the DOM (no virtual windowing: error outputs off screen must be seen);
    # start the notebook's kernel without asking
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def chromium_executable() -> str:
    for c in CHROMIUM_CANDIDATES:
        if os.access(c, os.X_OK):
            return c
    pytest.fail("no chromium found: run `bash tools/ensure_browser.sh` (make test-browser does)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    url: str
    token: str
    root_dir: Path
    home: Path
    log: Path
    proc: subprocess.Popen

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(
            f"{self.url}/api/{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def session_for(self, name: str) -> dict | None:
        for s in self.api("sessions"):
            if s.get("path", "").endswith(name):
                return s
        return None

    def log_tail(self, n: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def notebooks_or_fail() -> list[Path]:
    found = discover_notebooks(NOTEBOOK_DIR)
    if not found:
        pytest.fail(f"no notebooks NN_name.ipynb in {NOTEBOOK_DIR}")
    return found


@pytest.fixture(scope="session")
def workbook(tmp_path_factory) -> Path:
    """A copy of the workbook (JupyterLab autosaves; the repo must stay untouched), with processed
    tables built and every notebook pointed at the python3 kernel."""
    notebooks_or_fail()
    home = make_workbook_copy(tmp_path_factory.mktemp("lab-workbook"), ROOT, NOTEBOOK_DIR)
    proc = prepare_data(home)
    if proc.returncode != 0:
        pytest.fail(f"planbook build --skip-notebooks failed: {proc.stderr.strip()[-500:]}")
    for path in discover_notebooks(home / "notebooks"):
        nb = nbformat.read(path, as_version=4)
        nb.metadata["kernelspec"] = dict(KERNELSPEC)
        nbformat.write(nb, str(path))
    return home


def _stop_process_tree(proc: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM the server's process group (it shuts its kernels down), then kill leftovers."""
    try:
        import psutil

        children = psutil.Process(proc.pid).children(recursive=True)
    except Exception:
        children = []
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)
    for child in children:  # kernels run in their own sessions
        try:
            child.kill()
        except Exception:
            pass


@pytest.fixture(scope="session")
def lab(workbook, tmp_path_factory):
    base = tmp_path_factory.mktemp("jupyter")
    settings = base / "lab-settings"
    for rel, value in LAB_SETTINGS.items():
        target = settings / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value), encoding="utf-8")
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # would replace the inline backend in the kernels
    env.update(
        PLANBOOK_HOME=str(workbook),
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_DATA_DIR=str(base / "data"),  # no user-level kernel specs: the venv's python3
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        IPYTHONDIR=str(base / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
    )
    port, token = free_port(), secrets.token_hex(16)
    root_dir = workbook   # the project root, as `make lab` serves it: exports/ reachable
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.open_browser=False",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
        "--MappingKernelManager.default_kernel_name=python3",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = base / "jupyterlab.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, cwd=workbook / "notebooks", stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    server = Lab(f"http://127.0.0.1:{port}", token, root_dir, workbook, log, proc)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited ({proc.returncode}):\n{server.log_tail()}")
            try:
                server.api("status")
                specs = server.api("kernelspecs")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start in 120 s:\n{server.log_tail()}")
                time.sleep(0.5)
        assert "python3" in specs["kernelspecs"], specs
        argv0 = specs["kernelspecs"]["python3"]["spec"]["argv"][0]
        assert argv0 in ("python", "python3", sys.executable) or argv0.startswith(sys.prefix), argv0
        yield server
    finally:
        try:
            for k in server.api("kernels") or []:
                server.api(f"kernels/{k['id']}", method="DELETE")
        except Exception:
            pass
        _stop_process_tree(proc)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    pw = sync_playwright().start()
    context = None
    try:
        context = pw.chromium.launch_persistent_context(
            str(profile),  # a fresh --user-data-dir
            executable_path=chromium_executable(),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
            locale="zh-CN",
            timeout=60_000,
        )
        yield context
    finally:
        try:
            if context is not None:
                context.close()
        finally:
            pw.stop()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
