"""What a city adds to casework without editing it: its own kinds of case and its follow-up schedule."""

from __future__ import annotations

import types
from dataclasses import replace
from datetime import date

import pytest

from core.errors import StartupError
from core.hookspecs import hookimpl
from core.plugins import PluginHost, PluginInfo, discover
from core.testing import settings_for
from plugins.casework.api import CaseKind
from tests.plugins.casework.helpers import case_row


def test_hook_case_kinds_turku_opens_a_returnee_case_on_the_page_and_through_the_api(browser, api, instance):
    page = browser("coordinator.turku")
    form = page.get("/cases/new").text
    assert 'value="returnee"' in form
    opened = page.post("/cases/new", {"pseudonym": "Aalto", "kind": "returnee", "channel": "agency"})
    assert opened.status_code == 302
    assert case_row(instance, opened.headers["Location"].rsplit("/", 1)[-1]).kind == "returnee"
    created = api("coordinator.turku").post("/api/v1/cases/", {"pseudonym": "Aalto", "kind": "returnee",
                                                               "channel": "agency"})
    assert created.status_code == 201 and created.get_json()["kind"] == "returnee"
    listed = page.get("/cases/?kind=returnee")
    assert listed.status_code == 200 and opened.headers["Location"].rsplit("/", 1)[-1] in listed.text


def test_a_city_that_does_not_add_the_kind_refuses_it(browser, api, instance):
    page = browser("coordinator.helsinki")
    assert 'value="returnee"' not in page.get("/cases/new").text
    refused = page.post("/cases/new", {"pseudonym": "Aalto", "kind": "returnee", "channel": "agency"})
    assert refused.status_code == 422 and 'value="Aalto"' in refused.text
    answer = api("coordinator.helsinki").post("/api/v1/cases/", {"pseudonym": "Aalto", "kind": "returnee",
                                                                 "channel": "agency"})
    assert answer.status_code == 422 and "kind" in answer.get_json()["error"]["fields"]
    assert page.get("/cases/?kind=returnee").status_code == 422


def test_the_citys_kind_is_shown_in_its_language(browser):
    page = browser("coordinator.turku")
    page.post("/language", {"language": "fi", "next": "/cases/new"})
    assert "Konfliktialueelta palannut" in page.get("/cases/new").text


def _close(page, instance, city_worker):
    """Close a fresh case of the user's city and return its row."""
    opened = page.post("/cases/new", {"pseudonym": "Seuranta", "kind": "individual", "channel": "self"})
    case_id = opened.headers["Location"].rsplit("/", 1)[-1]
    closed = page.post(f"/cases/{case_id}/closure", {"closing_reason": "goals_met", "closed_on": "2026-01-31",
                                                     "version": str(case_row(instance, case_id).version)})
    assert closed.status_code == 302, closed.text
    return instance.store.get(case_id)


def test_follow_up_reviews_follow_the_citys_configuration(browser, instance):
    turku = _close(browser("coordinator.turku"), instance, "worker.turku")
    helsinki = _close(browser("coordinator.helsinki"), instance, "worker.helsinki")
    assert turku.follow_ups == [date(2026, 4, 30), date(2026, 7, 31), date(2027, 1, 31), date(2028, 1, 31)]
    assert helsinki.follow_ups == [date(2026, 4, 30), date(2026, 7, 31), date(2027, 1, 31)]


def _host(options=None, kinds=(), periods=None):
    """A host where Turku runs a local plugin adding `kinds` with `periods`, and has `options`."""
    module = types.ModuleType("local_rules")
    module.requires = ()
    module.case_kinds = hookimpl(lambda: list(kinds))
    module.retention_policies = hookimpl(lambda city: dict(periods or {}))
    settings = settings_for("sqlite://")
    turku = settings.cities["turku"]
    settings.cities["turku"] = replace(turku, plugins=(*turku.plugins, "local_rules"),
                                       options={**turku.options, **(options or {})})
    return PluginHost(settings, {**discover(), "local_rules": PluginInfo("local_rules", module, "1.0", ())})


@pytest.mark.parametrize("options, kinds, periods, problem", [
    ({}, [CaseKind("school_concern", "School concern")], {}, "case kind 'school_concern' has no retention period"),
    ({}, [CaseKind("Bad Name", "x")], {"Bad Name": 5}, "case kind 'Bad Name' must be lower-case"),
    ({}, [CaseKind("family", "Family again")], {}, "case kind 'family' is offered twice"),
    ({"follow_up_months": [3, 0]}, [], {}, "follow_up_months must be a list of months after closure"),
    ({"follow_up_months": "yearly"}, [], {}, "follow_up_months must be a list of months after closure"),
    ({"assessment_approval": "yes"}, [], {}, "assessment_approval must be true or false"),
])
def test_a_citys_bad_extension_stops_the_start_with_one_line(options, kinds, periods, problem):
    with pytest.raises(StartupError) as stopped:
        _host(options, kinds, periods)
    assert str(stopped.value).startswith(f"city turku: {problem}")
    assert "\n" not in str(stopped.value)


def test_a_citys_kind_with_its_retention_period_starts():
    host = _host({}, [CaseKind("school_concern", "School concern")], {"school_concern": 10})
    assert [k.name for answer in host.hook("turku").case_kinds() for k in answer] == ["school_concern", "returnee"]
