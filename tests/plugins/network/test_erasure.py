"""A contact person is a person of their own in the vault: erasing them (exitfi erase CONTACT_ID) leaves the
organisation and its history whole and shows their details as erased; nothing new is written about them."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select

from core import retention
from core.erasure import erase_person
from core.testing import database_text
from core.toolkit import ERASED, Actor, finnish_today
from plugins.network import service
from plugins.network.projections import contacts
from tests.plugins.casework.helpers import in_english

OPERATOR = Actor("cli:operator", "operator")


def test_an_erased_contact_person_reads_as_erased_and_takes_no_new_data(browser, instance):
    manager = in_english(browser, "network_manager.turku")
    made = manager.post("/network/organisations/new", {"name": "Poistettavat ry", "type": "other",
                                                       "cities": ["turku"]})
    path = made.headers["Location"]
    organisation_id = path.rsplit("/", 1)[1]
    contact_id = service.add_contact(instance.store, Actor("network_manager.turku", "network_manager", "turku"),
                                     organisation_id, "Eero Erasable", "Volunteer", "", "eero@example.org", ["turku"])
    assert "eero@example.org" in manager.get(path).text
    erase_person(instance.store, contact_id, "The person asked for erasure on 2026-11-28 (GDPR Art. 17).", OPERATOR)
    page = manager.get(path)
    assert page.status_code == 200 and "Eero Erasable" not in page.text and "[erased]" in page.text
    assert "Contact person added" in page.text
    contact_path = re.search(rf'href="({path}/contacts/\w+)"', page.text).group(1)
    assert contact_path.endswith(uuid.UUID(str(contact_id)).hex)
    again = manager.post(contact_path, {"name": "Eero Erasable", "role": "Volunteer", "email": "eero@example.org",
                                        "cities": ["turku"], "version": re.search(r'name="version" value="(\d+)"',
                                                                                   page.text).group(1)})
    assert again.status_code == 422 and "The contact person was erased" in again.text
    assert b"eero@example.org" not in database_text(instance.store)


def test_a_removed_contact_is_erased_by_the_retention_run_and_the_officer_finds_contacts_by_name(browser, instance):
    store, host, settings = instance.store, instance.host, instance.settings
    manager = Actor("network_manager.turku", "network_manager", "turku")
    organisation_id = service.register_organisation(store, manager, "Poistuvat ry", "other", ["turku"], ["turku"])
    leaving = service.add_contact(store, manager, organisation_id, "Liisa Lähtevä", "Volunteer", "",
                                  "liisa@example.org", ["turku"])
    staying = service.add_contact(store, manager, organisation_id, "Sami Pysyvä", "Chair", "", "sami@example.org",
                                  ["turku"])
    today = finnish_today()
    assert [h.until for h in retention.holds(store, host, settings, leaving, today)] == [None]
    service.remove_contact(store, manager, organisation_id, leaving)
    assert retention.holds(store, host, settings, leaving, today) == []
    assert leaving in retention.due(store, host, settings, today)
    officer = browser("data_protection_officer.national")
    found = officer.post("/audit/persons/", data={"full_name": "lahteva liisa", "birth_date": "1990-01-01"}).text
    assert uuid.UUID(str(leaving)).hex in found and "Poistuvat ry" in found
    retention.run(store, host, settings, OPERATOR)
    with store.reading() as session:
        rows = {r.contact_id: r for r in session.execute(select(contacts)).all()}
    assert store.vault.reveal(rows[leaving.hex].email) is ERASED
    assert store.vault.reveal(rows[staying.hex].email) == "sami@example.org"
    assert b"liisa@example.org" not in database_text(store)
    found = officer.post("/audit/persons/", data={"full_name": "Liisa Lähtevä", "birth_date": "1990-01-01"}).text
    assert leaving.hex not in found  # an erased person's index matches no name
    assert staying.hex in officer.post("/audit/persons/",
                                       data={"full_name": "sami pysyva", "birth_date": "1990-01-01"}).text
