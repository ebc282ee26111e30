"""The support-plan routes' rows of the authorization matrix (joined to casework's in routes.py)."""

from __future__ import annotations

from datetime import timedelta

from core.testing.matrix import Records, Route
from core.toolkit import finnish_today
from plugins.casework import service as cases
from plugins.casework.plan import service
from plugins.casework.plan.queries import plan_row

LATER = (finnish_today() + timedelta(days=60)).isoformat()


class Plans(Records):
    """Cases of the given exit worker whose plan is drawn up with one open goal (goal 1), keyed by the case."""

    noun, key = "plan", "case_id"

    def create(self, world, city, assignee):
        coordinator = world.account(f"coordinator.{city}").actor()
        case_id = cases.open_case(world.store, coordinator, city, "individual", "Matriisi", "agency")
        cases.assign_worker(world.store, coordinator, case_id, assignee)
        service.draw_up_plan(world.store, coordinator, case_id, finnish_today() + timedelta(days=30))
        service.add_goal(world.store, coordinator, case_id, "housing", "A flat of my own.")
        return case_id.hex

    def version(self, world, case_id):
        row = plan_row(world.store, case_id)
        return row.version if row else 0


PLANS = Plans()


def form(page: bool, make):
    """The body as form fields for a page, as JSON for the API."""
    def body(user: str, version: int) -> dict:
        made = {**make(user), "version": version}
        return {k: str(v) for k, v in made.items()} if page else made
    return body


def goal(user):
    return {"domain": "family", "text": f"Meet the family more often ({user})."}


def action(user):
    """An action on the plan's open goal, due ahead: it always lands, as the goal stays open."""
    return {"goal": 1, "what": "Apply for a rental flat.", "owner": f"Housing services ({user})", "due_on": LATER}


def review(user):
    return {"held_on": finnish_today().isoformat(), "summary": f"Reviewed with {user}.", "next_review": LATER}


# A case has one plan, and goal and action statuses move once: these bodies are always refused (422 for an
# allowed user), so that no cell changes what another meets; their successes are in test_plan_web.py and
# test_plan_api.py.
def no_first_review(user):
    return {"next_review": "2020-01-01"}


def drop_without_reason(user):
    return {"goal": 1, "status": "dropped", "reason": ""}


def no_such_action(user):
    return {"action": 999, "status": "done"}


def plan_rows(cases_records) -> dict:
    """The rows: drawing up on casework's cases (no plan yet), the rest on cases with a plan."""
    rows = {
        "casework_plan.plan": Route("casework.view_case", {"GET": 200}, scope=PLANS),
        "api_casework_plan.get_plan": Route("casework.view_case", {"GET": 200}, scope=PLANS),
        "casework_plan.draw_up_plan": Route("casework.manage_case", {"POST": 422}, scope=cases_records,
                                            body=lambda user, version: no_first_review(user)),
        "api_casework_plan.draw_up_plan": Route("casework.manage_case", {"POST": 422}, scope=cases_records,
                                                body=lambda user, version: no_first_review(user)),
    }
    for name, make, page_ok, api_ok in (("add_goal", goal, 302, 201), ("add_action", action, 302, 201),
                                        ("review_plan", review, 302, 201),
                                        ("set_goal_status", drop_without_reason, 422, 422),
                                        ("set_action_status", no_such_action, 422, 422)):
        rows[f"casework_plan.{name}"] = Route("casework.manage_case", {"POST": page_ok}, scope=PLANS,
                                              lands=page_ok == 302, body=form(True, make))
        rows[f"api_casework_plan.{name}"] = Route("casework.manage_case", {"POST": api_ok}, scope=PLANS,
                                                  body=form(False, make))
    return rows
