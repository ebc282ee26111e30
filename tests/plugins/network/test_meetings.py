"""Network meetings and community dialogue events: who attends, the topics, outcomes once held, follow-up actions
taken on by an attending organisation and marked done; pages and API."""

from __future__ import annotations

from datetime import date

import pytest

from core.testing import api_error
from core.toolkit import Actor, ConflictError, NotFoundError, ValidationError
from plugins.network import service as organisations
from plugins.network.demo import MEETING, demo_meeting_held_on
from plugins.network.meeting import service
from plugins.network.meeting.domain import meeting_id_for
from plugins.network.meeting.projections import MeetingList
from plugins.network.meeting.queries import meeting_row
from plugins.network.projections import Directory
from tests.plugins.casework.helpers import in_english

MANAGER = Actor("coordinator.oulu", "city_coordinator", "oulu")
CITIES = ("helsinki", "turku", "oulu")
DAY = date(2026, 10, 1)


@pytest.fixture
def store(make_store):
    return make_store([Directory(), MeetingList()])


@pytest.fixture
def attending(store):
    return [organisations.register_organisation(store, MANAGER, name, "civil_society", ["oulu"], CITIES).hex
            for name in ("Kohtaamo ry", "Sillanrakentajat ry")]


def recorded_meeting(store, attending, held_on=DAY):
    return service.record_meeting(store, MANAGER, "community_dialogue", "Dialogue evening", "oulu", held_on,
                                  attending, "Safety in the neighbourhood.", CITIES, attending)


@pytest.mark.parametrize("change, field", [
    ({"attending": []}, "attending"), ({"attending": ["f" * 32]}, "attending"), ({"kind": "party"}, "kind"),
    ({"topics": " "}, "topics"), ({"city": "atlantis"}, "city")])
def test_a_meeting_needs_its_kind_city_organisations_and_topics(store, attending, recorded, change, field):
    given = {"kind": "network_meeting", "title": "Meeting", "city": "oulu", "held_on": DAY, "attending": attending,
             "topics": "Referrals.", **change}
    with recorded(store) as log, pytest.raises(ValidationError) as refused:
        service.record_meeting(store, MANAGER, **given, known_cities=CITIES, known_organisations=attending)
    assert field in refused.value.messages
    log.assert_nothing()


def test_outcomes_after_the_day_and_follow_ups_by_attending_organisations(store, attending):
    meeting_id = recorded_meeting(store, attending)
    with pytest.raises(ValidationError, match="once the meeting has been held"):
        service.record_outcomes(store, MANAGER, meeting_id, "Agreed.", date(2026, 9, 30))
    service.record_outcomes(store, MANAGER, meeting_id, "A second evening in spring.", date(2026, 10, 2))
    with pytest.raises(ValidationError) as refused:
        service.agree_follow_up(store, MANAGER, meeting_id, "Book the hall.", "f" * 32, date(2026, 9, 1))
    assert set(refused.value.messages) == {"owner", "due_on"}
    service.agree_follow_up(store, MANAGER, meeting_id, "Book the hall.", attending[1], date(2026, 11, 1))
    assert meeting_row(store, meeting_id.hex).open_follow_ups == 1
    service.mark_done(store, MANAGER, meeting_id, 1, expected_version=3)
    assert meeting_row(store, meeting_id.hex).open_follow_ups == 0
    with pytest.raises(ValidationError, match="already done"):
        service.mark_done(store, MANAGER, meeting_id, 1)
    with pytest.raises(ConflictError):
        recorded_meeting(store, attending)


def test_the_demo_meeting_page_and_a_refused_form(browser):
    manager = in_english(browser, "network_manager.helsinki")
    listing = manager.get("/network/meetings/")
    assert listing.status_code == 200 and "Network meeting on referrals" in listing.text
    refused = manager.post("/network/meetings/", {"kind": "community_dialogue", "title": "Evening", "city":
                                                  "helsinki", "held_on": "2026-12-01", "topics": "Safety."})
    assert refused.status_code == 422 and 'value="Evening"' in refused.text
    assert "meeting-attending-error" in refused.text


def test_the_api_records_a_meeting_and_its_follow_up(api):
    manager = api("network_manager.helsinki")
    party = manager.get("/api/v1/network/organisations").get_json()[0]["organisation_id"]
    made = manager.post("/api/v1/network/meetings/", json={
        "kind": "network_meeting", "title": "API meeting", "city": "helsinki", "held_on": "2026-11-02",
        "attending": [party], "topics": "Referrals."})
    assert made.status_code == 201
    path = f"/api/v1/network/meetings/{made.get_json()['meeting_id']}"
    api_error(manager.post(f"{path}/follow-ups", json={"action": "", "due_on": "2026-12-01", "version": 1}), 422)
    agreed = manager.post(f"{path}/follow-ups", json={"action": "Call back.", "owner": party,
                                                      "due_on": "2026-12-01", "version": 1})
    assert agreed.status_code == 200 and agreed.get_json()["follow_ups"][0]["owner"] == party
    api_error(manager.post(f"{path}/follow-ups/done", json={"number": 1, "version": 1}), 409)


def test_a_city_records_and_changes_only_its_own_meetings(store, attending, recorded):
    meeting_id = recorded_meeting(store, attending)
    turku = Actor("network_manager.turku", "network_manager", "turku")
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            service.record_meeting(store, turku, "network_meeting", "Meeting", "oulu", DAY, attending, "Referrals.",
                                   CITIES, attending)
        with pytest.raises(NotFoundError):
            service.record_outcomes(store, turku, meeting_id, "Agreed.", date(2026, 10, 2), expected_version=1)
        with pytest.raises(NotFoundError):
            service.agree_follow_up(store, turku, meeting_id, "Call.", "", date(2026, 11, 1), expected_version=1)
    assert set(refused.value.messages) == {"city"}
    log.assert_nothing()


def test_another_citys_meeting_answers_404_to_changes(api, browser):
    helsinki = meeting_id_for("helsinki", demo_meeting_held_on(), MEETING).hex
    path = f"/api/v1/network/meetings/{helsinki}"
    turku = api("network_manager.turku")
    version = turku.get(path).get_json()["version"]
    api_error(turku.post(f"{path}/follow-ups", json={"action": "Not ours.", "due_on": "2040-01-01",
                                                     "version": version}), 404)
    api_error(turku.post(f"{path}/outcomes", json={"outcomes": "Not ours.", "version": version}), 404)
    page = in_english(browser, "coordinator.turku")
    assert page.post(f"/network/meetings/{helsinki}/follow-ups", {"action": "Not ours.", "due_on": "2040-01-01",
                                                                  "version": str(version)}).status_code == 404
    assert turku.get(path).get_json()["version"] == version
