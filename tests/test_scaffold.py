"""`exitfi plugins new`: the package it makes has the house anatomy, `exitfi plugins` lists it once installed,
and its own tests pass at once (on PostgreSQL too, when the suite runs with it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import init_instance
from core.scaffold import create_plugin
from core.errors import ValidationError
from tests.cli import run

ANATOMY = {"plugin.py", "domain.py", "service.py", "projections.py", "queries.py", "schemas.py", "views.py",
           "rest.py", "web.py", "demo.py"}


def installed_as_pip_would(folder: Path, site: Path, name: str) -> dict:
    """The environment of a process that sees the package installed (editable): its metadata on the path."""
    info = site / f"exitfi_{name}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: exitfi-{name}\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(f"[exitfi.plugins]\n{name} = exitfi_{name}.plugin\n")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(folder)])}


def test_a_new_plugin_is_listed_once_installed_and_its_own_tests_pass(tmp_path, capsys):
    code, out, err = run(capsys, "plugins", "new", "mentoring", "--dir", str(tmp_path))
    assert code == 0, err
    folder = tmp_path / "exitfi-mentoring"
    package = folder / "exitfi_mentoring"
    assert ANATOMY <= {p.name for p in package.glob("*.py")}
    assert (package / "templates" / "mentoring" / "entry.html").is_file()
    assert list((package / "migrations" / "versions").glob("mentoring_0001_*.py"))
    assert "from core.toolkit import" in (package / "domain.py").read_text()

    env = installed_as_pip_would(folder, tmp_path / "site", "mentoring")
    instance = tmp_path / "instance"
    init_instance(instance, echo=lambda m: None)
    listed = subprocess.run([sys.executable, "-c", "from core.cli import main; main()", "--instance", str(instance),
                             "plugins"], env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "installed, run by no city:\n  mentoring        0.1.0" in listed.stdout

    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=folder, env=env,
                           capture_output=True, text=True, timeout=600)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout.splitlines()[-1] and "failed" not in tests.stdout.splitlines()[-1]


@pytest.mark.parametrize("name", ["Mentoring", "1st", "exitfi_x", "city_porvoo", "class", "a"])
def test_a_name_that_cannot_be_a_plugin_is_refused(tmp_path, name):
    with pytest.raises(ValidationError):
        create_plugin(name, tmp_path)
    assert not list(tmp_path.iterdir())


def test_an_existing_folder_is_never_overwritten(tmp_path):
    create_plugin("mentoring", tmp_path)
    with pytest.raises(ValidationError):
        create_plugin("mentoring", tmp_path)
