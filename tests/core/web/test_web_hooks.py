"""The web hooks: each is tested through the pages and the API it shapes, plus a city's template override."""

from __future__ import annotations

import re
import types
import uuid
from contextlib import contextmanager

import pytest

from core.auth.service import find_account, issue_token
from core.config import CitySettings
from core.demo import demo_actors, load_demo
from core.errors import StartupError
from core.extensions import RecordLocation
from core.hookspecs import hookimpl
from core.instance import Instance
from core.plugins import PluginHost, PluginInfo, discover
from core.store import Store
from core.web import create_app
from plugins.casework import service
from core.testing import MASTER_KEY, SEAL_KEY
from tests.core.web.conftest import FEATURES, Browser, case_ids, web_settings

WITHOUT_CASEWORK = CitySettings("turku", "Turku", "fi", ("referrals", "network", "training"))  # nor city_turku


@contextmanager
def app_for(settings, installed=None, demo=True):
    """Yield (app, instance) for settings of one's own, with demo data unless told otherwise."""
    host = PluginHost(settings, installed)
    store = Store(settings.database_url, MASTER_KEY, SEAL_KEY, host.projections())
    store.create_tables()
    inst = Instance(settings, host, store)
    try:
        if demo:
            load_demo(inst, echo=lambda m: None)
        yield create_app({"EXITFI_INSTANCE": inst, "TESTING": True}), inst
    finally:
        inst.close()


def signed_in(app, username) -> Browser:
    user = Browser(app)
    assert user.login(username).status_code == 302, username
    return user


def english(app, username) -> Browser:
    """Sign in to an app of one's own and switch to English."""
    user = signed_in(app, username)
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user


def in_english(browser, username):
    """Sign in and switch to English, so that texts do not depend on the translations."""
    user = browser(username)
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user


def head(store) -> int:
    with store.reading():
        return store.recorder.max_notification_id() or 0


def nav(page) -> str:
    return re.search(r"<nav\b.*?</nav>", page.text, re.S).group(0)


def bearer(store, username) -> dict:
    token = issue_token(store, find_account(store, username=username), "hook test")
    return {"Authorization": f"Bearer {token}"}


# -- blueprints ----------------------------------------------------------------

def test_hook_blueprints_registers_plugin_pages_and_hides_them_where_the_plugin_is_off(database_url):
    with app_for(web_settings(database_url, turku=WITHOUT_CASEWORK)) as (app, inst):
        assert app.extensions["exitfi_blueprint_owners"]["casework"] == "casework"
        assert any(rule.rule == "/cases/<case_id>" for rule in app.url_map.iter_rules())
        helsinki, turku = signed_in(app, "worker.helsinki"), signed_in(app, "worker.turku")
        assert helsinki.get("/cases/").status_code == 200
        assert helsinki.get("/cases/new").status_code == 200
        assert turku.get("/cases/").status_code == 404  # the permission is held; the city does not run casework
        assert turku.get("/cases/new").status_code == 404
        assert turku.post("/cases/new", {"pseudonym": "Varjo", "kind": "family", "channel": "phone"}).status_code == 404
        assert 'href="/cases/"' not in turku.get("/").text
        api = app.test_client().get("/api/v1/cases/", headers=bearer(inst.store, "worker.turku"))
        assert api.status_code == 404 and api.json["error"]["code"] == "not_found"
        assert case_ids(inst, "turku") == []


# -- api_blueprints ------------------------------------------------------------

def test_hook_api_blueprints_mounts_plugin_api_under_api_v1_and_documents_it(app, instance):
    client = app.test_client()
    spec = client.get("/api/v1/openapi.json").json
    assert {"/api/v1/cases/", "/api/v1/cases/{case_id}", "/api/v1/cases/{case_id}/meetings"} <= set(spec["paths"])
    assert "api_casework" in {tag["name"] for tag in spec["tags"]}
    assert "/api/v1/cases/{case_id}/meetings" in client.get("/api/v1/docs").text
    api = app.test_client()  # a client of its own: the docs page above set a session cookie
    assert api.get("/api/v1/cases/").status_code == 401
    listed = app.test_client().get("/api/v1/cases/", headers=bearer(instance.store, "worker.helsinki"))
    assert listed.status_code == 200
    assert sorted(c["case_id"] for c in listed.json) == case_ids(instance, "helsinki")
    assert all(c["pseudonym"].endswith("(Helsinki)") for c in listed.json)


# -- permissions ---------------------------------------------------------------

def test_hook_permissions_of_a_plugin_reach_the_guard(app, browser):
    permissions = app.extensions["exitfi"].permissions
    assert permissions.roles_for("casework.record_meeting", "helsinki") == {"exit_worker", "city_coordinator"}
    assert browser("worker.helsinki").get("/cases/").status_code == 200
    assert browser("coordinator.helsinki").get("/cases/new").status_code == 200
    trainer = browser("trainer.helsinki")
    assert trainer.get("/cases/").status_code == 403
    assert trainer.get("/cases/new").status_code == 403


def test_hook_permissions_a_city_override_changes_who_may_open_a_page(database_url):
    oulu = CitySettings("oulu", "Oulu", "fi", (*FEATURES, "city_oulu"), options={"permissions": {
        "casework.view_case": ["exit_worker", "city_coordinator", "trainer"],
        "casework.open_case": ["city_coordinator"]}})
    with app_for(web_settings(database_url, oulu=oulu)) as (app, inst):
        trainer = signed_in(app, "trainer.oulu")
        assert trainer.get("/cases/").status_code == 200
        assert 'href="/cases/"' in nav(trainer.get("/"))
        assert signed_in(app, "trainer.helsinki").get("/cases/").status_code == 403
        assert signed_in(app, "worker.oulu").get("/cases/new").status_code == 403
        assert signed_in(app, "worker.helsinki").get("/cases/new").status_code == 200


def test_hook_permissions_an_unknown_name_in_a_city_override_stops_start_up(database_url):
    oulu = CitySettings("oulu", "Oulu", "fi", (*FEATURES, "city_oulu"),
                        options={"permissions": {"casework.view_cases": ["trainer"]}})
    with pytest.raises(StartupError) as err:
        with app_for(web_settings(database_url, oulu=oulu), demo=False):
            pass
    assert "city oulu: permission 'casework.view_cases' in the configuration does not exist" in str(err.value)


@pytest.mark.parametrize("name", ["casework.view_case", "dashboard.view"])
def test_hook_permissions_a_duplicate_name_stops_start_up(database_url, tmp_path, name):
    module = types.ModuleType("fake_duplicate")
    module.__file__ = str(tmp_path / "plugin.py")  # no templates folder beside it
    module.requires = ()
    module.permissions = hookimpl(lambda: {name: ("trainer",)})
    installed = {**discover(), "duplicate": PluginInfo("duplicate", module, "1.0", ())}
    oulu = CitySettings("oulu", "Oulu", "fi", (*FEATURES, "city_oulu", "duplicate"))
    with pytest.raises(StartupError) as err:
        with app_for(web_settings(database_url, oulu=oulu), installed, demo=False):
            pass
    assert f"permission {name!r} is defined twice" in str(err.value) and "\n" not in str(err.value)


# -- navigation ----------------------------------------------------------------

def test_hook_navigation_lists_entries_only_for_roles_allowed_to_open_them(browser):
    for username in ("worker.helsinki", "coordinator.helsinki"):
        menu = nav(in_english(browser, username).get("/"))
        assert re.search(r'<a href="/cases/">Caseload</a>', menu), username
    for username in ("trainer.helsinki", "network_manager.helsinki", "administrator.helsinki",
                     "auditor.national", "national_coordinator.national"):
        menu = nav(browser(username).get("/"))
        assert 'href="/cases/"' not in menu and 'href="/"' in menu, username


# -- dashboard_widgets ---------------------------------------------------------

def caseload_widget(user) -> str:
    page = user.get("/")
    found = [w for w in re.findall(r'<section class="widget">(.*?)</section>', page.text, re.S) if "/cases/" in w]
    return found[0] if found else ""


def test_hook_dashboard_widgets_shows_the_caseload_count(browser, instance):
    store = instance.store
    coordinator_actor = demo_actors("helsinki")["coordinator"]
    worker, coordinator = in_english(browser, "worker.helsinki"), in_english(browser, "coordinator.helsinki")
    assert "4 open cases" in caseload_widget(worker)
    stray = service.open_case(store, coordinator_actor, "helsinki", "individual", "Routa-Kaksi", "phone")
    assert "4 open cases" in caseload_widget(worker)  # not assigned to them
    assert "5 open cases" in caseload_widget(coordinator)
    service.assign_worker(store, coordinator_actor, stray, "worker.helsinki")
    assert "5 open cases" in caseload_widget(worker)
    service.change_phase(store, coordinator_actor, stray, "closed", "The client moved abroad")
    assert "4 open cases" in caseload_widget(worker)
    assert "4 open cases" in caseload_widget(coordinator)
    service.assign_worker(store, demo_actors("oulu")["coordinator"], case_ids(instance, "oulu")[0], "worker.helsinki")
    assert "4 open cases" in caseload_widget(worker)  # a case of another city does not count
    assert caseload_widget(browser("trainer.helsinki")) == ""


# -- locate_record -------------------------------------------------------------

def test_hook_locate_record_lets_emergency_access_find_the_record(app, browser, instance):
    store = instance.store
    worker = browser("worker.helsinki")
    before = head(store)
    for record_id in (uuid.uuid4().hex, "not-a-record", ""):
        reason = "Checking a record that is not there at all"
        assert worker.post("/emergency-access", {"record_id": record_id, "reason": reason}).status_code == 404
    assert head(store) == before
    helsinki, turku = case_ids(instance, "helsinki")[0], case_ids(instance, "turku")[0]
    with app.test_request_context():
        assert instance.host.hook("helsinki").locate_record(record_id=helsinki) == RecordLocation(
            "helsinki", f"/cases/{helsinki}", "casework.view_case")
        assert instance.host.hook("helsinki").locate_record(record_id=turku).city == "turku"
        assert instance.host.hook("helsinki").locate_record(record_id=uuid.uuid4().hex) is None


# -- a city's template override ------------------------------------------------

def test_oulu_overrides_the_case_page_and_still_extends_the_original(browser, instance):
    page = in_english(browser, "coordinator.oulu").get(f"/cases/{case_ids(instance, 'oulu')[0]}")
    assert page.status_code == 200
    assert "Anchor team" in page.text
    assert '<ol class="timeline">' in page.text and "Case opened" in page.text and "coordinator.oulu" in page.text
    assert "First meeting with" in page.text and 'name="held_on"' in page.text  # the original's blocks are all there
    page = in_english(browser, "coordinator.helsinki").get(f"/cases/{case_ids(instance, 'helsinki')[0]}")
    assert page.status_code == 200
    assert "Anchor team" not in page.text
    assert '<ol class="timeline">' in page.text and "Case opened" in page.text
