"""Casework's public module: what other plugins may import from casework (the rest is casework's own).

A city plugin extends casework through casework's hooks (``plugins/casework/hookspecs.py``) and
answers them with the values defined here: ``CaseKind`` for ``case_kinds``, ``Measure`` for
``outcome_measures``.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.casework.outcomes.measures import Measure

__all__ = ["CaseKind", "Measure"]


@dataclass(frozen=True)
class CaseKind:
    """A kind of case a city adds to the programme's own (``case_kinds``), with its name on the pages.

    ``name`` is the code value stored with each case (lower case, at most 20 characters); the
    city's ``retention_policies`` answer must give it a retention period, or the city does not start.
    """

    name: str
    label: object  # a lazy_gettext string, so that it follows the user's language
