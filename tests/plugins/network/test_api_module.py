"""The directory as another plugin sees it: only through plugins.network.api, as plain frozen values."""

from __future__ import annotations

import dataclasses

import pytest

from core.toolkit import Actor
from plugins.network import api as network
from plugins.network import service
from plugins.network.projections import Directory

MANAGER = Actor("network_manager.oulu", "network_manager", "oulu")
CITIES = ("helsinki", "turku", "oulu")


@pytest.fixture
def store(make_store):
    return make_store([Directory()])


@pytest.fixture
def directory(store):
    youth = service.register_organisation(store, MANAGER, "Oulun Nuorten Talo", "local_authority",
                                          ["oulu"], CITIES)
    housing = service.register_organisation(store, MANAGER, "Asuntosäätiö Pohjoinen", "service_provider",
                                            ["oulu", "helsinki"], CITIES)
    ids = {
        "drop_in": service.add_service(store, MANAGER, youth, "Avoin iltapäivä", "youth_work", ["oulu"],
                                       "Young people aged 13 to 25.", "Walk in, or call the youth worker.",
                                       ["lang_fi", "lang_en"]),
        "flats": service.add_service(store, MANAGER, housing, "Tukiasunnot", "housing", ["oulu", "helsinki"],
                                     "Adults leaving a group who need a home.", "Send the referral form by post.",
                                     ["lang_fi", "lang_sv"]),
        "old": service.add_service(store, MANAGER, housing, "Ensikoti", "housing", ["helsinki"],
                                   "Young parents.", "By phone.", ["lang_fi"]),
    }
    service.withdraw_service(store, MANAGER, housing, ids["old"], "Funding ended.")
    return {name: i.hex for name, i in ids.items()}


def names(found):
    return [s.name for s in found]


def test_the_directory_lists_active_services_by_organisation_and_name(store, directory):
    assert names(network.services(store)) == ["Tukiasunnot", "Avoin iltapäivä"]


@pytest.mark.parametrize("narrowed, expected", [
    ({"city": "helsinki"}, ["Tukiasunnot"]),
    ({"city": "oulu", "category": "youth_work"}, ["Avoin iltapäivä"]),
    ({"language": "lang_sv"}, ["Tukiasunnot"]),
    ({"text": "NUORTEN"}, ["Avoin iltapäivä"]),           # the organisation's name, whatever the case
    ({"text": "referral form"}, ["Tukiasunnot"]),        # how to refer, each word
    ({"text": "aged home"}, []),
    ({"city": "turku"}, []),
])
def test_another_plugin_narrows_the_directory(store, directory, narrowed, expected):
    assert names(network.services(store, **narrowed)) == expected


def test_one_service_by_id_withdrawn_ones_too_as_a_frozen_value(store, directory):
    flats = network.service(store, directory["flats"])
    assert (flats.organisation, flats.category, flats.cities, flats.languages, flats.active) == \
        ("Asuntosäätiö Pohjoinen", "housing", ("oulu", "helsinki"), ("lang_fi", "lang_sv"), True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        flats.name = "changed"
    assert network.service(store, directory["old"]).active is False
    assert network.service(store, "0" * 32) is None


def test_the_code_values_are_offered_with_the_directory():
    assert "housing" in network.CATEGORIES and "lang_fi" in network.LANGUAGES


def test_a_plugin_reads_the_directory_of_its_request_through_the_api(app):
    """As referrals would: inside a request, with the deployment's store, the demo directory of a city."""
    from core.toolkit import current_store
    with app.test_request_context("/"):
        found = network.services(current_store(), city="oulu", category="housing")
        assert [(s.organisation, s.name) for s in found] == [("Asuntopolku Oy (Oulu)", "Tukiasunnot")]
        assert network.service(current_store(), found[0].service_id) == found[0]


def test_organisations_and_their_contact_persons_as_a_referral_names_them(store):
    police = service.register_organisation(store, MANAGER, "Oulun poliisi", "police", ["oulu"], CITIES)
    school = service.register_organisation(store, MANAGER, "Pohjoinen koulu", "school", ["oulu", "turku"], CITIES)
    officer = service.add_contact(store, MANAGER, police, "Olli Oletus", "Constable", "", "olli@example.org", ["oulu"])
    service.change_status(store, MANAGER, school, "inactive", "Merged with another school.")
    [found] = network.organisations(store, "oulu")
    assert (found.organisation_id, found.name, found.type, found.cities, found.active, found.contact_ids) == (
        police.hex, "Oulun poliisi", "police", ("oulu",), True, (officer.hex,))
    assert network.organisations(store, "turku") == []  # an inactive organisation refers no one
    assert network.organisation(store, str(school)).active is False
    assert network.organisation(store, "0" * 32) is None
    [person] = network.contact_persons(store, police.hex)
    assert (person.contact_id, store.vault.reveal(person.name), store.vault.reveal(person.role)) == (
        officer.hex, "Olli Oletus", "Constable")
