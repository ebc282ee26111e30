"""Statements compiled once per database and run on the driver's own cursor: the few a command always runs."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import exc
from sqlalchemy.orm import Session

_NAMED = re.compile(r"%\((\w+)\)s")


class Prepared:
    """A SQLAlchemy Core statement, compiled once per dialect, run on the connection's driver cursor.

    SQLAlchemy's execution of a prebuilt statement (its cache lookup, parameter and result objects) cost several
    times SQLite's own work on the short statements that every command runs. The statement keeps its column types'
    conversions, and a driver's error is raised as SQLAlchemy raises it, the connection dropped if it was lost.
    """

    def __init__(self, statement):
        self.statement = statement
        self._built: dict = {}

    def rows(self, connection, params: dict | None = None) -> list[tuple]:
        """Run the statement in the connection's (or session's) transaction; the rows it returns, converted."""
        connection, built = self._for(connection)
        sql, results = built[0], built[5]
        arguments = _arguments(built, params)
        with _driver_errors(connection, sql, arguments), _cursor(connection) as cursor:
            cursor.execute(sql, arguments)
            found = cursor.fetchall() if cursor.description else []
        if results:
            found = [tuple(p(v) if p else v for p, v in zip(results, row)) for row in found]
        return found

    def many(self, connection, rows: list[dict]) -> None:
        """Run the statement once for each row of parameters (the driver's executemany); it returns nothing."""
        connection, built = self._for(connection)
        arguments = [_arguments(built, row) for row in rows]
        with _driver_errors(connection, built[0], arguments), _cursor(connection) as cursor:
            cursor.executemany(built[0], arguments)

    def _for(self, connection):
        if isinstance(connection, Session):
            connection = connection.connection()
        dialect = connection.dialect
        built = self._built.get(dialect.name)
        if built is None:
            built = self._built[dialect.name] = _compile(self.statement, dialect)
        return connection, built


def _arguments(built, params: dict | None):
    """The driver's parameters: by place or by name, as the driver takes them, each converted as its type says."""
    _, used, positional, defaults, binds, _ = built
    values = {**defaults, **params} if params else defaults
    try:
        arguments = [values[name] for name in used]
    except KeyError as e:
        raise TypeError(f"the statement needs a value for {e}") from None
    for place, process in binds:
        arguments[place] = process(arguments[place])
    return tuple(arguments) if positional else dict(zip(used, arguments))


@contextmanager
def _cursor(connection):
    cursor = connection.connection.driver_connection.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


@contextmanager
def _driver_errors(connection, sql: str, arguments):
    """Raise a driver's error as SQLAlchemy would (an IntegrityError is a version clash or a seal taken), hiding
    the parameters where the engine hides them."""
    dialect = connection.dialect
    try:
        yield
    except dialect.loaded_dbapi.Error as e:
        lost = dialect.is_disconnect(e, connection.connection.dbapi_connection, None)
        if lost and not connection.invalidated:
            connection.invalidate(e)  # as SQLAlchemy does: the pool must not hand the dead connection out again
        raise exc.DBAPIError.instance(sql, arguments, e, dialect.loaded_dbapi.Error, dialect=dialect,
                                      hide_parameters=connection.engine.hide_parameters,
                                      connection_invalidated=lost) from e


def _compile(statement, dialect):
    """The SQL, the names of its parameters in order, whether the driver takes them by place, the statement's own
    values, the parameters' conversions (by place) and the result columns' conversions."""
    compiled = statement.compile(dialect=dialect)
    if any(b.expanding for b in compiled.binds.values()):
        raise ValueError("a prepared statement takes no list parameter: give each value a parameter of its own")
    sql = str(compiled)
    positional = compiled.positional
    used = list(compiled.positiontup) if positional else list(dict.fromkeys(_NAMED.findall(sql)))
    by_name = {compiled.bind_names[b]: b for b in compiled.binds.values()}
    defaults = {n: by_name[n].effective_value for n in used if not by_name[n].required}
    processors = compiled._bind_processors
    binds = [(place, processors[n]) for place, n in enumerate(used) if n in processors]
    results = [c[3].dialect_impl(dialect).result_processor(dialect, None) for c in compiled._result_columns]
    return sql, used, positional, defaults, binds, results if any(results) else None
