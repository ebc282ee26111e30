"""The network's public module: the service directory that other plugins (referrals) choose from.

Another plugin imports this module only, never the network's tables or aggregates, and names
``network`` in its ``requires``. Every function takes the deployment's store (``current_store()``
inside a request) and returns plain frozen values that stay valid after the store moves on.

    from plugins.network import api as network
    for found in network.services(store, city="oulu", category="housing", language="lang_fi"):
        print(found.service_id, found.organisation, found.name)

Organisations (``organisations``, ``organisation``) are what a referral in names as its source, with the ids
of their contact persons; ``contact_persons`` gives a contact's name and role as ``Personal`` values, which a
page shows only through ``reveal`` (their phone and email stay in the network's pages).

Categories are the code values of ``CATEGORIES``, languages those of ``LANGUAGES`` (``lang_fi``,
``lang_sv``, ...); a page shows either through ``_(value)``. Cities are the deployment's city slugs.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.network import queries
from plugins.network.domain import SERVICE_CATEGORIES as CATEGORIES
from plugins.network.domain import SERVICE_LANGUAGES as LANGUAGES
from plugins.network.projections import unlisted

__all__ = ["CATEGORIES", "LANGUAGES", "ContactPerson", "Organisation", "Service", "contact_persons", "organisation",
           "organisations", "service", "services"]


@dataclass(frozen=True)
class Service:
    """A service of the directory: what it is, who offers it, where, for whom, how to refer, in which languages."""

    service_id: str
    organisation_id: str
    organisation: str          # the organisation's name
    name: str
    category: str              # one of CATEGORIES
    cities: tuple[str, ...]
    languages: tuple[str, ...]  # of LANGUAGES
    eligibility: str
    how_to_refer: str
    active: bool               # False once withdrawn: no new referral chooses it


def _service(row) -> Service:
    return Service(row.service_id, row.organisation_id, row.organisation, row.name, row.category,
                   unlisted(row.cities), unlisted(row.languages), row.eligibility, row.how_to_refer, row.active)


def services(store, city: str | None = None, category: str | None = None, language: str | None = None,
             text: str | None = None) -> list[Service]:
    """The active services of the directory, by organisation and name, narrowed by city, category, language and
    words that each appear in the service's name, eligibility, how to refer or the organisation's name."""
    return [_service(r) for r in queries.service_search(store, city, category, language, text)]


def service(store, service_id: str) -> Service | None:
    """One service by its id, withdrawn ones included (a referral made earlier still names it), or None."""
    row = queries.service_row(store, str(service_id).replace("-", ""))
    return _service(row) if row else None


@dataclass(frozen=True)
class Organisation:
    """An organisation of the directory: its name, type, cities and the ids of its contact persons."""

    organisation_id: str
    name: str
    type: str
    cities: tuple[str, ...]
    active: bool
    contact_ids: tuple[str, ...]


def _organisation(store, row) -> Organisation:
    return Organisation(row.organisation_id, row.name, row.type, unlisted(row.cities), row.status == "active",
                        tuple(c.contact_id for c in queries.contacts_of(store, row.organisation_id)))


def organisations(store, city: str | None = None) -> list[Organisation]:
    """The active organisations of the directory by name, narrowed to those covering a city."""
    return [_organisation(store, r) for r in queries.organisation_list(store, city) if r.status == "active"]


def organisation(store, organisation_id: str) -> Organisation | None:
    """One organisation by its id, inactive ones included, or None."""
    row = queries.organisation_row(store, str(organisation_id).replace("-", ""))
    return _organisation(store, row) if row else None


@dataclass(frozen=True)
class ContactPerson:
    """A contact person of an organisation: the name and role are the person's own personal data."""

    contact_id: str
    organisation_id: str
    name: object   # Personal
    role: object   # Personal


def contact_persons(store, organisation_id: str) -> list[ContactPerson]:
    """An organisation's contact persons, in the order they were added."""
    return [ContactPerson(c.contact_id, c.organisation_id, c.name, c.role)
            for c in queries.contacts_of(store, str(organisation_id).replace("-", ""))]
