"""The organisation that asks for training, or sends a participant, is chosen from the network's directory where the
city runs the network plugin (one not yet in it typed in), and typed in where it does not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.config import CitySettings
from core.testing import api_error, head
from core.toolkit import finnish_today
from plugins.network import api as network

REQUEST = {"sector": "education", "kind": "training", "needs": "An introduction for teachers.",
           "audience": "teachers"}


def _directory(instance, city):
    return network.organisations(instance.store, city)


def test_a_request_names_an_organisation_of_the_citys_directory(browser, instance):
    [first, *_] = _directory(instance, "helsinki")
    elsewhere = next(o for o in _directory(instance, "oulu") if "helsinki" not in o.cities)
    worker = browser("worker.helsinki")
    page = worker.get("/training/requests/new")
    assert f'<option value="{first.organisation_id}">{first.name}</option>' in page.text
    assert elsewhere.organisation_id not in page.text
    before = head(instance.store)
    refused = worker.post("/training/requests/new", data={**REQUEST, "organisation_id": elsewhere.organisation_id})
    assert refused.status_code == 422 and 'id="organisation_id" name="organisation_id" aria-invalid="true"' in refused.text
    assert "An introduction for teachers." in refused.text and head(instance.store) == before
    nameless = worker.post("/training/requests/new", data=REQUEST)
    assert nameless.status_code == 422 and 'id="organisation" name="organisation" type="text" value="" aria-invalid' in \
        nameless.text
    made = worker.post("/training/requests/new", data={**REQUEST, "organisation_id": first.organisation_id})
    assert made.status_code == 302
    assert first.name in worker.get(made.headers["Location"]).text
    typed = worker.post("/training/requests/new", data={**REQUEST, "organisation": "Harjula School"})
    assert typed.status_code == 302  # one not yet in the directory


def test_the_api_takes_a_directory_organisation_and_refuses_another_citys(api, instance):
    [first, *_] = _directory(instance, "helsinki")
    elsewhere = next(o for o in _directory(instance, "oulu") if "helsinki" not in o.cities)
    worker = api("worker.helsinki")
    made = worker.post("/api/v1/training/requests", json={**REQUEST, "organisation_id": first.organisation_id})
    assert made.status_code == 201 and made.get_json()["organisation"] == first.name
    refused = api_error(worker.post("/api/v1/training/requests",
                                    json={**REQUEST, "organisation_id": elsewhere.organisation_id}), 422)
    assert list(refused["fields"]) == ["organisation_id"]
    assert list(api_error(worker.post("/api/v1/training/requests", json=REQUEST), 422)["fields"]) == ["organisation"]


def test_a_participant_is_registered_from_the_directory(api, instance):
    [first, *_] = _directory(instance, "helsinki")
    trainer = api("trainer.helsinki")
    session = trainer.post("/api/v1/training/sessions", json={
        "title": "Basics", "held_on": (finnish_today() + timedelta(days=9)).isoformat(), "format": "online",
        "duration_minutes": 60, "topics": ["what exit work is"], "level": "introductory",
        "trainers": ["trainer.helsinki"], "capacity": 5}).get_json()
    path = f"/api/v1/training/sessions/{session['session_id']}/participants"
    added = trainer.post(path, json={"organisation_id": first.organisation_id, "sector": "education",
                                     "role": "teacher", "version": session["version"]})
    assert added.status_code == 201, added.text
    shown = trainer.get(f"/api/v1/training/sessions/{session['session_id']}").get_json()
    assert [p["organisation"] for p in shown["participants"]] == [first.name]


@pytest.mark.cities(helsinki=CitySettings("helsinki", "Helsinki", "fi", ("casework", "training", "city_helsinki")))
def test_without_the_network_the_organisation_is_typed_in(browser, api):
    page = browser("worker.helsinki").get("/training/requests/new")
    assert 'name="organisation_id"' not in page.text and 'name="organisation"' in page.text
    refused = api_error(api("worker.helsinki").post("/api/v1/training/requests",
                                                     json={**REQUEST, "organisation_id": "0" * 32}), 422)
    assert list(refused["fields"]) == ["organisation_id"]


def test_hook_training_organisations(instance):
    """The network answers with its directory's active organisations that cover the city."""
    answers = instance.host.hook("helsinki").training_organisations(store=instance.store, city="helsinki")
    assert answers and {o.organisation_id: o.name for o in _directory(instance, "helsinki")} == dict(answers[0])
