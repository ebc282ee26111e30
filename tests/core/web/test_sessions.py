"""Sessions end on the server: a cookie copied before the event opens nothing after it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from core.auth.service import change_password, deactivate_user, sign_in, sign_out_everywhere
from core.events import Actor
from core.testing import PASSWORD

COOKIE = "exitfi_session"
ADMIN = Actor("cli:admin", "operator")


def copy_of_cookie(app, b, user_agent=None):
    """A client elsewhere holding a copy of the browser's session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, b.client.get_cookie(COOKIE).value)
    if user_agent:
        other.environ_base["HTTP_USER_AGENT"] = user_agent
    return other


def opens(client) -> bool:
    return client.get("/api/v1/me").status_code == 200


def test_logout_ends_the_session_for_every_copy_of_the_cookie(app, browser):
    worker = browser("worker.helsinki")
    copy = copy_of_cookie(app, worker)
    assert opens(copy) and copy.get("/notebooks/").status_code == 200
    assert worker.post("/logout", {}).status_code == 302
    assert copy.get("/api/v1/me").status_code == 401
    assert copy.get("/notebooks/").status_code == 302  # to sign in


@pytest.mark.parametrize("event", ["sign out everywhere", "deactivation", "password change"])
def test_an_account_event_ends_every_session_of_the_user(app, browser, instance, event):
    first, second = browser("worker.helsinki"), browser("worker.helsinki")
    copy = copy_of_cookie(app, first)
    assert opens(copy) and second.get("/api/v1/me").status_code == 200
    store = instance.store
    if event == "sign out everywhere":
        sign_out_everywhere(store, ADMIN, "worker.helsinki", "laptop stolen on 2026-11-26")
    elif event == "deactivation":
        deactivate_user(store, ADMIN, "worker.helsinki", "left the programme")
    else:
        change_password(store, ADMIN, "worker.helsinki", "an entirely new passphrase 2026")
    assert not opens(copy) and not opens(first.client) and not opens(second.client)
    if event != "deactivation":
        password = "an entirely new passphrase 2026" if event == "password change" else PASSWORD
        assert opens(browser("worker.helsinki").client) if event != "password change" else \
            browser().login("worker.helsinki", password).status_code == 302


def signed_in(app, client, account, session_id) -> dict:
    """What Flask-Login and the login view put into the session cookie, for this test client."""
    from flask_login.utils import _create_identifier
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    return {"_user_id": account.user_id, "sid": session_id, "_fresh": True, "_id": identifier}


def test_a_session_ends_after_its_absolute_lifetime(app, instance):
    twelve_hours_ago = datetime.now(timezone.utc) - timedelta(hours=12, minutes=1)
    account, session_id = sign_in(instance.store, "worker.helsinki", PASSWORD, 12, now=twelve_hours_ago)
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(signed_in(app, client, account, session_id))
    assert client.get("/api/v1/me").status_code == 401


def test_a_session_within_its_lifetime_opens(app, instance):
    account, session_id = sign_in(instance.store, "worker.helsinki", PASSWORD, 12)
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(signed_in(app, client, account, session_id))
    assert client.get("/api/v1/me").status_code == 200


def test_a_cookie_replayed_from_another_browser_is_refused(app, browser):
    worker = browser("worker.helsinki")
    assert opens(copy_of_cookie(app, worker))  # the same browser string: Flask-Login cannot tell
    elsewhere = copy_of_cookie(app, worker, user_agent="Mozilla/5.0 (elsewhere)")
    assert elsewhere.get("/api/v1/me").status_code == 401


def test_the_session_cookie_dies_with_the_browser(browser):
    worker = browser("worker.helsinki")
    cookie = worker.client.get_cookie(COOKIE)
    assert cookie.expires is None, "a permanent cookie outlives the browser and weakens replay protection"
