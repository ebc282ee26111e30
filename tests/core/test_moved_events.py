"""Events stored before their class moved still read, and projections still find them."""

from __future__ import annotations

from sqlalchemy import select, update

from core.access_log import AccessEntry, AccessLog, access_entries, record_views
from core.emergency import EmergencyAccess, EmergencyGrants, break_glass, emergency_access, has_emergency_access

PERSON = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
RECORD = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def store_under_former_topics(store):
    """Rewrite the stored events as core/access.py wrote them, before the access log and emergency access split."""
    table = store.recorder.events_record_cls.__table__
    with store.datastore.engine.begin() as conn:
        for row in conn.execute(select(table.c.id, table.c.topic, table.c.state)).all():
            module = row.topic.split(":")[0]
            conn.execute(update(table).where(table.c.id == row.id).values(
                topic=row.topic.replace(f"{module}:", "core.access:"),
                state=bytes(row.state).replace(f'"{module}:'.encode(), b'"core.access:')))
        return [r.topic for r in conn.execute(select(table.c.topic).order_by(table.c.id))]


def test_events_stored_under_the_old_topics_still_read_and_project(make_store, worker):
    store = make_store([AccessLog(), EmergencyGrants()])
    record_views(store, worker, {PERSON: RECORD}, "GET /cases/x", "casework")
    break_glass(store, worker, RECORD, "helsinki", "The client is in crisis and calls now.")
    assert store_under_former_topics(store) == ["core.access:AccessEntry.PersonalDataViewed",
                                                "core.access:EmergencyAccess.GlassBroken"]

    reader = make_store([AccessLog(), EmergencyGrants()])
    viewed, glass = [reader.mapper.to_domain_event(n) for n in reader.recorder.select_notifications(None, 10)]
    assert isinstance(viewed, AccessEntry.PersonalDataViewed) and viewed.shown[0][1] == RECORD
    assert isinstance(glass, EmergencyAccess.GlassBroken)
    assert isinstance(reader.get(viewed.originator_id), AccessEntry)
    assert isinstance(reader.get(glass.originator_id), EmergencyAccess)

    for projection in reader.projections.values():
        assert reader.runner.rebuild(projection)[0] == 1
    assert [e.record_id for e in access_entries(reader, person_id=PERSON)] == [RECORD]
    assert has_emergency_access(reader, "worker.helsinki", RECORD)


def test_a_projection_split_off_another_starts_from_empty_tables(make_store, worker):
    """A database made when one projection kept both tables: the split-off one has rows but no position."""
    store = make_store([AccessLog(), EmergencyGrants()])
    break_glass(store, worker, RECORD, "helsinki", "The client is in crisis and calls now.")
    tracking = store.runner._tracking
    with store.datastore.engine.begin() as conn:
        conn.execute(tracking.delete().where(tracking.c.application_name == EmergencyGrants.name))

    break_glass(store, worker, "another-record", "helsinki", "A second crisis, the same night.")
    with store.reading() as session:
        live = session.execute(select(emergency_access).order_by(emergency_access.c.grant_id)).all()
        assert store.runner.position(session, store.projections[EmergencyGrants.name]) == 2
    store.runner.rebuild(store.projections[EmergencyGrants.name])
    with store.reading() as session:
        assert session.execute(select(emergency_access).order_by(emergency_access.c.grant_id)).all() == live
    assert len(live) == 2
