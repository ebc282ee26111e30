"""The write workload: cases opened, assigned and met through the casework service, as a city would."""

from __future__ import annotations

from datetime import date, timedelta

from bench import ACTOR, CITY, WORKER_ID
from plugins.casework import service
from plugins.casework.domain import KINDS, MEETING_MODES

COMMANDS_PER_CASE = 3  # open_case, assign_worker, record_meeting: one event each


def write_case(store, i: int) -> None:
    """Run the three commands of case number i."""
    case_id = service.open_case(store, ACTOR, CITY, KINDS[i % len(KINDS)], f"Bench client {i}", "agency")
    service.assign_worker(store, ACTOR, case_id, WORKER_ID)
    service.record_meeting(store, ACTOR, case_id, date(2026, 1, 1) + timedelta(days=i % 365),
                           MEETING_MODES[i % len(MEETING_MODES)], 45,
                           note=f"Bench meeting {i}: talked about work, housing and family.")
