"""The hooks for forms, workflows, instruments, personal data and reports, answered by fake plugins."""

from __future__ import annotations

from datetime import datetime, timezone

import marshmallow as ma
import pytest
from marshmallow import validate

from core.errors import StartupError
from core.extensions import (FormField, Guard, Instrument, PersonalDataField, ReportDefinition, TimelineEntry,
                             WorkflowStep, by_name, form_schema, refusals, steps_with)
from core.plugins import PluginHost
from core.processing import declared_data, register_lines
from tests.core.test_plugins import plugin, settings_with

STEPS = ("first_contact", "screening", "assessment", "closed")


class IntakeSchema(ma.Schema):
    pseudonym = ma.fields.String(required=True)


def host_of(**plugins_by_city):
    """A host whose cities run the fake plugins given to them: city=[plugin, ...]."""
    installed = {p.name: p for plugins in plugins_by_city.values() for p in plugins}
    return PluginHost(settings_with(**{city: [p.name for p in ps] for city, ps in plugins_by_city.items()}), installed)


def test_hook_form_fields_a_city_adds_a_validated_field_to_a_form():
    municipality = FormField("municipality", "Municipality of residence",
                             ma.fields.String(required=True, validate=validate.OneOf(["Oulu", "Kempele", "Kiiminki"])))
    oulu = plugin("city_oulu", form_fields=lambda form: [municipality] if form == "casework.new_case" else [])
    host = host_of(oulu=[oulu], turku=[])

    def fields(city, form):
        return [f for answer in host.hook(city).form_fields(form=form) for f in answer]

    schema = form_schema(fields("oulu", "casework.new_case"), IntakeSchema)()
    assert schema.load({"pseudonym": "Routa", "municipality": "Kempele"}) == {"pseudonym": "Routa",
                                                                               "municipality": "Kempele"}
    with pytest.raises(ma.ValidationError) as err:
        schema.load({"pseudonym": "Routa", "municipality": "Tampere"})
    assert list(err.value.messages) == ["municipality"]
    assert fields("oulu", "casework.meeting") == []
    turku = form_schema(fields("turku", "casework.new_case"), IntakeSchema)()
    assert turku.load({"pseudonym": "Routa"}) == {"pseudonym": "Routa"}
    with pytest.raises(ma.ValidationError):
        turku.load({"pseudonym": "Routa", "municipality": "Kempele"})  # Turku's form has no such field

    clash = FormField("pseudonym", "Pseudonym", ma.fields.String())
    with pytest.raises(StartupError, match="form field 'pseudonym' is defined twice"):
        form_schema([clash], IntakeSchema)


def test_hook_workflow_steps_a_city_adds_a_step_after_an_existing_one():
    anchor = WorkflowStep("anchor_team", "Agreed with the Anchor team", after="screening")
    oulu = plugin("city_oulu", workflow_steps=lambda workflow: [anchor] if workflow == "casework.case" else [])
    host = host_of(oulu=[oulu], helsinki=[])

    def added(city):
        return [s for answer in host.hook(city).workflow_steps(workflow="casework.case") for s in answer]

    assert steps_with(STEPS, added("oulu")) == ("first_contact", "screening", "anchor_team", "assessment", "closed")
    assert steps_with(STEPS, added("helsinki")) == STEPS
    with pytest.raises(StartupError, match="follows 'triage', which the workflow lacks"):
        steps_with(STEPS, [WorkflowStep("anchor_team", "Anchor", after="triage")])
    with pytest.raises(StartupError, match="workflow step 'screening' is defined twice"):
        steps_with(STEPS, [WorkflowStep("screening", "Screening", after="first_contact")])


def test_hook_workflow_guards_a_city_rule_refuses_a_move_with_its_reason():
    def no_closing_without_a_meeting(case, step):
        if step == "closed" and case["meetings"] == 0:
            return "Turku closes a case only after at least one meeting"
        return None

    turku = plugin("city_turku", workflow_guards=lambda workflow: [Guard("meeting_before_closing",
                                                                         no_closing_without_a_meeting)])
    host = host_of(turku=[turku], oulu=[])

    def guards(city):
        return [g for answer in host.hook(city).workflow_guards(workflow="casework.case") for g in answer]

    case = {"phase": "screening", "meetings": 0}
    assert refusals(guards("turku"), case, "closed") == ["Turku closes a case only after at least one meeting"]
    assert refusals(guards("turku"), case, "assessment") == []
    assert refusals(guards("turku"), {**case, "meetings": 2}, "closed") == []
    assert refusals(guards("oulu"), case, "closed") == []


def test_hook_assessment_instruments_are_found_by_name_and_validate_answers():
    screening = Instrument("risk_screening", "Risk screening", "2026.1", questions=(
        FormField("contact_with_group", "Still in contact with the group", ma.fields.Boolean(required=True)),
        FormField("support_network", "Support network (0-4)", ma.fields.Integer(required=True,
                                                                              validate=validate.Range(0, 4)))),
        score=lambda answers: answers["support_network"] - 2 * answers["contact_with_group"])
    feature = plugin("feature", assessment_instruments=lambda: [screening])
    host = host_of(helsinki=[feature])
    instruments = by_name(host.hook("helsinki").assessment_instruments(), "instrument")
    found = instruments["risk_screening"]
    answers = found.schema()().load({"contact_with_group": True, "support_network": 3})
    assert found.score(answers) == 1
    with pytest.raises(ma.ValidationError) as err:
        found.schema()().load({"contact_with_group": True, "support_network": 7})
    assert list(err.value.messages) == ["support_network"]

    twice = plugin("city_helsinki", assessment_instruments=lambda: [screening])
    with pytest.raises(StartupError, match="instrument 'risk_screening' is defined twice"):
        by_name(host_of(helsinki=[feature, twice]).hook("helsinki").assessment_instruments(), "instrument")


def field(name, **changes):
    values = dict(name=name, subjects="clients", category="health", purpose="to plan support",
                  legal_basis="GDPR Art. 9(2)(h)", retention="10 years after closure", recipients=("exit workers",))
    return PersonalDataField(**{**values, **changes})


def test_hook_personal_data_fills_each_citys_register_of_processing():
    stored = ("Visit.Noted.health", "Visit.Noted.more[].health")
    feature = plugin("feature", personal_data=lambda: [field("feature.health_note", stored_in=stored)])
    city = plugin("city_turku", personal_data=lambda: [field("city_turku.school", category="identity",
                                                             subjects="pupils")],
                  retention_policies=lambda city: {"case": 12})
    host = host_of(turku=[feature, city], oulu=[feature])

    def names(slug):
        return [f.name for f in declared_data(host, slug)]

    core = ["core.access_log", "core.access_report_withheld_reason", "core.account_name", "core.erasure_requester",
            "core.password"]
    assert names("turku") == sorted([*core, "feature.health_note", "city_turku.school"])
    assert names("oulu") == sorted([*core, "feature.health_note"])
    text = "\n".join(register_lines(host, settings_with(turku=["feature", "city_turku"], oulu=["feature"])))
    assert "Turku (turku)\n  city_turku.school\n    subjects:    pupils\n" in text
    assert "    category:    Art. 9: health\n    purpose:     to plan support\n" in text
    assert "    stored in:   Visit.Noted.health, Visit.Noted.more[].health\n" in text
    assert "  city_turku.school\n" in text and "    stored in:   not in the event log\n" in text
    assert "  retention periods (years after closure): case 12" in text and text.count("retention periods") == 1

    twice = plugin("city_oulu", personal_data=lambda: [field("feature.health_note")])
    with pytest.raises(StartupError, match="personal-data field 'feature.health_note' is defined twice"):
        declared_data(host_of(oulu=[feature, twice]), "oulu")


@pytest.mark.parametrize("changes,message", [
    ({"category": "shoe_size"}, "unknown personal-data category 'shoe_size'"),
    ({"legal_basis": " "}, "the register of processing needs its legal basis"),
    ({"retention": ""}, "the register of processing needs its retention"),
    ({"stored_in": "Visit.Noted.health"}, "stored_in is a tuple of event fields, not one string"),
    ({"stored_in": ("health",)}, "'health' does not name an event field as Aggregate.Event.attribute"),
    ({"stored_in": ("Visit.Noted.more[]x",)}, "does not name an event field"),
])
def test_a_personal_data_declaration_without_what_the_register_needs_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        field("feature.x", **changes)


def test_hook_reports_are_found_by_name_and_run_for_a_city():
    def meetings_per_month(store, city):
        return [("2026-10", 4 if city == "oulu" else 0)]

    report = ReportDefinition("meetings_per_month", "Meetings per month", "casework.view_case",
                              ("month", "meetings"), meetings_per_month)
    oulu = plugin("city_oulu", reports=lambda: [report])
    host = host_of(oulu=[oulu], turku=[])
    found = by_name(host.hook("oulu").reports(), "report")
    assert list(found) == ["meetings_per_month"]
    assert list(found["meetings_per_month"].rows(None, "oulu")) == [("2026-10", 4)]
    assert by_name(host.hook("turku").reports(), "report") == {}


def test_a_timeline_entry_must_carry_its_time_zone():
    with pytest.raises(ValueError, match="time zone"):
        TimelineEntry(datetime(2026, 11, 1, 12, 0), "Referral sent", "worker.oulu", "exit_worker")
    assert TimelineEntry(datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc), "Referral sent", "w", "exit_worker")
