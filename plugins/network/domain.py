"""The Organisation aggregate: a member of the national network, with its contact persons and services."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import date

from core.toolkit import N_, Aggregate, NotFoundError, Personal, ValidationError, event

# Code values, shown through _(value).
ORGANISATION_TYPES = (N_("local_authority"), N_("service_provider"), N_("civil_society"), N_("academic"),
                      N_("police"), N_("criminal_sanctions_agency"), N_("school"), N_("other"))
STATUSES = (N_("active"), N_("inactive"))
SERVICE_CATEGORIES = (N_("education"), N_("employment"), N_("social_services"), N_("health"), N_("mental_health"),
                      N_("substance_use"), N_("housing"), N_("youth_work"), N_("family_support"), N_("other"))
SERVICE_LANGUAGES = (N_("lang_fi"), N_("lang_sv"), N_("lang_en"), N_("lang_se"), N_("lang_ru"), N_("lang_et"),
                     N_("lang_ar"), N_("lang_so"), N_("lang_fa"), N_("lang_uk"))
MAX_NAME = 200
MAX_TEXT = 2000
NAMESPACE = uuid.UUID("5b0f9d52-7c1e-4f4e-9a63-2f4d8f0c6e11")


def name_key(name: str) -> str:
    """The name as the directory compares it: case and runs of blanks do not make another organisation."""
    return " ".join(name.split()).casefold()


def organisation_id_for(name: str) -> uuid.UUID:
    """The id of the first organisation registered under this name (its claim keeps the name to one holder)."""
    return uuid.uuid5(NAMESPACE, name_key(name))


def part_id(organisation_id: uuid.UUID, kind: str, number: int) -> uuid.UUID:
    """The id of an organisation's n-th contact or service: it follows from the organisation, never from a name."""
    return uuid.uuid5(organisation_id, f"{kind}:{number}")


@dataclass(frozen=True)
class Contact:
    """A contact person of the organisation; every detail is the person's own personal data."""

    contact_id: uuid.UUID
    name: Personal
    role: Personal
    phone: Personal | None
    email: Personal | None
    cities: tuple[str, ...]


@dataclass(frozen=True)
class Service:
    """A service the organisation offers, for referrals to choose from."""

    service_id: uuid.UUID
    name: str
    category: str
    cities: tuple[str, ...]
    eligibility: str
    how_to_refer: str
    languages: tuple[str, ...]
    active: bool = True


def _text(errors: dict, field: str, value, limit: int, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        errors[field] = ["required"]
        return ""
    if len(value) > limit:
        errors[field] = [f"at most {limit} characters"]
    return value.strip()


def _choices(errors: dict, field: str, values, allowed, at_least_one: bool = True) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(values or ()))
    if at_least_one and not chosen:
        errors[field] = ["choose at least one"]
    elif unknown := [v for v in chosen if v not in allowed]:
        errors[field] = [f"unknown: {', '.join(map(str, unknown))}; choose from {', '.join(allowed)}"]
    return chosen


def _one_of(errors: dict, field: str, value, allowed) -> str:
    if value not in allowed:
        errors[field] = [f"must be one of {', '.join(allowed)}"]
    return value


def _refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


SERVICE_TWICE = "the organisation already offers a service of this name"
PHONE = re.compile(r"^\+?[0-9 ()-]{5,30}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Organisation(Aggregate):
    """An organisation of the national network: what it is, where it works, its membership, contacts and services."""

    class Registered(Aggregate.Created):
        name: str
        type: str
        cities: tuple

    class Described(Aggregate.Event):
        name: str
        type: str
        cities: tuple

    class JoinedNetwork(Aggregate.Event):
        on: date

    class LeftNetwork(Aggregate.Event):
        on: date
        reason: str

    class StatusChanged(Aggregate.Event):
        status: str
        reason: str

    class ContactAdded(Aggregate.Event):
        contact_id: uuid.UUID
        name: Personal
        role: Personal
        phone: Personal | None
        email: Personal | None
        cities: tuple
        name_index: Personal | None   # blind index of the name, encrypted like it (an access request)
        name_bucket: str | None       # its first two hex digits: a search decrypts one bucket, not every contact
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state):
            state.update(name_index=None, name_bucket=None)  # contacts added before the name was indexed

    class ContactChanged(Aggregate.Event):
        contact_id: uuid.UUID
        name: Personal
        role: Personal
        phone: Personal | None
        email: Personal | None
        cities: tuple
        name_index: Personal | None
        name_bucket: str | None
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state):
            state.update(name_index=None, name_bucket=None)

    class ContactRemoved(Aggregate.Event):
        contact_id: uuid.UUID

    class ServiceAdded(Aggregate.Event):
        service_id: uuid.UUID
        name: str
        category: str
        cities: tuple
        eligibility: str
        how_to_refer: str
        languages: tuple

    class ServiceChanged(Aggregate.Event):
        service_id: uuid.UUID
        name: str
        category: str
        cities: tuple
        eligibility: str
        how_to_refer: str
        languages: tuple

    class ServiceWithdrawn(Aggregate.Event):
        service_id: uuid.UUID
        reason: str

    @classmethod
    def create_id(cls, name: str, **_) -> uuid.UUID:
        return organisation_id_for(name)

    @classmethod
    def register(cls, name: str, type: str, cities, known_cities, organisation_id: uuid.UUID | None = None
                 ) -> Organisation:
        """Register an organisation of a type, covering some of the deployment's cities."""
        errors: dict = {}
        name = _text(errors, "name", name, MAX_NAME)
        _one_of(errors, "type", type, ORGANISATION_TYPES)
        cities = _choices(errors, "cities", cities, tuple(known_cities))
        _refuse(errors)
        # The id is given by the claim on the name (a released name's next holder gets an id of its own).
        return cls._create(cls.Registered, id=organisation_id or organisation_id_for(name), name=name, type=type,
                           cities=cities)

    @event(Registered)
    def __init__(self, name: str, type: str, cities: tuple):
        self.name, self.type, self.cities = name, type, tuple(cities)
        self.status = "active"
        self.member = False
        self.joined_on: date | None = None
        self.left_on: date | None = None
        self.contacts: dict[uuid.UUID, Contact] = {}
        self.services: dict[uuid.UUID, Service] = {}
        self.contacts_added = 0
        self.services_added = 0

    def describe(self, name: str, type: str, cities, known_cities) -> None:
        """Change the name, type or cities; a city stays while a contact or service of the organisation uses it."""
        errors: dict = {}
        name = _text(errors, "name", name, MAX_NAME)
        _one_of(errors, "type", type, ORGANISATION_TYPES)
        cities = _choices(errors, "cities", cities, tuple(known_cities) + tuple(c for c in self.cities))
        if "cities" not in errors and (still := sorted(self._cities_in_use() - set(cities))):
            errors["cities"] = [f"still served by its contacts or services: {', '.join(still)}; change those first"]
        _refuse(errors)
        if (name, type, cities) != (self.name, self.type, self.cities):
            self._described(name=name, type=type, cities=cities)

    @event(Described)
    def _described(self, name, type, cities):
        self.name, self.type, self.cities = name, type, tuple(cities)

    def join_network(self, on: date, today: date) -> None:
        """Record that the organisation joined the national network on a day, not after today."""
        if self.member:
            raise ValidationError({"membership": ["the organisation is already a member of the network"]})
        if self.status != "active":
            raise ValidationError({"membership": ["an inactive organisation does not join the network"]})
        if not isinstance(on, date):
            raise ValidationError({"on": ["give the day it joined"]})
        if on > today:
            raise ValidationError({"on": ["record the membership once it has begun: not after today"]})
        if self.left_on and on < self.left_on:
            raise ValidationError({"on": ["it joins again on or after the day it left"]})
        self._joined(on=on)

    @event(JoinedNetwork)
    def _joined(self, on):
        self.member, self.joined_on, self.left_on = True, on, None

    def leave_network(self, on: date, reason: str, today: date) -> None:
        """Record that the organisation left the national network on a day, not after today, and why."""
        if not self.member:
            raise ValidationError({"membership": ["the organisation is not a member of the network"]})
        errors: dict = {}
        reason = _text(errors, "reason", reason, MAX_TEXT)
        if not isinstance(on, date):
            errors["on"] = ["give the day it left"]
        elif on < self.joined_on:
            errors["on"] = ["it leaves on or after the day it joined"]
        elif on > today:
            errors["on"] = ["record that it left once it has: not after today"]
        _refuse(errors)
        self._left(on=on, reason=reason)

    @event(LeftNetwork)
    def _left(self, on, reason):
        self.member, self.left_on = False, on

    def change_status(self, status: str, reason: str, today: date) -> None:
        """Make the organisation active or inactive; an inactive one leaves the network and offers no service."""
        errors: dict = {}
        _one_of(errors, "status", status, STATUSES)
        reason = _text(errors, "reason", reason, MAX_TEXT)
        if not errors and status == self.status:
            errors["status"] = [f"the organisation is already {status}"]
        _refuse(errors)
        if status == "inactive":
            for service in [s for s in self.services.values() if s.active]:
                self._withdrawn(service_id=service.service_id, reason=reason)
            if self.member:
                # today, or the day it joined if that is still to come (recorded before joins were checked)
                self._left(on=max(today, self.joined_on), reason=reason)
        self._status_changed(status=status, reason=reason)

    @event(StatusChanged)
    def _status_changed(self, status, reason):
        self.status = status

    # ------------------------------------------------------------------ contact persons

    def add_contact(self, name: str, role: str, phone: str, email: str, cities, name_index: str | None = None
                    ) -> uuid.UUID:
        """Add a contact person, serving some of the organisation's cities; return the contact's (and person's) id."""
        contact_id = part_id(self.id, "contact", self.contacts_added + 1)
        self._contact_added(**self._contact_fields(contact_id, name, role, phone, email, cities, name_index))
        return contact_id

    @event(ContactAdded)
    def _contact_added(self, contact_id, name, role, phone, email, cities, name_index, name_bucket):
        self.contacts[contact_id] = Contact(contact_id, name, role, phone, email, tuple(cities))
        self.contacts_added += 1

    def change_contact(self, contact_id: uuid.UUID, name: str, role: str, phone: str, email: str, cities,
                       name_index: str | None = None) -> None:
        """Change a contact person's details or the cities they serve."""
        self._contact(contact_id)
        self._contact_changed(**self._contact_fields(contact_id, name, role, phone, email, cities, name_index))

    @event(ContactChanged)
    def _contact_changed(self, contact_id, name, role, phone, email, cities, name_index, name_bucket):
        self.contacts[contact_id] = Contact(contact_id, name, role, phone, email, tuple(cities))

    def remove_contact(self, contact_id: uuid.UUID) -> None:
        """Remove a contact person from the organisation; the retention run then erases their details."""
        self._contact(contact_id)
        self._contact_removed(contact_id=contact_id)

    @event(ContactRemoved)
    def _contact_removed(self, contact_id):
        del self.contacts[contact_id]

    def _contact(self, contact_id) -> Contact:
        if contact_id not in self.contacts:
            raise ValidationError({"contact": ["the organisation has no such contact person"]})
        return self.contacts[contact_id]

    def _contact_fields(self, contact_id, name, role, phone, email, cities, name_index) -> dict:
        errors: dict = {}
        name = _text(errors, "name", name, MAX_NAME)
        role = _text(errors, "role", role, MAX_NAME)
        phone = _text(errors, "phone", phone or "", 30, required=False)
        email = _text(errors, "email", email or "", 254, required=False)
        if phone and "phone" not in errors and not PHONE.match(phone):
            errors["phone"] = ["digits, spaces, +, - and brackets only"]
        if email and "email" not in errors and not EMAIL.match(email):
            errors["email"] = ["not an email address"]
        if not phone and not email and "phone" not in errors and "email" not in errors:
            errors["phone"] = errors["email"] = ["a contact person needs a phone number or an email address"]
        cities = self._cities(errors, cities)
        _refuse(errors)
        return dict(contact_id=contact_id, name=Personal(contact_id, "identity", name),
                    role=Personal(contact_id, "identity", role),
                    phone=Personal(contact_id, "contact", phone) if phone else None,
                    email=Personal(contact_id, "contact", email) if email else None, cities=cities,
                    name_index=Personal(contact_id, "identity", name_index) if name_index else None,
                    name_bucket=name_index[:2] if name_index else None)

    # ------------------------------------------------------------------ services

    def add_service(self, name: str, category: str, cities, eligibility: str, how_to_refer: str,
                    languages, withdrawn: str | None = None) -> uuid.UUID:
        """Offer a service in some of the organisation's cities; return its id.

        `withdrawn` gives the reason for a service recorded as withdrawn already (an imported directory's):
        it offers nothing, so its name may be one the organisation offers.
        """
        if self.status != "active":
            raise ValidationError({"status": ["an inactive organisation offers no services"]})
        service_id = part_id(self.id, "service", self.services_added + 1)
        self._service_added(**self._service_fields(service_id, name, category, cities, eligibility, how_to_refer,
                                                   languages, offered=withdrawn is None))
        if withdrawn is not None:
            self.withdraw_service(service_id, withdrawn)
        return service_id

    @event(ServiceAdded)
    def _service_added(self, service_id, name, category, cities, eligibility, how_to_refer, languages):
        self.services[service_id] = Service(service_id, name, category, tuple(cities), eligibility, how_to_refer,
                                            tuple(languages))
        self.services_added += 1

    def change_service(self, service_id: uuid.UUID, name: str, category: str, cities, eligibility: str,
                       how_to_refer: str, languages) -> None:
        """Change what a service is, where and for whom; a withdrawn service is not changed."""
        if not self._service(service_id).active:
            raise ValidationError({"service": ["a withdrawn service is not changed"]})
        self._service_changed(**self._service_fields(service_id, name, category, cities, eligibility, how_to_refer,
                                                     languages, offered=True))

    @event(ServiceChanged)
    def _service_changed(self, service_id, name, category, cities, eligibility, how_to_refer, languages):
        self.services[service_id] = Service(service_id, name, category, tuple(cities), eligibility, how_to_refer,
                                            tuple(languages))

    def withdraw_service(self, service_id: uuid.UUID, reason: str) -> None:
        """Withdraw a service from the directory, with the reason; referrals no longer choose it."""
        if not self._service(service_id).active:
            raise ValidationError({"service": ["the service is already withdrawn"]})
        errors: dict = {}
        reason = _text(errors, "reason", reason, MAX_TEXT)
        _refuse(errors)
        self._withdrawn(service_id=service_id, reason=reason)

    @event(ServiceWithdrawn)
    def _withdrawn(self, service_id, reason):
        self.services[service_id] = replace(self.services[service_id], active=False)

    def _service(self, service_id) -> Service:
        if service_id not in self.services:
            raise ValidationError({"service": ["the organisation offers no such service"]})
        return self.services[service_id]

    def _service_fields(self, service_id, name, category, cities, eligibility, how_to_refer, languages,
                        offered: bool) -> dict:
        errors: dict = {}
        name = _text(errors, "name", name, MAX_NAME)
        if offered and "name" not in errors and any(
                s.active and s.service_id != service_id and name_key(s.name) == name_key(name)
                for s in self.services.values()):
            errors["name"] = [SERVICE_TWICE]
        _one_of(errors, "category", category, SERVICE_CATEGORIES)
        cities = self._cities(errors, cities)
        eligibility = _text(errors, "eligibility", eligibility, MAX_TEXT)
        how_to_refer = _text(errors, "how_to_refer", how_to_refer, MAX_TEXT)
        languages = _choices(errors, "languages", languages, SERVICE_LANGUAGES)
        _refuse(errors)
        return dict(service_id=service_id, name=name, category=category, cities=cities, eligibility=eligibility,
                    how_to_refer=how_to_refer, languages=languages)

    # ------------------------------------------------------------------ shared

    def _cities(self, errors: dict, cities) -> tuple[str, ...]:
        chosen = _choices(errors, "cities", cities, self.cities)
        if "cities" in errors and chosen:
            errors["cities"] = [f"only cities the organisation covers: {', '.join(self.cities)}"]
        return chosen

    def _cities_in_use(self) -> set[str]:
        return {c for part in (*self.contacts.values(), *(s for s in self.services.values() if s.active))
                for c in part.cities}


def check_city_of(actor, city: str) -> None:
    """Refuse a new agreement or meeting for another city than the actor's: a city's staff act for their city.

    An actor of no city (the setup, the command line) records for any city.
    """
    if actor.city is not None and city != actor.city:
        raise ValidationError({"city": ["only your own city's"]})


def check_own_record(actor, city: str, record_id) -> None:
    """Refuse a change to another city's agreement or meeting as if it did not exist."""
    if actor.city is not None and city != actor.city:
        raise NotFoundError(f"no record {record_id}")
