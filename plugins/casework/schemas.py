"""The boundary of casework: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

from datetime import datetime, timedelta

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber, finnish_today
from plugins.casework.queries import CaseFilter
from plugins.casework.domain import (CHANNELS, CLOSING_REASONS, CONSENT_FORMS, CONSENT_SCOPES, FOLLOW_UP_ENDINGS,
                                     KINDS, MAX_MINUTES,
                                     MAX_NAME, MAX_NOTE, MAX_WORKERS, MEETING_MODES, MISSED_REASONS,
                                     REFERRAL_SOURCES, SCREENING_DECISIONS)


class NewCaseSchema(ma.Schema):
    pseudonym = Text(required=True, validate=validate.Length(min=1, max=200),
                     metadata={"description": "the client's name or a pseudonym (personal data, stored encrypted)"})
    kind = ma.fields.String(required=True, validate=validate.Length(min=1, max=40),
                            metadata={"description": "one of the city's kinds: " + ", ".join(KINDS)
                                                     + ", and those the city adds"})
    channel = ma.fields.String(required=True, validate=validate.OneOf(CHANNELS),
                               metadata={"description": "how contact came"})
    referral_source = ma.fields.String(load_default=None, allow_none=True,
                                       validate=validate.OneOf(REFERRAL_SOURCES),
                                       metadata={"description": "who sent the client, where someone did"})
    full_name = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_NAME),
                     metadata={"description": "the client's full name, for the duplicate check (personal data, "
                                              "stored encrypted; never in an anonymous case)"})
    birth_date = Day(load_default=None, allow_none=True,
                                metadata={"description": "the client's birth date, for the duplicate check "
                                                         "(personal data, stored encrypted; never in an anonymous case)"})
    minor = ma.fields.Boolean(load_default=False, metadata={"description": "the client is under 18: their "
                                                                       "guardian consents to the work"})
    open_anyway = ma.fields.Boolean(load_default=False,
                                    metadata={"description": "open the case although one of the city may concern "
                                                             "the same person (after a 409 possible_duplicate)"})

    @ma.pre_load
    def _blanks(self, data, **kwargs):
        # An empty form field means "not given".
        blank = {name: None for name in ("referral_source", "full_name", "birth_date") if name in data
                 and not data[name]}
        return {**data, **blank} if blank else data


class MeetingSchema(ma.Schema):
    """A contact with the client: held, with its length, or missed, with the reason it did not happen."""

    held_on = Day(required=True, metadata={"description": "not later than today"})
    mode = ma.fields.String(required=True, validate=validate.OneOf(MEETING_MODES))
    attended = ma.fields.Boolean(load_default=True, metadata={"description": "false: the contact did not happen"})
    minutes = WholeNumber(load_default=None, allow_none=True, validate=validate.Range(min=1, max=MAX_MINUTES),
                          metadata={"description": "the length of a contact held; none for a missed one"})
    missed_reason = ma.fields.String(load_default=None, allow_none=True, validate=validate.OneOf(MISSED_REASONS),
                                     metadata={"description": "why a missed contact did not happen"})
    workers = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=64)), load_default=None,
                             validate=validate.Length(max=MAX_WORKERS),
                             metadata={"description": "usernames of the exit workers or coordinators of the case's "
                                                      "city who were there; the caller when left out"})
    note = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_NOTE))
    version = WholeNumber(required=True, metadata={"description": "the case version the change is based on"})

    @ma.pre_load
    def _blanks(self, data, **kwargs):
        # A form sends empty fields for what was left out: no length, no reason, no note.
        if not isinstance(data, dict):
            return data
        return {k: v for k, v in data.items() if not (k in ("minutes", "missed_reason", "note") and v == "")}


class CaseSchema(ma.Schema):
    case_id = ma.fields.String()
    city = ma.fields.String()
    kind = ma.fields.String()
    phase = ma.fields.String()
    worker_id = ma.fields.String(allow_none=True)
    pseudonym = ma.fields.String()
    meetings = ma.fields.Integer(metadata={"description": "contacts held (missed ones are in the contact log)"})
    participation = ma.fields.Boolean(metadata={"description": "the client's own consent to take part is in force"})
    legal_basis = ma.fields.Boolean(metadata={"description": "a legal basis lets the work go on without consent"})
    minor = ma.fields.Boolean(metadata={"description": "the client is under 18"})
    guardian_consent = ma.fields.Boolean(metadata={"description": "a minor's guardian's consent to take part is in "
                                                                  "force"})
    closing_reason = ma.fields.String(allow_none=True)
    next_follow_up = Day(allow_none=True)
    referral_source = ma.fields.String(allow_none=True)
    second_worker_id = ma.fields.String(allow_none=True)
    transfer_to = ma.fields.String(allow_none=True, metadata={"description": "a city asked to take the case over"})
    version = ma.fields.Integer()


class CasePageSchema(ma.Schema):
    """One page of a case list."""

    cases = ma.fields.List(ma.fields.Nested(CaseSchema))
    next = ma.fields.String(allow_none=True, metadata={"description": "the next page: send it as `after`; "
                                                                      "none on the last page"})


class PhaseSchema(ma.Schema):
    phase = ma.fields.String(required=True, metadata={"description": "a step of the city's workflow"})
    reason = Text(required=True, validate=validate.Length(min=1, max=500))
    version = WholeNumber(required=True)


class ConsentSchema(ma.Schema):
    scope = ma.fields.String(required=True, validate=validate.OneOf(CONSENT_SCOPES))
    given_on = Day(required=True)
    form = ma.fields.String(required=True, validate=validate.OneOf(CONSENT_FORMS))
    organisation = Text(load_default=None, allow_none=True, validate=validate.Length(max=200),
                        metadata={"description": "whom data may be shared with (scope sharing)"})
    by_guardian = ma.fields.Boolean(load_default=False, metadata={"description": "a minor's guardian gave it"})
    version = WholeNumber(required=True)


class WithdrawalSchema(ma.Schema):
    scope = ma.fields.String(required=True, validate=validate.OneOf(CONSENT_SCOPES))
    withdrawn_on = Day(required=True)
    organisation = Text(load_default=None, allow_none=True, validate=validate.Length(max=200))
    by_guardian = ma.fields.Boolean(load_default=False,
                                    metadata={"description": "a minor's guardian withdraws the consent they gave"})
    version = WholeNumber(required=True)


class LegalBasisSchema(ma.Schema):
    basis = Text(required=True, validate=validate.Length(min=5, max=300),
                 metadata={"description": "the provision under which the work goes on without consent"})
    version = WholeNumber(required=True)


class ClosureSchema(ma.Schema):
    closing_reason = ma.fields.String(required=True, validate=validate.OneOf(CLOSING_REASONS))
    closed_on = Day(required=True)
    summary = Text(load_default=None, allow_none=True, validate=validate.Length(max=MAX_NOTE))
    version = WholeNumber(required=True)


class FollowUpSchema(ma.Schema):
    """A follow-up review held after closure."""

    reviewed_on = Day(required=True, metadata={"description": "not before closure, not later than today"})
    summary = Text(required=True, validate=validate.Length(min=1, max=MAX_NOTE),
                   metadata={"description": "what the review found (personal data, stored encrypted)"})
    version = WholeNumber(required=True)


class FollowUpEndSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=validate.OneOf(FOLLOW_UP_ENDINGS[1:]),
                              metadata={"description": "why follow-up ends before its last review"})
    version = WholeNumber(required=True)


class ReopeningSchema(ma.Schema):
    reason = Text(required=True, validate=validate.Length(min=1, max=500))
    version = WholeNumber(required=True)


class WorkerSchema(ma.Schema):
    worker_id = ma.fields.String(required=True, validate=validate.Length(min=1, max=64),
                                 metadata={"description": "the username of an exit worker of the case's city"})
    version = WholeNumber(required=True)


class SecondWorkerSchema(ma.Schema):
    worker_id = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64),
                                 metadata={"description": "empty: the case has one worker again"})
    version = WholeNumber(required=True)


class TransferSchema(ma.Schema):
    to_city = ma.fields.String(required=True, validate=validate.Length(min=1, max=40))
    reason = Text(required=True, validate=validate.Length(min=1, max=500))
    version = WholeNumber(required=True)


class TransferAnswerSchema(ma.Schema):
    accept = ma.fields.Boolean(required=True)
    reason = Text(load_default="", validate=validate.Length(max=500))
    version = WholeNumber(required=True)


class TransferSchemaOut(ma.Schema):
    case_id = ma.fields.String()
    city = ma.fields.String(metadata={"description": "the city the case comes from"})
    kind = ma.fields.String()
    phase = ma.fields.String()
    version = ma.fields.Integer()


class CaseFilterSchema(ma.Schema):
    """What the case list is narrowed to, from the query string of the page or the API."""

    class Meta:
        unknown = ma.EXCLUDE

    phase = ma.fields.String(load_default=None, validate=validate.Length(max=40))
    kind = ma.fields.String(load_default=None, validate=validate.Length(max=40))  # one of the city's kinds
    worker = ma.fields.String(load_default=None, validate=validate.Length(max=64))
    due = ma.fields.Boolean(load_default=False, metadata={"description": "only cases with a follow-up review due "
                                                                         "within two weeks, or overdue"})
    overdue = ma.fields.Boolean(load_default=False, metadata={"description": "only cases with something past its day: "
                                                                             "a follow-up review, a plan action or "
                                                                             "review, a release handover task"})
    after = ma.fields.String(load_default=None, metadata={"description": "the next page: the `next` of the page before"})

    @ma.validates("after")
    def _cursor(self, value, **kwargs):
        if value is not None and _cursor_of(value) is None:
            raise ma.ValidationError("not a page cursor given by this list")

    @ma.post_load
    def _narrowed(self, data, **kwargs):
        due_by = finnish_today() + timedelta(days=DUE_WITHIN_DAYS) if data["due"] else None
        return CaseFilter(data["phase"] or None, data["kind"] or None, data["worker"] or None, due_by,
                          _cursor_of(data["after"]) if data["after"] else None,
                          overdue_on=finnish_today() if data["overdue"] else None)


DUE_WITHIN_DAYS = 14


def cursor(row) -> str:
    """Where the page after this row starts."""
    return f"{row.updated_at.isoformat()}|{row.case_id}"


def _cursor_of(text: str):
    moment, _, case_id = text.partition("|")
    if len(case_id) != 32:
        return None
    try:
        return datetime.fromisoformat(moment), case_id
    except ValueError:
        return None


class ScreeningSchema(ma.Schema):
    decision = ma.fields.String(required=True, validate=validate.OneOf(SCREENING_DECISIONS))
    reason = Text(required=True, validate=validate.Length(min=1, max=500))
    referred_to = Text(load_default=None, allow_none=True, validate=validate.Length(max=200),
                       metadata={"description": "where a contact found not suitable was referred on"})
    version = WholeNumber(required=True)
