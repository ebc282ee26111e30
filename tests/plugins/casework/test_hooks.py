"""Casework's hook implementations, through the pages they shape: pages and API, permissions, navigation, the
dashboard widget, and the record locator that emergency access uses."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest

from core.config import CitySettings
from core.demo import demo_actors
from core.testing import events_after, head
from plugins.casework import service
from plugins.casework.demo import CASES
from tests.plugins.casework.helpers import case_ids, in_english

FEATURES = ("casework", "network", "referrals", "training")
REASON = "The client called in crisis and the assigned worker is on leave"


def nav(page) -> str:
    return re.search(r"<nav\b.*?</nav>", page.text, re.S).group(0)


@pytest.mark.cities(helsinki=(*FEATURES, "city_helsinki"), turku=("network", "training"))  # referrals needs casework
def test_casework_is_hidden_where_the_city_does_not_run_it(app, browser, api, instance):
    assert app.extensions["exitfi_blueprint_owners"]["casework"] == "casework"
    helsinki, turku = browser("worker.helsinki"), browser("worker.turku")
    assert helsinki.get("/cases/").status_code == 200
    assert helsinki.get("/cases/new").status_code == 200
    assert turku.get("/cases/").status_code == 404  # the permission is held; the city does not run casework
    assert turku.get("/cases/new").status_code == 404
    assert turku.post("/cases/new", {"pseudonym": "Varjo", "kind": "family", "channel": "phone"}).status_code == 404
    assert 'href="/cases/"' not in turku.get("/").text
    listed = api("worker.turku").get("/api/v1/cases/")
    assert listed.status_code == 404 and listed.json["error"]["code"] == "not_found"
    assert case_ids(instance, "turku") == []


def test_casework_permissions_reach_the_guard(app, browser):
    permissions = app.extensions["exitfi"].permissions
    assert permissions.roles_for("casework.record_meeting", "helsinki") == {"exit_worker", "city_coordinator"}
    assert browser("worker.helsinki").get("/cases/").status_code == 200
    assert browser("coordinator.helsinki").get("/cases/new").status_code == 200
    trainer = browser("trainer.helsinki")
    assert trainer.get("/cases/").status_code == 403
    assert trainer.get("/cases/new").status_code == 403


@pytest.mark.cities(helsinki=(*FEATURES, "city_helsinki"), oulu=CitySettings(
    "oulu", "Oulu", "fi", (*FEATURES, "city_oulu"), options={"permissions": {
        "casework.view_case": ["exit_worker", "city_coordinator", "trainer"],
        "casework.open_case": ["city_coordinator"]}}))
def test_a_city_changes_who_may_open_casework_pages(browser):
    trainer = browser("trainer.oulu")
    assert trainer.get("/cases/").status_code == 200
    assert 'href="/cases/"' in nav(trainer.get("/"))
    assert browser("trainer.helsinki").get("/cases/").status_code == 403
    assert browser("worker.oulu").get("/cases/new").status_code == 403
    assert browser("worker.helsinki").get("/cases/new").status_code == 200


def test_the_caseload_is_in_the_navigation_of_those_who_may_open_it(browser):
    for username in ("worker.helsinki", "coordinator.helsinki"):
        menu = nav(in_english(browser, username).get("/"))
        assert re.search(r'<a href="/cases/">Caseload</a>', menu), username
    for username in ("trainer.helsinki", "network_manager.helsinki", "administrator.helsinki",
                     "auditor.national", "national_coordinator.national"):
        menu = nav(browser(username).get("/"))
        assert 'href="/cases/"' not in menu and 'href="/"' in menu, username


def caseload_widget(user) -> str:
    page = user.get("/")
    found = [w for w in re.findall(r'<section class="widget">(.*?)</section>', page.text, re.S)
             if "/cases/" in w and "/referrals/" not in w]  # the referrals' widgets lead to cases too
    return found[0] if found else ""


def test_the_dashboard_counts_open_cases(browser, instance):
    store = instance.store
    coordinator_actor = demo_actors("helsinki")["coordinator"]
    worker, coordinator = in_english(browser, "worker.helsinki"), in_english(browser, "coordinator.helsinki")
    demo_open = sum(1 for *_, reached in CASES if reached != "closed")  # in follow-up a case still has work
    assert f"{demo_open} open cases" in caseload_widget(worker)
    stray = service.open_case(store, coordinator_actor, "helsinki", "individual", "Routa-Kaksi", "phone")
    assert f"{demo_open} open cases" in caseload_widget(worker)  # not assigned to them
    assert f"{demo_open + 1} open cases" in caseload_widget(coordinator)
    service.assign_worker(store, coordinator_actor, stray, "worker.helsinki")
    assert f"{demo_open + 1} open cases" in caseload_widget(worker)
    service.close_case(store, coordinator_actor, stray, "moved_to_other_service", date(2026, 11, 20),
                       "The client moved abroad")
    assert f"{demo_open} open cases" in caseload_widget(worker)
    assert f"{demo_open} open cases" in caseload_widget(coordinator)
    service.assign_worker(store, demo_actors("oulu")["coordinator"], case_ids(instance, "oulu")[0], "worker.helsinki")
    assert f"{demo_open} open cases" in caseload_widget(worker)  # a case of another city does not count
    assert caseload_widget(browser("trainer.helsinki")) == ""


def test_cases_are_located_for_emergency_access(app, instance):
    helsinki, turku = case_ids(instance, "helsinki")[0], case_ids(instance, "turku")[0]
    with app.test_request_context():
        locate = instance.host.hook("helsinki").locate_record
        assert locate(record_id=helsinki) == ("helsinki", f"/cases/{helsinki}", "casework.view_case")
        assert locate(record_id=turku) == ("turku", f"/cases/{turku}", "casework.view_case")
        assert locate(record_id=uuid.uuid4().hex) is None


def test_breaking_the_glass_opens_an_unassigned_case_for_an_hour(browser, instance):
    store = instance.store
    stray = service.open_case(store, demo_actors("helsinki")["coordinator"], "helsinki", "individual",
                              "Routa-Kaksi", "phone").hex
    worker = in_english(browser, "worker.helsinki")
    refused = worker.get(f"/cases/{stray}")
    assert refused.status_code == 403 and "Routa-Kaksi" not in refused.text
    assert f'name="record_id" value="{stray}"' in refused.text
    granted = worker.post("/emergency-access", {"record_id": stray, "reason": REASON})
    assert granted.status_code == 302 and granted.headers["Location"].endswith(f"/cases/{stray}")
    before = head(store)
    page = worker.get(f"/cases/{stray}")
    assert page.status_code == 200 and "Routa-Kaksi" in page.text
    [viewed] = events_after(store, before)
    assert viewed.purpose == "emergency access"
    trainer = browser("trainer.helsinki")  # the glass opens only records the role could open
    assert trainer.post("/emergency-access", {"record_id": stray, "reason": REASON}).status_code == 403


def test_the_caseload_speaks_swedish(browser):
    worker = browser("worker.helsinki")
    worker.get("/cases/")
    assert worker.post("/language", {"language": "sv", "next": "/cases/"}).status_code == 302
    page = worker.get("/cases/")
    assert '<html lang="sv">' in page.text and "<h1>Klienter</h1>" in page.text
