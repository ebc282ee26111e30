"""Personal data: only ciphertext is stored, and erasure makes it unreadable everywhere."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, text

from core.erasure import AlreadyErasedError, erase_person
from core.errors import PersonErasedError
from core.vault import ERASED, Personal
from plugins.casework import service
from plugins.casework.projections import cases

NAME = "Zacharias Qwertyson-Ylönen"
NOTE = "Told about threats from Vyrkkäsolu"


def database_text(store) -> bytes:
    """Every byte the database holds: the SQLite files, or a scan of every table on PostgreSQL."""
    engine = store.datastore.engine
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database)
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return "\n".join(repr(row) for t in meta.sorted_tables for row in conn.execute(select(t))).encode()


def open_case_with_note(store, coordinator, worker):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", NAME, "phone")
    service.record_meeting(store, worker, case_id, date(2026, 11, 2), "in_person", 45, note=NOTE)
    return case_id, store.get(case_id).client_id


def all_personal_fields(store):
    with store.reading():
        for n in store.recorder.select_notifications(None, 10_000):
            event = store.mapper.to_domain_event(n)
            for value in vars(event).values():
                if isinstance(value, Personal):
                    yield value


def test_personal_data_is_stored_only_as_ciphertext(store, coordinator, worker):
    open_case_with_note(store, coordinator, worker)
    store.datastore.engine.dispose()  # flush SQLite's WAL into the files we read
    dump = database_text(store)
    assert b"helsinki" in dump and b"exit_worker" in dump  # the dump really holds the log
    for secret in (NAME, NOTE, "Qwertyson", "Vyrkkäsolu"):
        assert secret.encode() not in dump
        assert secret.encode("utf-16-le") not in dump
    assert {store.vault.reveal(f) for f in all_personal_fields(store)} == {NAME, NOTE}


def test_personal_field_never_shows_plaintext_in_repr(store):
    field = Personal(uuid.uuid4(), "identity", NAME)
    assert NAME not in repr(field) and NAME not in str(field) and NAME not in f"{field}"


def test_erasure_leaves_events_but_no_plaintext(store, coordinator, worker):
    case_id, client_id = open_case_with_note(store, coordinator, worker)
    before = store.verify()
    erasure = erase_person(store, client_id, "Art. 17 request of 2026-11-20, no retention applies", coordinator)
    assert erasure.person_id == client_id
    # The log is whole: every event is still there and the chain still verifies.
    report = store.verify()
    assert report.ok and report.records == before.records + 1
    # Replaying the log yields no plaintext: every personal field reads as erased.
    fields = list(all_personal_fields(store))
    assert fields and all(store.vault.reveal(f) is ERASED for f in fields)
    # The projection shows the field as erased, live and after a rebuild.
    store.runner.rebuild(store.projections["casework_cases"])
    with store.reading() as session:
        token = session.execute(select(cases.c.pseudonym).where(cases.c.case_id == case_id.hex)).scalar_one()
    assert store.vault.reveal(Personal(client_id, "identity", token=json.loads(token))) is ERASED
    # Aggregates still load, with erased fields.
    assert store.vault.reveal(store.get(case_id).pseudonym) is ERASED


def test_erasure_is_an_audited_event(store, coordinator, worker):
    _, client_id = open_case_with_note(store, coordinator, worker)
    erasure = erase_person(store, client_id, "client asked", coordinator)
    [event] = list(store.events.get(erasure.id))
    assert type(event).__name__ == "PersonalDataErased"
    assert event.person_id == client_id and event.reason == "client asked" and event.key_existed
    assert event.meta.actor_id == "coordinator.helsinki" and event.meta.reason == "client asked"


def test_erased_person_gets_no_new_personal_data(store, coordinator, worker):
    case_id, client_id = open_case_with_note(store, coordinator, worker)
    erase_person(store, client_id, "client asked", coordinator)
    with pytest.raises(PersonErasedError):
        service.record_meeting(store, worker, case_id, date(2026, 11, 3), "phone", 10, note="new note")
    # Work without personal fields goes on.
    service.record_meeting(store, worker, case_id, date(2026, 11, 3), "phone", 10)
    with pytest.raises(AlreadyErasedError):
        erase_person(store, client_id, "asked twice", coordinator)


def test_erasure_needs_a_reason(store, coordinator):
    with pytest.raises(ValueError):
        erase_person(store, uuid.uuid4(), "  ", coordinator)


def test_data_keys_are_wrapped_not_stored_plain(store, coordinator, worker):
    _, client_id = open_case_with_note(store, coordinator, worker)
    with store.reading() as session:
        wrapped = session.execute(text("SELECT wrapped_key FROM exitfi_vault_keys")).scalar_one()
    assert len(bytes(wrapped)) == 12 + 32 + 16  # nonce, key, tag: the key never sits unwrapped


def test_wrong_master_key_is_named(make_store, coordinator, worker):
    store = make_store()
    case_id, _ = open_case_with_note(store, coordinator, worker)
    from core.store import Store
    from core.testing import SEAL_KEY
    other = Store(str(store.datastore.engine.url.render_as_string(hide_password=False)), b"\x07" * 32, SEAL_KEY)
    try:
        with pytest.raises(RuntimeError, match="master key"):
            other.vault.reveal(other.get(case_id).pseudonym)
    finally:
        other.close()


def test_keys_for_a_page_load_in_one_go_and_erased_ones_read_as_erased(store, coordinator, worker):
    first, erased = (open_case_with_note(store, coordinator, worker)[1] for _ in range(2))
    erase_person(store, erased, "client asked", coordinator)
    keys = {}
    store.vault.load_keys([first, erased], keys)
    assert set(keys) == {first, erased} and keys[erased] is None and len(keys[first]) == 32
    fields = {f.person_id: f for f in all_personal_fields(store) if f.category == "identity"}
    assert store.vault.reveal(fields[first], keys=keys) == NAME
    assert store.vault.reveal(fields[erased], keys=keys) is ERASED
