"""Casework's hooks: others add panels and timeline entries to a case page; its personal data is declared."""

from __future__ import annotations

import inspect
import uuid
import re
import types
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from core.demo import demo_actors
from core.toolkit import TimelineEntry, Widget
from core.hookspecs import hookimpl
from core.plugins import PluginInfo, discover
from core.vault import Personal
from core.web import local_time
from plugins.casework import hookspecs, plugin, service
from plugins.casework.projections import cases
from core.testing import Browser, running_app, settings_for
from tests.plugins.casework.helpers import case_ids, city_rows



def english(app, username) -> Browser:
    """Sign in to an app of one's own and switch to English."""
    user = Browser(app)
    assert user.login(username).status_code == 302
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user


def panels(html: str) -> list[str]:
    """The case page's panels, without the referrals' and training's own (every case has one of each: its referrals
    out, and its workers' training)."""
    return [p for p in re.findall(r'<section class="panel">(.*?)</section>', html, re.S)
            if 'href="/referrals/' not in p and "Training of the case" not in p and "Asiakkuuden työntekijöiden" not in p]


def timeline(html: str) -> list[str]:
    ol = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S).group(1)
    return [re.sub(r"\s+", " ", item) for item in re.findall(r"<li[^>]*>(.*?)</li>", ol, re.S)]


def opened_at(inst, case_id):
    with inst.store.reading() as session:
        moment = session.execute(select(cases.c.opened_at).where(cases.c.case_id == case_id)).scalar_one()
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite hands back naive UTC


def with_plugin(database_url, tmp_path, city, **hooks):
    """Settings and installed plugins where one city also runs a fake plugin implementing casework's hooks."""
    module = types.ModuleType("fake_case_pages")
    module.__file__ = str(tmp_path / "plugin.py")  # no templates folder beside it
    module.requires = ()
    for name, fn in hooks.items():
        setattr(module, name, hookimpl(fn))
    configured = settings_for(database_url)
    own = configured.cities[city]
    configured.cities[city] = type(own)(own.slug, own.name, own.language, (*own.plugins, "case_pages"))
    return configured, {**discover(), "case_pages": PluginInfo("case_pages", module, "1.0", ())}


def test_hook_case_panels_oulu_shows_its_anchor_team_deadline_until_support_begins(browser, instance):
    oulu_coordinator = demo_actors("oulu")["coordinator"]
    oulu_case = service.open_case(instance.store, oulu_coordinator, "oulu", "individual", "Halla", "self").hex
    coordinator = browser("coordinator.oulu")
    assert coordinator.post("/language", {"language": "en", "next": "/"}).status_code == 302
    due = local_time(opened_at(instance, oulu_case) + timedelta(days=14), "%Y-%m-%d")  # a day in Finnish time
    page = coordinator.get(f"/cases/{oulu_case}")
    assert [p.strip() for p in panels(page.text)] == [f"<p>Agree this case with the Anchor team by {due}.</p>"]
    service.change_phase(instance.store, oulu_coordinator, oulu_case, "screening", "Exit work fits")
    assert panels(coordinator.get(f"/cases/{oulu_case}").text) != []  # still before support
    service.screen_case(instance.store, oulu_coordinator, oulu_case, "screened_in", "Agreed with the Anchor team")
    assert panels(coordinator.get(f"/cases/{oulu_case}").text) == []
    helsinki = browser("coordinator.helsinki").get(f"/cases/{case_ids(instance, 'helsinki')[0]}")
    assert helsinki.status_code == 200 and panels(helsinki.text) == []


def test_hook_case_panels_a_panel_and_its_context_only_for_holders_of_its_permission(database_url, tmp_path):
    seen = []

    def case_panels(case):
        def context():
            seen.append(case["case_id"])
            return {"grants": []}
        return [Widget("core/emergency_widget.html", "emergency.review", context)]

    configured, installed = with_plugin(database_url, tmp_path, "helsinki", case_panels=case_panels)
    with running_app(configured, installed) as (site, inst):
        own = case_ids(inst, "helsinki")[0]
        worker_case = next(c for c in case_ids(inst, "helsinki") if c != own)
        service.assign_worker(inst.store, demo_actors("helsinki")["coordinator"], worker_case, "worker.helsinki")
        assert panels(english(site, "worker.helsinki").get(f"/cases/{worker_case}").text) == []
        assert seen == []
        shown = panels(english(site, "coordinator.helsinki").get(f"/cases/{own}").text)
        assert len(shown) == 1 and "Emergency access to review" in shown[0]
        assert seen == [own]
        new_in_oulu = next(r.case_id for r in city_rows(inst, "oulu") if r.phase == "first_contact")
        oulu = panels(english(site, "coordinator.oulu").get(f"/cases/{new_in_oulu}").text)
        assert len(oulu) == 1 and "Anchor team" in oulu[0]  # Oulu does not run the fake plugin: only its own panel


def test_hook_case_timeline_entries_of_another_plugin_merge_with_the_cases_events(database_url, tmp_path):
    def case_timeline(case):
        assert case["opened_at"].tzinfo is not None  # on SQLite as on PostgreSQL
        return [TimelineEntry(case["opened_at"] - timedelta(days=1), "Referral received", "network_manager.helsinki",
                              "network_manager"),
                TimelineEntry(datetime.now(timezone.utc) + timedelta(days=1), "Referral sent", "worker.helsinki",
                              "exit_worker", reason="Needs housing",
                              detail=f"to the housing service ({case['city']}, phase {case['phase']})")]

    configured, installed = with_plugin(database_url, tmp_path, "helsinki", case_timeline=case_timeline)
    with running_app(configured, installed) as (site, inst):
        case_id = next(r.case_id for r in city_rows(inst, "helsinki") if r.phase == "first_contact")
        entries = timeline(english(site, "coordinator.helsinki").get(f"/cases/{case_id}").text)
        assert "Referral sent" in entries[0] and "Referral received" in entries[-1]  # merged by time, newest first
        assert "Case opened" in entries[-2]
        assert "<p>to the housing service (helsinki, phase first_contact)</p>" in entries[0]
        assert "worker.helsinki (Exit worker)" in entries[0] and "why: Needs housing" in entries[0]
        oulu = english(site, "coordinator.oulu").get(f"/cases/{case_ids(inst, 'oulu')[0]}")
        assert "Referral sent" not in oulu.text  # Oulu does not run the plugin


def test_the_hook_documentation_names_every_fact_a_case_hands_over():
    doc = inspect.getdoc(hookspecs)
    assert all(f"``{fact}``" in doc for fact in hookspecs.CASE_FACTS)


def test_casework_declares_each_personal_field_its_case_events_hold(instance):
    held = {(f"{type(event).__qualname__}.{name}", value.category)
            for city in ("helsinki", "turku", "oulu") for case_id in case_ids(instance, city)
            for event in instance.store.events.get(uuid.UUID(case_id))
            for name, value in vars(event).items() if isinstance(value, Personal)}
    declared = {(stored, field.category) for field in plugin.personal_data() for stored in field.stored_in}
    assert {category for _, category in held} == {"identity", "note"}
    assert ("Case.Opened.pseudonym", "identity") in held and held <= declared
