"""Browser fixtures: the app served on a free port, Debian's chromium driven by Playwright, axe on every page.

The server runs `create_app` in a background thread (werkzeug's `make_server`) over a SQLite instance with the
demo users and cases, its cities set up as the test kit sets them up. One server and one chromium serve
the whole session; every test gets a fresh browser context (no cookies shared between tests).

Without /usr/bin/chromium (or without the playwright package) the tests skip, unless EXITFI_REQUIRE_BROWSER is set
(.ci/run sets it): then they fail. A failed test leaves a screenshot and the page's HTML in test-artifacts/e2e/.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from core.auth.service import register_user
from core.demo import SETUP_ACTOR, demo_password, load_demo
from core.instance import Instance
from core.plugins import PluginHost
from core.store import Store
from core.testing import settings_for
from core.web import create_app
from tests.e2e.report import AUDITED, AXE_FINDINGS, AXE_TAGS, MISSING_TRANSLATIONS, artifacts_dir

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
AXE_JS = Path(__file__).resolve().parent / "assets" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
PASSWORD = demo_password()
SECOND_WORKER = "worker2.helsinki"  # cases are reassigned to this worker to take them out of worker.helsinki's scope

def _no_browser(reason: str):
    if os.environ.get("EXITFI_REQUIRE_BROWSER"):
        pytest.fail(f"EXITFI_REQUIRE_BROWSER is set but {reason}", pytrace=False)
    pytest.skip(reason)


# -- the server ---------------------------------------------------------------------------------------------------
@dataclass
class LiveServer:
    url: str
    app: object
    instance: Instance

    def translated(self, lang: str, message: str) -> str:
        """The app's own translation of a message in a language (the message itself when there is none yet)."""
        from flask_babel import force_locale, get_translations
        with self.app.test_request_context("/"), force_locale(lang):
            return get_translations().ugettext(message)


@pytest.fixture(scope="session")
def e2e_instance(tmp_path_factory):
    """A SQLite instance with the demo users and cases of three cities, plus a second Helsinki worker."""
    settings = settings_for(f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'exitfi-e2e.sqlite'}")
    host = PluginHost(settings)
    store = Store(settings.database_url, settings.master_key, settings.seal_key, host.projections())
    store.create_tables()
    instance = Instance(settings, host, store)
    load_demo(instance, echo=lambda message: None)
    register_user(store, SETUP_ACTOR, SECOND_WORKER, "Demo worker 2 (Helsinki)", PASSWORD, "helsinki",
                  roles=["exit_worker"], language="fi")
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def live_server(e2e_instance):
    """The app on 127.0.0.1 and a free port, served from a background thread."""
    from werkzeug.serving import make_server
    app = create_app({"EXITFI_INSTANCE": e2e_instance, "EXITFI_STRICT_I18N": True})
    app.extensions["exitfi_missing"] = MISSING_TRANSLATIONS  # reported at the end of the session
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="exitfi-e2e-server", daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, e2e_instance)
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


# -- the browser --------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium, headless, launched once for the session (never a browser downloaded by Playwright)."""
    if not Path(CHROMIUM).is_file():
        _no_browser(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is missing (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A page in a fresh context (English browser, no cookies); the app's CSP stays in force."""
    context = chromium.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.csp_violations = []
    page.on("console", lambda message: page.csp_violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield page
    context.close()


# -- axe ----------------------------------------------------------------------------------------------------------
def run_axe(page, source: str) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations (id, impact, help, targets)."""
    # page.add_script_tag inserts an inline <script>, which the app's CSP (script-src 'self') refuses.
    # page.evaluate runs through the DevTools protocol, outside the page's CSP, which thus stays in force.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
             .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 targets: v.nodes.map(n => n.target.join(' '))})))""",
        AXE_TAGS)


@dataclass
class Audit:
    """Check the page as it is now: fail on a serious or critical axe violation, or on a CSP violation."""

    request: pytest.FixtureRequest
    source: str = field(default_factory=lambda: AXE_JS.read_text(encoding="utf-8"))

    def __call__(self, page, label: str) -> list[dict]:
        violations = run_axe(page, self.source)
        where = {"test": self.request.node.name, "page": label, "url": page.url,
                 "lang": page.evaluate("() => document.documentElement.lang")}
        AUDITED.append(where)
        AXE_FINDINGS.extend({**where, **v} for v in violations)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe: serious/critical violations on {label} ({page.url}):\n" + "\n".join(
            f"  {v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in blocking)
        assert not page.csp_violations, f"CSP violations on {label}: {page.csp_violations}"
        return violations


@pytest.fixture
def audit(request):
    return Audit(request)


# -- reporting ----------------------------------------------------------------------------------------------------
@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, save a screenshot (and the HTML) of the test's page to test-artifacts/e2e/<test-name>.png."""
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.failed and report.when in ("setup", "call") and page is not None and not page.is_closed():
        name = re.sub(r"[^\w.-]+", "_", item.name)
        folder = artifacts_dir(item.config)
        try:
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            (folder / f"{name}.html").write_text(page.content(), encoding="utf-8")
            report.sections.append(("e2e artifacts", f"{folder / name}.png (and .html), at {page.url}"))
        except Exception as e:  # a crashed page must not hide the test's own failure
            report.sections.append(("e2e artifacts", f"no screenshot: {e}"))
    return report
