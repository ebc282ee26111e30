"""Load every plugin's authorization-matrix rows (tests/plugins/NAME/routes.py) in every run, whatever is selected.

The matrix (tests/test_authorization_matrix.py) fails on a route without a row, so the rows of every plugin must
be there even when one test file is run; a root conftest is the one place pytest reads for any selection.
"""

from pathlib import Path

pytest_plugins = sorted(f"tests.plugins.{path.parent.name}.routes"
                        for path in Path(__file__).parent.glob("tests/plugins/*/routes.py"))
