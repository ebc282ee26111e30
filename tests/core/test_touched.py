"""Touched rows: a batch's rows read at once, changed in memory in order, and written back at once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import JSON, Column, Date, Integer, MetaData, String, Table, create_engine, select

from core.touched import CHUNK, TouchedRows, TouchedTables

scratch = MetaData()
visits = Table("touched_visits", scratch, Column("case_id", String(32), primary_key=True),
               Column("number", Integer, primary_key=True), Column("city", String(40), nullable=False),
               Column("held_on", Date, nullable=True), Column("notes", JSON, nullable=False))
tallies = Table("touched_tallies", scratch, Column("city", String(40), primary_key=True),
                Column("count", Integer, nullable=False))


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url)
    scratch.create_all(engine)
    yield engine
    engine.dispose()


def everything(engine, table) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(table).order_by(*table.primary_key.columns))]


def test_rows_are_read_changed_in_order_and_written_back(engine):
    with engine.begin() as connection:
        connection.execute(visits.insert(), [{"case_id": f"c{i:04}", "number": 1, "city": "oulu", "held_on": None,
                                              "notes": {"n": i}} for i in range(CHUNK + 3)])  # more than an IN list
    with engine.begin() as connection:
        rows = TouchedTables(visits, tallies)
        rows[visits].read(connection, visits.c.case_id, [f"c{i:04}" for i in range(CHUNK + 3)] + ["c0000"])
        assert rows[visits].get("c0502", 1)["notes"] == {"n": 502}
        rows[visits].add({"case_id": "c0000", "number": 2, "city": "oulu", "held_on": date(2026, 1, 2),
                          "notes": {"n": "new"}})
        rows[visits].change("c0000", 2, city="turku")  # a new row changed before it is written: inserted as it ends
        rows[visits].change("c0001", 1, city="turku", held_on=date(2026, 1, 3))
        rows[visits].change("c0001", 1, notes={"n": "later"})
        assert rows[visits].change("nobody", 1, city="turku") is None  # as an UPDATE of no row
        rows[tallies].add({"city": "turku", "count": 2})
        rows.write(connection)
    found = everything(engine, visits)
    assert len(found) == CHUNK + 4
    assert found[:3] == [("c0000", 1, "oulu", None, {"n": 0}), ("c0000", 2, "turku", date(2026, 1, 2), {"n": "new"}),
                         ("c0001", 1, "turku", date(2026, 1, 3), {"n": "later"})]
    assert everything(engine, tallies) == [("turku", 2)]


def test_rows_are_found_by_a_column_other_than_the_key(engine):
    with engine.begin() as connection:
        connection.execute(visits.insert(), [{"case_id": "c1", "number": n, "city": "oulu", "held_on": None,
                                              "notes": {}} for n in (1, 2)])
    with engine.begin() as connection:
        rows = TouchedTables(TouchedRows(visits, by=("city",)), tallies)
        rows[visits].read(connection, visits.c.case_id, ["c1"])
        rows[visits].add({"case_id": "c2", "number": 1, "city": "turku", "held_on": None, "notes": {}})
        assert sorted(r["number"] for r in rows[visits].having("city", "oulu")) == [1, 2]
        assert rows[visits].found("city", "turku")["case_id"] == "c2"
        assert rows[visits].found("city", "helsinki") is None and rows[visits].having("city", "helsinki") == []


def test_a_row_added_twice_is_refused_before_anything_is_written(engine):
    with engine.begin() as connection:
        connection.execute(tallies.insert().values(city="oulu", count=1))
    with engine.begin() as connection:
        rows = TouchedRows(tallies)
        rows.read(connection, tallies.c.city, ["oulu"])
        with pytest.raises(ValueError, match="already has the row"):
            rows.add({"city": "oulu", "count": 5})
    assert everything(engine, tallies) == [("oulu", 1)]
