"""Training's hook implementations; the work lives in domain, service, projections and views."""

from core.toolkit import (N_, NavEntry, PersonalDataField, RecordLocation, Widget, current_store, finnish_today,
                          hookimpl, lazy_gettext)
from plugins.training import hookspecs  # noqa: F401  (the hooks training offers to other plugins)

__version__ = "0.1.0"
plugin_api = ">=1.4,<2"  # touched rows (1.3), the programme's day (1.4)
requires = ()


@hookimpl
def projections():
    from plugins.training.projections import TrainingRegister
    return [TrainingRegister()]


@hookimpl
def permissions():
    return {
        "training.view": ("trainer", "city_coordinator", "exit_worker", "network_manager"),  # calendar, sessions
        "training.request": ("trainer", "city_coordinator", "exit_worker", "network_manager"),  # on a partner's behalf
        "training.manage": ("trainer", "city_coordinator"),  # answer requests, plan, register, attendance, names
        "training.report": ("trainer", "city_coordinator", "national_coordinator"),  # figures, small counts hidden
    }


@hookimpl
def blueprints():
    from plugins.training.views import bp
    return [bp]


@hookimpl
def api_blueprints():
    from plugins.training.rest import blp
    return [blp]


@hookimpl
def navigation(account):
    return [NavEntry(lazy_gettext("Training"), "training.index", "training.view", order=60),
            NavEntry(lazy_gettext("Training reports"), "training.reports", "training.report", order=61)]


@hookimpl
def dashboard_widgets(account):
    from plugins.training.queries import requests_of, sessions_of

    def upcoming():
        sessions = sessions_of(current_store(), account.city or "", from_day=finnish_today())
        return {"next": sessions[0] if sessions else None,
                "waiting": len(requests_of(current_store(), account.city or "", open_only=True))}

    return [Widget("training/widget.html", "training.manage", upcoming)]


@hookimpl
def locate_record(record_id):
    from flask import url_for

    from plugins.training.queries import request_row, session_row
    if row := session_row(current_store(), record_id):
        return RecordLocation(row.city, url_for("training.session", session_id=record_id), "training.view")
    if row := request_row(current_store(), record_id):
        return RecordLocation(row.city, url_for("training.request", request_id=record_id), "training.view")
    return None


@hookimpl(optionalhook=True)  # casework's hook, as trained_in
def case_panels(case):
    from plugins.training.web import case_panel
    return [case_panel(case)]


@hookimpl(optionalhook=True)  # casework's hook: a city may run training without casework
def trained_in(store, username, instrument):
    from plugins.training.api import trained_in as recorded
    return recorded(store, username, instrument)


@hookimpl
def check_city(city, hooks):
    from plugins.training import options
    return options.problems(city)


@hookimpl
def retention_due(store, city, periods, today):
    from plugins.training import retention
    return retention.due(store, city.slug, today)


@hookimpl
def retention_holds(store, city, periods, person_id, today):
    from plugins.training import retention
    return retention.holds(store, city.slug, person_id, today)


@hookimpl
def demo_data(store, city, users):
    from plugins.training.demo import add_demo_training
    add_demo_training(store, city, users)


PARTICIPANTS = N_("participants of trainings (practitioners of partner organisations)")
TRAINING = N_("GDPR Art. 6(1)(e): the programme's training of first-line practitioners")
RETENTION = N_("until training_retention_months (default 12) after the session")
TRAINERS = (N_("the trainers and coordinators of the city"),)


@hookimpl
def personal_data():
    return [
        PersonalDataField("training.participant_name", PARTICIPANTS, "identity",
                          N_("to issue a certificate of attendance, only where one is needed"), TRAINING, RETENTION,
                          TRAINERS,
                          stored_in=("TrainingSession.Registered.name",)),
        PersonalDataField("training.participant_contact", PARTICIPANTS, "contact",
                          N_("to send the participant the session's details and feedback link, only where needed"),
                          TRAINING, RETENTION, TRAINERS,
                          stored_in=("TrainingSession.Registered.contact",)),
        PersonalDataField("training.feedback_code", PARTICIPANTS, "credential",
                          N_("to let the participant answer the feedback once, without an account"), TRAINING,
                          RETENTION, TRAINERS,
                          stored_in=("TrainingSession.Registered.code",)),
        PersonalDataField("training.feedback_comments", PARTICIPANTS, "note",
                          N_("to learn from what participants say of the session"), TRAINING, RETENTION, TRAINERS,
                          stored_in=("TrainingSession.FeedbackGiven.comments",)),
    ]
