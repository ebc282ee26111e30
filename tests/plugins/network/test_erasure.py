"""A contact person is a person of their own in the vault: erasing them (exitfi erase CONTACT_ID) leaves the
organisation and its history whole and shows their details as erased; nothing new is written about them."""

from __future__ import annotations

import re
import uuid

from core.erasure import erase_person
from core.testing import database_text
from core.toolkit import Actor
from plugins.network import service
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
