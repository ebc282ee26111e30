"""The duplicate check at intake: a warning that names nothing, opened anyway on the worker's word, gone with erasure."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select, update

from core.access_log import AccessEntry
from core.erasure import erase_person
from core.errors import ValidationError
from core.events import Actor
from core.testing import api_error, database_text, events_after, head
from core.toolkit import finnish_today
from plugins.casework import service
from plugins.casework.domain import Case, PossibleDuplicate
from plugins.casework.duplicates import CaseIdentities, identities, index_of
from plugins.casework.projections import CaseList

NAME, BORN = "Ilmari Äijälä-Kettunen", date(1994, 3, 17)
RETYPED = "  AIJALA-KETTUNEN,  ilmari "  # surname first, capitals, no dots: the same person


def open_client(store, actor, city="helsinki", name=NAME, born=BORN, kind="individual", **more):
    return service.open_case(store, actor, city, kind, "Ilkka", "phone", full_name=name, birth_date=born, **more)


@pytest.fixture
def store(make_store):
    return make_store([CaseList(), CaseIdentities()])


def test_the_same_person_typed_otherwise_is_a_possible_duplicate_and_nothing_is_written(store, coordinator, worker):
    open_client(store, coordinator)
    before = head(store)
    with pytest.raises(PossibleDuplicate) as refused:
        open_client(store, worker, name=RETYPED)
    [match] = refused.value.found
    assert match.phase == "first_contact" and match.opened_at.year == finnish_today().year
    assert head(store) == before


def test_a_worker_opens_the_case_anyway_and_the_log_says_so(store, coordinator, worker):
    open_client(store, coordinator)
    before = head(store)
    case_id = open_client(store, worker, name=RETYPED, open_anyway=True)
    opened = events_after(store, before)[0]
    assert opened.originator_id == case_id and opened.duplicate_confirmed is True
    assert store.vault.reveal(opened.full_name) == RETYPED.strip()
    assert store.vault.reveal(opened.birth_date) == "1994-03-17"


def test_open_anyway_without_a_match_records_no_duplicate(store, coordinator):
    before = head(store)
    open_client(store, coordinator, open_anyway=True)
    assert events_after(store, before)[0].duplicate_confirmed is False


@pytest.mark.parametrize("name, born", [("Ilmari Kettunen", BORN), (NAME, date(1994, 3, 18)), (NAME, None),
                                        (None, BORN)])
def test_another_name_or_birth_date_or_a_missing_one_never_warns(store, coordinator, name, born):
    open_client(store, coordinator)
    open_client(store, coordinator, name=name, born=born)


def test_another_citys_case_never_warns(store, coordinator):
    open_client(store, Actor("coordinator.turku", "city_coordinator", "turku"), city="turku")
    open_client(store, coordinator)  # Helsinki has no case of the person


def test_an_anonymous_case_keeps_a_pseudonym_only_and_is_never_indexed(store, coordinator):
    for given in ({"full_name": NAME}, {"birth_date": BORN}):
        with pytest.raises(ValidationError) as refused:
            service.open_case(store, coordinator, "helsinki", "anonymous", "Routa", "messaging", **given)
        assert set(refused.value.messages) == set(given)
    open_client(store, coordinator)
    service.open_case(store, coordinator, "helsinki", "anonymous", "Routa", "messaging")  # no identity, no warning
    assert index_of(store, "anonymous", NAME, BORN) is None
    with store.reading() as session:
        assert session.execute(select(func.count()).select_from(identities)).scalar_one() == 1


def test_erasure_ends_the_match_and_a_rebuild_does_not_bring_it_back(store, coordinator):
    first = open_client(store, coordinator)
    for projection in ("casework_cases", "casework_identities"):
        store.runner.rebuild(store.projections[projection])
    with pytest.raises(PossibleDuplicate):  # the rebuilt index still finds the person
        open_client(store, coordinator, name=RETYPED)
    erase_person(store, store.get(first).client_id, "the client asked (test)", coordinator)
    open_client(store, coordinator)  # no warning: the erased client's index no longer reads
    for projection in ("casework_cases", "casework_identities"):
        store.runner.rebuild(store.projections[projection])
    with pytest.raises(PossibleDuplicate) as refused:
        open_client(store, coordinator, name=RETYPED)
    assert len(refused.value.found) == 1  # the case opened after the erasure, never the erased one


def test_a_case_opened_before_intake_asked_for_an_identity_reads_without_one(store, coordinator):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    table = store.recorder.events_record_cls.__table__
    with store.acting(coordinator) as session:  # the stored event as version 2 wrote it
        state = json.loads(session.execute(select(table.c.state)).scalar_one())
        for name in ("full_name", "birth_date", "identity_index", "duplicate_confirmed"):
            del state[name]
        session.execute(update(table).values(state=json.dumps({**state, "class_version": 2}).encode()))
    [opened] = events_after(store, 0)
    assert (opened.full_name, opened.birth_date, opened.identity_index, opened.duplicate_confirmed) == \
        (None, None, None, False)
    assert store.get(case_id).kind == "individual"
    store.runner.rebuild(store.projections["casework_identities"])
    open_client(store, coordinator)  # nothing to match


def test_neither_the_identity_nor_its_hash_is_in_the_database_in_clear(store, coordinator):
    case_id = open_client(store, coordinator)
    value = index_of(store, "individual", NAME, BORN)
    store.datastore.engine.dispose()  # flush SQLite's WAL into the files read below
    dump = database_text(store)
    assert case_id.hex.encode() in dump  # the dump really holds the case
    for secret in (NAME, "Äijälä", "Kettunen", "1994-03-17", value):
        assert secret.encode() not in dump and secret.encode("utf-16-le") not in dump


# -- the page and the API ------------------------------------------------------------------------------------------

FORM = {"pseudonym": "Ilkka", "kind": "individual", "channel": "phone", "full_name": NAME, "birth_date": "1994-03-17"}


def coordinators_case(instance):
    coordinator = Actor("coordinator.helsinki", "city_coordinator", "helsinki")
    return open_client(instance.store, coordinator).hex  # not on the worker's caseload


def only_the_warning_logged(store, before: int, case_id: str, page: str) -> None:
    """Nothing was written but the access log's note that the user was told of the other case."""
    [entry] = events_after(store, before)
    assert isinstance(entry, AccessEntry.PersonalDataViewed)
    assert entry.shown == [(store.get(case_id).client_id, case_id)]
    assert (entry.meta.actor_id, entry.page, entry.purpose) == ("worker.helsinki", page, "possible duplicate at intake")


def opened_event(store, before: int):
    return next(e for e in events_after(store, before) if isinstance(e, Case.Opened))


def test_the_page_warns_without_showing_the_other_case_and_opens_it_when_confirmed(browser, instance):
    other = coordinators_case(instance)
    worker = browser("worker.helsinki")
    before = head(instance.store)
    warned = worker.post("/cases/new", {**FORM, "full_name": RETYPED})
    assert warned.status_code == 409
    only_the_warning_logged(instance.store, before, other, "POST /cases/new")
    warning = re.search(r'<div class="flash warning" role="alert" id="duplicate-warning">(.*?)</div>', warned.text,
                        re.S).group(1)
    assert finnish_today().strftime("%m/%Y") in warning
    for hidden in (other, "coordinator.helsinki", NAME, "Ilkka"):
        assert hidden not in warning
    assert other not in warned.text  # no link, no id anywhere on the page
    assert f'value="{RETYPED}"' in warned.text and 'value="1994-03-17"' in warned.text  # what was typed
    assert 'name="open_anyway"' in warned.text
    opened = worker.post("/cases/new", {**FORM, "full_name": RETYPED, "open_anyway": "true"})
    assert opened.status_code == 302
    case = worker.get(opened.headers["Location"])
    assert RETYPED.strip() in case.text and "1994-03-17" in case.text  # the case's own identity, to its worker
    assert opened_event(instance.store, before).duplicate_confirmed is True


def test_the_form_refuses_an_identity_in_an_anonymous_case_and_keeps_what_was_typed(browser, instance):
    worker = browser("worker.helsinki")
    before = head(instance.store)
    refused = worker.post("/cases/new", {**FORM, "kind": "anonymous"})
    assert refused.status_code == 422 and head(instance.store) == before
    assert 'id="full_name" name="full_name" autocomplete="off" value="Ilmari' in refused.text
    assert 'aria-invalid="true" aria-describedby="full_name-error"' in refused.text
    assert worker.post("/cases/new", {"pseudonym": "Routa", "kind": "anonymous", "channel": "self"}).status_code == 302


def test_the_api_answers_409_possible_duplicate_then_201_with_open_anyway(api, instance):
    other = coordinators_case(instance)
    worker = api("worker.helsinki")
    body = {**FORM, "full_name": RETYPED}
    before = head(instance.store)
    error = api_error(worker.post("/api/v1/cases/", json=body), 409, "possible_duplicate")
    assert error["cases"] == [{"opened": finnish_today().strftime("%Y-%m"), "phase": "first_contact"}]
    assert other not in str(error) and "Äijälä" not in str(error)
    only_the_warning_logged(instance.store, before, other, "POST /api/v1/cases/")
    created = worker.post("/api/v1/cases/", json={**body, "open_anyway": True})
    assert created.status_code == 201, created.text
    assert opened_event(instance.store, before).duplicate_confirmed is True


def test_the_api_never_warns_of_another_citys_case(api, instance):
    open_client(instance.store, Actor("coordinator.turku", "city_coordinator", "turku"), city="turku")
    assert api("worker.helsinki").post("/api/v1/cases/", json=FORM).status_code == 201


def test_the_api_refuses_an_identity_in_an_anonymous_case_per_field(api, instance):
    worker = api("worker.helsinki")
    before = head(instance.store)
    error = api_error(worker.post("/api/v1/cases/", json={**FORM, "kind": "anonymous"}), 422, "validation")
    assert set(error["fields"]) == {"full_name", "birth_date"}
    assert head(instance.store) == before
    anonymous = {"pseudonym": "Routa", "kind": "anonymous", "channel": "messaging"}
    assert worker.post("/api/v1/cases/", json=anonymous).status_code == 201


def test_the_check_decrypts_only_the_cases_in_the_same_bucket(store, coordinator, monkeypatch):
    born = [date(1990, 1, day) for day in range(1, 29)]
    buckets = {index_of(store, "individual", NAME, day)[:2]: day for day in born}
    same, other = born[0], next(day for bucket, day in buckets.items() if bucket != index_of(
        store, "individual", NAME, born[0])[:2])
    kept = open_client(store, coordinator, born=same)
    open_client(store, coordinator, born=other)
    with store.reading() as session:
        stored = dict(session.execute(select(identities.c.case_id, identities.c.identity_bucket)).all())
    assert stored[kept.hex] == index_of(store, "individual", NAME, same)[:2]
    loaded = []
    real = store.vault.load_keys
    monkeypatch.setattr(store.vault, "load_keys", lambda ids, keys: (loaded.extend(ids), real(ids, keys))[1])
    with pytest.raises(PossibleDuplicate):
        open_client(store, coordinator, born=same)
    assert {str(person) for person in loaded} == {str(store.get(kept).client_id)}
