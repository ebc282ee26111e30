"""Demonstration cases: invented pseudonyms, never real people, with a history in every phase and kind."""

from __future__ import annotations

from datetime import date, timedelta

from plugins.casework import service
from plugins.casework.assessment.demo import add_demo_assessments
from plugins.casework.custody.demo import add_demo_custody
from plugins.casework.meetings.demo import add_demo_agency_meeting, add_demo_contacts
from plugins.casework.options import follow_up_months
from plugins.casework.outcomes.demo import add_demo_closure, add_demo_outcomes
from plugins.casework.plan.demo import add_demo_plan
from plugins.casework.safety.demo import add_demo_safety

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
SOURCES = ("social_services", "family_member", "self_referral", "school", "police", "criminal_sanctions_agency")
# Invented full names and birth dates: type one of them at intake in the same city to see the duplicate warning.
IDENTITIES = {"Lumi": ("Lumi Esimerkki", date(1998, 4, 12)), "Aava": ("Aava Kuvitelma-Malli", date(1987, 10, 3))}
ASSESSED = {"Routa": 0, "Tuisku": 2}  # an open assessment; two finalised ones to compare
PLANNED = ("support_plan", "active_support", "reintegration")  # the phases where a case has its plan
MET = "Tuisku"  # contacts held and missed, and a multi-agency meeting sharing under the client's consent
IN_CUSTODY, UNDER_THREAT = "Tuisku", "Kaarna"  # released in about forty days; a family with a safety plan
PATH = ("screening", "assessment", "support_plan", "active_support", "reintegration")
WHY = {
    "screening": "First talk held; the contact concerns exit work.",
    "assessment": "Screened in by the team.",
    "support_plan": "Assessment done; needs are clear.",
    "active_support": "The plan is agreed with the client.",
    "reintegration": "Goals reached in work and housing.",
}


def add_demo_cases(store, city, users) -> None:
    """Open the city's demo cases, assign them to its demo worker and give each the history of its phase."""
    coordinator, worker = users.get("coordinator"), users.get("worker")
    if coordinator is None or worker is None:
        return
    for i, (name, kind, channel, reached) in enumerate(CASES):
        day = START + timedelta(days=7 * i)
        full_name, born = IDENTITIES.get(name, (None, None))
        case_id = service.open_case(store, coordinator, city.slug, kind, f"{name} ({city.name})", channel,
                                    referral_source=SOURCES[i % len(SOURCES)], full_name=full_name, birth_date=born)
        service.assign_worker(store, coordinator, case_id, worker.user_id)
        service.record_meeting(store, worker, case_id, day, "in_person", 60, note=f"First meeting with {name}.")
        target = "reintegration" if reached in ("closed", "follow_up") else reached
        for phase in PATH[:PATH.index(target) + 1] if target in PATH else ():
            if phase == "active_support":
                service.give_consent(store, worker, case_id, "participation", day, "written")
                service.give_consent(store, worker, case_id, "sharing", day, "written",
                                     f"Employment services of {city.name}")
            if phase == "assessment":
                service.screen_case(store, coordinator, case_id, "screened_in", WHY[phase])
            else:
                service.change_phase(store, coordinator, case_id, phase, WHY[phase])
        if name == MET:
            add_demo_contacts(store, coordinator, worker, case_id, day)
            add_demo_agency_meeting(store, city, worker, case_id, day)
        if name in ASSESSED:
            add_demo_assessments(store, city, coordinator, worker, case_id, ASSESSED[name])
        if reached in PLANNED:
            add_demo_plan(store, city, worker, case_id, day)
        if target in PATH[PATH.index("assessment"):]:  # measured from the assessment on; reviewed once at work
            add_demo_outcomes(store, worker, case_id, day, review=target in ("active_support", "reintegration"))
        if name == IN_CUSTODY:
            add_demo_custody(store, city, worker, case_id)
        if name == UNDER_THREAT:
            add_demo_safety(store, worker, case_id)
        if reached in ("closed", "follow_up"):
            service.close_case(store, coordinator, case_id, "goals_met", day + timedelta(days=30),
                               f"{name} works and lives on their own; no contact with the group.",
                               follow_up_months(city))
            add_demo_closure(store, worker, case_id, day + timedelta(days=30))
        if reached == "follow_up":
            service.change_phase(store, worker, case_id, "follow_up", "The three-month review is due.")
