"""The referrals' hook implementations; the work lives in incoming/, outgoing/, statistics and the pages."""

from core.toolkit import (N_, NavEntry, PersonalDataField, RecordLocation, Widget, current_store, finnish_today,
                          hookimpl, lazy_gettext)

__version__ = "0.1.0"
plugin_api = ">=1.4,<2"  # touched rows (1.3), the programme's day (1.4)
requires = ("casework", "network")


@hookimpl
def projections():
    from plugins.referrals.incoming.projections import IncomingList
    from plugins.referrals.outgoing.projections import OutgoingList
    from plugins.referrals.statistics import ReferralStatistics
    return [IncomingList(), OutgoingList(), ReferralStatistics()]


@hookimpl
def permissions():
    return {
        "referrals.receive": ("exit_worker", "city_coordinator"),  # record a referral in
        "referrals.triage": ("city_coordinator",),                 # the queue: accept, decline, refer on, feedback
        "referrals.refer_out": ("exit_worker", "city_coordinator"),
        "referrals.override": ("city_coordinator",),  # send without consent or a legal basis, with a reason
    }


@hookimpl
def navigation(account):
    return [NavEntry(lazy_gettext("Referrals"), "referrals.queue", "referrals.triage", order=40),
            NavEntry(lazy_gettext("New referral"), "referrals.new_referral", "referrals.receive", order=41)]


@hookimpl
def dashboard_widgets(account):
    from plugins.referrals.queries import overdue, overrides, triage_queue
    return [Widget("referrals/queue_widget.html", "referrals.triage",
                   lambda: {"waiting": triage_queue(current_store(), account.city), "today": finnish_today()}),
            Widget("referrals/overdue_widget.html", "referrals.refer_out",
                   lambda: {"overdue": overdue(current_store(), account.city, finnish_today()),
                            "today": finnish_today()}),
            Widget("referrals/overrides_widget.html", "referrals.triage",
                   lambda: {"overrides": overrides(current_store(), account.city)})]


@hookimpl
def blueprints():
    from plugins.referrals.views import bp
    return [bp]


@hookimpl
def api_blueprints():
    from plugins.referrals.rest import blp
    return [blp]


@hookimpl
def locate_record(record_id):
    from flask import url_for

    from plugins.referrals.queries import incoming_row, outgoing_row
    if row := incoming_row(current_store(), record_id):
        return RecordLocation(row.city, url_for("referrals.referral", referral_id=record_id), "referrals.triage")
    if row := outgoing_row(current_store(), record_id):
        return RecordLocation(row.city, url_for("referrals.referral_out", referral_id=record_id), "referrals.refer_out")
    return None


@hookimpl
def case_timeline(case):
    from plugins.referrals.timeline import case_entries
    return case_entries(case)


@hookimpl
def case_panels(case):
    from plugins.referrals.timeline import case_panel
    return [case_panel(case)]


@hookimpl(trylast=True)  # after casework and the network: it refers from their cases to their directory
def demo_data(store, city, users):
    from plugins.referrals.demo import add_demo_referrals
    add_demo_referrals(store, city, users)


REFERRED = N_("people referred to the programme, and clients referred on to services")
REFERRERS = N_("the professionals and people who refer someone to the programme")
BASIS = N_("GDPR Art. 6(1)(e) and Art. 9(2)(g) and (h): the city's social services; a referral out with the client's "
           "consent or on the legal basis recorded with it")
KEPT = N_("as the case it opened or belongs to; a referral that opened no case, until the person is erased")
TEAM = (N_("the city's coordinator and exit workers"), N_("auditors"))


@hookimpl
def find_persons(store, full_name, birth_date):
    from plugins.referrals.incoming.service import persons_named
    return persons_named(store, full_name)  # a referral records no birth date: the name alone is compared


@hookimpl
def personal_data():
    return [
        PersonalDataField("referrals.person", REFERRED, "identity", N_("to know whom a referral in is about"),
                          BASIS, KEPT, TEAM, stored_in=("IncomingReferral.Received.person",)),
        PersonalDataField("referrals.person_index", REFERRED, "identity",
                          N_("a keyed hash of the name, to find the person's referrals for an access or erasure "
                             "request and never shown"), BASIS, KEPT,
                          stored_in=("IncomingReferral.Received.name_index",)),
        PersonalDataField("referrals.concern", REFERRED, "note",
                          N_("to triage a referral in: what worries the referrer"),
                          BASIS, KEPT, TEAM,
                          stored_in=("IncomingReferral.Received.concern",)),
        PersonalDataField("referrals.triage_reason", REFERRED, "note",
                          N_("to record why a referral in was declined or referred on"), BASIS, KEPT, TEAM,
                          stored_in=("IncomingReferral.Declined.reason", "IncomingReferral.ReferredOn.reason")),
        PersonalDataField("referrals.feedback", REFERRED, "note",
                          N_("to record what the referrer was told, and what a service answered about a referral out"),
                          BASIS, KEPT, TEAM,
                          stored_in=("IncomingReferral.FeedbackGiven.told", "OutgoingReferral.Answered.feedback")),
        PersonalDataField("referrals.referrer_contact", REFERRERS, "contact",
                          N_("to give the referrer feedback on their referral"), BASIS, KEPT, TEAM,
                          stored_in=("IncomingReferral.Received.referrer_contact",)),
        PersonalDataField("referrals.purpose", REFERRED, "note", N_("to record why a client is referred to a service"),
                          BASIS, KEPT, (*TEAM, N_("the receiving service, as far as the items shared allow")),
                          stored_in=("OutgoingReferral.Drafted.purpose",)),
        PersonalDataField("referrals.override_reason", REFERRED, "note",
                          N_("to record why a referral was sent without consent or a legal basis"), BASIS, KEPT,
                          TEAM,
                          stored_in=("OutgoingReferral.Drafted.override_reason",)),
        PersonalDataField("referrals.withdrawal_reason", REFERRED, "note",
                          N_("to record why a referral out was withdrawn"), BASIS, KEPT, TEAM,
                          stored_in=("OutgoingReferral.Withdrawn.reason",)),
    ]
