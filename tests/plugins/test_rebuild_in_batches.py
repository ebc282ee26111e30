"""Every read model rebuilt in one pass, in batches of any size, equals the live one and a replay of the log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.demo import demo_actors
from core.replay import _plain, check
from plugins.casework.domain import Case


def read_models(store) -> dict[str, list[tuple]]:
    """Every row of every read model's tables, in key order."""
    found = {}
    with store.reading() as session:
        for projection in store.projections.values():
            for table in projection.tables:
                order = list(table.primary_key.columns) or list(table.columns)
                found[table.name] = [tuple(_plain(v) for v in row)
                                     for row in session.execute(select(table).order_by(*order))]
    return found


def cases_changed_where_they_were_opened(store) -> None:
    """Cases opened and changed in one transaction, so that one batch holds a case's opening and what follows it."""
    batch = []
    for j in range(4):
        case = Case.open("helsinki", ("individual", "family")[j % 2], f"Batch {j}", "phone")
        case.assign("worker001.helsinki")
        case.choose_second_worker("worker002.helsinki")
        case.record_meeting(held_on=date(2026, 1, 2 + j), mode="in_person", minutes=30, note=f"Met {j}",
                            workers=["worker001.helsinki"], staff={"worker001.helsinki"})
        if j % 2:
            case.assign("worker002.helsinki")  # the second worker becomes the case's own: no longer the second
            case.record_meeting(held_on=date(2026, 1, 9), mode="phone", minutes=None, attended=False,
                                missed_reason="client_cancelled", workers=["worker002.helsinki"],
                                staff={"worker002.helsinki"})  # missed: the case changes, its count does not
        batch.append(case)
    with store.acting(demo_actors("helsinki")["coordinator"]):
        store.save(*batch)


@pytest.mark.parametrize("batch", [1, 7, 500])
def test_a_rebuild_in_batches_equals_the_live_read_models_and_a_replay(instance, batch):
    store = instance.store
    cases_changed_where_they_were_opened(store)
    live = read_models(store)
    assert any(live.values())
    projections = [store.projections[name] for name in sorted(store.projections)]
    done, _, taken = store.runner.rebuild_all(projections, batch=batch)
    assert done == store.recorder.max_notification_id() and taken["casework_cases"] > 0
    assert read_models(store) == live
    assert [(c.projection, d) for c in check(store, projections) for d in c.differences] == []


def test_read_models_left_behind_catch_up_in_batches_within_the_next_write(instance):
    store = instance.store
    tracking = store.tracking.tracking_table
    with store.recorder.transaction(commit=True) as session:  # as if both were added to the deployment just now
        session.execute(tracking.delete().where(tracking.c.application_name.in_(["casework_cases", "exitfi_event_index"])))
    cases_changed_where_they_were_opened(store)  # the write empties both and catches them up, in its transaction
    caught_up = read_models(store)
    projections = [store.projections[name] for name in sorted(store.projections)]
    store.runner.rebuild_all(projections)
    assert read_models(store) == caught_up
