"""What other plugins and the core's reports may read of casework: documented, and kept stable.

``disclosures_of_client(store, client_id)``
    Every disclosure of one client's information recorded at a multi-agency meeting, oldest first, for the
    client's access report (GDPR Art. 15; Act 703/2023 asks to whom a client's data was disclosed). Each is a
    mapping with ``meeting_id``, ``version``, ``case_id``, ``client_id``, ``city``, ``organisation`` (the
    recipient), ``basis`` (``consent`` or a legal basis code), ``provision`` (the act and section of a legal
    basis, else None), ``items`` (the code values of what was shared), ``at`` (when it was recorded) and
    ``actor`` and ``role`` (who recorded it). None of it is personal data beyond the ids.
"""

from __future__ import annotations

from plugins.casework.meetings.queries import disclosures_of_client

__all__ = ["disclosures_of_client"]
