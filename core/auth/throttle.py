"""Throttling sign-in and token use per client address and per username, shared by every worker.

Counters live in one table of the database, so several gunicorn workers (and several hosts) see the
same counts; each attempt is one upsert. They are operational state, not facts for the log: an
attempt on a locked account is counted here instead of being recorded as an event, so nobody
without an account can grow the sealed log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Column, DateTime, Integer, String, Table, case, select, update
from sqlalchemy.dialects import postgresql, sqlite

from core.tables import metadata

WINDOW = timedelta(minutes=15)
# Attempts per window: an office behind one address signs many people in at nine; one name needs few.
LIMITS = {"address": 100, "username": 12, "token": 30}

attempts = Table(
    "exitfi_sign_in_attempts", metadata,
    Column("key", String(200), primary_key=True),  # "address:203.0.113.9", "username:aino.helsinki", "token:..."
    Column("window_start", DateTime(timezone=True), nullable=False),
    Column("count", Integer, nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False, index=True),
)


@dataclass(frozen=True)
class Verdict:
    """Whether an attempt may go ahead, and when the caller may try again if not."""

    allowed: bool
    retry_after: int = 0  # seconds


def count(store, kind: str, value: str, limits: dict | None = None, now: datetime | None = None) -> Verdict:
    """Count one attempt under `kind:value` and say whether it stays within the window's limit."""
    now = now or datetime.now(timezone.utc)
    start = now - WINDOW
    key = f"{kind}:{value}"[:200]
    dialect = store.datastore.engine.dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(attempts)
    stale = attempts.c.window_start < start
    statement = insert.values(key=key, window_start=now, count=1, last_at=now).on_conflict_do_update(
        index_elements=[attempts.c.key],
        set_={"count": case((stale, 1), else_=attempts.c.count + 1),
              "window_start": case((stale, now), else_=attempts.c.window_start),
              "last_at": now},
    ).returning(attempts.c.count, attempts.c.window_start)
    with store.recorder.transaction(commit=True) as session:
        total, began = session.execute(statement).one()
    if total <= (limits or LIMITS)[kind]:
        return Verdict(True)
    began = began if began.tzinfo else began.replace(tzinfo=timezone.utc)
    return Verdict(False, max(1, int((began + WINDOW - now).total_seconds())))


def forgive(store, kind: str, value: str) -> None:
    """Take back one attempt under `kind:value`: a sign-in that succeeded is no attempt to guess."""
    key = f"{kind}:{value}"[:200]
    with store.recorder.transaction(commit=True) as session:
        session.execute(update(attempts).where(attempts.c.key == key, attempts.c.count > 0)
                        .values(count=attempts.c.count - 1))


def recent(store, limit: int = 200) -> list:
    """The counters of the last day, busiest first: what an administrator looks at."""
    since = datetime.now(timezone.utc) - timedelta(days=1)
    with store.reading() as session:
        return session.execute(select(attempts).where(attempts.c.last_at >= since)
                               .order_by(attempts.c.count.desc(), attempts.c.last_at.desc()).limit(limit)).all()
