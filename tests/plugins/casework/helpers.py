"""Helpers of casework's tests; the fixtures (instance, app, browser, api, recorded) come from the test kit."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from plugins.casework.projections import cases


def case_ids(instance, city: str) -> list[str]:
    """The demo case ids of a city."""
    with instance.store.reading() as session:
        return [r.case_id for r in session.execute(
            select(cases.c.case_id).where(cases.c.city == city).order_by(cases.c.case_id))]


def case_row(instance, case_id: str):
    """A case's row in the case list."""
    with instance.store.reading() as session:
        return session.execute(select(cases).where(cases.c.case_id == case_id)).one()


def city_rows(instance, city: str) -> list:
    """Every case of a city."""
    with instance.store.reading() as session:
        return session.execute(select(cases).where(cases.c.city == city)).all()


def case_count(store) -> int:
    with store.reading() as session:
        return session.execute(select(func.count()).select_from(cases)).scalar_one()


def version_in(html: str) -> str:
    """The case version a page's meeting form carries."""
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def in_english(browser, username):
    """Sign in and switch to English, so that texts do not depend on the translations."""
    user = browser(username)
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user


def assessment_pages(instance, city: str) -> list[str]:
    """The pages of a city's demo assessments: each assessed case's list (with its comparison) and each assessment."""
    from plugins.casework.assessment.projections import assessments
    with instance.store.reading() as session:
        rows = session.execute(select(assessments.c.case_id, assessments.c.assessment_id)
                               .where(assessments.c.city == city).order_by(assessments.c.started_at)).all()
    return [*dict.fromkeys(f"/cases/{r.case_id}/assessments" for r in rows),
            *(f"/assessments/{r.assessment_id}" for r in rows)]


def plan_pages(instance, city: str) -> list[str]:
    """The pages of a city's demo support plans."""
    from plugins.casework.plan.projections import plans
    with instance.store.reading() as session:
        rows = session.execute(select(plans.c.case_id).where(plans.c.city == city).order_by(plans.c.case_id)).all()
    return [f"/cases/{r.case_id}/plan" for r in rows]


def outcome_pages(instance, city: str) -> list[str]:
    """The outcome pages of a city's demo cases that have measurements."""
    from plugins.casework.outcomes.projections import outcomes
    with instance.store.reading() as session:
        rows = session.execute(select(outcomes.c.case_id).where(outcomes.c.city == city)
                               .order_by(outcomes.c.case_id)).all()
    return [f"/cases/{r.case_id}/outcomes" for r in rows]


def meeting_pages(instance, city: str) -> list[str]:
    """The pages of a city's demo contacts and multi-agency meetings: each met case's contact log and meeting list,
    and each meeting."""
    from plugins.casework.meetings.projections import agency_meetings
    with instance.store.reading() as session:
        rows = session.execute(select(agency_meetings.c.case_id, agency_meetings.c.meeting_id)
                               .where(agency_meetings.c.city == city).order_by(agency_meetings.c.held_on)).all()
    return [*dict.fromkeys(page for r in rows for page in (f"/cases/{r.case_id}/contacts",
                                                           f"/cases/{r.case_id}/agency-meetings")),
            *(f"/agency-meetings/{r.meeting_id}" for r in rows)]


def custody_and_safety_pages(instance, city: str) -> list[str]:
    """The prison-pathway and safety pages of a city's demo cases that have one, and those cases' own pages (their
    timelines show both)."""
    from plugins.casework.custody.projections import custody
    from plugins.casework.safety.projections import safety_plans
    with instance.store.reading() as session:
        in_custody = session.execute(select(custody.c.case_id).where(custody.c.city == city)).scalars().all()
        with_plan = session.execute(select(safety_plans.c.case_id).where(safety_plans.c.city == city)).scalars().all()
    return [*(f"/cases/{c}/custody" for c in in_custody), *(f"/cases/{c}/safety" for c in with_plan),
            *(f"/cases/{c}" for c in (*in_custody, *with_plan))]
