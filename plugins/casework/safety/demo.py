"""A demonstration safety plan and an escalation to child protection that awaits the coordinator."""

from __future__ import annotations

from datetime import date, timedelta

from core.toolkit import finnish_today
from plugins.casework.safety import service


def add_demo_safety(store, worker, case_id, today: date | None = None) -> None:
    """Give a demo case a safety plan, revised once, and an escalation no coordinator has acknowledged."""
    today = today or finnish_today()  # the programme's day, as the rules count it
    service.revise_plan(store, worker, case_id, "Messages from old members; a car parked outside the flat.",
                        "Walking with the dog; calling the sister.", "The sister; the worker; the police at 112.",
                        "Change the phone number; no meetings in the old neighbourhood.", today - timedelta(days=30))
    service.revise_plan(store, worker, case_id, "Messages from old members; a car parked outside the flat.",
                        "Walking with the dog; calling the sister; the evening course.",
                        "The sister; the worker; the police at 112.",
                        "New phone number in use; the children are taken to school by the sister.",
                        today - timedelta(days=7))
    service.escalate(store, worker, case_id, "child_protection", today - timedelta(days=2),
                     "An old member waited outside the children's school and asked about their father.",
                     "child_welfare_notification")
