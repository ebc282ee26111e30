"""The case as it was on a chosen day: its state and timeline then, rebuilt from the log."""

from __future__ import annotations

from datetime import date, timedelta

from core.demo import demo_actors
from plugins.casework import service
from plugins.casework.timeline import version_on
from tests.plugins.casework.helpers import in_english

COORDINATOR = demo_actors("helsinki")["coordinator"]


def test_the_version_at_a_moment_is_the_last_event_before_it(instance):
    case_id = service.open_case(instance.store, COORDINATOR, "helsinki", "individual", "Kide", "self")
    service.change_phase(instance.store, COORDINATOR, case_id, "screening", "fits")
    events = list(instance.store.events.get(case_id))
    between = events[0].timestamp + (events[1].timestamp - events[0].timestamp) / 2
    assert version_on(instance.store, case_id.hex, between) == 1
    assert version_on(instance.store, case_id.hex, events[1].timestamp + timedelta(seconds=1)) == 2
    assert version_on(instance.store, case_id.hex, events[0].timestamp) is None
    assert instance.store.repository.get(case_id, version=1).phase == "first_contact"


def test_the_page_shows_the_case_then_and_nothing_before_it_existed(browser, instance):
    case_id = service.open_case(instance.store, COORDINATOR, "helsinki", "individual", "Kide", "self").hex
    service.change_phase(instance.store, COORDINATOR, case_id, "screening", "fits exit work")
    coordinator = in_english(browser, "coordinator.helsinki")
    today = coordinator.get(f"/cases/{case_id}/as-of?date={date.today().isoformat()}")
    assert today.status_code == 200 and "Screening" in today.text and "why: fits exit work" in today.text
    before = coordinator.get(f"/cases/{case_id}/as-of?date={(date.today() - timedelta(days=2)).isoformat()}")
    assert before.status_code == 200 and "The case did not exist yet on that day." in before.text
    bad = coordinator.get(f"/cases/{case_id}/as-of?date=yesterday")
    assert bad.status_code == 422 and 'aria-describedby="as-of-error"' in bad.text
    assert browser("coordinator.turku").get(f"/cases/{case_id}/as-of?date=2026-11-01").status_code == 404
