"""The demo data written once per test run and copied into each new test database, row for row.

`exitfi init --demo` replays every command through the store: seals, vault keys, projections. For
a test that needs the demo as its starting point, that is the same bytes every time, so the kit
writes it once per database kind and configuration and copies the rows afterwards. The copy is the
log, its seals, the vault's keys, the tracking positions and every read model: the same instance
the commands would have made, with the same ids.
"""

from __future__ import annotations

from sqlalchemy import select, text

from core.migrations import models

_WRITTEN: dict[tuple, dict[str, list[dict]]] = {}


def demo_key(instance) -> tuple:
    """What the demo depends on: the database kind, the cities and their plugins, and the plugins installed."""
    cities = tuple((slug, c.plugins, repr(sorted(c.options.items()))) for slug, c in instance.settings.cities.items())
    installed = tuple(sorted((name, p.module.__name__) for name, p in instance.host.installed.items()))
    return instance.store.datastore.engine.dialect.name, cities, installed


def copy_or_write(instance, write) -> None:
    """Copy the demo written before for this kind of instance, or write it with `write` and keep its rows."""
    key = demo_key(instance)
    if key in _WRITTEN:
        _insert(instance.store, _WRITTEN[key])
    else:
        write()
        _WRITTEN[key] = _rows(instance.store)


def _tables(store) -> list:
    store_tables = [store.recorder.events_record_cls.__table__, store.tracking.tracking_table]
    return [*store_tables, *models(store).sorted_tables]


def _rows(store) -> dict[str, list[dict]]:
    with store.datastore.engine.connect() as connection:
        return {t.name: [dict(r._mapping) for r in connection.execute(select(t))] for t in _tables(store)}


def _insert(store, rows: dict[str, list[dict]]) -> None:
    with store.datastore.engine.begin() as connection:
        for table in _tables(store):
            if rows.get(table.name):
                connection.execute(table.insert(), rows[table.name])
        if connection.dialect.name == "postgresql":  # explicit ids leave the log's sequence behind
            events = store.recorder.events_record_cls.__table__.name
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{events}', 'id'), "
                                    f"(SELECT max(id) FROM {events}))"))
