"""The rows of one table that a batch of events touches: read at once, changed in memory, written back at once.

A read model whose handlers each ran a statement per event spends most of a rebuild in those statements. With
``TouchedRows`` its ``process_batch`` reads the rows its events name (``read``), its handlers add and change them
in memory in log order (``add``, ``get``, ``change``), and ``write`` inserts the new rows and updates the changed
ones, a statement for each. A command's few events take the same path, so there is one way to apply an event.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, select, update

from core.projections import Projection, insert_rows

CHUNK = 500  # values in one IN list


class TouchedProjection(Projection):
    """A read model whose handlers change touched rows in memory: `touched` reads them for a batch's events."""

    def touched(self, session, events: list):
        """The rows the events touch (a TouchedRows, or a TouchedTables of several), read from the session."""
        raise NotImplementedError

    def process(self, session, event) -> None:
        self.process_batch(session, [(event, None)])

    def process_batch(self, session, items: list) -> None:
        events = [e for e, _ in items if type(e) in self._handlers]
        if events:
            rows = self.touched(session, events)
            for e in events:
                self._handlers[type(e)](self, rows, e)
            rows.write(session)


class TouchedRows:
    """The touched rows of one table, by primary key (a tuple of its columns' values)."""

    def __init__(self, table, by: tuple[str, ...] = ()):
        self.table = table
        self._key = [c.name for c in table.primary_key.columns]
        self._rows: dict[tuple, dict] = {}
        # In the order the batch made them (dicts, not sets): rows are written in log order, every run alike.
        self._new: dict[tuple, None] = {}
        self._changed: dict[tuple, None] = {}
        # Rows found by other columns than the key (`having`): columns whose value a handler never changes.
        self._by: dict[str, dict] = {column: {} for column in by}

    def read(self, session, column, values) -> None:
        """Read the rows whose `column` holds one of `values`, unless already in memory."""
        values = sorted(set(values))
        for start in range(0, len(values), CHUNK):
            query = select(self.table).where(column.in_(values[start:start + CHUNK]))
            for row in session.execute(query).mappings():
                if self._key_of(row) not in self._rows:
                    self._keep(dict(row))

    def get(self, *key) -> dict | None:
        """The row with this key, as it stands in the batch so far; None if there is none."""
        return self._rows.get(key)

    def having(self, column: str, value) -> list[dict]:
        """The rows in memory whose `column` (one named in `by`) holds the value."""
        return [self._rows[k] for k in self._by[column].get(value, ())]

    def found(self, column: str, value) -> dict | None:
        """The row whose unique `column` (one named in `by`) holds the value; None if there is none."""
        keys = self._by[column].get(value)
        return self._rows[keys[0]] if keys else None

    def add(self, row: dict) -> None:
        """A new row, naming every column."""
        key = self._key_of(row)
        if key in self._rows:  # as the insert would be refused, and nothing of the batch is written
            raise ValueError(f"{self.table.name} already has the row {key}")
        self._keep(row)
        self._new[key] = None

    def change(self, *key, **values) -> dict | None:
        """Set values on the row with this key and return it; as an UPDATE of no row, nothing if there is none."""
        row = self._rows.get(key)
        if row is not None:
            row.update(values)
            self._changed[key] = None
        return row

    def write(self, session) -> None:
        """Insert the new rows and update the changed ones that were read."""
        insert_rows(session, self.table, [self._rows[k] for k in self._new])
        changed = [self._rows[k] for k in self._changed if k not in self._new]
        if changed:
            statement, columns = _setting_every_column(self.table)
            session.execute(statement, [{f"key_{c}": r[c] for c in self._key} | {f"new_{c}": r[c] for c in columns}
                                        for r in changed])

    def _key_of(self, row) -> tuple:
        return tuple(row[c] for c in self._key)

    def _keep(self, row: dict) -> None:
        key = self._key_of(row)
        self._rows[key] = row
        for column, found in self._by.items():
            found.setdefault(row[column], []).append(key)


_updates: dict[str, tuple] = {}


def _setting_every_column(table) -> tuple:
    """UPDATE table SET every other column WHERE its key is the row's: built once per table."""
    if table.name not in _updates:
        key = list(table.primary_key.columns)
        columns = [c.name for c in table.columns if c not in key]
        statement = update(table).where(and_(*(c == bindparam(f"key_{c.name}") for c in key))).values(
            {c: bindparam(f"new_{c}") for c in columns})
        _updates[table.name] = statement, columns
    return _updates[table.name]


class TouchedTables:
    """The touched rows of several tables, each found by its table: give a table, or its TouchedRows made with `by`."""

    def __init__(self, *tables):
        made = [t if isinstance(t, TouchedRows) else TouchedRows(t) for t in tables]
        self._of = {rows.table.name: rows for rows in made}

    def __getitem__(self, table) -> TouchedRows:
        return self._of[table.name]

    def write(self, session) -> None:
        for rows in self._of.values():
            rows.write(session)
