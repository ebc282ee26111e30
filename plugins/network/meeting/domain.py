"""The NetworkMeeting aggregate: a network meeting or community dialogue event, its outcomes and follow-ups.

Topics, outcomes and actions are about the organisations' work together; they are not the place for anything
about a person.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from core.toolkit import N_, Aggregate, ValidationError, event
from plugins.network.domain import MAX_NAME, MAX_TEXT, NAMESPACE

KINDS = (N_("network_meeting"), N_("community_dialogue"))


def meeting_id_for(city: str, held_on: date, title: str) -> uuid.UUID:
    """One meeting of a title in a city a day: its id follows from the three."""
    return uuid.uuid5(NAMESPACE, f"meeting:{city}:{held_on.isoformat()}:{' '.join(title.split()).casefold()}")


@dataclass(frozen=True)
class FollowUp:
    """An action agreed at the meeting, with the organisation that took it on and when it is due."""

    number: int
    action: str
    owner: str          # an attending organisation's id, or "" for the programme itself
    due_on: date
    done: bool = False


class NetworkMeeting(Aggregate):
    """A meeting of the network, or a community dialogue event, held in a city on a day."""

    class Recorded(Aggregate.Created):
        kind: str
        title: str
        city: str
        held_on: date
        attending: tuple
        topics: str

    class OutcomesRecorded(Aggregate.Event):
        outcomes: str

    class FollowUpAgreed(Aggregate.Event):
        number: int
        action: str
        owner: str
        due_on: date

    class FollowUpDone(Aggregate.Event):
        number: int

    @classmethod
    def create_id(cls, city: str, held_on: date, title: str, **_) -> uuid.UUID:
        return meeting_id_for(city, held_on, title)

    @classmethod
    def record(cls, kind: str, title: str, city: str, held_on: date, attending, topics: str, known_cities,
               known_organisations) -> NetworkMeeting:
        """Record a meeting with the organisations that attend and the topics."""
        errors: dict = {}
        if kind not in KINDS:
            errors["kind"] = [f"must be one of {', '.join(KINDS)}"]
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_NAME:
            errors["title"] = [f"required, at most {MAX_NAME} characters"]
        if city not in tuple(known_cities):
            errors["city"] = ["a city of the deployment"]
        if not isinstance(held_on, date):
            errors["held_on"] = ["the day of the meeting"]
        attending = tuple(dict.fromkeys(attending or ()))
        if not attending:
            errors["attending"] = ["at least one organisation attends"]
        elif unknown := [a for a in attending if a not in set(known_organisations)]:
            errors["attending"] = [f"not in the directory: {', '.join(unknown)}"]
        if not isinstance(topics, str) or not topics.strip() or len(topics) > MAX_TEXT:
            errors["topics"] = [f"required, at most {MAX_TEXT} characters"]
        if errors:
            raise ValidationError(errors)
        return cls(kind=kind, title=title.strip(), city=city, held_on=held_on, attending=attending,
                   topics=topics.strip())

    @event(Recorded)
    def __init__(self, kind, title, city, held_on, attending, topics):
        self.kind, self.title, self.city, self.held_on = kind, title, city, held_on
        self.attending, self.topics = tuple(attending), topics
        self.outcomes = ""
        self.follow_ups: dict[int, FollowUp] = {}

    def record_outcomes(self, outcomes: str, today: date) -> None:
        """Record what came of the meeting, once its day has come."""
        if self.held_on > today:
            raise ValidationError({"outcomes": ["outcomes are recorded once the meeting has been held"]})
        if not isinstance(outcomes, str) or not outcomes.strip() or len(outcomes) > MAX_TEXT:
            raise ValidationError({"outcomes": [f"required, at most {MAX_TEXT} characters"]})
        self._outcomes(outcomes=outcomes.strip())

    @event(OutcomesRecorded)
    def _outcomes(self, outcomes):
        self.outcomes = outcomes

    def agree_follow_up(self, action: str, owner: str, due_on: date) -> int:
        """Agree an action, taken on by an attending organisation (or the programme), due on a day."""
        errors: dict = {}
        if not isinstance(action, str) or not action.strip() or len(action) > MAX_TEXT:
            errors["action"] = [f"required, at most {MAX_TEXT} characters"]
        if owner and owner not in self.attending:
            errors["owner"] = ["an organisation that attended the meeting"]
        if not isinstance(due_on, date) or due_on < self.held_on:
            errors["due_on"] = ["due on or after the day of the meeting"]
        if errors:
            raise ValidationError(errors)
        number = len(self.follow_ups) + 1
        self._agreed(number=number, action=action.strip(), owner=owner or "", due_on=due_on)
        return number

    @event(FollowUpAgreed)
    def _agreed(self, number, action, owner, due_on):
        self.follow_ups[number] = FollowUp(number, action, owner, due_on)

    def mark_done(self, number: int) -> None:
        """Mark an agreed action done."""
        follow_up = self.follow_ups.get(number)
        if follow_up is None:
            raise ValidationError({"number": ["the meeting agreed no such action"]})
        if follow_up.done:
            raise ValidationError({"number": ["the action is already done"]})
        self._done(number=number)

    @event(FollowUpDone)
    def _done(self, number):
        self.follow_ups[number] = replace(self.follow_ups[number], done=True)
