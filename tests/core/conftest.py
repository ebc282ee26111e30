"""The core's tests run against their own test plugin (tests/core/specimen), never against a real one."""

from __future__ import annotations

import pytest

from tests.core import specimen
from tests.core.instances import configure, install


@pytest.fixture
def installed():
    """Only the specimen is installed: the pilot cities each run it."""
    return specimen.installed()


@pytest.fixture
def make_store(make_store):
    """The kit's stores, keeping the specimen's notebook list besides the core's read models by default."""

    def make(projections=None):
        return make_store(specimen.read_models() if projections is None else projections)

    return make


@pytest.fixture
def instance_folder(tmp_path, database_url, monkeypatch):
    """An instance folder whose cities run the specimen, its store on the test database; `exitfi init` adds keys."""
    folder = tmp_path / "instance"
    configure(folder, [specimen.NAME])
    install(monkeypatch, specimen.installed())
    monkeypatch.setenv("EXITFI_INSTANCE", str(folder))
    monkeypatch.setenv("EXITFI_DATABASE_URL", database_url)
    return folder
