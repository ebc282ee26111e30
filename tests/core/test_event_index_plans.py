"""Each filter of the event browser is served by its own index, on a log of many events, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from core.event_index import EventFilter, browse
from core.event_index import __doc__ as documented

ROWS = 100_000
PERSON = "ab" * 16

# The filter, and the index whose name the database's plan must show (the module's docstring says the same).
# Each asks for a few events among many: where a value is common, walking the key backwards finds a page as
# fast, and the planner rightly does that instead.
SERVED = [
    (EventFilter(record="0" * 31 + "7"), "exitfi_event_index_record"),
    (EventFilter(user="user-17"), "exitfi_event_index_actor"),
    (EventFilter(topics=("t:Event.Rare",)), "exitfi_event_index_topic"),
    (EventFilter(city="city-rare"), "exitfi_event_index_city"),
    (EventFilter(person=PERSON), "exitfi_event_persons"),
    (EventFilter(day_from=date(2026, 1, 10), day_to=date(2026, 1, 10)), "exitfi_event_index_at"),
]


def fill(store) -> None:
    """Many index rows straight in SQL: 2,000 records, 500 users, 50 types and 20 cities (one rare each) over a year."""
    sql = {
        "postgresql": f"""
            INSERT INTO exitfi_event_index (position, record_id, version, topic, at, actor_id, role, city, reason,
                                            request_id)
            SELECT i, lpad((i % 2000)::text, 32, '0'), 1,
                   CASE WHEN i % 4999 = 0 THEN 't:Event.Rare' ELSE 't:Event.K' || (i % 50) END,
                   timestamptz '2026-01-01' + (i * interval '300 seconds'), 'user-' || (i % 500), 'role',
                   CASE WHEN i % 5003 = 0 THEN 'city-rare' ELSE 'city-' || (i % 20) END, NULL, 'r'
            FROM generate_series(1, {ROWS}) AS i""",
        "sqlite": f"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS})
            INSERT INTO exitfi_event_index (position, record_id, version, topic, at, actor_id, role, city, reason,
                                            request_id)
            SELECT i, printf('%032d', i % 2000), 1,
                   CASE WHEN i % 4999 = 0 THEN 't:Event.Rare' ELSE 't:Event.K' || (i % 50) END,
                   strftime('%Y-%m-%d %H:%M:%S.000000', '2026-01-01', '+' || (i * 300) || ' seconds'),
                   'user-' || (i % 500), 'role',
                   CASE WHEN i % 5003 = 0 THEN 'city-rare' ELSE 'city-' || (i % 20) END, NULL, 'r' FROM n""",
    }
    with store.recorder.transaction(commit=True) as session:
        dialect = session.get_bind().dialect.name
        session.execute(text(sql[dialect]))
        session.execute(text(f"INSERT INTO exitfi_event_persons (person_id, position) "
                             f"SELECT '{PERSON}', position FROM exitfi_event_index WHERE position % 997 = 0"))
        for table in ("exitfi_event_index", "exitfi_event_persons"):  # these only: ANALYZE of everything would
            session.execute(text(f"ANALYZE {table}"))  # lock the tables of the tests running beside this one


def plan(store, wanted: EventFilter) -> str:
    """The database's plan of the first page's query."""
    captured = []
    from sqlalchemy import event as sa_event
    engine = store.datastore.engine

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "exitfi_event_index" in statement and "EXPLAIN" not in statement:
            captured.append((statement, parameters))

    sa_event.listen(engine, "before_cursor_execute", keep)
    try:
        browse(store, wanted, before=ROWS - 100)
    finally:
        sa_event.remove(engine, "before_cursor_execute", keep)
    statement, parameters = captured[-1]
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(explain + statement, parameters).all()
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


@pytest.fixture
def filled(store):
    fill(store)
    return store


@pytest.mark.parametrize("wanted, index", SERVED, ids=[index for _, index in SERVED])
def test_each_filter_is_served_by_its_index(filled, wanted, index):
    rows, following = browse(filled, wanted, before=ROWS - 100)
    assert rows, "the filter should find events"
    assert index in plan(filled, wanted)
    assert index in documented


def test_no_filter_walks_the_primary_key_backwards(filled):
    rows, following = browse(filled, EventFilter(), before=1000, limit=50)
    assert [r.position for r in rows] == list(range(999, 949, -1)) and following == 950
    found = plan(filled, EventFilter())
    assert "Sort" not in found and "TEMP B-TREE" not in found  # no sort: the key gives the order
