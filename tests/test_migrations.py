"""Schema migrations: databases made before them upgrade in place, the revisions build the models, `exitfi db`."""

from __future__ import annotations

import base64
import json
import textwrap
import types
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Boolean, Column, DateTime, LargeBinary, MetaData, String, Table, inspect, select, text

from core.config import CitySettings, init_instance
from core.errors import StartupError
from core.hookspecs import hookimpl
from core.instance import Instance, open_instance
from core.plugins import PluginHost, PluginInfo, discover
from core.projections import Projection
from core.store import Store
from core.toolkit import finnish_today
from tests.cli import run
from core.testing import settings_for

FEATURES = ("casework", "referrals", "network", "training")


def web_settings(database_url: str, **overrides):
    """The pilot cities running the bundled plugins, with any city replaced."""
    settings = settings_for(database_url)
    settings.cities.update(overrides)
    return settings

FIRST = ["core_0001", "casework_0001"]
HEAD = ["core_0001", "training_0001", "referrals_0001", "referrals_0002", "network_0001", "network_0002",
        "network_0003", "network_0004", "casework_0001", "casework_0002", "casework_0003", "casework_0004", "casework_0005",
        "casework_0006", "casework_0007", "casework_0008", "casework_0009", "casework_0010", "casework_0011", "casework_0012",
        "casework_0013", "casework_0014", "core_0002", "core_0003", "core_0004", "core_0005"]  # every revision, in the order an upgrade applies them
HEADS = ("casework_0014", "core_0005", "network_0004", "referrals_0002", "training_0001")
AFTER_FIRST = [revision for revision in HEAD if revision not in FIRST]  # what an upgrade applies after recording FIRST
FIRST_DEMO = Path(__file__).parent / "data" / "first_revision_demo.json"


@pytest.fixture
def settings(database_url):
    return web_settings(database_url)


@pytest.fixture
def instance(settings):
    """An instance of three cities running the bundled plugins, its database untouched."""
    inst = open_instance(settings=settings, migrate=False)
    yield inst
    inst.close()


def made_before_migrations(instance) -> None:
    """Give the database the schema `exitfi init` made before migrations, with the demo data of that day.

    The schema is the first revisions, none recorded (they were written to be exactly that schema).
    The data is a copy of what `exitfi init --demo` wrote with the code of that day (the test kit's
    fixed keys): today's code would write rows the old schema has no table for.
    """
    schema = instance.schema
    with schema.engine.begin() as connection:
        command.upgrade(schema.config(connection), "casework_0001")  # and core_0001, which it depends on
        connection.execute(text("DROP TABLE alembic_version"))
        load_rows(connection, instance.store, json.loads(FIRST_DEMO.read_text(encoding="utf-8")))


def load_rows(connection, store, dump: dict) -> None:
    """Insert a dump of every table (SQLite's raw values) into this database, typed as its columns are."""
    tables = MetaData()
    tables.reflect(connection)
    # The library's own tables, as the library declares them (reflection cannot tell its UUID column).
    declared = {t.name: t for t in (store.recorder.events_record_cls.__table__, store.tracking.tracking_table)}
    for name, rows in dump.items():
        table = declared.get(name, tables.tables.get(name))
        if rows:
            connection.execute(table.insert(), [{k: typed(table.c[k].type, v) for k, v in r.items()} for r in rows])
    if connection.dialect.name == "postgresql":  # explicit ids leave the log's sequence behind
        connection.execute(text("SELECT setval(pg_get_serial_sequence('exitfi_events', 'id'), "
                                "(SELECT max(id) FROM exitfi_events))"))


def typed(column_type, value):
    if isinstance(value, dict):
        raw = base64.b64decode(value["b64"])
        return uuid.UUID(bytes=raw) if "UUID" in type(column_type).__name__.upper() else raw
    if value is None:
        return None
    if isinstance(column_type, DateTime):
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if isinstance(column_type, Boolean):
        return bool(value)
    return value


def rows(instance, names) -> dict[str, list]:
    """Every row of the named tables, in a stable order, in the columns the first revision gave them."""
    first = json.loads(FIRST_DEMO.read_text(encoding="utf-8"))
    with instance.store.datastore.engine.connect() as connection:
        tables = MetaData()
        tables.reflect(connection, only=list(names))
        return {name: sorted(tuple(map(str, r)) for r in connection.execute(
                    select(*(tables.tables[name].c[c] for c in sorted(_columns(first, name, tables.tables[name]))))))
                for name in names}


def _columns(dump: dict, name: str, table) -> list[str]:
    """The columns a table had at the first revision (those of its dumped rows, else all it has now)."""
    return list(dump[name][0]) if dump.get(name) else [c.name for c in table.columns]


def test_a_database_made_before_migrations_upgrades_in_place_with_its_data(instance):
    made_before_migrations(instance)
    schema = instance.schema
    old_tables = set(json.loads(FIRST_DEMO.read_text(encoding="utf-8"))) & set(schema.models.tables)
    before = rows(instance, old_tables)
    assert schema.current() == () and schema.pending() == HEAD

    done = schema.upgrade()

    assert done.recorded == FIRST and done.applied == AFTER_FIRST
    assert schema.differences() == []
    assert schema.pending() == [] and set(schema.current()) == set(HEADS)
    assert rows(instance, old_tables) == before
    assert len(before["exitfi_users"]) == 17 and len(before["casework_cases"]) == 12
    assert instance.store.verify().ok
    # Today's code reads the old log: rebuilding every read model gives the rows the old code made.
    for projection in instance.store.projections.values():
        instance.store.runner.rebuild(projection)
    assert rows(instance, old_tables - {"exitfi_seals", "exitfi_vault_keys"}) == {
        k: v for k, v in before.items() if k not in ("exitfi_seals", "exitfi_vault_keys")}


def test_the_revisions_build_the_models(instance):
    """The test that fails when a model changes without a revision (or a revision without its model)."""
    schema = instance.schema
    assert schema.upgrade().applied == HEAD
    assert schema.differences() == []

    with schema.engine.begin() as connection:
        command.downgrade(schema.config(connection), "base")
    assert set(inspect(schema.engine).get_table_names()) == {"alembic_version", "exitfi_events", "exitfi_tracking"}
    assert schema.upgrade().applied == HEAD
    assert schema.differences() == []


def test_plans_of_cases_closed_before_the_revision_are_no_longer_due_after_it(instance):
    from datetime import timedelta

    from core.demo import demo_actors
    from plugins.casework import service as cases
    from plugins.casework.plan import service as plans
    from plugins.casework.plan.projections import plan_actions
    instance.schema.upgrade()
    coordinator, today = demo_actors("helsinki")["coordinator"], finnish_today()
    ids = []
    for _ in range(2):
        case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Lumi", "phone")
        cases.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
        plans.draw_up_plan(instance.store, coordinator, case_id, today + timedelta(days=5), today=today)
        plans.add_goal(instance.store, coordinator, case_id, "housing", "A home of my own.")
        plans.add_action(instance.store, coordinator, case_id, 1, "Apply.", "Housing services", today, today=today)
        ids.append(case_id.hex)
    cases.close_case(instance.store, coordinator, case_id, "goals_met", today)
    with instance.schema.engine.begin() as connection:
        command.downgrade(instance.schema.config(connection), "casework_0013")
    instance.schema.upgrade()
    with instance.store.reading() as session:
        found = dict(session.execute(select(plan_actions.c.case_id, plan_actions.c.case_open)).all())
    assert found == {ids[0]: True, ids[1]: False}


def test_the_comparison_sees_a_model_that_changed_without_a_revision(instance):
    schema = instance.schema
    schema.upgrade()
    schema.models.tables["casework_cases"].append_column(Column("never_migrated", String(32)))
    schema.models.remove(schema.models.tables["exitfi_vault_keys"])
    Table("exitfi_vault_keys", schema.models, Column("person_id", String(32), nullable=False),
          Column("wrapped_key", LargeBinary, primary_key=True), Column("created_at", DateTime(timezone=True),
          nullable=False), Column("erased_at", DateTime(timezone=True), nullable=True))

    found = schema.differences()

    assert [d[3].name for d in found if d[0] == "add_column"] == ["never_migrated"]
    assert ("primary_key", "exitfi_vault_keys", ["person_id"], ["wrapped_key"]) in found


def test_the_shortcut_builds_what_the_revisions_build(instance):
    """Fixtures build stores with `create_tables` (no Alembic run per test): it must give the same schema."""
    instance.store.create_tables()
    assert instance.schema.differences() == []


def test_a_failed_upgrade_leaves_nothing_behind(instance):
    from core.auth.projections import users
    users.to_metadata(MetaData()).create(instance.schema.engine)  # in the way of core_0001
    tables = set(inspect(instance.schema.engine).get_table_names())

    with pytest.raises(StartupError, match="^schema upgrade failed: .*exitfi_users"):
        instance.schema.upgrade()

    assert set(inspect(instance.schema.engine).get_table_names()) == tables


# -- a plugin's own branch ------------------------------------------------------

ARCHIVE_0001 = '''
    """The archive's boxes."""
    import sqlalchemy as sa
    from alembic import op

    revision = "archive_0001"
    down_revision = None
    branch_labels = ("archive",)
    depends_on = "core_0001"


    def upgrade():
        op.create_table("archive_boxes", sa.Column("box_id", sa.String(32), primary_key=True))


    def downgrade():
        op.drop_table("archive_boxes")
'''

ARCHIVE_0002 = '''
    """Boxes get a shelf."""
    import sqlalchemy as sa
    from alembic import op

    revision = "archive_0002"
    down_revision = "archive_0001"
    branch_labels = None
    depends_on = None


    def upgrade():
        with op.batch_alter_table("archive_boxes") as batch:
            batch.add_column(sa.Column("shelf", sa.String(20), nullable=True))


    def downgrade():
        with op.batch_alter_table("archive_boxes") as batch:
            batch.drop_column("shelf")
'''


def archive_plugin(folder, *revisions: str, shelf: bool = False) -> PluginInfo:
    """A plugin from another package, with its revisions in migrations/versions beside its module."""
    versions = folder / "archive" / "migrations" / "versions"
    for number, source in enumerate(revisions, start=1):
        versions.mkdir(parents=True, exist_ok=True)
        (versions / f"archive_{number:04d}.py").write_text(textwrap.dedent(source))
    boxes = Table("archive_boxes", MetaData(), Column("box_id", String(32), primary_key=True),
                  *([Column("shelf", String(20), nullable=True)] if shelf else []))

    class Boxes(Projection):
        name = "archive_boxes"
        tables = (boxes,)

    module = types.ModuleType("archive.plugin")
    module.__file__ = str(folder / "archive" / "plugin.py")
    module.projections = hookimpl(lambda: [Boxes()])
    return PluginInfo("archive", module, "1", ())


def open_with(settings, plugin: PluginInfo | None, runs_it: bool = True):
    """Open a store for cities that run the archive plugin, or that have it installed only."""
    installed = {**discover(), **({plugin.name: plugin} if plugin else {})}
    plugins = (*FEATURES, "city_helsinki", *(("archive",) if runs_it else ()))
    settings = web_settings(settings.database_url, helsinki=CitySettings("helsinki", "Helsinki", "fi", plugins))
    host = PluginHost(settings, installed=installed)
    store = Store(settings.database_url, settings.master_key, settings.seal_key, host.projections())
    return Instance(settings, host, store)


def test_a_plugin_owns_its_revisions_beside_its_module(settings, tmp_path):
    archive = open_with(settings, archive_plugin(tmp_path, ARCHIVE_0001))
    try:
        assert sorted(archive.schema.upgrade().applied) == sorted([*HEAD, "archive_0001"])
        assert archive.schema.differences() == []
    finally:
        archive.close()

    shelved = open_with(settings, archive_plugin(tmp_path, ARCHIVE_0001, ARCHIVE_0002, shelf=True))
    try:
        assert shelved.schema.pending() == ["archive_0002"]
        assert ("archive", "archive_0001", "archive_0002") in shelved.schema.positions()
        assert shelved.schema.upgrade().applied == ["archive_0002"]
        assert shelved.schema.differences() == []
    finally:
        shelved.close()


def test_a_plugin_no_city_runs_keeps_its_revisions_known(settings, tmp_path):
    plugin = archive_plugin(tmp_path, ARCHIVE_0001)
    archive = open_with(settings, plugin)
    archive.schema.upgrade()
    archive.close()

    dropped = open_with(settings, plugin, runs_it=False)
    try:
        assert [b.label for b in dropped.schema.targets] == ["core", "casework", "network", "referrals", "training"]
        assert dropped.schema.pending() == [] and dropped.schema.upgrade().applied == []
    finally:
        dropped.close()

    uninstalled = open_with(settings, None, runs_it=False)
    try:
        with pytest.raises(StartupError, match="archive_0001"):
            uninstalled.schema.pending()
    finally:
        uninstalled.close()


def test_a_plugin_writes_its_revisions_from_its_models(settings, tmp_path):
    def upgraded(plugin):
        instance = open_with(settings, plugin)
        instance.schema.upgrade()
        return instance

    archive = upgraded(archive_plugin(tmp_path))
    first = archive.schema.revision("archive", "the archive's boxes")
    archive.close()
    assert first.parent == tmp_path / "archive" / "migrations" / "versions" and first.name.startswith("archive_0001_")
    source = first.read_text()
    assert "branch_labels = ('archive',)" in source and "depends_on = 'core_0005'" in source  # the core's newest
    assert "op.create_table('archive_boxes'" in source and "casework" not in source

    shelved = upgraded(archive_plugin(tmp_path, shelf=True))
    second = shelved.schema.revision("archive", "boxes get a shelf")
    shelved.close()
    source = second.read_text()
    assert second.name.startswith("archive_0002_") and "down_revision = 'archive_0001'" in source
    assert "batch_op.add_column(sa.Column('shelf'" in source

    done = upgraded(archive_plugin(tmp_path, shelf=True))
    try:
        assert set(done.schema.current()) == {*HEADS, "archive_0002"} - {"core_0005"}
        assert done.schema.pending() == [] and done.schema.differences() == []
    finally:
        done.close()


# -- the command ------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path, database_url, monkeypatch):
    """An instance folder with its configuration and keys, its database empty."""
    folder = tmp_path / "instance"
    init_instance(folder, echo=lambda m: None)
    monkeypatch.setenv("EXITFI_INSTANCE", str(folder))
    monkeypatch.setenv("EXITFI_DATABASE_URL", database_url)
    return folder


def test_db_upgrade_brings_a_new_database_to_head_and_then_does_nothing(folder, capsys):
    code, out, err = run(capsys, "db", "upgrade")
    assert code == 0, err
    assert out == f"schema upgraded: {', '.join(HEAD)}\n"
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0 and out == "schema up to date\n"
    code, out, _ = run(capsys, "db", "current")
    branches = ("core", "casework", "network", "referrals", "training")
    assert out.split() == [word for branch in branches
                           for word in (branch, next(h for h in HEADS if h.startswith(f"{branch}_")), "up", "to", "date")]


def test_db_upgrade_records_a_database_made_before_migrations(folder, capsys):
    before = open_instance(migrate=False)
    made_before_migrations(before)
    before.close()
    code, out, err = run(capsys, "db", "upgrade")
    assert code == 0, err
    assert out == ("tables made before migrations recorded as core_0001, casework_0001\n"
                   f"schema upgraded: {', '.join(AFTER_FIRST)}\n")


def test_db_revision_names_the_branches_there_are(folder, capsys):
    code, _, err = run(capsys, "db", "revision", "archive", "-m", "boxes")
    assert code == 2 and err.startswith("exitfi: no branch 'archive': name the core or a plugin some city runs (core, ")


def test_init_upgrades_the_database(folder, capsys):
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert f"schema upgraded: {', '.join(HEAD)}" in out
    code, out, _ = run(capsys, "db", "current")
    assert "behind" not in out


def test_production_does_not_start_on_a_database_behind_head(folder, capsys):
    config = folder / "exitfi.toml"
    config.write_text(config.read_text().replace('environment = "development"', 'environment = "production"')
                      .replace("session_cookie_secure = false", "session_cookie_secure = true"))

    code, out, err = run(capsys, "verify")
    assert code == 2 and out == ""
    assert err == (f"exitfi: the database lacks {len(HEAD)} schema revision(s) ({', '.join(HEAD)});"
                   " run 'exitfi db upgrade' first\n")

    assert run(capsys, "db", "upgrade")[0] == 0
    code, out, _ = run(capsys, "verify")
    assert code == 0 and out.startswith("OK: 0 records")
