"""Test databases: a SQLite file, and a fresh PostgreSQL schema when EXITFI_TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.engine import make_url

PG_REASON = "PostgreSQL tests need EXITFI_TEST_DATABASE_URL (.ci/run sets it)"
KINDS = ("sqlite", "postgresql")


def postgres_url() -> str | None:
    url = os.environ.get("EXITFI_TEST_DATABASE_URL")
    if not url and os.environ.get("EXITFI_REQUIRE_POSTGRES"):
        pytest.fail("EXITFI_REQUIRE_POSTGRES is set but EXITFI_TEST_DATABASE_URL is not")
    return url


@contextmanager
def database(kind: str, tmp_path):
    """Yield the URL of an empty database of the given kind, removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'exitfi-test.sqlite'}"
        return
    url = postgres_url()
    if not url:
        pytest.skip(PG_REASON)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
    parsed = make_url(url)
    # A test's commits need not reach the disk: without waiting for the WAL flush, the suite runs faster.
    scoped = parsed.update_query_dict({"options": f"-csearch_path={schema} -csynchronous_commit=off"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def database_text(store) -> bytes:
    """Every byte the store's database holds (its SQLite files, or each table's rows on PostgreSQL), to search.

    On SQLite, dispose of the store's engine first, so that the write-ahead log is in the files.
    """
    engine = store.datastore.engine
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database)
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    meta = sqlalchemy.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return "\n".join(repr(row) for t in meta.sorted_tables for row in conn.execute(sqlalchemy.select(t))).encode()
