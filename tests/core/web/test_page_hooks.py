"""Navigation and dashboard widgets: the core's own come through the hooks, and the core filters by permission."""

from __future__ import annotations

import re
import types

from flask_login import current_user

from core.extensions import NavEntry, Widget
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from tests.core import specimen
from tests.core.web.conftest import in_english
from tests.core.web.test_web_hooks import app_for, nav, signed_in, specimen_settings


def english(app, username):
    """Sign in to an app of one's own and switch to English."""
    user = signed_in(app, username)
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user


def menu(user) -> list[tuple[str, str]]:
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', nav(user.get("/")))


def test_hook_navigation_brings_the_cores_own_entries_in_order_filtered_by_permission(browser):
    assert menu(in_english(browser, "worker.helsinki")) == [
        ("/", "Dashboard"), ("/notebooks/", "Notebooks"), ("/tokens", "API tokens")]
    assert menu(in_english(browser, "coordinator.helsinki")) == [
        ("/", "Dashboard"), ("/notebooks/", "Notebooks"), ("/audit/emergency-access", "Emergency access"),
        ("/tokens", "API tokens")]
    assert menu(in_english(browser, "auditor.national")) == [
        ("/", "Dashboard"), ("/audit/access-log", "Access log"), ("/audit/verify", "Seal chain"),
        ("/audit/emergency-access", "Emergency access"), ("/audit/events/", "Event log"),
        ("/audit/as-of", "Record as of a day"), ("/audit/register/", "Register of processing"), ("/tokens", "API tokens")]
    assert set(menu(in_english(browser, "trainer.helsinki"))) == {("/", "Dashboard"), ("/tokens", "API tokens")}


def fake_plugin(tmp_path, **hooks) -> PluginInfo:
    module = types.ModuleType("fake_pages")
    module.__file__ = str(tmp_path / "plugin.py")  # no templates folder beside it
    module.requires = ()
    for name, fn in hooks.items():
        setattr(module, name, hookimpl(fn))
    return PluginInfo("pages", module, "1.0", ())


def test_hook_navigation_a_plugin_entry_is_shown_only_to_holders_of_its_permission(database_url, tmp_path):
    entry = NavEntry("Review emergencies", "audit.emergency", "emergency.review", order=1)
    installed = specimen.installed(fake_plugin(tmp_path, navigation=lambda account: [entry]))
    settings = specimen_settings(database_url)
    oulu = settings.cities["oulu"]
    settings.cities["oulu"] = type(oulu)(oulu.slug, oulu.name, oulu.language, (*oulu.plugins, "pages"))
    with app_for(settings, installed) as (app, _inst):
        coordinator = menu(english(app, "coordinator.oulu"))
        assert coordinator[:2] == [("/", "Dashboard"), ("/audit/emergency-access", "Review emergencies")]
        assert ("/audit/emergency-access", "Review emergencies") not in menu(english(app, "worker.oulu"))
        assert ("/audit/emergency-access", "Review emergencies") not in menu(english(app, "coordinator.turku"))


def widgets(user) -> list[str]:
    return re.findall(r'<section class="widget">(.*?)</section>', user.get("/").text, re.S)


def test_hook_dashboard_widgets_the_cores_emergency_widget_comes_through_the_hook(browser):
    assert any("Emergency access to review" in w for w in widgets(in_english(browser, "coordinator.helsinki")))
    assert any("Emergency access to review" in w for w in widgets(in_english(browser, "auditor.national")))
    assert not any("Emergency access to review" in w for w in widgets(in_english(browser, "worker.helsinki")))


def test_hook_dashboard_widgets_context_is_computed_only_for_holders_of_the_permission(database_url, tmp_path):
    computed = []

    def counted():
        computed.append(current_user.username)
        return {"count": 7}

    widget = Widget("specimen/widget.html", "audit.read_access_log", counted)
    installed = specimen.installed(fake_plugin(tmp_path, dashboard_widgets=lambda account: [widget]))
    settings = specimen_settings(database_url)
    helsinki = settings.cities["helsinki"]
    settings.cities["helsinki"] = type(helsinki)(helsinki.slug, helsinki.name, helsinki.language,
                                                 (*helsinki.plugins, "pages"))
    with app_for(settings, installed) as (app, _inst):
        for username in ("worker.helsinki", "coordinator.helsinki", "trainer.helsinki"):
            assert not any("7 open notebooks" in w for w in widgets(english(app, username)))
        assert computed == []
        assert any("7 open notebooks" in w for w in widgets(english(app, "auditor.national")))
        assert set(computed) == {"auditor.national"}
