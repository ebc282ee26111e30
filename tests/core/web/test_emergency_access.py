"""Emergency access ("break the glass"): a reason, one hour, a record of it the coordinator sees."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from core.access_log import AccessEntry, access_entries
from core.emergency import EmergencyAccess, break_glass, has_emergency_access
from core.demo import demo_actors
from tests.core.specimen import domain as notebooks
from tests.core.web.conftest import events_after, head, in_english, notebook_ids

NAME = "Routa-Kaksi"
REASON = "The person called in crisis and their worker is on leave"


@pytest.fixture
def stray(instance):
    """A Helsinki notebook that no one keeps, as its id (hex)."""
    coordinator = demo_actors("helsinki")["coordinator"]
    return notebooks.start(instance.store, coordinator, "helsinki", NAME).hex


def test_a_record_out_of_scope_answers_403_with_the_break_glass_form(browser, stray):
    page = in_english(browser, "worker.helsinki").get(f"/notebooks/{stray}")
    assert page.status_code == 403
    assert NAME not in page.text
    assert 'action="/emergency-access"' in page.text
    assert f'name="record_id" value="{stray}"' in page.text
    assert 'name="reason"' in page.text


def test_a_short_reason_is_refused_and_kept(browser, instance, stray):
    worker = in_english(browser, "worker.helsinki")
    worker.get(f"/notebooks/{stray}")
    before = head(instance.store)
    page = worker.post("/emergency-access", {"record_id": stray, "reason": "  urgent  "})
    assert page.status_code == 422
    assert "urgent" in page.text.split('name="reason"')[1].split("</textarea>")[0]
    assert 'id="reason-error"' in page.text and 'aria-describedby="reason-error"' in page.text
    assert f'name="record_id" value="{stray}"' in page.text  # the form can be sent again
    assert head(instance.store) == before
    assert not has_emergency_access(instance.store, "worker.helsinki", stray)
    assert worker.get(f"/notebooks/{stray}").status_code == 403


def test_a_proper_reason_opens_the_record_for_an_hour_and_is_recorded(browser, instance, stray):
    store = instance.store
    worker = in_english(browser, "worker.helsinki")
    worker.get(f"/notebooks/{stray}")
    before, started = head(store), datetime.now(timezone.utc)
    granted = worker.post("/emergency-access", {"record_id": stray, "reason": REASON})
    assert granted.status_code == 302 and granted.headers["Location"].endswith(f"/notebooks/{stray}")
    [glass] = events_after(store, before)
    assert isinstance(glass, EmergencyAccess.GlassBroken)
    assert (glass.record_id, glass.record_city, glass.reason) == (stray, "helsinki", REASON)
    assert (glass.meta.actor_id, glass.meta.reason) == ("worker.helsinki", REASON)
    assert timedelta(minutes=59) < glass.until - started <= timedelta(minutes=60, seconds=5)

    before = head(store)
    page = worker.get(f"/notebooks/{stray}")
    assert page.status_code == 200 and NAME in page.text
    [viewed] = events_after(store, before)
    assert isinstance(viewed, AccessEntry.PersonalDataViewed) and viewed.purpose == "emergency access"
    assert [e.purpose for e in access_entries(store, user_id="worker.helsinki")] == ["emergency access"]
    assert store.verify().ok

    dashboard = in_english(browser, "coordinator.helsinki").get("/")
    assert REASON in dashboard.text and "worker.helsinki" in dashboard.text
    review = in_english(browser, "coordinator.helsinki").get("/audit/emergency-access")
    assert review.status_code == 200 and REASON in review.text and stray in review.text
    assert REASON in browser("auditor.national").get("/audit/emergency-access").text
    assert REASON not in browser("coordinator.turku").get("/").text  # another city's coordinator is not told


def test_the_grant_expires_after_sixty_minutes(browser, instance, stray):
    store, worker = instance.store, demo_actors("helsinki")["worker"]
    t0 = datetime.now(timezone.utc) - timedelta(hours=2)
    until = break_glass(store, worker, stray, "helsinki", REASON, now=t0)
    assert until == t0 + timedelta(minutes=60)
    assert has_emergency_access(store, "worker.helsinki", stray, now=t0 + timedelta(minutes=59, seconds=59))
    assert not has_emergency_access(store, "worker.helsinki", stray, now=t0 + timedelta(minutes=60))
    assert not has_emergency_access(store, "worker.helsinki", stray, now=t0 + timedelta(hours=5))
    assert not has_emergency_access(store, "coordinator.helsinki", stray, now=t0)  # the grant is personal
    assert browser("worker.helsinki").get(f"/notebooks/{stray}").status_code == 403  # that grant ended an hour ago


def test_breaking_the_glass_for_another_citys_record_answers_404(browser, instance):
    store = instance.store
    worker = browser("worker.helsinki")
    turku_notebook = notebook_ids(instance, "turku")[0]
    before = head(store)
    assert worker.post("/emergency-access", {"record_id": turku_notebook, "reason": REASON}).status_code == 404
    assert worker.post("/emergency-access", {"record_id": uuid.uuid4().hex, "reason": REASON}).status_code == 404
    assert head(store) == before
    assert worker.get(f"/notebooks/{turku_notebook}").status_code == 404


def test_the_glass_opens_only_records_the_role_could_open(browser, instance, stray):
    trainer = browser("trainer.helsinki")  # holds dashboard.view, not the notebook's specimen.read
    before = head(instance.store)
    assert trainer.post("/emergency-access", {"record_id": stray, "reason": REASON}).status_code == 403
    assert head(instance.store) == before
    assert not has_emergency_access(instance.store, "trainer.helsinki", stray)


def test_the_review_pages_through_every_grant_of_the_city(browser, instance, stray):
    """Break-the-glass is rare, but the review must reach every grant, however many there were."""
    import re
    store, worker = instance.store, demo_actors("helsinki")["worker"]
    first = datetime.now(timezone.utc) - timedelta(days=30)
    for i in range(120):  # some share their time: the page's end falls between grants of one moment
        break_glass(store, worker, stray, "helsinki", f"{REASON} ({i})", now=first + timedelta(hours=i // 3))
    break_glass(store, demo_actors("turku")["worker"], notebook_ids(instance, "turku")[0], "turku", REASON)
    coordinator = browser("coordinator.helsinki")
    seen, path = [], "/audit/emergency-access"
    while path:
        page = coordinator.get(path)
        assert page.status_code == 200
        seen += re.findall(r"<td>([^<]*\(\d+\))</td>", page.text)
        found = re.search(r'<a rel="next" href="([^"]+)"', page.text)
        path = found[1].replace("&amp;", "&") if found else None
    assert sorted(seen) == sorted(f"{REASON} ({i})" for i in range(120))  # each once, none of Turku's
    bad = coordinator.get("/audit/emergency-access?before=12.zz")
    assert bad.status_code == 422 and 'id="before-error"' in bad.text
