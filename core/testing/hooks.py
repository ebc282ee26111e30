"""Hooks of the test kit, for plugins' test suites (pytest hooks, implemented in a plugin's conftest)."""

from __future__ import annotations

import pytest


@pytest.hookspec
def exitfi_matrix_routes():
    """Return the authorization-matrix rows of a plugin's routes as ``{endpoint: core.testing.matrix.Route}``.

    Every route the app registers needs a row; the matrix fails on a route without one.
    """
