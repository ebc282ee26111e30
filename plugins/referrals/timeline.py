"""What referrals add to a case page (through casework's hooks): the referral it came from, and those it sent."""

from __future__ import annotations

import uuid

from core.toolkit import TimelineEntry, Widget, current_store, lazy_gettext
from plugins.referrals.incoming.domain import IncomingReferral
from plugins.referrals.outgoing.domain import OutgoingReferral
from plugins.referrals.queries import outgoing_of_case, referral_of_case

WHAT = {OutgoingReferral.Drafted: lazy_gettext("Referral out drafted"),
        OutgoingReferral.Sent: lazy_gettext("Referral out sent"),
        OutgoingReferral.Answered: lazy_gettext("The service answered a referral out"),
        OutgoingReferral.Withdrawn: lazy_gettext("Referral out withdrawn")}


def case_entries(case) -> list[TimelineEntry]:
    """The case's referral in (when it was accepted) and its referrals out, as timeline entries."""
    store = current_store()
    entries = []
    if referral := referral_of_case(store, case["case_id"]):
        accepted = [e for e in store.events.get(uuid.UUID(referral.referral_id))
                    if isinstance(e, IncomingReferral.Accepted)][-1]
        entries.append(TimelineEntry(accepted.timestamp, str(lazy_gettext("Opened from a referral in")),
                                     accepted.meta.actor_id, accepted.meta.role, detail=referral.organisation))
    for row in outgoing_of_case(store, case["case_id"]):
        for e in store.events.get(uuid.UUID(row.referral_id)):
            entries.append(TimelineEntry(e.timestamp, str(WHAT[type(e)]), e.meta.actor_id, e.meta.role,
                                         detail=row.organisation))
    return entries


def case_panel(case) -> Widget:
    """The panel that says who referred the client in, and leads to the case's referrals out."""
    def context():
        store = current_store()
        return {"referral": referral_of_case(store, case["case_id"]), "case_id": case["case_id"],
                "outgoing": len(outgoing_of_case(store, case["case_id"]))}
    return Widget("referrals/case_panel.html", "referrals.refer_out", context)
