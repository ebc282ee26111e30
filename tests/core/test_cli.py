"""The exitfi command: init, verify, checkpoint, erase, projections, plugins; start-up errors."""

from __future__ import annotations

import json
import uuid
import subprocess
import sys
import types
from pathlib import Path

import click
import pytest
from sqlalchemy import func, select

from tests.cli import run
from core.config import init_instance
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

EXITFI = str(Path(sys.executable).parent / "exitfi")


@pytest.fixture
def instance(tmp_path, database_url, monkeypatch):
    """An instance folder made by `exitfi init`, its store on the test database."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("EXITFI_INSTANCE", str(folder))
    monkeypatch.setenv("EXITFI_DATABASE_URL", database_url)
    return folder




def test_hook_demo_data_fills_three_cities(instance, capsys):
    code, out, err = run(capsys, "init", "--demo")
    assert code == 0, err
    assert "generated master.key" in err and "production keeps keys outside" in err
    for city in ("Helsinki", "Turku", "Oulu"):
        assert f"demo data added for {city}" in out
    code, out, _ = run(capsys, "projections", "list")
    assert "casework_cases" in out and "live" in out
    code, out, _ = run(capsys, "init", "--demo")
    assert "already has events; nothing added" in out


def test_demo_data_is_refused_in_production(instance, capsys):
    init_instance(instance, echo=lambda m: None)
    config = instance / "exitfi.toml"
    config.write_text(config.read_text().replace('environment = "development"', 'environment = "production"'))
    code, _, err = run(capsys, "init", "--demo")
    assert code == 2 and "production" in err


def test_verify_checkpoint_and_erase(instance, capsys, tmp_path):
    run(capsys, "init", "--demo")
    from core.instance import open_instance
    from plugins.casework.projections import cases
    inst = open_instance()
    total = inst.store.recorder.max_notification_id()
    with inst.store.reading() as session:
        client_id = uuid.UUID(session.execute(cases.select().limit(1)).first().client_id)
    inst.close()
    code, out, _ = run(capsys, "verify")
    assert code == 0 and out.startswith(f"OK: {total} records sealed and verified")
    code, out, _ = run(capsys, "checkpoint")
    mark = json.loads(out)
    assert mark["position"] == total and len(mark["seal"]) == 64
    checkpoint = tmp_path / "q4.json"
    checkpoint.write_text(out)

    code, out, _ = run(capsys, "erase", str(client_id), "--reason", "Art. 17 request")
    assert code == 0 and f"erased person {client_id}" in out
    code, out, _ = run(capsys, "verify", "--checkpoint", str(checkpoint))
    assert code == 0 and f"still holds checkpoint {total}" in out and "signature valid" in out
    code, _, err = run(capsys, "erase", str(client_id), "--reason", "again")
    assert code == 1 and "already erased" in err


def test_checkpoint_is_signed_and_catches_a_cut_log(instance, capsys, tmp_path):
    from core.checkpoints import signature_holds
    run(capsys, "init", "--demo")
    mark = json.loads(run(capsys, "checkpoint")[1])
    assert signature_holds(mark, mark["public_key"])  # an auditor checks it without any secret
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**mark, "position": mark["position"] - 1}))
    code, out, _ = run(capsys, "verify", "--checkpoint", str(forged))
    assert code == 1 and "signature does not hold" in out
    # Cutting the log's tail together with its seals leaves a chain that verifies on its own...
    from core.instance import open_instance
    from core.seals import seals
    inst = open_instance()
    table = inst.store.recorder.events_record_cls.__table__
    with inst.store.datastore.engine.begin() as conn:
        last = conn.execute(select(func.max(table.c.id))).scalar()
        conn.execute(table.delete().where(table.c.id == last))
        conn.execute(seals.delete().where(seals.c.position == mark["position"]))
    inst.close()
    assert run(capsys, "verify")[0] == 0
    # ...but not the quarter's checkpoint.
    kept = tmp_path / "q4.json"
    kept.write_text(json.dumps(mark))
    code, out, _ = run(capsys, "verify", "--checkpoint", str(kept))
    assert code == 1 and "cut short" in out


def test_verify_names_the_tampered_record(instance, capsys):
    run(capsys, "init", "--demo")
    from core.instance import open_instance
    from tests.core import tampering
    inst = open_instance()
    with inst.store.datastore.engine.begin() as conn:
        tampering.flip_byte(conn, inst.store.recorder.events_record_cls.__table__, 7)
    inst.close()
    code, out, _ = run(capsys, "verify")
    assert code == 1 and out.startswith("FAILED: position 7 (record 7): changed")


def test_projections_rebuild_reports_speed(instance, capsys):
    run(capsys, "init", "--demo")
    code, out, err = run(capsys, "projections", "rebuild")
    assert code == 0 and "casework_cases: 36 events in" in out and "events/s" in out
    assert "exitfi_users: 34 events in" in out
    code, _, err = run(capsys, "projections", "rebuild", "nope")
    assert code == 2 and "unknown projection(s): nope" in err


def test_plugins_lists_cities_with_versions(instance, capsys):
    run(capsys, "init")
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert "helsinki (Helsinki):" in out and "oulu (Oulu):" in out
    assert "referrals        0.1.0  requires network" in out


def test_hook_register_commands_adds_a_plugin_command(monkeypatch, capsys):
    module = types.ModuleType("fake_cmds")

    @hookimpl
    def register_commands(cli):
        @cli.command("hello-oulu")
        def hello():
            click.echo("terve Oulu")

    module.register_commands = register_commands
    monkeypatch.setattr("core.plugins.discover", lambda: {"fake": PluginInfo("fake", module, "1", ())})
    code, out, _ = run(capsys, "hello-oulu")
    assert (code, out) == (0, "terve Oulu\n")


# -- start-up problems: one line, exit 2, nothing written -----------------------

def start(folder, *args, env=None):
    import os
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EXITFI_")}
    environ.update(env or {}, EXITFI_INSTANCE=str(folder))
    return subprocess.run([EXITFI, *args], capture_output=True, text=True, env=environ, timeout=60)


def broken(tmp_path, edit):
    folder = tmp_path / "inst"
    init_instance(folder, echo=lambda m: None)
    edit(folder)
    return folder


@pytest.mark.parametrize("edit,expected", [
    (lambda f: (f / "master.key").unlink(), "key file {f}/master.key is missing; set EXITFI_MASTER_KEY"),
    (lambda f: (f / "exitfi.toml").write_text("[cities.oulu\nplugins = 1"), "exitfi.toml is not valid TOML"),
    (lambda f: (f / "exitfi.toml").write_text((f / "exitfi.toml").read_text().replace(
        'sqlite:///exitfi.sqlite', 'postgresql://nobody@127.0.0.1:1/none')), "cannot open the database"),
    (lambda f: (f / "exitfi.toml").write_text((f / "exitfi.toml").read_text().replace(
        '"city_oulu"]', '"city_oulu", "kalevala"]')), "city oulu: plugin 'kalevala' is not installed"),
    (lambda f: (f / "seal.key").write_text("c2hvcnQ="), "must be 32 bytes"),
])
def test_start_up_problems_print_one_line_and_exit_2(tmp_path, edit, expected):
    folder = broken(tmp_path, edit)
    before = sorted(p.name for p in folder.iterdir())
    result = start(folder, "verify")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("exitfi: ")
    assert expected.format(f=folder) in lines[0]
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written


def test_no_configuration_says_how_to_make_one(tmp_path):
    result = start(tmp_path / "missing", "verify")
    assert result.returncode == 2 and "run 'exitfi init'" in result.stderr
    assert not (tmp_path / "missing").exists()
