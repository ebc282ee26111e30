"""CSRF protection, security headers and the idle timeout."""

from __future__ import annotations

import hmac
import secrets
import time

from flask import abort, g, request, session
from flask_login import current_user

from core.web.guard import wants_json

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")


def mark_token_auth() -> None:
    """Note that an API token, not the session cookie, signed this request in."""
    g.token_auth = True


def token_auth() -> bool:
    """Whether an API token signed this request in (no cookie to forge, no session to time out)."""
    return g.get("token_auth", False)


def csrf_token() -> str:
    """Return the session's CSRF token, making one on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse a cookie-authenticated write that does not carry the session's token (400)."""
    if request.method not in UNSAFE or token_auth():
        return
    if wants_json() and not current_user.is_authenticated:
        return  # no session to ride on: the guard's 401 tells a client with a bad token more than a CSRF error
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent, expected):
        g.csrf_failed = True
        abort(400, description="csrf")


def form_input() -> dict:
    """What the user typed into the submitted form (the CSRF token is the guard's, not input)."""
    return {k: v for k, v in request.form.items() if k != "csrf_token"}


def idle_timeout(minutes: int) -> bool:
    """Return True when the signed-in session has been idle too long (and should be ended)."""
    now = int(time.time())
    last = session.get("seen", now)
    session["seen"] = now
    return now - last > minutes * 60


def add_headers(response):
    """Set the security headers on every response."""
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h["X-Content-Type-Options"] = "nosniff"
    h["X-Frame-Options"] = "DENY"
    h["Referrer-Policy"] = "no-referrer"
    h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.endpoint != "static":
        h["Cache-Control"] = "no-store"  # pages may hold personal data: no copies in caches
    return response
