"""The hooks casework offers: what other plugins add to a case page, without casework knowing them.

A case is handed to them as ``case``, a mapping of its facts (``CASE_FACTS``), none of them
personal data: ``case_id``, ``city``, ``kind``, ``phase``, ``worker_id``, ``client_id``,
``meetings``, ``opened_at``, ``updated_at`` and ``version``; times carry their time zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from core.toolkit import hookspec

if TYPE_CHECKING:
    from core.toolkit import Store, TimelineEntry, Widget
    from plugins.casework.api import CaseKind, Measure

CASE_FACTS = ("case_id", "city", "kind", "phase", "worker_id", "client_id", "meetings", "opened_at", "updated_at",
              "version")


# ---------------------------------------------------------------------------
# The case page
# ---------------------------------------------------------------------------

@hookspec
def case_timeline(case: Mapping[str, Any]) -> list[TimelineEntry]:
    """Return the entries this plugin adds to a case's timeline (a referral sent, a training attended).

    Called through the city's manager whenever a case page is shown; every answer is collected
    and merged with the case's own events, newest first. A personal ``detail`` must come through
    ``reveal``, so that the access log records it.

    :param case: the case's facts (``CASE_FACTS``).
    """


@hookspec
def case_panels(case: Mapping[str, Any]) -> list[Widget]:
    """Return the panels this plugin adds to a case page, below the case's heading.

    Called through the city's manager whenever a case page is shown; every answer is collected.
    A panel is shown, and its context computed, only for users who hold its permission; its
    template sees the context as ``widget``, as on the dashboard.

    :param case: the case's facts (``CASE_FACTS``).
    """


# ---------------------------------------------------------------------------
# What a city adds to casework
# ---------------------------------------------------------------------------

@hookspec
def case_kinds() -> list[CaseKind]:
    """Return the kinds of case a city adds to the programme's own (individual, family, anonymous, consultation).

    Called through the city's manager when a case is opened or the case list is narrowed; every
    answer is collected, and the city's kinds are listed after the programme's. A kind needs a
    retention period in the city's ``retention_policies`` answer, or the city does not start.
    """


@hookspec
def outcome_measures() -> list[Measure]:
    """Return the outcome measures this plugin adds to a city's set (a city's own, such as family relations).

    Called through the city's manager whenever outcomes are shown or recorded; every answer is
    collected, casework's defaults first. A measure is a ``Measure`` from ``plugins.casework.api``:
    a ``name`` unique across the set (a name answered twice is an error, as with instruments), a ``label``
    marked with ``N_`` and translated in the answering plugin's catalog, a ``scale`` of
    ``(value, label)`` pairs lowest first, ``higher_is_better``, and a ``version`` to raise when the
    scale or its meaning changes. Each measurement keeps a fingerprint of the set it was taken on.
    """


@hookspec
def trained_in(store: Store, username: str, instrument: str) -> bool:
    """Return whether a staff member is recorded as trained in an assessment instrument.

    Called through the city's manager when someone rates an instrument that the city's option
    ``rating_requires_training`` names; every answer is collected, and one ``True`` lets the rating
    through. The training plugin answers from its record of instrument training; a city that names
    an instrument there without a plugin that answers does not start.

    :param store: the deployment's store.
    :param username: the staff member's username.
    :param instrument: the instrument's name.
    """
