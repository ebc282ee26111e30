"""The exitfi command: init, verify, checkpoint, erase, projections, plugins; start-up errors."""

from __future__ import annotations

import json
import subprocess
import sys
import types
import uuid
from pathlib import Path

import click
import pytest
from sqlalchemy import func, select

from core.config import init_instance
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from tests.cli import run
from tests.core import specimen
from tests.core.instances import configure, install
from tests.core.specimen.plugin import DEMO_NAMES
from tests.core.specimen.projections import notebooks

EXITFI = str(Path(sys.executable).parent / "exitfi")
CITIES = ("helsinki", "turku", "oulu")


def test_hook_demo_data_fills_three_cities(instance_folder, capsys):
    code, out, err = run(capsys, "init", "--demo")
    assert code == 0, err
    assert "generated master.key" in err and "production keeps keys outside" in err
    for city in ("Helsinki", "Turku", "Oulu"):
        assert f"demo data added for {city}" in out
    code, out, _ = run(capsys, "projections", "list")
    assert [line.split()[:2] for line in out.splitlines() if line.startswith("specimen_notebooks")] == [
        ["specimen_notebooks", "live"]]
    from core.instance import open_instance
    inst = open_instance()
    try:
        with inst.store.reading() as session:
            cities = session.execute(select(notebooks.c.city, func.count()).group_by(notebooks.c.city)).all()
    finally:
        inst.close()
    assert sorted(cities) == sorted((city, len(DEMO_NAMES)) for city in CITIES)
    code, out, _ = run(capsys, "init", "--demo")
    assert "already has events; nothing added" in out


def test_demo_data_is_refused_in_production(instance_folder, capsys):
    init_instance(instance_folder, echo=lambda m: None)
    config = instance_folder / "exitfi.toml"
    config.write_text(config.read_text().replace('environment = "development"', 'environment = "production"'))
    code, _, err = run(capsys, "init", "--demo")
    assert code == 2 and "production" in err


def test_verify_checkpoint_and_erase(instance_folder, capsys, tmp_path):
    run(capsys, "init", "--demo")
    from core.instance import open_instance
    inst = open_instance()
    total = inst.store.recorder.max_notification_id()
    with inst.store.reading() as session:
        person_id = uuid.UUID(session.execute(select(notebooks.c.person_id).limit(1)).scalar_one())
    inst.close()
    code, out, _ = run(capsys, "verify")
    assert code == 0 and out.startswith(f"OK: {total} records sealed and verified")
    code, out, _ = run(capsys, "checkpoint")
    mark = json.loads(out)
    assert mark["position"] == total and len(mark["seal"]) == 64
    checkpoint = tmp_path / "q4.json"
    checkpoint.write_text(out)

    code, out, _ = run(capsys, "erase", str(person_id), "--reason", "Art. 17 request")
    assert code == 0 and f"erased person {person_id}" in out
    code, out, _ = run(capsys, "verify", "--checkpoint", str(checkpoint))
    assert code == 0 and f"still holds checkpoint {total}" in out and "signature valid" in out
    code, _, err = run(capsys, "erase", str(person_id), "--reason", "again")
    assert code == 1 and "already erased" in err


def test_checkpoint_is_signed_and_catches_a_cut_log(instance_folder, capsys, tmp_path):
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


def test_verify_names_the_tampered_record(instance_folder, capsys):
    run(capsys, "init", "--demo")
    from core.instance import open_instance
    from tests.core import tampering
    inst = open_instance()
    with inst.store.datastore.engine.begin() as conn:
        tampering.flip_byte(conn, inst.store.recorder.events_record_cls.__table__, 7)
    inst.close()
    code, out, _ = run(capsys, "verify")
    assert code == 1 and out.startswith("FAILED: position 7 (record 7): changed")


def test_projections_rebuild_reports_speed(instance_folder, capsys):
    run(capsys, "init", "--demo")
    code, out, err = run(capsys, "projections", "rebuild")
    notebook_events = len(CITIES) * len(DEMO_NAMES) * 3  # each demo notebook is started, kept and written in
    assert code == 0 and f"specimen_notebooks: {notebook_events} events\n" in out and "events/s" in out
    assert "exitfi_users: 36 events\n" in out  # two per demo user: 5 roles in 3 cities and 3 national ones
    from core.instance import open_instance
    inst = open_instance()
    with inst.store.reading():
        head = inst.store.recorder.max_notification_id()
    inst.close()
    assert f"exitfi_event_index: {head} events\n" in out and f"read models: {head} events of the log in" in out  # the event index reads every event of the log
    code, _, err = run(capsys, "projections", "rebuild", "nope")
    assert code == 2 and "unknown projection(s): nope" in err


def test_plugins_lists_cities_with_versions(instance_folder, monkeypatch, capsys):
    margins = PluginInfo("margins", types.ModuleType("margins"), "0.2.0", ("specimen",))
    install(monkeypatch, specimen.installed(margins))
    configure(instance_folder, ["specimen"], oulu=["specimen", "margins"])
    run(capsys, "init")
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert out.splitlines() == ["helsinki (Helsinki):", "  specimen         0.1.0",
                                "turku (Turku):", "  specimen         0.1.0",
                                "oulu (Oulu):", "  specimen         0.1.0",
                                "  margins          0.2.0  requires specimen"]


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
    """An instance folder whose cities run no plugin, broken by `edit`."""
    folder = tmp_path / "inst"
    init_instance(folder, echo=lambda m: None)
    configure(folder)
    edit(folder)
    return folder


@pytest.mark.parametrize("edit,expected", [
    (lambda f: (f / "master.key").unlink(), "key file {f}/master.key is missing; set EXITFI_MASTER_KEY"),
    (lambda f: (f / "exitfi.toml").write_text("[cities.oulu\nplugins = 1"), "exitfi.toml is not valid TOML"),
    (lambda f: (f / "exitfi.toml").write_text((f / "exitfi.toml").read_text().replace(
        'sqlite:///exitfi.sqlite', 'postgresql://nobody@127.0.0.1:1/none')), "cannot open the database"),
    (lambda f: configure(f, oulu=["kalevala"]), "city oulu: plugin 'kalevala' is not installed"),
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
