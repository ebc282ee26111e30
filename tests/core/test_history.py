"""Any record as it stood at the end of a day, and the events since, from the log (`exitfi replay --as-of`)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

import pytest

from core import history
from core.access_log import access_entries
from core.errors import NotFoundError
from core.erasure import erase_person
from core.events import Actor
from core.days import FINNISH_TIME
from core.vault import Personal
from tests.cli import run
from tests.core.specimen.domain import archive, keep, start, write

COORDINATOR = Actor("coordinator.helsinki", "city_coordinator", "helsinki")
WORKER = Actor("worker.helsinki", "exit_worker", "helsinki")


def clock(monkeypatch, *moment):
    """Record the events written next at this moment (Finnish time)."""
    at = datetime(*moment, tzinfo=FINNISH_TIME)
    monkeypatch.setattr("eventsourcing.domain.datetime_now_with_tzinfo", lambda: at)


def notebook_over_three_days(store, monkeypatch) -> uuid.UUID:
    """Started and kept on 2 March, written in late on 3 March (Finnish time), archived on 4 March."""
    with monkeypatch.context() as m:
        clock(m, 2026, 3, 2, 10, 0)
        notebook_id = start(store, COORDINATOR, "helsinki", "Aurora Example")
        keep(store, COORDINATOR, notebook_id, WORKER.user_id)
        clock(m, 2026, 3, 3, 23, 30)  # 21:30 UTC: still the 3rd in Helsinki
        write(store, WORKER, notebook_id, 2, "Met at the library.")
        clock(m, 2026, 3, 4, 9, 0)
        archive(store, COORDINATOR, notebook_id, "the person moved abroad")
    return notebook_id


def test_a_record_as_of_a_day_is_its_state_then_with_the_events_since(store, monkeypatch):
    notebook_id = notebook_over_three_days(store, monkeypatch)
    then = history.as_of(store, notebook_id, date(2026, 3, 2))
    assert (then.kind, then.version, then.current_version) == ("Notebook", 2, 4)
    state = history.state_of(then.record, history.Placeholders(store))
    assert state["keeper_id"] == "worker.helsinki" and state["notes"] == 0 and state["archived"] is False
    assert state["name"] == "[personal data: identity]"
    assert [(c.version, c.what, c.actor, c.role, c.reason) for c in then.since] == [
        (3, "Notebook.NoteWritten", "worker.helsinki", "exit_worker", None),
        (4, "Notebook.Archived", "coordinator.helsinki", "city_coordinator", "the person moved abroad")]
    late = history.as_of(store, notebook_id, date(2026, 3, 3))
    assert late.version == 3 and late.record.notes == 1 and not late.record.archived
    assert history.as_of(store, notebook_id, date(2026, 3, 9)).since == []


def test_a_day_before_the_record_began_shows_no_state_and_every_event(store, monkeypatch):
    notebook_id = notebook_over_three_days(store, monkeypatch)
    before = history.as_of(store, notebook_id, date(2026, 3, 1))
    assert before.record is None and before.version == 0 and [c.version for c in before.since] == [1, 2, 3, 4]
    with pytest.raises(NotFoundError):
        history.as_of(store, uuid.uuid4(), date(2026, 3, 1))


def test_personal_fields_are_decrypted_only_when_revealed_and_read_as_erased_after_erasure(store, monkeypatch):
    notebook_id = notebook_over_three_days(store, monkeypatch)
    then = history.as_of(store, notebook_id, date(2026, 3, 2))
    revealed = history.Revealed(store)
    assert history.state_of(then.record, revealed)["name"] == "Aurora Example"
    assert revealed.shown == {then.record.person_id}
    erase_person(store, then.record.person_id, "Art. 17 request of 5 March", Actor("cli:dpo", "operator"))
    after = history.Revealed(store)
    assert history.state_of(then.record, after)["name"] == "[erased]" and after.shown == set()
    assert history.state_of(then.record, history.Placeholders(store))["name"] == "[erased]"


def test_a_login_secret_is_never_decrypted(store):
    secret = Personal(uuid.uuid4(), "credential", "$argon2id$v=19$...")
    with store.acting(COORDINATOR):
        store.vault.encrypt(secret)
    stored = Personal(secret.person_id, "credential", token=secret.token)
    assert history.Revealed(store)(stored) == "[personal data: credential]"


def test_replay_as_of_prints_the_record_and_logs_each_revealed_view(instance_folder, capsys, monkeypatch):
    run(capsys, "init")
    from core.instance import open_instance
    inst = open_instance()
    try:
        notebook_id = notebook_over_three_days(inst.store, monkeypatch)
        person_id = inst.store.get(notebook_id).person_id
    finally:
        inst.close()
    code, out, _ = run(capsys, "replay", "--as-of", "2026-03-02", notebook_id.hex)
    view = json.loads(out)
    assert code == 0 and view["kind"] == "Notebook" and (view["version"], view["current_version"]) == (2, 4)
    assert view["state"]["name"] == "[personal data: identity]"
    assert [(e["what"], e["who"], e["reason"]) for e in view["since"]] == [
        ("Notebook.NoteWritten", "worker.helsinki", None),
        ("Notebook.Archived", "coordinator.helsinki", "the person moved abroad")]
    code, _, err = run(capsys, "replay", "--as-of", "2026-03-02", "--reveal", notebook_id.hex)
    assert code == 2 and "--reveal needs --reason" in err
    code, out, _ = run(capsys, "replay", "--as-of", "2026-03-02", "--reveal", "--reason", "audit 2026/4",
                       notebook_id.hex)
    assert code == 0 and json.loads(out)["state"]["name"] == "Aurora Example"
    inst = open_instance()
    try:
        [entry] = access_entries(inst.store, person_id=person_id)
    finally:
        inst.close()
    assert (entry.role, entry.purpose, entry.record_id) == ("operator", "audit 2026/4", notebook_id.hex)
    code, _, err = run(capsys, "replay", "--as-of", "2026-03-02", uuid.uuid4().hex)
    assert code == 2 and "no record" in err
    code, _, err = run(capsys, "replay", "--as-of", "2 March", notebook_id.hex)
    assert code == 2 and "--as-of" in err
