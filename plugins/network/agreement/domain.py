"""The Agreement aggregate: a cooperation or data-sharing agreement of a city's programme with organisations."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from core.toolkit import N_, Aggregate, ValidationError, event
from plugins.network.domain import MAX_NAME, MAX_TEXT, NAMESPACE

KINDS = (N_("cooperation"), N_("data_sharing"))
NOTICE_DAYS = 90  # how long before its end an agreement is up for renewal


def agreement_id_for(reference: str) -> uuid.UUID:
    """The id of the agreement filed under this reference (the programme's record number): one agreement each."""
    return uuid.uuid5(NAMESPACE, "agreement:" + " ".join(reference.split()).casefold())


class Agreement(Aggregate):
    """An agreement between a city's programme and organisations of the network, for a period."""

    class Concluded(Aggregate.Created):
        reference: str
        kind: str
        title: str
        city: str
        parties: tuple
        starts_on: date
        ends_on: date
        legal_basis: str

    class Renewed(Aggregate.Event):
        ends_on: date

    class Terminated(Aggregate.Event):
        on: date
        reason: str

    @classmethod
    def create_id(cls, reference: str, **_) -> uuid.UUID:
        return agreement_id_for(reference)

    @classmethod
    def conclude(cls, reference: str, kind: str, title: str, city: str, parties, starts_on: date, ends_on: date,
                 legal_basis: str, known_cities, known_organisations) -> Agreement:
        """Record an agreement; a data-sharing agreement names the legal basis of the sharing."""
        errors: dict = {}
        if not isinstance(reference, str) or not reference.strip() or len(reference) > 40:
            errors["reference"] = ["the agreement's record number, at most 40 characters"]
        if kind not in KINDS:
            errors["kind"] = [f"must be one of {', '.join(KINDS)}"]
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_NAME:
            errors["title"] = [f"required, at most {MAX_NAME} characters"]
        if city not in tuple(known_cities):
            errors["city"] = ["the city of the programme that is a party"]
        parties = tuple(dict.fromkeys(parties or ()))
        if not parties:
            errors["parties"] = ["at least one organisation of the network"]
        elif unknown := [p for p in parties if p not in set(known_organisations)]:
            errors["parties"] = [f"not in the directory: {', '.join(unknown)}"]
        if not isinstance(starts_on, date) or not isinstance(ends_on, date):
            errors["ends_on"] = ["give the days it starts and ends"]
        elif ends_on <= starts_on:
            errors["ends_on"] = ["it ends after it starts"]
        legal_basis = (legal_basis or "").strip()
        if kind == "data_sharing" and not legal_basis:
            errors["legal_basis"] = ["a data-sharing agreement names its legal basis"]
        elif len(legal_basis) > MAX_TEXT:
            errors["legal_basis"] = [f"at most {MAX_TEXT} characters"]
        if errors:
            raise ValidationError(errors)
        return cls(reference=reference.strip(), kind=kind, title=title.strip(), city=city, parties=parties,
                   starts_on=starts_on, ends_on=ends_on, legal_basis=legal_basis)

    @event(Concluded)
    def __init__(self, reference, kind, title, city, parties, starts_on, ends_on, legal_basis):
        self.reference, self.kind, self.title, self.city = reference, kind, title, city
        self.parties = tuple(parties)
        self.starts_on, self.ends_on, self.legal_basis = starts_on, ends_on, legal_basis
        self.terminated_on: date | None = None

    def renew(self, ends_on: date) -> None:
        """Extend the agreement to a later end."""
        if self.terminated_on:
            raise ValidationError({"ends_on": ["a terminated agreement is not renewed; conclude a new one"]})
        if not isinstance(ends_on, date) or ends_on <= self.ends_on:
            raise ValidationError({"ends_on": [f"a renewal ends after {self.ends_on.isoformat()}"]})
        self._renewed(ends_on=ends_on)

    @event(Renewed)
    def _renewed(self, ends_on):
        self.ends_on = ends_on

    def terminate(self, on: date, reason: str) -> None:
        """End the agreement before its time, with the reason."""
        errors: dict = {}
        if self.terminated_on:
            errors["on"] = ["the agreement is already terminated"]
        elif not isinstance(on, date) or on < self.starts_on:
            errors["on"] = ["it ends on or after the day it started"]
        if not isinstance(reason, str) or not reason.strip():
            errors["reason"] = ["say why it ends"]
        if errors:
            raise ValidationError(errors)
        self._terminated(on=on, reason=reason.strip())

    @event(Terminated)
    def _terminated(self, on, reason):
        self.terminated_on = on


def renew_by(ends_on: date) -> date:
    """The day from which an agreement ending on `ends_on` is up for renewal."""
    return ends_on - timedelta(days=NOTICE_DAYS) if ends_on > date.min + timedelta(days=NOTICE_DAYS) else date.min
