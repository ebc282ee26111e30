"""The Custody aggregate: one case's prison pathway, from custody through release to the handover around it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from core.toolkit import N_, Aggregate, Personal, ValidationError, event, lazy_gettext

STATUSES = (N_("not_in_custody"), N_("remand"), N_("serving_sentence"), N_("community_sanction"), N_("released"))
IN_CUSTODY = ("remand", "serving_sentence")   # the statuses with a release ahead
RECORDED = tuple(s for s in STATUSES if s != "released")  # a release is recorded with its day, not as a status
# The handover around release and when each is due by default: days before (-) or after (+) the release.
TASK_KINDS = (N_("housing_arranged"), N_("income_and_benefits"), N_("health_care_continuity"),
              N_("csa_supervision_contact"), N_("first_meeting_after_release"), N_("other_task"))
DEFAULT_OFFSETS = {"housing_arranged": -30, "income_and_benefits": -21, "health_care_continuity": -14,
                   "csa_supervision_contact": -7, "first_meeting_after_release": 3}
MAX_NAME = 200
NAMESPACE = uuid.UUID("0f9d6a52-3b1e-4c55-9a53-5c0c7d1b6e01")


def custody_id(case_id) -> uuid.UUID:
    """The id of a case's custody record: one per case, found from the case alone."""
    return uuid.uuid5(NAMESPACE, uuid.UUID(str(case_id)).hex)


@dataclass
class Task:
    """One handover task: who does it and by when; `offset` is set while its due day follows the release date."""

    number: int
    kind: str
    owner: str
    due_on: date
    offset: int | None
    done_on: date | None = None


class Custody(Aggregate):
    """A case's custody status and its history, the agency contact, the release date and the handover tasks."""

    class Started(Aggregate.Created):
        case_id: uuid.UUID
        client_id: uuid.UUID
        city: str

    class StatusRecorded(Aggregate.Event):
        status: str
        since: date
        prison: str | None         # the prison or unit, while in custody

    class AgencyContactRecorded(Aggregate.Event):
        name: Personal             # the Criminal Sanctions Agency official's name, phone and email
        phone: Personal | None
        email: Personal | None

    class ReleaseDateSet(Aggregate.Event):
        expected_on: date

    class Released(Aggregate.Event):
        released_on: date

    class TaskAdded(Aggregate.Event):
        number: int
        kind: str
        owner: str
        due_on: date
        offset: int | None         # days from the release date, while the due day follows it

    class TaskRedated(Aggregate.Event):
        number: int
        due_on: date

    class TaskDone(Aggregate.Event):
        number: int
        done_on: date

    @classmethod
    def start(cls, case) -> Custody:
        """Start the prison pathway of a case, out of custody (its first change follows in the same command)."""
        return cls(case_id=case.id, client_id=case.client_id, city=case.city)

    @staticmethod
    def create_id(case_id):
        return custody_id(case_id)

    @event(Started)
    def __init__(self, case_id, client_id, city):
        self.case_id = case_id
        self.client_id = client_id
        self.city = city
        self.status = "not_in_custody"  # until a status is recorded
        self.prison = None
        self.custody_since: date | None = None   # the day the current stay in custody began
        self.history: list[tuple[str, date, str | None]] = []
        self.expected_release: date | None = None
        self.release_dates: list[date] = []      # every expected date given, the latest last
        self.released_on: date | None = None
        self.contact = None
        self.tasks: dict[int, Task] = {}

    # -- status ---------------------------------------------------------------------------------------
    def record_status(self, status: str, since, prison: str | None, today: date | None = None) -> None:
        """Record the custody status from a day on; leaving custody this way drops the expected release date."""
        errors = {}
        if status not in RECORDED:
            errors["status"] = [f"must be one of {', '.join(RECORDED)}" if status != "released"
                                else "a release is recorded with its day"]
        if not isinstance(since, date):
            errors["since"] = ["give the day the status began"]
        elif _ahead(since, today):
            errors["since"] = ["a status is recorded once it began, not in advance"]
        elif self.history and since < self.history[-1][1]:
            errors["since"] = [f"not before the last status change ({self.history[-1][1].isoformat()})"]
        prison = prison.strip() if isinstance(prison, str) else ""
        if status in IN_CUSTODY and not prison:
            errors["prison"] = ["name the prison or unit"]
        elif len(prison) > MAX_NAME:
            errors["prison"] = [f"at most {MAX_NAME} characters"]
        _refuse(errors)
        self._status_recorded(status=status, since=since, prison=prison if status in IN_CUSTODY else None)

    @event(StatusRecorded)
    def _status_recorded(self, status, since, prison):
        if status in IN_CUSTODY and self.status not in IN_CUSTODY:
            self.custody_since = since
        if status not in IN_CUSTODY:
            self.custody_since = None
            self.expected_release = None
        self.status = status
        self.prison = prison
        self.history.append((status, since, prison))

    def set_release_date(self, expected_on) -> None:
        """Set or move the expected release date; open tasks that follow it move with it."""
        if self.status not in IN_CUSTODY:
            raise ValidationError({"expected_on": ["only a client in custody has an expected release date"]})
        if not isinstance(expected_on, date):
            raise ValidationError({"expected_on": ["give the expected release date"]})
        if expected_on < self.custody_since:
            raise ValidationError({"expected_on": [
                f"not before the custody began ({self.custody_since.isoformat()})"]})
        self._release_date_set(expected_on=expected_on)
        for task in self.tasks.values():
            if task.offset is not None and task.done_on is None:
                self._task_redated(number=task.number, due_on=expected_on + timedelta(days=task.offset))

    @event(ReleaseDateSet)
    def _release_date_set(self, expected_on):
        self.expected_release = expected_on
        self.release_dates.append(expected_on)

    def release(self, released_on, today: date | None = None) -> None:
        """Record the release on its day: the status becomes released; tasks that followed the date now follow it."""
        if self.status not in IN_CUSTODY:
            raise ValidationError({"released_on": ["only a client in custody is released"]})
        if not isinstance(released_on, date):
            raise ValidationError({"released_on": ["give the day of release"]})
        if _ahead(released_on, today):
            raise ValidationError({"released_on": ["a release is recorded on or after its day; a day ahead is the "
                                                   "expected release date"]})
        if released_on < self.custody_since:
            raise ValidationError({"released_on": [
                f"not before the custody began ({self.custody_since.isoformat()})"]})
        self._released(released_on=released_on)
        for task in self.tasks.values():
            if task.offset is not None and task.done_on is None:
                self._task_redated(number=task.number, due_on=released_on + timedelta(days=task.offset))

    @event(Released)
    def _released(self, released_on):
        self.status = "released"
        self.released_on = released_on
        self.expected_release = None
        self.prison = None
        self.custody_since = None
        self.history.append(("released", released_on, None))

    # -- the agency's contact -------------------------------------------------------------------------
    def record_contact(self, name: str, phone: str | None, email: str | None) -> None:
        """Record the Criminal Sanctions Agency official who works with the client (their name, phone, email)."""
        errors = {}
        name, phone, email = (v.strip() if isinstance(v, str) else "" for v in (name, phone, email))
        if not name:
            errors["name"] = ["name the agency's contact person"]
        if email and ("@" not in email or " " in email):
            errors["email"] = ["not an email address"]
        for field, value in (("name", name), ("phone", phone), ("email", email)):
            if len(value) > MAX_NAME:
                errors[field] = [f"at most {MAX_NAME} characters"]
        _refuse(errors)
        # The official's details are kept under the client's key: they are erased with the case.
        self._contact_recorded(name=Personal(self.client_id, "contact", name),
                               phone=Personal(self.client_id, "contact", phone) if phone else None,
                               email=Personal(self.client_id, "contact", email) if email else None)

    @event(AgencyContactRecorded)
    def _contact_recorded(self, name, phone, email):
        self.contact = (name, phone, email)

    # -- handover tasks -------------------------------------------------------------------------------
    def add_task(self, kind: str, owner: str, due_on) -> None:
        """Add a handover task; without a due day it takes its kind's default offset from the release date."""
        errors = {}
        if self.status == "not_in_custody":
            errors["kind"] = ["handover tasks are planned around a custody and release"]
        elif kind not in TASK_KINDS:
            errors["kind"] = [f"must be one of {', '.join(TASK_KINDS)}"]
        owner = owner.strip() if isinstance(owner, str) else ""
        if not owner:
            errors["owner"] = ["name the organisation that does it"]
        elif len(owner) > MAX_NAME:
            errors["owner"] = [f"at most {MAX_NAME} characters"]
        offset = None
        if due_on is None:
            release = self.released_on if self.status == "released" else self.expected_release
            if kind in DEFAULT_OFFSETS and release is not None:
                offset = DEFAULT_OFFSETS[kind]
                due_on = release + timedelta(days=offset)
            else:
                errors["due_on"] = ["a task needs a due date (taken from the release date only for its usual kinds)"]
        elif not isinstance(due_on, date):
            errors["due_on"] = ["give the due date"]
        _refuse(errors)
        self._task_added(number=len(self.tasks) + 1, kind=kind, owner=owner, due_on=due_on, offset=offset)

    @event(TaskAdded)
    def _task_added(self, number, kind, owner, due_on, offset):
        self.tasks[number] = Task(number, kind, owner, due_on, offset)

    @event(TaskRedated)
    def _task_redated(self, number, due_on):
        self.tasks[number].due_on = due_on

    def complete_task(self, number: int, done_on, today: date | None = None) -> None:
        """Mark a handover task done on a day."""
        task = self.tasks.get(number)
        if task is None:
            raise ValidationError({"task": [lazy_gettext("no such handover task")]})
        if task.done_on is not None:
            raise ValidationError({"task": [lazy_gettext("the task is already done")]})
        if not isinstance(done_on, date):
            raise ValidationError({"done_on": [lazy_gettext("give the day it was done")]})
        if _ahead(done_on, today):
            raise ValidationError({"done_on": ["a task is marked done once it is done, not in advance"]})
        self._task_done(number=number, done_on=done_on)

    @event(TaskDone)
    def _task_done(self, number, done_on):
        self.tasks[number].done_on = done_on


def _ahead(day: date, today: date | None) -> bool:
    """Whether a day the worker says something happened on is still to come."""
    return today is not None and day > today


def _refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
