"""The support-plan pages: drawn up from the case, goals by life domain with their actions and reviews, overdue
actions marked, refused input kept, a second plan and a stale version refused, and the dashboard's list."""

from __future__ import annotations

import re
from datetime import timedelta

from core.testing import database_text, events_after, head
from core.testing.forms import marked, selected, textarea
from core.toolkit import finnish_today
from plugins.casework import service as cases
from plugins.casework.plan.domain import SupportPlan
from tests.plugins.casework.helpers import city_rows, in_english

SOON = (finnish_today() + timedelta(days=20)).isoformat()
LATER = (finnish_today() + timedelta(days=90)).isoformat()
GOAL = "Live at Vyrkkäkatu, away from the group"


def new_case(instance, coordinator, worker="worker.helsinki") -> str:
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Vyrkkä", "phone")
    cases.assign_worker(instance.store, coordinator, case_id, worker)
    return case_id.hex


def form_of(html: str, path: str) -> str:
    """The form that posts to `path`, to read its fields apart from the page's other forms."""
    return re.search(rf'<form method="post" action="{re.escape(path)}".*?</form>', html, re.S).group(0)


def version_of(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def drawn_up(worker, case_id) -> str:
    path = f"/cases/{case_id}/plan"
    assert path in worker.get(f"/cases/{case_id}").text
    assert "No support plan has been drawn up" in worker.get(path).text
    done = worker.post(path, {"next_review": SOON})
    assert done.status_code == 302, done.text
    return path


def test_a_worker_draws_up_a_plan_and_works_it_through(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    path = drawn_up(worker, case_id)
    page = worker.get(path).text
    assert f"Next review: {SOON}" in page and "The plan has no goals yet." in page
    assert worker.post(f"{path}/goals", {"domain": "housing", "text": GOAL, "version": version_of(page)}
                       ).status_code == 302
    page = worker.get(path).text
    added = worker.post(f"{path}/actions", {"goal": "1", "what": "Apply for a rental flat",
                                            "owner": "Helsinki youth services", "due_on": SOON,
                                            "version": version_of(page)})
    assert added.status_code == 302, added.text
    page = worker.get(path).text
    assert worker.post(f"{path}/action-statuses", {"action": "1", "status": "done", "version": version_of(page)}
                       ).status_code == 302
    page = worker.get(path).text
    reviewed = worker.post(f"{path}/reviews", {"held_on": finnish_today().isoformat(), "summary": "Flat found",
                                               "next_review": LATER, "version": version_of(page)})
    assert reviewed.status_code == 302, reviewed.text
    page = worker.get(path).text
    assert worker.post(f"{path}/goal-statuses", {"goal": "1", "status": "achieved", "reason": "",
                                                 "version": version_of(page)}).status_code == 302
    page = worker.get(path).text
    housing = page.split("<h2>Housing</h2>", 1)[1].split("</section>", 1)[0]
    assert "Goal 1 · Achieved" in housing and GOAL in housing and "Apply for a rental flat" in housing
    assert "Helsinki youth services" in housing and SOON in housing and "Done" in housing
    assert "Flat found" in page and f"Next review: {LATER}" in page
    assert GOAL.encode() not in database_text(instance.store)
    timeline = worker.get(f"/cases/{case_id}").text.split('<ol class="timeline">', 1)[1]
    for entry in ("Support plan drawn up", "Goal added to the plan", "Goal achieved", "Support plan reviewed"):
        assert entry in timeline
    assert "goal 1 · Housing" in timeline


def test_refused_input_keeps_what_was_typed_and_writes_nothing(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    path = f"/cases/{case_id}/plan"
    before = head(instance.store)
    refused = worker.post(path, {"next_review": finnish_today().isoformat()})
    assert refused.status_code == 422 and "Give a day after today, as YYYY-MM-DD." in refused.text
    form = form_of(refused.text, path)
    assert marked(form, "next_review") and f'value="{finnish_today().isoformat()}"' in form
    assert not any(isinstance(e, SupportPlan.Event) for e in events_after(instance.store, before))
    drawn_up(worker, case_id)
    version = version_of(worker.get(path).text)
    refused = worker.post(f"{path}/goals", {"domain": "family", "text": "  ", "version": version})
    assert refused.status_code == 422
    form = form_of(refused.text, f"{path}/goals")
    assert marked(form, "text") and selected(form, "domain") == "family"
    assert worker.post(f"{path}/goals", {"domain": "family", "text": GOAL, "version": version}).status_code == 302
    version = version_of(worker.get(path).text)
    before = head(instance.store)
    past = (finnish_today() - timedelta(days=3)).isoformat()
    refused = worker.post(f"{path}/actions", {"goal": "1", "what": "Call the sister", "owner": "Family counselling",
                                              "due_on": past, "version": version})
    assert refused.status_code == 422 and "Give today or a later day, as YYYY-MM-DD." in refused.text
    form = form_of(refused.text, f"{path}/actions")
    assert marked(form, "due_on") and textarea(form, "what") == "Call the sister"
    assert 'value="Family counselling"' in form and selected(form, "goal") == "1"
    refused = worker.post(f"{path}/goal-statuses", {"goal": "1", "status": "dropped", "reason": "",
                                                    "version": version})
    assert refused.status_code == 422 and marked(form_of(refused.text, f"{path}/goal-statuses"), "reason")
    assert not any(isinstance(e, SupportPlan.Event) for e in events_after(instance.store, before))
    stale = worker.post(f"{path}/goals", {"domain": "safety", "text": "Walk home safely",
                                          "version": str(int(version) - 1)})
    assert stale.status_code == 409 and "Someone else changed this plan" in stale.text
    assert textarea(form_of(stale.text, f"{path}/goals"), "text") == "Walk home safely"


def test_a_second_plan_is_refused_as_a_conflict(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    path = drawn_up(worker, case_id)
    again = browser("coordinator.helsinki").post(path, {"next_review": LATER})
    assert again.status_code == 409
    assert f"Next review: {SOON}" in worker.get(path).text


def test_a_closed_case_shows_its_plan_without_forms(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    [closed] = [r for r in city_rows(instance, "helsinki") if r.phase == "closed"]
    page = worker.get(f"/cases/{closed.case_id}/plan")
    assert page.status_code == 200 and "Draw up the plan" not in page.text
    refused = worker.post(f"/cases/{closed.case_id}/plan", {"next_review": LATER})
    assert refused.status_code == 422 and "The case is closed; its plan is not changed" in refused.text


def test_the_demo_plans_mark_the_overdue_action_and_the_dashboard_lists_it(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    planned = [r for r in city_rows(instance, "helsinki") if r.phase in ("support_plan", "active_support",
                                                                         "reintegration")]
    assert len(planned) == 3
    for row in planned:
        page = worker.get(f"/cases/{row.case_id}/plan").text
        assert page.count('class="overdue"') == 1 and "Visit two flats together with the worker." in page
        for domain in ("Housing", "Work and education", "Ideology and mentoring", "Mental health"):
            assert f"<h2>{domain}</h2>" in page
        assert "Housing is moving; the mentor meetings help." in page
    dashboard = worker.get("/").text
    widget = dashboard.split("Support plans: overdue actions and reviews due", 1)[1]
    for row in planned:
        assert f"/cases/{row.case_id}/plan" in widget
    assert "Housing services of Helsinki" in widget


def test_another_citys_plan_is_not_found_and_a_colleagues_is_refused(browser, instance, coordinator):
    turku = in_english(browser, "worker.turku")
    for row in city_rows(instance, "helsinki"):
        assert turku.get(f"/cases/{row.case_id}/plan").status_code == 404
    case_id = new_case(instance, coordinator, worker="someone.else")
    worker = in_english(browser, "worker.helsinki")
    assert worker.get(f"/cases/{case_id}/plan").status_code == 403
    assert worker.post(f"/cases/{case_id}/plan", {"next_review": LATER}).status_code == 403
