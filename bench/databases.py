"""Throw-away databases for a run: two SQLite files, or two fresh PostgreSQL schemas dropped afterwards."""

from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
from sqlalchemy.engine import make_url

ENV_VARS = ("EXITFI_BENCH_DATABASE_URL", "EXITFI_TEST_DATABASE_URL")


def postgres_url() -> str | None:
    """The PostgreSQL server to use, from the first of ENV_VARS that is set."""
    for name in ENV_VARS:
        if os.environ.get(name):
            return os.environ[name]
    return None


def kinds() -> list[str]:
    return ["sqlite", "postgresql"] if postgres_url() else ["sqlite"]


@contextmanager
def databases(kind: str):
    """Yield (log_url, baseline_url): the store's database and a separate one for the raw-insert baseline."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="exitfi-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'log.sqlite'}", f"sqlite:///{Path(folder) / 'baseline.sqlite'}"
        return
    with _schema("log") as log_url, _schema("raw") as baseline_url:
        yield log_url, baseline_url


@contextmanager
def _schema(suffix: str):
    url = make_url(postgres_url())
    if url.drivername == "postgresql":  # psycopg (3) is the driver the project installs
        url = url.set(drivername="postgresql+psycopg")
    schema = f"bench_{uuid.uuid4().hex[:12]}_{suffix}"
    admin = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
        try:
            yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
        finally:
            with admin.connect() as c:
                c.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
    finally:
        admin.dispose()
