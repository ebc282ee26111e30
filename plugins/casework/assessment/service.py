"""Assessment use cases: each takes the store and the acting person, and returns ids or simple values."""

from __future__ import annotations

import uuid

from core.toolkit import Actor, Instrument
from plugins.casework.assessment.domain import Assessment


def start_assessment(store, actor: Actor, case_id, instrument: Instrument, approval_required: bool) -> uuid.UUID:
    """Start an assessment of an open case; the city's rule on approval is kept with it."""
    assessment = Assessment.start(store.get(case_id), instrument, actor.user_id, approval_required)
    with store.acting(actor):
        store.save(assessment)
    return assessment.id


def rate(store, actor: Actor, assessment_id, instrument: Instrument, indicator: str, rating: int, evidence: str,
         source: str, reliability: str, reasoning: str, expected_version: int | None = None,
         trained: bool | None = None) -> int:
    """Rate one indicator with its evidence, source, reliability and reasoning; return the new version."""
    with store.acting(actor):
        assessment = store.get(assessment_id, expected_version)
        assessment.rate(instrument, indicator, rating, evidence, source, reliability, reasoning, trained)
        store.save(assessment)
    return assessment.version


def finalise(store, actor: Actor, assessment_id, reasoning: str, expected_version: int | None = None) -> int:
    """Finalise an assessment with the overall reasoning; return the new version."""
    with store.acting(actor):  # the reasoning is personal data: it stays in the event, not in the log's reason
        assessment = store.get(assessment_id, expected_version)
        assessment.finalise(reasoning)
        store.save(assessment)
    return assessment.version


def approve(store, actor: Actor, assessment_id, expected_version: int | None = None) -> int:
    """Approve a finalised assessment as a coordinator; return the new version."""
    with store.acting(actor):
        assessment = store.get(assessment_id, expected_version)
        assessment.approve(actor.user_id, actor.role)
        store.save(assessment)
    return assessment.version
