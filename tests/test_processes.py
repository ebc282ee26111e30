"""Several processes on one database: gunicorn's workers keep nothing another could change, and the follower runs apart.

The tests run real processes on the test database (SQLite file or PostgreSQL schema): gunicorn
with two workers over an instance folder, and `exitfi projections follow`. Every request goes on a
connection of its own, so that the kernel hands requests to whichever worker accepts first; the
access log names the worker (its pid) that answered each one.
"""

from __future__ import annotations

import base64
import http.client
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.auth.service import find_account, issue_token, register_user, sign_out_everywhere
from core.config import init_instance
from core.days import finnish_today
from core.demo import SETUP_ACTOR
from core.events import Actor
from core.instance import Instance
from core.testing import MASTER_KEY, PASSWORD, SEAL_KEY, build_instance, csrf_of, html_lang, settings_for
from core.testing.databases import KINDS, database
from plugins.referrals.incoming import service as incoming
from tests.cli import run

ROOT = Path(__file__).resolve().parent.parent
WAIT = 30  # seconds a process may take to do what it must; only a broken one takes that long
PROBE = "X-Exitfi-Probe"  # a request header the access log records, to tell which worker answered which request

COORDINATOR = Actor("coordinator.helsinki", "city_coordinator", "helsinki")
WORKER = Actor("worker.helsinki", "exit_worker", "helsinki")

pytestmark = pytest.mark.xdist_group("processes")  # one parallel worker starts the module's servers, once per database


@dataclass
class Deployment:
    """An instance folder on a test database with two users; the environment its processes run with."""

    instance: Instance
    env: dict
    folder: Path


@pytest.fixture(scope="module", params=KINDS)
def deployment(request, tmp_path_factory):
    """One deployment per database kind, shared by the module's tests (starting processes is what costs)."""
    where = tmp_path_factory.mktemp("deployment")
    with database(request.param, where) as url:
        folder = where / "instance"
        init_instance(folder, echo=lambda m: None)
        instance = build_instance(settings_for(url), demo=False)
        for actor in (COORDINATOR, WORKER):
            register_user(instance.store, SETUP_ACTOR, actor.user_id, actor.user_id, PASSWORD, actor.city,
                          roles=[actor.role])
        env = {**os.environ, "EXITFI_INSTANCE": str(folder), "EXITFI_DATABASE_URL": url,
               "EXITFI_MASTER_KEY": base64.b64encode(MASTER_KEY).decode(),
               "EXITFI_SEAL_KEY": base64.b64encode(SEAL_KEY).decode(),
               "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        try:
            yield Deployment(instance, env, folder)
        finally:
            instance.close()


class Server:
    """gunicorn serving the app with several workers on a free port; its access log names each request's worker."""

    def __init__(self, env: dict, folder: Path, workers: int = 2):
        self.workers = workers
        self.access_log = folder / "access.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", "127.0.0.1:0",
             "--access-logfile", str(self.access_log),
             "--access-logformat", f"%(p)s %({{{PROBE.lower()}}}i)s %(s)s", "core.web:create_app()"],
            env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        self.port = self._port()

    def _port(self) -> int:
        """The port gunicorn chose, from its 'Listening at' line."""
        for line in self.process.stderr:
            if found := re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line):
                threading.Thread(target=self.process.stderr.read, daemon=True).start()  # keep the pipe drained
                return int(found.group(1))
        raise AssertionError(f"gunicorn stopped before listening (exit {self.process.wait()})")

    def request(self, method: str, path: str, probe: str = "", headers: dict | None = None,
                body: bytes | None = None) -> tuple[int, dict, str]:
        """One request on a new connection; return the status, the headers and the body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            connection.request(method, path, body=body, headers={"Connection": "close", PROBE: probe,
                                                                  **(headers or {})})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()

    def ready(self) -> None:
        """Return once a worker answers /healthz."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError("gunicorn's workers did not answer /healthz")

    def workers_of(self, probes) -> dict[str, str]:
        """The worker (pid) that answered each request named, from the access log (gunicorn writes it just after)."""
        wanted, found = set(probes), {}
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in self.access_log.read_text().splitlines():
                pid, probe = line.split(" ")[:2]
                if probe in wanted:
                    found[probe] = pid
            if set(found) == wanted:
                return found
            time.sleep(0.05)
        raise AssertionError(f"the access log lacks {sorted(wanted - set(found))}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: no request is under way
        try:
            self.process.wait(WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server(deployment):
    served = Server(deployment.env, deployment.folder)
    try:
        served.ready()
        yield served
    finally:
        served.stop()


def api(server: Server, token: str, method: str, path: str, probe: str, body: dict | None = None):
    """A request with a bearer token; return the status and the JSON answer."""
    status, _, text = server.request(method, path, probe, {"Authorization": f"Bearer {token}",
                                                          "Content-Type": "application/json"},
                                     json.dumps(body).encode() if body is not None else None)
    return status, (json.loads(text) if text else None)


def test_a_write_through_one_worker_is_read_by_every_other(deployment, server):
    instance = deployment.instance
    token = issue_token(instance.store, find_account(instance.store, username="coordinator.helsinki"), "workers")
    for round in range(1, 21):
        status, case = api(server, token, "POST", "/api/v1/cases/", f"open-{round}",
                           {"pseudonym": f"Round {round}", "kind": "individual", "channel": "phone"})
        assert status == 201, case
        status, case = api(server, token, "POST", f"/api/v1/cases/{case['case_id']}/meetings", f"meet-{round}",
                           {"held_on": finnish_today().isoformat(), "mode": "in_person", "minutes": 30, "version": 1})
        assert status == 201 and case["version"] == 2, case  # the second write read the first, wherever it ran
        # Read until every worker has answered, so the worker that did not write has read it too.
        read = lambda probe: api(server, token, "GET", f"/api/v1/cases/{case['case_id']}", probe)
        answers = everywhere(server, read, times=3)
        assert all(answer == (200, case) for answer in answers.values()), answers


class Session:
    """A browser's session: its cookie, carried from one new connection to the next."""

    def __init__(self, server: Server):
        self.server, self.cookies, self.csrf = server, {}, None

    def request(self, method: str, path: str, form: dict | None = None, probe: str = "") -> tuple[int, dict, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({"csrf_token": self.csrf, **form}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, answer_headers, text = self.server.request(method, path, probe, headers, body)
        if cookie := answer_headers.get("Set-Cookie"):
            name, value = cookie.split(";")[0].split("=", 1)
            self.cookies[name] = value
        if "csrf_token" in text:
            self.csrf = csrf_of(text)
        return status, answer_headers, text

    def sign_in(self, username: str) -> None:
        self.request("GET", "/login")
        status, headers, _ = self.request("POST", "/login", {"username": username, "password": PASSWORD})
        assert status == 302, f"{username} could not sign in"
        self.request("GET", "/")


_probes = itertools.count()


def everywhere(server: Server, ask, times: int = 9) -> dict:
    """Ask the same question (`ask(probe)`) on new connections, three at a time, at least `times` times and until
    every worker has answered at least once; return the answers by probe."""
    answers: dict = {}
    deadline = time.monotonic() + WAIT  # a worker still booting (each opens the instance itself) answers later
    while time.monotonic() < deadline:
        probes = [f"ask-{next(_probes)}" for _ in range(3)]
        threads = [threading.Thread(target=lambda p=p: answers.__setitem__(p, ask(p))) for p in probes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT)
        if len(answers) >= times and len(set(server.workers_of(answers).values())) == server.workers:
            return answers
    raise AssertionError(f"in {WAIT} s, {len(answers)} requests never reached all {server.workers} workers")


def test_a_language_a_revoked_token_and_a_sign_out_take_effect_in_every_worker(deployment, server):
    instance = deployment.instance
    chooser, reader = Session(server), Session(server)
    chooser.sign_in("worker.helsinki")
    reader.sign_in("worker.helsinki")  # the same account, signed in a second time
    page = lambda probe: (lambda answer: (answer[0], html_lang(answer[2])))(reader.request("GET", "/", probe=probe))
    assert set(everywhere(server, page).values()) == {(200, "fi")}
    assert chooser.request("POST", "/language", {"language": "sv", "next": "/"})[0] == 302
    assert set(everywhere(server, page).values()) == {(200, "sv")}  # the account's language, read by every worker

    status, _, tokens_page = chooser.request("POST", "/tokens", {"label": "a script"})
    assert status == 200
    token = re.search(r'<code id="new-token">([^<]+)</code>', tokens_page).group(1)
    cases = lambda probe: api(server, token, "GET", "/api/v1/cases/", probe)[0]
    assert set(everywhere(server, cases).values()) == {200}
    token_id = re.search(r'name="revoke" value="([^"]+)"', tokens_page).group(1)
    assert chooser.request("POST", "/tokens", {"revoke": token_id})[0] == 302
    assert set(everywhere(server, cases).values()) == {401}

    # Another process (this one) signs the user out everywhere: no worker keeps the session.
    sign_out_everywhere(instance.store, Actor("cli:operator", "operator"), "worker.helsinki", "a lost laptop")
    signed_out = lambda probe: (lambda answer: (answer[0], answer[1].get("Location", "")))(
        reader.request("GET", "/", probe=probe))
    assert all(status == 302 and "/login" in where for status, where in everywhere(server, signed_out).values())


REFERRAL = {"source": "police", "person": "Kaarlo Kuvitteellinen", "concern": "Shares extremist material.",
            "urgency": "soon", "person_knows": True, "person_consents": True, "organisation": "Helsingin poliisi",
            "referrer_contact": "Constable Testi, 0401234567"}


# -- the follower process --------------------------------------------------------------------------------------------
class Follower:
    """`exitfi projections follow` in a process of its own; its output lines arrive in a list as it prints them."""

    def __init__(self, env: dict, *args: str):
        self.process = subprocess.Popen([sys.executable, "-c", "from core.cli import main; main()", "projections",
                                         "follow", *args], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True)
        self.reader.start()

    def said(self, pattern: str, after: int = 0) -> re.Match:
        """Wait for a line matching `pattern` among those printed after the first `after`."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if found := re.fullmatch(pattern, line.rstrip("\n")):
                    return found
            if self.process.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"the follower never said {pattern!r}: {self.lines}")


def test_the_follower_process_catches_up_then_follows_until_terminated(deployment, monkeypatch, capsys):
    instance, env = deployment.instance, deployment.env
    incoming.receive_referral(instance.store, WORKER, "helsinki", **REFERRAL)
    for name in ("EXITFI_INSTANCE", "EXITFI_DATABASE_URL", "EXITFI_MASTER_KEY", "EXITFI_SEAL_KEY"):
        monkeypatch.setenv(name, env[name])
    assert run(capsys, "projections", "follow", "--once") == (0, "referrals_statistics: 1 events\n", "")
    postgresql = instance.store.datastore.engine.dialect.name == "postgresql"
    # On PostgreSQL the fallback poll is two minutes away: the referral is applied by the first catch-up or
    # on the notification its write sends (tests/core/test_follower.py shows the wake on its own).
    follower = Follower(env, "--interval", "120" if postgresql else "0.2")
    try:
        follower.said(r"following referrals_statistics: " + ("woken by the log's notifications" if postgresql
                                                             else r"polling every 0\.2 s"))
        seen = len(follower.lines)
        incoming.receive_referral(instance.store, WORKER, "helsinki", **{**REFERRAL, "source": "school"})
        follower.said(r"referrals_statistics: 1 events", after=seen)
    finally:
        follower.process.send_signal(signal.SIGTERM)
        code = follower.process.wait(WAIT)
    follower.reader.join(WAIT)
    assert code == 0 and follower.lines[-1] == "stopped\n", follower.lines
