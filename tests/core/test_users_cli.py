"""The `exitfi users` commands: add, list, grant and deactivate staff accounts."""

from __future__ import annotations

import pytest

from tests.cli import run
from core.auth.domain import User, user_id_for
from core.auth.service import LoginRefused, authenticate, find_account
from core.instance import open_instance

GOOD = "quiet harbour lanterns 7"


@pytest.fixture
def instance(instance_folder, capsys):
    """An instance folder made by `exitfi init` (no demo data), its store on the test database."""
    assert run(capsys, "init")[0] == 0
    return instance_folder


def add(capsys, username="anna.virtanen", password=GOOD, *extra):
    return run(capsys, "users", "add", username, "--name", "Anna Virtanen", "--password", password, *extra)


def log_length() -> int:
    inst = open_instance()
    try:
        with inst.store.reading():
            return inst.store.recorder.max_notification_id() or 0
    finally:
        inst.close()


def account(username: str):
    inst = open_instance()
    try:
        return find_account(inst.store, username=username)
    finally:
        inst.close()


def sign_in(username: str, password: str):
    inst = open_instance()
    try:
        return authenticate(inst.store, username, password)
    finally:
        inst.close()


def test_an_added_user_can_sign_in(instance, capsys):
    code, out, err = add(capsys, "anna.virtanen", GOOD, "--city", "helsinki", "--role", "exit_worker",
                         "--language", "sv")
    assert code == 0, err
    assert out.strip() == "added anna.virtanen (exit_worker)"
    signed_in = sign_in("anna.virtanen", GOOD)
    assert (signed_in.username, signed_in.city, signed_in.roles, signed_in.language) == \
        ("anna.virtanen", "helsinki", {"exit_worker"}, "sv")
    with pytest.raises(LoginRefused):
        sign_in("anna.virtanen", GOOD + "!")

    inst = open_instance()
    try:
        [registered, *_] = list(inst.store.events.get(user_id_for("anna.virtanen")))
    finally:
        inst.close()
    assert isinstance(registered, User.Registered)
    assert registered.meta.actor_id.startswith("cli:") and registered.meta.role == "operator"


def test_list_shows_city_roles_and_state(instance, capsys):
    add(capsys, "anna.virtanen", GOOD, "--city", "helsinki", "--role", "exit_worker")
    add(capsys, "bo.lindqvist", "seven snowy owls at dusk", "--city", "turku", "--role", "trainer")
    add(capsys, "auditor.one", "ledger of quiet mornings", "--role", "auditor")
    code, out, _ = run(capsys, "users", "list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["anna.virtanen", "auditor.one", "bo.lindqvist"]
    assert lines[0].split()[1:] == ["helsinki", "exit_worker", "active"]
    assert lines[1].split()[1:] == ["national", "auditor", "active"]
    code, out, _ = run(capsys, "users", "list", "--city", "turku")
    assert [line.split()[0] for line in out.splitlines()] == ["bo.lindqvist"]


@pytest.mark.parametrize("password, rule", [
    ("tiny phrase", "must be at least 12 characters"),
    ("password123456", "is too common"),
    ("anna.virtanen-in-helsinki", "must not contain the username"),
])
def test_a_weak_password_is_refused_naming_the_rule(instance, capsys, password, rule):
    before = log_length()
    code, out, err = add(capsys, "anna.virtanen", password, "--city", "helsinki", "--role", "exit_worker")
    assert code == 2
    assert "password:" in err and rule in err
    assert "added" not in out
    assert log_length() == before and account("anna.virtanen") is None


def test_an_unknown_role_is_refused(instance, capsys):
    before = log_length()
    code, out, err = add(capsys, "anna.virtanen", GOOD, "--city", "helsinki", "--role", "exit_worker",
                         "--role", "wizard")
    assert code == 2 and "unknown role(s): wizard" in err
    assert log_length() == before and account("anna.virtanen") is None

    assert add(capsys, "anna.virtanen", GOOD, "--city", "helsinki", "--role", "exit_worker")[0] == 0
    before = log_length()
    code, out, err = run(capsys, "users", "grant", "anna.virtanen", "wizard")
    assert code == 2 and "unknown role 'wizard'" in err and "now holds" not in out
    assert log_length() == before and account("anna.virtanen").roles == {"exit_worker"}


def test_an_unknown_city_is_refused(instance, capsys):
    code, _, err = add(capsys, "anna.virtanen", GOOD, "--city", "atlantis", "--role", "exit_worker")
    assert code == 2 and "unknown city 'atlantis'" in err
    assert account("anna.virtanen") is None


def test_grant_gives_a_role(instance, capsys):
    add(capsys, "anna.virtanen", GOOD, "--city", "helsinki", "--role", "exit_worker")
    code, out, err = run(capsys, "users", "grant", "anna.virtanen", "city_coordinator")
    assert code == 0, err
    assert out.strip() == "anna.virtanen now holds city_coordinator"
    assert sign_in("anna.virtanen", GOOD).roles == {"exit_worker", "city_coordinator"}
    code, _, err = run(capsys, "users", "grant", "nobody.helsinki", "trainer")
    assert code == 2 and "no user 'nobody.helsinki'" in err


def test_deactivate_needs_a_reason(instance, capsys):
    add(capsys, "anna.virtanen", GOOD, "--city", "helsinki", "--role", "exit_worker")
    before = log_length()
    code, out, err = run(capsys, "users", "deactivate", "anna.virtanen")
    assert code == 2 and "--reason" in err
    code, out, err = run(capsys, "users", "deactivate", "anna.virtanen", "--reason", "  ")
    assert code == 2 and "reason" in err and "deactivated" not in out
    assert log_length() == before and account("anna.virtanen").active

    code, out, err = run(capsys, "users", "deactivate", "anna.virtanen", "--reason", "left the programme")
    assert code == 0, err
    assert out.strip() == "deactivated anna.virtanen"
    assert not account("anna.virtanen").active
    with pytest.raises(LoginRefused):
        sign_in("anna.virtanen", GOOD)
    code, out, _ = run(capsys, "users", "list")
    assert out.split()[-1] == "deactivated"
    code, _, err = run(capsys, "users", "deactivate", "nobody.helsinki", "--reason", "typo")
    assert code == 2 and "no user 'nobody.helsinki'" in err
