"""What plugins answer to hooks: small typed values, and the rules that apply them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import marshmallow as ma

from core.errors import StartupError
from core.vault import CATEGORIES

# An event field as a personal-data declaration names it: the event class, its attribute, any path inside.
STORED_FIELD = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+(\[\]|\.[A-Za-z_]\w*)*")

# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation, shown only to users who hold its permission."""

    label: str
    endpoint: str
    permission: str
    order: int = 50  # the core's dashboard is 0, its audit pages 80-89, API tokens 90


@dataclass(frozen=True)
class Widget:
    """A piece of a page (a dashboard widget, a case panel), shown only to users who hold its permission.

    ``context`` is called only for those users, so a widget costs nothing where it is not shown;
    its answer is what the template sees as ``widget``.
    """

    template: str
    permission: str
    context: Callable[[], Mapping[str, Any]] = dict


class RecordLocation(NamedTuple):
    """Where a record lives: its city, the page that shows it and the permission that page requires."""

    city: str
    url: str
    permission: str


@dataclass(frozen=True)
class TimelineEntry:
    """A line another plugin adds to a record's timeline (a referral sent, a training attended)."""

    at: datetime
    what: str
    actor: str
    role: str
    reason: str | None = None
    detail: str | None = None

    def __post_init__(self):
        if self.at.tzinfo is None:
            raise ValueError("a timeline entry's time must carry its time zone")


# ---------------------------------------------------------------------------
# Forms, workflows and instruments
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    """A field of a form: its name, label, and a marshmallow field that carries its validation."""

    name: str
    label: str
    field: ma.fields.Field


def form_schema(fields: Iterable[FormField], base: type[ma.Schema] = ma.Schema) -> type[ma.Schema]:
    """Return a schema of ``base``'s fields and the given ones; a name given twice stops start-up."""
    added: dict[str, ma.fields.Field] = {}
    for f in fields:
        if f.name in added or f.name in base._declared_fields:
            raise StartupError(f"form field {f.name!r} is defined twice")
        added[f.name] = f.field
    return base.from_dict(added, name=f"{base.__name__}WithFields")


@dataclass(frozen=True)
class WorkflowStep:
    """A step a city adds to a workflow, placed after an existing one."""

    name: str
    label: str
    after: str


def steps_with(steps: Sequence[str], added: Iterable[WorkflowStep]) -> tuple[str, ...]:
    """Return a workflow's steps with the added ones in place; an unknown or repeated step stops start-up."""
    result = list(steps)
    for step in added:
        if step.name in result:
            raise StartupError(f"workflow step {step.name!r} is defined twice")
        if step.after not in result:
            raise StartupError(f"workflow step {step.name!r} follows {step.after!r}, which the workflow lacks")
        result.insert(result.index(step.after) + 1, step.name)
    return tuple(result)


@dataclass(frozen=True)
class Guard:
    """A rule a record must pass to move to a step: ``check(record, step)`` returns why not, or None."""

    name: str
    check: Callable[[Mapping[str, Any], str], str | None]


def refusals(guards: Iterable[Guard], record: Mapping[str, Any], step: str) -> list[str]:
    """Return why the guards refuse moving ``record`` to ``step`` (empty when all let it pass)."""
    return [reason for guard in guards if (reason := guard.check(record, step))]


@dataclass(frozen=True)
class Indicator:
    """One thing an instrument rates, in one life domain; a protective one is a strength, not a risk."""

    name: str
    label: str
    domain: str
    protective: bool = False


@dataclass(frozen=True)
class Instrument:
    """An assessment instrument: versioned questions, and how answers are scored (if they are).

    An instrument of structured professional judgement names its ``indicators`` and the ``scale``
    each is rated on (``(value, label)`` pairs, lowest first), and says under which ``licence``
    its items may be used.
    """

    name: str
    label: str
    version: str
    questions: tuple[FormField, ...] = ()
    score: Callable[[Mapping[str, Any]], Any] | None = None
    indicators: tuple[Indicator, ...] = ()
    scale: tuple[tuple[int, str], ...] = ()
    licence: str = ""

    @property
    def domains(self) -> tuple[str, ...]:
        """The life domains of the indicators, in the order they first appear."""
        return tuple(dict.fromkeys(i.domain for i in self.indicators))

    def schema(self) -> type[ma.Schema]:
        """Return the schema that validates a set of answers."""
        return form_schema(self.questions)


# ---------------------------------------------------------------------------
# Personal data and reports
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalDataField:
    """One kind of personal data a plugin stores, as the register of processing lists it (GDPR Art. 30).

    ``category`` is one of the vault's (``core.vault.CATEGORIES``), the one its ``Personal`` values
    carry; ``subjects`` says whose data it is, ``recipients`` who may see it besides its owner.
    ``stored_in`` names each event field that holds it, as ``Aggregate.Event.attribute`` (the event
    class's qualified name and the attribute; ``withheld[].reason`` reaches into a list of objects):
    a declaration covers those fields and no others, so one without them covers nothing in the log.
    """

    name: str
    subjects: str
    category: str
    purpose: str
    legal_basis: str
    retention: str
    recipients: tuple[str, ...] = ()
    stored_in: tuple[str, ...] = ()

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.name}: unknown personal-data category {self.category!r}")
        for name in ("subjects", "purpose", "legal_basis", "retention"):
            if not getattr(self, name).strip():
                raise ValueError(f"{self.name}: the register of processing needs its {name.replace('_', ' ')}")
        if isinstance(self.stored_in, str):  # a lone string would be read as its characters
            raise ValueError(f"{self.name}: stored_in is a tuple of event fields, not one string")
        object.__setattr__(self, "stored_in", tuple(self.stored_in))
        for field in self.stored_in:
            if not isinstance(field, str) or not STORED_FIELD.fullmatch(field):
                raise ValueError(f"{self.name}: {field!r} does not name an event field as Aggregate.Event.attribute")


@dataclass(frozen=True)
class RetentionDue:
    """A person whose retention period in a record has ended: the retention run erases them.

    ``record`` names the record without personal data (``casework case 3f2a...``), ``ended_on`` is the
    day the period ended, and ``description`` says in English which period it was (``closed case of kind
    family, kept 30 years``); neither may hold a name, a note or anything else about the person.
    """

    person_id: uuid.UUID
    record: str
    ended_on: date
    description: str

    def __post_init__(self):
        if not isinstance(self.person_id, uuid.UUID):
            raise ValueError("a person due for erasure is named by their UUID")


@dataclass(frozen=True)
class RetentionHold:
    """Why a person's data must still be kept: a retention period that runs, or another legal basis.

    ``until`` is the day the hold ends, or None while it has no end yet (an open case); ``reason``
    says in English what holds the data and on what ground, without personal data, since it is shown
    to whoever asked for the erasure and recorded with the refusal.
    """

    person_id: uuid.UUID
    record: str
    until: date | None
    reason: str

    def __post_init__(self):
        if not self.reason.strip():
            raise ValueError(f"{self.record}: a hold on a person's data needs its reason")


@dataclass(frozen=True)
class ReportDefinition:
    """A report: who may run it, its columns, and ``rows(store, city)`` that computes it.

    ``city`` is None for a national report, which must show anonymised figures only.
    """

    name: str
    label: str
    permission: str
    columns: tuple[str, ...]
    rows: Callable[[Any, str | None], Iterable[Sequence[Any]]]


def by_name(answers: Iterable[Iterable[Any]], what: str) -> dict[str, Any]:
    """Index a hook's answers by their ``name``; a name answered twice stops start-up."""
    found: dict[str, Any] = {}
    for answer in answers:
        for item in answer:
            if item.name in found:
                raise StartupError(f"{what} {item.name!r} is defined twice")
            found[item.name] = item
    return found


@dataclass(frozen=True)
class PersonFound:
    """A person a plugin holds records of, found for an access or erasure request; nothing personal in it."""

    person_id: str       # the person's id (hex), the key their data is encrypted with
    record_id: str       # the record they were found in (a case)
    city: str | None
    description: str     # what the record is, without personal data ("case, individual, opened 2026-03")


@dataclass(frozen=True)
class Disclosure:
    """One disclosure of a person's data to another organisation, for the person's access report."""

    at: datetime
    recipient: str               # the organisation that received the data
    basis: str                   # "consent" or the code of a legal basis
    items: tuple[str, ...]       # code values of what was shared
    actor: str                   # who disclosed it
    record_id: str               # the record it was disclosed from (a meeting, a referral)
    provision: str | None = None  # the act and section of a legal basis
