"""The boundary of outcomes: the schema of recording a measurement, shared by the form and the API, and the answers."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.casework.outcomes.domain import MAX_NOTE, OCCASIONS

PREFIX = "ratings."  # a form names each measure's field ratings.<measure>; "" is not known


class MeasurementSchema(ma.Schema):
    occasion = ma.fields.String(required=True, validate=validate.OneOf(OCCASIONS))
    measured_on = Day(required=True)
    ratings = ma.fields.Dict(keys=ma.fields.String(validate=validate.Length(min=1, max=60)),
                             values=WholeNumber(allow_none=True), required=True,
                             metadata={"description": "measure name -> a value of its scale, or null where not known; "
                                                      "a measure left out is not known, one at least is rated"})
    note = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_NOTE),
                metadata={"description": "what the figures rest on (personal data, stored encrypted)"})
    version = WholeNumber(required=True, metadata={"description": "the outcomes' version the measurement is based "
                                                                  "on, 0 before the case's first"})

    @ma.pre_load
    def _from_form(self, data, **kwargs):
        """Gather a form's ratings.<measure> fields into `ratings`; an empty choice or note is none."""
        fields = {k[len(PREFIX):]: (v or None) for k, v in data.items() if k.startswith(PREFIX)}
        data = {k: v for k, v in data.items() if not k.startswith(PREFIX)}
        if fields:
            data["ratings"] = fields
        if data.get("note") == "":
            data["note"] = None
        return data


class ScaleStepSchema(ma.Schema):
    value = ma.fields.Integer()
    label = ma.fields.String()


class OutcomeMeasureSchema(ma.Schema):
    name = ma.fields.String()
    label = ma.fields.String(metadata={"description": "in the caller's language"})
    scale = ma.fields.List(ma.fields.Nested(ScaleStepSchema), metadata={"description": "lowest first"})
    higher_is_better = ma.fields.Boolean()
    version = ma.fields.String()


class OutcomeChangeSchema(ma.Schema):
    delta = ma.fields.Integer(allow_none=True, metadata={"description": "value minus the episode's baseline"})
    direction = ma.fields.String(allow_none=True, metadata={"description": "better, worse or same, as the measure "
                                                                           "reads; null at the baseline or where "
                                                                           "either is not known"})


class MeasurementOutSchema(ma.Schema):
    episode = ma.fields.Integer(metadata={"description": "a reopened case starts a new episode with a baseline"})
    occasion = ma.fields.String(metadata={"description": "baseline, review, closure or follow_up (after closure)"})
    measured_on = Day()
    ratings = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(allow_none=True),
                             metadata={"description": "every measure of the set it was taken on: a value, or null "
                                                      "where not known"})
    changes = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(OutcomeChangeSchema))
    measure_set = ma.fields.String(metadata={"description": "the fingerprint of the measure set it was taken on"})
    note = ma.fields.String(allow_none=True)
    recorded_by = ma.fields.String()
    recorded_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class OutcomesSchema(ma.Schema):
    case_id = ma.fields.String()
    version = ma.fields.Integer(metadata={"description": "what the next measurement is based on"})
    measure_set = ma.fields.String(metadata={"description": "the fingerprint of the city's measure set now"})
    measures = ma.fields.List(ma.fields.Nested(OutcomeMeasureSchema))
    measurements = ma.fields.List(ma.fields.Nested(MeasurementOutSchema), metadata={"description": "oldest first"})


def form_errors(messages: dict) -> dict:
    """Messages keyed as the form's fields: a rating's own problem under ratings.<measure>, not nested."""
    nested = messages.get("ratings")
    if not isinstance(nested, dict):
        return messages
    flat = {k: v for k, v in messages.items() if k != "ratings"}
    for name, problem in nested.items():
        found = problem.get("value", problem.get("key", [])) if isinstance(problem, dict) else problem
        flat[f"{PREFIX}{name}"] = list(found)
    return flat
