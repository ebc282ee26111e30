"""A newcomer's path: the store is private to its owner, and a second `init --demo` says how to sign in."""

from __future__ import annotations

import stat

from core.config import init_instance
from core.demo import load_demo
from core.instance import open_instance
from tests.cli import run


def test_the_sqlite_store_and_its_wal_are_readable_by_the_owner_only(tmp_path, capsys):
    init_instance(tmp_path, echo=lambda m: None)
    instance = open_instance(tmp_path)
    try:
        load_demo(instance, echo=lambda m: None)  # writes, so the WAL is there while the store is open
        made = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("exitfi.sqlite"))
        assert "exitfi.sqlite" in made and "exitfi.sqlite-wal" in made, made
        for name in made:
            mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
            assert mode == 0o600, f"{name} is {oct(mode)}"
    finally:
        instance.close()


def test_a_second_init_prints_the_demo_logins_again(tmp_path, capsys):
    run(capsys, "--instance", str(tmp_path), "init", "--demo")
    code, out, _ = run(capsys, "--instance", str(tmp_path), "init", "--demo")
    assert code == 0 and "nothing added" in out
    assert "demo users (password:" in out and "worker.helsinki" in out and "auditor.national" in out
