"""The request pipeline: what runs before and after every request, and what a request keeps in `flask.g`.

Before each request, in this order (the first step that answers ends the request):

1. ``sign_in_with_token`` (api): an ``Authorization: Bearer exitfi_...`` header signs the request
   in, before Flask-Login looks at the session cookie; every later step asks who is signed in.
2. ``remember_language`` (i18n): the user's language, else the session's, else the browser's.
3. ``hide_plugins_the_city_does_not_run``: 404 for a route of a plugin the user's city does not run.
4. ``end_idle_session``: sign out a cookie session idle too long (a token has no session to time out).
5. ``check_csrf`` (security): 400 for a cookie-authenticated write without the session's token.

Then the view, behind ``requires`` and, for a record, ``in_scope`` (guard).

After each request, in this order:

1. ``record_disclosures`` (disclosure): write who was shown whose personal data; if that fails,
   the response fails with it.
2. ``add_headers`` (security): the security headers, on every response.
3. ``_update_remember_cookie`` (Flask-Login's own, added with the login manager): the app never
   asks to be remembered, so it only ever clears that cookie.

What a request keeps in ``flask.g``; nothing else goes there:

- ``g._login_user``: Flask-Login's own key for the request's user. Set by ``sign_in_with_token``;
  read by Flask-Login (``current_user``).
- ``g.token_auth``: an API token signed the request in. Set by ``security.mark_token_auth``
  (from ``sign_in_with_token``); read by ``security.token_auth`` (``end_idle_session``, ``check_csrf``).
- ``g.lang``: the language of the response. Set by ``remember_language``; read by
  ``i18n.gettext`` (strict mode), the templates' ``current_language``, and sign-out (the notice
  and the sign-in page stay in the user's language).
- ``g.exitfi_translations``: the request's catalog with the locale it is for. Set and read by
  ``i18n.gettext``, so that a page's hundreds of messages find their catalog once.
- ``g._flask_babel``: Flask-Babel's own key for the request's locale. Set by Flask-Babel; read by
  ``i18n.gettext``, which keeps its catalog while that locale stands.
- ``g.csrf_failed``: set by ``check_csrf``; read by the error page, which says why.
- ``g.emergency``: an emergency grant let the user in. Set by ``guard.in_scope``; read by
  ``record_disclosures`` (purpose "emergency access").
- ``g.break_glass_for``: the record refused for want of scope. Set by ``guard.in_scope``; read by
  the 403 page, which offers the break-the-glass form.
- ``g.record_id``: the record a page shows. Set by a plugin's loader of a record in scope
  (through the toolkit's ``showing``); read by ``disclosure.reveal`` for fields revealed without a record.
- ``g.purpose``: why the page shows personal data. Set by a view (through the toolkit's ``purpose``);
  read by ``record_disclosures`` (default: the name of the plugin serving the page).
- ``g.vault_keys``: data keys cached for this request only. Set and read by ``disclosure.reveal``
  and ``disclosure.prefetch``.
- ``g.shown_persons``: the persons a response shows, with their records. Set by
  ``disclosure.reveal``; taken by ``record_disclosures``.
"""

from __future__ import annotations

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user

from core.auth.service import end_session
from core.web import api, i18n, security
from core.web.disclosure import record_disclosures
from core.web.errors import api_error
from core.web.guard import plugin_gate, wants_json


def hide_plugins_the_city_does_not_run():
    """Answer 404 for a route of a plugin that the user's city does not run."""
    owners = current_app.extensions["exitfi_blueprint_owners"]
    owner = next((owners[name] for name in request.blueprints if name in owners), None)
    return plugin_gate(owner)() if owner else None


def end_idle_session():
    """End a cookie session idle too long, keeping only the user's language."""
    # Token clients have no session to time out; touching it would hand them a cookie.
    if not current_user.is_authenticated or security.token_auth() \
            or not security.idle_timeout(current_app.config["EXITFI_IDLE_MINUTES"]):
        return None
    end_session(current_app.extensions["exitfi"].store, current_user, session["sid"], "idle")
    logout_user()
    session.clear()
    session["lang"] = g.lang  # the notice and the sign-in page stay in the user's language
    flash(i18n.gettext("You were signed out after a period of inactivity."), "info")
    if wants_json():
        return api_error(401, "unauthorized", "the session timed out; sign in again")
    return redirect(url_for("core.login"))


BEFORE_REQUEST = (api.sign_in_with_token, i18n.remember_language, hide_plugins_the_city_does_not_run,
                  end_idle_session, security.check_csrf)
AFTER_REQUEST = (record_disclosures, security.add_headers)


def install(app) -> None:
    """Add the pipeline's steps to the app, in the order the docstring above gives (after the login manager)."""
    for step in BEFORE_REQUEST:
        app.before_request(step)
    for step in reversed(AFTER_REQUEST):  # Flask runs after-request functions last-added first
        app.after_request(step)
