"""What an outcome measure is, the programme's default set, and the version of a city's set.

A measure is rated on a short ordinal scale with a label for each value; it adds up nothing and predicts
nothing. A city adds measures of its own through casework's ``outcome_measures`` hook.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from core.toolkit import N_, by_name


@dataclass(frozen=True)
class Measure:
    """One outcome measure: its name, label, scale ((value, label) pairs, lowest first) and which way is better."""

    name: str
    label: str
    scale: tuple[tuple[int, str], ...]   # a label may be "" where only the ends of a scale are named
    higher_is_better: bool = True
    version: str = "1"   # raise it when the scale or its meaning changes, so records say which one they used

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(value for value, _label in self.scale)

    def change(self, before: int | None, after: int | None) -> str | None:
        """Whether `after` is better, worse or the same as `before` (None when either is not known)."""
        if before is None or after is None:
            return None
        if before == after:
            return "same"
        return "better" if (after > before) == self.higher_is_better else "worse"


def measures_of(hooks) -> tuple[Measure, ...]:
    """The outcome measures of the city whose hooks these are: casework's first, then those its plugins add."""
    # pluggy asks the plugins registered last (the city's) first: reversed, casework's defaults lead.
    return tuple(by_name(reversed(hooks.outcome_measures()), "outcome measure").values())


def set_version(measures: Iterable[Measure]) -> str:
    """A short fingerprint of a set of measures: it changes when a measure, its scale or its direction does."""
    shape = sorted([m.name, m.version, list(m.values), m.higher_is_better] for m in measures)
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:12]


# The programme's own measures; lower is better where the measure names a risk (contact, violence, attitude).
FREQUENCY = ((0, N_("none")), (1, N_("rarely")), (2, N_("monthly")), (3, N_("weekly or more")))
DEFAULT_MEASURES = (
    Measure("contact_with_group", N_("Contact with the group"), FREQUENCY, higher_is_better=False),
    Measure("violence_or_offending", N_("Violence or offending"),
            ((0, N_("none known")), (1, N_("suspected")), (2, N_("one incident")), (3, N_("repeated incidents"))),
            higher_is_better=False),
    Measure("attitude_to_violence", N_("Attitude to violence"),
            ((0, N_("rejects violence")), (1, N_("ambivalent")), (2, N_("accepts violence")),
             (3, N_("advocates violence"))), higher_is_better=False),
    Measure("housing", N_("Housing"),
            ((0, N_("homeless")), (1, N_("temporary")), (2, N_("secure, with support")), (3, N_("secure")))),
    Measure("work_or_education", N_("Work or education"),
            ((0, N_("none")), (1, N_("looking or planning")), (2, N_("part time")), (3, N_("full time")))),
    Measure("social_network", N_("Social network outside the group"),
            ((0, N_("no one")), (1, N_("one person")), (2, N_("a few people")), (3, N_("a supportive circle")))),
    Measure("mental_health_engagement", N_("Engagement with mental-health care"),
            ((0, N_("needs care, not engaged")), (1, N_("engaged now and then")), (2, N_("engaged regularly")),
             (3, N_("no longer needs care")))),
    Measure("workers_judgement", N_("The worker's judgement of how the client is doing"),
            ((1, N_("very poorly")), (2, N_("poorly")), (3, N_("fairly")), (4, N_("well")), (5, N_("very well")))),
    # The client's own 1-10: only its ends are named, as the client is asked them.
    Measure("clients_own_rating", N_("The client's own rating of how life goes"),
            ((1, N_("very badly")), *((value, "") for value in range(2, 10)), (10, N_("very well")))),
)
