"""The test kit: what a plugin's tests need to run against a real store and app, on SQLite and PostgreSQL.

It is a pytest plugin (entry point `pytest11: exitfi`), active wherever the platform is installed. Its
fixtures (documented in docs/plugins.md, "Testing a plugin"):

    database_url   an empty database, once on SQLite and once on PostgreSQL (EXITFI_TEST_DATABASE_URL)
    make_store     build stores with chosen projections on that database; `store`: one with the core's read models
    installed      the plugins the app may load: those installed through entry points; a suite overrides
                   it to add plugins of its own (the core's tests install only their test plugin)
    cities         the cities and their plugin sets (override the fixture, or mark a test
                   ``@pytest.mark.cities(helsinki=["casework", "city_helsinki"])``)
    instance       an instance with the demo users (ROLE.CITY, ROLE.national) and every plugin's demo data
    app            the web app on that instance, strict about untranslated messages
    browser        browser("worker.helsinki"): a client signed in with a session cookie, posting CSRF tokens
    api            api("worker.helsinki"): a client sending a bearer token of that user; `api_error(response, 422,
                   "validation")` asserts the API's one error shape and returns the error object
    recorded       ``with recorded(store) as log: ...`` then ``log.assert_events(Case.Opened, actor=...)``

and `database_text(store)`, every byte the test database holds, to show that no plaintext is stored;
`undeclared_personal_data(instance)`, each personal field the instance's log holds or its event classes type
as ``Personal`` that no ``personal_data`` declaration names (and each declared field no event has);
`followers_caught_up(store)`, which brings the read models that are not live up to the log's head, as
`exitfi projections follow` would (a test reads a follower's figures after it);
core.testing.forms, to read a rendered form (`field`, `marked`, `selected`, `textarea`);
and the authorization matrix (core.testing.matrix), to which each plugin adds the rows of its routes
(docs/testing-plugins.md).
"""

from core.testing.databases import database_text
from core.testing.recording import Recording, recorded
from core.testing.web import (PASSWORD, ApiClient, Browser, api_error, build_instance, csrf_of, events_after, head,
                              html_lang, running_app, settings_for, switch_language)

MASTER_KEY = bytes(range(32))
SEAL_KEY = bytes(range(32, 64))

__all__ = ["MASTER_KEY", "SEAL_KEY", "PASSWORD", "ApiClient", "Browser", "Recording", "api_error", "build_instance",
           "csrf_of", "database_text", "events_after", "followers_caught_up", "head", "html_lang", "recorded",
           "running_app", "settings_for", "switch_language", "undeclared_personal_data"]


def undeclared_personal_data(instance) -> list[str]:
    """What the register of processing misses: each message of ``exitfi plugins personal-data --check``."""
    from core.processing import undeclared_personal_data as stored, unmatched_declarations
    return [str(found) for found in (*stored(instance.store, instance.host), *unmatched_declarations(instance.host))]


def followers_caught_up(store) -> dict[str, int]:
    """Catch the store's follower read models up to the log's head, as `exitfi projections follow` does."""
    from core.follower import catch_up
    return catch_up(store)
