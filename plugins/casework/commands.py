"""The commands on an open case page and its API resource: one table that pages and endpoints are made from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.toolkit import lazy_gettext as _l
from plugins.casework import service
from plugins.casework.schemas import (ClosureSchema, ConsentSchema, LegalBasisSchema, PhaseSchema, ReopeningSchema,
                                      WithdrawalSchema)


@dataclass(frozen=True)
class Command:
    """One thing a worker does to a case: its URL, input, use case and the word the page says after it."""

    name: str      # the endpoint, in the pages' and the API's blueprint
    path: str      # under /cases/<case_id>/
    schema: type
    run: Callable  # run(store, actor, case_id, data, workflow) -> new version
    done: object   # the page's message after it


COMMANDS = (
    Command("change_phase", "phase", PhaseSchema,
            lambda store, actor, case_id, d, workflow: service.change_phase(
                store, actor, case_id, d["phase"], d["reason"], expected_version=d["version"], workflow=workflow),
            _l("The case moved on.")),
    Command("give_consent", "consent", ConsentSchema,
            lambda store, actor, case_id, d, workflow: service.give_consent(
                store, actor, case_id, d["scope"], d["given_on"], d["form"], d["organisation"], d["by_guardian"],
                expected_version=d["version"]),
            _l("The consent was recorded.")),
    Command("withdraw_consent", "consent/withdrawal", WithdrawalSchema,
            lambda store, actor, case_id, d, workflow: service.withdraw_consent(
                store, actor, case_id, d["scope"], d["withdrawn_on"], d["organisation"],
                expected_version=d["version"]),
            _l("The withdrawal was recorded.")),
    Command("record_legal_basis", "legal-basis", LegalBasisSchema,
            lambda store, actor, case_id, d, workflow: service.record_legal_basis(
                store, actor, case_id, d["basis"], expected_version=d["version"]),
            _l("The legal basis was recorded.")),
    Command("close_case", "closure", ClosureSchema,
            lambda store, actor, case_id, d, workflow: service.close_case(
                store, actor, case_id, d["closing_reason"], d["closed_on"], d["summary"],
                expected_version=d["version"], workflow=workflow),
            _l("The case was closed; its follow-up reviews are scheduled.")),
    Command("reopen_case", "reopening", ReopeningSchema,
            lambda store, actor, case_id, d, workflow: service.reopen_case(
                store, actor, case_id, d["reason"], expected_version=d["version"]),
            _l("The case was opened again.")),
)
