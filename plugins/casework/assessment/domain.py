"""The Assessment aggregate: one structured professional judgement of a case on a versioned instrument."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.toolkit import N_, Aggregate, Instrument, Personal, ValidationError, event, lazy_gettext

# Where the information came from, and how far it can be relied on: code values shown through _(value).
SOURCES = (N_("client"), N_("family"), N_("professional"), N_("records"), N_("observation"))
RELIABILITIES = (N_("confirmed"), N_("probable"), N_("unconfirmed"))
STATES = (N_("open"), N_("awaiting_approval"), N_("finalised"), N_("approved"))
MAX_TEXT = 4000


class Assessment(Aggregate):
    """The ratings of one case on one instrument, by one worker, finalised with the overall reasoning."""

    class Started(Aggregate.Created):
        case_id: uuid.UUID
        client_id: uuid.UUID
        city: str
        instrument: str
        instrument_version: str
        assessor: str
        approval_required: bool   # the city's rule when it started, kept with the assessment

    class Rated(Aggregate.Event):
        indicator: str
        rating: int
        evidence: Personal
        source: str
        reliability: str
        reasoning: Personal

    class Finalised(Aggregate.Event):
        reasoning: Personal

    class Approved(Aggregate.Event):
        approver: str

    @classmethod
    def start(cls, case, instrument: Instrument, assessor: str, approval_required: bool) -> Assessment:
        """Start an assessment of an open case on an instrument with indicators and a rating scale."""
        if case.phase in ("closed", "follow_up"):
            raise ValidationError({"case": [lazy_gettext("a closed case is not assessed; open it again first")]})
        if not instrument.indicators or not instrument.scale:
            raise ValidationError({"instrument": [f"{instrument.name} has no indicators or rating scale"]})
        return cls(case_id=case.id, client_id=case.client_id, city=case.city, instrument=instrument.name,
                   instrument_version=instrument.version, assessor=assessor, approval_required=approval_required)

    @event(Started)
    def __init__(self, case_id, client_id, city, instrument, instrument_version, assessor, approval_required):
        self.case_id = case_id
        self.client_id = client_id
        self.city = city
        self.instrument = instrument
        self.instrument_version = instrument_version
        self.assessor = assessor
        self.approval_required = approval_required
        self.ratings: dict[str, Rating] = {}
        self.reasoning = None
        self.state = "open"  # one of STATES
        self.approver = None

    def rate(self, instrument: Instrument, indicator: str, rating: int, evidence: str, source: str,
             reliability: str, reasoning: str, trained: bool | None = None) -> None:
        """Rate one indicator on the instrument's scale, with the evidence, its source and reliability, and why.

        ``trained`` is whether the rater is trained in the instrument, where the city asks (None: it does not).
        """
        self._refuse_if_finalised()
        if trained is False:
            raise ValidationError({"rater": [lazy_gettext(
                "Only staff trained in %(instrument)s may rate it in this city, and you are not recorded as trained.",
                instrument=self.instrument)]})
        if (instrument.name, instrument.version) != (self.instrument, self.instrument_version):
            raise ValidationError({"instrument": [lazy_gettext(
                "this assessment uses %(instrument)s %(version)s", instrument=self.instrument,
                version=self.instrument_version)]})
        errors = {}
        if indicator not in {i.name for i in instrument.indicators}:
            errors["indicator"] = [f"{self.instrument} has no indicator {indicator}"]
        values = [value for value, _label in instrument.scale]
        if isinstance(rating, bool) or rating not in values:
            errors["rating"] = [f"must be one of {', '.join(map(str, values))}"]
        if source not in SOURCES:
            errors["source"] = [f"must be one of {', '.join(SOURCES)}"]
        if reliability not in RELIABILITIES:
            errors["reliability"] = [f"must be one of {', '.join(RELIABILITIES)}"]
        for name, text in (("evidence", evidence), ("reasoning", reasoning)):
            if not isinstance(text, str) or not text.strip():
                errors[name] = [f"the rating needs its {name}"]
            elif len(text) > MAX_TEXT:
                errors[name] = [f"at most {MAX_TEXT} characters"]
        if errors:
            raise ValidationError(errors)
        self._rated(indicator=indicator, rating=rating, source=source, reliability=reliability,
                    evidence=Personal(self.client_id, "note", evidence.strip()),
                    reasoning=Personal(self.client_id, "note", reasoning.strip()))

    @event(Rated)
    def _rated(self, indicator, rating, evidence, source, reliability, reasoning):
        self.ratings[indicator] = Rating(rating, evidence, source, reliability, reasoning)

    def finalise(self, reasoning: str) -> None:
        """Finalise the assessment with the overall reasoning; nothing changes after this."""
        self._refuse_if_finalised()
        if not self.ratings:
            raise ValidationError({"ratings": [lazy_gettext("rate at least one indicator before finalising")]})
        if not isinstance(reasoning, str) or not reasoning.strip():
            raise ValidationError({"reasoning": ["an assessment is finalised with the overall reasoning"]})
        if len(reasoning) > MAX_TEXT:
            raise ValidationError({"reasoning": [f"at most {MAX_TEXT} characters"]})
        self._finalised(reasoning=Personal(self.client_id, "note", reasoning.strip()))

    @event(Finalised)
    def _finalised(self, reasoning):
        self.reasoning = reasoning
        self.state = "awaiting_approval" if self.approval_required else "finalised"

    def approve(self, approver: str, role: str) -> None:
        """Approve a finalised assessment, as a coordinator other than its assessor, where the city requires it."""
        if not self.approval_required:
            raise ValidationError({"approval": [lazy_gettext("this city does not require approval of assessments")]})
        if self.state != "awaiting_approval":
            raise ValidationError({"approval": [lazy_gettext("an assessment that is %(state)s cannot be approved",
                                                                   state=lazy_gettext(self.state))]})
        if role != "city_coordinator":
            raise ValidationError({"approval": [lazy_gettext("only a coordinator approves an assessment")]})
        if approver == self.assessor:
            raise ValidationError({"approval": [lazy_gettext(
                "another coordinator approves an assessment than the one who made it")]})
        self._approved(approver=approver)

    @event(Approved)
    def _approved(self, approver):
        self.approver = approver
        self.state = "approved"

    def _refuse_if_finalised(self) -> None:
        if self.state != "open":
            raise ValidationError({"state": [lazy_gettext("a finalised assessment cannot be changed")]})


@dataclass(frozen=True)
class Rating:
    """One indicator's rating with what it rests on."""

    rating: int
    evidence: Personal
    source: str
    reliability: str
    reasoning: Personal


@dataclass(frozen=True)
class Change:
    """How one indicator's rating differs between an earlier and a later assessment (None: not rated)."""

    indicator: str
    before: int | None
    after: int | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def changes(earlier: Assessment, later: Assessment, instrument: Instrument) -> list[Change]:
    """Compare two assessments indicator by indicator, in the instrument's order."""
    def value(assessment, name):
        rating = assessment.ratings.get(name)
        return rating.rating if rating else None
    return [Change(i.name, value(earlier, i.name), value(later, i.name)) for i in instrument.indicators]
