"""The case's timeline shows every event of casework's aggregates: each event class is shown by a timeline
module, or declared quiet as an aggregate's start that always comes with an event shown; a new event cannot be
forgotten. The entries added for actions, ratings, moved handover tasks and a record's disclosure read on the page."""

from __future__ import annotations

import importlib
import uuid
import pkgutil
from datetime import timedelta

import plugins.casework
from core.demo import demo_actors
from core.toolkit import Aggregate, finnish_today
from plugins.casework import service as cases
from plugins.casework.api import record_disclosure
from plugins.casework.assessment import service as assessments
from plugins.casework.custody import service as custody
from plugins.casework.plan import service as plans
from tests.plugins.casework.helpers import in_english

HELSINKI = demo_actors("helsinki")["coordinator"]
KNOWN = {"Case", "SupportPlan", "Assessment", "Custody", "SafetyPlan", "Outcomes", "AgencyMeeting", "Disclosure"}


def _modules():
    for found in pkgutil.walk_packages(plugins.casework.__path__, "plugins.casework."):
        if ".migrations" not in found.name:
            yield importlib.import_module(found.name)


def casework_events() -> dict:
    """Every event class of every aggregate defined in casework, by aggregate."""
    aggregates = {v for m in _modules() for v in vars(m).values()
                  if isinstance(v, type) and issubclass(v, Aggregate) and v.__module__ == m.__name__}
    # Each aggregate has its own Event and Created bases (the library makes them): not events that happen.
    return {a: {v for v in vars(a).values() if isinstance(v, type) and issubclass(v, Aggregate.Event)
                and v not in (a.Event, a.Created)} for a in aggregates}


def declared(name: str) -> set:
    """What casework's timeline modules declare under `name` (SHOWN or QUIET)."""
    return {cls for m in _modules() if m.__name__.endswith("timeline") for cls in getattr(m, name, ())}


def test_every_event_of_casework_is_on_the_timeline_or_comes_with_one_that_is():
    events = casework_events()
    assert KNOWN <= {a.__name__ for a in events}, "the walk missed an aggregate"
    shown, quiet = declared("SHOWN"), declared("QUIET")
    every = {e for found in events.values() for e in found}
    missing = sorted(f"{e.__qualname__}" for e in every - shown - quiet)
    assert not missing, f"events with no timeline entry: {missing}"
    assert not shown & quiet
    assert all(issubclass(e, Aggregate.Created) for e in quiet), "only an aggregate's start may be quiet"


def test_actions_ratings_moved_tasks_and_a_records_disclosure_read_on_the_timeline(browser, instance):
    store, today = instance.store, finnish_today()
    case_id = cases.open_case(store, HELSINKI, "helsinki", "individual", "Vyrkkä", "phone")
    cases.assign_worker(store, HELSINKI, case_id, "worker.helsinki")
    plans.draw_up_plan(store, HELSINKI, case_id, today + timedelta(days=30))
    plans.add_goal(store, HELSINKI, case_id, "housing", "A flat of my own")
    plans.add_action(store, HELSINKI, case_id, 1, "Apply for rental housing", "Housing services",
                     today + timedelta(days=40))
    plans.set_action_status(store, HELSINKI, case_id, 1, "in_progress")
    [instrument] = [i for answer in instance.host.hook("helsinki").assessment_instruments() for i in answer
                    if i.name == "exit_pathways"]
    assessment_id = assessments.start_assessment(store, HELSINKI, case_id, instrument, False)
    assessments.rate(store, HELSINKI, assessment_id, instrument, "housing_need", 2, "A lease ends in March",
                     "client", "probable", "Housing ends within months")
    custody.record_status(store, HELSINKI, case_id, "remand", today - timedelta(days=10), "Helsinki prison")
    custody.set_release_date(store, HELSINKI, case_id, today + timedelta(days=60))
    custody.add_task(store, HELSINKI, case_id, "housing_arranged", "Housing services")
    custody.set_release_date(store, HELSINKI, case_id, today + timedelta(days=90))  # the task moves with it
    with store.acting(HELSINKI):
        record_disclosure(store, case_id, uuid.uuid4(), 1, "Helsinki housing services", "consent", None,
                          ["contact_details"])

    timeline = in_english(browser, "coordinator.helsinki").get(f"/cases/{case_id.hex}").text
    moved = (today + timedelta(days=90 - 30)).isoformat()
    for line in ("Action added to the plan", "action 1 · goal 1 · Housing services · due "
                 f"{(today + timedelta(days=40)).isoformat()}", "Action status changed", "action 1 · In progress",
                 "Indicator rated", "Handover task moved with the release date", f"Housing arranged · {moved}",
                 "Information shared with a record sent", "with Helsinki housing services under Consent"):
        assert line in timeline, line
