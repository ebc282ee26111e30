"""The core's own answers to its hooks, registered first so that plugins can override them."""

from importlib import import_module

from core.extensions import NavEntry, PersonalDataField, Widget
from core.hookspecs import hookimpl
from core.toolkit import N_

# The core's commands, one module per subject; each lists its top-level commands in `commands`.
COMMAND_MODULES = ("core.cli_audit", "core.cli_db", "core.cli_export", "core.cli_instance", "core.cli_log",
                   "core.cli_plugins", "core.cli_retention", "core.cli_users")


@hookimpl
def projections():
    from core.access_log import AccessLog
    from core.auth.projections import Accounts
    from core.emergency import EmergencyGrants
    from core.erasure_requests import ErasureRequests
    from core.event_index import EventIndex
    return [Accounts(), AccessLog(), EmergencyGrants(), ErasureRequests(), EventIndex()]


@hookimpl(tryfirst=True)  # before the plugins', so that a plugin may add a subcommand to a core group
def register_commands(cli):
    for name in COMMAND_MODULES:
        for command in import_module(name).commands:
            join(cli, command)


def join(cli, command) -> None:
    """Add a command; a group named like one already there adds its subcommands to it (two modules, one group)."""
    there = cli.commands.get(command.name)
    if hasattr(there, "add_command") and hasattr(command, "commands"):
        for sub in command.commands.values():
            there.add_command(sub)
    else:
        cli.add_command(command)


@hookimpl
def navigation(account):
    from core.web.i18n import lazy_gettext as _l
    return [
        NavEntry(_l("Dashboard"), "core.dashboard", "dashboard.view", order=0),
        NavEntry(_l("Access log"), "audit.access_log", "audit.read_access_log", order=80),
        NavEntry(_l("Seal chain"), "audit.verify", "audit.verify_log", order=81),
        NavEntry(_l("Record as of a day"), "history.record_as_of", "audit.verify_log", order=84),
        NavEntry(_l("Emergency access"), "audit.emergency", "emergency.review", order=82),
        NavEntry(_l("Erasure requests"), "erasure.erasure_requests", "audit.handle_erasure", order=87),
        NavEntry(_l("Event log"), "events.events", "audit.browse_events", order=83),
        NavEntry(_l("Register of processing"), "register.register", "audit.read_register", order=85),
        NavEntry(_l("Access requests"), "persons.find", "audit.answer_access_requests", order=86),
        NavEntry(_l("Sign-in attempts"), "audit.sign_in_attempts", "users.manage", order=88),
        NavEntry(_l("API tokens"), "core.tokens", "tokens.manage_own", order=90),
    ]


@hookimpl
def dashboard_widgets(account):
    from core.emergency import emergency_grants
    from core.web.guard import exitfi
    return [Widget("core/emergency_widget.html", "emergency.review",
                   lambda: {"grants": emergency_grants(exitfi().store, account.city, limit=20)})]


STAFF = N_("the programme's staff (user accounts)")
SECURITY = N_("GDPR Art. 6(1)(c) and Art. 32: the controller must keep the processing secure and accountable")


@hookimpl
def personal_data():
    return [
        PersonalDataField("core.account_name", STAFF, "identity", N_("to show who did what in the log"),
                          SECURITY, N_("as long as the log, unless the account's data key is destroyed"),
                          (N_("auditors"),), ("User.Registered.display_name",)),
        PersonalDataField("core.password", STAFF, "credential", N_("to sign staff in (stored hashed)"),
                          SECURITY,
                          N_("as long as the log (old hashes too), unless the account's data key is destroyed"),
                          stored_in=("User.Registered.password", "User.PasswordChanged.password")),
        PersonalDataField("core.erasure_requester", N_("persons who ask for their data to be erased, and those who "
                             "ask for them"), "identity", N_("to show who asked for an erasure, and how"),
                          N_("GDPR Art. 6(1)(c) and Art. 17: the controller must answer and account for erasure "
                             "requests"),
                          N_("until the person is erased (kept under the person's key)"), (N_("auditors"),),
                          ("ErasureRequest.Received.requester",)),
        PersonalDataField("core.access_log", N_("clients and staff (their ids)"), "identity",
                          N_("to show who viewed whose personal data, when and why (GDPR Art. 15 access reports)"),
                          SECURITY, N_("as long as the log"),
                          (N_("auditors"), N_("the person themself (their access report)")),
                          ("AccessEntry.PersonalDataViewed.persons[].person_id",)),
        PersonalDataField("core.access_report_withheld_reason", N_("persons who asked for their data"),
                          "note", N_("to record why a part of an access report was withheld from the person"),
                          N_("GDPR Art. 6(1)(c), Art. 15(4) and Art. 23: the controller must account for what it "
                             "withholds"),
                          N_("until the person is erased (kept under the person's key)"), (N_("auditors"),),
                          ("AccessReport.Issued.withheld[].reason",)),
    ]
