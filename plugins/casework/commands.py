"""The commands on an open case page and its API resource: one table that pages and endpoints are made from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from core.toolkit import city_hook, city_settings, current_cities
from core.toolkit import lazy_gettext as _l
from plugins.casework import service
from plugins.casework.options import follow_up_months
from plugins.casework.schemas import (ClosureSchema, ConsentSchema, FollowUpEndSchema, FollowUpSchema,
                                      LegalBasisSchema, PhaseSchema, ReopeningSchema, ScreeningSchema,
                                      SecondWorkerSchema, TransferSchema, WithdrawalSchema, WorkerSchema)
from plugins.casework.workflow import Workflow, workflow_of


@dataclass(frozen=True)
class Setting:
    """What a command may need to know of the user's city and the deployment."""

    workflow: Workflow
    cities: Mapping
    follow_up_months: tuple[int, ...]


def setting() -> Setting:
    """The setting of the request: the user's city's workflow and follow-up months, and the deployment's cities."""
    return Setting(workflow_of(city_hook()), current_cities(), follow_up_months(city_settings()))


@dataclass(frozen=True)
class Command:
    """One thing a worker does to a case: its URL, input, use case, who may, and the word the page says after it."""

    name: str      # the endpoint, in the pages' and the API's blueprint
    path: str      # under /cases/<case_id>/
    schema: type
    run: Callable  # run(store, actor, case_id, data, setting) -> new version
    done: object   # the page's message after it
    permission: str = "casework.manage_case"


COMMANDS = (
    Command("change_phase", "phase", PhaseSchema,
            lambda store, actor, case_id, d, setting: service.change_phase(
                store, actor, case_id, d["phase"], d["reason"], expected_version=d["version"], workflow=setting.workflow),
            _l("The case moved on.")),
    Command("screen_case", "screening", ScreeningSchema,
            lambda store, actor, case_id, d, setting: service.screen_case(
                store, actor, case_id, d["decision"], d["reason"], d["referred_to"], expected_version=d["version"],
                workflow=setting.workflow),
            _l("The screening decision was recorded.")),
    Command("give_consent", "consent", ConsentSchema,
            lambda store, actor, case_id, d, setting: service.give_consent(
                store, actor, case_id, d["scope"], d["given_on"], d["form"], d["organisation"], d["by_guardian"],
                expected_version=d["version"]),
            _l("The consent was recorded.")),
    Command("withdraw_consent", "consent/withdrawal", WithdrawalSchema,
            lambda store, actor, case_id, d, setting: service.withdraw_consent(
                store, actor, case_id, d["scope"], d["withdrawn_on"], d["organisation"],
                expected_version=d["version"], by_guardian=d["by_guardian"]),
            _l("The withdrawal was recorded.")),
    Command("record_legal_basis", "legal-basis", LegalBasisSchema,
            lambda store, actor, case_id, d, setting: service.record_legal_basis(
                store, actor, case_id, d["basis"], expected_version=d["version"]),
            _l("The legal basis was recorded.")),
    Command("close_case", "closure", ClosureSchema,
            lambda store, actor, case_id, d, setting: service.close_case(
                store, actor, case_id, d["closing_reason"], d["closed_on"], d["summary"],
                follow_up_months=setting.follow_up_months, expected_version=d["version"], workflow=setting.workflow),
            _l("The case was closed; its follow-up reviews are scheduled.")),
    Command("record_follow_up", "follow-up", FollowUpSchema,
            lambda store, actor, case_id, d, setting: service.record_follow_up(
                store, actor, case_id, d["reviewed_on"], d["summary"], expected_version=d["version"]),
            _l("The follow-up review was recorded.")),
    Command("end_follow_up", "follow-up/end", FollowUpEndSchema,
            lambda store, actor, case_id, d, setting: service.end_follow_up(
                store, actor, case_id, d["reason"], expected_version=d["version"]),
            _l("Follow-up was ended.")),
    Command("reopen_case", "reopening", ReopeningSchema,
            lambda store, actor, case_id, d, setting: service.reopen_case(
                store, actor, case_id, d["reason"], expected_version=d["version"]),
            _l("The case was opened again.")),
    Command("reassign", "worker", WorkerSchema,
            lambda store, actor, case_id, d, setting: service.reassign(
                store, actor, case_id, d["worker_id"], expected_version=d["version"]),
            _l("The case has a new worker."), "casework.assign"),
    Command("choose_second_worker", "second-worker", SecondWorkerSchema,
            lambda store, actor, case_id, d, setting: service.choose_second_worker(
                store, actor, case_id, d["worker_id"], expected_version=d["version"]),
            _l("The second worker was recorded."), "casework.assign"),
    Command("request_transfer", "transfer", TransferSchema,
            lambda store, actor, case_id, d, setting: service.request_transfer(
                store, actor, case_id, d["to_city"], d["reason"], setting.cities, expected_version=d["version"]),
            _l("The other city's coordinator is asked to take the case over."), "casework.transfer"),
)
