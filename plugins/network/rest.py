"""The network's JSON API under /api/v1/network: the directory, organisations, their contacts and services."""

from __future__ import annotations

from functools import wraps

from core.toolkit import ApiBlueprint, NotFoundError, current_store, current_user, requires, reveal
from plugins.network import api as directory
from plugins.network import service
from plugins.network.projections import unlisted
from plugins.network.queries import contacts_of, organisation_list, services_of
from plugins.network.schemas import (ContactPersonChangeSchema, ContactPersonRemovalSchema, DirectoryServiceSchema,
                                     NetworkMembershipSchema, NewContactPersonSchema, NewOrganisationSchema,
                                     NewServiceSchema, OrganisationChangeSchema, OrganisationDetailSchema,
                                     OrganisationSchema, OrganisationStatusSchema, ServiceChangeSchema,
                                     ServiceSearchSchema, ServiceWithdrawalSchema)
from plugins.network.web import contact_or_404, known_cities, organisation_or_404, service_or_404

blp = ApiBlueprint("api_network", __name__, url_prefix="/api/v1/network", description="The national network")
CONFLICT = {"schema": "Error", "description": "the organisation changed since `version`"}


def _organisation(row) -> dict:
    return {**row._mapping, "cities": unlisted(row.cities)}


def _detail(organisation_id: str) -> dict:
    row = organisation_or_404(organisation_id)
    store = current_store()
    return {**_organisation(row),
            "services": [{**s._mapping, "organisation": row.name, "cities": unlisted(s.cities),
                          "languages": unlisted(s.languages)} for s in services_of(store, row.organisation_id)],
            "contacts": [{"contact_id": c.contact_id, "cities": unlisted(c.cities),
                          **{k: reveal(getattr(c, k), row.organisation_id) for k in ("name", "role", "phone", "email")}}
                         for c in contacts_of(store, row.organisation_id)]}


def organisation_first(view):
    """Refuse an organisation that does not exist before the body is read (404, never a 422)."""

    @wraps(view)
    def found(*args, organisation_id, **kwargs):
        return view(*args, row=organisation_or_404(organisation_id), **kwargs)

    return found


@blp.route("/services")
@requires("network.view")
@blp.arguments(ServiceSearchSchema, location="query")
@blp.response(200, DirectoryServiceSchema(many=True))
def list_services(args):
    """Search the directory's active services by city, category, language and words."""
    return directory.services(current_store(), **args)


@blp.route("/services/<service_id>")
@requires("network.view")
@blp.response(200, DirectoryServiceSchema)
def get_service(service_id):
    """One service of the directory, withdrawn ones included."""
    found = directory.service(current_store(), service_id)
    if found is None:
        raise NotFoundError(f"no service {service_id}")
    return found


@blp.route("/organisations")
@requires("network.view")
@blp.response(200, OrganisationSchema(many=True))
def list_organisations():
    """The organisations of the network, by name."""
    return [_organisation(r) for r in organisation_list(current_store())]


@blp.route("/organisations", methods=["POST"])
@requires("network.manage")
@blp.arguments(NewOrganisationSchema)
@blp.response(201, OrganisationDetailSchema)
@blp.alt_response(409, schema="Error", description="an organisation of this name is already in the directory")
def register_organisation(data):
    """Register an organisation."""
    organisation_id = service.register_organisation(current_store(), current_user.actor(), data["name"],
                                                    data["type"], data["cities"], known_cities())
    return _detail(organisation_id.hex)


@blp.route("/organisations/<organisation_id>")
@requires("network.view")
@blp.response(200, OrganisationDetailSchema)
def get_organisation(organisation_id):
    """An organisation with its services and contact persons."""
    return _detail(organisation_id)


def _write(path: str, name: str, schema, run, created: bool = False):
    """One API endpoint for a command on an organisation; a stale `version` answers 409."""

    def command(data, row, **part):
        run(row, part, data)
        return _detail(row.organisation_id)

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name, run).__doc__
    view = blp.alt_response(409, **CONFLICT)(command)
    view = blp.response(201 if created else 200, OrganisationDetailSchema)(view)
    view = organisation_first(blp.arguments(schema)(view))
    blp.route(f"/organisations/<organisation_id>{path}", methods=["POST"], endpoint=name)(
        requires("network.manage")(view))


def _actor():
    return current_store(), current_user.actor()


def _membership(row, part, d):
    if d["action"] == "join":
        return service.join_network(*_actor(), row.organisation_id, d["on"], expected_version=d["version"])
    return service.leave_network(*_actor(), row.organisation_id, d["on"], d["reason"], expected_version=d["version"])


CONTACT = ("name", "role", "phone", "email", "cities")
SERVICE = ("name", "category", "cities", "eligibility", "how_to_refer", "languages")


def _known_contact(row, part):
    return contact_or_404(row, part["contact_id"]).contact_id


def _known_service(row, part):
    return service_or_404(row, part["service_id"]).service_id


_write("", "describe_organisation", OrganisationChangeSchema,
       lambda row, part, d: service.describe_organisation(*_actor(), row.organisation_id, d["name"], d["type"],
                                                          d["cities"], known_cities(), expected_version=d["version"]))
_write("/membership", "change_membership", NetworkMembershipSchema, _membership)
_write("/status", "change_status", OrganisationStatusSchema,
       lambda row, part, d: service.change_status(*_actor(), row.organisation_id, d["status"], d["reason"],
                                                  expected_version=d["version"]))
_write("/contacts", "add_contact", NewContactPersonSchema,
       lambda row, part, d: service.add_contact(*_actor(), row.organisation_id, **{k: d[k] for k in CONTACT},
                                                expected_version=d["version"]), created=True)
_write("/contacts/<contact_id>", "change_contact", ContactPersonChangeSchema,
       lambda row, part, d: service.change_contact(*_actor(), row.organisation_id, _known_contact(row, part),
                                                   **{k: d[k] for k in CONTACT}, expected_version=d["version"]))
_write("/contacts/<contact_id>/removal", "remove_contact", ContactPersonRemovalSchema,
       lambda row, part, d: service.remove_contact(*_actor(), row.organisation_id, _known_contact(row, part),
                                                   expected_version=d["version"]))
_write("/services", "add_service", NewServiceSchema,
       lambda row, part, d: service.add_service(*_actor(), row.organisation_id, **{k: d[k] for k in SERVICE},
                                                expected_version=d["version"]), created=True)
_write("/services/<service_id>", "change_service", ServiceChangeSchema,
       lambda row, part, d: service.change_service(*_actor(), row.organisation_id, _known_service(row, part),
                                                   **{k: d[k] for k in SERVICE}, expected_version=d["version"]))
_write("/services/<service_id>/withdrawal", "withdraw_service", ServiceWithdrawalSchema,
       lambda row, part, d: service.withdraw_service(*_actor(), row.organisation_id, _known_service(row, part),
                                                     d["reason"], expected_version=d["version"]))
