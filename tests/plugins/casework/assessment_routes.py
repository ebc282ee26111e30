"""The assessment routes' rows of the authorization matrix (joined to casework's in routes.py)."""

from __future__ import annotations

from core.testing.matrix import Records, Route
from plugins.casework import service as cases
from plugins.casework.assessment import service
from plugins.casework.assessment.instrument import EXIT_PATHWAYS
from plugins.casework.assessment.queries import assessment_row


class Assessments(Records):
    """An open assessment, started by the coordinator, of a case assigned to the given exit worker."""

    noun, key = "assessment", "assessment_id"

    def create(self, world, city, assignee):
        coordinator = world.account(f"coordinator.{city}").actor()
        case_id = cases.open_case(world.store, coordinator, city, "individual", "Matriisi", "agency")
        cases.assign_worker(world.store, coordinator, case_id, assignee)
        return service.start_assessment(world.store, coordinator, case_id, EXIT_PATHWAYS, False).hex

    def version(self, world, assessment_id):
        row = assessment_row(world.store, assessment_id)
        return row.version if row else 0


ASSESSMENTS = Assessments()
START = {"instrument": "exit_pathways"}


def rating(user: str, version: int) -> dict:
    """A rating that always lands: the assessments of the matrix stay open."""
    return {"indicator": "housing_need", "rating": 1, "evidence": f"Told {user} of a lease that ends.",
            "source": "client", "reliability": "probable", "reasoning": "Housing ends within months.",
            "version": version}


def rating_form(user: str, version: int) -> dict:
    return {**rating(user, version), "rating": "1", "version": str(version)}


# Finalising would shut the assessment to every later cell, and the matrix's assessments are never finalised,
# so no approval can succeed: both are sent with bodies the domain always refuses (422 for an allowed user).
# Their successes are tested in test_assessment_web.py and test_assessment_api.py.
def no_reasoning(page: bool):
    return lambda user, version: {"reasoning": "  ", "version": str(version) if page else version}


def approval(page: bool):
    return lambda user, version: {"version": str(version) if page else version}


def assessment_rows(cases_records) -> dict:
    """The rows, with casework's cases as the records of the case-keyed routes."""
    return {
        "casework_assessment.assessments": Route("casework.view_case", {"GET": 200}, scope=cases_records),
        "casework_assessment.start_assessment": Route("casework.assess", {"POST": 302}, scope=cases_records,
                                                      lands=True, body=START),
        "casework_assessment.assessment": Route("casework.view_case", {"GET": 200}, scope=ASSESSMENTS),
        "casework_assessment.rate": Route("casework.assess", {"POST": 302}, scope=ASSESSMENTS, lands=True,
                                          body=rating_form),
        "casework_assessment.finalise": Route("casework.assess", {"POST": 422}, scope=ASSESSMENTS,
                                              body=no_reasoning(True)),
        "casework_assessment.approve": Route("casework.approve_assessment", {"POST": 422}, scope=ASSESSMENTS,
                                             body=approval(True)),
        "api_casework_assessment.list_assessments": Route("casework.view_case", {"GET": 200}, scope=cases_records),
        "api_casework_assessment.start_assessment": Route("casework.assess", {"POST": 201}, scope=cases_records,
                                                          body=START),
        # 404 until a case has two finalised assessments: the matrix's never do (the 200 is in the API tests)
        "api_casework_assessment.compare_assessments": Route("casework.view_case", {"GET": 404},
                                                             scope=cases_records),
        "api_casework_assessment.get_assessment": Route("casework.view_case", {"GET": 200}, scope=ASSESSMENTS),
        "api_casework_assessment.rate": Route("casework.assess", {"POST": 200}, scope=ASSESSMENTS, body=rating),
        "api_casework_assessment.finalise": Route("casework.assess", {"POST": 422}, scope=ASSESSMENTS,
                                                  body=no_reasoning(False)),
        "api_casework_assessment.approve": Route("casework.approve_assessment", {"POST": 422}, scope=ASSESSMENTS,
                                                 body=approval(False)),
    }
