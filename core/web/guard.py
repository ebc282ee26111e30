"""The one guard every view and endpoint uses: permission, city scope and need to know."""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, g, request
from flask_login import current_user

from core.auth.roles import ALL_ROLES, ROLES
from core.errors import StartupError

CORE_PERMISSIONS = {
    "dashboard.view": ALL_ROLES,
    "tokens.manage_own": ALL_ROLES,
    "users.manage": ("administrator",),
    "audit.read_access_log": ("auditor", "data_protection_officer"),
    "audit.verify_log": ("auditor",),
    # the event browser: every event's envelope, personal fields as placeholders
    "audit.browse_events": ("auditor", "data_protection_officer"),
    # an event's personal fields, opened with a reason (written to the access log)
    "audit.read_event_content": ("auditor", "data_protection_officer"),
    # the register of processing (GDPR Art. 30) and its export
    "audit.read_register": ("auditor", "data_protection_officer"),
    # erasure requests (GDPR Art. 17): recorded, refused while a retention period holds, else carried out
    "audit.handle_erasure": ("data_protection_officer",),
    # a person's access report: found by name and birth date, read in full, handed over with withheld parts
    "audit.answer_access_requests": ("data_protection_officer",),
    "emergency.review": ("city_coordinator", "auditor"),
}


class Permissions:
    """Which roles hold which permission, per city (defaults from the hooks, overrides from configuration)."""

    def __init__(self, host, settings):
        defaults = dict(CORE_PERMISSIONS)
        for answer in host.all.hook.permissions():
            for name, roles in answer.items():
                if name in defaults:
                    raise StartupError(f"permission {name!r} is defined twice")
                if unknown := set(roles) - set(ROLES):
                    raise StartupError(f"permission {name!r} names unknown role(s) {', '.join(sorted(unknown))}")
                defaults[name] = tuple(roles)
        self.defaults = {k: frozenset(v) for k, v in defaults.items()}
        self.by_city = {}
        for slug, city in settings.cities.items():
            mapping = dict(self.defaults)
            for name, roles in city.options.get("permissions", {}).items():
                if name not in mapping:
                    raise StartupError(f"city {slug}: permission {name!r} in the configuration does not exist")
                mapping[name] = frozenset(roles)
            self.by_city[slug] = mapping

    def roles_for(self, permission: str, city: str | None) -> frozenset:
        mapping = self.by_city.get(city, self.defaults)
        if permission not in mapping:
            raise KeyError(f"unknown permission {permission!r}")
        return mapping[permission]

    def allowed(self, account, permission: str) -> bool:
        return bool(account.roles & self.roles_for(permission, account.city))


def exitfi():
    """What the app keeps of the instance: settings, plugin host, store, permissions."""
    return current_app.extensions["exitfi"]


def current_store():
    """The deployment's store (the log, the vault and the read models)."""
    return exitfi().store


def current_cities() -> dict:
    """The deployment's cities, by slug, with their settings."""
    return exitfi().settings.cities


def can(permission: str) -> bool:
    """Whether the current user holds a permission (in templates and views)."""
    return current_user.is_authenticated and exitfi().permissions.allowed(current_user, permission)


READS = ("GET", "HEAD")


def requires(permission: str):
    """Let a view run only for signed-in users whose roles hold the permission (403 otherwise)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return exitfi().unauthorized()
            if not exitfi().permissions.allowed(current_user, permission):
                abort(403)
            if request.method not in READS:
                return view(*args, **kwargs)
            # A page asks a dozen read models, and each would open a transaction of its own; they join this one.
            # A write inside it is refused by the store, not lost; the access log is written after it ends.
            with exitfi().store.reading():
                return view(*args, **kwargs)

        guarded.exitfi_permission = permission
        return guarded

    return decorate


def public(view):
    """Mark a view that anyone may open (login, static pages)."""
    view.exitfi_permission = None
    return view


def in_scope(record_city: str, assigned_to=None, record_id: str | None = None) -> None:
    """Refuse a record outside the user's scope: 404 for another city, 403 when not assigned.

    `assigned_to` is the username of the record's worker, or several (a primary and a secondary worker).
    """
    from core.emergency import has_emergency_access
    account = current_user
    if account.city is not None and record_city != account.city:
        abort(404)  # another city's record: its existence must not leak
    if account.city is None:
        abort(403)  # national roles see anonymised figures, not records
    if "city_coordinator" in account.roles:
        return
    workers = {assigned_to} if isinstance(assigned_to, str) or assigned_to is None else set(assigned_to)
    if account.username in workers:
        return
    if record_id and has_emergency_access(exitfi().store, account.username, record_id):
        g.emergency = True
        return
    g.break_glass_for = record_id
    abort(403)


def plugin_gate(plugin_name: str):
    """Return a before_request function that hides a plugin's routes from cities that do not run it."""

    def gate():
        account = current_user
        if not account.is_authenticated:
            return None
        host = exitfi().host
        enabled = (host.enabled(account.city, plugin_name) if account.city
                   else any(host.enabled(c, plugin_name) for c in host.cities))
        if not enabled:
            abort(404)
        return None

    return gate


def wants_json() -> bool:
    return request.path.startswith("/api/")
