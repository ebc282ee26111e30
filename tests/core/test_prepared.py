"""Prepared statements: compiled once, run on the driver's cursor, with SQLAlchemy's conversions and errors."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import sqlalchemy.exc
from sqlalchemy import (JSON, Column, Date, DateTime, Integer, LargeBinary, MetaData, String, Table, bindparam,
                        create_engine, select, text, update)
from sqlalchemy.orm import Session

from core.prepared import Prepared

scratch = MetaData()
visits = Table("prepared_visits", scratch, Column("visit_id", String(32), primary_key=True),
               Column("held_on", Date, nullable=True), Column("at", DateTime(timezone=True), nullable=False),
               Column("notes", JSON, nullable=False), Column("blob", LargeBinary, nullable=True),
               Column("count", Integer, nullable=False))

AT = datetime(2026, 3, 4, 5, 6, 7, 890000, tzinfo=timezone.utc)
ADD = Prepared(visits.insert().values({c.name: bindparam(c.name) for c in visits.columns}))
COUNTED = Prepared(update(visits).where(visits.c.visit_id == bindparam("_visit")).values(count=visits.c.count + 1)
                   .returning(visits.c.count))
READ = Prepared(select(visits.c.held_on, visits.c.at, visits.c.notes, visits.c.blob, visits.c.count)
                .where(visits.c.visit_id == bindparam("_visit")))


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url)
    scratch.drop_all(engine)
    scratch.create_all(engine)
    yield engine
    scratch.drop_all(engine)
    engine.dispose()


def visit(visit_id: str, **values) -> dict:
    return {"visit_id": visit_id, "held_on": date(2026, 3, 4), "at": AT, "notes": {"topic": "housing", "n": [1, 2]},
            "blob": b"\x00\xffseal", "count": 0} | values


def test_what_it_writes_sqlalchemy_reads_back_and_what_it_reads_is_what_sqlalchemy_reads(engine):
    with engine.begin() as connection:
        ADD.rows(connection, visit("a"))
        ADD.many(connection, [visit("b", held_on=None, blob=None), visit("c", count=7)])
    with engine.connect() as connection:
        expected = {r.visit_id: r for r in connection.execute(select(visits))}
        assert expected["a"].held_on == date(2026, 3, 4) and expected["a"].notes == {"topic": "housing", "n": [1, 2]}
        assert expected["a"].at.replace(tzinfo=timezone.utc) == AT and bytes(expected["a"].blob) == b"\x00\xffseal"
        assert expected["b"].held_on is None and expected["c"].count == 7
        for visit_id, row in expected.items():
            read = READ.rows(connection, {"_visit": visit_id})
            assert read == [(row.held_on, row.at, row.notes, row.blob, row.count)]
        assert READ.rows(connection, {"_visit": "nobody"}) == []


def test_the_statements_own_values_apply_and_its_returning_rows_come_back(engine):
    with Session(engine) as session, session.begin():
        ADD.rows(session, visit("a", count=2))
        assert COUNTED.rows(session, {"_visit": "a"}) == [(3,)]
        assert COUNTED.rows(session, {"_visit": "a"}) == [(4,)]
        assert COUNTED.rows(session, {"_visit": "none"}) == []


def test_it_runs_in_the_callers_transaction(engine):
    with Session(engine) as session:
        session.begin()
        ADD.rows(session, visit("a"))
        session.rollback()
    with engine.connect() as connection:
        assert connection.execute(select(visits)).all() == []


def test_a_driver_error_is_sqlalchemys_and_writes_nothing(engine):
    with engine.begin() as connection:
        ADD.rows(connection, visit("a"))
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        with engine.begin() as connection:
            ADD.rows(connection, visit("b"))
            ADD.rows(connection, visit("a"))
    with engine.connect() as connection:
        assert [r.visit_id for r in connection.execute(select(visits))] == ["a"]


def test_a_missing_value_and_a_list_parameter_are_refused_by_name(engine):
    with engine.begin() as connection:
        with pytest.raises(TypeError, match="'at'"):
            ADD.rows(connection, {k: v for k, v in visit("a").items() if k != "at"})
        listed = Prepared(select(visits.c.count).where(visits.c.visit_id.in_(bindparam("ids", expanding=True))))
        with pytest.raises(ValueError, match="list parameter"):
            listed.rows(connection, {"ids": ["a"]})


def test_a_lost_connection_is_dropped_and_the_next_transaction_gets_a_live_one(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no connection to lose")
    with engine.begin() as connection:
        ADD.rows(connection, visit("a"))
    with pytest.raises(sqlalchemy.exc.OperationalError) as raised:
        with engine.begin() as connection:
            backend = connection.connection.driver_connection.info.backend_pid
            with engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            READ.rows(connection, {"_visit": "a"})
    assert raised.value.connection_invalidated
    with engine.begin() as connection:
        assert READ.rows(connection, {"_visit": "a"})[0][4] == 0
