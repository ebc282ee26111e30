"""The test kit's pytest plugin (entry point `pytest11: exitfi`): fixtures for stores, apps and clients."""

from __future__ import annotations

import os

import pytest
from argon2 import PasswordHasher

from core.auth import passwords
from core.events import Actor
from core.testing import hooks
from core.testing.databases import KINDS, database
from core.testing.web import ApiClient, Browser, build_instance, default_cities, settings_for

# Cheap argon2 parameters keep suites fast; production uses the library's defaults.
passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def pytest_addhooks(pluginmanager):
    pluginmanager.add_hookspecs(hooks)


def pytest_configure(config):
    config.addinivalue_line("markers", "cities(**plugin_sets): the cities and plugin sets of the test's app")


def pytest_report_header(config):
    url = os.environ.get("EXITFI_TEST_DATABASE_URL")
    return f"exitfi databases: sqlite{', postgresql' if url else ' (postgresql skipped: EXITFI_TEST_DATABASE_URL unset)'}"


@pytest.fixture(params=KINDS)
def database_url(request, tmp_path):
    """An empty database, once on SQLite and once on PostgreSQL."""
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def make_store(database_url):
    """Build stores on the test database (several may share it, as several workers would)."""
    from core.defaults import projections as core_projections
    from core.store import Store
    from core.testing import MASTER_KEY, SEAL_KEY
    stores = []

    def make(projections=None):
        store = Store(database_url, MASTER_KEY, SEAL_KEY, core_projections() if projections is None else projections)
        store.create_tables()
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def store(make_store):
    """A store with the core's read models (accounts, access log)."""
    return make_store()


@pytest.fixture
def coordinator():
    return Actor("coordinator.helsinki", "city_coordinator", "helsinki")


@pytest.fixture
def worker():
    return Actor("worker.helsinki", "exit_worker", "helsinki")


@pytest.fixture
def installed():
    """The plugins the app may load ({name: PluginInfo}): those installed; override it to add test plugins."""
    from core.plugins import discover
    return discover()


@pytest.fixture
def cities(request, installed):
    """The cities of the test's app and their plugin sets: the `cities` marker, else the pilot cities."""
    marker = request.node.get_closest_marker("cities")
    return dict(marker.kwargs) if marker else default_cities(installed)


@pytest.fixture
def settings(database_url, cities):
    return settings_for(database_url, cities)


@pytest.fixture
def instance(settings, installed):
    """An instance with demo users (ROLE.CITY, ROLE.national) and every plugin's demo data."""
    inst = build_instance(settings, installed=installed)
    yield inst
    inst.close()


@pytest.fixture
def app(instance):
    """The web app, strict about untranslated messages (app.extensions["exitfi_missing"])."""
    from core.web import create_app
    return create_app({"EXITFI_INSTANCE": instance, "TESTING": True, "EXITFI_STRICT_I18N": True})


@pytest.fixture
def browser(app):
    """browser(username): a client signed in with a session cookie; browser(): one that is not signed in."""

    def make(username=None):
        b = Browser(app)
        if username:
            assert b.login(username).status_code == 302, f"{username} could not sign in"
        return b

    return make


@pytest.fixture
def api(app, instance):
    """api(username): a client sending a new personal access token of that user."""
    from core.auth.service import find_account, issue_token

    def make(username):
        account = find_account(instance.store, username=username)
        assert account is not None, f"no user {username}"
        return ApiClient(app, issue_token(instance.store, account, "test kit"))

    return make


@pytest.fixture
def recorded():
    """recorded(store): a context manager collecting the events its block records."""
    from core.testing.recording import recorded as recording
    return recording
