"""Casework's hook implementations; the work lives in domain, service, projections and views."""

from core.toolkit import NavEntry, PersonalDataField, RecordLocation, Widget, current_store, hookimpl, lazy_gettext
from plugins.casework import hookspecs  # noqa: F401  (the hooks casework offers to other plugins)

__version__ = "0.1.0"
plugin_api = ">=1,<2"
requires = ()


@hookimpl
def projections():
    from plugins.casework.assessment.projections import AssessmentList
    from plugins.casework.duplicates import CaseIdentities
    from plugins.casework.projections import CaseList
    return [CaseList(), AssessmentList(), CaseIdentities()]


@hookimpl
def permissions():
    return {
        "casework.view_case": ("exit_worker", "city_coordinator"),
        "casework.open_case": ("exit_worker", "city_coordinator"),
        "casework.record_meeting": ("exit_worker", "city_coordinator"),
        "casework.manage_case": ("exit_worker", "city_coordinator"),  # phase, consent, legal basis, closure
        "casework.assign": ("city_coordinator",),     # the case's worker and second worker
        "casework.transfer": ("city_coordinator",),   # to another city, and answering another city's request
        "casework.assess": ("exit_worker", "city_coordinator"),
        "casework.approve_assessment": ("city_coordinator",),
    }


@hookimpl
def assessment_instruments():
    from plugins.casework.assessment.instrument import EXIT_PATHWAYS
    return [EXIT_PATHWAYS]


@hookimpl
def blueprints():
    from plugins.casework.assessment.views import bp as assessment
    from plugins.casework.views import bp
    return [bp, assessment]


@hookimpl
def api_blueprints():
    from plugins.casework.assessment.rest import blp as assessment
    from plugins.casework.rest import blp
    return [blp, assessment]


@hookimpl
def navigation(account):
    return [NavEntry(lazy_gettext("Caseload"), "casework.caseload", "casework.view_case"),
            NavEntry(lazy_gettext("Transfers"), "casework.transfers", "casework.transfer", order=55)]


@hookimpl
def dashboard_widgets(account):
    from datetime import date, timedelta

    from plugins.casework.queries import follow_ups_due, open_case_count
    due_by = date.today() + timedelta(days=14)
    return [Widget("casework/widget.html", "casework.view_case",
                   lambda: {"count": open_case_count(current_store(), account)}),
            Widget("casework/follow_ups.html", "casework.view_case",
                   lambda: {"due": follow_ups_due(current_store(), account, due_by), "today": date.today()})]


@hookimpl
def locate_record(record_id):
    from flask import url_for

    from plugins.casework.assessment.queries import assessment_row
    from plugins.casework.queries import city_of_case
    if city := city_of_case(current_store(), record_id):
        return RecordLocation(city, url_for("casework.case", case_id=record_id), "casework.view_case")
    if assessment := assessment_row(current_store(), record_id):
        return RecordLocation(assessment.city, url_for("casework_assessment.assessment", assessment_id=record_id),
                              "casework.view_case")
    return None


@hookimpl
def demo_data(store, city, users):
    from plugins.casework.demo import add_demo_cases
    add_demo_cases(store, city, users)


@hookimpl
def retention_policies(city):
    # Finnish social-welfare practice: 10 years after closure for adults, 30 where children are involved.
    return {"individual": 10, "anonymous": 10, "consultation": 10, "family": 30}


CLIENTS = "clients of exit work (and, in family cases, their relatives)"
CASEWORK = ("GDPR Art. 6(1)(e) and Art. 9(2)(g) and (h): the city's social services, "
            "with the client's consent to exit work")
CASE_RETENTION = "the retention period of the case's kind after closure (retention_policies)"
CASE_TEAM = ("the exit workers and coordinators of the city", "auditors")


@hookimpl
def personal_data():
    return [
        PersonalDataField("casework.client_name", CLIENTS, "identity", "to know whom a case is for",
                          CASEWORK, CASE_RETENTION, CASE_TEAM),
        PersonalDataField("casework.client_full_name", CLIENTS, "identity",
                          "to find a case already opened for the same person (never asked in an anonymous case)",
                          CASEWORK, CASE_RETENTION, CASE_TEAM),
        PersonalDataField("casework.client_birth_date", CLIENTS, "identity",
                          "with the full name, to find a case already opened for the same person",
                          CASEWORK, CASE_RETENTION, CASE_TEAM),
        PersonalDataField("casework.client_index", CLIENTS, "identity",
                          "a keyed hash of full name and birth date, compared at intake and never shown",
                          CASEWORK, CASE_RETENTION),
        PersonalDataField("casework.meeting_note", CLIENTS, "note", "to record the work done with the client",
                          CASEWORK, CASE_RETENTION, CASE_TEAM),
        PersonalDataField("casework.closing_summary", CLIENTS, "note", "to record how the work ended and why",
                          CASEWORK, CASE_RETENTION, CASE_TEAM),
        PersonalDataField("casework.assessment_evidence", CLIENTS, "note",
                          "to record what each rating of an assessment rests on", CASEWORK, CASE_RETENTION, CASE_TEAM),
        PersonalDataField("casework.assessment_reasoning", CLIENTS, "note",
                          "to record why each rating, and the assessment as a whole, was given",
                          CASEWORK, CASE_RETENTION, CASE_TEAM),
    ]


@hookimpl
def case_timeline(case):
    # Casework answers its own hook too: an assessment is an aggregate of its own, shown on its case's timeline.
    from plugins.casework.assessment.timeline import assessment_entries
    return assessment_entries(case["case_id"])
