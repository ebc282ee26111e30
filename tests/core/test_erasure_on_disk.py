"""Erasure leaves no key behind: after `erase`, the wrapped key's bytes are in no database file."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from core.auth.service import register_user
from core.erasure import erase_person
from core.events import Actor
from core.testing.databases import KINDS, PG_REASON, database, postgres_url
from core.vault import vault_keys

OPERATOR = Actor("cli:dpo", "operator")


@pytest.fixture(params=KINDS)
def database_url(request, tmp_path):
    """SQLite, or a PostgreSQL database of the test's own: the scrub waits for every older snapshot of its
    database, so the suite's other workers' readers in the shared one would only hold it up."""
    if request.param == "sqlite":
        with database("sqlite", tmp_path) as url:
            yield url
        return
    server = postgres_url()
    if not server:
        pytest.skip(PG_REASON)
    url, name = make_url(server), f"erasure_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def wrapped_key(store, person_id: uuid.UUID) -> bytes | None:
    with store.reading() as session:
        return session.execute(select(vault_keys.c.wrapped_key).where(vault_keys.c.person_id == person_id.hex)).scalar()


def database_files(store) -> list[Path]:
    """The files the database keeps the key table in: SQLite's main file and WAL, PostgreSQL's table file."""
    engine = store.datastore.engine
    if engine.dialect.name == "sqlite":
        main = Path(make_url(str(engine.url)).database)
        return [p for p in (main, main.with_name(main.name + "-wal")) if p.exists()]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CHECKPOINT"))  # write the table's pages to its file now
        data = connection.execute(text("SHOW data_directory")).scalar()
        relative = connection.execute(text(f"SELECT pg_relation_filepath('{vault_keys.name}')")).scalar()
    return [Path(data) / relative]


def a_person_and_their_key(store) -> tuple[uuid.UUID, bytes]:
    """A new account, and the bytes of its wrapped data key as the key table holds them."""
    account = register_user(store, OPERATOR, "aava.helsinki", "Aava", "a long passphrase 2026", "helsinki",
                            roles=["exit_worker"])
    person_id = uuid.UUID(account.user_id)
    return person_id, wrapped_key(store, person_id)


def on_disk(store, secret: bytes) -> list[str]:
    return [p.name for p in database_files(store) if secret in p.read_bytes()]


def test_after_erasure_no_database_file_holds_the_wrapped_key(store):
    person_id, secret = a_person_and_their_key(store)
    assert secret and on_disk(store, secret), "the key should be found on disk before erasure (or the search is blind)"

    erase_person(store, person_id, "the person's request of 2026-11-20", OPERATOR)

    assert wrapped_key(store, person_id) is None
    assert on_disk(store, secret) == [], "a copy of the destroyed key is still on disk"
    assert store.verify().ok


def test_a_transaction_open_since_before_the_erasure_is_waited_for_then_named(store, monkeypatch):
    """PostgreSQL keeps a row version some open snapshot still sees: the scrub waits for such transactions, says
    so when one outlasts it, and asking again once it ended leaves no copy of the key."""
    from core import erasure
    from core.erasure import AlreadyErasedError
    from core.errors import ExitfiError
    if store.datastore.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no snapshot older than the write: its writer waits for the readers")
    person_id, secret = a_person_and_their_key(store)
    monkeypatch.setattr(erasure._vacuumed_clean, "__defaults__", (0.3,))
    reader = store.datastore.engine.connect()
    try:
        reader.execute(text("BEGIN ISOLATION LEVEL REPEATABLE READ"))
        reader.execute(text("SELECT 1")).all()  # a snapshot from before the erasure: it still sees the key
        with pytest.raises(ExitfiError, match="a transaction open since before it kept the old key"):
            erase_person(store, person_id, "the person's request of 2026-11-20", OPERATOR)
        assert wrapped_key(store, person_id) is None
    finally:
        reader.rollback()
        reader.close()
    monkeypatch.setattr(erasure._vacuumed_clean, "__defaults__", (30.0,))  # other work on the server may be writing
    with pytest.raises(AlreadyErasedError, match="no copy of the key is left on disk"):
        erase_person(store, person_id, "the person's request of 2026-11-20", OPERATOR)
    assert on_disk(store, secret) == []


def test_a_write_begun_before_the_erasure_in_any_database_is_waited_for(store):
    """Every new snapshot, the vacuum's own too, keeps the rows the oldest running transaction may not see yet:
    a write begun before the erasure, even in another database of the server, would keep the key on disk."""
    if store.datastore.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's writers take turns")
    person_id, secret = a_person_and_their_key(store)
    elsewhere = create_engine(postgres_url())  # the suite's shared database, not this test's own
    writer = elsewhere.connect()
    try:
        writer.execute(text("SELECT txid_current()"))  # a transaction with an id, as any write has
        erasing = threading.Thread(target=erase_person,
                                   args=(store, person_id, "the person's request of 2026-11-20", OPERATOR))
        erasing.start()
        erasing.join(1.0)
        assert erasing.is_alive(), "the erasure should wait for the older write"
        assert wrapped_key(store, person_id) is None  # the key is destroyed; only its copy on disk waits
        writer.commit()
        erasing.join(30)
        assert not erasing.is_alive()
    finally:
        writer.close()
        elsewhere.dispose()
    assert on_disk(store, secret) == []
