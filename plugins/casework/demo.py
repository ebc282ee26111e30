"""Demonstration cases: invented pseudonyms, never real people, with a history in every phase and kind."""

from __future__ import annotations

from datetime import date, timedelta

from plugins.casework import service
from plugins.casework.kinds import KINDS, kinds_of
from plugins.casework.assessment.demo import add_demo_assessments
from plugins.casework.custody.demo import add_demo_custody
from plugins.casework.meetings.demo import add_demo_agency_meeting, add_demo_contacts
from plugins.casework.options import follow_up_months
from plugins.casework.outcomes.demo import add_demo_closure, add_demo_outcomes
from plugins.casework.outcomes.measures import measures_of
from plugins.casework.plan.demo import add_demo_plan
from plugins.casework.safety.demo import add_demo_safety
from plugins.casework.workflow import PHASES, workflow_of

START = date(2026, 9, 1)

# (pseudonym, kind, channel, how far the case has come)
CASES = (
    ("Lumi", "individual", "agency", "first_contact"),
    ("Kaarna", "family", "family", "screening"),
    ("Routa", "anonymous", "messaging", "assessment"),
    ("Sisu", "consultation", "agency", "support_plan"),
    ("Tuisku", "individual", "self", "active_support"),
    ("Aava", "individual", "phone", "reintegration"),
    ("Halla", "family", "agency", "closed"),
    ("Ilta", "individual", "self", "follow_up"),
)
# A case in each step a city adds to the path, and one of each kind it adds (the kind's case in support planning).
CITY_STEP, CITY_KIND = ("Usva", "individual", "agency"), ("Virta", "support_plan", "agency")
SOURCES = ("social_services", "family_member", "self_referral", "school", "police", "criminal_sanctions_agency")
# Invented full names and birth dates: type one of them at intake in the same city to see the duplicate warning.
IDENTITIES = {"Lumi": ("Lumi Esimerkki", date(1998, 4, 12)), "Aava": ("Aava Kuvitelma-Malli", date(1987, 10, 3))}
ASSESSED = {"Routa": 0, "Tuisku": 2}  # an open assessment; two finalised ones to compare
PLANNED = ("support_plan", "active_support", "reintegration")  # the phases where a case has its plan
MET = "Tuisku"  # contacts held and missed, and a multi-agency meeting sharing under the client's consent
IN_CUSTODY, UNDER_THREAT = "Tuisku", "Kaarna"  # released in about forty days; a family with a safety plan
WHY = {
    "screening": "First talk held; the contact concerns exit work.",
    "assessment": "Screened in by the team.",
    "support_plan": "Assessment done; needs are clear.",
    "active_support": "The plan is agreed with the client.",
    "reintegration": "Goals reached in work and housing.",
}
CITY_WHY = "Taken up with the city's own team as its way of working asks."


def city_cases(workflow, kinds) -> tuple:
    """The programme's demo cases, then one in each step the city adds and one of each kind it adds."""
    steps = [(CITY_STEP[0], CITY_STEP[1], CITY_STEP[2], step) for step in workflow.steps if step not in PHASES]
    added = [(CITY_KIND[0], kind, CITY_KIND[2], CITY_KIND[1]) for kind in kinds.names if kind not in KINDS]
    return (*CASES, *steps, *added)


def add_demo_cases(store, city, users, hooks) -> None:
    """Open the city's demo cases, assign them to its demo worker and give each the history of its phase, along
    the city's own path, with its own kinds and outcome measures."""
    coordinator, worker = users.get("coordinator"), users.get("worker")
    if coordinator is None or worker is None:
        return
    workflow, kinds, measures = workflow_of(hooks), kinds_of(hooks), measures_of(hooks)
    # The open steps in the city's order: a case is screened into the step after screening and moved on after that.
    path = tuple(step for step in workflow.steps if step not in ("first_contact", "closed", "follow_up"))
    for i, (name, kind, channel, reached) in enumerate(city_cases(workflow, kinds)):
        day = START + timedelta(days=7 * i)
        full_name, born = IDENTITIES.get(name, (None, None))
        case_id = service.open_case(store, coordinator, city.slug, kind, f"{name} ({city.name})", channel,
                                    referral_source=SOURCES[i % len(SOURCES)], full_name=full_name, birth_date=born,
                                    kinds=kinds.names)
        service.assign_worker(store, coordinator, case_id, worker.user_id)
        service.record_meeting(store, worker, case_id, day, "in_person", 60, note=f"First meeting with {name}.")
        target = "reintegration" if reached in ("closed", "follow_up") else reached
        for before, phase in zip(("first_contact", *path), path[:path.index(target) + 1] if target in path else ()):
            if phase == "active_support":
                service.give_consent(store, worker, case_id, "participation", day, "written")
                service.give_consent(store, worker, case_id, "sharing", day, "written",
                                     f"Employment services of {city.name}")
            if before == "screening":
                service.screen_case(store, coordinator, case_id, "screened_in", WHY.get(phase, CITY_WHY),
                                    workflow=workflow)
            else:
                service.change_phase(store, coordinator, case_id, phase, WHY.get(phase, CITY_WHY), workflow=workflow)
        if name == MET:
            add_demo_contacts(store, coordinator, worker, case_id, day)
            add_demo_agency_meeting(store, city, worker, case_id, day)
        if name in ASSESSED:
            add_demo_assessments(store, city, coordinator, worker, case_id, ASSESSED[name])
        if reached in PLANNED:
            add_demo_plan(store, city, worker, case_id, day)
        if target in path[path.index("assessment"):]:  # measured from the assessment on; reviewed once at work
            add_demo_outcomes(store, worker, case_id, day, review=target in ("active_support", "reintegration"),
                              measures=measures)
        if name == IN_CUSTODY:
            add_demo_custody(store, city, worker, case_id)
        if name == UNDER_THREAT:
            add_demo_safety(store, worker, case_id)
        if reached in ("closed", "follow_up"):
            service.close_case(store, coordinator, case_id, "goals_met", day + timedelta(days=30),
                               f"{name} works and lives on their own; no contact with the group.",
                               follow_up_months(city), workflow=workflow)
            add_demo_closure(store, worker, case_id, day + timedelta(days=30), measures=measures)
        if reached == "follow_up":
            service.change_phase(store, worker, case_id, "follow_up", "The three-month review is due.",
                                 workflow=workflow)
