"""Casework's public module: what other plugins and the core's reports may use of casework, kept stable.

A city plugin extends casework through casework's hooks (``plugins/casework/hookspecs.py``) and
answers them with the values defined here: ``CaseKind`` for ``case_kinds``, ``Measure`` for
``outcome_measures``.

``disclosures_of_client(store, client_id)``
    Every disclosure of one client's information recorded at a multi-agency meeting, oldest first, for the
    client's access report (GDPR Art. 15; Act 703/2023 asks to whom a client's data was disclosed). Each is a
    mapping with ``meeting_id``, ``version``, ``case_id``, ``client_id``, ``city``, ``organisation`` (the
    recipient), ``basis`` (``consent`` or a legal basis code), ``provision`` (the act and section of a legal
    basis, else None), ``items`` (the code values of what was shared), ``at`` (when it was recorded) and
    ``actor`` and ``role`` (who recorded it). None of it is personal data beyond the ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.casework.meetings.queries import disclosures_of_client
from plugins.casework.outcomes.measures import Measure

__all__ = ["CaseKind", "Measure", "disclosures_of_client"]


@dataclass(frozen=True)
class CaseKind:
    """A kind of case a city adds to the programme's own (``case_kinds``), with its name on the pages.

    ``name`` is the code value stored with each case (lower case, at most 20 characters); the
    city's ``retention_policies`` answer must give it a retention period, or the city does not start.
    """

    name: str
    label: object  # a lazy_gettext string, so that it follows the user's language
