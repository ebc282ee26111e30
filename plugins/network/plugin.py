"""The network's hook implementations; the work lives in domain, service, projections and views."""

from core.toolkit import (N_, NavEntry, PersonalDataField, RecordLocation, Widget, current_store, finnish_today,
                          hookimpl, lazy_gettext)

__version__ = "0.1.0"
plugin_api = ">=1.4,<2"  # the programme's day (1.4)
requires = ()

STAFF = ("exit_worker", "city_coordinator", "trainer", "network_manager", "administrator", "national_coordinator",
         "auditor")


@hookimpl
def projections():
    from plugins.network.agreement.projections import AgreementList
    from plugins.network.meeting.projections import MeetingList
    from plugins.network.projections import Directory
    return [Directory(), AgreementList(), MeetingList()]


@hookimpl
def permissions():
    return {
        "network.view": STAFF,  # the directory is what every referral and training chooses from
        "network.manage": ("network_manager", "city_coordinator"),
    }


@hookimpl
def navigation(account):
    return [NavEntry(lazy_gettext("Network"), "network.directory", "network.view", order=60)]


@hookimpl
def dashboard_widgets(account):
    from plugins.network.agreement.queries import up_for_renewal
    return [Widget("network/renewals.html", "network.manage",
                   lambda: {"due": up_for_renewal(current_store(), account.city, finnish_today())})]


CONTACTS = N_("contact persons of the network's organisations")
NETWORK = N_("GDPR Art. 6(1)(e): the programme's cooperation with its partner organisations "
             "(the contact persons' work details)")
KEPT = N_("while the person is a contact of the organisation; once removed from it, erased by the next retention "
          "run; on request, after their removal")
READERS = (N_("the programme's staff"),)


@hookimpl
def personal_data():
    return [
        PersonalDataField("network.contact_name", CONTACTS, "identity",
                          N_("to know whom to contact at an organisation"),
                          NETWORK, KEPT, READERS,
                          stored_in=("Organisation.ContactAdded.name", "Organisation.ContactChanged.name")),
        PersonalDataField("network.contact_name_index", CONTACTS, "identity",
                          N_("a keyed hash of the name, to find a contact person for an access or erasure request and "
                             "never shown"), NETWORK, KEPT,
                          stored_in=("Organisation.ContactAdded.name_index", "Organisation.ContactChanged.name_index")),
        PersonalDataField("network.contact_role", CONTACTS, "identity", N_("to know what the contact person does"),
                          NETWORK, KEPT, READERS,
                          stored_in=("Organisation.ContactAdded.role", "Organisation.ContactChanged.role")),
        PersonalDataField("network.contact_phone", CONTACTS, "contact", N_("to reach the contact person"),
                          NETWORK, KEPT, READERS,
                          stored_in=("Organisation.ContactAdded.phone", "Organisation.ContactChanged.phone")),
        PersonalDataField("network.contact_email", CONTACTS, "contact", N_("to reach the contact person"),
                          NETWORK, KEPT, READERS,
                          stored_in=("Organisation.ContactAdded.email", "Organisation.ContactChanged.email")),
    ]


@hookimpl
def retention_due(store, city, periods, today):
    from plugins.network import retention
    return retention.due(store, city.slug)


@hookimpl
def retention_holds(store, city, periods, person_id, today):
    from plugins.network import retention
    return retention.holds(store, city.slug, person_id)


@hookimpl
def find_persons(store, full_name, birth_date):
    from plugins.network import retention
    return retention.persons_named(store, full_name)  # a contact records no birth date: the name alone is compared


@hookimpl
def blueprints():
    from plugins.network.agreement.views import bp as agreements
    from plugins.network.meeting.views import bp as meetings
    from plugins.network.views import bp
    return [bp, agreements, meetings]


@hookimpl
def api_blueprints():
    from plugins.network.agreement.rest import blp as agreements
    from plugins.network.meeting.rest import blp as meetings
    from plugins.network.rest import blp
    return [blp, agreements, meetings]


@hookimpl
def demo_data(store, city, users):
    from plugins.network.demo import add_demo_agreements, add_demo_directory, add_demo_meetings
    add_demo_directory(store, city, users)
    add_demo_agreements(store, city, users)
    add_demo_meetings(store, city, users)


@hookimpl(optionalhook=True)  # training's hook: a city may run the network without training
def training_organisations(store, city):
    from plugins.network import api
    return [(o.organisation_id, o.name) for o in api.organisations(store, city)]


@hookimpl
def locate_record(record_id):
    from flask import url_for

    from plugins.network.agreement.queries import agreement_row
    from plugins.network.meeting.queries import meeting_row
    if row := agreement_row(current_store(), record_id):
        return RecordLocation(row.city, url_for("network_agreement.agreement", agreement_id=record_id), "network.view")
    if row := meeting_row(current_store(), record_id):
        return RecordLocation(row.city, url_for("network_meeting.meeting", meeting_id=record_id), "network.view")
    return None


@hookimpl
def register_commands(cli):
    from plugins.network.commands import network
    cli.add_command(network)
