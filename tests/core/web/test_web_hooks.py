"""The web hooks: each is tested through the pages and the API it shapes, plus a city's template override."""

from __future__ import annotations

import re
import types
import uuid

import pytest

from core.auth.service import find_account, issue_token
from core.config import CitySettings
from core.demo import demo_actors
from core.errors import StartupError
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from core.testing import running_app, settings_for
from core.testing.web import default_cities
from tests.core import specimen
from tests.core.specimen import domain as notebooks
from tests.core.specimen.plugin import DEMO_NAMES
from tests.core.web.conftest import Browser, head, in_english, notebook, notebook_ids

WITHOUT_SPECIMEN = CitySettings("turku", "Turku", "fi", ())


def specimen_settings(database_url, installed=None, **overrides):
    """Settings for the pilot cities running the specimen (and the installed city plugins), some cities overridden."""
    return settings_for(database_url, {**default_cities(installed or specimen.installed()), **overrides})


def app_for(settings, installed=None, demo=True):
    """The app on settings of a test's own, with the specimen installed unless told otherwise."""
    return running_app(settings, installed or specimen.installed(), demo)


def signed_in(app, username) -> Browser:
    user = Browser(app)
    assert user.login(username).status_code == 302, username
    return user


def nav(page) -> str:
    return re.search(r"<nav\b.*?</nav>", page.text, re.S).group(0)


def bearer(store, username) -> dict:
    token = issue_token(store, find_account(store, username=username), "hook test")
    return {"Authorization": f"Bearer {token}"}


def note(user, notebook_id, instance):
    """Send the note form of a notebook, at its current version."""
    version = notebook(instance, notebook_id).version
    return user.post(f"/notebooks/{notebook_id}/notes", {"version": str(version), "pages": "2"})


# -- blueprints ----------------------------------------------------------------

def test_hook_blueprints_registers_plugin_pages_and_hides_them_where_the_plugin_is_off(database_url):
    with app_for(specimen_settings(database_url, turku=WITHOUT_SPECIMEN)) as (app, inst):
        assert app.extensions["exitfi_blueprint_owners"]["specimen"] == "specimen"
        assert any(rule.rule == "/notebooks/<notebook_id>" for rule in app.url_map.iter_rules())
        own = notebook_ids(inst, "helsinki")[0]
        helsinki, turku = signed_in(app, "worker.helsinki"), signed_in(app, "worker.turku")
        assert helsinki.get("/notebooks/").status_code == 200
        assert helsinki.get(f"/notebooks/{own}").status_code == 200
        assert turku.get("/notebooks/").status_code == 404  # the permission is held; the city does not run the plugin
        assert turku.get(f"/notebooks/{own}").status_code == 404
        assert turku.post(f"/notebooks/{own}/notes", {"version": "3", "pages": "2"}).status_code == 404
        assert 'href="/notebooks/"' not in turku.get("/").text
        api = app.test_client().get("/api/v1/notebooks/", headers=bearer(inst.store, "worker.turku"))
        assert api.status_code == 404 and api.json["error"]["code"] == "not_found"
        assert notebook_ids(inst, "turku") == []  # nor did the plugin add demo data there


# -- api_blueprints ------------------------------------------------------------

def test_hook_api_blueprints_mounts_plugin_api_under_api_v1_and_documents_it(app, instance):
    client = app.test_client()
    spec = client.get("/api/v1/openapi.json").json
    assert {"/api/v1/notebooks/", "/api/v1/notebooks/{notebook_id}",
            "/api/v1/notebooks/{notebook_id}/notes"} <= set(spec["paths"])
    assert "api_specimen" in {tag["name"] for tag in spec["tags"]}
    assert "/api/v1/notebooks/{notebook_id}/notes" in client.get("/api/v1/docs").text
    api = app.test_client()  # a client of its own: the docs page above set a session cookie
    assert api.get("/api/v1/notebooks/").status_code == 401
    listed = app.test_client().get("/api/v1/notebooks/", headers=bearer(instance.store, "worker.helsinki"))
    assert listed.status_code == 200
    assert sorted(n["notebook_id"] for n in listed.json) == notebook_ids(instance, "helsinki")
    assert all(n["name"].endswith("(Helsinki)") for n in listed.json)


# -- permissions ---------------------------------------------------------------

def test_hook_permissions_of_a_plugin_reach_the_guard(app, browser, instance):
    permissions = app.extensions["exitfi"].permissions
    assert permissions.roles_for("specimen.write", "helsinki") == {"exit_worker", "city_coordinator"}
    own = notebook_ids(instance, "helsinki")[0]
    assert browser("worker.helsinki").get("/notebooks/").status_code == 200
    assert browser("coordinator.helsinki").get(f"/notebooks/{own}").status_code == 200
    trainer = browser("trainer.helsinki")
    assert trainer.get("/notebooks/").status_code == 403
    before = head(instance.store)
    assert note(trainer, own, instance).status_code == 403
    assert head(instance.store) == before


def test_hook_permissions_a_city_override_changes_who_may_open_a_page(database_url):
    oulu = CitySettings("oulu", "Oulu", "fi", ("specimen",), options={"permissions": {
        "specimen.read": ["exit_worker", "city_coordinator", "trainer"],
        "specimen.write": ["city_coordinator"]}})
    with app_for(specimen_settings(database_url, oulu=oulu)) as (app, inst):
        trainer = signed_in(app, "trainer.oulu")
        assert trainer.get("/notebooks/").status_code == 200
        assert 'href="/notebooks/"' in nav(trainer.get("/"))
        assert signed_in(app, "trainer.helsinki").get("/notebooks/").status_code == 403
        worker_oulu, worker_helsinki = signed_in(app, "worker.oulu"), signed_in(app, "worker.helsinki")
        assert worker_oulu.get(f"/notebooks/{notebook_ids(inst, 'oulu')[0]}").status_code == 200
        assert note(worker_oulu, notebook_ids(inst, "oulu")[0], inst).status_code == 403
        assert note(worker_helsinki, notebook_ids(inst, "helsinki")[0], inst).status_code == 302


def test_hook_permissions_an_unknown_name_in_a_city_override_stops_start_up(database_url):
    oulu = CitySettings("oulu", "Oulu", "fi", ("specimen",), options={"permissions": {"specimen.reads": ["trainer"]}})
    with pytest.raises(StartupError) as err:
        with app_for(specimen_settings(database_url, oulu=oulu), demo=False):
            pass
    assert "city oulu: permission 'specimen.reads' in the configuration does not exist" in str(err.value)


@pytest.mark.parametrize("name", ["specimen.read", "dashboard.view"])
def test_hook_permissions_a_duplicate_name_stops_start_up(database_url, tmp_path, name):
    module = types.ModuleType("fake_duplicate")
    module.__file__ = str(tmp_path / "plugin.py")  # no templates folder beside it
    module.requires = ()
    module.permissions = hookimpl(lambda: {name: ("trainer",)})
    installed = specimen.installed(PluginInfo("duplicate", module, "1.0", ()))
    oulu = CitySettings("oulu", "Oulu", "fi", ("specimen", "duplicate"))
    with pytest.raises(StartupError) as err:
        with app_for(specimen_settings(database_url, oulu=oulu), installed, demo=False):
            pass
    assert f"permission {name!r} is defined twice" in str(err.value) and "\n" not in str(err.value)


# -- navigation ----------------------------------------------------------------

def test_hook_navigation_lists_entries_only_for_roles_allowed_to_open_them(browser):
    for username in ("worker.helsinki", "coordinator.helsinki"):
        menu = nav(in_english(browser, username).get("/"))
        assert re.search(r'<a href="/notebooks/">Notebooks</a>', menu), username
    for username in ("trainer.helsinki", "network_manager.helsinki", "administrator.helsinki",
                     "auditor.national", "national_coordinator.national"):
        menu = nav(browser(username).get("/"))
        assert 'href="/notebooks/"' not in menu and 'href="/"' in menu, username


# -- dashboard_widgets ---------------------------------------------------------

def notebooks_widget(user) -> str:
    page = user.get("/")
    found = [w for w in re.findall(r'<section class="widget">(.*?)</section>', page.text, re.S) if "/notebooks/" in w]
    return found[0] if found else ""


def test_hook_dashboard_widgets_shows_the_open_notebooks(browser, instance):
    store = instance.store
    coordinator_actor = demo_actors("helsinki")["coordinator"]
    worker, coordinator = browser("worker.helsinki"), browser("coordinator.helsinki")
    kept = len(DEMO_NAMES)
    assert f"{kept} open notebooks" in notebooks_widget(worker)
    stray = notebooks.start(store, coordinator_actor, "helsinki", "Routa-Kaksi")
    assert f"{kept} open notebooks" in notebooks_widget(worker)  # not kept by them
    assert f"{kept + 1} open notebooks" in notebooks_widget(coordinator)
    notebooks.keep(store, coordinator_actor, stray, "worker.helsinki")
    assert f"{kept + 1} open notebooks" in notebooks_widget(worker)
    notebooks.archive(store, coordinator_actor, stray, "The person moved abroad")
    assert f"{kept} open notebooks" in notebooks_widget(worker)
    assert f"{kept} open notebooks" in notebooks_widget(coordinator)
    notebooks.keep(store, demo_actors("oulu")["coordinator"], notebook_ids(instance, "oulu")[0], "worker.helsinki")
    assert f"{kept} open notebooks" in notebooks_widget(worker)  # a notebook of another city does not count
    assert notebooks_widget(browser("trainer.helsinki")) == ""


# -- locate_record -------------------------------------------------------------

def test_hook_locate_record_lets_emergency_access_find_the_record(app, browser, instance):
    store = instance.store
    worker = browser("worker.helsinki")
    before = head(store)
    for record_id in (uuid.uuid4().hex, "not-a-record", ""):
        reason = "Checking a record that is not there at all"
        assert worker.post("/emergency-access", {"record_id": record_id, "reason": reason}).status_code == 404
    assert head(store) == before
    helsinki, turku = notebook_ids(instance, "helsinki")[0], notebook_ids(instance, "turku")[0]
    with app.test_request_context():
        locate = instance.host.hook("helsinki").locate_record
        assert locate(record_id=helsinki) == ("helsinki", f"/notebooks/{helsinki}", "specimen.read")
        assert locate(record_id=turku) == ("turku", f"/notebooks/{turku}", "specimen.read")
        assert locate(record_id=uuid.uuid4().hex) is None


# -- a city's template override ------------------------------------------------

OVERRIDE = """{% extends "specimen:specimen/notebook.html" %}
{% block notebook_extra %}<p class="flash info">Oulu: the Anchor team reads every notebook.</p>{% endblock %}
"""


def test_a_city_overrides_a_plugin_page_and_still_extends_the_original(database_url, tmp_path):
    (tmp_path / "templates" / "specimen").mkdir(parents=True)
    (tmp_path / "templates" / "specimen" / "notebook.html").write_text(OVERRIDE)
    module = types.ModuleType("city_oulu")
    module.__file__ = str(tmp_path / "plugin.py")
    installed = specimen.installed(PluginInfo("city_oulu", module, "1.0", ("specimen",)))
    with app_for(specimen_settings(database_url, installed), installed) as (app, inst):
        assert inst.settings.cities["oulu"].plugins == ("specimen", "city_oulu")
        page = signed_in(app, "coordinator.oulu").get(f"/notebooks/{notebook_ids(inst, 'oulu')[0]}")
        assert page.status_code == 200
        assert "Anchor team" in page.text
        assert "(Oulu)</h1>" in page.text and "First note about" in page.text and 'name="pages"' in page.text
        page = signed_in(app, "coordinator.helsinki").get(f"/notebooks/{notebook_ids(inst, 'helsinki')[0]}")
        assert page.status_code == 200
        assert "Anchor team" not in page.text
        assert "(Helsinki)</h1>" in page.text and "First note about" in page.text
