"""Demonstration cases: invented pseudonyms, never real people."""

from __future__ import annotations

from datetime import date, timedelta

from plugins.casework import service

PSEUDONYMS = ("Lumi", "Kaarna", "Routa", "Sisu", "Tuisku", "Aava")


def add_demo_cases(store, city, users) -> None:
    """Open a few cases in the city, assign them and record meetings."""
    coordinator, worker = users.get("coordinator"), users.get("worker")
    if coordinator is None or worker is None:
        return
    for i, name in enumerate(PSEUDONYMS[:4]):
        kind = ("individual", "family", "anonymous", "consultation")[i]
        case_id = service.open_case(store, coordinator, city.slug, kind, f"{name} ({city.name})", "agency")
        service.assign_worker(store, coordinator, case_id, worker.user_id)
        service.record_meeting(store, worker, case_id, date(2026, 10, 1) + timedelta(days=7 * i),
                               "in_person", 60, note=f"First meeting with {name}.")
