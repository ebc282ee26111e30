"""The outcome page and API: measures by occasion with the change from baseline, recording from the form or JSON
(422 per field, 409 when stale), the case's timeline, the demo, and a city's own measures through the hook."""

from __future__ import annotations

import re
import types

from core.auth.service import find_account, issue_token
from core.demo import demo_actors
from core.hookspecs import hookimpl
from core.plugins import PluginInfo, discover
from core.testing import ApiClient, api_error, database_text, events_after, head, running_app, settings_for
from plugins.casework import service as cases
from plugins.casework.api import Measure
from plugins.casework.outcomes.domain import Outcomes
from plugins.casework.outcomes.measures import DEFAULT_MEASURES, set_version
from plugins.casework.outcomes.queries import measurements_of
from tests.plugins.casework.helpers import city_rows, in_english, outcome_pages
from tests.plugins.casework.test_casework_hooks import english

NOTE = "Has a lease at Vyrkkäkatu from December"


def new_case(instance, coordinator) -> str:
    """An open case of worker.helsinki's."""
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Vyrkkä", "phone")
    cases.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    return case_id.hex


def version_in(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def form(version, occasion="baseline", measured_on="2026-11-02", **ratings) -> dict:
    return {"occasion": occasion, "measured_on": measured_on, "version": version, "note": "",
            **{f"ratings.{m.name}": "" for m in DEFAULT_MEASURES}, **{f"ratings.{k}": v for k, v in ratings.items()}}


def written(instance, position) -> list:
    """The outcome events recorded after a position (views of personal data are logged, too)."""
    return [e for e in events_after(instance.store, position) if isinstance(e, Outcomes.Event)]


def row_of(html: str, label: str) -> str:
    """The text of the table row of one measure, blanks squeezed."""
    found = re.search(rf"<tr><th scope=\"row\">{re.escape(label)}.*?</tr>", html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found)).strip()


def test_a_worker_records_a_baseline_and_a_review_and_sees_the_change(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    path = f"/cases/{case_id}/outcomes"
    assert path in worker.get(f"/cases/{case_id}").text
    page = worker.get(path)
    assert page.status_code == 200 and "the first is the baseline" in page.text
    baseline = form(version_in(page.text), contact_with_group="3", housing="1", clients_own_rating="4")
    assert worker.post(path, {**baseline, "note": NOTE}).status_code == 302
    page = worker.get(path)
    assert NOTE in page.text and NOTE.encode() not in database_text(instance.store)
    review = form(version_in(page.text), "review", "2026-12-01", contact_with_group="1", housing="1",
                  clients_own_rating="3", social_network="2")
    assert worker.post(path, review).status_code == 302
    page = worker.get(path).text
    assert re.findall(r'<th scope="col">(\w+)<br>([\d-]+)</th>', page) == [("Baseline", "2026-11-02"),
                                                                        ("Review", "2026-12-01")]
    assert row_of(page, "Contact with the group") == \
        "Contact with the group (lower is better) 3: Weekly or more 1: Rarely ↓ -2 better"
    assert row_of(page, "Housing") == "Housing 1: Temporary 1: Temporary → as at baseline"
    assert row_of(page, "The client's own rating") == \
        "The client's own rating of how life goes 4 3 ↓ -1 worse"
    assert row_of(page, "Social network") == "Social network outside the group not known 2: A few people"
    timeline = worker.get(f"/cases/{case_id}").text
    assert "Outcome measures: Review" in timeline and "2026-12-01 · 4 of 9 measures rated" in timeline
    assert "Outcome measures: Baseline" in timeline


def test_a_refused_measurement_keeps_what_was_typed_and_writes_nothing(browser, instance, coordinator):
    worker = in_english(browser, "worker.helsinki")
    case_id = new_case(instance, coordinator)
    path = f"/cases/{case_id}/outcomes"
    before = head(instance.store)
    refused = worker.post(path, {**form("0", "review", housing="2"), "note": NOTE})
    assert refused.status_code == 422
    assert 'aria-invalid="true" aria-describedby="occasion-error"' in refused.text and 'role="alert"' in refused.text
    assert NOTE in refused.text and '<option value="2" selected>2: Secure, with support' in refused.text
    nothing = worker.post(path, form("0"))
    assert nothing.status_code == 422 and 'id="ratings-error"' in nothing.text
    no_day = worker.post(path, form("0", measured_on="2026-13-01", housing="1"))
    assert no_day.status_code == 422 and 'aria-describedby="measured_on-error"' in no_day.text
    assert 'value="2026-13-01"' in no_day.text
    not_a_value = worker.post(path, form("0", housing="one"))
    assert not_a_value.status_code == 422 and 'aria-describedby="ratings.housing-error"' in not_a_value.text
    assert 'id="ratings-error"' not in not_a_value.text
    assert written(instance, before) == []
    assert worker.post(path, form("0", housing="1")).status_code == 302
    stale = worker.post(path, form("0", "review", housing="2"))
    assert stale.status_code == 409 and "Someone else recorded a measurement" in stale.text
    assert version_in(stale.text) == "2"
    assert [type(e) for e in written(instance, before)] == [Outcomes.Started, Outcomes.Measured]


def test_a_coordinator_records_and_an_auditor_neither_sees_nor_records(browser, instance, coordinator):
    case_id = new_case(instance, coordinator)
    boss = in_english(browser, "coordinator.helsinki")
    assert boss.post(f"/cases/{case_id}/outcomes", form("0", housing="1")).status_code == 302
    auditor = browser("auditor.national")
    assert auditor.get(f"/cases/{case_id}/outcomes").status_code == 403
    assert auditor.post(f"/cases/{case_id}/outcomes", form("2", "review", housing="2")).status_code == 403
    assert [r.occasion for r in measurements_of(instance.store, case_id)] == ["baseline"]


def test_the_demo_measures_cases_from_the_assessment_on(browser, instance):
    for city in ("helsinki", "turku", "oulu"):
        found = {r.phase: [m.occasion for m in measurements_of(instance.store, r.case_id)]
                 for r in city_rows(instance, city)}
        own = {"anchor_review": []} if city == "oulu" else {}  # Oulu's step comes before the assessment
        assert found == {"first_contact": [], "screening": [], "assessment": ["baseline"],
                         "support_plan": ["baseline"], "active_support": ["baseline", "review"],
                         "reintegration": ["baseline", "review"], "closed": ["baseline", "review", "closure"],
                         "follow_up": ["baseline", "review", "closure"], **own}
    worker = in_english(browser, "worker.helsinki")
    closed = next(r.case_id for r in city_rows(instance, "helsinki") if r.phase == "closed")
    page = worker.get(f"/cases/{closed}/outcomes").text
    assert row_of(page, "Contact with the group").endswith("↓ -3 better")
    assert len(outcome_pages(instance, "helsinki")) == 6


def test_the_api_lists_and_records_with_422_per_field_and_409_when_stale(api, instance, coordinator):
    worker = api("worker.helsinki")
    case_id = new_case(instance, coordinator)
    path = f"/api/v1/cases/{case_id}/outcomes"
    empty = worker.get(path).get_json()
    assert (empty["version"], empty["measurements"], empty["measure_set"]) == (0, [], set_version(DEFAULT_MEASURES))
    assert [m["name"] for m in empty["measures"]] == [m.name for m in DEFAULT_MEASURES]
    # labels in the user's language
    assert empty["measures"][0]["scale"][3] == {"value": 3, "label": "viikoittain tai useammin"}
    before = head(instance.store)
    body = {"occasion": "baseline", "measured_on": "2026-11-02", "ratings": {"housing": 1, "contact_with_group": 3},
            "note": NOTE, "version": 0}
    assert "ratings.housing" in api_error(worker.post(path, json={**body, "ratings": {"housing": 9}}), 422)["fields"]
    assert "ratings" in api_error(worker.post(path, json={**body, "ratings": {"tarot": 1}}), 422)["fields"]
    assert "ratings" in api_error(worker.post(path, json={**body, "ratings": {"housing": None}}), 422)["fields"]
    assert "occasion" in api_error(worker.post(path, json={**body, "occasion": "review"}), 422)["fields"]
    assert "occasion" in api_error(worker.post(path, json={**body, "occasion": "midterm"}), 422)["fields"]
    assert "taken after the case closed" in api_error(worker.post(path, json={**body, "occasion": "follow_up"}),
                                                       422)["fields"]["occasion"][0]
    assert "measured_on" in api_error(worker.post(path, json={**body, "measured_on": "soon"}), 422)["fields"]
    assert "ratings" in api_error(worker.post(path, json={**body, "ratings": {"housing": "1.5"}}), 422)["fields"]
    assert written(instance, before) == []
    created = worker.post(path, json=body)
    assert created.status_code == 201, created.text
    assert created.get_json()["version"] == 2
    api_error(worker.post(path, json={**body, "occasion": "review", "version": 0}), 409)
    review = worker.post(path, json={**body, "occasion": "review", "measured_on": "2026-12-01", "note": None,
                                     "ratings": {"housing": 2, "contact_with_group": 3}, "version": 2})
    assert review.status_code == 201, review.text
    first, second = review.get_json()["measurements"]
    assert (first["occasion"], first["note"], first["ratings"]["social_network"]) == ("baseline", NOTE, None)
    assert second["changes"]["housing"] == {"delta": 1, "direction": "better"}
    assert second["changes"]["contact_with_group"] == {"delta": 0, "direction": "same"}
    assert second["changes"]["work_or_education"] == {"delta": None, "direction": None}
    assert (second["episode"], second["note"], second["recorded_by"]) == (1, None, "worker.helsinki")
    api_error(api("worker.turku").get(path), 404)


def api_of(app, instance, username) -> ApiClient:
    return ApiClient(app, issue_token(instance.store, find_account(instance.store, username=username), "test"))


def with_measure(database_url, tmp_path, city):
    """Settings where one city also runs a plugin that adds an outcome measure of its own."""
    module = types.ModuleType("own_outcomes")
    module.__file__ = str(tmp_path / "plugin.py")
    module.requires = ()
    module.outcome_measures = hookimpl(lambda: [Measure("school_attendance", "School attendance",
                                                        ((0, "none"), (1, "some days"), (2, "most days")))])
    configured = settings_for(database_url)
    own = configured.cities[city]
    configured.cities[city] = type(own)(own.slug, own.name, own.language, (*own.plugins, "own_outcomes"))
    return configured, {**discover(), "own_outcomes": PluginInfo("own_outcomes", module, "1.0", ())}


def test_hook_outcome_measures_a_city_adds_a_measure_another_city_does_not_see(database_url, tmp_path):
    configured, installed = with_measure(database_url, tmp_path, "helsinki")
    with running_app(configured, installed) as (site, inst):
        helsinki = api_of(site, inst, "worker.helsinki")
        case_id = next(r.case_id for r in city_rows(inst, "helsinki") if r.phase == "first_contact")
        cases.assign_worker(inst.store, demo_actors("helsinki")["coordinator"], case_id, "worker.helsinki")
        names = [m["name"] for m in helsinki.get(f"/api/v1/cases/{case_id}/outcomes").get_json()["measures"]]
        assert names == [*(m.name for m in DEFAULT_MEASURES), "school_attendance"]
        created = helsinki.post(f"/api/v1/cases/{case_id}/outcomes", json={
            "occasion": "baseline", "measured_on": "2026-11-02", "ratings": {"school_attendance": 1}, "version": 0})
        assert created.status_code == 201, created.text
        assert created.get_json()["measurements"][0]["ratings"]["school_attendance"] == 1
        turku = api_of(site, inst, "coordinator.turku")
        turku_case = next(r.case_id for r in city_rows(inst, "turku") if r.phase == "first_contact")
        path = f"/api/v1/cases/{turku_case}/outcomes"
        assert "school_attendance" not in [m["name"] for m in turku.get(path).get_json()["measures"]]
        refused = turku.post(path, json={"occasion": "baseline", "measured_on": "2026-11-02",
                                         "ratings": {"school_attendance": 1}, "version": 0})
        assert api_error(refused, 422)["fields"]["ratings"] == ["no measure school_attendance"]
        assert "School attendance" not in english(site, "coordinator.turku").get(f"/cases/{turku_case}/outcomes").text


def test_hook_outcome_measures_oulu_follows_family_relations(browser, instance):
    oulu = in_english(browser, "coordinator.oulu")
    case_id = next(r.case_id for r in city_rows(instance, "oulu") if r.phase == "active_support")
    page = oulu.get(f"/cases/{case_id}/outcomes").text
    # The demo measures Oulu's cases on Oulu's own set, its own measure with the rest
    assert row_of(page, "Relations with the family") == "Relations with the family 1: Strained 2: In touch ↑ +1 better"
    assert '<option value="3">3: Supportive</option>' in page
    helsinki = in_english(browser, "coordinator.helsinki")
    other = next(r.case_id for r in city_rows(instance, "helsinki") if r.phase == "active_support")
    assert "Relations with the family" not in helsinki.get(f"/cases/{other}/outcomes").text
