"""Production refuses what the configuration says it refuses: each with one line and exit 2."""

from __future__ import annotations

import base64
import secrets

import pytest

from core.config import init_instance
from tests.cli import run

SECURE = 'session_cookie_secure = true'


@pytest.fixture
def production(tmp_path):
    """An instance folder configured for production behind HTTPS, with random keys."""
    init_instance(tmp_path, echo=lambda m: None)
    config = tmp_path / "exitfi.toml"
    config.write_text(config.read_text().replace("session_cookie_secure = false", SECURE))
    assert run_quietly("--instance", str(tmp_path), "db", "upgrade") == 0  # production starts only at head
    config.write_text(config.read_text().replace('environment = "development"', 'environment = "production"'))
    return tmp_path


def run_quietly(*args) -> int:
    from core import cli
    try:
        cli.main(list(args))
    except SystemExit as e:
        return e.code
    return 0


def configure(folder, old: str, new: str) -> None:
    config = folder / "exitfi.toml"
    config.write_text(config.read_text().replace(old, new))


def test_a_secure_production_configuration_starts(production, capsys):
    code, out, err = run(capsys, "--instance", str(production), "projections", "list")
    assert code == 0, err


@pytest.mark.parametrize(("change", "says"), [
    ((SECURE, "session_cookie_secure = false"), "session_cookie_secure = true"),
    ((SECURE, SECURE + "\ndebug = true"), "refuses debug mode"),
])
def test_production_refuses_insecure_settings(production, capsys, change, says):
    configure(production, *change)
    code, out, err = run(capsys, "--instance", str(production), "projections", "list")
    assert code == 2 and says in err and err.count("\n") == 1 and not out


def test_production_refuses_flask_debug(production, capsys, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    code, _, err = run(capsys, "--instance", str(production), "projections", "list")
    assert code == 2 and "refuses debug mode" in err


@pytest.mark.parametrize("secret", [b"x" * 32, bytes(range(8)) * 4])
def test_production_refuses_a_secret_key_that_is_not_random(production, capsys, secret):
    (production / "secret.key").write_bytes(base64.b64encode(secret) + b"\n")
    code, _, err = run(capsys, "--instance", str(production), "projections", "list")
    assert code == 2 and "random secret key" in err and err.count("\n") == 1


def test_production_refuses_a_missing_secret_key(production, capsys):
    (production / "secret.key").unlink()
    code, _, err = run(capsys, "--instance", str(production), "projections", "list")
    assert code == 2 and "secret.key is missing" in err


def test_demo_data_is_refused_in_production(production, capsys):
    code, _, err = run(capsys, "--instance", str(production), "init", "--demo")
    assert code == 2 and "demo users and data are refused" in err


def test_random_keys_pass_the_check(production, capsys):
    (production / "secret.key").write_bytes(base64.b64encode(secrets.token_bytes(32)) + b"\n")
    code, _, err = run(capsys, "--instance", str(production), "projections", "list")
    assert code == 0, err


def test_production_refuses_to_start_while_demo_accounts_can_sign_in(tmp_path, capsys):
    init_instance(tmp_path, echo=lambda m: None)
    assert run(capsys, "--instance", str(tmp_path), "init", "--demo")[0] == 0
    configure(tmp_path, 'environment = "development"', 'environment = "production"')
    configure(tmp_path, "session_cookie_secure = false", SECURE)
    code, out, err = run(capsys, "--instance", str(tmp_path), "verify")
    assert code == 2 and "demo accounts can sign in (administrator.helsinki, administrator.oulu, administrator.turku, ...)" in err
    assert err.count("\n") == 1


def test_production_starts_once_the_demo_accounts_are_deactivated(tmp_path, capsys):
    from core.demo import active_demo_accounts
    from core.instance import open_instance
    init_instance(tmp_path, echo=lambda m: None)
    assert run(capsys, "--instance", str(tmp_path), "init", "--demo")[0] == 0
    instance = open_instance(tmp_path)
    names = active_demo_accounts(instance.store)
    instance.close()
    assert len(names) == 18  # five roles in each of three cities, three national ones
    for name in names:
        assert run(capsys, "--instance", str(tmp_path), "users", "deactivate", name, "--reason", "going live")[0] == 0
    configure(tmp_path, 'environment = "development"', 'environment = "production"')
    configure(tmp_path, "session_cookie_secure = false", SECURE)
    code, out, err = run(capsys, "--instance", str(tmp_path), "verify")
    assert code == 0, err
