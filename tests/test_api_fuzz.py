"""The API under generated input (schemathesis over /api/v1/openapi.json): no 5xx, and every response keeps to
the schema the document gives for it. A bounded number of examples per operation keeps it quick."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from core.auth.service import find_account, issue_token

EXAMPLES = 25  # per operation and database


def test_the_api_answers_generated_input_without_5xx_and_within_its_schema(app, instance):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    token = issue_token(instance.store, find_account(instance.store, username="coordinator.helsinki"), "fuzz")
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5, "the API document lists fewer operations than the API has"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def answers_within_schema(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

        answers_within_schema()
