"""The referrals' pages: the triage queue, a referral in with its decisions, and a case's referrals out."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, flash, redirect, request, url_for

from core.toolkit import (N_, ConflictError, ValidationError, current_store, current_user, form_input, gettext,
                          lazy_gettext, prefetch, render, requires, reveal)
from plugins.casework import api as casework
from plugins.casework.api import ITEMS
from plugins.network import api as network
from plugins.referrals.incoming import service as incoming
from plugins.referrals.incoming.domain import SOURCES, URGENCIES
from plugins.referrals.outgoing import service as outgoing
from plugins.referrals.outgoing.domain import BASES
from plugins.referrals.queries import decided, outgoing_of_case, triage_queue
from plugins.referrals.schemas import (ANSWER_STATUSES, IncomingReferralSchema, OutgoingReferralSchema,
                                       ReferralAcceptSchema, ReferralAnswerSchema, ReferralDeclineSchema,
                                       ReferralOnSchema, ReferralSendSchema, ReferralWithdrawSchema,
                                       ReferrerFeedbackSchema)
from plugins.referrals.web import (case_in_scope, incoming_detail, incoming_in_scope, may_override, outgoing_detail,
                                   outgoing_in_scope, queue_entry)

bp = Blueprint("referrals", __name__, url_prefix="/referrals")
# The access log names the plugin as the purpose of its pages unless a page says more: shown through _().
PURPOSE = N_("referrals")
REFUSED = (ma.ValidationError, ValidationError)
SAVED = lazy_gettext("The referral was updated.")


def _typed(flags: bool = False) -> dict:
    """The form as the schemas read it: check boxes as booleans (`flags`), the items shared as a list."""
    data = form_input()
    for flag in ("person_knows", "person_consents") if flags else ():
        data[flag] = flag in request.form
    if "items" in request.form:
        data["items"] = request.form.getlist("items")
    # An optional field left empty takes its default; a required text left empty is refused as required.
    return {k: v for k, v in data.items() if v != "" or k in ("person", "concern", "reason", "told", "purpose")}


@bp.get("/")
@requires("referrals.triage")
def queue():
    """The city's triage queue, the most urgent first and then the oldest, and the latest decisions."""
    store = current_store()
    waiting = triage_queue(store, current_user.city)
    prefetch([r.person for r in waiting])  # every waiting person's data key in one query, not one each
    return render("referrals/queue.html", waiting=[queue_entry(r) for r in waiting],
                  decided=decided(store, current_user.city))


@bp.route("/new", methods=["GET", "POST"])
@requires("referrals.receive")
def new_referral():
    """Record a referral in; the form keeps what was typed when something is wrong."""
    form, errors = {}, {}
    if request.method == "POST":
        form = form_input()
        try:
            data = IncomingReferralSchema().load(_typed(flags=True))
            incoming.receive_referral(current_store(), current_user.actor(), current_user.city, **data)
        except REFUSED as e:
            errors = e.messages
        else:
            flash(gettext("The referral was recorded and waits for triage."), "info")
            return redirect(url_for("referrals.new_referral"))
    found = network.organisations(current_store(), current_user.city)
    contacts = {c.contact_id: f"{o.name}: {reveal(c.name, o.organisation_id)}" for o in found
                for c in network.contact_persons(current_store(), o.organisation_id)}
    return render("referrals/new.html", form=form, errors=errors, sources=SOURCES, urgencies=URGENCIES,
                  organisations={o.organisation_id: o.name for o in found}, contacts=contacts), \
        (422 if errors else 200)


def _services(city: str) -> dict:
    services = network.services(current_store(), city=city)
    return {"services": services, "service_names": {s.service_id: f"{s.organisation}: {s.name}" for s in services}}


def _referral_page(row, form=None, errors=None, command=None, conflict=False):
    return render("referrals/referral.html", referral=incoming_detail(row), form=form or {}, errors=errors or {},
                  command=command, conflict=conflict, **_services(row.city))


@bp.get("/<referral_id>")
@requires("referrals.triage")
def referral(referral_id):
    """A referral in with the triage forms: accept into a case, decline, refer on; and the referrer's feedback."""
    return _referral_page(incoming_in_scope(referral_id))


def _command(name, path, schema, run, done, page, lookup, landing, permission):
    @requires(permission)
    def command(referral_id):
        row = lookup(referral_id)
        try:
            answer = run(row, schema().load(_typed()))
        except REFUSED as e:
            return page(row, form=form_input(), errors=e.messages, command=name), 422
        except ConflictError:
            return page(row, form=form_input(), command=name, conflict=True), 409
        flash(str(done), "info")
        return redirect(landing(row, answer))

    command.__name__ = command.__qualname__ = name
    bp.add_url_rule(f"/{path}", endpoint=name, view_func=command, methods=["POST"])


def _in(name, path, schema, run, done):
    _command(name, f"<referral_id>/{path}", schema, run, done, _referral_page, incoming_in_scope,
             lambda row, answer: url_for("referrals.referral", referral_id=row.referral_id), "referrals.triage")


def _accept(row, data):
    return incoming.accept_referral(current_store(), current_user.actor(), row.referral_id, data["pseudonym"],
                                    expected_version=data["version"])


_command("accept", "<referral_id>/acceptance", ReferralAcceptSchema, _accept,
         lazy_gettext("The referral was accepted and a case opened for the person."), _referral_page, incoming_in_scope,
         lambda row, case_id: url_for("casework.case", case_id=case_id.hex), "referrals.triage")
_in("decline", "decline", ReferralDeclineSchema, lambda row, d: incoming.decline_referral(
    current_store(), current_user.actor(), row.referral_id, d["reason"], expected_version=d["version"]), SAVED)
_in("refer_on", "referral-on", ReferralOnSchema, lambda row, d: incoming.refer_on(
    current_store(), current_user.actor(), row.referral_id, d["service_id"], d["reason"],
    expected_version=d["version"]), SAVED)
_in("feedback", "feedback", ReferrerFeedbackSchema, lambda row, d: incoming.give_feedback(
    current_store(), current_user.actor(), row.referral_id, d["told"], d["on"], expected_version=d["version"]), SAVED)


# ------------------------------------------------------------------ referrals out

def _case_page(case, form=None, errors=None, command=None, conflict=False, only=None):
    store = current_store()
    found = outgoing_of_case(store, case["case_id"])
    return render("referrals/case.html", case=case, only=only,
                  referrals=[outgoing_detail(r) for r in found if only is None or r.referral_id == only],
                  **_services(case["city"]), items=ITEMS, bases=BASES,
                  answers=ANSWER_STATUSES, may_override=may_override(), form=form or {}, errors=errors or {},
                  command=command, conflict=conflict)


@bp.get("/cases/<case_id>")
@requires("referrals.refer_out")
def case_referrals(case_id):
    """A case's referrals out, and the form to refer the client to a service of the directory."""
    return _case_page(case_in_scope(case_id))


@bp.post("/cases/<case_id>")
@requires("referrals.refer_out")
def draft_referral(case_id):
    """Draft a referral out; what is shared and on which basis is checked before anything is written."""
    case = case_in_scope(case_id)
    try:
        data = OutgoingReferralSchema().load({"items": [], **_typed()})
        outgoing.draft_referral(current_store(), current_user.actor(), case["case_id"], may_override=may_override(),
                                **data)
    except REFUSED as e:
        return _case_page(case, form={**form_input(), "items": request.form.getlist("items")}, errors=e.messages,
                          command="draft_referral"), 422
    flash(gettext("The referral was drafted. Send it when it is ready."), "info")
    return redirect(url_for("referrals.case_referrals", case_id=case["case_id"]))


def _out_page(row, **kwargs):
    # The referral's scope is checked (outgoing_in_scope); a glass broken on it opens this referral, not the case.
    return _case_page(casework.case_facts(current_store(), row.case_id), only=row.referral_id, **kwargs)


@bp.get("/outgoing/<referral_id>")
@requires("referrals.refer_out")
def referral_out(referral_id):
    """One referral out, with its status and the commands on it."""
    return _out_page(outgoing_in_scope(referral_id))


def _out(name, path, schema, run):
    _command(name, f"outgoing/<referral_id>/{path}", schema, run, SAVED, _out_page, outgoing_in_scope,
             lambda row, answer: url_for("referrals.referral_out", referral_id=row.referral_id),
             "referrals.refer_out")


_out("send", "sending", ReferralSendSchema, lambda row, d: outgoing.send_referral(
    current_store(), current_user.actor(), row.referral_id, d["on"], expected_version=d["version"]))
_out("answer", "answers", ReferralAnswerSchema, lambda row, d: outgoing.answer_referral(
    current_store(), current_user.actor(), row.referral_id, d["status"], d["on"], d["feedback"],
    expected_version=d["version"]))
_out("withdraw", "withdrawal", ReferralWithdrawSchema, lambda row, d: outgoing.withdraw_referral(
    current_store(), current_user.actor(), row.referral_id, d["reason"], expected_version=d["version"]))
