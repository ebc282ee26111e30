"""Showing personal data: every field revealed in a response is written to the access log."""

from __future__ import annotations

from flask import current_app, g, request
from flask.globals import _cv_app
from flask_login import current_user

from core.access_log import record_views
from core.vault import ERASED, Personal

# A form shown again with its errors (or with a conflict) still shows the record's personal data.
SHOWN_WITH_ERRORS = {409, 422}


def reveal(field: Personal | None, record_id: str | None = None):
    """Decrypt a personal field for this response and note whose data it shows."""
    if field is None:
        return ""
    # The app context is read once, not through Flask's proxies: a long timeline reveals hundreds of fields.
    context = _cv_app.get()
    g = context.g
    # Keys are cached for this request only: another worker may erase a person at any moment.
    value = context.app.extensions["exitfi"].store.vault.reveal(field, keys=g.setdefault("vault_keys", {}))
    if value is ERASED:
        from core.web.i18n import gettext
        return gettext("[erased]")
    g.setdefault("shown_persons", {}).setdefault(str(field.person_id), record_id or g.get("record_id"))
    return value


def showing(record_id: str) -> None:
    """Note the record this response shows: the access log names it beside each person shown."""
    g.record_id = record_id


def purpose(why: str) -> None:
    """Say why this response shows personal data (default: the work of the plugin that serves the page)."""
    g.purpose = why


def prefetch(fields) -> None:
    """Load the data keys for a list of fields at once, before a page reveals them one by one."""
    vault = current_app.extensions["exitfi"].store.vault
    vault.load_keys([f.person_id for f in fields if f is not None], g.setdefault("vault_keys", {}))


def record_disclosures(response):
    """After a response that showed personal data, write who saw whose data, where and why."""
    shown = g.pop("shown_persons", None)
    failed = response.status_code >= 400 and response.status_code not in SHOWN_WITH_ERRORS
    if not shown or failed or not current_user.is_authenticated:
        return response
    why = g.get("purpose") or ("emergency access" if g.get("emergency") else _serving_plugin())
    store = current_app.extensions["exitfi"].store
    record_views(store, current_user.actor(), shown, f"{request.method} {request.path}", why)
    return response


def _serving_plugin() -> str:
    """The plugin whose blueprint serves this request (its name is the default purpose), else the core."""
    owners = current_app.extensions.get("exitfi_blueprint_owners", {})
    return next((owners[name] for name in request.blueprints if name in owners), "core")
