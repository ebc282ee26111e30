"""The auditor's record as of a day on the platform's own records: a case's earlier phase, an account's roles then."""

from __future__ import annotations

from datetime import datetime

from core.auth.service import find_account, grant_role, register_user
from core.demo import demo_actors
from core.events import Actor
from core.days import FINNISH_TIME
from plugins.casework import service
from tests.core.web.conftest import in_english

COORDINATOR = demo_actors("helsinki")["coordinator"]
OPERATOR = Actor("cli:admin", "operator")


def test_the_auditor_sees_a_case_in_the_phase_it_had_then(browser, instance, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr("eventsourcing.domain.datetime_now_with_tzinfo", lambda: datetime(2026, 2, 2, 9, tzinfo=FINNISH_TIME))
        case_id = service.open_case(instance.store, COORDINATOR, "helsinki", "individual", "Kide", "self")
        m.setattr("eventsourcing.domain.datetime_now_with_tzinfo", lambda: datetime(2026, 2, 5, 9, tzinfo=FINNISH_TIME))
        service.change_phase(instance.store, COORDINATOR, case_id, "screening", "fits exit work")
    auditor = in_english(browser, "auditor.national")
    then = auditor.get(f"/audit/as-of?record={case_id.hex}&date=2026-02-03")
    assert then.status_code == 200 and "Case" in then.text and "version 1 of 2" in then.text
    assert "first_contact" in then.text and "Kide" in then.text  # the pseudonym, revealed to the auditor
    assert "Case.PhaseChanged" in then.text and "fits exit work" in then.text
    now = auditor.get(f"/audit/as-of?record={case_id.hex}&date=2026-02-05")
    assert "version 2 of 2" in now.text and "screening" in now.text and "No events since." in now.text


def test_an_account_shows_the_roles_it_had_then(browser, instance, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr("eventsourcing.domain.datetime_now_with_tzinfo", lambda: datetime(2026, 2, 2, 9, tzinfo=FINNISH_TIME))
        register_user(instance.store, OPERATOR, "aino.helsinki", "Aino", "a long passphrase 2026", "helsinki",
                      roles=["exit_worker"])
        m.setattr("eventsourcing.domain.datetime_now_with_tzinfo", lambda: datetime(2026, 2, 9, 9, tzinfo=FINNISH_TIME))
        grant_role(instance.store, OPERATOR, "aino.helsinki", "city_coordinator")
    account = find_account(instance.store, username="aino.helsinki")
    page = in_english(browser, "auditor.national").get(f"/audit/as-of?record={account.user_id}&date=2026-02-03")
    assert page.status_code == 200 and "User" in page.text and "exit_worker" in page.text
    assert "city_coordinator" not in page.text.split("Events since")[0] and "User.RoleGranted" in page.text
