"""Personal data: only ciphertext is stored, and erasure makes it unreadable everywhere."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import Text, select, text, type_coerce

from core.erasure import AlreadyErasedError, erase_person
from core.errors import PersonErasedError, ValidationError
from core.testing import database_text, head
from core.vault import ERASED, Personal
from tests.core.specimen import domain as notebooks
from tests.core.specimen.projections import notebooks as notebook_table

NAME = "Zacharias Qwertyson-Ylönen"
NOTE = "Told about threats from Vyrkkäsolu"


def notebook_with_note(store, coordinator, worker):
    notebook_id = notebooks.start(store, coordinator, "helsinki", NAME)
    notebooks.write(store, worker, notebook_id, 4, NOTE)
    return notebook_id, store.get(notebook_id).person_id


def name_in_projection(store, notebook_id) -> Personal:
    """The name in the notebook list, as the personal column hands it back."""
    with store.reading() as session:
        return session.execute(select(notebook_table.c.name).where(
            notebook_table.c.notebook_id == notebook_id.hex)).scalar_one()


def all_personal_fields(store):
    with store.reading():
        for n in store.recorder.select_notifications(None, 10_000):
            event = store.mapper.to_domain_event(n)
            for value in vars(event).values():
                if isinstance(value, Personal):
                    yield value


def test_personal_data_is_stored_only_as_ciphertext(store, coordinator, worker):
    notebook_with_note(store, coordinator, worker)
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
    notebook_id, person_id = notebook_with_note(store, coordinator, worker)
    before = store.verify()
    erasure = erase_person(store, person_id, "Art. 17 request of 2026-11-20, no retention applies", coordinator)
    assert erasure.person_id == person_id
    # The log is whole: every event is still there and the chain still verifies.
    report = store.verify()
    assert report.ok and report.records == before.records + 1
    # Replaying the log yields no plaintext: every personal field reads as erased.
    fields = list(all_personal_fields(store))
    assert fields and all(store.vault.reveal(f) is ERASED for f in fields)
    # The projection shows the field as erased, live and after a rebuild.
    assert store.vault.reveal(name_in_projection(store, notebook_id)) is ERASED
    store.runner.rebuild(store.projections["specimen_notebooks"])
    assert store.vault.reveal(name_in_projection(store, notebook_id)) is ERASED
    with store.reading() as session:
        token = session.execute(select(type_coerce(notebook_table.c.name, Text)).where(
            notebook_table.c.notebook_id == notebook_id.hex)).scalar_one()
    assert store.vault.reveal(Personal(person_id, "identity", token=json.loads(token))) is ERASED  # as stored
    # Aggregates still load, with erased fields.
    assert store.vault.reveal(store.get(notebook_id).name) is ERASED


def test_erasure_is_an_audited_event(store, coordinator, worker):
    _, person_id = notebook_with_note(store, coordinator, worker)
    erasure = erase_person(store, person_id, "client asked", coordinator)
    [event] = list(store.events.get(erasure.id))
    assert type(event).__name__ == "PersonalDataErased"
    assert event.person_id == person_id and event.reason == "client asked" and event.key_existed
    assert event.meta.actor_id == "coordinator.helsinki" and event.meta.reason == "client asked"


def test_erased_person_gets_no_new_personal_data(store, coordinator, worker):
    notebook_id, person_id = notebook_with_note(store, coordinator, worker)
    erase_person(store, person_id, "client asked", coordinator)
    with pytest.raises(PersonErasedError):
        notebooks.write(store, worker, notebook_id, 1, "new note")
    # Work without personal fields goes on.
    assert notebooks.write(store, worker, notebook_id, 1) == 3
    with pytest.raises(AlreadyErasedError):
        erase_person(store, person_id, "asked twice", coordinator)


def test_erasure_needs_a_reason(store, coordinator):
    position = head(store)
    with pytest.raises(ValidationError) as refused:
        erase_person(store, uuid.uuid4(), "  ", coordinator)
    assert "reason" in refused.value.messages and head(store) == position


def test_data_keys_are_wrapped_not_stored_plain(store, coordinator, worker):
    notebook_with_note(store, coordinator, worker)
    with store.reading() as session:
        wrapped = session.execute(text("SELECT wrapped_key FROM exitfi_vault_keys")).scalar_one()
    assert len(bytes(wrapped)) == 12 + 32 + 16  # nonce, key, tag: the key never sits unwrapped


def test_wrong_master_key_is_named(make_store, coordinator, worker):
    store = make_store()
    notebook_id, _ = notebook_with_note(store, coordinator, worker)
    from core.store import Store
    from core.testing import SEAL_KEY
    other = Store(str(store.datastore.engine.url.render_as_string(hide_password=False)), b"\x07" * 32, SEAL_KEY)
    try:
        with pytest.raises(RuntimeError, match="master key"):
            other.vault.reveal(other.get(notebook_id).name)
    finally:
        other.close()


def test_keys_for_a_page_load_in_one_go_and_erased_ones_read_as_erased(store, coordinator, worker):
    first, erased = (notebook_with_note(store, coordinator, worker)[1] for _ in range(2))
    erase_person(store, erased, "client asked", coordinator)
    keys = {}
    store.vault.load_keys([first, erased], keys)
    assert set(keys) == {first, erased} and keys[erased] is None and len(keys[first]) == 32
    fields = {f.person_id: f for f in all_personal_fields(store) if f.category == "identity"}
    assert store.vault.reveal(fields[first], keys=keys) == NAME
    assert store.vault.reveal(fields[erased], keys=keys) is ERASED
