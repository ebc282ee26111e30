"""The case as it was on a chosen day: its state and timeline then, rebuilt from the log, with what the plugins add
to the timeline (plan, custody, outcomes...) as it stood then."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import eventsourcing.domain

from core.demo import demo_actors
from core.toolkit import finnish_today
from plugins.casework import service
from plugins.casework.custody import service as custody
from plugins.casework.outcomes import service as outcomes
from plugins.casework.outcomes.measures import DEFAULT_MEASURES
from plugins.casework.plan import service as plans
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
    today = coordinator.get(f"/cases/{case_id}/as-of?date={finnish_today().isoformat()}")
    assert today.status_code == 200 and "Screening" in today.text and "why: fits exit work" in today.text
    before = coordinator.get(f"/cases/{case_id}/as-of?date={(finnish_today() - timedelta(days=2)).isoformat()}")
    assert before.status_code == 200 and "The case did not exist yet on that day." in before.text
    bad = coordinator.get(f"/cases/{case_id}/as-of?date=yesterday")
    assert bad.status_code == 422 and 'aria-describedby="as-of-error"' in bad.text
    assert browser("coordinator.turku").get(f"/cases/{case_id}/as-of?date=2026-11-01").status_code == 404


def test_the_page_shows_the_plan_custody_and_outcomes_as_they_were_then(browser, instance, monkeypatch):
    """Events written on different days (the clock set back while writing them): a day between shows what the case
    and the records the plugins add to its timeline had then, and nothing recorded later."""
    store, today = instance.store, finnish_today()

    def on(day: date):
        moment = datetime.combine(day, time(10), timezone.utc)
        monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", lambda: moment)

    on(today - timedelta(days=10))
    case_id = service.open_case(store, COORDINATOR, "helsinki", "individual", "Kide", "self")
    service.assign_worker(store, COORDINATOR, case_id, "worker.helsinki")
    plans.draw_up_plan(store, COORDINATOR, case_id, today + timedelta(days=30))
    plans.add_goal(store, COORDINATOR, case_id, "housing", "A flat of my own")
    on(today - timedelta(days=5))
    service.change_phase(store, COORDINATOR, case_id, "screening", "fits exit work")
    plans.add_action(store, COORDINATOR, case_id, 1, "Apply for rental housing", "Housing services",
                     today + timedelta(days=40))
    custody.record_status(store, COORDINATOR, case_id, "remand", today - timedelta(days=6), "Helsinki prison")
    monkeypatch.undo()
    outcomes.record_measurement(store, COORDINATOR, case_id, DEFAULT_MEASURES, "baseline", today, {"housing": 1},
                                None)

    coordinator = in_english(browser, "coordinator.helsinki")
    then = coordinator.get(f"/cases/{case_id.hex}/as-of?date={(today - timedelta(days=7)).isoformat()}").text
    assert "First contact" in then and "Screening" not in then  # the case's state then
    for line in ("Case opened", "Support plan drawn up", "Goal added to the plan"):
        assert line in then, line
    for line in ("Action added to the plan", "Custody status recorded", "Outcome measures: Baseline"):
        assert line not in then, line
    later = coordinator.get(f"/cases/{case_id.hex}/as-of?date={(today - timedelta(days=2)).isoformat()}").text
    assert "why: fits exit work" in later and "Action added to the plan" in later and "Custody status recorded" in later
    assert "Outcome measures: Baseline" not in later
    now = coordinator.get(f"/cases/{case_id.hex}/as-of?date={today.isoformat()}").text
    assert "Outcome measures: Baseline" in now and "On remand · " in now
