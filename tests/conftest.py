"""Fixtures shared by the whole suite: databases of both kinds, keys, a store, actors."""

from __future__ import annotations

import os

import pytest

from argon2 import PasswordHasher

from core.auth import passwords
from core.events import Actor
from core.store import Store
from tests.databases import KINDS, database

# Cheap argon2 parameters keep the suite fast; production uses the library's defaults.
passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))

MASTER_KEY = bytes(range(32))
SEAL_KEY = bytes(range(32, 64))


@pytest.fixture(params=KINDS)
def database_url(request, tmp_path):
    """An empty database, once on SQLite and once on PostgreSQL."""
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def make_store(database_url):
    """Build stores on the test database (several may share it, as several workers would)."""
    stores = []

    def make(projections=None):
        from plugins.casework.projections import CaseList
        store = Store(database_url, MASTER_KEY, SEAL_KEY, [CaseList()] if projections is None else projections)
        store.create_tables()
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def store(make_store):
    return make_store()


@pytest.fixture
def coordinator():
    return Actor("coordinator.helsinki", "city_coordinator", "helsinki")


@pytest.fixture
def worker():
    return Actor("worker.helsinki", "exit_worker", "helsinki")


def pytest_report_header(config):
    url = os.environ.get("EXITFI_TEST_DATABASE_URL")
    return f"exitfi databases: sqlite{', postgresql' if url else ' (postgresql skipped: EXITFI_TEST_DATABASE_URL unset)'}"
