"""The authorization matrix: every route of app.url_map, for every role and for anonymous visitors,
on a case of the user's own city, a case of another city, an own-city case assigned to a colleague
and a case that does not exist.

The expectations follow from two sources that must agree:

* ROUTES below says which permission each endpoint needs (None: public) and what it answers when allowed;
  `test_the_table_matches_the_code` checks it against the views' `exitfi_permission` and app.url_map, so a
  new route without a rule, or a changed guard, fails with the endpoint's name;
* who holds a permission comes from the app itself: `Permissions.roles_for(permission, city)`.

Then: anonymous -> 302 to /login for pages, 401 JSON under /api/; lacking the permission -> 403; another
city's case -> 404, exactly like a case that does not exist (its existence must not leak); an exit worker on
an own-city case assigned to someone else -> 403 with "break the glass" offered; national roles on a case
-> 403; allowed -> what the view answers (200, or 201/302 for writes).

One app per database (a module-scoped fixture); each test sends one request, so a failure names the
database, the user (role.city), the method and endpoint, the transport and the case.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from core.auth.roles import ROLES
from core.auth.service import find_account, issue_token, register_user
from core.demo import CITY_ROLES, NATIONAL_ROLES, ROLE_NAMES, SETUP_ACTOR, demo_actors, load_demo
from core.instance import Instance
from core.plugins import PluginHost
from core.store import Store
from core.web import create_app
from plugins.casework import service as casework
from plugins.casework.projections import cases
from core.testing.databases import KINDS, database
from tests.core.web.conftest import PASSWORD, Browser, case_ids, web_settings

HOME, OTHER = "helsinki", "turku"       # the signed-in city users live in HOME
WORKER = f"worker.{HOME}"               # assigned to every demo case of HOME
COLLEAGUE = f"colleague.{HOME}"         # another exit worker of HOME, given some of those cases
ANONYMOUS = "anonymous"
USERS = (*(f"{short}.{HOME}" for short in CITY_ROLES), *(f"{short}.national" for short in NATIONAL_ROLES), ANONYMOUS)

# ---------------------------------------------------------------------------------------------- the table


@dataclass
class Route:
    """What an endpoint needs and answers: the permission (None: public) and the status per method when allowed."""

    permission: str | None
    ok: dict[str, int]
    scope: str | None = None    # "case": the case in the path must be in scope (core.web.guard.in_scope);
    #                             "glass": break the glass on the case named in the form (own city only)
    values: dict = field(default_factory=dict)  # URL values besides case_id
    fresh: bool = False         # changes the session (sign in/out, language): use a new browser per request
    lands: bool = False         # a successful write redirects to the record, which the writer must then open


ROUTES: dict[str, Route] = {
    # public
    "static": Route(None, {"GET": 200}, values={"filename": "exitfi.css"}),
    "healthz": Route(None, {"GET": 200}),
    "core.login": Route(None, {"GET": 200, "POST": 302}, fresh=True),
    "core.logout": Route(None, {"POST": 302}, fresh=True),
    "core.language": Route(None, {"POST": 302}, fresh=True),
    "api_docs": Route(None, {"GET": 200}),
    "api-docs.openapi_json": Route(None, {"GET": 200}),
    # core pages
    "core.dashboard": Route("dashboard.view", {"GET": 200}),
    "core.tokens": Route("tokens.manage_own", {"GET": 200, "POST": 200}),
    "core.emergency_access": Route("dashboard.view", {"POST": 302}, scope="glass"),
    "audit.access_log": Route("audit.read_access_log", {"GET": 200}),
    "audit.emergency": Route("emergency.review", {"GET": 200}),
    "audit.verify": Route("audit.verify_log", {"GET": 200}),
    # casework pages
    "casework.caseload": Route("casework.view_case", {"GET": 200}),
    "casework.new_case": Route("casework.open_case", {"GET": 200, "POST": 302}, lands=True),
    "casework.case": Route("casework.view_case", {"GET": 200}, scope="case"),
    "casework.record_meeting": Route("casework.record_meeting", {"POST": 302}, scope="case", lands=True),
    # API
    "api_core.me": Route("dashboard.view", {"GET": 200}),
    "api_casework.list_cases": Route("casework.view_case", {"GET": 200}),
    "api_casework.create_case": Route("casework.open_case", {"POST": 201}),
    "api_casework.get_case": Route("casework.view_case", {"GET": 200}, scope="case"),
    "api_casework.add_meeting": Route("casework.record_meeting", {"POST": 201}, scope="case"),
}


def _form(endpoint: str, user: str, version: int) -> dict:
    """Valid input for a write (form fields for pages, JSON for the API)."""
    meeting = {"held_on": "2026-11-02", "mode": "in_person", "minutes": 45, "version": version}
    new_case = {"kind": "individual", "pseudonym": "Matriisi", "channel": "agency"}
    return {
        "core.login": {"username": WORKER if user == ANONYMOUS else user, "password": PASSWORD},
        "core.logout": {},
        "core.language": {"language": "fi", "next": "/"},
        "core.tokens": {"label": "authorization matrix"},
        "core.emergency_access": {"reason": "The client is in crisis and calls now."},
        "casework.new_case": new_case,
        "api_casework.create_case": new_case,
        "casework.record_meeting": {**meeting, "minutes": "45", "version": str(version)},
        "api_casework.add_meeting": meeting,
    }[endpoint]


@dataclass(frozen=True)
class Target:
    """A case the request is about, described relative to HOME's users."""

    label: str
    city: str | None        # None: no such case
    assignee: str | None


TARGETS = (
    Target(f"{HOME} case of {WORKER}", HOME, WORKER),
    Target(f"{HOME} case of {COLLEAGUE}", HOME, COLLEAGUE),
    Target(f"{OTHER} case", OTHER, f"worker.{OTHER}"),
    Target("no such case", None, None),
)


def role_of(user: str) -> str | None:
    return None if user == ANONYMOUS else ROLE_NAMES[user.split(".")[0]]


# ---------------------------------------------------------------------------------------------- the world


class World:
    """One app on one database, with demo users, prepared cases, signed-in browsers and API tokens."""

    def __init__(self, instance, app):
        self.instance, self.app, self.store = instance, app, instance.store
        self.permissions = app.extensions["exitfi"].permissions
        self.urls = app.url_map.bind("localhost")
        self._browsers, self._tokens, self._accounts = {}, {}, {}
        home, other = case_ids(instance, HOME), case_ids(instance, OTHER)
        assert len(home) >= 4 and len(other) >= 2, "the demo data should give every city four cases"
        coordinator = demo_actors(HOME)["coordinator"]
        register_user(self.store, SETUP_ACTOR, COLLEAGUE, "Colleague", PASSWORD, HOME, roles=["exit_worker"])
        for case_id in home[2:]:
            casework.assign_worker(self.store, coordinator, uuid.UUID(case_id), COLLEAGUE)
        missing = uuid.uuid4().hex
        # Two cases per target: breaking the glass grants an hour of access to its case, so the break-glass
        # requests get cases of their own and the other cells stay independent of the order they run in.
        self.cases = {
            (TARGETS[0], False): home[0], (TARGETS[0], True): home[1],
            (TARGETS[1], False): home[2], (TARGETS[1], True): home[3],
            (TARGETS[2], False): other[0], (TARGETS[2], True): other[1],
            (TARGETS[3], False): missing, (TARGETS[3], True): missing,
        }
        for (target, _), case_id in self.cases.items():
            assert self.row(case_id) is None if target.city is None else (
                (self.row(case_id).city, self.row(case_id).worker_id) == (target.city, target.assignee)), target

    def row(self, case_id: str):
        with self.store.reading() as session:
            return session.execute(select(cases).where(cases.c.case_id == case_id)).first()

    def version(self, case_id: str) -> int:
        row = self.row(case_id)
        return row.version if row else 0

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


@pytest.fixture(scope="module", params=KINDS)
def world(request, tmp_path_factory):
    """The web app on a fresh database of each kind, like the conftest's `app`, once per module."""
    with database(request.param, tmp_path_factory.mktemp("matrix")) as url:
        settings = web_settings(url)
        host = PluginHost(settings)
        store = Store(settings.database_url, settings.master_key, settings.seal_key, host.projections())
        store.create_tables()
        instance = Instance(settings, host, store)
        try:
            load_demo(instance, echo=lambda m: None)
            app = create_app({"EXITFI_INSTANCE": instance, "TESTING": True, "EXITFI_STRICT_I18N": True})
            yield World(instance, app)
        finally:
            instance.close()


# ---------------------------------------------------------------------------------------------- the cells


def _registered_routes() -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) of every route the app registers, read from app.url_map at collection.

    The app is built on a configuration like the fixtures' but without a database: the routes do not
    depend on one, and the matrix should list whatever the app registers, not what the table expects.
    """
    settings = web_settings("sqlite://")
    app = create_app({"EXITFI_INSTANCE": Instance(settings, PluginHost(settings), None), "TESTING": True})
    return sorted((rule.endpoint, method, rule.rule) for rule in app.url_map.iter_rules()
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def _cells():
    for endpoint, method, rule in _registered_routes():
        route = ROUTES.get(endpoint)
        if route is None or method not in route.ok:
            # one cell that fails and says what is missing (test_the_table_matches_the_code lists them all)
            yield pytest.param(ANONYMOUS, endpoint, method, "cookie", None, id=f"NO RULE FOR {method} {endpoint}")
            continue
        transports = ("cookie", "bearer") if rule.startswith("/api/") else ("cookie",)
        targets = TARGETS if route.scope else (None,)
        for user in USERS:
            for transport in transports:
                for target in targets:
                    parts = [user, f"{method} {endpoint}", transport] + ([target.label] if target else [])
                    yield pytest.param(user, endpoint, method, transport, target, id="-".join(parts))


def expected_glass(world: World, account, target: Target, ok: int):
    """Break the glass: own city only, and only for records the role could ever open."""
    if account.city is None:
        return 403, "national roles never break the glass"
    if target.city != account.city:
        return 404, "no such case in the user's city"
    if not account.roles & world.permissions.roles_for("casework.view_case", account.city):
        return 403, "the glass opens only records the role could open (casework.view_case)"
    return ok, "breaking the glass on an own-city case"


def expected(world: World, user: str, route: Route, method: str, target: Target | None, api: bool):
    """The status the request should get, and why (derived from the table and the app's Permissions)."""
    ok = route.ok[method]
    if route.permission is None:
        return ok, "public endpoint"
    if user == ANONYMOUS:
        return (401, "anonymous on the API") if api else (302, "anonymous: sent to sign in")
    account = world.account(user)
    holders = world.permissions.roles_for(route.permission, account.city)
    if not account.roles & holders:
        where = account.city or "the national defaults"
        return 403, f"lacks {route.permission} (held by {', '.join(sorted(holders))} in {where})"
    if route.scope is None:
        return ok, f"holds {route.permission}"
    if route.scope == "glass":
        return expected_glass(world, account, target, ok)
    if target.city is None:
        return 404, "no such case"
    if account.city is None:
        return 403, "national roles see anonymised figures, never a case"
    if target.city != account.city:
        return 404, "another city's case must look exactly like no case at all"
    if "city_coordinator" in account.roles:
        return ok, "a coordinator sees every case of the city"
    if target.assignee == account.username:
        return ok, "assigned to the case"
    return 403, "own-city case assigned to someone else: 403, with break the glass offered"


def send(world: World, user: str, endpoint: str, method: str, transport: str, path: str, body: dict | None):
    route = ROUTES[endpoint]
    api = path.startswith("/api/")
    if transport == "bearer":
        headers = {"Authorization": f"Bearer {world.token(user)}"}
        return world.app.test_client().open(path, method=method, json=body, headers=headers)
    b = world.browser(user, fresh=route.fresh)
    if method == "GET":
        return b.get(path)
    if api:
        return b.client.post(path, json=body, headers={"X-CSRF-Token": b.csrf})
    return b.post(path, body)


@pytest.mark.parametrize(("user", "endpoint", "method", "transport", "target"), list(_cells()))
def test_access(world, user, endpoint, method, transport, target):
    route = ROUTES.get(endpoint)
    assert route is not None, f"endpoint {endpoint!r} has no rule in ROUTES: say which permission it needs"
    assert method in route.ok, f"{method} {endpoint} has no expected status in ROUTES"
    case_id = world.cases[(target, route.scope == "glass")] if target else None
    values = {**route.values, **({"case_id": case_id} if route.scope == "case" else {})}
    path = world.urls.build(endpoint, values, method=method)
    api = path.startswith("/api/")
    body = None
    if method == "POST":
        body = _form(endpoint, user, world.version(case_id) if case_id else 0)
        if route.scope == "glass":
            body["record_id"] = case_id
    status, why = expected(world, user, route, method, target, api)

    response = send(world, user, endpoint, method, transport, path, body)

    account = world.account(user) if user != ANONYMOUS else None
    who = f"{user} (role {role_of(user)}, city {account.city or 'national'})" if account else "anonymous"
    cell = f"{who} {method} {path} [{endpoint}, {transport}]" + (f" on the {target.label}" if target else "")
    detail = response.get_json(silent=True) if api else response.headers.get("Location")
    assert response.status_code == status, f"{cell}: expected {status} ({why}), got {response.status_code}: {detail}"

    if api and status >= 400:
        error = response.get_json()["error"]
        assert error["status"] == status, cell
        if status == 404:
            assert error == {"status": 404, "code": "not_found", "message": "not found"}, f"{cell}: leaks {error}"
    location = urlsplit(response.headers.get("Location", "")).path
    if status == 302 and route.permission and user == ANONYMOUS:
        assert location == "/login", f"{cell}: sent to {location}, not to sign in"
    elif status == 302 and route.permission:
        assert location != "/login", f"{cell}: sent to sign in although allowed"
        if route.scope == "glass":
            assert location == f"/cases/{case_id}", f"{cell}: break the glass leads to {location}"
        if route.lands:
            landed = world.browser(user).get(location).status_code
            assert landed == 200, f"{cell}: the write succeeded, then its redirect to {location} answered {landed}"
    if not api and status in (403, 404):
        offered = 'name="record_id"' in response.text
        should = status == 403 and route.scope == "case" and why.startswith("own-city case assigned to someone else")
        assert offered == should, f"{cell}: break the glass {'not ' if should else ''}offered on a {status} page"
        if offered:
            assert f'name="record_id" value="{case_id}"' in response.text, f"{cell}: break the glass for another record"


# ---------------------------------------------------------------------------------------------- the table


MISSING = object()


def test_the_table_matches_the_code(world):
    """Every registered route has a rule; the rule's permission is the one the view is guarded with."""
    app = world.app
    public = app.extensions["exitfi_public"]
    registered: dict[str, set] = {}
    for rule in app.url_map.iter_rules():
        registered.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    problems = []
    for endpoint, methods in sorted(registered.items()):
        route = ROUTES.get(endpoint)
        if route is None:
            problems.append(f"{endpoint} ({', '.join(sorted(methods))}) is registered but has no rule in ROUTES")
            continue
        if set(route.ok) != methods:
            problems.append(f"{endpoint}: answers {sorted(methods)}, ROUTES expects {sorted(route.ok)}")
        marked = getattr(app.view_functions[endpoint], "exitfi_permission", MISSING)
        if endpoint in public:
            if route.permission is not None or marked not in (MISSING, None):
                problems.append(f"{endpoint}: in exitfi_public, but ROUTES says {route.permission!r}, "
                                f"the view says {marked!r}")
        elif marked is MISSING:
            problems.append(f"{endpoint}: neither @requires nor @public, and not in app.extensions['exitfi_public']")
        elif marked != route.permission:
            problems.append(f"{endpoint}: the view requires {marked!r}, ROUTES says {route.permission!r}")
        if route.permission is not None:
            try:
                world.permissions.roles_for(route.permission, HOME)
            except KeyError:
                problems.append(f"{endpoint}: permission {route.permission!r} is not defined")
    problems += [f"{endpoint}: ROUTES has a rule but the app registers no such endpoint"
                 for endpoint in sorted(ROUTES.keys() - registered.keys())]
    assert not problems, "the expectation table and the code disagree:\n  " + "\n  ".join(problems)


def test_every_role_has_a_demo_user_in_the_matrix():
    assert {role_of(u) for u in USERS if u != ANONYMOUS} == set(ROLES)
