"""The event browser: auditors page through the log by person, record, user, city, type and dates, and read it."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from eventsourcing.domain import Aggregate, event
from sqlalchemy import func, select

from core import replay
from core.access_log import AccessEntry, access_entries
from core.demo import demo_actors
from core.event_index import event_index, event_persons
from core.testing import api_error
from core.vault import Personal
from core.testing.matrix import CORE_ROUTES
from core.web.guard import Permissions
from tests.core.specimen import domain as notebooks
from tests.core.web.conftest import events_after, head, in_english, notebook, notebook_ids

COORDINATOR = demo_actors("helsinki")["coordinator"]
SECRET = "Ylva Qwertyson-Routala"


def logged(store) -> list:
    """Every event of the log with its position, oldest first."""
    with store.reading():
        return [(n.id, store.mapper.to_domain_event(n)) for n in store.recorder.select_notifications(1, 100_000)]


def listed(api_client, query: str = "", limit: int = 200) -> list[dict]:
    """Every event the API lists for a query, following the pages."""
    found, before = [], None
    while True:
        page = api_client.get(f"/api/v1/audit/events?limit={limit}&{query}" + (f"&before={before}" if before else ""))
        assert page.status_code == 200, page.text
        body = page.get_json()
        found += body["events"]
        before = body["next_before"]
        if before is None:
            return found


def viewings(store, after: int) -> list:
    """The access-log entries written after a position."""
    return [e for e in events_after(store, after) if isinstance(e, AccessEntry.PersonalDataViewed)]


def position_of(store, event_class, record_id) -> int:
    """The log position of a record's one event of a class."""
    [found] = [p for p, e in logged(store) if isinstance(e, event_class) and e.originator_id == record_id]
    return found


def positions(events) -> list[int]:
    return [e["position"] for e in events]


def newest_first(pairs) -> list[int]:
    return sorted((position for position, _ in pairs), reverse=True)


@pytest.fixture
def stray(instance):
    """A Helsinki notebook with a secret name, given to a worker, written in and archived with a reason."""
    store = instance.store
    notebook_id = notebooks.start(store, COORDINATOR, "helsinki", SECRET)
    notebooks.keep(store, COORDINATOR, notebook_id, "worker.helsinki")
    notebooks.write(store, demo_actors("helsinki")["worker"], notebook_id, 3, "Met at the library.")
    notebooks.archive(store, COORDINATOR, notebook_id, "moved away")
    return store.get(notebook_id)


def test_each_filter_narrows_to_exactly_the_events_it_names(api, instance, stray):
    auditor = api("auditor.national")
    everything = logged(instance.store)
    assert positions(listed(auditor)) == newest_first(everything)  # no filter: the whole log, newest first

    record = [(p, e) for p, e in everything if e.originator_id == stray.id]
    assert positions(listed(auditor, f"record={stray.id}")) == newest_first(record) and len(record) == 4

    mine = [(p, e) for p, e in everything if e.meta.actor_id == "worker.helsinki"]
    assert positions(listed(auditor, "user=worker.helsinki")) == newest_first(mine) and mine

    turku = [(p, e) for p, e in everything if e.meta.city == "turku"]
    found = listed(auditor, "city=turku")
    assert positions(found) == newest_first(turku) and {e["city"] for e in found} == {"turku"}

    written = [(p, e) for p, e in everything if isinstance(e, notebooks.Notebook.NoteWritten)]
    found = listed(auditor, "type=tests.core.specimen.domain:Notebook.NoteWritten")
    assert positions(found) == newest_first(written) and len(written) == 3 * 3 + 1

    # The person: the events that hold their data, and every event of their notebook, also the ones naming no one.
    person = [(p, e) for p, e in everything if e.originator_id == stray.id]
    assert positions(listed(auditor, f"person={stray.person_id}")) == newest_first(person)
    assert positions(listed(auditor, f"person={uuid.uuid4()}")) == []

    both = [(p, e) for p, e in record if e.meta.actor_id == COORDINATOR.user_id]
    assert positions(listed(auditor, f"record={stray.id.hex}&user={COORDINATOR.user_id}")) == newest_first(both)


def test_dates_narrow_by_the_day_the_event_was_recorded(api, instance, stray):
    auditor = api("auditor.national")
    everything = logged(instance.store)
    day = everything[-1][1].timestamp.date()
    with instance.store.recorder.transaction(commit=True) as session:  # move the first events a week back
        old = [p for p, _ in everything[:5]]
        for position in old:
            session.execute(event_index.update().where(event_index.c.position == position)
                            .values(at=everything[0][1].timestamp - timedelta(days=7)))
    assert positions(listed(auditor, f"from={day}&to={day}")) == sorted(
        (p for p, _ in everything if p not in old), reverse=True)
    assert positions(listed(auditor, f"to={day - timedelta(days=1)}")) == sorted(old, reverse=True)
    assert listed(auditor, f"from={day + timedelta(days=1)}") == []


def test_pages_follow_the_log_position_and_stay_put_while_the_log_grows(api, instance, stray):
    auditor = api("auditor.national")
    store = instance.store
    whole = positions(listed(auditor))
    first = auditor.get("/api/v1/audit/events?limit=7").get_json()
    assert positions(first["events"]) == whole[:7] and first["next_before"] == whole[6]
    notebooks.start(store, COORDINATOR, "helsinki", "Uusi Nimi")  # new events come in between two pages
    second = auditor.get(f"/api/v1/audit/events?limit=7&before={first['next_before']}").get_json()
    assert positions(second["events"]) == whole[7:14]
    assert positions(listed(auditor, limit=7)) == positions(listed(auditor, limit=200))  # no event twice, none lost
    assert len(set(whole)) == len(whole) == head(store) - 1  # the notebook started in between is not among them


def test_each_event_shows_its_envelope_and_placeholders_for_personal_data(api, browser, instance, stray):
    store = instance.store
    archived = position_of(store, notebooks.Notebook.Archived, stray.id)
    before = head(store)
    event = api("auditor.national").get(f"/api/v1/audit/events/{archived}").get_json()
    assert (event["actor"], event["role"], event["city"], event["reason"]) == (
        COORDINATOR.user_id, "city_coordinator", "helsinki", "moved away")
    assert event["record_id"] == stray.id.hex and event["type"] == "tests.core.specimen.domain:Notebook.Archived"
    assert re.fullmatch(r"[0-9a-f]{32}", event["request_id"]) and event["persons"] == [stray.person_id.hex]
    assert event["content"] == {"reason": "moved away"} and event["revealed"] is False

    started = position_of(store, notebooks.Notebook.Started, stray.id)
    page = in_english(browser, "auditor.national").get(f"/audit/events/{started}")
    assert page.status_code == 200 and SECRET not in page.text
    assert "[personal data: identity]" in page.text and 'name="reason"' in page.text
    page = api("auditor.national").get(f"/api/v1/audit/events?record={stray.id}")
    assert SECRET not in page.text and "Met at the library." not in page.text
    contents = {e["type"].rpartition(".")[2]: e["content"] for e in page.get_json()["events"]}
    assert contents["Started"] == {"city": "helsinki", "person_id": str(stray.person_id),
                                   "name": {"personal": "identity", "person_id": stray.person_id.hex}}
    assert contents["NoteWritten"] == {"pages": 3, "text": {"personal": "note", "person_id": stray.person_id.hex}}
    listing = browser("auditor.national").get(f"/audit/events/?record={stray.id}")
    assert listing.status_code == 200 and "moved away" in listing.text and SECRET not in listing.text
    assert viewings(store, before) == []  # nothing was opened, nothing is in the access log


def test_personal_data_opens_with_a_reason_and_lands_in_the_access_log(api, browser, instance, stray):
    store = instance.store
    started = position_of(store, notebooks.Notebook.Started, stray.id)
    auditor = browser("auditor.national")
    before = head(store)
    for reason in ("", "%20", "why%00not+at+all", "x", "curious"):  # a reason of ten characters, printable
        page = auditor.get(f"/audit/events/{started}?reason={reason}")
        assert page.status_code == 422 and 'aria-describedby="reason-error"' in page.text and SECRET not in page.text
    assert head(store) == before

    page = auditor.get(f"/audit/events/{started}?reason=Complaint+2026-41+about+the+notebook")
    assert page.status_code == 200 and SECRET in page.text
    [viewed] = events_after(store, before)
    assert viewed.shown == [(stray.person_id, stray.id.hex)]
    assert (viewed.meta.actor_id, viewed.meta.role) == ("auditor.national", "auditor")
    [entry] = access_entries(store, person_id=stray.person_id)
    assert (entry.user_id, entry.purpose, entry.record_id) == (
        "auditor.national", "Complaint 2026-41 about the notebook", stray.id.hex)
    assert entry.page == f"GET /audit/events/{started}"

    before = head(store)
    body = api("data_protection_officer.national").get(
        f"/api/v1/audit/events/{started}?reason=Complaint+2026-41").get_json()
    assert body["revealed"] is True and body["content"]["name"] == {
        "personal": "identity", "person_id": stray.person_id.hex, "value": SECRET}
    [viewed] = viewings(store, before)
    assert (viewed.purpose, viewed.meta.role) == ("Complaint 2026-41", "data_protection_officer")


def test_without_the_permission_personal_data_stays_hidden(api, browser, app, instance, stray, monkeypatch):
    permissions: Permissions = app.extensions["exitfi"].permissions
    monkeypatch.setitem(permissions.defaults, "audit.read_event_content", frozenset())
    store = instance.store
    started = position_of(store, notebooks.Notebook.Started, stray.id)
    client = api("auditor.national")
    before = head(store)
    page = browser("auditor.national").get(f"/audit/events/{started}?reason=curious+about+it")
    assert page.status_code == 200 and SECRET not in page.text and 'name="reason"' not in page.text
    api_error(client.get(f"/api/v1/audit/events/{started}?reason=curious+about+it"), 403)
    assert client.get(f"/api/v1/audit/events/{started}").get_json()["revealed"] is False
    assert viewings(store, before) == []
    assert access_entries(store, person_id=stray.person_id) == []


@pytest.mark.parametrize("query, field", [
    ("from=2026-13-01", "from"), ("to=yesterday", "to"), ("from=2026-11-02&to=2026-11-01", "to"),
    ("type=tests.core.specimen.domain:Notebook.Burnt", "type"), ("type=os:system", "type"),
    ("user=worker%00helsinki", "user"), ("person=12345", "person"), ("record=not-an-id", "record"), ("city=atlantis", "city"),
    ("before=-3", "before"), ("before=99999999999999999999", "before"), ("limit=0", "limit"), ("limit=201", "limit"),
    ("to=9999-12-31", "to"), ("from=0001-01-01", "from"),
])
def test_a_bad_filter_is_refused_with_its_field(api, browser, query, field):
    error = api_error(api("auditor.national").get(f"/api/v1/audit/events?{query}"), 422, "validation")
    assert list(error["fields"]) == [field]
    page = browser("auditor.national").get(f"/audit/events/?{query}")
    assert page.status_code == 422 and f'id="{field}-error"' in page.text


def test_a_page_keeps_what_was_typed(browser):
    auditor = in_english(browser, "auditor.national")
    page = auditor.get("/audit/events/?person=<b>x&user=worker.helsinki&from=2026-02-30")
    assert 'value="&lt;b&gt;x"' in page.text and 'value="worker.helsinki"' in page.text
    assert 'value="2026-02-30"' in page.text and "No events." in page.text


def test_only_auditors_browse_and_an_unknown_position_is_404(browser, api):
    for username in ("worker.helsinki", "coordinator.helsinki", "administrator.helsinki",
                     "national_coordinator.national"):
        assert browser(username).get("/audit/events/").status_code == 403, username
        api_error(api(username).get("/api/v1/audit/events"), 403)
    assert browser("auditor.national").get("/audit/events/999999").status_code == 404
    assert browser("auditor.national").get("/audit/events/99999999999999999999").status_code == 404
    api_error(api("auditor.national").get("/api/v1/audit/events/999999"), 404)


@pytest.mark.parametrize("role, answers", [
    ("auditor", set()), ("data_protection_officer", {"erasure.erasure_requests", "persons.issue", "persons.find"})])
def test_auditors_only_read(app, role, answers):
    """Every route an auditor may call answers GET only, besides signing in and out, their own API tokens and the
    break-the-glass form, which refuses national roles; the data-protection officer posts only what answers a
    person's requests (an erasure request, an access report handed over, the search by name and birth date, which
    is posted to keep them out of the address)."""
    permissions = app.extensions["exitfi"].permissions
    own = {"core.login", "core.logout", "core.language", "core.tokens", "core.emergency_access", *answers}
    writes = set()
    for rule in app.url_map.iter_rules():
        needed = getattr(app.view_functions[rule.endpoint], "exitfi_permission", None)
        if needed and role in permissions.roles_for(needed, None):
            writes |= {(rule.endpoint, m) for m in rule.methods - {"GET", "HEAD", "OPTIONS"}}
    assert {endpoint for endpoint, _ in writes} <= own, writes
    for endpoint in ("events.events", "events.event", "api_audit_events.api_events", "api_audit_events.api_event"):
        assert set(CORE_ROUTES[endpoint].ok) == {"GET"}


def test_the_index_is_a_replay_of_the_log_and_rebuilds(instance, stray):
    store = instance.store
    projection = store.projections["exitfi_event_index"]
    with store.reading() as session:
        assert session.execute(select(func.count()).select_from(event_index)).scalar() == head(store)
        persons = session.execute(select(func.count()).select_from(event_persons)).scalar()
    assert replay.differences(store, projection) == []
    # A rebuild writes a batch at once: a person first named in a batch after their record's first events
    # (a batch of one or three events splits every record) must still be linked to those events.
    for batch in (1, 3, 500):
        done, _ = store.runner.rebuild(projection, batch=batch)
        assert done == head(store)
        with store.reading() as session:
            assert session.execute(select(func.count()).select_from(event_persons)).scalar() == persons
        assert replay.differences(store, projection) == []


class Dossier(Aggregate):
    """A record that names no one when made and names persons in later events, each in its own transaction."""

    @event("Made")
    def __init__(self, city: str):
        self.city = city

    @event("Named")
    def name(self, person: Personal):
        pass


def test_a_person_named_after_their_records_first_events_is_linked_to_them_live_and_rebuilt(instance):
    store = instance.store
    first, second = uuid.uuid4(), uuid.uuid4()
    dossier = Dossier("helsinki")
    with store.acting(COORDINATOR):
        store.save(dossier)
    for person in (first, second, first):
        dossier.name(Personal(person, "identity", "Someone"))
        with store.acting(COORDINATOR):
            store.save(dossier)
    with store.reading() as session:
        linked = sorted(session.execute(select(event_persons.c.person_id, event_persons.c.position)
                                        .join(event_index, event_index.c.position == event_persons.c.position)
                                        .where(event_index.c.record_id == dossier.id.hex)).all())
    made = position_of(store, Dossier.Made, dossier.id)
    assert [p for person, p in linked if person == second.hex][0] == made  # the first events concern them
    assert len(linked) == 2 * 4  # once named, a person is concerned by every event of the record, before and after
    projection = store.projections["exitfi_event_index"]
    for batch in (1, 2, 500):
        store.runner.rebuild(projection, batch=batch)
        assert replay.differences(store, projection) == []


def test_an_event_of_another_city_is_hidden_from_a_city_role_given_the_browser(app, browser, instance):
    permissions: Permissions = app.extensions["exitfi"].permissions
    permissions.by_city["helsinki"] = {**permissions.by_city["helsinki"],
                                       "audit.browse_events": frozenset({"city_coordinator"})}
    turku = notebook(instance, notebook_ids(instance, "turku")[0])
    [position] = [p for p, e in logged(instance.store) if e.originator_id.hex == turku.notebook_id][:1]
    coordinator = browser("coordinator.helsinki")
    assert coordinator.get(f"/audit/events/{position}").status_code == 404
    page = coordinator.get("/audit/events/?limit=200")
    assert page.status_code == 200 and turku.notebook_id not in page.text
    assert coordinator.get("/audit/events/?city=turku").status_code == 422


def test_the_browser_api_answers_generated_input_without_5xx(app, instance):
    """Generated filters, positions and reasons (schemathesis over the OpenAPI document), as an auditor."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    from core.auth.service import find_account, issue_token
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    token = issue_token(instance.store, find_account(instance.store, username="auditor.national"), "fuzz")
    operations = [r.ok() for r in schema.get_all_operations() if r.ok().path.startswith("/api/v1/audit/events")]
    assert len(operations) == 2
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def answers(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                                   checks=[not_a_server_error, response_schema_conformance])

        answers()
