"""The SupportPlan aggregate: one case's goals per life domain, the actions towards them, and its reviews."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from core.toolkit import N_, Aggregate, Personal, ValidationError, event, lazy_gettext

# Code values, stored as they are and shown through _(value).
DOMAINS = (N_("ideology_and_mentoring"), N_("mental_health"), N_("housing"), N_("work_and_education"),
           N_("family"), N_("safety"), N_("dealing_with_authorities"))
GOAL_STATUSES = (N_("open"), N_("achieved"), N_("dropped"))
ACTION_STATUSES = (N_("planned"), N_("in_progress"), N_("done"), N_("cancelled"))
# Where each status may move: done and cancelled are final, and nothing goes back to planned.
ACTION_MOVES = {"planned": ("in_progress", "done", "cancelled"), "in_progress": ("done", "cancelled"),
                "done": (), "cancelled": ()}
GOAL_MOVES = {"open": ("achieved", "dropped"), "achieved": (), "dropped": ()}
OPEN_ACTIONS = ("planned", "in_progress")
MAX_TEXT = 4000
MAX_OWNER = 200
FURTHEST = timedelta(days=3 * 366)  # a due date or review further ahead than this is a typing slip
PLANS = uuid.UUID("6f1c2b1e-5a0d-4d8e-9a43-2f7c5e9b0d11")  # the namespace of plan ids: one plan per case


def plan_id_of(case_id) -> uuid.UUID:
    """The id of a case's plan: the same for every attempt, so the log itself refuses a second plan."""
    return uuid.uuid5(PLANS, uuid.UUID(str(case_id)).hex)


class SupportPlan(Aggregate):
    """What the client and the worker agree to work on, domain by domain, and how it is going."""

    class DrawnUp(Aggregate.Created):
        case_id: uuid.UUID
        client_id: uuid.UUID
        city: str
        drawn_up_on: date
        next_review: date

    class GoalAdded(Aggregate.Event):
        number: int
        domain: str
        text: Personal

    class GoalAchieved(Aggregate.Event):
        number: int

    class GoalDropped(Aggregate.Event):
        number: int
        reason: Personal

    class ActionAdded(Aggregate.Event):
        number: int
        goal: int
        domain: str             # the goal's, kept with the action for the lists of actions due
        what: Personal
        owner: str              # the organisation responsible: plain text, not a person
        due_on: date

    class ActionStatusChanged(Aggregate.Event):
        number: int
        status: str

    class Reviewed(Aggregate.Event):
        held_on: date
        summary: Personal
        next_review: date

    @classmethod
    def create_id(cls, case_id, **_kwargs) -> uuid.UUID:
        return plan_id_of(case_id)

    @classmethod
    def draw_up(cls, case, next_review: date, today: date) -> SupportPlan:
        """Draw up the plan of an open case, with the day of its first review."""
        _refuse_closed(case)
        _refuse_if({"next_review": _after(next_review, today, "the first review")})
        return cls(case_id=case.id, client_id=case.client_id, city=case.city, drawn_up_on=today,
                   next_review=next_review)

    @event(DrawnUp)
    def __init__(self, case_id, client_id, city, drawn_up_on, next_review):
        self.case_id = case_id
        self.client_id = client_id
        self.city = city
        self.drawn_up_on = drawn_up_on
        self.next_review = next_review
        self.goals: dict[int, Goal] = {}
        self.actions: dict[int, Action] = {}
        self.reviews: list[Review] = []

    def add_goal(self, case, domain: str, text: str) -> int:
        """Add a goal in one life domain, in the client's words; return its number."""
        _refuse_closed(case)
        _refuse_if({"domain": [] if domain in DOMAINS else [f"must be one of {', '.join(DOMAINS)}"],
                    "text": _text(text, "the goal")})
        number = len(self.goals) + 1
        self._goal_added(number=number, domain=domain, text=Personal(self.client_id, "note", text.strip()))
        return number

    @event(GoalAdded)
    def _goal_added(self, number, domain, text):
        self.goals[number] = Goal(number, domain, text)

    def set_goal_status(self, case, number: int, status: str, reason: str | None = None) -> None:
        """Mark an open goal achieved, or dropped with the reason; its actions must be finished or cancelled first."""
        _refuse_closed(case)
        goal = self._goal(number)
        if status not in GOAL_STATUSES:
            raise ValidationError({"status": [f"must be one of {', '.join(GOAL_STATUSES)}"]})
        if status not in GOAL_MOVES[goal.status]:
            raise ValidationError({"status": [f"goal {number} is {goal.status}; it cannot become {status}"]})
        if status == "dropped":
            _refuse_if({"reason": _text(reason, "the reason for dropping the goal")})
        elif reason and reason.strip():
            raise ValidationError({"reason": ["only a dropped goal is given a reason"]})
        if unfinished := [a.number for a in self.actions.values() if a.goal == number and a.status in OPEN_ACTIONS]:
            which = (f"actions {', '.join(map(str, unfinished))} of goal {number} are still open: mark them"
                     if len(unfinished) > 1 else f"action {unfinished[0]} of goal {number} is still open: mark it")
            raise ValidationError({"status": [f"{which} done or cancelled first"]})
        if status == "achieved":
            self._goal_achieved(number=number)
        else:
            self._goal_dropped(number=number, reason=Personal(self.client_id, "note", reason.strip()))

    @event(GoalAchieved)
    def _goal_achieved(self, number):
        self.goals[number].status = "achieved"

    @event(GoalDropped)
    def _goal_dropped(self, number, reason):
        self.goals[number].status = "dropped"
        self.goals[number].reason = reason

    def add_action(self, case, goal: int, what: str, owner: str, due_on: date, today: date) -> int:
        """Add an action towards an open goal, with the organisation that owns it and its due date; return its
        number."""
        _refuse_closed(case)
        found = self._goal(goal)
        if found.status != "open":
            raise ValidationError({"goal": [f"goal {goal} is {found.status}; actions are added to open goals only"]})
        owner = owner.strip() if isinstance(owner, str) else ""
        _refuse_if({"what": _text(what, "the action"),
                    "owner": ["name the organisation that owns the action"] if not owner else
                    [f"at most {MAX_OWNER} characters"] if len(owner) > MAX_OWNER else [],
                    "due_on": _not_before(due_on, today, "the due date")})
        number = len(self.actions) + 1
        self._action_added(number=number, goal=goal, domain=found.domain, owner=owner, due_on=due_on,
                           what=Personal(self.client_id, "note", what.strip()))
        return number

    @event(ActionAdded)
    def _action_added(self, number, goal, domain, what, owner, due_on):
        self.actions[number] = Action(number, goal, domain, what, owner, due_on)

    def set_action_status(self, case, number: int, status: str) -> None:
        """Move an action on: planned, in progress, done or cancelled; done and cancelled are final."""
        _refuse_closed(case)
        action = self.actions.get(number) if isinstance(number, int) and not isinstance(number, bool) else None
        if action is None:
            raise ValidationError({"action": [f"the plan has no action {number}"]})
        if status not in ACTION_STATUSES:
            raise ValidationError({"status": [f"must be one of {', '.join(ACTION_STATUSES)}"]})
        if status not in ACTION_MOVES[action.status]:
            allowed = ", ".join(ACTION_MOVES[action.status]) or "nothing: it is final"
            raise ValidationError({"status": [f"action {number} is {action.status}; it can move to {allowed}, "
                                              f"not to {status}"]})
        self._action_moved(number=number, status=status)

    @event(ActionStatusChanged)
    def _action_moved(self, number, status):
        self.actions[number].status = status

    def review(self, case, held_on: date, summary: str, next_review: date, today: date) -> None:
        """Record a review of the plan held on a day, with its summary and the day of the next one."""
        _refuse_closed(case)
        errors = {"held_on": [], "summary": _text(summary, "the review's summary"), "next_review": []}
        if not isinstance(held_on, date):
            errors["held_on"] = ["give the date as YYYY-MM-DD"]
        elif held_on > today:
            errors["held_on"] = ["a review is recorded once it is held, not before"]
        elif held_on < self.drawn_up_on:
            errors["held_on"] = [f"the plan was drawn up on {self.drawn_up_on.isoformat()}; a review is held after"]
        elif self.reviews and held_on < self.reviews[-1].held_on:
            errors["held_on"] = [f"the last review was held on {self.reviews[-1].held_on.isoformat()}"]
        else:
            errors["next_review"] = _after(next_review, held_on, "the next review")
        _refuse_if(errors)
        self._reviewed(held_on=held_on, summary=Personal(self.client_id, "note", summary.strip()),
                       next_review=next_review)

    @event(Reviewed)
    def _reviewed(self, held_on, summary, next_review):
        self.reviews.append(Review(held_on, summary, next_review))
        self.next_review = next_review

    def overdue(self, today: date) -> list[Action]:
        """The actions still open after their due date."""
        return [a for a in self.actions.values() if a.status in OPEN_ACTIONS and a.due_on < today]

    def _goal(self, number) -> Goal:
        goal = self.goals.get(number) if isinstance(number, int) and not isinstance(number, bool) else None
        if goal is None:
            raise ValidationError({"goal": [f"the plan has no goal {number}"]})
        return goal


@dataclass
class Goal:
    """One goal of the plan, in one life domain."""

    number: int
    domain: str
    text: Personal
    status: str = "open"
    reason: Personal | None = None


@dataclass
class Action:
    """One step towards a goal, owned by an organisation, due on a day."""

    number: int
    goal: int
    domain: str
    what: Personal
    owner: str
    due_on: date
    status: str = "planned"


@dataclass(frozen=True)
class Review:
    """A review of the plan: when it was held, what it found, and when the next one is."""

    held_on: date
    summary: Personal
    next_review: date


def _refuse_closed(case) -> None:
    if case.phase in ("closed", "follow_up"):
        raise ValidationError({"case": [lazy_gettext("the case is closed; its plan is not changed")]})


def _refuse_if(errors: dict) -> None:
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


def _text(text, what: str) -> list[str]:
    if not isinstance(text, str) or not text.strip():
        return [f"write {what}"]
    return [f"at most {MAX_TEXT} characters"] if len(text) > MAX_TEXT else []


def _not_before(day, today: date, what: str) -> list[str]:
    if not isinstance(day, date):
        return ["give the date as YYYY-MM-DD"]
    if day < today:
        return [f"{what} {day.isoformat()} has already passed"]
    return [f"{what} is more than three years ahead"] if day > today + FURTHEST else []


def _after(day, start: date, what: str) -> list[str]:
    if not isinstance(day, date):
        return ["give the date as YYYY-MM-DD"]
    if day <= start:
        return [f"{what} must be after {start.isoformat()}"]
    return [f"{what} is more than three years ahead"] if day > start + FURTHEST else []
