"""The network's pages: the directory and its search, registering an organisation, adding a service and a contact
person, the organisation's history; refused input is kept and answered 422, a stale version 409."""

from __future__ import annotations

import re

from core.testing import database_text
from plugins.network.demo import MEETING, demo_organisation_id, demo_reference
from tests.plugins.casework.helpers import in_english

SERVICE = {"name": "Työpaja Verstas", "category": "employment", "cities": ["helsinki"],
           "eligibility": "Adults looking for their first job.", "how_to_refer": "Book a visit by phone.",
           "languages": ["lang_fi", "lang_en"]}


def version_in(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def registered(manager, name="Verstas ry") -> str:
    made = manager.post("/network/organisations/new", {"name": name, "type": "civil_society",
                                                       "cities": ["helsinki", "turku"]})
    assert made.status_code == 302, made.text
    return made.headers["Location"]


def test_a_manager_registers_an_organisation_adds_a_service_and_finds_it(browser):
    manager = in_english(browser, "network_manager.helsinki")
    path = registered(manager)
    assert manager.post(f"{path}/services", SERVICE).status_code == 302
    page = manager.get(path)
    assert "Työpaja Verstas" in page.text and "Registered in the directory" in page.text
    assert "network_manager.helsinki" in page.text and "Service added" in page.text
    found = manager.get("/network/?city=helsinki&category=employment&language=lang_en&text=verstas")
    assert found.status_code == 200 and "Työpaja Verstas" in found.text and "Verstas ry" in found.text
    assert "Työpaja Verstas" not in manager.get("/network/?city=oulu").text


def test_every_staff_role_reads_the_directory_and_only_managers_change_it(browser):
    worker = in_english(browser, "worker.helsinki")
    page = worker.get("/network/")
    assert page.status_code == 200 and "Etsivä nuorisotyö" in page.text
    organisation = worker.get(f"/network/organisations/{demo_organisation_id(1, 'Helsinki')}")
    assert organisation.status_code == 200 and "Aino Esimerkki" in organisation.text
    assert "Add a service" not in organisation.text
    assert worker.post("/network/organisations/new", {"name": "X", "type": "other",
                                                      "cities": ["helsinki"]}).status_code == 403


def test_refused_input_is_kept_and_marked(browser, instance):
    manager = in_english(browser, "network_manager.helsinki")
    refused = manager.post("/network/organisations/new", {"name": "Kesken jäänyt ry", "type": "", "cities": []})
    assert refused.status_code == 422 and 'value="Kesken jäänyt ry"' in refused.text
    assert 'aria-invalid="true" aria-describedby="new-type-error"' in refused.text and 'role="alert"' in refused.text
    path = registered(manager)
    contact = manager.post(f"{path}/contacts", {"name": "Pekka Puuttuva", "role": "Lead", "phone": "",
                                                "email": "", "cities": ["helsinki"]})
    assert contact.status_code == 422 and 'value="Pekka Puuttuva"' in contact.text
    assert "contact-phone-error" in contact.text
    service = manager.post(f"{path}/services", {**SERVICE, "cities": ["oulu"]})
    assert service.status_code == 422 and "Työpaja Verstas" in service.text
    assert b"Pekka Puuttuva" not in database_text(instance.store)


def test_a_name_already_in_the_directory_answers_409(browser):
    manager = in_english(browser, "network_manager.helsinki")
    registered(manager)
    again = manager.post("/network/organisations/new", {"name": "VERSTAS  ry", "type": "other",
                                                        "cities": ["helsinki"]})
    assert again.status_code == 409 and "already in the directory" in again.text


def test_a_stale_version_answers_409_and_keeps_the_input(browser):
    manager = in_english(browser, "network_manager.helsinki")
    path = registered(manager)
    stale = version_in(manager.get(path).text)
    assert manager.post(f"{path}/services", SERVICE).status_code == 302
    answer = manager.post(f"{path}/description", {"name": "Verstas ry (uusi)", "type": "civil_society",
                                                  "cities": ["helsinki"], "version": stale})
    assert answer.status_code == 409 and 'value="Verstas ry (uusi)"' in answer.text and "Someone else" in answer.text


def test_a_contact_person_is_changed_and_removed_from_their_page(browser, instance):
    manager = in_english(browser, "network_manager.helsinki")
    path = registered(manager)
    assert manager.post(f"{path}/contacts", {"name": "Liisa Linkki", "role": "Coordinator", "phone": "",
                                             "email": "liisa@example.org", "cities": ["turku"]}).status_code == 302
    contact_path = re.search(r'href="(/network/organisations/\w+/contacts/\w+)"', manager.get(path).text).group(1)
    page = manager.get(contact_path)
    assert "liisa@example.org" in page.text
    changed = manager.post(contact_path, {"name": "Liisa Linkki", "role": "Director", "phone": "02 123 4567",
                                          "email": "liisa@example.org", "cities": ["turku"],
                                          "version": version_in(page.text)})
    assert changed.status_code == 302
    assert "Director" in manager.get(contact_path).text
    removed = manager.post(f"{contact_path}/removal", {"version": version_in(manager.get(contact_path).text)})
    assert removed.status_code == 302 and manager.get(contact_path).status_code == 404


def test_membership_and_status_with_the_reason_in_the_history(browser):
    manager = in_english(browser, "network_manager.helsinki")
    path = registered(manager)
    assert manager.post(f"{path}/services", SERVICE).status_code == 302
    joined = manager.post(f"{path}/membership", {"action": "join", "on": "2026-02-01",
                                                 "version": version_in(manager.get(path).text)})
    assert joined.status_code == 302
    closed = manager.post(f"{path}/status", {"status": "inactive", "reason": "The association was dissolved.",
                                             "version": version_in(manager.get(path).text)})
    assert closed.status_code == 302
    page = manager.get(path)
    assert "Left the national network" in page.text and "The association was dissolved." in page.text
    assert "withdrawn" in page.text
    assert "Työpaja Verstas" not in manager.get("/network/?text=verstas").text


def test_the_organisation_page_lists_its_agreements_and_meetings(browser):
    manager = in_english(browser, "worker.helsinki")
    page = manager.get(f"/network/organisations/{demo_organisation_id(1, 'Helsinki')}").text
    assert demo_reference("helsinki", 1) in page and demo_reference("helsinki", 2) not in page
    assert MEETING in page and "Evening of dialogue at the library" not in page
    third = manager.get(f"/network/organisations/{demo_organisation_id(3, 'Helsinki')}").text
    assert demo_reference("helsinki", 2) in third and demo_reference("helsinki", 1) not in third
