"""Organisations: type, cities, membership of the network and status; contact persons and services within the
organisation's cities; every change an event with its actor; bad input writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.testing import database_text
from core.toolkit import Actor, ConflictError, ValidationError
from plugins.network import service
from plugins.network.domain import Organisation
from plugins.network.names import OrganisationName
from plugins.network.projections import Directory, contacts, organisations, services
from plugins.network.queries import contacts_of

CITIES = ("helsinki", "turku", "oulu")
MANAGER = Actor("network_manager.helsinki", "network_manager", "helsinki")
HOUSING = {"name": "Asunto ensin", "category": "housing", "cities": ["helsinki"],
           "eligibility": "Adults without a home of their own.", "how_to_refer": "Call the intake line.",
           "languages": ["lang_fi", "lang_en"]}


@pytest.fixture
def store(make_store):
    return make_store([Directory()])


def registered(store, name="Vailla vakinaista asuntoa ry", cities=("helsinki", "turku")):
    return service.register_organisation(store, MANAGER, name, "civil_society", cities, CITIES)


def row(store, table, **where):
    column, value = next(iter(where.items()))
    with store.reading() as session:
        return session.execute(select(table).where(table.c[column] == value)).first()


def test_registering_records_who_did_it_and_fills_the_directory(store, recorded):
    with recorded(store) as log:
        organisation_id = registered(store)
    log.assert_events(Organisation.Registered, OrganisationName.Claimed, actor=MANAGER)
    found = row(store, organisations, organisation_id=organisation_id.hex)
    assert (found.name, found.type, found.cities, found.status, found.member) == \
        ("Vailla vakinaista asuntoa ry", "civil_society", ",helsinki,turku,", "active", False)


@pytest.mark.parametrize("change, field", [
    ({"name": "  "}, "name"), ({"type": "club"}, "type"), ({"cities": []}, "cities"),
    ({"cities": ["atlantis"]}, "cities")])
def test_registering_refuses_bad_input_and_writes_nothing(store, recorded, change, field):
    given = {"name": "Nuorten Ystävät", "type": "civil_society", "cities": ["oulu"], **change}
    with recorded(store) as log, pytest.raises(ValidationError) as refused:
        service.register_organisation(store, MANAGER, given["name"], given["type"], given["cities"], CITIES)
    assert field in refused.value.messages
    log.assert_nothing()


def test_a_name_is_registered_once_whatever_its_case_and_blanks(store):
    registered(store)
    with pytest.raises(ConflictError):
        registered(store, name="vailla  VAKINAISTA asuntoa ry")


def test_a_rename_takes_the_new_name_and_frees_the_old_one(store, recorded):
    alpha = registered(store, name="Alpha ry")
    with recorded(store) as log:
        service.describe_organisation(store, MANAGER, alpha, "Beta ry", "civil_society", ["helsinki"], CITIES,
                                      expected_version=1)
    log.assert_events(Organisation.Described, OrganisationName.Claimed, OrganisationName.Released, actor=MANAGER)
    with pytest.raises(ConflictError):
        registered(store, name="beta  RY")
    again = registered(store, name="ALPHA ry")
    assert again != alpha
    with pytest.raises(ValidationError) as refused:
        service.describe_organisation(store, MANAGER, again, "Beta ry", "civil_society", ["helsinki"], CITIES)
    assert set(refused.value.messages) == {"name"}
    service.describe_organisation(store, MANAGER, alpha, "Gamma ry", "civil_society", ["helsinki"], CITIES)
    service.describe_organisation(store, MANAGER, again, "beta ry", "civil_society", ["helsinki"], CITIES)
    service.describe_organisation(store, MANAGER, again, "Beta RY", "civil_society", ["helsinki"], CITIES)
    with store.reading() as session:
        names = sorted(session.execute(select(organisations.c.name)).scalars())
    assert names == ["Beta RY", "Gamma ry"]


def test_membership_joined_and_left_with_a_reason_in_order(store):
    organisation_id = registered(store)
    version = service.join_network(store, MANAGER, organisation_id, date(2026, 1, 15), expected_version=1)
    with pytest.raises(ValidationError, match="already a member"):
        service.join_network(store, MANAGER, organisation_id, date(2026, 2, 1))
    with pytest.raises(ValidationError) as refused:
        service.leave_network(store, MANAGER, organisation_id, date(2025, 12, 1), "")
    assert set(refused.value.messages) == {"on", "reason"}
    service.leave_network(store, MANAGER, organisation_id, date(2026, 6, 1), "The project ended.",
                          expected_version=version)
    found = row(store, organisations, organisation_id=organisation_id.hex)
    assert (found.member, found.joined_on, found.left_on) == (False, date(2026, 1, 15), date(2026, 6, 1))
    with pytest.raises(ValidationError, match="on or after the day it left"):
        service.join_network(store, MANAGER, organisation_id, date(2026, 5, 1))


def test_membership_days_are_not_after_today_and_becoming_inactive_leaves_today(store, recorded):
    organisation_id = registered(store)
    today = date(2026, 5, 10)
    with recorded(store) as log, pytest.raises(ValidationError, match="not after today"):
        service.join_network(store, MANAGER, organisation_id, date(2026, 5, 11), today=today)
    log.assert_nothing()
    service.join_network(store, MANAGER, organisation_id, today, today=today)
    with pytest.raises(ValidationError, match="not after today"):
        service.leave_network(store, MANAGER, organisation_id, date(2026, 6, 1), "Planned.", today=today)
    service.change_status(store, MANAGER, organisation_id, "inactive", "Dissolved.", today=today)
    found = row(store, organisations, organisation_id=organisation_id.hex)
    assert (found.member, found.joined_on, found.left_on) == (False, today, today)


def test_a_stale_version_is_refused(store):
    organisation_id = registered(store)
    service.join_network(store, MANAGER, organisation_id, date(2026, 1, 15), expected_version=1)
    with pytest.raises(ConflictError):
        service.describe_organisation(store, MANAGER, organisation_id, "New name", "civil_society", ["helsinki"],
                                      CITIES, expected_version=1)


def test_services_and_contacts_stay_within_the_organisations_cities(store):
    organisation_id = registered(store)
    with pytest.raises(ValidationError) as refused:
        service.add_service(store, MANAGER, organisation_id, **{**HOUSING, "cities": ["oulu"]})
    assert "cities" in refused.value.messages
    service_id = service.add_service(store, MANAGER, organisation_id, **HOUSING)
    with pytest.raises(ValidationError) as refused:
        service.describe_organisation(store, MANAGER, organisation_id, "Vailla vakinaista asuntoa ry",
                                      "civil_society", ["turku"], CITIES)
    assert "helsinki" in refused.value.messages["cities"][0]
    found = row(store, services, service_id=service_id.hex)
    assert (found.category, found.languages, found.active) == ("housing", ",lang_fi,lang_en,", True)


def test_a_service_needs_its_category_languages_and_how_to_refer(store):
    organisation_id = registered(store)
    with pytest.raises(ValidationError) as refused:
        service.add_service(store, MANAGER, organisation_id, **{**HOUSING, "category": "fun", "languages": [],
                                                                 "how_to_refer": " "})
    assert set(refused.value.messages) == {"category", "languages", "how_to_refer"}


def test_an_inactive_organisation_withdraws_its_services_and_leaves_the_network(store, recorded):
    organisation_id = registered(store)
    service_id = service.add_service(store, MANAGER, organisation_id, **HOUSING)
    service.join_network(store, MANAGER, organisation_id, date(2026, 1, 15))
    with recorded(store) as log:
        service.change_status(store, MANAGER, organisation_id, "inactive", "The association was dissolved.")
    log.assert_events(Organisation.ServiceWithdrawn, Organisation.LeftNetwork, Organisation.StatusChanged,
                      actor=MANAGER)
    assert row(store, services, service_id=service_id.hex).active is False
    with pytest.raises(ValidationError, match="inactive organisation"):
        service.add_service(store, MANAGER, organisation_id, **HOUSING)


def test_a_withdrawn_service_is_not_changed_or_withdrawn_again(store):
    organisation_id = registered(store)
    service_id = service.add_service(store, MANAGER, organisation_id, **HOUSING)
    with pytest.raises(ValidationError) as refused:
        service.withdraw_service(store, MANAGER, organisation_id, service_id, "")
    assert "reason" in refused.value.messages
    service.withdraw_service(store, MANAGER, organisation_id, service_id, "Funding ended.")
    with pytest.raises(ValidationError, match="withdrawn"):
        service.change_service(store, MANAGER, organisation_id, service_id, **HOUSING)
    with pytest.raises(ValidationError, match="already withdrawn"):
        service.withdraw_service(store, MANAGER, organisation_id, service_id, "Again.")


def test_an_organisation_offers_a_service_of_a_name_once(store, recorded):
    organisation_id = registered(store)
    first = service.add_service(store, MANAGER, organisation_id, **HOUSING)
    other = service.add_service(store, MANAGER, organisation_id, **{**HOUSING, "name": "Asumisneuvonta"})
    with recorded(store) as log:
        for refused in (lambda: service.add_service(store, MANAGER, organisation_id,
                                                    **{**HOUSING, "name": " asunto  ENSIN"}),
                        lambda: service.change_service(store, MANAGER, organisation_id, other, **HOUSING)):
            with pytest.raises(ValidationError) as error:
                refused()
            assert set(error.value.messages) == {"name"}
    log.assert_nothing()
    service.change_service(store, MANAGER, organisation_id, first, **{**HOUSING, "eligibility": "Adults."})
    service.withdraw_service(store, MANAGER, organisation_id, first, "Replaced.")
    service.add_service(store, MANAGER, organisation_id, **HOUSING)  # a withdrawn service's name is free again


def test_a_contact_person_is_personal_data_of_their_own(store):
    organisation_id = registered(store)
    contact_id = service.add_contact(store, MANAGER, organisation_id, "Kaisa Esimerkki", "Youth worker",
                                     "+358 40 123 4567", "kaisa@example.org", ["turku"])
    text = database_text(store)
    assert b"Kaisa Esimerkki" not in text and b"kaisa@example.org" not in text and b"Youth worker" not in text
    found = row(store, contacts, contact_id=contact_id.hex)
    assert found.name.person_id == contact_id and store.vault.reveal(found.email) == "kaisa@example.org"


@pytest.mark.parametrize("change, fields", [
    ({"phone": "", "email": ""}, {"phone", "email"}), ({"email": "not-an-address"}, {"email"}),
    ({"phone": "call me"}, {"phone"}), ({"cities": ["oulu"]}, {"cities"}), ({"name": ""}, {"name"})])
def test_a_contact_person_needs_a_name_a_way_to_reach_them_and_the_organisations_cities(store, recorded, change,
                                                                                        fields):
    organisation_id = registered(store)
    given = {"name": "Kaisa Esimerkki", "role": "Youth worker", "phone": "040 123 4567", "email": "",
             "cities": ["helsinki"], **change}
    with recorded(store) as log, pytest.raises(ValidationError) as refused:
        service.add_contact(store, MANAGER, organisation_id, **given)
    assert set(refused.value.messages) == fields
    log.assert_nothing()


def test_a_removed_contact_leaves_the_directory_and_ids_are_not_reused(store):
    organisation_id = registered(store)
    first = service.add_contact(store, MANAGER, organisation_id, "A B", "Lead", "040 1111111", "", ["helsinki"])
    service.remove_contact(store, MANAGER, organisation_id, first)
    second = service.add_contact(store, MANAGER, organisation_id, "C D", "Lead", "040 2222222", "", ["helsinki"])
    assert first != second and row(store, contacts, contact_id=first.hex).removed_on is not None
    assert [c.contact_id for c in contacts_of(store, organisation_id.hex)] == [second.hex]
    with pytest.raises(ValidationError, match="no such contact"):
        service.change_contact(store, MANAGER, organisation_id, first, "A B", "Lead", "040 1", "", ["helsinki"])


def test_a_name_as_long_as_allowed_is_kept_even_where_casefolding_lengthens_it(store):
    organisation_id = registered(store, name="Straße " + "ß" * 193)
    assert row(store, organisations, organisation_id=organisation_id.hex).name_key.endswith("ss" * 193)
