"""What good looks like: a new exit worker finds their caseload, records a meeting and sees it on the timeline."""

from __future__ import annotations

import re

from core.auth.service import register_user
from core.demo import SETUP_ACTOR, demo_actors
from core.testing import PASSWORD, database_text
from plugins.casework import service
from tests.plugins.casework.helpers import case_ids

CLIENT = "Zacharias Qwertyson-Ylönen"
NOTE = "Talked about leaving the Vyrkkäsolu group; next time with his sister"
WHY = "Screening agreed with the Anchor team"


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def timeline(html: str) -> list[str]:
    """The timeline's entries, newest first, as their inner HTML."""
    ol = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S).group(1)
    return re.findall(r"<li[^>]*>(.*?)</li>", ol, re.S)


def test_a_new_exit_worker_records_a_meeting_and_sees_it_on_the_timeline(browser, instance):
    store = instance.store
    register_user(store, SETUP_ACTOR, "aino.helsinki", "Aino (new exit worker)", PASSWORD, "helsinki",
                  roles=["exit_worker"], language="en")
    coordinator = demo_actors("helsinki")["coordinator"]
    case_id = service.open_case(store, coordinator, "helsinki", "individual", CLIENT, "family").hex
    service.assign_worker(store, coordinator, case_id, "aino.helsinki")
    service.change_phase(store, coordinator, case_id, "screening", WHY)

    aino = browser("aino.helsinki")
    dashboard = aino.get("/")
    assert "1 open case" in dashboard.text
    assert "/cases/" in links(dashboard.text)

    caseload = aino.get("/cases/")
    assert caseload.status_code == 200
    assert CLIENT in caseload.text  # decrypted for the page
    cases = [link for link in links(caseload.text) if re.fullmatch(r"/cases/[0-9a-f]{32}", link)]
    assert cases == [f"/cases/{case_id}"]  # their caseload: the one case assigned to them

    case = aino.get(f"/cases/{case_id}")
    assert case.status_code == 200 and CLIENT in case.text
    version = re.search(r'name="version" value="(\d+)"', case.text).group(1)
    sent = aino.post(f"/cases/{case_id}/meetings", {"version": version, "held_on": "2026-11-24",
                                                    "mode": "in_person", "minutes": "60", "note": NOTE})
    assert sent.status_code == 302

    case = aino.get(sent.headers["Location"])
    assert "The contact was recorded." in case.text
    meeting, phase, assigned, opened = timeline(case.text)
    assert "Contact recorded" in meeting and "2026-11-24" in meeting and "60 min" in meeting
    assert NOTE in meeting and "aino.helsinki" in meeting  # who did what
    assert "Phase changed" in phase and "coordinator.helsinki" in phase
    assert f"why: {WHY}" in phase  # and why
    assert "Worker assigned" in assigned and "Case opened" in opened

    store.datastore.engine.dispose()  # flush SQLite's WAL into the files read below
    dump = database_text(store)
    assert case_id.encode() in dump and b"aino.helsinki" in dump  # the dump really holds the case
    for secret in (CLIENT, "Qwertyson", NOTE, "Vyrkk\u00e4solu"):
        assert secret.encode() not in dump and secret.encode("utf-16-le") not in dump


def test_a_worker_opens_the_caseload_and_a_case(browser, instance):
    worker = browser("worker.helsinki")
    assert worker.get("/cases/").status_code == 200
    [first, *_] = case_ids(instance, "helsinki")
    assert worker.get(f"/cases/{first}").status_code == 200
