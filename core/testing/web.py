"""Instances, apps and clients for tests: signed-in browsers and bearer-token API clients."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

from core.config import CitySettings, Settings
from core.demo import demo_password, load_demo
from core.testing.demo_copy import copy_or_write
from core.instance import Instance
from core.plugins import PluginHost, PluginInfo, discover
from core.store import Store

PASSWORD = demo_password()
PILOT_CITIES = ("helsinki", "turku", "oulu")
# As in the default configuration (core.config).
PILOT_OPTIONS = {"oulu": {"assessment_approval": True}, "turku": {"follow_up_months": [3, 6, 12, 24]}}


def default_cities(installed: dict[str, PluginInfo] | None = None) -> dict[str, tuple[str, ...]]:
    """The three pilot cities, each running every installed feature plugin and its own city plugin."""
    installed = discover() if installed is None else installed
    features = tuple(sorted(name for name in installed if not name.startswith("city_")))
    return {slug: (*features, *([f"city_{slug}"] if f"city_{slug}" in installed else [])) for slug in PILOT_CITIES}


def settings_for(database_url: str, cities: dict | None = None, **overrides) -> Settings:
    """Settings for the given cities ({slug: plugins}), or the pilot cities; keys are the kit's fixed test keys."""
    from core.testing import MASTER_KEY, SEAL_KEY
    cities = default_cities() if cities is None else cities
    city_settings = {slug: plugins if isinstance(plugins, CitySettings) else
                     CitySettings(slug, slug.title(), "fi", tuple(plugins), dict(PILOT_OPTIONS.get(slug, {})))
                     for slug, plugins in cities.items()}
    values = dict(instance_dir=Path("."), database_url=database_url, master_key=MASTER_KEY, seal_key=SEAL_KEY,
                  secret_key=b"w" * 32, environment="development", cities=city_settings)
    values.update(overrides)
    return Settings(**values)


def build_instance(settings: Settings, demo: bool = True, installed: dict[str, PluginInfo] | None = None) -> Instance:
    """Open an instance on the settings' database, with the demo users and every plugin's demo data.

    `installed` stands for the plugins found through entry points (a test may add plugins of its own).
    """
    host = PluginHost(settings, installed)
    store = Store(settings.database_url, settings.master_key, settings.seal_key, host.projections())
    store.create_tables()
    instance = Instance(settings, host, store)
    instance.schema.stamp_heads()  # the tables are the models' own: a later `exitfi db upgrade` has nothing to do
    if demo:
        copy_or_write(instance, lambda: load_demo(instance, echo=lambda m: None))
    return instance


def csrf_of(html: str) -> str:
    """The CSRF token in a rendered page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class Browser:
    """A test client that signs in and posts forms with their CSRF token, as a browser would."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.csrf = None

    def get(self, path, **kw):
        response = self.client.get(path, **kw)
        if "csrf_token" in response.text:
            self.csrf = csrf_of(response.text)
        return response

    def post(self, path, data=None, **kw):
        if self.csrf is None:
            self.get("/login")
        return self.client.post(path, data={"csrf_token": self.csrf, **(data or {})}, **kw)

    def post_json(self, path, body, **kw):
        """A cookie-authenticated API write, with the session's CSRF token in its header."""
        if self.csrf is None:
            self.get("/")
        return self.client.post(path, json=body, headers={"X-CSRF-Token": self.csrf}, **kw)

    def login(self, username, password=PASSWORD):
        self.get("/login")
        response = self.post("/login", {"username": username, "password": password})
        self.get("/") if response.status_code == 302 else None
        return response


class ApiClient:
    """A client that sends a personal access token, as a script or another system would."""

    def __init__(self, app, token: str):
        self.client = app.test_client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, **kw):
        return self.client.get(path, headers=self.headers, **kw)

    def post(self, path, json=None, **kw):
        return self.client.post(path, json=json, headers=self.headers, **kw)

    def open(self, path, method="GET", **kw):
        return self.client.open(path, method=method, headers=self.headers, **kw)


def api_error(response, status: int, code: str | None = None) -> dict:
    """Assert that a response is the API's one error shape with this status (and code); return its error object."""
    assert response.status_code == status, response.text
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    return error


def html_lang(html: str) -> str | None:
    """The language a page declares in <html lang>."""
    found = re.search(r'<html lang="([^"]*)"', html)
    return found.group(1) if found else None


def switch_language(b: Browser, lang: str, back_to: str):
    """Choose a language in the header form, as a user would, and open the page it leads back to."""
    b.get(back_to)
    response = b.post("/language", {"language": lang, "next": back_to})
    assert response.status_code == 302, f"switching to {lang} answered {response.status_code}"
    assert response.headers["Location"].endswith(back_to)
    page = b.get(back_to)
    assert html_lang(page.text) == lang
    return page


@contextmanager
def running_app(settings: Settings, installed: dict[str, PluginInfo] | None = None, demo: bool = True):
    """Yield (app, instance) for settings and plugins of a test's own, closed afterwards."""
    from core.web import create_app
    instance = build_instance(settings, demo=demo, installed=installed)
    try:
        yield create_app({"EXITFI_INSTANCE": instance, "TESTING": True}), instance
    finally:
        instance.close()


def head(store) -> int:
    """The position of the last record in the log."""
    with store.reading():
        return store.recorder.max_notification_id() or 0


def events_after(store, position: int) -> list:
    """The domain events recorded after a position, in log order."""
    with store.reading():
        return [store.mapper.to_domain_event(n) for n in store.recorder.select_notifications(position + 1, 100_000)]
