"""The users of one load phase, for `locust --headless`: each asks one page again and again, with no pause.

bench.load starts locust once per phase and says in environment variables what to ask for:
EXITFI_LOAD_PATH (the page), EXITFI_LOAD_NAME (its label), EXITFI_LOAD_COOKIE (the session cookie of a
user bench.load signed in, "name=value", or empty), EXITFI_LOAD_MARKER and EXITFI_LOAD_MINIMUM (a page
counts as served only if it holds the marker at least that often), EXITFI_LOAD_WARM_UP (requests each
user makes first, not measured) and EXITFI_LOAD_OUT (where the measured times are written as JSON when
locust quits: each request's start, milliseconds and failure, unrounded, for bench.load's percentiles).
"""

from __future__ import annotations

import json
import os
import time
from http.cookiejar import Cookie
from urllib.parse import urlsplit

from locust import FastHttpUser, events, task

PATH = os.environ.get("EXITFI_LOAD_PATH", "/healthz")
NAME = os.environ.get("EXITFI_LOAD_NAME", PATH)
COOKIE = os.environ.get("EXITFI_LOAD_COOKIE", "")
MARKER = os.environ.get("EXITFI_LOAD_MARKER", "").encode()
MINIMUM = int(os.environ.get("EXITFI_LOAD_MINIMUM", "0"))
OUT = os.environ.get("EXITFI_LOAD_OUT")
# Flask-Login's strong session protection ties the session to the address and this header: bench.load signs in
# with the same one.
USER_AGENT = os.environ.get("EXITFI_LOAD_USER_AGENT", "exitfi-bench-load")

measured: list[tuple[float, float]] = []  # (start, milliseconds) of each request answered as it should be
failures: dict[str, int] = {}


@events.request.add_listener
def _record(name, response_time, exception, start_time=None, **kwargs):
    if name != NAME:
        return
    if exception is None:
        measured.append((start_time, response_time))
    else:
        why = str(exception)[:300]
        failures[why] = failures.get(why, 0) + 1


@events.quitting.add_listener
def _write(**kwargs):
    if OUT:
        with open(OUT, "w", encoding="utf-8") as f:
            json.dump({"name": NAME, "path": PATH, "requests": measured, "failures": failures,
                       "written_at": time.time()}, f)


def session_cookie(host: str) -> Cookie | None:
    """The signed-in user's cookie, as the browser that signed in holds it."""
    if not COOKIE:
        return None
    name, value = COOKIE.split("=", 1)
    domain = urlsplit(host).hostname
    return Cookie(0, name, value, None, False, domain, False, False, "/", True, False, None, False, None, None,
                  {"HttpOnly": None})


def refusal(status: int, body: bytes) -> str | None:
    """Why a response is not the page asked for (an error, a redirect to sign-in, a page missing its content)."""
    if status != 200:
        return f"status {status}"
    if MARKER and body.count(MARKER) < MINIMUM:
        return f"{body.count(MARKER)} times {MARKER.decode()!r} in the page, expected at least {MINIMUM}"
    return None


class PageUser(FastHttpUser):
    """One client: signed in with the shared session cookie, asking for the phase's page."""

    default_headers = {"User-Agent": USER_AGENT}
    max_redirects = 0  # a redirect (to the sign-in page) is a failure, not a page

    def on_start(self):
        cookie = session_cookie(self.host)
        if cookie is not None:
            self.client.cookiejar.set_cookie(cookie)

    @task
    def page(self):
        with self.client.get(PATH, name=NAME, catch_response=True, allow_redirects=False) as response:
            why = refusal(response.status_code, response.content or b"")
            if why:
                response.failure(why)
            else:
                response.success()
