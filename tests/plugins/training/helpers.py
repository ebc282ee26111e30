"""Helpers of training's tests; the fixtures (instance, app, browser, api) come from the test kit."""

from __future__ import annotations

import re

from sqlalchemy import select

from plugins.training.projections import requests, sessions


def session_ids(instance, city: str) -> list[str]:
    """A city's sessions, by date (the demo's held one first)."""
    with instance.store.reading() as session:
        return [r.session_id for r in session.execute(
            select(sessions.c.session_id).where(sessions.c.city == city).order_by(sessions.c.held_on))]


def request_ids(instance, city: str) -> list[str]:
    with instance.store.reading() as session:
        return [r.request_id for r in session.execute(
            select(requests.c.request_id).where(requests.c.city == city).order_by(requests.c.made_at))]


def training_pages(instance, city: str) -> list[str]:
    """Every page of a city's demo training: requests, sessions and the certificates of the held one."""
    from plugins.training.queries import participants_of
    pages = [f"/training/requests/{r}" for r in request_ids(instance, city)]
    for session_id in session_ids(instance, city):
        pages.append(f"/training/sessions/{session_id}")
        pages += [f"/training/sessions/{session_id}/certificates/{p.participant_id}"
                  for p in participants_of(instance.store, session_id) if p.attended][:1]
    return pages


def version_in(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def feedback_links(html: str) -> list[str]:
    return re.findall(r'href="(/training/feedback/[^"]+)"', html)


def feedback_pages(instance, city: str) -> list[str]:
    """Feedback links of the city's demo participants (codes read from the vault): the form of the held session's
    one participant who has not answered, an answered link, and a link of the upcoming session, not open yet."""
    from plugins.training.queries import has_answered, participants_of
    held, upcoming = session_ids(instance, city)[0], session_ids(instance, city)[-1]
    held_people = [p for p in participants_of(instance.store, held) if p.status == "registered"]
    chosen = [next(p for p in held_people if not has_answered(instance.store, p.participant_id)),
              next(p for p in held_people if has_answered(instance.store, p.participant_id)),
              next(p for p in participants_of(instance.store, upcoming) if p.status == "registered")]
    return [f"/training/feedback/{instance.store.vault.reveal(p.code)}" for p in chosen]
