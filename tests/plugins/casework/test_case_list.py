"""The city's case list: narrowed by phase, kind, worker and follow-ups due, a page at a time; and the reviews
due on the dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

from core.demo import demo_actors
from core.toolkit import finnish_today
from plugins.casework import service
from plugins.casework.views import PAGE
from tests.plugins.casework.helpers import city_rows, in_english

COORDINATOR = demo_actors("helsinki")["coordinator"]


def listed(html: str) -> list[str]:
    return re.findall(r'href="/cases/([0-9a-f]{32})"', html)


def test_the_list_is_narrowed_by_phase_kind_worker_and_reviews_due(browser, instance):
    coordinator = in_english(browser, "coordinator.helsinki")
    rows = city_rows(instance, "helsinki")
    for phase in ("closed", "support_plan"):
        page = coordinator.get(f"/cases/?phase={phase}")
        assert page.status_code == 200
        assert sorted(listed(page.text)) == sorted(r.case_id for r in rows if r.phase == phase)
    family = coordinator.get("/cases/?kind=family").text
    assert sorted(listed(family)) == sorted(r.case_id for r in rows if r.kind == "family")
    stray = service.open_case(instance.store, COORDINATOR, "helsinki", "individual", "Nuoska", "self").hex
    theirs = listed(coordinator.get("/cases/?worker=worker.helsinki").text)
    assert stray not in theirs and sorted(theirs) == sorted(r.case_id for r in rows if r.worker_id == "worker.helsinki")
    closed = next(r for r in rows if r.phase == "closed")
    soon = finnish_today() + timedelta(days=3)
    service.reopen_case(instance.store, COORDINATOR, closed.case_id, "back")
    service.close_case(instance.store, COORDINATOR, closed.case_id, "goals_met", soon - timedelta(days=91), "ok")
    due = coordinator.get("/cases/?due=on").text
    assert closed.case_id in listed(due) and stray not in listed(due)
    assert coordinator.get("/cases/?kind=alien").status_code == 422


def test_a_long_list_comes_a_page_at_a_time_without_gaps_or_repeats(browser, instance):
    for i in range(PAGE + 5):
        service.open_case(instance.store, COORDINATOR, "helsinki", "consultation", f"Client {i}", "agency")
    coordinator = in_english(browser, "coordinator.helsinki")
    first = coordinator.get("/cases/").text
    following = re.search(r'<a href="(/cases/\?after=[^"]+)">Next page</a>', first).group(1).replace("&amp;", "&")
    second = coordinator.get(following).text
    assert len(listed(first)) == PAGE and "Next page" not in second
    seen = listed(first) + listed(second)
    assert len(seen) == len(set(seen)) == len(city_rows(instance, "helsinki"))
    assert coordinator.get("/cases/?after=not-a-cursor").status_code == 422


def test_the_dashboard_lists_the_follow_up_reviews_due(browser, instance):
    rows = city_rows(instance, "helsinki")
    closed = next(r for r in rows if r.phase == "closed")
    service.reopen_case(instance.store, COORDINATOR, closed.case_id, "back")
    service.close_case(instance.store, COORDINATOR, closed.case_id, "goals_met", finnish_today() - timedelta(days=95),
                       "ok")
    worker = in_english(browser, "worker.helsinki")
    page = worker.get("/").text
    assert "Follow-up reviews due" in page and f'href="/cases/{closed.case_id}"' in page and "overdue" in page
