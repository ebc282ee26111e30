"""The tables that decide access are under the seal: a row written beside the log is named by the replay check."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import insert, update

from core.auth.projections import api_tokens, users
from core.auth.service import find_account, grant_role, issue_token, register_user
from core.events import Actor
from core.replay import access_models, differences

ADMIN = Actor("cli:admin", "operator")


def findings(store) -> list[str]:
    return [str(d) for p in access_models(store) for d in differences(store, p)]


def accounts(store):
    register_user(store, ADMIN, "aino.helsinki", "Aino", "a long passphrase 2026", "helsinki", roles=["exit_worker"])
    grant_role(store, ADMIN, "aino.helsinki", "city_coordinator")
    issue_token(store, find_account(store, username="aino.helsinki"), "script")
    return find_account(store, username="aino.helsinki")


def test_read_models_that_follow_the_log_pass(store):
    accounts(store)
    assert findings(store) == []


def test_a_role_written_straight_into_the_users_table_is_named(store):
    account = accounts(store)
    with store.recorder.transaction(commit=True) as session:
        session.execute(update(users).where(users.c.user_id == account.user_id).values(roles="auditor exit_worker"))
    assert findings(store) == [f"exitfi_users row {account.user_id}: not what the log says in roles"]


def test_a_forged_token_row_is_named(store):
    account = accounts(store)
    with store.recorder.transaction(commit=True) as session:
        session.execute(insert(api_tokens).values(
            token_id="f0f0f0f0f0f0f0f0", token_hash="0" * 64, user_id=account.user_id, city="helsinki",
            label="forged", created_at=datetime.now(timezone.utc), revoked_at=None))
    assert findings(store) == ["exitfi_api_tokens row f0f0f0f0f0f0f0f0: written beside the log"]


def test_a_deleted_row_is_named(store):
    account = accounts(store)
    with store.recorder.transaction(commit=True) as session:
        session.execute(api_tokens.delete().where(api_tokens.c.user_id == account.user_id))
    assert len(findings(store)) == 1 and findings(store)[0].endswith(": missing")


def test_verify_fails_naming_a_forged_token_and_the_audit_page_shows_it(tmp_path, capsys):
    from core.instance import open_instance
    from tests.cli import run
    run(capsys, "--instance", str(tmp_path), "init")
    code, out, _ = run(capsys, "--instance", str(tmp_path), "verify")
    assert code == 0 and "equal a replay of the log (exitfi_users, exitfi_emergency)" in out
    instance = open_instance(tmp_path)
    try:
        account = accounts(instance.store)
        with instance.store.recorder.transaction(commit=True) as session:
            session.execute(update(users).where(users.c.user_id == account.user_id).values(roles="auditor"))
    finally:
        instance.close()
    code, out, _ = run(capsys, "--instance", str(tmp_path), "verify")
    assert code == 1
    assert out == (f"FAILED: exitfi_users row {account.user_id}: not what the log says in roles "
                   "(the tables that decide access must equal a replay of the log)\n")


def test_a_record_resealed_after_it_was_garbled_is_named_not_replayed(store):
    import pytest

    from core.replay import UnreadableRecord
    from tests.core import tampering
    accounts(store)
    table = store.recorder.events_record_cls.__table__
    with store.datastore.engine.begin() as conn:
        tampering.flip_byte(conn, table, 1, offset=2)  # inside the first key of the account's first event
        tampering.reseal_from(conn, store.seals, table, 1)
    assert store.verify().ok  # whoever holds the seal key can make the chain hold...
    with pytest.raises(UnreadableRecord, match="^record 1 .* does not read as its event"):
        findings(store)  # ...but the replay does not make up a read model from bytes it cannot read
