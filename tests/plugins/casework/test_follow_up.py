"""Follow-up after closure: each review is recorded and moves the next one due, the last ends follow-up, and
follow-up may end early with a reason; from the aggregate, the service, the API and the case page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.demo import demo_actors
from core.testing import api_error, head
from core.toolkit import ValidationError, finnish_today
from plugins.casework import service
from plugins.casework.domain import Case
from plugins.casework.projections import CaseList
from plugins.casework.queries import case_row
from tests.plugins.casework.helpers import case_row as row_of
from tests.plugins.casework.helpers import in_english

TODAY = finnish_today()
CLOSED_ON = TODAY - timedelta(days=400)  # the 3-, 6- and 12-month reviews are all due by today


@pytest.fixture
def store(make_store):
    return make_store([CaseList()])


def closed(months=(3, 6, 12), closed_on=CLOSED_ON) -> Case:
    case = Case.open("helsinki", "individual", "Lumi", "phone")
    case.close("goals_met", closed_on, "Works again.", follow_up_months=months)
    return case


def test_each_review_answers_the_next_one_due_and_the_last_ends_follow_up():
    case = closed()
    first, second, third = case.follow_ups
    case.record_follow_up(first + timedelta(days=2), "Still at work.", today=TODAY)
    assert case.follow_ups == [second, third] and case.phase == "closed"
    case.move_to("follow_up", "the six-month review is near")
    case.record_follow_up(second, "Doing fine.", today=TODAY)
    case.record_follow_up(TODAY, "No contact with the group.", today=TODAY)
    reviewed, ended = case.collect_events()[-2:]
    assert isinstance(reviewed, Case.FollowUpReviewed) and (reviewed.due_on, reviewed.still_due) == (third, [])
    assert reviewed.summary.category == "note"  # what the review found is the client's personal data
    assert isinstance(ended, Case.FollowUpEnded) and (ended.reason, ended.dropped) == ("reviews_done", [])
    assert (case.phase, case.follow_ups) == ("closed", [])
    with pytest.raises(ValidationError, match="no follow-up review of the case is pending"):
        case.record_follow_up(TODAY, "Once more.", today=TODAY)


@pytest.mark.parametrize(("reviewed_on", "summary", "field"), [
    (TODAY + timedelta(days=1), "Fine.", "reviewed_on"),            # not held yet
    (CLOSED_ON - timedelta(days=1), "Fine.", "reviewed_on"),        # before the case closed
    ("2027-01-01", "Fine.", "reviewed_on"),                         # not a date
    (TODAY, "  ", "summary"),                                       # says nothing
])
def test_a_review_in_the_future_before_closure_or_without_a_summary_is_refused(reviewed_on, summary, field):
    case = closed()
    with pytest.raises(ValidationError) as refused:
        case.record_follow_up(reviewed_on, summary, today=TODAY)
    assert set(refused.value.messages) == {field}
    assert len(case.follow_ups) == 3


def test_an_open_case_or_one_closed_without_reviews_has_no_follow_up():
    case = Case.open("helsinki", "individual", "Lumi", "phone")
    with pytest.raises(ValidationError, match="followed up after it closes"):
        case.record_follow_up(TODAY, "Fine.", today=TODAY)
    case.close("withdrawn", TODAY)  # a client who withdrew is not followed up
    for refused in (lambda: case.record_follow_up(TODAY, "Fine.", today=TODAY),
                    lambda: case.end_follow_up("client_declined_follow_up"),
                    lambda: case.move_to("follow_up", "review")):
        with pytest.raises(ValidationError, match="no follow-up review of the case is pending"):
            refused()


def test_follow_up_ends_early_with_a_reason_and_the_case_rests_closed():
    case = closed()
    case.move_to("follow_up", "three-month review")
    with pytest.raises(ValidationError, match="end_follow_up"):
        case.move_to("closed", "done")
    with pytest.raises(ValidationError) as refused:
        case.end_follow_up("reviews_done")  # said by the last review only
    assert "reason" in refused.value.messages
    pending = list(case.follow_ups)
    case.end_follow_up("client_declined_follow_up")
    ended = case.collect_events()[-1]
    assert (ended.reason, ended.dropped) == ("client_declined_follow_up", pending)
    assert (case.phase, case.follow_ups) == ("closed", [])


def test_back_in_support_from_follow_up_drops_the_reviews():
    case = closed()
    case.give_consent("participation", CLOSED_ON, "written")
    case.move_to("follow_up", "three-month review")
    case.move_to("active_support", "contact with the group again")
    assert (case.phase, case.follow_ups, case.closed_on) == ("active_support", [], None)


def test_the_case_list_moves_the_next_review_and_clears_it_when_follow_up_ends(store, coordinator, recorded):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.close_case(store, coordinator, case_id, "goals_met", CLOSED_ON)
    first, second, third = store.get(case_id).follow_ups
    assert case_row(store, case_id.hex).next_follow_up == first
    service.change_phase(store, coordinator, case_id, "follow_up", "three-month review")
    with recorded(store) as log:
        service.record_follow_up(store, coordinator, case_id, first, "Doing well.")
    log.assert_events(Case.FollowUpReviewed, actor=coordinator)
    assert (case_row(store, case_id.hex).next_follow_up, case_row(store, case_id.hex).phase) == (second, "follow_up")
    with recorded(store) as log:
        with pytest.raises(ValidationError):
            service.record_follow_up(store, coordinator, case_id, finnish_today() + timedelta(days=1), "Ahead of time.")
    log.assert_nothing()
    with recorded(store) as log:
        service.end_follow_up(store, coordinator, case_id, "lost_contact")
    log.assert_events(Case.FollowUpEnded, actor=coordinator)
    row = case_row(store, case_id.hex)
    assert (row.phase, row.next_follow_up, row.closing_reason) == ("closed", None, "goals_met")
    live = row
    store.runner.rebuild(store.projections["casework_cases"])
    assert case_row(store, case_id.hex) == live


def test_a_case_back_in_support_leaves_the_follow_up_list(store, coordinator):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.give_consent(store, coordinator, case_id, "participation", CLOSED_ON, "written")
    service.close_case(store, coordinator, case_id, "goals_met", CLOSED_ON)
    service.change_phase(store, coordinator, case_id, "follow_up", "three-month review")
    service.change_phase(store, coordinator, case_id, "active_support", "contact with the group again")
    row = case_row(store, case_id.hex)
    assert (row.phase, row.next_follow_up, row.closing_reason, row.closed_at) == ("active_support", None, None, None)


@pytest.fixture
def closed_case(instance):
    """A Helsinki case of the demo worker, closed long enough ago that every review is due."""
    coordinator = demo_actors("helsinki")["coordinator"]
    case_id = service.open_case(instance.store, coordinator, "helsinki", "individual", "Viima", "phone")
    service.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    service.close_case(instance.store, coordinator, case_id, "goals_met", CLOSED_ON, follow_up_months=(3, 6))
    return case_id.hex


def test_the_api_records_reviews_and_ends_follow_up_with_422_and_409(api, instance, closed_case):
    client = api("worker.helsinki")
    first, second = instance.store.get(closed_case).follow_ups

    def post(path, body):
        return client.post(f"/api/v1/cases/{closed_case}/{path}",
                           json={**body, "version": row_of(instance, closed_case).version})

    reviewed = post("follow-up", {"reviewed_on": first.isoformat(), "summary": "Back at school."})
    assert reviewed.status_code == 200 and reviewed.get_json()["next_follow_up"] == second.isoformat()
    before = head(instance.store)
    ahead = post("follow-up", {"reviewed_on": (finnish_today() + timedelta(days=1)).isoformat(), "summary": "Ahead."})
    assert "reviewed_on" in api_error(ahead, 422, "validation")["fields"]
    bad = post("follow-up/end", {"reason": "reviews_done"})
    assert "reason" in api_error(bad, 422, "validation")["fields"]
    stale = client.post(f"/api/v1/cases/{closed_case}/follow-up/end", json={"reason": "lost_contact", "version": 1})
    assert api_error(stale, 409, "conflict")["current_version"] == row_of(instance, closed_case).version
    assert head(instance.store) == before
    last = post("follow-up", {"reviewed_on": TODAY.isoformat(), "summary": "Settled."}).get_json()
    assert (last["phase"], last["next_follow_up"]) == ("closed", None)
    api_error(post("follow-up/end", {"reason": "lost_contact"}), 422, "validation")


def test_the_case_page_records_a_review_and_ends_follow_up(browser, instance, closed_case):
    worker = in_english(browser, "worker.helsinki")
    page = worker.get(f"/cases/{closed_case}").text
    first, second = instance.store.get(closed_case).follow_ups
    assert f'action="/cases/{closed_case}/follow-up"' in page and f"The review due on {first.isoformat()}." in page
    refused = worker.post(f"/cases/{closed_case}/follow-up", {
        "reviewed_on": (TODAY + timedelta(days=3)).isoformat(), "summary": "Kept as typed",
        "version": str(row_of(instance, closed_case).version)})
    assert refused.status_code == 422 and "Kept as typed" in refused.text
    done = worker.post(f"/cases/{closed_case}/follow-up", {
        "reviewed_on": first.isoformat(), "summary": "Has a flat of their own.",
        "version": str(row_of(instance, closed_case).version)})
    assert done.status_code == 302
    page = worker.get(f"/cases/{closed_case}").text
    assert "Follow-up review held" in page and "Has a flat of their own." in page
    assert f"Next follow-up review: {second.isoformat()}." in page
    ended = worker.post(f"/cases/{closed_case}/follow-up/end", {
        "reason": "client_declined_follow_up", "version": str(row_of(instance, closed_case).version)})
    assert ended.status_code == 302
    page = worker.get(f"/cases/{closed_case}").text
    assert "Follow-up ended" in page and "Next follow-up review" not in page
    assert f'action="/cases/{closed_case}/follow-up"' not in page
    assert row_of(instance, closed_case).phase == "closed"
