"""Casework's hook implementations; the work lives in domain, service, projections and views."""

from core.toolkit import (N_, NavEntry, PersonalDataField, RecordLocation, Widget, current_store, finnish_today,
                          hookimpl, lazy_gettext)
from plugins.casework import hookspecs  # noqa: F401  (the hooks casework offers to other plugins)

__version__ = "0.1.0"
plugin_api = ">=1.4,<2"  # touched rows (1.3), the programme's day (1.4)
requires = ()


@hookimpl
def projections():
    from plugins.casework.assessment.projections import AssessmentList
    from plugins.casework.custody.projections import CustodyList
    from plugins.casework.duplicates import CaseIdentities
    from plugins.casework.meetings.projections import AgencyMeetingList
    from plugins.casework.outcomes.projections import OutcomeMeasurements
    from plugins.casework.plan.projections import PlanList
    from plugins.casework.projections import CaseList
    from plugins.casework.safety.projections import SafetyList
    return [CaseList(), CaseIdentities(), AssessmentList(), PlanList(), OutcomeMeasurements(), AgencyMeetingList(),
            CustodyList(), SafetyList()]


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
        "casework.acknowledge_escalation": ("city_coordinator",),  # an escalation to police or child protection
    }


@hookimpl
def assessment_instruments():
    from plugins.casework.assessment.instrument import EXIT_PATHWAYS
    return [EXIT_PATHWAYS]


@hookimpl
def outcome_measures():
    from plugins.casework.outcomes.measures import DEFAULT_MEASURES
    return list(DEFAULT_MEASURES)


@hookimpl
def blueprints():
    from plugins.casework.assessment.views import bp as assessment
    from plugins.casework.custody.views import bp as custody
    from plugins.casework.meetings.views import bp as meetings
    from plugins.casework.outcomes.views import bp as outcomes
    from plugins.casework.plan.views import bp as plan
    from plugins.casework.safety.views import bp as safety
    from plugins.casework.views import bp
    return [bp, assessment, plan, outcomes, meetings, custody, safety]


@hookimpl
def api_blueprints():
    from plugins.casework.assessment.rest import blp as assessment
    from plugins.casework.custody.rest import blp as custody
    from plugins.casework.meetings.rest import blp as meetings
    from plugins.casework.outcomes.rest import blp as outcomes
    from plugins.casework.plan.rest import blp as plan
    from plugins.casework.rest import blp
    from plugins.casework.safety.rest import blp as safety
    return [blp, assessment, plan, outcomes, meetings, custody, safety]


@hookimpl
def navigation(account):
    return [NavEntry(lazy_gettext("Caseload"), "casework.caseload", "casework.view_case"),
            NavEntry(lazy_gettext("Transfers"), "casework.transfers", "casework.transfer", order=55)]


@hookimpl
def dashboard_widgets(account):
    from datetime import timedelta

    from plugins.casework.custody.queries import releases_ahead, tasks_due
    from plugins.casework.plan.queries import due_on_caseload
    from plugins.casework.queries import follow_ups_due, open_case_count
    from plugins.casework.safety.queries import awaiting_acknowledgement
    today = finnish_today()  # the programme's day, as every rule counts it
    due_by = today + timedelta(days=14)
    return [Widget("casework/widget.html", "casework.view_case",
                   lambda: {"count": open_case_count(current_store(), account)}),
            Widget("casework/follow_ups.html", "casework.view_case",
                   lambda: {"due": follow_ups_due(current_store(), account, due_by), "today": today}),
            Widget("casework/plan_due.html", "casework.view_case",
                   lambda: {"due": due_on_caseload(current_store(), account, today, due_by), "today": today}),
            Widget("casework/custody_widget.html", "casework.view_case",
                   lambda: {"releases": releases_ahead(current_store(), account, today, today + timedelta(days=60)),
                            "tasks": tasks_due(current_store(), account, due_by), "today": today}),
            Widget("casework/safety_widget.html", "casework.acknowledge_escalation",
                   lambda: {"waiting": awaiting_acknowledgement(current_store(), account.city)})]


@hookimpl
def locate_record(record_id):
    from flask import url_for

    from plugins.casework.assessment.queries import assessment_row
    from plugins.casework.meetings.queries import meeting_row
    from plugins.casework.queries import city_of_case
    if city := city_of_case(current_store(), record_id):
        return RecordLocation(city, url_for("casework.case", case_id=record_id), "casework.view_case")
    if assessment := assessment_row(current_store(), record_id):
        return RecordLocation(assessment.city, url_for("casework_assessment.assessment", assessment_id=record_id),
                              "casework.view_case")
    if meeting := meeting_row(current_store(), record_id):
        return RecordLocation(meeting.city, url_for("casework_meetings.agency_meeting", meeting_id=record_id),
                              "casework.view_case")
    return None


@hookimpl
def check_city(city, hooks):
    from plugins.casework import kinds, options
    periods = {kind: years for answer in hooks.retention_policies(city=city) for kind, years in answer.items()}
    return options.problems(city, hooks) + kinds.problems(hooks, periods)


@hookimpl
def demo_data(store, city, users, hooks):
    from plugins.casework.demo import add_demo_cases
    add_demo_cases(store, city, users, hooks)


@hookimpl
def find_persons(store, full_name, birth_date):
    from plugins.casework.duplicates import clients_named
    return clients_named(store, full_name, birth_date)


@hookimpl
def disclosures(store, person_id):
    from core.toolkit import Disclosure
    from plugins.casework.meetings.queries import disclosures_of_client
    return [Disclosure(d["at"], d["organisation"], d["basis"], tuple(d["items"]), d["actor"], d["meeting_id"],
                       d["provision"]) for d in disclosures_of_client(store, person_id)]


@hookimpl
def retention_policies(city):
    # Finnish social-welfare practice: 10 years after closure for adults, 30 where children are involved.
    return {"individual": 10, "anonymous": 10, "consultation": 10, "family": 30}


@hookimpl
def retention_due(store, city, periods, today):
    from plugins.casework import retention
    return retention.due(store, city.slug, periods, today)


@hookimpl
def retention_holds(store, city, periods, person_id, today):
    from plugins.casework import retention
    return retention.holds(store, city.slug, periods, person_id, today)


CLIENTS = N_("clients of exit work (and, in family cases, their relatives)")
CASEWORK = N_("GDPR Art. 6(1)(e) and Art. 9(2)(g) and (h): the city's social services, "
              "with the client's consent to exit work")
CASE_RETENTION = N_("the retention period of the case's kind after closure (retention_policies)")
CASE_TEAM = (N_("the exit workers and coordinators of the city"), N_("auditors"))


@hookimpl
def personal_data():
    return [
        PersonalDataField("casework.client_name", CLIENTS, "identity", N_("to know whom a case is for"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("Case.Opened.pseudonym",)),
        PersonalDataField("casework.client_full_name", CLIENTS, "identity",
                          N_("to find a case already opened for the same person (never asked in an anonymous case)"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("Case.Opened.full_name",)),
        PersonalDataField("casework.client_birth_date", CLIENTS, "identity",
                          N_("with the full name, to find a case already opened for the same person"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("Case.Opened.birth_date",)),
        PersonalDataField("casework.client_index", CLIENTS, "identity",
                          N_("a keyed hash of full name and birth date, compared at intake and never shown"),
                          CASEWORK, CASE_RETENTION,
                          stored_in=("Case.Opened.identity_index",)),
        PersonalDataField("casework.meeting_note", CLIENTS, "note", N_("to record the work done with the client"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("Case.MeetingRecorded.note",)),
        PersonalDataField("casework.closing_summary", CLIENTS, "note", N_("to record how the work ended and why"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("Case.Closed.summary",)),
        PersonalDataField("casework.follow_up_summary", CLIENTS, "note",
                          N_("to record how the client is doing at each follow-up review after closure"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("Case.FollowUpReviewed.summary",)),
        PersonalDataField("casework.assessment_evidence", CLIENTS, "note",
                          N_("to record what each rating of an assessment rests on"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("Assessment.Rated.evidence",)),
        PersonalDataField("casework.assessment_reasoning", CLIENTS, "note",
                          N_("to record why each rating, and the assessment as a whole, was given"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("Assessment.Rated.reasoning", "Assessment.Finalised.reasoning")),
        PersonalDataField("casework.plan_goal", CLIENTS, "note",
                          N_("to record what the client wants to reach in each life domain of the support plan"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("SupportPlan.GoalAdded.text",)),
        PersonalDataField("casework.plan_goal_dropped_reason", CLIENTS, "note",
                          N_("to record why a goal of the support plan was dropped"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("SupportPlan.GoalDropped.reason",)),
        PersonalDataField("casework.plan_action", CLIENTS, "note",
                          N_("to record what is done towards each goal of the support plan"), CASEWORK, CASE_RETENTION,
                          CASE_TEAM,
                          stored_in=("SupportPlan.ActionAdded.what",)),
        PersonalDataField("casework.plan_review_summary", CLIENTS, "note",
                          N_("to record what each review of the support plan found"), CASEWORK, CASE_RETENTION,
                          CASE_TEAM,
                          stored_in=("SupportPlan.Reviewed.summary",)),
        PersonalDataField("casework.outcome_note", CLIENTS, "note",
                          N_("to record what an outcome measurement's figures rest on"), CASEWORK, CASE_RETENTION,
                          CASE_TEAM,
                          stored_in=("Outcomes.Measured.note",)),
        PersonalDataField("casework.meeting_decision", CLIENTS, "note",
                          N_("to record what a multi-agency meeting decided about the client's support"),
                          CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("AgencyMeeting.DecisionRecorded.decision",)),
        PersonalDataField("casework.meeting_action", CLIENTS, "note",
                          N_("to record what each agency agreed to do for the client"), CASEWORK, CASE_RETENTION,
                          CASE_TEAM,
                          stored_in=("AgencyMeeting.ActionAgreed.what",)),
        PersonalDataField("casework.sanctions_agency_contact",
                          N_("officials of the Criminal Sanctions Agency who work with a client"), "contact",
                          N_("to reach the official who works with the client in custody and after release"),
                          CASEWORK, N_("the retention period of the case's kind after closure (retention_policies); "
                                       "kept under the client's key, so erased with the case"),
                          CASE_TEAM,
                          stored_in=("Custody.AgencyContactRecorded.name",
                                     "Custody.AgencyContactRecorded.phone",
                                     "Custody.AgencyContactRecorded.email")),
        PersonalDataField("casework.safety_plan", CLIENTS, "note",
                          N_("to record the client's safety plan: warning signs, what helps, people and services "
                             "to contact, the measures agreed"), CASEWORK, CASE_RETENTION, CASE_TEAM,
                          stored_in=("SafetyPlan.Revised.warning_signs",
                                     "SafetyPlan.Revised.coping",
                                     "SafetyPlan.Revised.contacts",
                                     "SafetyPlan.Revised.measures")),
        PersonalDataField("casework.escalation_grounds", CLIENTS, "note",
                          N_("to record what prompted information to go to police or child protection"),
                          N_("the legal basis recorded with each escalation: Child Welfare Act 417/2007 s. 25, "
                             "Criminal Code 39/1889 ch. 15 s. 10, a threat to life or health, or a request of a "
                             "court or authority"), CASE_RETENTION,
                          (*CASE_TEAM, N_("police or child protection, on the legal basis recorded")),
                          stored_in=("SafetyPlan.Escalated.prompted_by",)),
    ]


@hookimpl
def case_timeline(case):
    # Casework answers its own hook too: assessments, the support plan, outcome measures, multi-agency meetings,
    # custody and safety are aggregates of their own, shown on their case's timeline.
    from plugins.casework.assessment.timeline import assessment_entries
    from plugins.casework.custody.timeline import custody_entries
    from plugins.casework.meetings.timeline import meeting_entries
    from plugins.casework.outcomes.timeline import outcome_entries
    from plugins.casework.plan.timeline import plan_entries
    from plugins.casework.safety.timeline import safety_entries
    case_id = case["case_id"]
    return [entry for entries in (assessment_entries, plan_entries, outcome_entries, meeting_entries, custody_entries,
                                  safety_entries) for entry in entries(case_id)]
