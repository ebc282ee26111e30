"""The case page tells, through casework's case_panels hook, in which instruments the case's workers are trained."""

from __future__ import annotations

from datetime import date

from core.events import Actor
from plugins.casework import service as cases
from plugins.training import service as training

TRAINER = Actor("trainer.helsinki", "trainer", "helsinki")


def english(browser, username: str):
    signed_in = browser(username)
    assert signed_in.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return signed_in


def test_the_case_page_shows_the_training_of_its_workers(browser, instance, coordinator):
    case_id = cases.open_case(instance.store, coordinator, "helsinki", "individual", "Vyrkkä", "phone")
    lead = english(browser, "coordinator.helsinki")
    page = lead.get(f"/cases/{case_id.hex}")
    assert page.status_code == 200 and "Training of the case's workers" in page.text
    assert "No worker is assigned to the case yet." in page.text
    cases.assign_worker(instance.store, coordinator, case_id, "coordinator.helsinki")
    assert "coordinator.helsinki: no training in an instrument recorded" in lead.get(f"/cases/{case_id.hex}").text
    training.record_instrument_training(instance.store, TRAINER, "coordinator.helsinki", "helsinki", "exit_pathways",
                                        date(2026, 1, 15), {"exit_pathways"}, {"coordinator.helsinki"})
    shown = lead.get(f"/cases/{case_id.hex}").text
    assert "coordinator.helsinki: trained in " in shown and "no training in an instrument" not in shown
