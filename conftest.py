"""Load every plugin's authorization-matrix rows (tests/plugins/NAME/routes.py) in every run, whatever is selected,
and group the tests for the parallel workers of `make test`.

The matrix (tests/test_authorization_matrix.py) fails on a route without a row, so the rows of every plugin must
be there even when one test file is run; a root conftest is the one place pytest reads for any selection.
"""

from pathlib import Path

import pytest

pytest_plugins = [*sorted(f"tests.plugins.{path.parent.name}.routes"
                           for path in Path(__file__).parent.glob("tests/plugins/*/routes.py")), "tests.e2e.report"]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (with --dist loadgroup)
def pytest_collection_modifyitems(items):
    """Keep what shares a costly fixture on one worker: the matrix's app per database, the browser tests' server."""
    for item in items:
        if item.path.name == "test_authorization_matrix.py" and hasattr(item, "callspec"):
            item.add_marker(pytest.mark.xdist_group(f"matrix-{item.callspec.params.get('world', 'table')}"))
        elif "e2e" in item.path.parts:
            item.add_marker(pytest.mark.xdist_group("e2e"))
