"""The Case aggregate keeps casework's rules; each use case records exactly its events, as its actor."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import ValidationError
from plugins.casework import service
from plugins.casework.domain import Case
from plugins.casework.workflow import NEXT_PHASES


def test_a_worker_who_opens_a_case_takes_it_on(store, recorded, worker, coordinator):
    with recorded(store) as log:
        by_worker = service.open_case(store, worker, "helsinki", "individual", "Lumi", "phone")
    log.assert_events(Case.Opened, Case.WorkerAssigned, actor=worker)
    assert store.get(by_worker).worker_id == "worker.helsinki"
    with recorded(store) as log:
        by_coordinator = service.open_case(store, coordinator, "helsinki", "family", "Kaarna", "agency")
    log.assert_events(Case.Opened, actor=coordinator)
    assert store.get(by_coordinator).worker_id is None


@pytest.mark.parametrize("kind, pseudonym, channel, fields", [
    ("burglary", "Lumi", "phone", {"kind"}),
    ("individual", "  ", "pigeon", {"pseudonym", "channel"}),
])
def test_a_case_with_bad_input_is_refused_and_nothing_recorded(store, recorded, coordinator, kind, pseudonym,
                                                                 channel, fields):
    with recorded(store) as log:
        with pytest.raises(ValidationError) as refused:
            service.open_case(store, coordinator, "helsinki", kind, pseudonym, channel)
    assert set(refused.value.messages) == fields
    log.assert_nothing()


def test_a_meeting_is_recorded_with_its_note_as_personal_data(store, recorded, coordinator, worker):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    with recorded(store) as log:
        service.record_meeting(store, worker, case_id, date(2026, 11, 2), "in_person", 45, note="first talk")
    log.assert_events(Case.MeetingRecorded, actor=worker)
    [meeting] = log.events
    assert (meeting.held_on, meeting.mode, meeting.minutes) == (date(2026, 11, 2), "in_person", 45)
    assert store.vault.reveal(meeting.note) == "first talk"
    for minutes in (0, 1441, True):
        with pytest.raises(ValidationError):
            service.record_meeting(store, worker, case_id, date(2026, 11, 2), "phone", minutes)


def test_a_case_moves_only_along_its_path_with_a_reason(store, recorded, coordinator):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    with recorded(store) as log:
        with pytest.raises(ValidationError, match="a case in first_contact can move to screening, closed, not to "
                                                  "support_plan"):
            service.change_phase(store, coordinator, case_id, "support_plan", "skipping ahead")
        with pytest.raises(ValidationError, match="needs a reason"):
            service.change_phase(store, coordinator, case_id, "screening", "  ")
    log.assert_nothing()
    with recorded(store) as log:
        service.change_phase(store, coordinator, case_id, "screening", "on to screening")
        with pytest.raises(ValidationError, match="leaves screening with the screening decision"):
            service.change_phase(store, coordinator, case_id, "assessment", "straight on")
        service.screen_case(store, coordinator, case_id, "screened_in", "fits exit work")
        service.change_phase(store, coordinator, case_id, "support_plan", "on to support_plan")
    log.assert_events(Case.PhaseChanged, Case.Screened, Case.PhaseChanged, Case.PhaseChanged, actor=coordinator)
    assert [e.meta.reason for e in log.events] == ["on to screening", "fits exit work", "fits exit work",
                                                   "on to support_plan"]
    assert store.get(case_id).phase == "support_plan"
    assert all(set(steps) <= set(NEXT_PHASES) for steps in NEXT_PHASES.values())
