"""The case's path from the pages and the API: each command lands, keeps what was typed when refused, and answers
a stale version with 409; a city's own workflow step appears where the city put it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from core.demo import demo_actors
from core.testing import events_after, head
from core.toolkit import finnish_today
from plugins.casework import service
from plugins.casework.domain import Case
from tests.plugins.casework.helpers import case_row, in_english

CONSENT = {"scope": "participation", "given_on": "2026-11-02", "form": "written"}


@pytest.fixture
def new_case(instance):
    """A case just opened in Helsinki and given to the demo worker."""
    coordinator = demo_actors("helsinki")["coordinator"]
    case_id = service.open_case(instance.store, coordinator, "helsinki", "individual", "Viima", "phone")
    service.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    return case_id.hex


def form_of(html: str, action: str) -> str:
    """The form posting to `action` on a page."""
    return re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', html, re.S).group(0)


def test_a_worker_takes_a_case_from_first_contact_to_closure_and_reopens_it(browser, instance, new_case):
    worker = in_english(browser, "worker.helsinki")
    base = f"/cases/{new_case}"

    def post(path, data):
        version = case_row(instance, new_case).version
        response = worker.post(f"{base}/{path}", {**data, "version": str(version)})
        assert response.status_code == 302, (path, response.status_code)
        return worker.get(base).text

    post("phase", {"phase": "screening", "reason": "First talk held"})
    page = post("screening", {"decision": "screened_in", "reason": "Fits exit work"})
    assert "Screening decision" in page and "Screened in" in page
    post("phase", {"phase": "support_plan", "reason": "on to support_plan"})
    post("consent", CONSENT)
    page = post("phase", {"phase": "active_support", "reason": "The plan is agreed"})
    assert "The client has consented to take part." in page and "Active support" in page
    page = post("closure", {"closing_reason": "goals_met", "closed_on": "2026-08-31", "summary": "Works again."})
    assert "Closing reason: Goals met." in page and "Next follow-up review: 2026-11-30." in page
    assert "Works again." in page and "follow-up reviews: 2026-11-30, 2027-02-28, 2027-08-31" in page
    page = post("reopening", {"reason": "Contact with the group again"})
    assert "why: Contact with the group again" in page
    events = [type(e) for e in events_after(instance.store, 0) if e.originator_id.hex == new_case]
    assert events[-8:] == [Case.PhaseChanged, Case.Screened, Case.PhaseChanged, Case.PhaseChanged, Case.ConsentGiven,
                           Case.PhaseChanged, Case.Closed, Case.Reopened]


def test_a_refused_move_keeps_what_was_typed_and_says_why(browser, instance, new_case):
    worker = in_english(browser, "worker.helsinki")
    before = head(instance.store)
    version = str(case_row(instance, new_case).version)
    page = worker.post(f"/cases/{new_case}/closure", {"closing_reason": "goals_met", "closed_on": "30.11.2026",
                                                       "summary": "Kept as typed", "version": version})
    assert page.status_code == 422
    closure = form_of(page.text, f"/cases/{new_case}/closure")
    assert 'aria-invalid="true"' in closure and 'value="30.11.2026"' in closure and "Kept as typed" in closure
    assert '<option value="goals_met" selected>' in closure
    assert head(instance.store) - before == 1  # the page shown again is in the access log; nothing else
    page = worker.post(f"/cases/{new_case}/consent", {"scope": "sharing", "given_on": "2026-11-02",
                                                       "form": "written", "version": version})
    assert page.status_code == 422 and "Name the organisation for sharing, and none for taking part." in page.text


def test_a_stale_version_answers_409_and_keeps_the_input(browser, instance, new_case):
    worker = in_english(browser, "worker.helsinki")
    stale = str(case_row(instance, new_case).version)
    service.record_meeting(instance.store, demo_actors("helsinki")["coordinator"], new_case,
                           date(2026, 11, 3), "phone", 20)
    page = worker.post(f"/cases/{new_case}/phase", {"phase": "screening", "reason": "Fits exit work",
                                                     "version": stale})
    assert page.status_code == 409 and "check them and send your change again" in page.text
    assert 'value="Fits exit work"' in form_of(page.text, f"/cases/{new_case}/phase")
    assert case_row(instance, new_case).phase == "first_contact"


def test_the_api_runs_each_command_and_answers_422_and_409_in_its_one_shape(api, instance, new_case):
    client = api("worker.helsinki")

    def post(path, body):
        return client.post(f"/api/v1/cases/{new_case}/{path}",
                           json={**body, "version": case_row(instance, new_case).version})

    assert post("phase", {"phase": "screening", "reason": "fits"}).get_json()["phase"] == "screening"
    consented = post("consent", CONSENT).get_json()
    assert consented["participation"] is True
    assert post("legal-basis", {"basis": "Child Welfare Act 417/2007, s. 36"}).get_json()["legal_basis"] is True
    withdrawn = post("consent/withdrawal", {"scope": "participation", "withdrawn_on": "2026-11-20"}).get_json()
    assert (withdrawn["participation"], withdrawn["phase"]) == (False, "screening")  # the legal basis holds
    closed = post("closure", {"closing_reason": "lost_contact", "closed_on": "2026-08-31"}).get_json()
    assert (closed["phase"], closed["closing_reason"], closed["next_follow_up"]) == ("closed", "lost_contact",
                                                                                      "2026-11-30")
    assert post("reopening", {"reason": "Called again"}).get_json()["phase"] == "assessment"

    refused = post("phase", {"phase": "reintegration", "reason": "skip"})
    assert refused.status_code == 422 and "phase" in refused.get_json()["error"]["fields"]
    bad = client.post(f"/api/v1/cases/{new_case}/closure", json={"closing_reason": "bored"})
    assert bad.status_code == 422 and {"closing_reason", "closed_on", "version"} <= set(bad.get_json()["error"]["fields"])
    stale = client.post(f"/api/v1/cases/{new_case}/legal-basis", json={"basis": "Some act, s. 1", "version": 1})
    assert stale.status_code == 409
    assert stale.get_json()["error"]["current_version"] == case_row(instance, new_case).version


def test_oulu_cases_pass_its_anchor_team_review_named_in_its_own_words(browser, instance):
    coordinator = demo_actors("oulu")["coordinator"]
    case_id = service.open_case(instance.store, coordinator, "oulu", "individual", "Routa", "self").hex
    oulu = in_english(browser, "coordinator.oulu")
    move = lambda phase: oulu.post(f"/cases/{case_id}/phase", {  # noqa: E731
        "phase": phase, "reason": f"to {phase}", "version": str(case_row(instance, case_id).version)})
    assert move("screening").status_code == 302
    page = oulu.get(f"/cases/{case_id}").text
    assert f'action="/cases/{case_id}/phase"' not in page  # a case leaves screening with the decision
    assert f'action="/cases/{case_id}/screening"' in page
    assert move("assessment").status_code == 422  # a case leaves screening with the screening decision
    screened = oulu.post(f"/cases/{case_id}/screening", {"decision": "screened_in", "reason": "fits",
                                                         "version": str(case_row(instance, case_id).version)})
    assert screened.status_code == 302 and case_row(instance, case_id).phase == "anchor_review"  # Oulu's own step
    assert move("assessment").status_code == 302
    helsinki_case = service.open_case(instance.store, demo_actors("helsinki")["coordinator"], "helsinki",
                                      "individual", "Lumi", "self").hex
    helsinki = in_english(browser, "coordinator.helsinki")
    helsinki.post(f"/cases/{helsinki_case}/phase", {"phase": "screening", "reason": "fits",
                                                    "version": str(case_row(instance, helsinki_case).version)})
    assert "anchor_review" not in helsinki.get(f"/cases/{helsinki_case}").text


def test_a_closure_dated_tomorrow_is_refused_on_the_page_and_in_the_api(browser, api, instance, new_case):
    from datetime import timedelta
    tomorrow = (finnish_today() + timedelta(days=1)).isoformat()
    body = {"closing_reason": "goals_met", "closed_on": tomorrow}
    client, worker = api("worker.helsinki"), in_english(browser, "worker.helsinki")
    before = head(instance.store)
    refused = client.post(f"/api/v1/cases/{new_case}/closure",
                          json={**body, "version": case_row(instance, new_case).version})
    assert refused.status_code == 422 and set(refused.get_json()["error"]["fields"]) == {"closed_on"}
    page = worker.post(f"/cases/{new_case}/closure", {**body, "version": str(case_row(instance, new_case).version)})
    assert page.status_code == 422 and f'value="{tomorrow}"' in form_of(page.text, f"/cases/{new_case}/closure")
    assert case_row(instance, new_case).phase == "first_contact"
    assert head(instance.store) - before == 1  # the page shown again is in the access log; nothing else
