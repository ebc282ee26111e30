"""manifest.json of a generated instance: what it holds, counted in the database, and who owns what."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from sqlalchemy import case, func, select

from bench.journal import folder_of
from bench.world import CASES_PER_WORKER, CITIES, client_id_for, worker_name, workers_needed
from core.demo import CITY_ROLES, NATIONAL_ROLES, demo_password
from core.event_index import event_index, event_persons
from plugins.casework.projections import cases as case_list


def check_settings(folder: Path, wanted: dict) -> None:
    """Every run of a folder uses the seed, directory size and big cases of its first: its cases depend on them."""
    path = folder_of(folder) / "settings.json"
    if path.exists():
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept != wanted:
            raise SystemExit(f"{folder} was generated with {kept}; run with those (or use another folder)")
    else:
        path.write_text(json.dumps(wanted), encoding="utf-8")


def big_cases(store, seed: int) -> dict:
    """Each city's case with a timeline of about 1,000 events: its id, and the events that concern its client."""
    found = {}
    with store.reading() as session:
        for number, city in enumerate(CITIES):
            client = client_id_for(seed, number).hex
            row = session.execute(select(case_list.c.case_id, case_list.c.version)
                                  .where(case_list.c.client_id == client)).first()
            if row:
                events = session.execute(select(func.count()).select_from(event_persons)
                                         .where(event_persons.c.person_id == client)).scalar_one()
                # The events carry the time they were recorded, not the story's dates: an as-of view picks a moment
                # between these two.
                first, last = session.execute(select(func.min(event_index.c.at), func.max(event_index.c.at))
                                              .where(event_index.c.record_id == row.case_id)).one()
                found[city] = {"case_id": row.case_id, "case_events": row.version, "client_events": events,
                               "worker": worker_name(city, 0), "recorded_from": first, "recorded_to": last}
    return found


def counts(store) -> dict:
    """Cases by city and the demo worker's, records and events of each type, the log's length."""
    with store.reading() as session:
        by_city = dict(session.execute(select(case_list.c.city, func.count()).group_by(case_list.c.city)).all())
        demo = dict(session.execute(select(case_list.c.city, func.count()).where(
            case_list.c.worker_id.in_([worker_name(c, 0) for c in CITIES])).group_by(case_list.c.city)).all())
        topics = session.execute(select(event_index.c.topic, func.count(),
                                        func.sum(case((event_index.c.version == 1, 1), else_=0)))
                                 .group_by(event_index.c.topic)).all()
        log = store.recorder.max_notification_id() or 0
    events, records = Counter(), Counter()
    for topic, n, created in topics:
        aggregate = topic.split(":")[-1].rsplit(".", 1)[0]
        events[topic.split(":")[-1]] += n
        records[aggregate] += int(created or 0)
    return {"cases": sum(by_city.values()), "events": log, "cases_by_city": by_city,
            "demo_worker_cases": demo, "records": dict(records.most_common()),
            "events_by_type": dict(events.most_common())}


def write_manifest(instance, world, folder: Path, cases: int, trainings: int, seed: int, run: dict) -> dict:
    """Count what the instance holds and write manifest.json beside its configuration."""
    store = instance.store
    manifest = {
        "seed": seed, "planned": {"cases": cases, "training_sessions": trainings, "organisations": world.organisations},
        "database": store.datastore.engine.url.render_as_string(hide_password=True),
        "counts": counts(store),
        "big_cases": big_cases(store, seed),
        "last_run": run,
        "logins": {"password": demo_password(),
                   "cities": {c: [f"{short}.{c}" for short in CITY_ROLES] for c in CITIES},
                   "national": [f"{short}.national" for short in NATIONAL_ROLES]},
        "ownership": {
            "cases": f"case i is in city {'/'.join(CITIES)}[i % 3]; a city's cases go to its workers in blocks of "
                     f"{CASES_PER_WORKER}: the demo worker worker.CITY has the first block (and the big case), "
                     "worker0001.CITY the next, and so on",
            "workers_per_city": workers_needed(cases),
            "coordinator": "coordinator.CITY opens most cases (a worker opens the rest and takes them on), accepts "
                           "referrals in, screens, moves phases, approves Oulu's assessments and closes cases",
            "network_manager": "network_manager.CITY keeps the city's organisations",
            "trainer": "trainer.CITY plans the city's sessions; worker.CITY asks for some of them",
        },
    }
    path = Path(folder) / "manifest.json"
    temporary = path.with_suffix(".tmp")
    text = json.dumps(manifest, indent=2, default=str)
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return json.loads(text)
