"""Who may rate an instrument: a city may let only staff trained in it rate it (``rating_requires_training``),
answered by the training plugin's record through casework's ``trained_in`` hook."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.config import CitySettings
from core.errors import StartupError, ValidationError
from core.events import Actor
from core.plugins import PluginHost, discover
from core.testing import api_error, head, settings_for
from plugins.casework import service as cases
from plugins.casework.assessment import service as assessments
from plugins.casework.assessment.instrument import EXIT_PATHWAYS
from plugins.training import service as training

TRAINED_ONLY = {"rating_requires_training": ["exit_pathways"]}
HELSINKI = ("casework", "network", "referrals", "training", "city_helsinki")
TRAINER = Actor("trainer.helsinki", "trainer", "helsinki")
RATING = {"indicator": "contact_with_group", "rating": 2, "evidence": "Meets two members weekly",
          "source": "client", "reliability": "probable", "reasoning": "Regular, though short, contact"}


def _assessment(store, coordinator, rater):
    case_id = cases.open_case(store, coordinator, "helsinki", "individual", "Vyrkkä", "phone")
    cases.assign_worker(store, coordinator, case_id, "worker.helsinki")
    return assessments.start_assessment(store, rater, case_id, EXIT_PATHWAYS, approval_required=False)


def test_an_untrained_rater_is_refused_by_the_assessment_itself(store, coordinator, worker, recorded):
    assessment_id = _assessment(store, coordinator, worker)
    with recorded(store) as log, pytest.raises(ValidationError) as refused:
        assessments.rate(store, worker, assessment_id, EXIT_PATHWAYS, *RATING.values(), trained=False)
    assert set(refused.value.messages) == {"rater"} and "exit_pathways" in str(refused.value.messages["rater"][0])
    log.assert_nothing()
    assessments.rate(store, worker, assessment_id, EXIT_PATHWAYS, *RATING.values(), trained=True)
    assessments.rate(store, worker, assessment_id, EXIT_PATHWAYS, *{**RATING, "rating": 3}.values())
    assert [r.rating for r in store.get(assessment_id).ratings.values()] == [3]


@pytest.mark.cities(helsinki=CitySettings("helsinki", "Helsinki", "fi", HELSINKI, options=TRAINED_ONLY),
                    turku=("casework", "network", "referrals", "training", "city_turku"))
def test_a_city_lets_only_trained_staff_rate_and_a_training_record_opens_it(api, instance, coordinator):
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Vyrkkä", "phone")
    cases.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    lead = api("coordinator.helsinki")  # the demo trained the city's worker, not its coordinator
    created = lead.post(f"/api/v1/cases/{case_id.hex}/assessments", json={"instrument": "exit_pathways"}).get_json()
    path = f"/api/v1/assessments/{created['assessment_id']}/ratings"
    before = head(instance.store)
    refused = api_error(lead.post(path, json={**RATING, "version": created["version"]}), 422)
    assert list(refused["fields"]) == ["rater"] and "trained in exit_pathways" in refused["fields"]["rater"][0]
    assert head(instance.store) == before
    rated = api("worker.helsinki").post(path, json={**RATING, "version": created["version"]})
    assert rated.status_code == 200, rated.text
    training.record_instrument_training(instance.store, TRAINER, "coordinator.helsinki", "helsinki", "exit_pathways",
                                        date(2026, 1, 15), {"exit_pathways"}, {"coordinator.helsinki"})
    again = lead.post(path, json={**RATING, "rating": 1, "version": rated.get_json()["version"]})
    assert again.status_code == 200, again.text


@pytest.mark.cities(helsinki=CitySettings("helsinki", "Helsinki", "fi", HELSINKI, options=TRAINED_ONLY))
def test_the_refusal_is_shown_on_the_assessment_page_in_the_users_language(browser, instance, coordinator):
    assessment_id = _assessment(instance.store, coordinator, coordinator)
    lead = browser("coordinator.helsinki")
    page = lead.get(f"/assessments/{assessment_id.hex}")
    assert page.status_code == 200
    answered = lead.post(f"/assessments/{assessment_id.hex}/ratings", data={**RATING, "version": "1"})
    assert answered.status_code == 422
    assert "exit_pathways" in answered.text and "Only staff trained" not in answered.text  # Finnish, the city's language


def _host(plugins, options):
    settings = settings_for("sqlite://")
    helsinki = settings.cities["helsinki"]
    settings.cities["helsinki"] = replace(helsinki, plugins=plugins, options={**helsinki.options, **options})
    return PluginHost(settings, discover())


@pytest.mark.parametrize("plugins, options, problem", [
    (HELSINKI, {"rating_requires_training": "exit_pathways"}, "rating_requires_training must be a list"),
    (HELSINKI, {"rating_requires_training": ["tarot"]}, "rating_requires_training names tarot, which the city"),
    (("casework", "city_helsinki"), TRAINED_ONLY, "rating_requires_training needs a plugin that records"),
])
def test_a_city_naming_training_it_cannot_check_does_not_start(plugins, options, problem):
    with pytest.raises(StartupError) as stopped:
        _host(plugins, options)
    assert str(stopped.value).startswith(f"city helsinki: {problem}") and "\n" not in str(stopped.value)


def test_hook_trained_in(make_store):
    """Training answers casework's hook from its record of instrument training."""
    host = _host(HELSINKI, TRAINED_ONLY)
    store = make_store(host.projections())
    asked = host.hook("helsinki").trained_in
    assert asked(store=store, username="worker.helsinki", instrument="exit_pathways") == [False]
    training.record_instrument_training(store, TRAINER, "worker.helsinki", "helsinki", "exit_pathways",
                                        date(2026, 1, 15), {"exit_pathways"}, {"worker.helsinki"})
    assert asked(store=store, username="worker.helsinki", instrument="exit_pathways") == [True]
