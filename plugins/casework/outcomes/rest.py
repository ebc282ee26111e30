"""Outcomes' JSON API: a case's measurements, with the change from baseline, under /api/v1/cases."""

from __future__ import annotations

from core.toolkit import ApiBlueprint, current_store, current_user, gettext, requires, reveal
from plugins.casework.outcomes import service
from plugins.casework.outcomes.measures import set_version
from plugins.casework.outcomes.schemas import MeasurementSchema, OutcomesSchema
from plugins.casework.outcomes.web import city_measures, outcomes_of
from plugins.casework.web import case_first, case_in_scope

blp = ApiBlueprint("api_casework_outcomes", __name__, url_prefix="/api/v1", description="Outcome measures")
CONFLICT = {"schema": "Error", "description": "another measurement was recorded since `version`"}



def _outcomes(case) -> dict:
    found = outcomes_of(case.case_id)
    measurements = [{**row._mapping, "note": reveal(note, case.case_id) if note else None,
                     "changes": {name: {"delta": cells[i].delta, "direction": cells[i].direction}
                                 for name, cells in found["cells"].items()}}
                    for i, (row, note) in enumerate(zip(found["rows"], found["notes"], strict=True))]
    measures = [{"name": m.name, "label": gettext(m.label), "higher_is_better": m.higher_is_better,
                 "version": m.version, "scale": [{"value": v, "label": gettext(label) if label else ""}
                                                 for v, label in m.scale]}
                for m in found["measures"]]
    return {"case_id": case.case_id, "version": found["version"], "measure_set": set_version(found["measures"]),
            "measures": measures, "measurements": measurements}


@blp.route("/cases/<case_id>/outcomes")
@requires("casework.view_case")
@blp.response(200, OutcomesSchema)
def get_outcomes(case_id):
    """A case's outcome measurements, oldest first, each with its change from the episode's baseline."""
    return _outcomes(case_in_scope(case_id))


@blp.route("/cases/<case_id>/outcomes", methods=["POST"])
@requires("casework.manage_case")
@case_first
@blp.arguments(MeasurementSchema)
@blp.response(201, OutcomesSchema)
@blp.alt_response(409, **CONFLICT)
def record_measurement(data, case):
    """Record one occasion's ratings on the city's measures; 422 names the field, a stale `version` answers 409."""
    service.record_measurement(current_store(), current_user.actor(), case.case_id, city_measures(),
                               data["occasion"], data["measured_on"], data["ratings"], data["note"],
                               expected_version=data["version"])
    return _outcomes(case_in_scope(case.case_id))
