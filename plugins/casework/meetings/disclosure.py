"""The Disclosure aggregate: a client's information shared outside a meeting, by a record of another plugin."""

from __future__ import annotations

import uuid

from core.toolkit import N_, Aggregate, ValidationError, event
from plugins.casework.meetings.domain import BASES, ITEMS, MAX_NAME, MAX_PROVISION

# Shared without consent or a legal basis, by the holder of a permission that allows it, with a reason on record.
OVERRIDE = N_("override")


class Disclosure(Aggregate):
    """What of a client's information went to which organisation, under which basis, made by which record."""

    class Recorded(Aggregate.Created):
        case_id: uuid.UUID
        client_id: uuid.UUID
        city: str
        record_id: uuid.UUID   # the record that made the disclosure (a referral sent)
        record_version: int
        organisation: str
        basis: str             # consent, one of LEGAL_BASES, or override
        provision: str | None
        items: list            # ITEMS

    @classmethod
    def record(cls, case, record_id: uuid.UUID, record_version: int, organisation: str, basis: str,
               provision: str | None, items: list[str]) -> Disclosure:
        """Record a disclosure whose basis the deciding record has already checked; the shape is checked here."""
        errors = {}
        items = list(dict.fromkeys(items or ()))
        if not items or any(i not in ITEMS for i in items):
            errors["items"] = [f"choose what is shared, from {', '.join(ITEMS)}"]
        organisation = (organisation or "").strip()
        if not organisation or len(organisation) > MAX_NAME:
            errors["organisation"] = [f"name the recipient, in at most {MAX_NAME} characters"]
        if basis not in (*BASES, OVERRIDE):
            errors["basis"] = [f"must be one of {', '.join((*BASES, OVERRIDE))}"]
        if provision is not None and len(provision) > MAX_PROVISION:
            errors["provision"] = [f"at most {MAX_PROVISION} characters"]
        if errors:
            raise ValidationError(errors)
        return cls(case_id=case.id, client_id=case.client_id, city=case.city, record_id=record_id,
                   record_version=record_version, organisation=organisation, basis=basis, provision=provision,
                   items=items)

    @event(Recorded)
    def __init__(self, case_id, client_id, city, record_id, record_version, organisation, basis, provision, items):
        self.case_id, self.client_id, self.city = case_id, client_id, city
        self.record_id, self.organisation, self.basis, self.items = record_id, organisation, basis, list(items)
