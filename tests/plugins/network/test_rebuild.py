"""The directory rebuilt from the log, in batches of any size, holds the rows the managers' commands wrote."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.toolkit import Actor
from plugins.network import service
from plugins.network.projections import Directory, contacts, organisations, services

MANAGER = Actor("network_manager.oulu", "network_manager", "oulu")
CITIES = ("helsinki", "turku", "oulu")


@pytest.fixture
def store(make_store):
    return make_store([Directory()])


def a_directorys_life(store) -> None:
    """Organisations described, joined and left, made inactive; contacts and services added, changed, removed."""
    youth = service.register_organisation(store, MANAGER, "Oulun Nuorten Talo", "local_authority",
                                          ["oulu", "helsinki"], CITIES)
    housing = service.register_organisation(store, MANAGER, "Asuntosäätiö", "service_provider", ["oulu"], CITIES)
    service.describe_organisation(store, MANAGER, housing, "Asuntosäätiö Pohjoinen", "service_provider",
                                  ["oulu", "helsinki"], CITIES)
    service.join_network(store, MANAGER, youth, date(2026, 1, 5), today=date(2026, 1, 5))
    service.join_network(store, MANAGER, housing, date(2026, 1, 5), today=date(2026, 1, 5))
    service.leave_network(store, MANAGER, housing, date(2026, 3, 1), "Merged.", today=date(2026, 3, 1))
    kept = service.add_contact(store, MANAGER, youth, "Aino Esimerkki", "Youth worker", "", "aino@example.org",
                               ["oulu"])
    gone = service.add_contact(store, MANAGER, youth, "Eero Esimerkki", "Volunteer", "", "eero@example.org",
                               ["oulu"])
    service.change_contact(store, MANAGER, youth, kept, "Aino Esimerkki", "Lead youth worker", "040 000 0000",
                           "aino@example.org", ["oulu", "helsinki"])
    service.remove_contact(store, MANAGER, youth, gone)
    drop_in = service.add_service(store, MANAGER, youth, "Avoin iltapäivä", "youth_work", ["oulu"],
                                  "Young people aged 13 to 25.", "Walk in.", ["lang_fi"])
    service.change_service(store, MANAGER, youth, drop_in, "Avoin ilta", "youth_work", ["oulu"],
                           "Young people aged 13 to 29.", "Walk in, or call.", ["lang_fi", "lang_en"])
    flats = service.add_service(store, MANAGER, housing, "Tukiasunnot", "housing", ["oulu"], "Adults.", "By post.",
                                ["lang_fi"])
    service.withdraw_service(store, MANAGER, housing, flats, "Funding ended.")
    service.change_status(store, MANAGER, housing, "inactive", "Merged with another foundation.")


def everything(store) -> list:
    with store.reading() as session:
        return [session.execute(select(t).order_by(*t.primary_key.columns)).all()
                for t in (organisations, services, contacts)]


@pytest.mark.parametrize("batch", [1, 3, 500])
def test_a_rebuild_in_batches_of_any_size_writes_the_rows_the_commands_wrote(store, batch):
    a_directorys_life(store)
    live = everything(store)
    assert sorted((o.name, o.member, o.status, o.cities) for o in live[0]) == [
        ("Asuntosäätiö Pohjoinen", False, "inactive", ",oulu,helsinki,"),
        ("Oulun Nuorten Talo", True, "active", ",oulu,helsinki,")]
    assert sorted((s.name, s.active, s.languages) for s in live[1]) == [
        ("Avoin ilta", True, ",lang_fi,lang_en,"), ("Tukiasunnot", False, ",lang_fi,")]
    assert sorted((c.cities, c.removed_on is None) for c in live[2]) == [(",oulu,", False), (",oulu,helsinki,", True)]
    store.runner.rebuild(store.projections["network_directory"], batch=batch)
    assert everything(store) == live
