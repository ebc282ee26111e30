"""`exitfi export`, `import`, `audit replay` and `verify --checkpoint` as an operator and an auditor use them."""

from __future__ import annotations

import json
import shutil

from sqlalchemy import select, update

from core.seals import seals
from core.testing.databases import database
from tests.cli import run
from tests.core import specimen, tampering
from tests.core.instances import configure
from tests.core.specimen.projections import notebooks


def kind_of(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def test_export_then_import_into_a_new_instance_with_the_same_keys(instance_folder, database_url, capsys, tmp_path,
                                                                    monkeypatch):
    run(capsys, "init", "--demo")
    backup = tmp_path / "backup.jsonl.gz"
    code, out, _ = run(capsys, "export", str(backup))
    assert code == 0 and "exported" in out and "signed" in out
    code, _, err = run(capsys, "export", str(backup))
    assert code == 1 and "never overwrites" in err
    restored = tmp_path / "restored"
    configure(restored, [specimen.NAME])
    for key in ("master.key", "seal.key"):
        shutil.copy(instance_folder / key, restored / key)
    (tmp_path / "elsewhere").mkdir()
    with database(kind_of(database_url), tmp_path / "elsewhere") as empty:
        monkeypatch.setenv("EXITFI_DATABASE_URL", empty)
        assert run(capsys, "--instance", str(restored), "init")[0] == 0  # keeps the keys copied in, adds the rest
        code, out, err = run(capsys, "--instance", str(restored), "import", str(backup))
        assert code == 0, err
        assert "specimen_notebooks: rebuilt from" in out and out.splitlines()[-1].startswith("OK: ")
        code, out, _ = run(capsys, "--instance", str(restored), "verify")
        assert code == 0 and "sealed and verified" in out
        code, out, _ = run(capsys, "--instance", str(restored), "audit", "replay")
        assert code == 0 and out.splitlines()[-1].startswith("OK: every read model")
        code, _, err = run(capsys, "--instance", str(restored), "import", str(backup))
        assert code == 1 and "import refused, nothing was written: the store is not empty" in err


def test_audit_replay_passes_on_the_demo_and_names_a_row_changed_in_a_read_model(instance_folder, capsys):
    run(capsys, "init", "--demo")
    code, out, err = run(capsys, "audit", "replay")
    assert code == 0 and out.splitlines()[-1].startswith("OK: every read model (6) equals a replay of the log")
    assert "specimen_notebooks: 9 rows equal a replay of the log up to position" in out and "specimen_notebooks" in err
    from core.instance import open_instance
    inst = open_instance()
    try:
        with inst.store.datastore.engine.begin() as conn:
            first, second = sorted(r.notebook_id for r in conn.execute(notebooks.select()))[:2]
            conn.execute(update(notebooks).where(notebooks.c.notebook_id == first).values(keeper_id="someone.else"))
            conn.execute(notebooks.delete().where(notebooks.c.notebook_id == second))
    finally:
        inst.close()
    code, out, _ = run(capsys, "audit", "replay")
    assert code == 1
    assert [line for line in out.splitlines() if not line.startswith("exitfi_")] == sorted([
        f"DIFFERENT: specimen_notebooks row {first}: not what the log says in keeper_id",
        f"DIFFERENT: specimen_notebooks row {second}: missing"]) + [
        "FAILED: 2 difference(s) in 1 read model(s) between the tables and the log"]


def test_a_checkpoint_kept_from_before_catches_a_change_resealed_with_the_key(instance_folder, capsys, tmp_path):
    run(capsys, "init", "--demo")
    kept = tmp_path / "q1.json"
    kept.write_text(run(capsys, "checkpoint")[1])
    from core.instance import open_instance
    inst = open_instance()
    try:
        table = inst.store.recorder.events_record_cls.__table__
        with inst.store.datastore.engine.begin() as conn:
            chosen = conn.execute(select(table.c.id).where(table.c.topic.endswith("Notebook.KeeperChosen"))
                                  .order_by(table.c.id).limit(1)).scalar_one()
            position = conn.execute(select(seals.c.position).where(seals.c.notification_id == chosen)).scalar_one()
            tampering.replace_in_state(conn, table, position, b"worker.helsinki", b"worker.turku")
            tampering.reseal_from(conn, inst.store.seals, table, position)
    finally:
        inst.close()
    code, out, _ = run(capsys, "verify")
    assert code == 0  # the chain, resealed by someone holding the key, holds on its own...
    code, out, _ = run(capsys, "verify", "--checkpoint", str(kept))
    mark = json.loads(kept.read_text())
    assert code == 1 and f"position {mark['position']}: the log no longer holds the checkpoint" in out  # ...not this
