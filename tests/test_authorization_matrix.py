"""The authorization matrix of the deployment: every route of every installed plugin, for every role and for
anonymous visitors, cookie and bearer, on own-city, colleague's, other-city and missing records.

The rows come from the kit (the core's routes) and from each plugin's tests/plugins/NAME/routes.py; the
expectations are explained in core.testing.matrix. One app per database (a module-scoped fixture); each test
sends one request, so a failure names the database, the user (role.city), the method and endpoint, the
transport and the record.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from core.auth.roles import ROLES
from core.testing import matrix
from core.testing.databases import KINDS
from core.testing.matrix import ANONYMOUS, GLASS, USERS, Records, Route, role_of


def pytest_generate_tests(metafunc):
    if "world" in metafunc.fixturenames:  # first, so that a cell's name starts with its database
        metafunc.parametrize("world", KINDS, indirect=True, scope="module")
    if "transport" in metafunc.fixturenames:
        table = matrix.table_of(matrix.contributions(metafunc.config))
        metafunc.parametrize(("user", "endpoint", "method", "transport", "target"), list(matrix.cells(table)))


@pytest.fixture(scope="module")
def table(pytestconfig):
    return matrix.table_of(matrix.contributions(pytestconfig))


@pytest.fixture(scope="module")
def world(request, tmp_path_factory, table):
    """The web app on a fresh database of each kind, with the records the rows name, once per module."""
    with matrix.open_world(request.param, tmp_path_factory.mktemp("matrix"), table) as w:
        yield w


def test_access(world, table, user, endpoint, method, transport, target):
    route = table.get(endpoint)
    assert route is not None, f"endpoint {endpoint!r} has no row: say which permission it needs"
    assert method in route.ok, f"{method} {endpoint} has no expected status in its row"
    record_id = world.record(target, glass=route.scope == GLASS) if target else None
    values = {**route.values, **({route.scope.key: record_id} if isinstance(route.scope, Records) else {})}
    path = world.urls.build(endpoint, values, method=method)
    api = path.startswith("/api/")
    body = None
    if method == "POST":
        body = route.body_for(user, target.records.version(world, record_id) if target else 0)
        if route.scope == GLASS:
            body["record_id"] = record_id
    status, why, offers_glass = matrix.expected(world, user, route, method, target, api)

    response = matrix.send(world, user, route, method, transport, path, body)

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
        if route.scope == GLASS:
            record_page = urlsplit(world.locate(target)[1]).path
            assert location == record_page, f"{cell}: break the glass leads to {location}, not {record_page}"
        if route.lands:
            landed = world.browser(user).get(location).status_code
            assert landed == 200, f"{cell}: the write succeeded, then its redirect to {location} answered {landed}"
    if not api and status in (403, 404):
        offered = 'name="record_id"' in response.text
        assert offered == offers_glass, \
            f"{cell}: break the glass {'not ' if offers_glass else ''}offered on a {status} page"
        if offered:
            offered_for = f'name="record_id" value="{record_id}"'
            assert offered_for in response.text, f"{cell}: break the glass for another record"


def test_the_table_matches_the_code(world, table):
    """Every registered route has a row; the row's permission is the one the view is guarded with."""
    problems = matrix.disagreements(world.app, table)
    assert not problems, "the matrix rows and the code disagree:\n  " + "\n  ".join(problems)


def test_the_check_names_each_disagreement(table):
    tampered = {endpoint: route for endpoint, route in table.items() if endpoint != "core.dashboard"}
    tampered["audit.verify"] = Route("audit.read_access_log", {"GET": 200})
    tampered["core.retired"] = Route("dashboard.view", {"GET": 200})
    assert matrix.disagreements(matrix.route_app(), tampered) == [
        "audit.verify: the view requires 'audit.verify_log', the row says 'audit.read_access_log'",
        "core.dashboard (GET) is registered but has no row",
        "core.retired: has a row but the app registers no such endpoint",
    ]


def test_no_endpoint_has_rows_from_two_modules(pytestconfig):
    problems = matrix.clashes(matrix.contributions(pytestconfig))
    assert not problems, "two modules give a row for one endpoint:\n  " + "\n  ".join(problems)


def test_the_clash_check_names_both_modules():
    row = Route(None, {"GET": 200})
    assert matrix.clashes([("core", {"healthz": row}), ("tests.plugins.x.routes", {"healthz": row, "x.y": row})]) \
        == ["healthz: rows from core and tests.plugins.x.routes"]


def test_every_role_has_a_demo_user_in_the_matrix():
    assert {role_of(u) for u in USERS if u != ANONYMOUS} == set(ROLES)
