"""Signing in and staying safe: lock-out, session cookie, idle timeout, CSRF, headers, redirects."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urljoin, urlsplit

import pytest
from sqlalchemy import select

from core.auth import passwords
from core.auth.domain import User, user_id_for
from core.auth.projections import api_tokens
from core.auth.service import (LOCK_MINUTES, LoginRefused, authenticate, choose_language, deactivate_user,
                               find_account, issue_token, tokens_of)
from core.events import Actor
from core.instance import Instance
from core.web import create_app
from tests.core.web.conftest import PASSWORD, Browser

WRONG = "Wrong username or password."
LOCKED = "This account is locked after too many failed attempts. Try again in 30 minutes."
ADMIN = Actor("administrator.helsinki", "administrator", "helsinki")


@pytest.fixture
def browser_en(app):
    """A browser that asks for English pages (signed-out pages follow the browser's language)."""

    def make(username=None):
        b = Browser(app)
        b.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        if username:
            assert b.login(username).status_code == 302
        return b

    return make


def log_length(instance) -> int:
    with instance.store.reading():
        return instance.store.recorder.max_notification_id() or 0


def events_of(instance, username: str) -> list:
    with instance.store.reading():
        return list(instance.store.events.get(user_id_for(username)))


def in_english(instance, username: str) -> None:
    """Make an account work in English (demo users work in Finnish), so messages can be read here."""
    choose_language(instance.store, find_account(instance.store, username=username), "en")


def signed_in(b: Browser) -> bool:
    return b.client.get("/").status_code == 200


def post_login(b: Browser, username: str, password: str):
    return b.post("/login", {"username": username, "password": password})


# -- signing in and out -------------------------------------------------------

def test_demo_users_sign_in_and_out(browser_en, instance):
    for username in ("worker.helsinki", "coordinator.turku", "auditor.national"):
        in_english(instance, username)
        b = browser_en()
        assert not signed_in(b)
        response = b.login(username)
        assert response.status_code == 302 and urlsplit(response.location).path == "/", username
        page = b.get("/")
        assert page.status_code == 200 and username in page.text
        out = b.post("/logout")
        assert out.status_code == 302 and urlsplit(out.location).path == "/login"
        assert "You have signed out." in b.get("/login").text
        after = b.client.get("/")
        assert after.status_code == 302 and urlsplit(after.location).path == "/login", username


def test_wrong_password_is_refused_with_a_message(browser_en, instance):
    b = browser_en()
    b.get("/login")
    response = post_login(b, "worker.helsinki", PASSWORD + "x")
    assert response.status_code == 401
    assert WRONG in response.text and LOCKED not in response.text
    assert not signed_in(b)
    [failed] = [e for e in events_of(instance, "worker.helsinki") if isinstance(e, User.LoginFailed)]
    assert failed.attempts == 1


def test_six_failures_lock_the_account_for_thirty_minutes(browser_en, instance):
    b = browser_en()
    b.get("/login")
    started = datetime.now(timezone.utc)
    for attempt in range(1, 6):
        response = post_login(b, "worker.oulu", f"wrong guess {attempt}")
        assert response.status_code == 401 and WRONG in response.text, attempt
    sixth = post_login(b, "worker.oulu", "wrong guess 6")
    assert sixth.status_code == 401 and LOCKED in sixth.text

    events = events_of(instance, "worker.oulu")
    assert [e.attempts for e in events if isinstance(e, User.LoginFailed)] == [1, 2, 3, 4, 5, 6]
    [locked] = [e for e in events if isinstance(e, User.Locked)]
    assert started + timedelta(minutes=30) <= locked.until <= datetime.now(timezone.utc) + timedelta(minutes=30)
    assert events.index(locked) > max(i for i, e in enumerate(events) if isinstance(e, User.LoginFailed))

    right = post_login(b, "worker.oulu", PASSWORD)
    assert right.status_code == 401 and LOCKED in right.text
    assert not signed_in(b)
    assert not any(isinstance(e, User.LoggedIn) for e in events_of(instance, "worker.oulu"))
    assert browser_en("worker.helsinki"), "other accounts are not affected"


def test_the_lock_expires_after_thirty_minutes(instance):
    store, t0 = instance.store, datetime.now(timezone.utc)
    for _ in range(6):
        with pytest.raises(LoginRefused):
            authenticate(store, "trainer.turku", "not the password", now=t0)
    with pytest.raises(LoginRefused, match="locked"):
        authenticate(store, "trainer.turku", PASSWORD, now=t0 + timedelta(minutes=LOCK_MINUTES - 1))
    assert LOCK_MINUTES == 30
    account = authenticate(store, "trainer.turku", PASSWORD, now=t0 + timedelta(minutes=30, seconds=1))
    assert account.username == "trainer.turku" and account.locked_until is None
    assert isinstance(events_of(instance, "trainer.turku")[-1], User.LoggedIn)


def test_unknown_usernames_answer_like_wrong_passwords(browser_en, instance):
    b = browser_en()
    b.get("/login")
    wrong = post_login(b, "worker.turku", "not the password")
    unknown = post_login(b, "nobody.turku", "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.text.replace("nobody.turku", "NAME") == wrong.text.replace("worker.turku", "NAME")
    for username in ("worker.turku", "nobody.turku"):
        with pytest.raises(LoginRefused) as refused:
            authenticate(instance.store, username, "still not the password")
        assert str(refused.value) == "wrong"


# -- the session cookie and the idle timeout ----------------------------------

def session_cookie(response) -> dict:
    """The attributes of the session cookie the response sets."""
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("exitfi_session=")]
    name_value, *attributes = [part.strip() for part in header.split(";")]
    return {a.split("=")[0].lower(): (a.split("=", 1)[1] if "=" in a else True) for a in attributes}


def test_session_cookie_is_httponly_and_samesite_lax(browser_en):
    b = browser_en()
    b.get("/login")
    cookie = session_cookie(post_login(b, "worker.helsinki", PASSWORD))
    assert cookie.get("httponly") is True
    assert cookie.get("samesite") == "Lax"
    assert "secure" not in cookie  # session_cookie_secure is off in development


def test_session_cookie_is_secure_when_configured(instance):
    settings = replace(instance.settings, session_cookie_secure=True)
    app = create_app({"EXITFI_INSTANCE": Instance(settings, instance.host, instance.store), "TESTING": True})
    b = Browser(app)
    b.get("/login", base_url="https://localhost")
    response = b.post("/login", {"username": "worker.helsinki", "password": PASSWORD}, base_url="https://localhost")
    assert response.status_code == 302
    cookie = session_cookie(response)
    assert cookie.get("secure") is True and cookie.get("httponly") is True and cookie.get("samesite") == "Lax"


def test_an_idle_session_is_signed_out(browser_en, instance, app):
    in_english(instance, "worker.helsinki")
    b = browser_en("worker.helsinki")
    idle = app.config["EXITFI_IDLE_MINUTES"]
    assert idle == instance.settings.idle_timeout_minutes

    with b.client.session_transaction() as session:
        session["seen"] -= (idle - 1) * 60
    assert signed_in(b), "a session idle for less than the limit stays signed in"

    with b.client.session_transaction() as session:
        session["seen"] -= (idle + 1) * 60
    response = b.client.get("/notebooks/")
    assert response.status_code == 302 and urlsplit(response.location).path == "/login"
    assert "You were signed out after a period of inactivity." in b.get("/login").text
    assert not signed_in(b)


# -- CSRF -----------------------------------------------------------------------

def test_a_form_post_without_the_csrf_token_is_refused(browser_en, instance):
    b = browser_en("worker.helsinki")
    account = find_account(instance.store, username="worker.helsinki")
    before = log_length(instance)
    for sent in ({}, {"csrf_token": ""}, {"csrf_token": "forged-token"}):
        assert b.client.post("/tokens", data={"label": "planted", **sent}).status_code == 400, sent
        assert b.client.post("/logout", data=sent).status_code == 400, sent
    assert log_length(instance) == before
    assert tokens_of(instance.store, account) == []
    assert signed_in(b), "a forged sign-out does nothing"
    assert b.post("/tokens", {"label": "mine"}).status_code == 200  # the same form with the token works


def test_a_login_post_without_the_csrf_token_is_refused(browser_en, instance):
    b = browser_en()
    b.get("/login")
    before = log_length(instance)
    response = b.client.post("/login", data={"username": "worker.helsinki", "password": PASSWORD})
    assert response.status_code == 400
    assert log_length(instance) == before and not signed_in(b)


def test_a_cookie_authenticated_api_write_needs_the_csrf_header(browser_en, instance):
    b = browser_en("coordinator.helsinki")
    notebook = {"name": "M. N."}
    before = log_length(instance)
    for headers in ({}, {"X-CSRF-Token": "forged-token"}):
        response = b.client.post("/api/v1/notebooks/", json=notebook, headers=headers)
        assert response.status_code == 400 and response.mimetype == "application/json"
        error = response.get_json()["error"]
        assert error["status"] == 400 and error["code"] == "bad_request" and "X-CSRF-Token" in error["message"]
    assert log_length(instance) == before
    assert b.client.post("/api/v1/notebooks/", json=notebook, headers={"X-CSRF-Token": b.csrf}).status_code == 201


def test_a_bearer_token_needs_no_csrf_token(instance, app):
    secret = issue_token(instance.store, find_account(instance.store, username="coordinator.helsinki"), "script")
    client = app.test_client()
    response = client.post("/api/v1/notebooks/", headers={"Authorization": f"Bearer {secret}"},
                           json={"name": "M. N."})
    assert response.status_code == 201, response.text
    again = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert again.status_code == 200, "a client that keeps cookies stays signed in by its token"


# -- headers and foreign hosts ------------------------------------------------

def assert_security_headers(response, what: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives, f"{what}: no Content-Security-Policy"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, what
    assert directives.get("frame-ancestors") == ["'none'"], what
    assert "default-src" in directives and "*" not in csp, what
    assert response.headers.get("Referrer-Policy") in ("no-referrer", "same-origin", "strict-origin"), what
    assert response.headers.get("X-Content-Type-Options") == "nosniff", what


def test_every_response_carries_the_security_headers(browser_en):
    anonymous = browser_en().client
    worker = browser_en("worker.helsinki")
    responses = {
        "login page": anonymous.get("/login"),
        "redirect to login": anonymous.get("/notebooks/"),
        "health JSON": anonymous.get("/healthz"),
        "404 page": anonymous.get("/no-such-page"),
        "static file": anonymous.get("/static/exitfi.css"),
        "API 401": anonymous.get("/api/v1/me"),
        "OpenAPI JSON": anonymous.get("/api/v1/openapi.json"),
        "dashboard": worker.client.get("/"),
        "a plugin's page": worker.client.get("/notebooks/"),
        "API JSON": worker.client.get("/api/v1/me"),
        "API 404": worker.client.get("/api/v1/no-such-thing"),
        "CSRF 400": worker.client.post("/tokens", data={"label": "x"}),
    }
    assert responses["static file"].status_code == 200 and responses["404 page"].status_code == 404
    for what, response in responses.items():
        assert_security_headers(response, what)


FOREIGN = re.compile(r"""(?:src|href|action|formaction|poster)\s*=\s*["']?\s*((?:[a-z][a-z0-9+.-]*:)?//[^"'\s>]*)""",
                     re.I)
CSS_FOREIGN = re.compile(r"""(?:@import|url\()\s*["']?\s*((?:https?:)?//[^"')\s]*)""", re.I)
LINK = re.compile(r"""href="(/[^"#]*)""")


def crawl(client, start=("/",), limit=40) -> dict:
    """GET pages reachable by links, one per path shape (ids replaced), and return them by path."""
    seen, queue, pages = set(), list(start), {}
    while queue and len(pages) < limit:
        path = queue.pop(0).replace("&amp;", "&")
        shape = re.sub(r"[0-9a-f]{16,}", "ID", path.split("?")[0])
        if shape in seen or path.startswith(("/static/", "/logout")):
            continue
        seen.add(shape)
        response = client.get(path)
        if response.mimetype != "text/html":
            continue
        pages[path] = response.text
        queue.extend(LINK.findall(response.text))
    return pages


def test_no_page_references_another_host(browser_en):
    for username in (None, "worker.helsinki", "coordinator.turku", "trainer.oulu", "network_manager.helsinki",
                     "administrator.turku", "auditor.national", "national_coordinator.national"):
        b = browser_en(username)
        pages = crawl(b.client, start=("/login", "/api/v1/docs") if username is None else ("/", "/tokens"))
        assert len(pages) >= 2, username
        for path, html in pages.items():
            where = f"{username or 'signed out'}: {path}"
            assert not [u for u in FOREIGN.findall(html) if urlsplit(u).netloc not in ("", "localhost")], where
            assert not CSS_FOREIGN.findall(html), where
            assert not re.search(r"<script(?![^>]*\bsrc=\"/)[^>]*>", html, re.I), f"{where}: inline script"
    css = b.client.get("/static/exitfi.css").get_data(as_text=True)
    assert not CSS_FOREIGN.findall(css)


# -- passwords ----------------------------------------------------------------

def test_password_rules():
    assert passwords.problems("quiet harbour lanterns 7", "anna.virtanen") == []
    assert "must be at least 12 characters" in passwords.problems("Tr0ub4dor&3")
    assert passwords.problems("twelve chars") == []
    assert any("too common" in p for p in passwords.problems("password123456"))
    assert any("too common" in p for p in passwords.problems("Qwertyuiop123!"))
    assert "must not contain the username" in passwords.problems("anna.virtanen-2026-summer", "anna.virtanen")
    assert "must not contain the username" in passwords.problems("hello ANNA.Virtanen there", "anna.virtanen")
    assert len(passwords.problems("pass", "pass")) == 3


# -- deactivation ---------------------------------------------------------------

def test_a_deactivated_user_cannot_sign_in_and_their_tokens_stop(browser_en, instance, app):
    account = find_account(instance.store, username="worker.turku")
    secret = issue_token(instance.store, account, "laptop")
    bearer = {"Authorization": f"Bearer {secret}"}
    api = app.test_client()
    assert api.get("/api/v1/me", headers=bearer).status_code == 200
    session = browser_en("worker.turku")

    deactivate_user(instance.store, ADMIN, "worker.turku", "left the programme")

    response = api.get("/api/v1/me", headers=bearer)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"
    assert not signed_in(session), "an open session ends too"
    b = browser_en()
    b.get("/login")
    refused = post_login(b, "worker.turku", PASSWORD)
    assert refused.status_code == 401 and WRONG in refused.text and not signed_in(b)
    with pytest.raises(LoginRefused):
        authenticate(instance.store, "worker.turku", PASSWORD)
    with instance.store.reading() as db:
        assert all(r.revoked_at is not None for r in db.execute(select(api_tokens).where(
            api_tokens.c.user_id == account.user_id)))


# -- redirects ------------------------------------------------------------------

def lands_on(location: str) -> tuple[str, str]:
    """Where a browser goes for a Location header (it reads backslashes as slashes and drops tabs)."""
    cleaned = re.sub(r"[\t\r\n]", "", location).replace("\\", "/")
    target = urlsplit(urljoin("http://localhost/login", cleaned))
    return target.netloc, target.path


def login_with_next(b: Browser, target: str):
    b.get("/login?next=" + quote(target, safe=""))
    return b.client.post("/login?next=" + quote(target, safe=""),
                         data={"csrf_token": b.csrf, "username": "worker.helsinki", "password": PASSWORD})


def test_next_brings_the_user_back_to_the_page_they_asked_for(browser_en):
    b = browser_en()
    asked = b.client.get("/notebooks/")
    assert asked.status_code == 302
    login_page = asked.location
    b.get(login_page)
    response = b.client.post(login_page, data={"csrf_token": b.csrf, "username": "worker.helsinki",
                                               "password": PASSWORD})
    assert response.status_code == 302 and lands_on(response.location) == ("localhost", "/notebooks/")


def test_next_never_leads_to_another_host(browser_en):
    for target in ("https://evil.example/phish", "//evil.example/phish", "///evil.example/phish",
                   "https:evil.example", "javascript:alert(1)", "/\t/evil.example/phish", "/\\evil.example/phish",
                   "/%2F%2Fevil.example/phish"):
        response = login_with_next(browser_en(), target)
        assert response.status_code == 302, target
        assert lands_on(response.location)[0] == "localhost", f"{target!r} led to {response.location!r}"


def test_language_switch_never_leads_to_another_host(browser_en):
    b = browser_en()
    b.get("/login")
    response = b.post("/language", {"language": "sv", "next": "https://evil.example/"})
    assert response.status_code == 302 and lands_on(response.location)[0] == "localhost"
    back = b.post("/language", {"language": "en", "next": "/login"})
    assert lands_on(back.location) == ("localhost", "/login")
