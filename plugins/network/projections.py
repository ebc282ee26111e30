"""The directory: organisations, their services and contact persons, one row each, kept from the log."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table, Text

from core.toolkit import FINNISH_TIME, PersonalText, TouchedProjection, TouchedTables, metadata, on
from plugins.network.domain import Organisation, name_key

organisations = Table(
    "network_organisations",
    metadata,
    Column("organisation_id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("name_key", String(600), nullable=False),  # casefolded (which may lengthen it), for search and order
    Column("type", String(30), nullable=False),
    Column("cities", String(400), nullable=False),     # ",helsinki,turku,": a city is found with LIKE '%,city,%'
    Column("status", String(20), nullable=False),
    Column("member", Boolean, nullable=False),
    Column("joined_on", Date, nullable=True),
    Column("left_on", Date, nullable=True),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("network_organisations_name", "name_key"),
)

services = Table(
    "network_services",
    metadata,
    Column("service_id", String(32), primary_key=True),
    Column("organisation_id", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("category", String(30), nullable=False),
    Column("cities", String(400), nullable=False),
    Column("languages", String(200), nullable=False),  # ",lang_fi,lang_sv,"
    Column("eligibility", Text, nullable=False),
    Column("how_to_refer", Text, nullable=False),
    Column("search", Text, nullable=False),            # name, eligibility and how to refer, casefolded
    Column("active", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("network_services_organisation", "organisation_id"),
    Index("network_services_category", "category", "active"),
)

contacts = Table(
    "network_contacts",
    metadata,
    Column("contact_id", String(32), primary_key=True),  # also the person's id in the vault
    Column("organisation_id", String(32), nullable=False),
    Column("name", PersonalText, nullable=False),
    Column("role", PersonalText, nullable=False),
    Column("phone", PersonalText, nullable=True),
    Column("email", PersonalText, nullable=True),
    Column("cities", String(400), nullable=False),
    Column("name_index", PersonalText, nullable=True),  # blind index of the name (an access request)
    Column("name_bucket", String(2), nullable=True),
    Column("removed_on", Date, nullable=True),  # kept until the retention run erases the person
    Index("network_contacts_organisation", "organisation_id"),
    Index("network_contacts_name", "name_bucket"),
)


def listed(values) -> str:
    """Codes as one column that LIKE '%,code,%' searches."""
    return "," + ",".join(values) + "," if values else ""


def unlisted(column: str) -> tuple[str, ...]:
    return tuple(v for v in column.split(",") if v)


class Directory(TouchedProjection):
    """The organisations of the network with their services and contact persons."""

    name = "network_directory"
    tables = (organisations, services, contacts)

    def touched(self, session, events):
        rows = TouchedTables(organisations, services, contacts)
        rows[organisations].read(session, organisations.c.organisation_id, [
            e.originator_id.hex for e in events if not isinstance(e, Organisation.Registered)])
        rows[services].read(session, services.c.service_id, [
            e.service_id.hex for e in events if isinstance(e, (Organisation.ServiceChanged,
                                                              Organisation.ServiceWithdrawn))])
        rows[contacts].read(session, contacts.c.contact_id, [
            e.contact_id.hex for e in events if isinstance(e, (Organisation.ContactChanged,
                                                              Organisation.ContactRemoved))])
        return rows

    @on(Organisation.Registered)
    def registered(self, rows, e):
        rows[organisations].add({
            "organisation_id": e.originator_id.hex, "name": e.name, "name_key": name_key(e.name), "type": e.type,
            "cities": listed(e.cities), "status": "active", "member": False, "joined_on": None, "left_on": None,
            "registered_at": e.timestamp, "updated_at": e.timestamp, "version": e.originator_version})

    def _touch(self, rows, e, **values):
        rows[organisations].change(e.originator_id.hex, version=e.originator_version, updated_at=e.timestamp,
                                   **values)

    @on(Organisation.Described)
    def described(self, rows, e):
        self._touch(rows, e, name=e.name, name_key=name_key(e.name), type=e.type, cities=listed(e.cities))

    @on(Organisation.JoinedNetwork)
    def joined(self, rows, e):
        self._touch(rows, e, member=True, joined_on=e.on, left_on=None)

    @on(Organisation.LeftNetwork)
    def left(self, rows, e):
        self._touch(rows, e, member=False, left_on=e.on)

    @on(Organisation.StatusChanged)
    def status_changed(self, rows, e):
        self._touch(rows, e, status=e.status)

    @on(Organisation.ContactAdded)
    def contact_added(self, rows, e):
        self._touch(rows, e)
        rows[contacts].add({
            "contact_id": e.contact_id.hex, "organisation_id": e.originator_id.hex, **self._contact_values(e),
            "removed_on": None})

    @on(Organisation.ContactChanged)
    def contact_changed(self, rows, e):
        self._touch(rows, e)
        rows[contacts].change(e.contact_id.hex, **self._contact_values(e))

    @on(Organisation.ContactRemoved)
    def contact_removed(self, rows, e):
        self._touch(rows, e)
        rows[contacts].change(e.contact_id.hex, removed_on=e.timestamp.astimezone(FINNISH_TIME).date())

    def _contact_values(self, e) -> dict:
        return dict(name=e.name, role=e.role, phone=e.phone, email=e.email, cities=listed(e.cities),
                    name_index=e.name_index, name_bucket=e.name_bucket)

    def _service_values(self, e) -> dict:
        return dict(name=e.name, category=e.category, cities=listed(e.cities), languages=listed(e.languages),
                    eligibility=e.eligibility, how_to_refer=e.how_to_refer, updated_at=e.timestamp,
                    search=" ".join((e.name, e.eligibility, e.how_to_refer)).casefold())

    @on(Organisation.ServiceAdded)
    def service_added(self, rows, e):
        self._touch(rows, e)
        rows[services].add({"service_id": e.service_id.hex, "organisation_id": e.originator_id.hex, "active": True,
                            **self._service_values(e)})

    @on(Organisation.ServiceChanged)
    def service_changed(self, rows, e):
        self._touch(rows, e)
        rows[services].change(e.service_id.hex, **self._service_values(e))

    @on(Organisation.ServiceWithdrawn)
    def service_withdrawn(self, rows, e):
        self._touch(rows, e)
        rows[services].change(e.service_id.hex, active=False, updated_at=e.timestamp)
