"""A tiny run of bench.load, so that it keeps working: figures for every page, every response the page asked for."""

import json
from importlib.util import find_spec

import pytest

from bench import load
from bench.loaddata import build, targets_of
from core.auth.service import find_account
from core.instance import open_instance
from plugins.casework.queries import caseload

# Only looked for, not imported: locust patches the standard library (gevent) in the process that imports it.
pytestmark = pytest.mark.skipif(not all(map(find_spec, ("locust", "gunicorn", "psutil"))),
                                reason="the load benchmark needs the bench extra: pip install -e '.[bench]'")

SMALL = ["--workers", "2", "--threads", "1", "--users", "2", "--seconds", "1", "--warm-up", "1"]


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """An instance as bench.load builds it, small: 20 cases, a case with 20 events, the triage queue."""
    folder = tmp_path_factory.mktemp("load-instance")
    build(folder, None, 20, timeline_events=20, echo=lambda message: None)
    return folder


def test_load_smoke(instance, tmp_path, capsys):
    code = load.main(["--instance", str(instance), *SMALL, "--results", str(tmp_path)])
    out = capsys.readouterr()
    assert code == 0, out.err
    document = json.loads((tmp_path / "load-sqlite.json").read_text())
    assert [r["key"] for r in document["results"]] == [
        "healthz", "caseload", "city_list", "case_page", "dashboard", "triage", "healthz"]
    for result in document["results"]:
        assert result["requests"] > 0 and result["rps"] > 0
        assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]
        assert result["marker_minimum"] > 0
        assert (result["ratio"] is None) == (result["key"] == "healthz")
    assert document["data"]["cases"] >= 20 and document["data"]["long_case_events"] == 20
    assert document["data"]["waiting_referrals"] >= 40
    assert set(document["targets"]["held"]) == {"caseload", "city_list", "case_page"}
    assert "city case list (coordinator)" in out.out


def test_a_page_that_is_not_what_it_should_be_fails_the_run(instance, tmp_path, monkeypatch, capsys):
    # Each page asked to hold its marker far more often than it does: the responses under load are refused.
    real = load.expected_count
    monkeypatch.setattr(load, "expected_count", lambda phase, targets, body: real(phase, targets, body) + 10**6)
    code = load.main(["--instance", str(instance), *SMALL, "--results", str(tmp_path)])
    assert code == 1
    assert "responses were not the page" in capsys.readouterr().err
    assert not (tmp_path / "load-sqlite.json").exists()


def test_a_generated_instance_is_read_through_its_manifest_or_its_database(instance):
    found = targets_of(instance)
    assert (found.city, found.worker, found.coordinator) == ("helsinki", "worker.helsinki", "coordinator.helsinki")
    assert found.long_case_events == 20  # the case with the most events, when no manifest names one
    other = next(r.case_id for r in open_cases(instance) if r.case_id != found.long_case)
    (instance / "manifest.json").write_text(json.dumps({"long_case": other}))
    try:
        assert targets_of(instance).long_case == other
    finally:
        (instance / "manifest.json").unlink()


def open_cases(folder):
    opened = open_instance(folder)
    try:
        return caseload(opened.store, find_account(opened.store, username="coordinator.helsinki"), limit=5)
    finally:
        opened.close()


def test_the_command_recorded_names_no_folder_of_the_machine():
    assert load.command_line(["--instance", "/srv/exitfi", "--users", "16", "--results=/tmp/out"]) == \
        "python -m bench.load --instance DIR --users 16 --results=DIR"
