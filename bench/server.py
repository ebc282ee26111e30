"""gunicorn serving an instance as production would (`core.web:create_app()`), on a free local port."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

from bench.measure import BenchError

USER_AGENT = "exitfi-bench-load"  # the locust users send the same (bench/locustfile.py)
START_TIMEOUT = 90.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SESSION_COOKIE = "exitfi_session"


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    workers: int
    worker_class: str
    threads: int

    def cpu_seconds(self) -> float:
        """CPU time the server's processes (master and workers) have used so far."""
        import psutil  # with the bench extra, as gunicorn and locust
        total = 0.0
        try:
            master = psutil.Process(self.process.pid)
            for p in [master, *master.children(recursive=True)]:
                times = p.cpu_times()
                total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
        return total

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(folder: Path, workers: int, worker_class: str = "gthread", threads: int = 2):
    """Serve the instance in `folder` with gunicorn until the block ends; debug off, as `exitfi serve` would not."""
    port, log = free_port(), folder / "gunicorn.log"
    env = {k: v for k, v in os.environ.items() if k not in ("FLASK_DEBUG", "EXITFI_DATABASE_URL")}
    env["EXITFI_INSTANCE"] = str(folder)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent),
                                                      env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "gunicorn", "core.web:create_app()", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads),
               "--timeout", "120", "--log-level", "warning", "--error-logfile", str(log), "--backlog", "256"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                               cwd=str(folder))
    server = Server(f"http://127.0.0.1:{port}", process, log, workers, worker_class, threads)
    try:
        wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(server: Server) -> None:
    """Until /healthz answers and every worker has booted (each opens the instance on its own)."""
    import psutil
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"gunicorn stopped at start ({server.process.returncode}):\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:
                if response.status == 200 and len(psutil.Process(server.process.pid).children()) >= server.workers:
                    time.sleep(1.0)  # the last worker to fork may still be loading the app
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise BenchError(f"gunicorn did not answer within {START_TIMEOUT:.0f} s:\n{server.log_tail()}")


class Browser:
    """A client of the server over HTTP, holding its cookies as a browser would."""

    def __init__(self, server: Server):
        self.server = server
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.opener.addheaders = [("User-Agent", USER_AGENT)]

    def get(self, path: str) -> tuple[int, bytes]:
        return self._open(urllib.request.Request(self.server.url + path))

    def post(self, path: str, form: dict) -> tuple[int, bytes]:
        data = urllib.parse.urlencode(form).encode()
        return self._open(urllib.request.Request(self.server.url + path, data=data))

    def _open(self, request) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def sign_in(self, username: str, password: str) -> str:
        """Sign in through the login form; return the session cookie as "name=value"."""
        status, page = self.get("/login")
        found = CSRF.search(page.decode("utf-8", "replace"))
        if status != 200 or found is None:
            raise BenchError(f"the sign-in page answered {status}")
        status, _ = self.post("/login", {"csrf_token": found.group(1), "username": username, "password": password})
        if status != 302:
            raise BenchError(f"{username} could not sign in ({status})")
        return self.cookie()

    def cookie(self) -> str:
        for cookie in self.jar:
            if cookie.name == SESSION_COOKIE:
                return f"{cookie.name}={cookie.value}"
        raise BenchError("the server set no session cookie")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answer a redirect as it is: after sign-in it means success, on a page it means the session was refused."""

    def redirect_request(self, *args, **kwargs):
        return None
