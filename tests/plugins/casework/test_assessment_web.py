"""The assessment pages: start from the case, rate with evidence, finalise with reasoning, approve where the city
requires it, and see what changed since the last assessment; refused input is kept."""

from __future__ import annotations

import re

from core.testing import database_text, events_after, head
from plugins.casework import service as cases
from plugins.casework.assessment.domain import Assessment
from plugins.casework.assessment.queries import assessment_row
from tests.plugins.casework.helpers import assessment_pages, city_rows, in_english, version_in

EVIDENCE = "Told of a lease at Vyrkkäkatu ending in March"


def new_case(instance, coordinator) -> str:
    """An open case of worker.helsinki's."""
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Vyrkkä", "phone")
    cases.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    return case_id.hex


def started(worker, case_id) -> str:
    page = worker.get(f"/cases/{case_id}")
    assert f"/cases/{case_id}/assessments" in page.text
    started = worker.post(f"/cases/{case_id}/assessments", {"instrument": "exit_pathways"})
    assert started.status_code == 302, started.text
    return started.headers["Location"]


def rate(user, path, version, **changes):
    form = {"indicator": "housing_need", "rating": "2", "source": "client", "reliability": "probable",
            "evidence": EVIDENCE, "reasoning": "Housing ends within months.", "version": version, **changes}
    return user.post(f"{path}/ratings", form)


def test_a_worker_assesses_a_case_from_its_page(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    path = started(worker, case_id)
    page = worker.get(path)
    assert "Exit pathways" in page.text and "CC BY 4.0" in page.text and "nothing here is added up" in page.text
    assert rate(worker, path, version_in(page.text)).status_code == 302
    page = worker.get(path)
    assert EVIDENCE in page.text and "2: Clearly present" in page.text.replace("clearly", "Clearly")
    assert EVIDENCE.encode() not in database_text(instance.store)
    finalised = worker.post(f"{path}/finalisation", {"reasoning": "Housing first.", "version": version_in(page.text)})
    assert finalised.status_code == 302
    page = worker.get(path)
    assert "Housing first." in page.text and "Record the rating" not in page.text and "Finalised" in page.text


def test_a_refused_rating_keeps_what_was_typed_and_writes_nothing(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    path = started(worker, case_id)
    version = version_in(worker.get(path).text)
    before = head(instance.store)
    no_reason = rate(worker, path, version, reasoning="")
    assert no_reason.status_code == 422
    assert EVIDENCE in no_reason.text and 'id="rating-reasoning" name="reasoning" rows="3" aria-invalid="true"' in \
        no_reason.text
    off_scale = rate(worker, path, version, rating="7")
    assert off_scale.status_code == 422 and "must be one of 0, 1, 2, 3" not in off_scale.text  # the hint says it
    assert EVIDENCE in off_scale.text and "Choose a value of the scale." in off_scale.text
    no_reasoning = worker.post(f"{path}/finalisation", {"reasoning": " ", "version": version})
    assert no_reasoning.status_code == 422 and "finalised with the overall reasoning" in no_reasoning.text
    assert not any(isinstance(e, Assessment.Event) for e in events_after(instance.store, before))  # access log only
    assert rate(worker, path, version).status_code == 302
    stale = rate(worker, path, version, rating="1")
    assert stale.status_code == 409 and "Someone else changed this assessment" in stale.text
    assert EVIDENCE in stale.text


def test_oulu_has_a_coordinator_approve_and_helsinki_does_not(browser, instance):
    oulu = in_english(browser, "coordinator.oulu")
    [awaiting] = [p for p in assessment_pages(instance, "oulu") if p.startswith("/assessments/")
                  and "Awaiting approval" in oulu.get(p).text]
    page = oulu.get(awaiting)
    assert "Approve the assessment" in page.text
    assert oulu.post(f"{awaiting}/approval", {"version": version_in(page.text)}).status_code == 302
    assert "Approved by" in oulu.get(awaiting).text
    helsinki = in_english(browser, "coordinator.helsinki")
    finalised = [p for p in assessment_pages(instance, "helsinki") if p.startswith("/assessments/")
                 and "Finalised" in helsinki.get(p).text]
    page = helsinki.get(finalised[0])
    assert "Approve the assessment" not in page.text
    version = assessment_row(instance.store, finalised[0].rsplit("/", 1)[1]).version
    refused = helsinki.post(f"{finalised[0]}/approval", {"version": str(version)})
    assert refused.status_code == 422 and "does not require approval" in refused.text
    worker = in_english(browser, "worker.oulu")
    assert worker.post(f"{awaiting}/approval", {"version": "1"}).status_code == 403


def test_the_case_shows_what_changed_since_the_last_assessment(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    [compared] = [p for p in assessment_pages(instance, "helsinki") if p.startswith("/cases/")
                  and "What changed since the last assessment" in worker.get(p).text]
    rows = re.findall(r"<tr( class=\"changed\")?>\s*<td>(.*?)</td>.*?<td>(.*?)</td><td>(.*?)</td>\s*<td>(.*?)</td>",
                      worker.get(compared).text, re.S)
    by_label = {label: (bool(changed), before, after, what) for changed, label, before, after, what in rows}
    assert by_label["Contact with the group and its members"] == (True, "3", "1", "lower")
    assert by_label["Insecure housing"] == (False, "2", "2", "no change")
    assert by_label["Use of or support for violence"] == (False, "–", "–", "no change")


def test_another_citys_assessment_is_not_found_and_a_colleagues_case_is_refused(browser, instance, coordinator):
    turku = in_english(browser, "worker.turku")
    for path in assessment_pages(instance, "helsinki"):
        assert turku.get(path).status_code == 404
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Lumi", "phone")
    cases.assign_worker(instance.store, coordinator, case_id, "someone.else")
    worker = in_english(browser, "worker.helsinki")
    assert worker.get(f"/cases/{case_id.hex}/assessments").status_code == 403


def test_an_assessments_milestones_show_on_its_cases_timeline(browser, instance):
    tuisku = next(r for r in city_rows(instance, "helsinki") if r.phase == "active_support")
    page = in_english(browser, "coordinator.helsinki").get(f"/cases/{tuisku.case_id}").text
    timeline = page.split('<ol class="timeline">', 1)[1]
    assert timeline.count("Assessment started") == 2 and timeline.count("Assessment finalised") == 2


def test_the_second_worker_opens_the_cases_assessment_and_rates_it(browser, api, instance, coordinator):
    from core.auth.service import register_user
    from core.demo import SETUP_ACTOR
    from core.testing import PASSWORD
    register_user(instance.store, SETUP_ACTOR, "tyyni.helsinki", "Tyyni", PASSWORD, "helsinki", roles=["exit_worker"])
    case_id = new_case(instance, coordinator)
    path = started(in_english(browser, "worker.helsinki"), case_id)
    second = in_english(browser, "tyyni.helsinki")
    assert second.get(path).status_code == 403
    cases.choose_second_worker(instance.store, coordinator, case_id, "tyyni.helsinki")
    page = second.get(path)
    assert page.status_code == 200 and "Record the rating" in page.text
    assert rate(second, path, version_in(page.text)).status_code == 302
    assert EVIDENCE in second.get(path).text
    assert api("tyyni.helsinki").get(f"/api/v1{path}").status_code == 200
