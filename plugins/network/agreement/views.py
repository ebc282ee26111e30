"""Agreement pages: the list with the form to record one, and one agreement with its renewal and termination."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, request, url_for

from core.toolkit import (ConflictError, NotFoundError, ValidationError, current_store, current_user, gettext,
                          render, requires, showing)
from plugins.network.agreement import service
from plugins.network.agreement.domain import KINDS
from plugins.network.agreement.queries import agreement_list, agreement_row
from plugins.network.agreement.schemas import NewAgreementSchema, RenewalSchema, TerminationSchema
from plugins.network.queries import organisation_list
from plugins.network.web import city_names, known_cities, own_city, typed, typed_form

bp = Blueprint("network_agreement", __name__, url_prefix="/network/agreements")
REFUSED = (ma.ValidationError, ValidationError)
LISTS = ("parties",)


def _typed() -> dict:
    return {**typed(), "parties": request.form.getlist("parties")}


def _organisations() -> dict:
    return {r.organisation_id: r.name for r in organisation_list(current_store())}


def _list_page(form=None, errors=None, conflict=False, status=200):
    return render("network/agreements.html", rows=agreement_list(current_store()), form=form or {},
                  errors=errors or {}, conflict=conflict, kinds=KINDS, cities=city_names(),
                  organisations=_organisations()), status


@bp.get("/")
@requires("network.view")
def agreements():
    """The agreements, the ones ending first first, with the form to record one."""
    return _list_page()


@bp.post("/")
@requires("network.manage")
def conclude_agreement():
    """Record an agreement; the form keeps what was typed when something is wrong."""
    try:
        data = NewAgreementSchema().load(_typed())
        agreement_id = service.conclude_agreement(current_store(), current_user.actor(), **data,
                                                  known_cities=known_cities(), known_organisations=_organisations())
    except REFUSED as e:
        return _list_page({**typed_form(), "parties": request.form.getlist("parties")}, e.messages, status=422)
    except ConflictError:
        return _list_page({**typed_form(), "parties": request.form.getlist("parties")}, {}, True, 409)
    flash(gettext("The agreement was recorded."), "info")
    return redirect(url_for("network_agreement.agreement", agreement_id=agreement_id.hex))


def agreement_or_404(agreement_id: str, changing: bool = False):
    """The agreement's row, or 404; one to change must be of the user's city (another city's answers 404)."""
    row = agreement_row(current_store(), agreement_id)
    if row is None:
        raise NotFoundError(f"no agreement {agreement_id}")
    if changing:
        own_city(row.city, "agreement", agreement_id)
    showing(row.agreement_id)
    return row


def _page(row, command=None, form=None, errors=None, conflict=None, status=200):
    return render("network/agreement.html", row=row, command=command, form=form or {}, errors=errors or {},
                  conflict=conflict, organisations=_organisations(), cities=city_names()), status


@bp.get("/<agreement_id>")
@requires("network.view")
def agreement(agreement_id):
    """One agreement: its parties and period, with the forms to renew or terminate it."""
    return _page(agreement_or_404(agreement_id))


def _command(name, path, schema, run, done):
    @requires("network.manage")
    def command(agreement_id):
        row = agreement_or_404(agreement_id, changing=True)
        try:
            run(row, schema().load(typed()))
        except REFUSED as e:
            return _page(row, name, typed_form(), e.messages, status=422)
        except ConflictError as e:
            return _page(agreement_or_404(agreement_id, changing=True), name, typed_form(), conflict=e, status=409)
        flash(str(done()), "info")
        return redirect(url_for("network_agreement.agreement", agreement_id=row.agreement_id))

    command.__name__ = command.__qualname__ = name
    command.__doc__ = getattr(service, name).__doc__
    bp.add_url_rule(f"/<agreement_id>/{path}", endpoint=name, view_func=command, methods=["POST"])


_command("renew_agreement", "renewal", RenewalSchema,
         lambda row, d: service.renew_agreement(current_store(), current_user.actor(), row.agreement_id,
                                                d["ends_on"], expected_version=d["version"]),
         lambda: gettext("The agreement was renewed."))
_command("terminate_agreement", "termination", TerminationSchema,
         lambda row, d: service.terminate_agreement(current_store(), current_user.actor(), row.agreement_id,
                                                    d["on"], d["reason"], expected_version=d["version"]),
         lambda: gettext("The agreement was terminated."))
