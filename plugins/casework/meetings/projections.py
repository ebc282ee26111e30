"""Multi-agency meetings of each case, and every disclosure of a client's information made at one."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table

from core.toolkit import TouchedProjection, TouchedTables, metadata, on
from plugins.casework.meetings.disclosure import Disclosure
from plugins.casework.meetings.domain import AgencyMeeting

agency_meetings = Table(
    "casework_agency_meetings",
    metadata,
    Column("meeting_id", String(32), primary_key=True),
    Column("case_id", String(32), nullable=False),
    Column("client_id", String(32), nullable=False),
    Column("city", String(40), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("client_present", Boolean, nullable=False),
    Column("attendees", Integer, nullable=False),
    Column("decisions", Integer, nullable=False),
    Column("actions", Integer, nullable=False),
    Column("actions_done", Integer, nullable=False),
    Column("disclosures", Integer, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("casework_agency_meetings_case", "case_id", "held_on"),  # a case's meetings, by day
)

# One row per disclosure: what of whose information went to which organisation, under which basis, when and
# by whom. The client's access report (GDPR Art. 15, Act 703/2023) reads it through plugins.casework.api.
disclosures = Table(
    "casework_disclosures",
    metadata,
    Column("meeting_id", String(32), primary_key=True),
    Column("version", Integer, primary_key=True),   # the meeting's version the disclosure was recorded at
    Column("case_id", String(32), nullable=False),
    Column("client_id", String(32), nullable=False),
    Column("city", String(40), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("basis", String(40), nullable=False),     # consent, or a legal basis
    Column("provision", String(300), nullable=True),  # the act and section of a legal basis
    Column("items", String(300), nullable=False),    # the items shared, comma-separated code values
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("role", String(40), nullable=False),
    Index("casework_disclosures_client", "client_id", "at"),
    Index("casework_disclosures_case", "case_id", "at"),
)


class AgencyMeetingList(TouchedProjection):
    """Meetings with their case, day and counts; disclosures (at meetings and by other records) with recipient,
    basis, items, time and actor."""

    name = "casework_agency_meetings"
    tables = (agency_meetings, disclosures)

    def touched(self, session, events):
        rows = TouchedTables(agency_meetings, disclosures)  # disclosures are only added: none is read
        rows[agency_meetings].read(session, agency_meetings.c.meeting_id, [
            e.originator_id.hex for e in events if isinstance(e, AgencyMeeting.Event)
            and not isinstance(e, AgencyMeeting.Recorded)])
        return rows

    @on(AgencyMeeting.Recorded)
    def recorded(self, rows, e):
        rows[agency_meetings].add({
            "meeting_id": e.originator_id.hex, "case_id": e.case_id.hex, "client_id": e.client_id.hex,
            "city": e.city, "held_on": e.held_on, "client_present": e.client_present, "attendees": len(e.attendees),
            "decisions": 0, "actions": 0, "actions_done": 0, "disclosures": 0, "recorded_at": e.timestamp,
            "version": e.originator_version})

    def _touch(self, rows, e, counted: str | None = None) -> dict | None:
        """Set the meeting's version and add one to a count; the meeting's row, if it has one."""
        meeting = rows[agency_meetings].get(e.originator_id.hex)
        if meeting is not None:
            rows[agency_meetings].change(e.originator_id.hex, version=e.originator_version,
                                         **({counted: meeting[counted] + 1} if counted else {}))
        return meeting

    @on(AgencyMeeting.DecisionRecorded)
    def decided(self, rows, e):
        self._touch(rows, e, "decisions")

    @on(AgencyMeeting.ActionAgreed)
    def agreed(self, rows, e):
        self._touch(rows, e, "actions")

    @on(AgencyMeeting.ActionDone)
    def done(self, rows, e):
        self._touch(rows, e, "actions_done")

    @on(AgencyMeeting.InformationDisclosed)
    def disclosed(self, rows, e):
        meeting = rows[agency_meetings].get(e.originator_id.hex)
        if meeting is None:  # as the query for the meeting would
            raise LookupError(f"no agency meeting {e.originator_id.hex} for its disclosure")
        rows[disclosures].add({
            "meeting_id": e.originator_id.hex, "version": e.originator_version, "case_id": meeting["case_id"],
            "client_id": meeting["client_id"], "city": meeting["city"], "organisation": e.organisation,
            "basis": e.basis, "provision": e.provision, "items": ",".join(e.items), "at": e.timestamp,
            "actor": e.meta.actor_id, "role": e.meta.role})
        self._touch(rows, e, "disclosures")

    @on(Disclosure.Recorded)
    def disclosed_elsewhere(self, rows, e):
        # Made by another plugin's record (a referral sent): the row names that record and its version.
        rows[disclosures].add({
            "meeting_id": e.record_id.hex, "version": e.record_version, "case_id": e.case_id.hex,
            "client_id": e.client_id.hex, "city": e.city, "organisation": e.organisation, "basis": e.basis,
            "provision": e.provision, "items": ",".join(e.items), "at": e.timestamp, "actor": e.meta.actor_id,
            "role": e.meta.role})
