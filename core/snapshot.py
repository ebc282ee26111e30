"""A read snapshot of the whole database: every query in it sees the same moment, whatever commits meanwhile."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.engine import Connection


@contextmanager
def snapshot(store):
    """Yield a connection whose reads all see the database as it was at the first of them.

    Export and the replay check read the log, the seals, the keys and the read models in many batches;
    a write committed between two batches would make the file or the comparison describe no moment at all.
    """
    engine = store.datastore.engine
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            with connection.begin() as transaction:
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                try:
                    yield connection
                finally:
                    transaction.rollback()
        return
    # The SQLite driver begins a transaction only before a write, so each read would see the latest commit;
    # an explicit BEGIN on a connection the driver leaves alone holds one snapshot (WAL) until it ends.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.exec_driver_sql("ROLLBACK")


def rows_in_batches(connection: Connection, query, key, batch: int = 1000):
    """Yield the rows of a query ordered by a unique column, `batch` at a time (keyset paging: no OFFSET)."""
    last = None
    while True:
        q = query.order_by(key).limit(batch)
        if last is not None:
            q = q.where(key > last)
        rows = connection.execute(q).all()
        yield from rows
        if len(rows) < batch:
            return
        last = getattr(rows[-1], key.name)
