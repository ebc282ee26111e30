"""The meetings: one row each, with how many agreed actions are still open."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, Text, update

from core.toolkit import Projection, metadata, on
from plugins.network.meeting.domain import NetworkMeeting
from plugins.network.projections import listed

meetings = Table(
    "network_meetings",
    metadata,
    Column("meeting_id", String(32), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("title", String(200), nullable=False),
    Column("city", String(40), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("attending", Text, nullable=False),       # ",organisation_id,...,"
    Column("topics", Text, nullable=False),
    Column("outcomes", Text, nullable=False),
    Column("open_follow_ups", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Index("network_meetings_city", "city", "held_on"),
)


class MeetingList(Projection):
    """Network meetings and community dialogue events, by city and day."""

    name = "network_meetings"
    tables = (meetings,)

    @on(NetworkMeeting.Recorded)
    def recorded(self, session, e):
        session.execute(meetings.insert().values(
            meeting_id=e.originator_id.hex, kind=e.kind, title=e.title, city=e.city, held_on=e.held_on,
            attending=listed(e.attending), topics=e.topics, outcomes="", open_follow_ups=0,
            version=e.originator_version))

    def _touch(self, session, e, **values):
        session.execute(update(meetings).where(meetings.c.meeting_id == e.originator_id.hex)
                        .values(version=e.originator_version, **values))

    @on(NetworkMeeting.OutcomesRecorded)
    def outcomes(self, session, e):
        self._touch(session, e, outcomes=e.outcomes)

    @on(NetworkMeeting.FollowUpAgreed)
    def agreed(self, session, e):
        self._touch(session, e, open_follow_ups=meetings.c.open_follow_ups + 1)

    @on(NetworkMeeting.FollowUpDone)
    def done(self, session, e):
        self._touch(session, e, open_follow_ups=meetings.c.open_follow_ups - 1)
