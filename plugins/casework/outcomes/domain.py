"""The Outcomes aggregate: every outcome measurement of one case, at baseline, reviews, closure and follow-up.

One aggregate per case rather than one per measurement: the rules are about the measurements together (one
baseline per episode and it comes first, reviews and the closure after it, one closure per episode, follow-ups
after the closure while the case is closed), and
only one aggregate can refuse them without a race; its version catches two workers recording at once. Its id
follows from the case's, so that the first measurement of a case creates it and every later one finds it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from core.toolkit import N_, Aggregate, Personal, ValidationError, event
from plugins.casework.outcomes.measures import Measure, set_version

OCCASIONS = (N_("baseline"), N_("review"), N_("closure"), N_("follow_up"))
MAX_NOTE = 4000
NAMESPACE = uuid.UUID("6f1d7c1e-2b0a-4c59-9f1e-0c7a43e1b5d2")  # outcomes of a case: uuid5(NAMESPACE, case id)


def outcomes_id(case_id) -> uuid.UUID:
    """The id of a case's outcomes, whether or not anything was measured yet."""
    return uuid.uuid5(NAMESPACE, uuid.UUID(str(case_id)).hex)


@dataclass(frozen=True)
class Measurement:
    """One occasion's ratings (None: not known), the version of the measure set they used, and a note."""

    episode: int
    occasion: str
    measured_on: date
    ratings: dict
    measure_set: str
    note: Personal | None


class Outcomes(Aggregate):
    """A case's outcome measurements in the order they were taken, grouped in episodes of the work."""

    class Started(Aggregate.Created):
        case_id: uuid.UUID
        client_id: uuid.UUID
        city: str

    class Measured(Aggregate.Event):
        episode: int
        occasion: str
        measured_on: date
        ratings: dict          # measure name -> value, None where it is not known
        measure_set: str       # set_version of the city's measures when they were taken
        note: Personal | None

    @staticmethod
    def create_id(case_id: uuid.UUID) -> uuid.UUID:
        return outcomes_id(case_id)

    @classmethod
    def start(cls, case) -> Outcomes:
        """Start the outcomes of a case (saved with its first measurement)."""
        return cls(case_id=case.id, client_id=case.client_id, city=case.city)

    @event(Started)
    def __init__(self, case_id, client_id, city):
        self.case_id = case_id
        self.client_id = client_id
        self.city = city
        self.measurements: list[Measurement] = []

    @property
    def episode(self) -> int:
        """The number of the latest episode (0 before the first baseline)."""
        return self.measurements[-1].episode if self.measurements else 0

    @property
    def episode_open(self) -> bool:
        """Whether the latest episode has its baseline and not yet its closure."""
        return bool(self.measurements) and self.measurements[-1].occasion not in ("closure", "follow_up")

    def record(self, case, measures: tuple[Measure, ...], occasion: str, measured_on: date, ratings: dict,
               note: str | None = None) -> None:
        """Record one occasion's ratings on the city's measures; a baseline starts an episode, a closure ends it."""
        if case.id != self.case_id:
            raise ValidationError({"case": ["these are the outcomes of another case"]})
        errors = {}
        if occasion not in OCCASIONS:
            errors["occasion"] = [f"must be one of {', '.join(OCCASIONS)}"]
        elif occasion == "baseline" and self.episode_open:
            errors["occasion"] = ["this episode has its baseline; record a review or the closure"]
        elif occasion == "baseline" and case.phase in ("closed", "follow_up"):
            errors["occasion"] = ["a closed case gets no new baseline; open it again first"]
        elif occasion == "follow_up" and case.phase not in ("closed", "follow_up"):
            errors["occasion"] = ["a follow-up measurement is taken after the case closed"]
        elif occasion == "follow_up" and (not self.measurements or self.episode_open):
            errors["occasion"] = ["record the baseline first" if not self.measurements else
                                  "record the closure first; follow-up measurements come after it"]
        elif occasion not in ("baseline", "follow_up") and not self.episode_open:
            errors["occasion"] = ["record the baseline first" if not self.measurements else
                                  "this episode is closed; a reopened case starts again with a baseline"]
        if not isinstance(measured_on, date):
            errors["measured_on"] = ["give the date as YYYY-MM-DD"]
        elif self.measurements and measured_on < self.measurements[-1].measured_on:
            last = self.measurements[-1]
            errors["measured_on"] = [f"not before the last measurement ({last.occasion}, {last.measured_on})"]
        if note is not None and len(note) > MAX_NOTE:
            errors["note"] = [f"at most {MAX_NOTE} characters"]
        errors.update(_rating_errors(measures, ratings))
        if errors:
            raise ValidationError(errors)
        episode = self.episode + 1 if occasion == "baseline" else self.episode
        self._measured(episode=episode, occasion=occasion, measured_on=measured_on,
                       ratings={m.name: ratings.get(m.name) for m in measures}, measure_set=set_version(measures),
                       note=Personal(self.client_id, "note", note.strip()) if note and note.strip() else None)

    @event(Measured)
    def _measured(self, episode, occasion, measured_on, ratings, measure_set, note):
        self.measurements.append(Measurement(episode, occasion, measured_on, dict(ratings), measure_set, note))


def _rating_errors(measures: tuple[Measure, ...], ratings) -> dict:
    """What is wrong with the ratings: unknown measures, values off a measure's scale, nothing known at all."""
    if not isinstance(ratings, dict):
        return {"ratings": ["give the ratings by measure"]}
    by_name = {m.name: m for m in measures}
    errors = {}
    unknown = sorted(str(name) for name in ratings if name not in by_name)
    if unknown:
        errors["ratings"] = [f"no measure {', '.join(unknown)}"]
    for name, value in ratings.items():
        measure = by_name.get(name)
        if measure and value is not None and (isinstance(value, bool) or value not in measure.values):
            errors[f"ratings.{name}"] = [f"must be one of {', '.join(map(str, measure.values))}, or not known"]
    if not errors and all(ratings.get(name) is None for name in by_name):
        errors["ratings"] = ["rate at least one measure; the others may be not known"]
    return errors


@dataclass(frozen=True)
class Cell:
    """One measure at one measurement: its value, and how far and which way it moved from the episode's baseline."""

    value: int | None
    delta: int | None = None        # value minus the baseline's (None at the baseline, or where either is not known)
    direction: str | None = None    # better, worse or same, as the measure reads; None likewise
    in_set: bool = True             # False: the measure was not in the set this measurement was taken on


def matrix(measurements: list[Measurement], measures: tuple[Measure, ...]) -> dict[str, list[Cell]]:
    """For each measure, one cell per measurement in order, each compared with its episode's baseline."""
    baselines = {m.episode: m for m in measurements if m.occasion == "baseline"}
    rows = {}
    for measure in measures:
        cells = []
        for m in measurements:
            value = m.ratings.get(measure.name)
            before = baselines[m.episode].ratings.get(measure.name) if m.occasion != "baseline" else None
            direction = measure.change(before, value)
            cells.append(Cell(value, value - before if direction else None, direction, measure.name in m.ratings))
        rows[measure.name] = cells
    return rows
