"""The authorization matrix: every route of app.url_map, for every role and for anonymous visitors, and for
a route that names a record in its path, on a record of the user's own caseload, an own-city record assigned
to a colleague, a record of another city and a record that does not exist.

The expectations follow from two sources that must agree:

* the rows say which permission each endpoint needs (None: public) and what it answers when allowed. The
  core's rows are CORE_ROUTES below; each plugin gives the rows of its own routes through the pytest hook
  ``pytest_exitfi_matrix_routes`` (core.testing.hooks). `disagreements` checks the rows against the views'
  `exitfi_permission` and app.url_map, so a new route without a row, a row without a route, or a changed
  guard fails with the endpoint's name; `clashes` fails when two modules give a row for one endpoint;
* who holds a permission comes from the app itself: `Permissions.roles_for(permission, city)`.

Then: anonymous -> 302 to /login for pages, 401 JSON under /api/; lacking the permission -> 403; another
city's record -> 404, exactly like a record that does not exist (its existence must not leak); an exit worker
on an own-city record assigned to someone else -> 403 with "break the glass" offered; national roles on a
record -> 403; allowed -> what the view answers (200, or 201/302 for writes).

Breaking the glass (core.emergency_access) is tried on the records of every plugin's rows: own city only, and
only by a role that holds the permission the app's `locate_record` hook names for the record.

A plugin's records come from its `Records` (the `scope` of its rows): the matrix asks it for two records of
each kind, because breaking the glass grants an hour of access to its record, so the break-glass requests get
records of their own and the other cells stay independent of the order they run in.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

import pytest

from core.auth.service import find_account, issue_token, register_user
from core.demo import CITY_ROLES, NATIONAL_ROLES, ROLE_NAMES, SETUP_ACTOR
from core.testing.databases import database
from core.testing.web import PASSWORD, Browser, build_instance, settings_for

HOME, OTHER = "helsinki", "turku"       # the signed-in city users live in HOME
WORKER = f"worker.{HOME}"               # the exit worker whose caseload the own records are on
COLLEAGUE = f"colleague.{HOME}"         # another exit worker of HOME, made by the World
ANONYMOUS = "anonymous"
USERS = (*(f"{short}.{HOME}" for short in CITY_ROLES), *(f"{short}.national" for short in NATIONAL_ROLES), ANONYMOUS)
GLASS = "glass"                         # the scope of the break-the-glass form: the record named in the form


def role_of(user: str) -> str | None:
    return None if user == ANONYMOUS else ROLE_NAMES[user.split(".")[0]]


# ---------------------------------------------------------------------------------------------- the rows


class Records(ABC):
    """The records a plugin's routes name in their path: how the matrix makes them and reads their version."""

    noun = "record"         # in the cells' names: "helsinki case of worker.helsinki"
    key = "record_id"       # the URL value that names the record
    city_wide = False       # True: every holder of the permission in the record's city opens it (no caseload)

    @abstractmethod
    def create(self, world: World, city: str, assignee: str) -> str:
        """Make a record of the city, assigned to the user `assignee`, and return its id as the URL names it."""

    @abstractmethod
    def version(self, world: World, record_id: str) -> int:
        """Return the record's current version (0 when there is none), for the writes that send it."""

    def missing(self) -> str:
        """Return an id that no record has."""
        return uuid.uuid4().hex


@dataclass
class Route:
    """What an endpoint needs and answers: the permission (None: public) and the status per method when allowed."""

    permission: str | None
    ok: dict[str, int]
    scope: Records | str | None = None  # Records: the record in the path must be in scope (guard.in_scope);
    #                                     GLASS: break the glass on the record named in the form (own city only)
    values: dict = field(default_factory=dict)  # URL values besides the record's
    fresh: bool = False         # changes the session (sign in/out, language): use a new browser per request
    lands: bool = False         # a successful write redirects to a page, which the writer must then open
    body: dict | Callable[[str, int], dict] = field(default_factory=dict)  # valid input for a write, or
    #                             body(user, version) -> dict (form fields for pages, JSON for the API)

    def body_for(self, user: str, version: int) -> dict:
        return self.body(user, version) if callable(self.body) else dict(self.body)


SOMEONE = "5c0e0c1f0a0b4c8d9e2f3a4b5c6d7e8f"  # a person id; their report says nothing is held

CORE_ROUTES: dict[str, Route] = {
    # public
    "static": Route(None, {"GET": 200}, values={"filename": "exitfi.css"}),
    "healthz": Route(None, {"GET": 200}),
    "core.login": Route(None, {"GET": 200, "POST": 302}, fresh=True, body=lambda user, _: {
        "username": WORKER if user == ANONYMOUS else user, "password": PASSWORD}),
    "core.logout": Route(None, {"POST": 302}, fresh=True),
    "core.language": Route(None, {"POST": 302}, fresh=True, body={"language": "fi", "next": "/"}),
    "api_docs": Route(None, {"GET": 200}),
    "api-docs.openapi_json": Route(None, {"GET": 200}),
    # pages
    "core.dashboard": Route("dashboard.view", {"GET": 200}),
    "core.tokens": Route("tokens.manage_own", {"GET": 200, "POST": 200}, body={"label": "authorization matrix"}),
    "core.emergency_access": Route("dashboard.view", {"POST": 302}, scope=GLASS, lands=True,
                                   body={"reason": "The client is in crisis and calls now."}),
    "audit.access_log": Route("audit.read_access_log", {"GET": 200}),
    "audit.emergency": Route("emergency.review", {"GET": 200}),
    "audit.verify": Route("audit.verify_log", {"GET": 200}),
    "history.record_as_of": Route("audit.verify_log", {"GET": 200}),
    # An id no record holds: the officer is told nothing is held under it (422), anyone else is refused first.
    "erasure.erasure_requests": Route("audit.handle_erasure", {"GET": 200, "POST": 422}, body=lambda user, _: {
        "person_id": str(uuid.uuid4()), "requester": "the person themself, by letter", "received_on": "2026-11-02"}),
    "audit.sign_in_attempts": Route("users.manage", {"GET": 200}),
    "events.events": Route("audit.browse_events", {"GET": 200}),
    "events.event": Route("audit.browse_events", {"GET": 200}, values={"position": 1}),  # the first event of the demo
    "register.register": Route("audit.read_register", {"GET": 200}),
    "register.export": Route("audit.read_register", {"GET": 200}, values={"kind": "csv"}),
    "persons.find": Route("audit.answer_access_requests", {"GET": 200, "POST": 200},
                          body={"full_name": "Nobody Known", "birth_date": "1990-01-01"}),
    "persons.person": Route("audit.answer_access_requests", {"GET": 200}, values={"person_id": SOMEONE}),
    "persons.issue": Route("audit.answer_access_requests", {"POST": 200}, values={"person_id": SOMEONE},
                           body={"format": "json"}),
    # API
    "api_core.me": Route("dashboard.view", {"GET": 200}),
    "api_audit_events.api_events": Route("audit.browse_events", {"GET": 200}),
    "api_audit_events.api_event": Route("audit.browse_events", {"GET": 200}, values={"position": 1}),
}


def contributions(config) -> list[tuple[str, dict[str, Route]]]:
    """The rows by where they come from: the core's, then each module implementing pytest_exitfi_matrix_routes."""
    hook = config.pluginmanager.hook.pytest_exitfi_matrix_routes
    return [("core", CORE_ROUTES), *((impl.plugin_name, impl.function()) for impl in hook.get_hookimpls())]


def table_of(given: list[tuple[str, dict[str, Route]]]) -> dict[str, Route]:
    """All rows in one table (an endpoint given twice is reported by `clashes`)."""
    return {endpoint: route for _, rows in given for endpoint, route in rows.items()}


def clashes(given: list[tuple[str, dict[str, Route]]]) -> list[str]:
    """Endpoints with rows from more than one module, each with the modules that give one."""
    sources: dict[str, list[str]] = {}
    for source, rows in given:
        for endpoint in rows:
            sources.setdefault(endpoint, []).append(source)
    return [f"{endpoint}: rows from {' and '.join(names)}" for endpoint, names in sorted(sources.items())
            if len(names) > 1]


# ---------------------------------------------------------------------------------------------- the targets


@dataclass(frozen=True)
class Target:
    """A record the request is about, described relative to HOME's users."""

    records: Records
    city: str | None        # None: no such record
    assignee: str | None

    @property
    def label(self) -> str:
        noun = self.records.noun
        if self.city is None:
            return f"no such {noun}"
        return f"{self.city} {noun}" + (f" of {self.assignee}" if self.city == HOME else "")


def targets_of(records: Records) -> tuple[Target, ...]:
    return (Target(records, HOME, WORKER), Target(records, HOME, COLLEAGUE),
            Target(records, OTHER, f"worker.{OTHER}"), Target(records, None, None))


def kinds_of_records(table: dict[str, Route]) -> list[Records]:
    """The plugins' Records named by the rows, each once, in the order of the rows."""
    kinds = [route.scope for route in table.values() if isinstance(route.scope, Records)]
    return list(dict.fromkeys(kinds))


# ---------------------------------------------------------------------------------------------- the world


class World:
    """One app on one database, with demo users, prepared records, signed-in browsers and API tokens."""

    def __init__(self, instance, app, table: dict[str, Route]):
        self.instance, self.app, self.store = instance, app, instance.store
        self.permissions = app.extensions["exitfi"].permissions
        self.urls = app.url_map.bind("localhost")
        self._browsers, self._tokens, self._accounts = {}, {}, {}
        register_user(self.store, SETUP_ACTOR, COLLEAGUE, "Colleague", PASSWORD, HOME, roles=["exit_worker"])
        self._records = {}
        for records in kinds_of_records(table):
            missing = records.missing()
            for target in targets_of(records):
                for glass in (False, True):
                    self._records[target, glass] = (records.create(self, target.city, target.assignee)
                                                    if target.city else missing)

    def record(self, target: Target, glass: bool = False) -> str:
        """The id of the target's record (the break-glass requests have records of their own)."""
        return self._records[target, glass]

    def locate(self, target: Target) -> tuple:
        """The app's own `locate_record` answer (city, url, permission) for the target's break-glass record."""
        record_id = self.record(target, glass=True)
        with self.app.test_request_context():
            located = self.app.extensions["exitfi"].host.hook(target.city).locate_record(record_id=record_id)
        assert located, f"no plugin answers locate_record for the {target.label} {record_id}: no glass opens it"
        assert located[0] == target.city, f"locate_record puts the {target.label} in {located[0]}"
        return located

    def account(self, user: str):
        if user not in self._accounts:
            self._accounts[user] = find_account(self.store, user)
        return self._accounts[user]

    def browser(self, user: str, fresh: bool = False) -> Browser:
        """A browser signed in as the user (anonymous: one that has opened the sign-in page)."""
        if fresh or user not in self._browsers:
            b = Browser(self.app)
            if user == ANONYMOUS:
                b.get("/login")
            else:
                assert b.login(user).status_code == 302, f"{user} could not sign in"
            assert b.csrf, f"no CSRF token for {user}"
            if fresh:
                return b
            self._browsers[user] = b
        return self._browsers[user]

    def token(self, user: str) -> str:
        if user == ANONYMOUS:
            return "exitfi_not-a-token-anyone-was-given"
        if user not in self._tokens:
            self._tokens[user] = issue_token(self.store, self.account(user), "authorization matrix")
        return self._tokens[user]


@contextmanager
def open_world(kind: str, tmp_path, table: dict[str, Route]):
    """The web app of every installed plugin on a fresh database of the kind, with the demo data."""
    from core.web import create_app
    with database(kind, tmp_path) as url:
        instance = build_instance(settings_for(url))
        try:
            # The matrix sends hundreds of sign-ins and wrong tokens from one address: the throttle, tested on
            # its own, would answer 429 where the matrix asks who may do what.
            unthrottled = {kind: 1_000_000 for kind in ("address", "username", "token")}
            app = create_app({"EXITFI_INSTANCE": instance, "TESTING": True, "EXITFI_STRICT_I18N": True,
                              "EXITFI_SIGN_IN_LIMITS": unthrottled})
            yield World(instance, app, table)
        finally:
            instance.close()


# ---------------------------------------------------------------------------------------------- the cells


def route_app():
    """The app of every installed plugin, built without a database: the routes do not depend on one."""
    from core.instance import Instance
    from core.plugins import PluginHost
    from core.web import create_app
    settings = settings_for("sqlite://")
    return create_app({"EXITFI_INSTANCE": Instance(settings, PluginHost(settings), None), "TESTING": True})


def registered_routes() -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) of every route the app registers: the matrix lists what the app has, not the rows."""
    return sorted((rule.endpoint, method, rule.rule) for rule in route_app().url_map.iter_rules()
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def cells(table: dict[str, Route]):
    """One pytest.param (user, endpoint, method, transport, target) per request the matrix sends."""
    everyone = [target for records in kinds_of_records(table) for target in targets_of(records)]
    for endpoint, method, rule in registered_routes():
        route = table.get(endpoint)
        if route is None or method not in route.ok:
            # one cell that fails and says what is missing (`disagreements` lists them all)
            yield pytest.param(ANONYMOUS, endpoint, method, "cookie", None, id=f"NO ROW FOR {method} {endpoint}")
            continue
        transports = ("cookie", "bearer") if rule.startswith("/api/") else ("cookie",)
        targets = everyone if route.scope == GLASS else targets_of(route.scope) if route.scope else (None,)
        for user in USERS:
            for transport in transports:
                for target in targets:
                    parts = [user, f"{method} {endpoint}", transport] + ([target.label] if target else [])
                    yield pytest.param(user, endpoint, method, transport, target, id="-".join(parts))


class Expected(NamedTuple):
    status: int
    why: str
    offers_glass: bool = False  # a 403 page that offers to break the glass on the record


def expected_glass(world: World, account, target: Target, ok: int) -> Expected:
    """Break the glass: own city only, and only for records the role could ever open."""
    if account.city is None:
        return Expected(403, "national roles never break the glass")
    if target.city != account.city:
        return Expected(404, f"no such {target.records.noun} in the user's city")
    permission = world.locate(target)[2]
    if not account.roles & world.permissions.roles_for(permission, account.city):
        return Expected(403, f"the glass opens only records the role could open ({permission}, from locate_record)")
    return Expected(ok, f"breaking the glass on an own-city {target.records.noun}")


def expected(world: World, user: str, route: Route, method: str, target: Target | None, api: bool) -> Expected:
    """The status the request should get, and why (derived from the rows and the app's Permissions)."""
    ok = route.ok[method]
    if route.permission is None:
        return Expected(ok, "public endpoint")
    if user == ANONYMOUS:
        return Expected(401, "anonymous on the API") if api else Expected(302, "anonymous: sent to sign in")
    account = world.account(user)
    holders = world.permissions.roles_for(route.permission, account.city)
    if not account.roles & holders:
        where = account.city or "the national defaults"
        return Expected(403, f"lacks {route.permission} (held by {', '.join(sorted(holders))} in {where})")
    if route.scope is None:
        return Expected(ok, f"holds {route.permission}")
    if route.scope == GLASS:
        return expected_glass(world, account, target, ok)
    noun = target.records.noun
    if target.city is None:
        return Expected(404, f"no such {noun}")
    if account.city is None:
        return Expected(403, f"national roles see anonymised figures, never a {noun}")
    if target.city != account.city:
        return Expected(404, f"another city's {noun} must look exactly like no {noun} at all")
    if "city_coordinator" in account.roles:
        return Expected(ok, f"a coordinator sees every {noun} of the city")
    if target.records.city_wide:
        return Expected(ok, f"every holder of {route.permission} sees the city's {noun}s")
    if target.assignee == account.username:
        return Expected(ok, f"assigned to the {noun}")
    return Expected(403, f"own-city {noun} assigned to someone else: 403, with break the glass offered", True)


def send(world: World, user: str, route: Route, method: str, transport: str, path: str, body: dict | None):
    """Send the request as the user: with a bearer token, or from a signed-in browser (CSRF token included)."""
    if transport == "bearer":
        headers = {"Authorization": f"Bearer {world.token(user)}"}
        return world.app.test_client().open(path, method=method, json=body, headers=headers)
    b = world.browser(user, fresh=route.fresh)
    if method == "GET":
        return b.get(path)
    if path.startswith("/api/"):
        return b.post_json(path, body)
    return b.post(path, body)


# ---------------------------------------------------------------------------------------------- the rows and the code


MISSING = object()


def disagreements(app, table: dict[str, Route]) -> list[str]:
    """Where the rows and the app disagree: a route without a row, a row without a route, another guard."""
    public = app.extensions["exitfi_public"]
    permissions = app.extensions["exitfi"].permissions
    registered: dict[str, set] = {}
    for rule in app.url_map.iter_rules():
        registered.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    problems = []
    for endpoint, methods in sorted(registered.items()):
        route = table.get(endpoint)
        if route is None:
            problems.append(f"{endpoint} ({', '.join(sorted(methods))}) is registered but has no row")
            continue
        if set(route.ok) != methods:
            problems.append(f"{endpoint}: answers {sorted(methods)}, the row expects {sorted(route.ok)}")
        marked = getattr(app.view_functions[endpoint], "exitfi_permission", MISSING)
        if endpoint in public:
            if route.permission is not None or marked not in (MISSING, None):
                problems.append(f"{endpoint}: in exitfi_public, but the row says {route.permission!r}, "
                                f"the view says {marked!r}")
        elif marked is MISSING:
            problems.append(f"{endpoint}: neither @requires nor @public, and not in app.extensions['exitfi_public']")
        elif marked != route.permission:
            problems.append(f"{endpoint}: the view requires {marked!r}, the row says {route.permission!r}")
        if route.permission is not None:
            try:
                permissions.roles_for(route.permission, HOME)
            except KeyError:
                problems.append(f"{endpoint}: permission {route.permission!r} is not defined")
    problems += [f"{endpoint}: has a row but the app registers no such endpoint"
                 for endpoint in sorted(table.keys() - registered.keys())]
    return problems
