"""Core pages: sign in and out, dashboard, language, API tokens, emergency access."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from core.auth import service as accounts
from core.auth import throttle
from core.emergency import break_glass
from core.errors import ValidationError
from core.web.guard import can, exitfi, public, requires
from core.web.hooks import city_hook, shown
from core.web.i18n import LANGUAGES, gettext
from core.web.templating import render

bp = Blueprint("core", __name__)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("core.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign in with username and password; six failures in a row lock the account for 30 minutes."""
    error = None
    username = request.form.get("username", "").strip()
    if request.method == "POST":
        store = exitfi().store
        limits = current_app.config["EXITFI_SIGN_IN_LIMITS"]
        verdicts = [throttle.count(store, "address", request.remote_addr or "unknown", limits),
                    throttle.count(store, "username", username.lower(), limits)]
        if not all(v.allowed for v in verdicts):
            wait = max(v.retry_after for v in verdicts)
            error = gettext("Too many sign-in attempts. Try again in %(minutes)s minutes.", minutes=-(-wait // 60))
            page = render("core/login.html", error=error, username=username)
            return page, 429, {"Retry-After": str(wait)}
        try:
            account, session_id = accounts.sign_in(store, username, request.form.get("password", ""),
                                                   exitfi().settings.session_hours)
        except accounts.LoginRefused as refused:
            error = (gettext("This account is locked after too many failed attempts. Try again in 30 minutes.")
                     if str(refused) == "locked" else gettext("Wrong username or password."))
        else:
            # Counted before the password was checked (a guess costs a hash): a user who signs in again and again
            # is not throttled for succeeding. The address keeps its count: one valid account must not buy
            # guesses at every other name from the same address.
            throttle.forgive(store, "username", username.lower())
            session.clear()
            # Not a permanent session: its cookie dies with the browser, and Flask-Login's strong protection
            # clears a cookie replayed from another browser or address. The server ends it at logout.
            session["sid"] = session_id
            login_user(account)
            return redirect(_safe_next(request.args.get("next")))
    return render("core/login.html", error=error, username=username), (401 if error else 200)


@bp.post("/logout")
@public
def logout():
    """Sign out: the server ends the session, and the browser forgets it (but not the language)."""
    if current_user.is_authenticated and session.get("sid"):
        accounts.end_session(exitfi().store, current_user, session["sid"], "signed out")
    logout_user()
    session.clear()
    session["lang"] = g.lang
    flash(gettext("You have signed out."), "info")
    return redirect(url_for("core.login"))


@bp.post("/language")
@public
def language():
    """Switch the interface language (remembered on the account when signed in)."""
    lang = request.form.get("language")
    if lang not in LANGUAGES:
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated:
        accounts.choose_language(exitfi().store, current_user, lang)
    return redirect(_safe_next(request.form.get("next")))


@bp.get("/")
@requires("dashboard.view")
def dashboard():
    """The start page: the widgets of the core and the plugins of the user's city that the user may see."""
    return render("core/dashboard.html", widgets=shown(city_hook().dashboard_widgets(account=current_user)))


@bp.route("/tokens", methods=["GET", "POST"])
@requires("tokens.manage_own")
def tokens():
    """Create and revoke personal access tokens for the API; a new token is shown once."""
    store, new_token, errors = exitfi().store, None, {}
    label = request.form.get("label", "")
    if request.method == "POST":
        if request.form.get("revoke"):
            accounts.revoke_token(store, current_user, request.form["revoke"])
            flash(gettext("The token was revoked."), "info")
            return redirect(url_for("core.tokens"))
        try:
            new_token = accounts.issue_token(store, current_user, label)
            label = ""
        except ValidationError as e:
            errors = e.messages
    return render("core/tokens.html", tokens=accounts.tokens_of(store, current_user),
                  new_token=new_token, errors=errors, label=label), (422 if errors else 200)


@bp.post("/emergency-access")
@requires("dashboard.view")
def emergency_access():
    """Break the glass: open one record outside one's scope, with a reason the coordinator will see."""
    record_id = request.form.get("record_id", "")
    if current_user.city is None:
        abort(403)  # national roles see anonymised figures, never records
    location = city_hook().locate_record(record_id=record_id)
    if not location or location.city != current_user.city:
        abort(404)
    if not can(location.permission):
        abort(403)  # the glass opens only records the role could ever open
    try:
        break_glass(exitfi().store, current_user.actor(), record_id, location.city, request.form.get("reason", ""))
    except ValidationError as e:
        return render("core/403.html", code=403, break_glass_for=record_id,
                      errors=e.messages, reason=request.form.get("reason", "")), 422
    flash(gettext("Emergency access granted for one hour. Your coordinator is told."), "warning")
    return redirect(location.url)


@bp.app_context_processor
def navigation():
    """Give every page the navigation entries of the user's city that the user may open, in order."""
    if not current_user.is_authenticated:
        return {"nav": []}
    entries = [e for answer in city_hook().navigation(account=current_user) for e in answer if can(e.permission)]
    return {"nav": sorted(entries, key=lambda e: e.order)}
