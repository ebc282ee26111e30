"""The network's pages: the directory and its search, organisations with their services, contacts and history,
and the forms that register and change them."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, Response, flash, redirect, request, url_for

from core.toolkit import (N_, ConflictError, PersonErasedError, ValidationError, current_store, current_user, gettext,
                          lazy_gettext, ngettext, prefetch, render, requires)
from plugins.network import csv_directory, service
from plugins.network.agreement.queries import agreement_list
from plugins.network.domain import ORGANISATION_TYPES, SERVICE_CATEGORIES, SERVICE_LANGUAGES, STATUSES
from plugins.network.meeting.queries import meeting_list
from plugins.network.queries import contacts_of, organisation_list, service_search, services_of
from plugins.network.schemas import (ContactPersonChangeSchema, ContactPersonRemovalSchema, NetworkMembershipSchema,
                                     NewContactPersonSchema, NewOrganisationSchema, NewServiceSchema,
                                     OrganisationChangeSchema, OrganisationStatusSchema, ServiceChangeSchema,
                                     ServiceSearchSchema, ServiceWithdrawalSchema)
from plugins.network.web import (city_names, contact_or_404, history, known_cities, organisation_or_404,
                                 service_or_404, typed, typed_form)

bp = Blueprint("network", __name__, url_prefix="/network")
# The access log names the plugin as the purpose of its pages unless a page says more: shown through _().
PURPOSE = N_("network")
REFUSED = (ma.ValidationError, ValidationError)


def _choices() -> dict:
    return {"types": ORGANISATION_TYPES, "categories": SERVICE_CATEGORIES, "service_languages": SERVICE_LANGUAGES,
            "statuses": STATUSES, "cities": city_names()}


@bp.get("/")
@requires("network.view")
def directory():
    """The service directory, searched by city, category, language and words."""
    try:
        narrowed, errors = ServiceSearchSchema().load({k: v for k, v in request.args.items() if v}), {}
    except ma.ValidationError as e:
        narrowed, errors = {}, e.messages
    rows = service_search(current_store(), **narrowed) if not errors else []
    return render("network/directory.html", rows=rows, args=request.args, errors=errors, **_choices()), \
        (422 if errors else 200)


@bp.get("/organisations")
@requires("network.view")
def organisations():
    """The organisations of the network by name, narrowed by city, type or a part of the name."""
    args = request.args
    rows = organisation_list(current_store(), city=args.get("city") or None, type=args.get("type") or None,
                             text=args.get("text") or None)
    return render("network/organisations.html", rows=rows, args=args, **_choices())


@bp.route("/organisations/new", methods=["GET", "POST"])
@requires("network.manage")
def new_organisation():
    """Register an organisation; the form keeps what was typed when something is wrong."""
    form, errors, conflict = {}, {}, False
    if request.method == "POST":
        form = typed_form()
        try:
            data = NewOrganisationSchema().load(typed())
            organisation_id = service.register_organisation(current_store(), current_user.actor(), data["name"],
                                                            data["type"], data["cities"], known_cities())
        except REFUSED as e:
            errors = e.messages
        except ConflictError:
            conflict = True
        else:
            flash(gettext("The organisation was registered."), "info")
            return redirect(url_for("network.organisation", organisation_id=organisation_id.hex))
    return render("network/new_organisation.html", form=form, errors=errors, conflict=conflict, **_choices()), \
        (409 if conflict else 422 if errors else 200)


@bp.get("/organisations/<organisation_id>")
@requires("network.view")
def organisation(organisation_id):
    """An organisation: its membership, services, contact persons and history, with the forms to change them."""
    return _organisation_page(organisation_or_404(organisation_id))


def _organisation_page(row, command=None, form=None, errors=None, conflict=None, status=200):
    people = contacts_of(current_store(), row.organisation_id)
    prefetch([c.name for c in people])
    store, organisation_id = current_store(), row.organisation_id
    return render("network/organisation.html", row=row, services=services_of(store, organisation_id),
                  contacts=people, history=history(organisation_id),
                  agreements=agreement_list(store, organisation_id=organisation_id),
                  meetings=meeting_list(store, organisation_id=organisation_id), command=command, form=form or {},
                  errors=errors or {}, conflict=conflict, **_choices()), status


def _command(name: str, path: str, schema, run, done, page=None, part_found=None):
    """A page endpoint for one command on an organisation: the form keeps what was typed when something is wrong."""

    @requires("network.manage")
    def command(organisation_id, **part):
        row = organisation_or_404(organisation_id)
        if part_found:
            part_found(row, part)
        shown = page or (lambda row, part, **kw: _organisation_page(row, **kw))
        try:
            data = schema().load(typed())
            run(row, part, data)
        except REFUSED as e:
            return shown(row, part, command=name, form=typed_form(), errors=e.messages, status=422)
        except ConflictError as e:
            return shown(organisation_or_404(organisation_id), part, command=name, form=typed_form(), conflict=e,
                         status=409)
        except PersonErasedError:
            return shown(row, part, command=name, form=typed_form(), errors={"contact": ["erased"]}, status=422)
        flash(str(done()), "info")
        return redirect(url_for("network.organisation", organisation_id=row.organisation_id))

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name, run).__doc__
    bp.add_url_rule(f"/organisations/<organisation_id>/{path}", endpoint=name, view_func=command, methods=["POST"])


def _actor():
    return current_store(), current_user.actor()


def _membership(row, part, d):
    if d["action"] == "join":
        return service.join_network(*_actor(), row.organisation_id, d["on"], expected_version=d["version"])
    return service.leave_network(*_actor(), row.organisation_id, d["on"], d["reason"], expected_version=d["version"])


def _contact_data(d) -> dict:
    return {k: d[k] for k in ("name", "role", "phone", "email", "cities")}


def _service_data(d) -> dict:
    return {k: d[k] for k in ("name", "category", "cities", "eligibility", "how_to_refer", "languages")}


_command("describe_organisation", "description", OrganisationChangeSchema,
         lambda row, part, d: service.describe_organisation(*_actor(), row.organisation_id, d["name"], d["type"],
                                                            d["cities"], known_cities(), expected_version=d["version"]),
         lambda: gettext("The organisation was changed."))
_command("change_membership", "membership", NetworkMembershipSchema, _membership,
         lambda: gettext("The membership was recorded."))
_command("change_status", "status", OrganisationStatusSchema,
         lambda row, part, d: service.change_status(*_actor(), row.organisation_id, d["status"], d["reason"],
                                                    expected_version=d["version"]),
         lambda: gettext("The status was changed."))
_command("add_contact", "contacts", NewContactPersonSchema,
         lambda row, part, d: service.add_contact(*_actor(), row.organisation_id, **_contact_data(d),
                                                  expected_version=d["version"]),
         lambda: gettext("The contact person was added."))
_command("add_service", "services", NewServiceSchema,
         lambda row, part, d: service.add_service(*_actor(), row.organisation_id, **_service_data(d),
                                                  expected_version=d["version"]),
         lambda: gettext("The service was added."))


# ---------------------------------------------------------------------------------------------- a contact person


@bp.get("/organisations/<organisation_id>/contacts/<contact_id>")
@requires("network.view")
def contact(organisation_id, contact_id):
    """A contact person, with the forms to change or remove them."""
    row = organisation_or_404(organisation_id)
    return _contact_page(row, {"contact_id": contact_id})


def _contact(row, part):
    return contact_or_404(row, part["contact_id"])


def _contact_page(row, part, command=None, form=None, errors=None, conflict=None, status=200):
    found = contact_or_404(row, part["contact_id"])
    return render("network/contact.html", row=row, contact=found, command=command, form=form or {},
                  errors=errors or {}, conflict=conflict, **_choices()), status


_command("change_contact", "contacts/<contact_id>", ContactPersonChangeSchema,
         lambda row, part, d: service.change_contact(*_actor(), row.organisation_id, part["contact_id"],
                                                     **_contact_data(d), expected_version=d["version"]),
         lambda: gettext("The contact person was changed."), page=_contact_page, part_found=_contact)
_command("remove_contact", "contacts/<contact_id>/removal", ContactPersonRemovalSchema,
         lambda row, part, d: service.remove_contact(*_actor(), row.organisation_id, part["contact_id"],
                                                     expected_version=d["version"]),
         lambda: gettext("The contact person was removed."), page=_contact_page, part_found=_contact)


# ---------------------------------------------------------------------------------------------- a service


@bp.get("/organisations/<organisation_id>/services/<service_id>")
@requires("network.view")
def service_page(organisation_id, service_id):
    """A service of the organisation, with the forms to change or withdraw it."""
    return _service_page(organisation_or_404(organisation_id), {"service_id": service_id})


def _service(row, part):
    return service_or_404(row, part["service_id"])


def _service_page(row, part, command=None, form=None, errors=None, conflict=None, status=200):
    found = service_or_404(row, part["service_id"])
    return render("network/service.html", row=row, service=found, command=command, form=form or {},
                  errors=errors or {}, conflict=conflict, **_choices()), status


_command("change_service", "services/<service_id>", ServiceChangeSchema,
         lambda row, part, d: service.change_service(*_actor(), row.organisation_id, part["service_id"],
                                                     **_service_data(d), expected_version=d["version"]),
         lambda: gettext("The service was changed."), page=_service_page, part_found=_service)
_command("withdraw_service", "services/<service_id>/withdrawal", ServiceWithdrawalSchema,
         lambda row, part, d: service.withdraw_service(*_actor(), row.organisation_id, part["service_id"],
                                                       d["reason"], expected_version=d["version"]),
         lambda: gettext("The service was withdrawn."), page=_service_page, part_found=_service)


# ---------------------------------------------------------------------------------------------- the directory as CSV


@bp.get("/directory.csv")
@requires("network.view")
def export_directory():
    """The directory as a CSV file, which imports into an empty instance to the same directory."""
    return Response(csv_directory.export_directory(current_store()), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=network-directory.csv"})


@bp.route("/import", methods=["GET", "POST"])
@requires("network.manage")
def import_directory():
    """Import a CSV directory: every row is checked, and nothing is imported while any is wrong."""
    problems, missing, conflict = [], False, False
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            missing = True
        else:
            try:
                text = upload.read().decode("utf-8-sig")
                count = csv_directory.import_directory(current_store(), current_user.actor(), text, known_cities())
            except UnicodeDecodeError:
                problems = [csv_directory.Problem(1, "file", lazy_gettext("The file is not UTF-8 text."))]
            except csv_directory.ImportRefused as e:
                problems = e.problems
            except ConflictError:
                # another import (or a registration) took a name of the file after it was checked
                problems, conflict = [csv_directory.Problem(1, "file", lazy_gettext(
                    "The directory changed while the file was imported (another import?); nothing was imported. "
                    "Import the file again."))], True
            else:
                flash(ngettext("%(num)d organisation was imported.", "%(num)d organisations were imported.", count),
                      "info")
                return redirect(url_for("network.organisations"))
    return render("network/import.html", problems=problems, missing=missing,
                  columns=csv_directory.COLUMNS), (409 if conflict else 422 if problems or missing else 200)
