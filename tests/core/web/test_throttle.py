"""Sign-in cannot be used to flood the log: attempts are throttled per address and per username, in the
database (so every worker sees the same counts), and attempts on a locked account write no event."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.auth import throttle
from core.auth.domain import User
from core.auth.service import LoginRefused, authenticate, register_user
from core.events import Actor
from core.testing import head
from core.testing import events_after

ADMIN = Actor("cli:admin", "operator")


def test_counts_are_shared_by_every_store_on_the_database(make_store):
    first, second = make_store(), make_store()  # two workers
    limits = {"username": 3}
    verdicts = [throttle.count(s, "username", "aino", limits) for s in (first, second, first, second)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert 0 < verdicts[-1].retry_after <= throttle.WINDOW.total_seconds()


def test_a_new_window_starts_the_count_again(store):
    then = datetime.now(timezone.utc) - throttle.WINDOW - timedelta(seconds=1)
    for _ in range(3):
        throttle.count(store, "address", "203.0.113.9", {"address": 3}, now=then)
    assert not throttle.count(store, "address", "203.0.113.9", {"address": 3}, now=then).allowed
    assert throttle.count(store, "address", "203.0.113.9", {"address": 3}).allowed


def test_attempts_on_a_locked_account_write_no_event(store):
    register_user(store, ADMIN, "aino.helsinki", "Aino", "a long passphrase 2026", "helsinki", roles=["exit_worker"])
    for _ in range(6):
        try:
            authenticate(store, "aino.helsinki", "wrong")
        except LoginRefused:
            pass
    position = head(store)
    for _ in range(20):
        try:
            authenticate(store, "aino.helsinki", "wrong")
        except LoginRefused as refused:
            assert str(refused) == "locked"
    assert head(store) == position, [type(e).__qualname__ for e in events_after(store, position)]
    assert any(isinstance(e, User.Locked) for e in events_after(store, 0))


def test_the_sign_in_page_answers_429_past_the_limit_and_writes_nothing(app, browser, instance):
    app.config["EXITFI_SIGN_IN_LIMITS"] = {**throttle.LIMITS, "address": 5}
    anonymous = browser()
    statuses = [anonymous.post("/login", {"username": f"nobody{i}", "password": "x"}).status_code for i in range(5)]
    assert statuses == [401] * 5
    position = head(instance.store)
    refused = anonymous.post("/login", {"username": "worker.helsinki", "password": "demo-exit-2026"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert head(instance.store) == position  # not even the right password signs in, and nothing is recorded


def test_one_username_is_throttled_from_any_address(app, instance):
    app.config["EXITFI_SIGN_IN_LIMITS"] = {**throttle.LIMITS, "username": 3}
    for i in range(4):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{i}"
        client.get("/login")
        with client.session_transaction() as session:
            csrf = session.get("csrf")
        status = client.post("/login", data={"csrf_token": csrf, "username": "coordinator.oulu",
                                             "password": "wrong"}).status_code
    assert status == 429


def test_wrong_tokens_are_throttled_per_address(app):
    app.config["EXITFI_SIGN_IN_LIMITS"] = {**throttle.LIMITS, "token": 3}
    client = app.test_client()
    statuses = [client.get("/api/v1/me", headers={"Authorization": "Bearer exitfi_guess"}).status_code
                for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_attempts_are_listed_for_an_administrator(store):
    throttle.count(store, "username", "aino.helsinki")
    throttle.count(store, "username", "aino.helsinki")
    throttle.count(store, "address", "203.0.113.9")
    rows = throttle.recent(store)
    assert [(r.key, r.count) for r in rows] == [("username:aino.helsinki", 2), ("address:203.0.113.9", 1)]


def test_an_administrator_sees_the_attempts_and_who_is_over_the_limit(app, browser):
    app.config["EXITFI_SIGN_IN_LIMITS"] = {**throttle.LIMITS, "username": 2}
    anonymous = browser()
    for _ in range(3):
        anonymous.post("/login", {"username": "coordinator.oulu", "password": "wrong"})
    admin = browser("administrator.helsinki")
    assert admin.post("/language", {"language": "en", "next": "/"}).status_code == 302
    page = admin.get("/audit/sign-in-attempts")
    assert page.status_code == 200 and 'href="/audit/sign-in-attempts"' in page.text
    assert '<tr class="over"><td>Username</td><td><code>coordinator.oulu</code></td><td>3</td><td>2</td>' in page.text
    assert browser("worker.helsinki").get("/audit/sign-in-attempts").status_code == 403


def test_signing_in_again_and_again_is_not_throttled_but_guessing_still_is(app, browser):
    app.config["EXITFI_SIGN_IN_LIMITS"] = {**throttle.LIMITS, "address": 14, "username": 3}
    for _ in range(8):  # more than the name's limit, each from a browser of its own (one address)
        assert browser().post("/login", {"username": "worker.helsinki", "password": "demo-exit-2026"}).status_code == 302
    guesses = [browser().post("/login", {"username": "worker.helsinki", "password": f"guess {i}"}).status_code
               for i in range(4)]
    assert guesses == [401, 401, 401, 429]
    # The address keeps every attempt: a valid account does not buy guesses at other names from it.
    others = [browser().post("/login", {"username": f"someone{i}.helsinki", "password": "x"}).status_code
              for i in range(3)]
    assert others == [401, 401, 429]
