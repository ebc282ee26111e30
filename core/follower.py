"""Followers: the read models kept outside the writers' transactions, by `exitfi projections follow`.

A follower catches up from its tracked position in a transaction of its own. On PostgreSQL the log
tells when to: a statement-level trigger on the log's table sends a notification on CHANNEL in the
writer's own transaction (no round trip of its own; it reaches listeners when the writer commits),
and the follower waits on LISTEN, with a poll now and then in case one was lost. SQLite has no
notifications, so there the follower polls.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

import psycopg
import sqlalchemy.exc
from eventsourcing.persistence import PersistenceError
from sqlalchemy import text, update

from core.errors import first_line
from core.tables import EVENTS_TABLE

CHANNEL = "exitfi_log"
POLL_SQLITE = 1.0  # seconds between polls where nothing wakes the follower
POLL_POSTGRESQL = 60.0  # the longest wait for a notification before looking anyway
RETRY = 5.0  # seconds before trying again after the database failed
TICK = 1.0  # the longest a wait lasts before the follower looks whether it was asked to stop

# The payload is the log's schema: several deployments (or test runs) may share one database, and a
# follower wakes only for its own log. Notifications of one payload sent in one transaction fold into one.
NOTIFY_FUNCTION = f"""CREATE OR REPLACE FUNCTION {EVENTS_TABLE}_notify() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_notify('{CHANNEL}', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$f$"""
NOTIFY_TRIGGER = (f"CREATE TRIGGER {EVENTS_TABLE}_notify AFTER INSERT ON {EVENTS_TABLE} "
                  f"FOR EACH STATEMENT EXECUTE FUNCTION {EVENTS_TABLE}_notify()")
# One statement that makes both unless the trigger is there: Store.create_tables sends it with the rest of its DDL.
NOTIFY_DDL = f"""DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{EVENTS_TABLE}_notify'
                 AND tgrelid = '{EVENTS_TABLE}'::regclass) THEN
    EXECUTE $ddl${NOTIFY_FUNCTION}$ddl$;
    EXECUTE $ddl${NOTIFY_TRIGGER}$ddl$;
  END IF;
END
$do$"""

DATABASE_ERRORS = (sqlalchemy.exc.DBAPIError, PersistenceError, sqlite3.Error, psycopg.Error)


def followers(store) -> list:
    """The store's read models that are not live, by name."""
    return sorted((p for p in store.projections.values() if not p.live), key=lambda p: p.name)


def catch_up(store, projections=None) -> dict[str, int]:
    """Bring follower read models (all, or those given) up to the log's head; return the events each applied."""
    done = {}
    for projection in followers(store) if projections is None else projections:
        with store.recorder.transaction(commit=True) as session:
            _claim(store, session, projection)
            done[projection.name] = store.runner.catch_up(session, projection)
    return done


def _claim(store, session, projection) -> None:
    """Make any other follower of the same read model wait until this transaction ends, so no event applies twice."""
    # The runner reads the tracked position before it writes: without this, two followers would read
    # the same position and apply the same events, the second after the first committed.
    if store.datastore.engine.dialect.name == "postgresql":
        # Keyed by schema and name (not a row lock: a follower never tracked has no row to lock yet).
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext(:name))"),
                        {"name": projection.name})
        return
    # SQLite (through pysqlite) opens the transaction at its first write and reads before it outside
    # one: a write first takes the database's write lock, so the position read next is the latest.
    tracking = store.tracking.tracking_table
    session.execute(update(tracking).where(tracking.c.application_name == projection.name)
                    .values(notification_id=tracking.c.notification_id))


class Listener:
    """A PostgreSQL connection of its own, listening for the log's notifications."""

    def __init__(self, engine):
        args, params = engine.dialect.create_connect_args(engine.url)
        self.connection = psycopg.connect(*args, **params, autocommit=True)
        self.schema = self.connection.execute("SELECT current_schema()").fetchone()[0]
        self.connection.execute(f"LISTEN {CHANNEL}")

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds` for a write to this schema's log; say whether one came (then take every one queued)."""
        woken = False
        for notification in self.connection.notifies(timeout=seconds):
            if notification.payload == self.schema:
                woken = True
                break
        if woken:
            for _ in self.connection.notifies(timeout=0):
                pass  # those queued meanwhile are answered by the same catch-up
        return woken

    def close(self) -> None:
        self.connection.close()


def follow(store, stop: threading.Event, interval: float | None = None, applied: Callable | None = None,
           failed: Callable = print) -> None:
    """Keep the follower read models up to date until `stop` is set; `applied(name, count)` hears of each catch-up."""
    # A database error is told to `failed` in one line; the follower tries again after RETRY seconds.
    postgresql = store.datastore.engine.dialect.name == "postgresql"
    interval = interval or (POLL_POSTGRESQL if postgresql else POLL_SQLITE)
    listener = None
    try:
        while not stop.is_set():
            try:
                if postgresql and listener is None:
                    listener = Listener(store.datastore.engine)  # before catching up: no write falls in between
                for name, count in catch_up(store).items():
                    if count and applied:
                        applied(name, count)
                _wait(listener, stop, interval)
            except DATABASE_ERRORS as e:
                failed(f"the database failed: {first_line(e)}; trying again in {RETRY:g} s")
                if listener is not None:
                    _close_quietly(listener)
                    listener = None
                stop.wait(RETRY)
    finally:
        if listener is not None:
            _close_quietly(listener)


def _wait(listener: Listener | None, stop: threading.Event, seconds: float) -> None:
    """Wait for a notification (or, on SQLite, for time to pass), looking every TICK whether to stop."""
    while seconds > 0 and not stop.is_set():
        tick = min(seconds, TICK)
        if listener is None:
            stop.wait(tick)
        elif listener.wait(tick):
            return
        seconds -= tick


def start_thread(store, interval: float | None = None, failed: Callable = print) -> tuple[threading.Thread,
                                                                                         threading.Event]:
    """Follow in a thread of this process (the development server's); return it and the event that stops it."""
    stop = threading.Event()
    thread = threading.Thread(target=follow, args=(store, stop, interval), kwargs={"failed": failed},
                              name="exitfi-follower", daemon=True)
    thread.start()
    return thread, stop


def _close_quietly(listener: Listener) -> None:
    try:
        listener.close()
    except Exception:  # a connection the database dropped may fail to close; it is gone either way
        pass
