"""Replay check: the read models that decide access must equal a replay of the sealed log, row for row.

The seal chain proves the log; a row written straight into a read model (a role, a token, an
emergency grant) would pass it. So `exitfi verify` also rebuilds each projection marked
`decides_access` in a scratch database and names every row that differs from the live one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from core.projections import apply
from core.vault import Personal

BATCH = 1000


@dataclass(frozen=True)
class Difference:
    """One row of a read model that the log does not account for (or that is missing)."""

    table: str
    key: tuple
    what: str  # "written beside the log", "missing", "changed"

    def __str__(self) -> str:
        return f"{self.table} row {', '.join(map(str, self.key))}: {self.what}"


def access_models(store) -> list:
    """The projections whose rows decide who may do what."""
    return [p for p in store.projections.values() if getattr(p, "decides_access", False)]


def all_differences(store) -> list[Difference]:
    """Every row of every access-deciding read model that the log does not account for."""
    return [d for projection in access_models(store) for d in differences(store, projection)]


def differences(store, projection) -> list[Difference]:
    """Rebuild a projection from the log in memory and compare it with the live tables."""
    scratch = create_engine("sqlite://")
    try:
        for table in projection.tables:
            table.create(scratch)
        with Session(scratch) as session:
            _replay(store, projection, session)
            replayed = {t.name: _rows(session, t) for t in projection.tables}
        with store.reading() as session:
            live = {t.name: _rows(session, t) for t in projection.tables}
    finally:
        scratch.dispose()
    found = []
    for table in projection.tables:
        want, have = replayed[table.name], live[table.name]
        found += [Difference(table.name, k, "written beside the log") for k in sorted(have.keys() - want.keys())]
        found += [Difference(table.name, k, "missing") for k in sorted(want.keys() - have.keys())]
        found += [Difference(table.name, k, "not what the log says") for k in sorted(want.keys() & have.keys())
                  if want[k] != have[k]]
    return found


def _replay(store, projection, session) -> None:
    position, topics = 0, projection.topics
    with store.reading():
        while True:
            batch = store.recorder.select_notifications(position, BATCH, topics=topics, inclusive_of_start=False)
            for n in batch:
                apply(projection, session, store.mapper.to_domain_event(n), n.id)
            if len(batch) < BATCH:
                return
            position = batch[-1].id


def _rows(session, table) -> dict[tuple, tuple]:
    key = [c.name for c in table.primary_key.columns]
    return {tuple(r[k] for k in key): tuple(_plain(v) for v in r.values())
            for r in (row._mapping for row in session.execute(select(table)))}


def _plain(value):
    """Compare values as the log gives them: SQLite hands back naive UTC times, PostgreSQL aware ones."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, Personal):
        return repr(sorted(value.token.items()))
    return value
