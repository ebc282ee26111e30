"""The retention run and erasure requests across the bundled plugins: each city's periods, each plugin's holds."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from core import retention
from core.auth.service import find_account
from core.cli import Context
from core.cli_retention import erasure, retention as retention_group
from core.days import finnish_today
from core.erasure import AlreadyErasedError, erase_person
from core.erasure_requests import ErasureRequest, recent_requests, request_erasure
from core.events import Actor
from core.testing import database_text
from core.vault import ERASED, vault_keys
from plugins.casework import service as casework
from plugins.casework.domain import KINDS
from plugins.casework.projections import cases
from plugins.training import service as training
from plugins.training.projections import participants
from plugins.training.queries import answers, attendance, session_row
from plugins.training.reports import figures

TODAY = finnish_today()
OPERATOR = Actor("cli:operator", "operator")


def years_later(years: int) -> date:
    """Today `years` later, as the retention periods count (28 February for a 29th in a common year)."""
    try:
        return TODAY.replace(year=TODAY.year + years)
    except ValueError:
        return TODAY.replace(year=TODAY.year + years, day=28)


TEN_YEARS, THIRTY_YEARS = years_later(10), years_later(30)


def coordinator(city: str) -> Actor:
    return Actor(f"coordinator.{city}", "city_coordinator", city)


def closed_case(instance, city: str, kind: str, pseudonym: str, client_id: uuid.UUID | None = None,
                full_name: str | None = None) -> uuid.UUID:
    """Open and close a case; return its client's id."""
    store, actor = instance.store, coordinator(city)
    case_id = casework.open_case(store, actor, city, kind, pseudonym, "self", client_id=client_id,
                                 full_name=full_name, birth_date=date(1990, 5, 17) if full_name else None,
                                 kinds=(*KINDS, "returnee"))
    casework.close_case(store, actor, case_id, "withdrawn", TODAY, summary=f"{pseudonym} moved on")
    return store.get(case_id).client_id


def open_case(instance, city: str, pseudonym: str, client_id: uuid.UUID | None = None) -> uuid.UUID:
    case_id = casework.open_case(instance.store, coordinator(city), city, "individual", pseudonym, "self",
                                 client_id=client_id)
    return instance.store.get(case_id).client_id


def trained(instance, name: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A Helsinki session tomorrow with one named participant who attends and answers; (session, participant)."""
    store, trainer = instance.store, Actor("trainer.helsinki", "trainer", "helsinki")
    held_on = TODAY + timedelta(days=1)
    session_id = training.plan_session(
        store, trainer, "helsinki", 12, title="Recognising violent extremism", held_on=held_on, format="in_person",
        duration_minutes=120, topics=["signs"], level="introductory", trainers=["trainer.helsinki"], capacity=10,
        funding_line="Grant", materials="Slides")
    participant_id, _, _ = training.register(store, trainer, session_id, "Harjula School", "education", "teacher",
                                             name, f"{name.split()[0].lower()}@example.org", today=TODAY)
    training.mark_attendance(store, trainer, session_id, participant_id, True, today=held_on)
    training.give_feedback(store, "helsinki", session_id, participant_id, 4, 2, 5, f"Thanks to {name}",
                           today=held_on)
    return session_id, participant_id


def run(instance, as_of: date, dry_run: bool = False) -> retention.RunReport:
    return retention.run(instance.store, instance.host, instance.settings, OPERATOR, as_of, dry_run=dry_run)


def actions(report) -> dict[uuid.UUID, str]:
    return {d.person_id: d.action for d in report.decisions}


def test_hook_retention_due_follows_each_citys_period_per_kind(instance):
    adult = closed_case(instance, "helsinki", "individual", "Aikuinen")
    family = closed_case(instance, "helsinki", "family", "Perhe")
    returnee = closed_case(instance, "turku", "returnee", "Palaaja")
    turku_adult = closed_case(instance, "turku", "individual", "Turkulainen")
    still_open = open_case(instance, "oulu", "Avoin")
    store, host, settings = instance.store, instance.host, instance.settings

    before = retention.due(store, host, settings, TEN_YEARS - timedelta(days=1))
    assert not {adult, family, returnee, turku_adult} & set(before)
    due = retention.due(store, host, settings, TEN_YEARS)
    assert {adult, turku_adult} <= set(due) and not {family, returnee, still_open} & set(due)
    assert [(d.ended_on, d.description) for d in due[adult]] == [
        (TEN_YEARS, "closed case of kind individual, kept 10 years after closure")]
    later = retention.due(store, host, settings, THIRTY_YEARS)
    assert {adult, family, returnee, turku_adult} <= set(later) and still_open not in later
    assert [d.description for d in later[returnee]] == ["closed case of kind returnee, kept 30 years after closure"]


def test_hook_retention_holds_names_the_open_case_and_the_running_period(instance):
    client = closed_case(instance, "turku", "returnee", "Palaaja")
    open_case(instance, "oulu", "Palaaja", client_id=client)  # the same client, taken on again in Oulu
    holds = retention.holds(instance.store, instance.host, instance.settings, client, TODAY)
    reasons = sorted(h.reason for h in holds)
    assert len(reasons) == 2
    assert reasons[0].startswith("closed case of kind returnee, kept 30 years after closure")
    assert reasons[0].endswith(f"until {THIRTY_YEARS.isoformat()}")
    assert reasons[1].startswith("the case is not closed (phase first_contact)")
    assert {h.until for h in holds} == {THIRTY_YEARS, None}
    assert retention.holds(instance.store, instance.host, instance.settings, uuid.uuid4(), TODAY) == []
    staff = find_account(instance.store, username="worker.helsinki")
    held = retention.holds(instance.store, instance.host, instance.settings, staff.user_id, TODAY)
    assert [h.reason.split(":")[0] for h in held] == ["an active staff account"]


def test_the_run_erases_each_city_on_its_own_schedule_and_is_recorded(instance, recorded):
    store = instance.store
    adult = closed_case(instance, "helsinki", "individual", "Aikuinen")
    returnee = closed_case(instance, "turku", "returnee", "Palaaja")
    turku_adult = closed_case(instance, "turku", "individual", "Turkulainen")
    moved = closed_case(instance, "helsinki", "individual", "Muuttanut")
    open_case(instance, "oulu", "Muuttanut", client_id=moved)  # due in Helsinki, held by Oulu's open case

    with recorded(store) as recording:
        report = run(instance, TEN_YEARS + timedelta(days=1))
    events = recording.events
    done = actions(report)
    assert (done[adult], done[turku_adult], done[moved]) == ("erase", "erase", "held")
    assert returnee not in done
    assert store.vault.is_erased(adult) and store.vault.is_erased(turku_adult)
    assert not store.vault.is_erased(moved) and not store.vault.is_erased(returnee)
    run_event = next(e for e in events if type(e).__name__ == "Completed")
    assert run_event.meta.actor_id == "cli:operator" and run_event.meta.role == "operator"
    assert {adult.hex, turku_adult.hex} <= set(run_event.erased) and moved.hex not in run_event.erased
    assert run_event.held == report.count("held") >= 1 and run_event.cities == ["helsinki", "oulu", "turku"]
    erased = {e.person_id: e.reason for e in events if type(e).__name__ == "PersonalDataErased"}
    assert set(erased) == {d.person_id for d in report.decisions if d.action == "erase"}
    assert "closed case of kind individual, kept 10 years after closure" in erased[adult]

    again = run(instance, THIRTY_YEARS + timedelta(days=1))
    assert actions(again)[adult] == "already erased" and actions(again)[returnee] == "erase"
    assert store.vault.is_erased(returnee) and store.verify().ok


def test_a_dry_run_lists_what_it_would_do_and_writes_nothing(instance):
    store = instance.store
    adult = closed_case(instance, "helsinki", "individual", "Aikuinen")
    head = store.recorder.max_notification_id()
    context = Context(None)
    context._instance = instance
    as_of = (TEN_YEARS + timedelta(days=1)).isoformat()
    result = CliRunner().invoke(retention_group, ["run", "--dry-run", "--as-of", as_of], obj=context)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if str(adult) in line)
    assert line.startswith("would erase") and "closed case of kind individual" in line and "Aikuinen" not in line
    assert "dry run, nothing written" in result.output
    assert store.recorder.max_notification_id() == head and not store.vault.is_erased(adult)

    result = CliRunner().invoke(retention_group, ["run", "--as-of", as_of], obj=context)
    assert result.exit_code == 0 and "recorded as retention run" in result.output
    assert next(line for line in result.output.splitlines() if str(adult) in line).startswith("erased")
    assert store.vault.is_erased(adult)


def test_training_participants_are_erased_after_their_day_and_the_figures_stay(instance):
    store = instance.store
    session_id, participant = trained(instance, "Aino Demola")
    with store.reading() as session:
        erase_after = session.execute(select(participants.c.erase_after).where(
            participants.c.participant_id == participant.hex)).scalar_one()
    before = (attendance(store, "helsinki"), answers(store, "helsinki"), figures(answers(store, "helsinki")),
              session_row(store, session_id.hex))
    assert participant not in actions(run(instance, erase_after - timedelta(days=1)))
    refused = request_erasure(store, instance.host, instance.settings, OPERATOR, participant, "by email", TODAY,
                              "trainer.helsinki")
    assert refused.state == "refused" and refused.reasons == [
        f"training session {session_id.hex}: participant's name, contact, feedback code and comments, kept 12 months "
        f"after the session (for the certificate of attendance and the session's follow-up), "
        f"until {erase_after.isoformat()}"]
    report = run(instance, erase_after)
    assert actions(report)[participant] == "erase"
    assert any("kept 12 months after the session" in d.line(False) for d in report.decisions
               if d.person_id == participant)
    assert store.vault.is_erased(participant)
    with store.reading() as session:
        row = session.execute(select(participants).where(participants.c.participant_id == participant.hex)).one()
    assert store.vault.reveal(row.name) is ERASED and store.vault.reveal(row.contact) is ERASED
    after = (attendance(store, "helsinki"), answers(store, "helsinki"), figures(answers(store, "helsinki")),
             session_row(store, session_id.hex))
    assert after == before


def test_an_erasure_request_is_refused_while_retention_runs_with_the_reason(instance):
    store = instance.store
    client = closed_case(instance, "helsinki", "family", "Perhe")
    head = store.recorder.max_notification_id()
    request = request_erasure(store, instance.host, instance.settings, OPERATOR, client, "the client, by letter",
                              TODAY, "coordinator.helsinki")
    assert request.state == "refused" and not store.vault.is_erased(client)
    assert len(request.reasons) == 1 and request.reasons[0].startswith("casework case ")
    assert "closed case of kind family, kept 30 years after closure" in request.reasons[0]
    assert f"until {THIRTY_YEARS.isoformat()}" in request.reasons[0]
    kept = store.get(request.id)
    assert isinstance(kept, ErasureRequest) and (kept.state, kept.reasons) == ("refused", request.reasons)
    assert (kept.received_on, kept.received_by) == (TODAY, "coordinator.helsinki")
    assert store.vault.reveal(kept.requester) == "the client, by letter"
    assert store.recorder.max_notification_id() == head + 2  # received and refused, one transaction

    context = Context(None)
    context._instance = instance
    result = CliRunner().invoke(erasure, ["request", str(client), "--requester", "the client, again",
                                          "--received-on", TODAY.isoformat()], obj=context)
    assert result.exit_code == 1 and "refused erasure request" in result.output
    assert "kept 30 years after closure" in result.output


def test_an_erasure_request_is_carried_out_once_nothing_holds_and_leaves_no_plaintext(instance):
    store = instance.store
    name, pseudonym = "Zacharias Qwertyson", "Qwertyson"
    client = closed_case(instance, "helsinki", "individual", pseudonym, full_name=name)
    later = TEN_YEARS + timedelta(days=1)
    request = request_erasure(store, instance.host, instance.settings, OPERATOR, client,
                              "Zacharias himself, by letter", later - timedelta(days=3), "dpo.national", today=later)
    assert request.state == "carried_out" and store.vault.is_erased(client)
    kept = store.get(request.id)
    assert kept.state == "carried_out" and store.vault.reveal(kept.requester) is ERASED
    with pytest.raises(AlreadyErasedError):
        request_erasure(store, instance.host, instance.settings, OPERATOR, client, "again", later, "dpo", today=later)
    with store.reading() as session:
        row = session.execute(select(cases.c.pseudonym).where(cases.c.client_id == client.hex)).one()
        key = session.execute(select(vault_keys).where(vault_keys.c.person_id == client.hex)).one()
    assert store.vault.reveal(row.pseudonym) is ERASED and key.wrapped_key is None and key.erased_at is not None
    store.datastore.engine.dispose()  # the SQLite WAL into the files searched
    dump = database_text(store)
    assert client.hex.encode() in dump  # the dump holds the person's records, by id
    for secret in (name, pseudonym, "Zacharias", f"{pseudonym} moved on"):
        assert secret.encode() not in dump and secret.encode("utf-16-le") not in dump
    assert store.verify().ok


def test_the_data_protection_officer_records_requests_on_the_page(instance, browser):
    client = closed_case(instance, "helsinki", "family", "Perhe")
    page = browser("data_protection_officer.national")
    bad = page.post("/audit/erasure-requests", {"person_id": "not an id", "requester": "by phone",
                                                "received_on": TODAY.isoformat()})
    assert bad.status_code == 422 and 'value="by phone"' in bad.text and 'aria-invalid="true"' in bad.text
    refused = page.post("/audit/erasure-requests", {"person_id": str(client), "requester": "the client, by phone",
                                                    "received_on": TODAY.isoformat()})
    assert refused.status_code == 302
    listed = page.get("/audit/erasure-requests").text
    assert "Pyyntö on kirjattu ja hylätty" in listed and "kept 30 years after closure" in listed  # the user reads fi
    assert "the client, by phone" in listed and client.hex in listed
    # An id no record holds (a slip of the keyboard) is not "erased" while the person's data stays: nothing is written.
    recorded = len(recent_requests(instance.store))
    mistyped = page.post("/audit/erasure-requests", {"person_id": str(uuid.uuid4()), "requester": "by letter",
                                                     "received_on": TODAY.isoformat()})
    assert mistyped.status_code == 422 and "Tällä henkilötunnisteella ei säilytetä henkilötietoja" in mistyped.text
    assert 'value="by letter"' in mistyped.text
    too_early = page.post("/audit/erasure-requests", {"person_id": str(client), "requester": "by letter",
                                                      "received_on": "0001-01-01"})
    assert too_early.status_code == 422 and len(recent_requests(instance.store)) == recorded  # neither recorded
    erased = closed_case(instance, "helsinki", "family", "Toinen")
    erase_person(instance.store, erased, "asked for by letter", OPERATOR)
    again = page.post("/audit/erasure-requests", {"person_id": str(erased), "requester": "by letter",
                                                  "received_on": TODAY.isoformat()})
    assert again.status_code == 422 and "Tämän henkilön tiedot on jo poistettu." in again.text
    assert browser("coordinator.helsinki").get("/audit/erasure-requests").status_code == 403
    assert browser("auditor.national").get("/audit/erasure-requests").status_code == 403  # auditors only read
