"""The auditor's seal-chain page names rows that decide access but were written beside the log."""

from __future__ import annotations

from sqlalchemy import update

from core.auth.projections import users
from core.auth.service import find_account


def test_the_verify_page_names_a_forged_role(browser, instance):
    auditor = browser("auditor.national")
    assert auditor.post("/language", {"language": "en", "next": "/"}).status_code == 302
    assert "records sealed and verified" in auditor.get("/audit/verify").text
    worker = find_account(instance.store, username="worker.helsinki")
    with instance.store.recorder.transaction(commit=True) as session:
        session.execute(update(users).where(users.c.user_id == worker.user_id).values(roles="auditor exit_worker"))
    page = auditor.get("/audit/verify").text
    assert "rows that decide access were written beside it" in page
    assert f"exitfi_users row {worker.user_id}: not what the log says" in page
