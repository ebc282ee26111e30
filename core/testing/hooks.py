"""Hooks of the test kit, for plugins' test suites (pytest hooks, implemented in a module loaded as a pytest plugin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from core.testing.matrix import Route


# pytest takes only functions named pytest_* for hook implementations, hence the prefix.
@pytest.hookspec
def pytest_exitfi_matrix_routes() -> dict[str, Route]:
    """Return the authorization-matrix rows of a plugin's routes as ``{endpoint: core.testing.matrix.Route}``.

    A route that names a record in its path has a ``core.testing.matrix.Records`` of the plugin as its row's
    ``scope``: how the matrix makes a record of a city assigned to a user, and reads a record's version.
    Implement the hook in a module that pytest loads as a plugin; in this repository that is
    ``tests/plugins/NAME/routes.py``, which the root ``conftest.py`` loads for every run. The kit calls every
    implementation and names it by its module; the core's own rows are ``core.testing.matrix.CORE_ROUTES``.

    Every route the app registers needs exactly one row: the matrix fails on a route without one, on a row
    without a route, on a permission other than the view's, and on an endpoint with rows from two modules.
    """
