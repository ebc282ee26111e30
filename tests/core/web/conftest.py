"""Web fixtures: an app on the test database with demo users, and signed-in clients."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.config import CitySettings, Settings
from core.demo import demo_password, load_demo
from core.instance import Instance
from core.plugins import PluginHost
from core.store import Store
from core.web import create_app
from tests.conftest import MASTER_KEY, SEAL_KEY

PASSWORD = demo_password()
FEATURES = ("casework", "referrals", "network", "training")


def web_settings(database_url: str, **overrides) -> Settings:
    """Settings for three cities running the bundled plugins."""
    cities = {slug: CitySettings(slug, slug.title(), "fi", (*FEATURES, f"city_{slug}"))
              for slug in ("helsinki", "turku", "oulu")}
    cities.update(overrides)
    return Settings(instance_dir=Path("."), database_url=database_url, master_key=MASTER_KEY, seal_key=SEAL_KEY,
                    secret_key=b"w" * 32, environment="development", cities=cities)


@pytest.fixture
def settings(database_url):
    return web_settings(database_url)


@pytest.fixture
def instance(settings):
    """An instance with demo users (ROLE.CITY, ROLE.national) and demo cases in every city."""
    host = PluginHost(settings)
    store = Store(settings.database_url, settings.master_key, settings.seal_key, host.projections())
    store.create_tables()
    inst = Instance(settings, host, store)
    load_demo(inst, echo=lambda m: None)
    yield inst
    inst.close()


@pytest.fixture
def app(instance):
    app = create_app({"EXITFI_INSTANCE": instance, "TESTING": True, "EXITFI_STRICT_I18N": True})
    yield app


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

    def login(self, username, password=PASSWORD):
        self.get("/login")
        response = self.post("/login", {"username": username, "password": password})
        self.get("/") if response.status_code == 302 else None
        return response


@pytest.fixture
def browser(app):
    """Make a browser-like client, signed in as the given user."""

    def make(username=None):
        b = Browser(app)
        if username:
            assert b.login(username).status_code == 302, f"{username} could not sign in"
        return b

    return make


def case_ids(instance, city: str) -> list[str]:
    """The demo case ids of a city."""
    from sqlalchemy import select

    from plugins.casework.projections import cases
    with instance.store.reading() as session:
        return [r.case_id for r in session.execute(select(cases.c.case_id).where(cases.c.city == city).order_by(cases.c.case_id))]


def head(store) -> int:
    """The position of the last record in the log."""
    with store.reading():
        return store.recorder.max_notification_id() or 0


def events_after(store, position: int) -> list:
    """The domain events recorded after a position, in log order."""
    with store.reading():
        return [store.mapper.to_domain_event(n) for n in store.recorder.select_notifications(position + 1, 100_000)]


def in_english(browser, username):
    """Sign in and switch to English, so that texts do not depend on the translations."""
    user = browser(username)
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user
