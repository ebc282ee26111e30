"""A tiny run of the benchmark data generator: the same cases in every run, and a stopped run goes on without
making anything twice or leaving anything half-made, whether it was stopped inside a unit (a case, a training
session: its commands commit together) or just after a unit committed and before the run noted it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bench.generate import runner
from bench.generate import Counter, generate
from core.instance import open_instance
from core.testing import Browser
from core.web import create_app
from plugins.casework.projections import cases as case_list

SMALL = {"organisations": 3, "trainings": 1, "big_contacts": 4, "echo": lambda message: None, "progress": False}


def fingerprint(folder) -> tuple:
    """What a data set holds, without the ids that are random: events of each type and each case's row."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    instance = open_instance(folder, migrate=False)
    try:
        with instance.store.reading() as session:
            rows = sorted(tuple(r) for r in session.execute(select(
                case_list.c.city, case_list.c.kind, case_list.c.phase, case_list.c.version, case_list.c.meetings,
                case_list.c.closing_reason, case_list.c.worker_id)).all())
            clients = session.execute(select(func.count(func.distinct(case_list.c.client_id)))).scalar_one()
    finally:
        instance.close()
    return manifest["counts"]["events_by_type"], rows, clients


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Five cases made in one run on SQLite: the folder and its manifest."""
    folder = tmp_path_factory.mktemp("reference")
    return folder, generate(folder, 5, **SMALL)


@pytest.fixture(scope="module")
def reference(made):
    return fingerprint(made[0])


def test_a_second_run_makes_the_same_cases(tmp_path, reference):
    generate(tmp_path / "again", 5, **SMALL)
    events, rows, clients = fingerprint(tmp_path / "again")
    assert (events, rows) == reference[:2]
    assert len(rows) == clients == 5
    assert events["Case.MeetingRecorded"] >= 3 * SMALL["big_contacts"]  # each city's first case has its contacts


def test_the_app_serves_the_generated_instance(made):
    folder, manifest = made
    browser = Browser(create_app({"EXITFI_INSTANCE": folder}))
    assert browser.login("worker.oulu", manifest["logins"]["password"]).status_code == 302
    assert browser.get("/cases/").status_code == 200
    page = browser.get(f"/cases/{manifest['big_cases']['oulu']['case_id']}")
    assert page.status_code == 200 and "Oulu" in page.text


def interrupted(monkeypatch, call: int, committed: bool):
    """Stop the run at its `call`-th command, just before or just after it runs (its unit is then rolled back)."""
    real, calls = runner.run_step, []

    def step(current, context):
        calls.append(1)
        if len(calls) == call and not committed:
            raise KeyboardInterrupt
        real(current, context)
        if len(calls) == call:
            raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_step", step)


def interrupted_after_unit(monkeypatch):
    """Stop the run just after its first unit commits, before the run notes it."""
    real = runner.run_unit

    def unit(*args):
        real(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_unit", unit)


def test_a_stopped_run_goes_on_where_it_stopped(database_url, tmp_path, monkeypatch, reference):
    folder = tmp_path / "resumed"
    generate(folder, 3, database_url=database_url, **SMALL)
    assert fingerprint(folder)[2] == 3
    # The first command of case 3 opens it (or receives its referral): its id is found again in the log.
    for call, committed in ((1, True), (2, True), (4, False)):
        with monkeypatch.context() as patch:
            interrupted(patch, call, committed)
            with pytest.raises(KeyboardInterrupt):
                generate(folder, 5, **SMALL)
    assert fingerprint(folder)[2] == 3  # nothing of case 3 is in the log
    with monkeypatch.context() as patch:
        interrupted_after_unit(patch)
        with pytest.raises(KeyboardInterrupt):
            generate(folder, 5, **SMALL)
    assert fingerprint(folder)[2] == 4  # case 3 is, though the run did not note it
    generate(folder, 5, **SMALL)
    events, rows, clients = fingerprint(folder)
    assert (events, rows) == reference[:2]
    assert len(rows) == clients == 5
    generate(folder, 5, **SMALL)  # nothing left to do
    assert fingerprint(folder)[:2] == reference[:2]


def test_sqlite_takes_one_writing_process(tmp_path):
    with pytest.raises(SystemExit, match="one writer"):
        generate(tmp_path / "two", 1, workers=2, **SMALL)


def test_a_run_into_a_log_says_how_far_it_is(tmp_path, monkeypatch):
    monkeypatch.setattr(Counter, "EVERY", 0.0)  # a line for every unit, not one a minute
    lines = []
    generate(tmp_path / "logged", 2, **(SMALL | {"echo": lines.append, "progress": True}))
    progress = [line for line in lines if " of 3 " in line]  # one training session and two cases
    assert [line.split(" of ")[0].strip() for line in progress] == ["1", "2", "3"]
    assert "(100%)" in progress[-1] and "events" in progress[-1] and "min to go" in progress[-1]


def test_the_rebuild_benchmark_runs_on_a_generated_instance_and_leaves_its_read_models_as_they_were(made, tmp_path):
    from bench.rebuild import main as rebuild_main
    folder, manifest = made
    before = fingerprint(folder)
    instance = open_instance(folder, migrate=False)
    try:  # the log may have grown past the manifest: serving the instance records who logged in and looked
        head = instance.store.recorder.max_notification_id()
    finally:
        instance.close()
    assert rebuild_main(["--instance", str(folder), "--results", str(tmp_path)]) == 0
    figures = json.loads((tmp_path / "rebuild-instance-sqlite.json").read_text(encoding="utf-8"))
    assert figures["sizes"][0]["events"] == head >= manifest["counts"]["events"]
    assert figures["sizes"][0]["rebuild"]["events_per_s"] > 0 and figures["sizes"][0]["verify"]["ratio"] > 0
    assert fingerprint(folder) == before


def test_the_rebuild_benchmark_says_what_each_read_model_took(made, capsys):
    from bench.rebuild import main as rebuild_main
    folder, manifest = made
    before = fingerprint(folder)
    assert rebuild_main(["--instance", str(folder), "--by-read-model"]) == 0
    out = capsys.readouterr().out
    assert "each read model's batches" in out
    shares = {line.split()[0]: int(line.split()[3].replace(",", "")) for line in out.splitlines()[1:]}
    assert shares["casework_cases"] >= manifest["counts"]["events_by_type"]["Case.Opened"] == 5
    assert shares["exitfi_event_index"] >= manifest["counts"]["events"]
    assert fingerprint(folder) == before
