"""An exit worker's caseload is found through the worker's own indexes, not by walking the whole city's list."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from sqlalchemy import event, text

from plugins.casework.projections import CaseList
from plugins.casework.queries import caseload, open_case_count

ROWS = 20_000
TOKEN = json.dumps({"p": "00" * 16, "c": "identity"})  # the token of a pseudonym, never decrypted here
WORKER = SimpleNamespace(username="worker-7", city="city-1", roles=("exit_worker",))


def fill(store) -> None:
    """Many rows straight in SQL: two cities, 400 workers; worker-7 has a few cases, one more as second worker."""
    series = {"postgresql": f"SELECT i FROM generate_series(1, {ROWS}) AS i",
              "sqlite": f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS}) "
                        "SELECT i FROM n"}
    with store.recorder.transaction(commit=True) as session:
        dialect = session.get_bind().dialect.name
        number = "lpad(i::text, 32, '0')" if dialect == "postgresql" else "printf('%032d', i)"
        session.execute(text(f"""
            INSERT INTO casework_cases (case_id, city, kind, phase, worker_id, client_id, pseudonym, meetings,
                                        opened_at, updated_at, version, second_worker_id)
            SELECT {number}, 'city-' || (i % 2), 'individual', 'active_support', 'worker-' || (i % 400), {number},
                   :token, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, CASE WHEN i = 3 THEN 'worker-7' END
            FROM ({series[dialect]}) AS n"""), {"token": TOKEN})
        session.execute(text("ANALYZE casework_cases"))  # this table only: others' tests run beside this one


def plan(store, call) -> str:
    """The database's plan of the one query `call` sends about the case list."""
    captured, engine = [], store.datastore.engine

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "casework_cases" in statement and "EXPLAIN" not in statement:
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    statement, parameters = captured[-1]
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        return "\n".join(" ".join(str(c) for c in row)
                         for row in connection.exec_driver_sql(explain + statement, parameters).all())


@pytest.fixture
def filled(make_store):
    store = make_store([CaseList()])
    fill(store)
    return store


def test_a_workers_caseload_is_searched_by_the_workers_indexes(filled):
    rows = caseload(filled, WORKER, limit=100)
    assert len(rows) == ROWS // 400 + 1  # worker-7 has every 400th case, all in city-1, and shares one more
    assert {r.case_id for r in rows if r.worker_id != "worker-7"} == {f"{3:032d}"}
    assert all(r.city == "city-1" for r in rows)
    for call in (lambda: caseload(filled, WORKER, limit=100), lambda: open_case_count(filled, WORKER)):
        found = plan(filled, call)
        assert "casework_cases_caseload" in found and "casework_cases_second_worker" in found, found
        assert "casework_cases_city_recent" not in found, found
